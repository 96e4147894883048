import { test } from "uvu";
import * as assert from "uvu/assert";
import { RandomSource, randomInt } from "../common/random-source.ts";

const draw = (s: () => number, n: number) => Array.from({ length: n }, s);

test("the same seed and name give the same sequence", () => {
  const a = new RandomSource(42).stream("allocator/shuffle");
  const b = new RandomSource(42).stream("allocator/shuffle");
  assert.equal(draw(a, 100), draw(b, 100));
});

test("a new stream never shifts the numbers another stream gives", () => {
  const alone = new RandomSource(7);
  const expected = draw(alone.stream("sim/failures"), 50);

  const crowded = new RandomSource(7);
  const other = crowded.stream("allocator/shuffle");
  draw(other, 1000); // another consumer draws heavily first...
  crowded.stream("sim/new-consumer"); // ...and yet another is added
  const got = draw(crowded.stream("sim/failures"), 50);
  assert.equal(got, expected);
});

test("streams with different names or seeds differ", () => {
  const s = new RandomSource(1);
  assert.not.equal(draw(s.stream("a"), 10), draw(s.stream("b"), 10));
  assert.not.equal(draw(new RandomSource(1).stream("a"), 10), draw(new RandomSource(2).stream("a"), 10));
});

test("asking twice for a name continues the same stream", () => {
  const s = new RandomSource(3);
  const first = s.stream("x")();
  const second = s.stream("x")();
  const fresh = RandomSource.fresh(3, "x");
  assert.is(first, fresh());
  assert.is(second, fresh());
});

test("numbers are uniform in [0, 1) (chi-square over 10 bins)", () => {
  const rng = new RandomSource(9).stream("uniform");
  const bins = new Array<number>(10).fill(0);
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const x = rng();
    assert.ok(x >= 0 && x < 1);
    bins[Math.floor(x * 10)]!++;
  }
  const e = n / 10;
  const chi2 = bins.reduce((acc, o) => acc + ((o - e) * (o - e)) / e, 0);
  assert.ok(chi2 < 27.88, `chi2 ${chi2}`); // p = 0.001 critical value, 9 dof
  assert.ok(randomInt(rng, 5) < 5);
});

test.run();
