// The one-pass merge in rangesUnion must agree with sorting and coalescing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { coalesce, rangesContain, rangesDifference, rangesUnion, toPairs } from "../../allocators/resources/ranges.ts";

const ranges = fc
  .array(fc.tuple(fc.nat(60), fc.nat(6)), { maxLength: 8 })
  .map((ps) => coalesce(ps.map(([b, w]) => [b, b + w] as [number, number])));

test("rangesUnion equals coalesce of both lists, and contains both", () => {
  fc.assert(
    fc.property(ranges, ranges, (a, b) => {
      const u = rangesUnion(a, b);
      assert.equal(u, coalesce([...toPairs(a), ...toPairs(b)]));
      assert.ok(rangesContain(u, a) && rangesContain(u, b));
      assert.equal(rangesUnion(rangesDifference(u, b), b), u);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test.run();
