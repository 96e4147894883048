// Mesos's `RandomSorterTest.*`, with a fixed seed: the runs are deterministic, and
// the tolerances are ones a correct weighted shuffle meets with a wide margin
// (at 10 000 runs a frequency's standard deviation is at most .005).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RandomSorter } from "../../allocators/sorters/random-sorter.ts";
import { Q, addActive, make, seeded } from "./helpers.ts";

const RUNS = 10_000;

/** counts[i][j] / RUNS: how often client i came out at position j. */
function positionFrequencies(sort: () => readonly string[], clients: readonly string[]): number[][] {
  const counts = clients.map(() => clients.map(() => 0));
  for (let r = 0; r < RUNS; r++) {
    const order = sort();
    assert.is(order.length, clients.length);
    for (let j = 0; j < order.length; j++) {
      (counts[clients.indexOf(order[j] as string)] as number[])[j]! += 1;
    }
  }
  return counts.map((row) => row.map((c) => c / RUNS));
}

function assertNear(actual: number[][], expected: number[][], tolerance: number): void {
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < (expected[i] as number[]).length; j++) {
      const a = (actual[i] as number[])[j] as number;
      const e = (expected[i] as number[])[j] as number;
      assert.ok(Math.abs(a - e) <= tolerance, `position [${i}][${j}]: ${a} is not within ${tolerance} of ${e}`);
    }
  }
}

test("RandomSorterTest.ProbabilityDistribution: clients come first in proportion to their weights", () => {
  const s = make("random", [], 20240601);
  const clients = ["0", "1", "2", "3", "4"];
  clients.forEach((c, i) => {
    addActive(s, c);
    s.updateWeight(c, i + 1);
  });
  const freq = positionFrequencies(() => s.sort(), clients);
  // Mesos's table (item i at position j), from a long weighted-shuffle run; ±.05 as in Mesos.
  assertNear(
    freq,
    [
      [0.07, 0.08, 0.12, 0.2, 0.54],
      [0.13, 0.16, 0.2, 0.28, 0.23],
      [0.2, 0.22, 0.24, 0.22, 0.12],
      [0.27, 0.26, 0.23, 0.17, 0.07],
      [0.33, 0.28, 0.21, 0.13, 0.04],
    ],
    0.05,
  );
  // First place exactly: w / Σw = 1/15, 2/15, 3/15, 4/15, 5/15 (±.02, 4σ).
  for (let i = 0; i < 5; i++) {
    assert.ok(Math.abs((freq[i] as number[])[0]! - (i + 1) / 15) <= 0.02, `client ${i} first`);
  }
});

test("RandomSorterTest.HierarchicalProbabilityDistribution: relative weights multiply down the tree", () => {
  // a(1) {a/.(1), a/b(2)}, c(2) {c/d(1), c/e(2)}
  const s = make("random", [], 7);
  const clients = ["a", "a/b", "c/d", "c/e"];
  addActive(s, ...clients);
  for (const [p, w] of [["a", 1], ["a/b", 2], ["c", 2], ["c/d", 1], ["c/e", 2]] as const) s.updateWeight(p, w);
  const freq = positionFrequencies(() => s.sort(), clients);
  assertNear(
    freq,
    [
      [0.11, 0.15, 0.23, 0.51],
      [0.22, 0.27, 0.3, 0.21],
      [0.22, 0.27, 0.3, 0.21],
      [0.44, 0.31, 0.18, 0.07],
    ],
    0.05,
  );
  // First place: a = 1/3 · 1/3 = 1/9, a/b = 1/3 · 2/3 = 2/9, c/d = 2/3 · 1/3 = 2/9, c/e = 2/3 · 2/3 = 4/9.
  const first = [1 / 9, 2 / 9, 2 / 9, 4 / 9];
  first.forEach((p, i) => assert.ok(Math.abs((freq[i] as number[])[0]! - p) <= 0.02, `${clients[i]} first`));
});

test("subtrees without an active leaf take no weight", () => {
  // c's subtree has only an inactive client: a and b split first place evenly.
  const s = make("random", [], 11);
  addActive(s, "a", "b");
  s.add("c/x", "c/x");
  s.updateWeight("c", 100);
  const freq = positionFrequencies(() => s.sort(), ["a", "b"]);
  assert.ok(Math.abs((freq[0] as number[])[0]! - 0.5) <= 0.02);
});

test("the same seed gives the same permutations; allocations do not change them", () => {
  const run = (allocate: boolean) => {
    const s = new RandomSorter<string>(seeded(99));
    s.addTotal(Q("cpus:10"));
    for (const c of ["x", "y", "z", "w/v"]) {
      s.add(c, c);
      s.activate(c);
    }
    const out: string[][] = [];
    for (let i = 0; i < 20; i++) {
      if (allocate) s.allocated("x", Q("cpus:0.1"));
      out.push([...s.sort()]);
    }
    return out;
  };
  assert.equal(run(false), run(true));
});

test("a permutation does not depend on the order clients were added in", () => {
  const order = (paths: string[]) => {
    const s = new RandomSorter<string>(seeded(5));
    for (const p of paths) {
      s.add(p, p);
      s.activate(p);
    }
    return [...s.sort()];
  };
  assert.equal(order(["a", "b", "c/d", "c/e"]), order(["c/e", "b", "c/d", "a"]));
});

test("each sort() returns a new array; earlier results stay intact", () => {
  const s = new RandomSorter<string>(seeded(3));
  for (const c of ["a", "b", "c", "d", "e"]) {
    s.add(c, c);
    s.activate(c);
  }
  const first = s.sort();
  const copy = [...first];
  for (let i = 0; i < 10; i++) s.sort();
  assert.equal([...first], copy);
});

test.run();
