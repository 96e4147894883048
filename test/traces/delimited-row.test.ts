// The zero-split row parser of the task_events hot path must agree exactly with
// Number() (its fast path is Clinger's: digits / 10^k, both exact, is correctly
// rounded), and must reject what the split-based parsers reject.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BadField } from "../../traces/input/bad-field.ts";
import { DelimitedRow } from "../../traces/input/delimited-row.ts";

test("property: decimal fields parse to exactly Number()'s value", () => {
  const r = new DelimitedRow(1, "t");
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 15 }), (d, k) => {
      const s = d.toFixed(k);
      r.load(s);
      assert.is(r.number(0, "x"), Number(s));
    }),
    { numRuns: 20000 },
  );
  for (const s of ["0.0625", "12", "1e3", "-1", ".5", "0.000000000000001", "123456789012345678"]) {
    r.load(s);
    assert.is(r.number(0, "x"), Number(s), s);
  }
});

test("bad numbers, and wrong field counts are BadFields with the field number", () => {
  const r = new DelimitedRow(3, "t");
  r.load("1,abc,3");
  assert.throws(() => r.number(1, "second"), (e: unknown) => e instanceof BadField && e.field === 2 && /not a number: "abc"/.test(e.why));
  // "2." is a number to Number() and so to the split-based parsers; it stays one here.
  r.load("1,2.,3");
  assert.is(r.number(1, "second"), 2);
  assert.throws(() => r.load("1,2"), (e: unknown) => e instanceof BadField && /expected 3 fields for t, found 2/.test(e.why));
  assert.throws(() => r.load("1,2,3,4"), (e: unknown) => e instanceof BadField && /found 4/.test(e.why));
  r.load("1,,-3");
  assert.is(r.number(1, "second"), null);
  assert.throws(() => r.amount(2, "third"), (e: unknown) => e instanceof BadField && /negative request: -3/.test(e.why));
});

test.run();
