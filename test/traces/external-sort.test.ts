// The canonical order is a function of content only: whatever order records are
// pushed in, and whether or not the sort spills to disk, the output is the same.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ExternalSorter, lineTime } from "../../traces/external-sort.ts";
import { convertAndRead, FIXTURES, REAL, scratchDir } from "./helpers.ts";

test("lineTime reads the leading time of a canonical line", () => {
  assert.is(lineTime('{"time":0,"type":"job"}'), 0);
  assert.is(lineTime('{"time":2678251683489,"type":"machine"}'), 2678251683489);
});

test("property: spilled and in-memory sorts agree, and equal times order by line text", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.string({ maxLength: 6 })), { maxLength: 300 }), (items) => {
      const lines = items.map(([t, s]) => `{"time":${t},${JSON.stringify(s)}}`);
      const dir = scratchDir();
      const small = new ExternalSorter(dir, 512); // spills every few lines
      const big = new ExternalSorter(dir);
      for (const l of lines) small.push(lineTime(l), l);
      for (const l of [...lines].reverse()) big.push(lineTime(l), l);
      const a = Array.from(small.drain(), (b) => b.toString());
      const b = Array.from(big.drain(), (x) => x.toString());
      small.cleanup();
      big.cleanup();
      assert.equal(a, b);
      for (let i = 1; i < a.length; i++) {
        const p = a[i - 1] as string;
        const q = a[i] as string;
        assert.ok(lineTime(p) < lineTime(q) || (lineTime(p) === lineTime(q) && p <= q));
      }
    }),
    { numRuns: 60 },
  );
});

test("more runs than the merge fan-in are pre-merged, and the result is still exact", () => {
  const dir = scratchDir();
  const s = new ExternalSorter(dir, 256);
  const expected: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = (i * 7919) % 1000;
    expected.push(`{"time":${t},"n":${String(i).padStart(5, "0")}}`);
  }
  for (const l of expected) s.push(lineTime(l), l);
  const got = Array.from(s.drain(), (b) => b.toString());
  assert.ok(s.spilledRuns > 64, `spilled ${s.spilledRuns}`);
  s.cleanup();
  expected.sort((a, b) => lineTime(a) - lineTime(b) || (a < b ? -1 : 1));
  assert.equal(got, expected);
});

test("a conversion that spills gives the same bytes as one that does not", async () => {
  const input = [join(REAL, "google-2019/cell_a/machine_events-000000000000.json.gz")];
  const dir = scratchDir();
  const { convertTrace } = await import("../../traces/convert-trace.ts");
  const { DEFAULT_REFERENCE_MACHINE } = await import("../../traces/reference-machine.ts");
  const a = await convertTrace({ format: "google-2019", inputs: input, out: join(dir, "a.jsonl"), reference: DEFAULT_REFERENCE_MACHINE });
  const b = await convertTrace({ format: "google-2019", inputs: input, out: join(dir, "b.jsonl"), reference: DEFAULT_REFERENCE_MACHINE, sortBufferBytes: 1 << 20 });
  assert.is(a.spilledRuns, 0);
  assert.ok(b.spilledRuns > 5);
  assert.ok(readFileSync(join(dir, "a.jsonl")).equals(readFileSync(join(dir, "b.jsonl"))));
});

test("convert output is deterministic and gzip output holds the same text", async () => {
  const a = await convertAndRead("google-2011", [join(FIXTURES, "google-2011")]);
  const b = await convertAndRead("google-2011", [join(FIXTURES, "google-2011")]);
  assert.equal(a.records, b.records);
  assert.is(a.records.length, 4 + 4 + 1);
  const dir = scratchDir();
  const { convertTrace } = await import("../../traces/convert-trace.ts");
  const { DEFAULT_REFERENCE_MACHINE } = await import("../../traces/reference-machine.ts");
  const { gunzipSync } = await import("node:zlib");
  const opts = { format: "swf" as const, inputs: [join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz")], reference: DEFAULT_REFERENCE_MACHINE };
  await convertTrace({ ...opts, out: join(dir, "x.jsonl") });
  await convertTrace({ ...opts, out: join(dir, "x.jsonl.gz") });
  await convertTrace({ ...opts, out: join(dir, "y.jsonl.gz") });
  assert.ok(gunzipSync(readFileSync(join(dir, "x.jsonl.gz"))).equals(readFileSync(join(dir, "x.jsonl"))));
  assert.ok(readFileSync(join(dir, "x.jsonl.gz")).equals(readFileSync(join(dir, "y.jsonl.gz"))));
});

test.run();
