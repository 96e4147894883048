// Mesos's `DRFSorterTest.*` (src/tests/sorter_tests.cpp), restated. Per-agent calls
// are mapped to totals and per-client sums as described in ./helpers.ts. Shares are
// written out as alloc/total per name; the dominant one decides.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DRFSorter } from "../../allocators/sorters/drf-sorter.ts";
import { Q, addActive, make } from "./helpers.ts";

const drf = (exclude: readonly string[] = []) => make("drf", exclude);

test("DRFSorterTest.DRF: clients are sorted by dominant share; deactivated clients are skipped", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  assert.equal([...s.sort()], []);

  addActive(s, "a");
  s.allocated("a", Q("cpus:5;mem:5"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // a: 5/100 = .05, b: 6/100 = .06
  assert.equal([...s.sort()], ["a", "b"]);

  addActive(s, "c");
  s.allocated("c", Q("cpus:1;mem:1"));
  addActive(s, "d");
  s.allocated("d", Q("cpus:3;mem:1"));
  // a .05, b .06, c 1/100 = .01, d max(3/100, 1/100) = .03
  assert.equal([...s.sort()], ["c", "d", "a", "b"]);

  s.remove("a");
  s.unallocated("b", Q("cpus:4;mem:4"));
  // b: (6-4)/100 = .02, c .01, d .03
  assert.equal([...s.sort()], ["c", "b", "d"]);

  addActive(s, "e");
  s.allocated("e", Q("cpus:1;mem:5"));
  s.removeTotal(Q("cpus:100;mem:100")); // removeSlave + addSlave(cpus:50;mem:100)
  s.addTotal(Q("cpus:50;mem:100"));
  // b: 2/50 = .04, c: 1/50 = .02, d: 3/50 = .06, e: max(1/50, 5/100) = .05
  assert.equal([...s.sort()], ["c", "b", "e", "d"]);

  s.removeTotal(Q("cpus:50;mem:100"));
  s.addTotal(Q("cpus:50;mem:200"));
  addActive(s, "f");
  s.allocated("f", Q("cpus:5;mem:1"));
  s.allocated("c", Q("mem:15"));
  // b: 2/50 = .04, c: max(1/50, 16/200) = .08, d: 3/50 = .06, e: max(1/50, 5/200) = .025, f: 5/50 = .1
  assert.equal([...s.sort()], ["e", "b", "d", "c", "f"]);

  assert.ok(s.contains("b"));
  assert.not.ok(s.contains("a"));
  assert.is(s.count(), 5);

  s.deactivate("d");
  assert.ok(s.contains("d"));
  assert.equal([...s.sort()], ["e", "b", "c", "f"]);
  assert.is(s.count(), 5);

  s.activate("d");
  assert.equal([...s.sort()], ["e", "b", "d", "c", "f"]);
});

test("DRFSorterTest.WDRF: a share is divided by the client's weight", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "a");
  s.allocated("a", Q("cpus:5;mem:5"));
  addActive(s, "b");
  s.updateWeight("b", 2);
  s.allocated("b", Q("cpus:6;mem:6"));
  // a: .05, b: .06 / 2 = .03
  assert.equal([...s.sort()], ["b", "a"]);

  addActive(s, "c");
  s.allocated("c", Q("cpus:4;mem:4"));
  // a .05, b .03, c .04
  assert.equal([...s.sort()], ["b", "c", "a"]);

  addActive(s, "d");
  s.updateWeight("d", 10);
  s.allocated("d", Q("cpus:10;mem:20"));
  // d: max(.1, .2) / 10 = .02
  assert.equal([...s.sort()], ["d", "b", "c", "a"]);

  s.remove("b");
  assert.equal([...s.sort()], ["d", "c", "a"]);

  s.allocated("d", Q("cpus:10;mem:25"));
  // d: max(20/100, 45/100) / 10 = .045; a .05, c .04
  assert.equal([...s.sort()], ["c", "d", "a"]);

  addActive(s, "e");
  s.updateWeight("e", 0.1);
  s.allocated("e", Q("cpus:1;mem:1"));
  // e: .01 / .1 = .1
  assert.equal([...s.sort()], ["c", "d", "a", "e"]);

  s.remove("a");
  assert.equal([...s.sort()], ["c", "d", "e"]);
});

test("DRFSorterTest.UpdateWeight: a new weight reorders at the next sort", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "a");
  s.allocated("a", Q("cpus:5;mem:5"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // a .05, b .06
  assert.equal([...s.sort()], ["a", "b"]);
  s.updateWeight("b", 2);
  // b: .06 / 2 = .03
  assert.equal([...s.sort()], ["b", "a"]);
});

test("DRFSorterTest.AllocationCountTieBreak: equal shares are ordered by allocation count, which never decreases", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  for (const c of ["a", "b", "c", "d", "e"]) s.add(c, c);
  for (const c of ["a", "b", "c", "d", "e"]) s.activate(c);

  // Everyone holds cpus:3;mem:3 (share .03); c in three allocations, d in two.
  s.allocated("a", Q("cpus:3;mem:3"));
  s.allocated("b", Q("cpus:3;mem:3"));
  s.allocated("c", Q("cpus:1;mem:1"));
  s.allocated("c", Q("cpus:1;mem:1"));
  s.allocated("c", Q("cpus:1;mem:1"));
  s.allocated("d", Q("cpus:2;mem:2"));
  s.allocated("d", Q("cpus:1;mem:1"));
  s.allocated("e", Q("cpus:3;mem:3"));
  // counts {a,b,e} = 1, d = 2, c = 3; ties among a, b, e by path
  assert.equal([...s.sort()], ["a", "b", "e", "d", "c"]);

  // Unallocating does not reset the count: c has share 0 now and goes first.
  s.unallocated("c", Q("cpus:3;mem:3"));
  assert.equal([...s.sort()], ["c", "a", "b", "e", "d"]);

  s.allocated("c", Q("cpus:3;mem:3"));
  // c: .03, count 4
  assert.equal([...s.sort()], ["a", "b", "e", "d", "c"]);

  // Deactivating and reactivating does not reset it either.
  s.deactivate("c");
  s.activate("c");
  assert.equal([...s.sort()], ["a", "b", "e", "d", "c"]);

  s.unallocated("c", Q("cpus:3;mem:3"));
  s.allocated("c", Q("cpus:3;mem:3"));
  // c: count 5
  assert.equal([...s.sort()], ["a", "b", "e", "d", "c"]);

  // Allocations to an inactive client count too.
  s.deactivate("a");
  s.unallocated("a", Q("cpus:1;mem:3"));
  s.allocated("a", Q("cpus:1;mem:3"));
  // {b,e} = 1, d = 2, c = 5 (a inactive, count 2)
  assert.equal([...s.sort()], ["b", "e", "d", "c"]);
  s.activate("a");
  // a: share .03, count 2 ties with d (count 2) and precedes it by path
  assert.equal([...s.sort()], ["b", "e", "a", "d", "c"]);
});

/** The `DRF` sequence with every client renamed; `ShallowHierarchy` and `DeepHierarchy`. */
function hierarchyCase(name: (c: string) => string): void {
  const [a, b, c, d, e, f] = ["a", "b", "c", "d", "e", "f"].map(name) as [string, string, string, string, string, string];
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, a);
  s.allocated(a, Q("cpus:5;mem:5"));
  addActive(s, b);
  s.allocated(b, Q("cpus:6;mem:6"));
  // a .05, b .06
  assert.equal([...s.sort()], [a, b]);

  addActive(s, c);
  s.allocated(c, Q("cpus:1;mem:1"));
  addActive(s, d);
  s.allocated(d, Q("cpus:3;mem:1"));
  // a .05, b .06, c .01, d .03
  assert.equal([...s.sort()], [c, d, a, b]);

  s.remove(a);
  s.unallocated(b, Q("cpus:4;mem:4"));
  // b .02, c .01, d .03
  assert.equal([...s.sort()], [c, b, d]);

  addActive(s, e);
  s.allocated(e, Q("cpus:1;mem:5"));
  s.removeTotal(Q("cpus:100;mem:100"));
  s.addTotal(Q("cpus:50;mem:100"));
  // b 2/50 = .04, c 1/50 = .02, d 3/50 = .06, e max(1/50, 5/100) = .05
  assert.equal([...s.sort()], [c, b, e, d]);

  s.removeTotal(Q("cpus:50;mem:100"));
  s.addTotal(Q("cpus:50;mem:200"));
  addActive(s, f);
  s.allocated(f, Q("cpus:5;mem:1"));
  s.allocated(c, Q("mem:15"));
  // b .04, c 16/200 = .08, d .06, e 5/200 = .025 vs 1/50 = .02 → .025, f 5/50 = .1
  assert.equal([...s.sort()], [e, b, d, c, f]);

  assert.ok(s.contains(b));
  assert.not.ok(s.contains(a));
  assert.is(s.count(), 5);
  s.deactivate(d);
  assert.ok(s.contains(d));
  assert.equal([...s.sort()], [e, b, c, f]);
  assert.is(s.count(), 5);
  s.activate(d);
  assert.equal([...s.sort()], [e, b, d, c, f]);
}

test("DRFSorterTest.ShallowHierarchy: clients in disjoint branches sort as if flat", () => {
  hierarchyCase((x) => `${x}/${x}`);
});

test("DRFSorterTest.DeepHierarchy: clients at different depths in disjoint branches sort as if flat", () => {
  const paths: Record<string, string> = {
    a: "a/a/a/a/a",
    b: "b/b/b/b",
    c: "c/c/c",
    d: "d/d",
    e: "e/e/e/e/e/e",
    f: "f/f",
  };
  hierarchyCase((x) => paths[x] as string);
});

test("DRFSorterTest.HierarchicalAllocation: subtrees compete by their summed allocation", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  s.add("a", "a");
  s.add("b/c", "b/c");
  s.add("b/d", "b/d");
  s.activate("a");
  s.activate("b/c");
  s.activate("b/d");

  assert.is(s.count(), 3);
  assert.ok(s.contains("a"));
  assert.not.ok(s.contains("b")); // internal node, not a client
  assert.ok(s.contains("b/c"));
  assert.ok(s.contains("b/d"));
  // all 0: ties by count (0), then path: a < b
  assert.equal([...s.sort()], ["a", "b/c", "b/d"]);

  s.allocated("a", Q("cpus:6;mem:6"));
  // a .06, b 0
  assert.equal([...s.sort()], ["b/c", "b/d", "a"]);

  s.allocated("b/c", Q("cpus:4;mem:4"));
  s.allocated("b/d", Q("cpus:3;mem:3"));
  // a .06, b = (4+3)/100 = .07; inside b: b/d .03 < b/c .04
  assert.equal([...s.sort()], ["a", "b/d", "b/c"]);

  assert.ok(s.allocation("a").equals(Q("cpus:6;mem:6")));
  assert.ok(s.allocation("b/c").equals(Q("cpus:4;mem:4")));
  assert.ok(s.allocation("b/d").equals(Q("cpus:3;mem:3")));
  assert.ok(s.allocation("b").equals(Q("cpus:7;mem:7")));
  assert.ok(s.allocation("").equals(Q("cpus:13;mem:13"))); // allocationScalarQuantities()

  s.allocated("a", Q("cpus:2;mem:2"));
  // a .08 > b .07
  assert.equal([...s.sort()], ["b/d", "b/c", "a"]);

  s.add("b/e/f", "b/e/f");
  s.activate("b/e/f");
  assert.not.ok(s.contains("b/e"));
  assert.ok(s.contains("b/e/f"));
  // inside b: b/e 0 < b/d .03 < b/c .04
  assert.equal([...s.sort()], ["b/e/f", "b/d", "b/c", "a"]);

  s.allocated("b/e/f", Q("cpus:3.5;mem:3.5"));
  // b = (4+3+3.5)/100 = .105 > a .08; inside b: b/d .03 < b/e .035 < b/c .04
  assert.equal([...s.sort()], ["a", "b/d", "b/e/f", "b/c"]);

  s.remove("b/e/f");
  assert.not.ok(s.contains("b/e/f"));
  assert.is(s.count(), 3);
  // b back to .07 < a .08
  assert.equal([...s.sort()], ["b/d", "b/c", "a"]);

  // Mesos: update("b/c", cpus:4;mem:4 → cpus:1;mem:1); here the quantity difference.
  s.unallocated("b/c", Q("cpus:3;mem:3"));
  // b/c .01, b/d .03, b .04 < a .08
  assert.equal([...s.sort()], ["b/c", "b/d", "a"]);

  s.add("b/e/f", "b/e/f");
  s.activate("b/e/f");
  s.allocated("b/e/f", Q("cpus:3.5;mem:3.5"));
  // b = (1+3+3.5)/100 = .075 < a .08; inside b: .01 < .03 < .035
  assert.equal([...s.sort()], ["b/c", "b/d", "b/e/f", "a"]);
  assert.is(s.count(), 4);
});

test("DRFSorterTest.HierarchicalIterationOrder: sort() lists a whole subtree before the next sibling", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "a/b", "c", "d", "d/e");
  // all 0; top level a < c < d by path; inside d: d/. < d/e
  assert.equal([...s.sort()], ["a/b", "c", "d", "d/e"]);

  s.allocated("c", Q("cpus:8;mem:8"));
  // c .08 goes last
  assert.equal([...s.sort()], ["a/b", "d", "d/e", "c"]);

  s.allocated("d", Q("cpus:3;mem:3"));
  s.allocated("d/e", Q("cpus:2;mem:2"));
  // d subtree .05 < c .08; inside d: d/e .02 < d/. .03
  assert.equal([...s.sort()], ["a/b", "d/e", "d", "c"]);

  s.allocated("a/b", Q("cpus:6;mem:6"));
  // d .05 < a .06 < c .08
  assert.equal([...s.sort()], ["d/e", "d", "a/b", "c"]);
});

test("DRFSorterTest.AddChildToLeaf: a leaf with a child competes as a subtree; its own client has weight 1 inside it", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "a");
  s.allocated("a", Q("cpus:10;mem:10"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // b .06 < a .10
  assert.equal([...s.sort()], ["b", "a"]);

  addActive(s, "a/c");
  s.allocated("a/c", Q("cpus:5;mem:5"));
  // b .06 < a-subtree .15; inside a: a/c .05 < a/. .10
  assert.equal([...s.sort()], ["b", "a/c", "a"]);

  s.remove("a");
  assert.not.ok(s.contains("a"));
  // a-subtree now .05 < b .06
  assert.equal([...s.sort()], ["a/c", "b"]);

  addActive(s, "a");
  s.allocated("a", Q("cpus:10;mem:10"));
  assert.ok(s.contains("a"));
  assert.equal([...s.sort()], ["b", "a/c", "a"]);

  s.updateWeight("a/c", 0.2);
  // inside a: a/. .10 / 1 < a/c .05 / .2 = .25
  assert.equal([...s.sort()], ["b", "a", "a/c"]);

  s.updateWeight("a", 3);
  // a-subtree .15 / 3 = .05 < b .06; inside a unchanged
  assert.equal([...s.sort()], ["a", "a/c", "b"]);

  s.updateWeight("a/c", 1);
  // inside a: a/c .05 < a/. .10
  assert.equal([...s.sort()], ["a/c", "a", "b"]);
});

test("DRFSorterTest.AddChildToInternal: a client at an internal node competes with its siblings' subtrees inside it", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "x/a");
  s.allocated("x/a", Q("cpus:10;mem:10"));
  addActive(s, "x/b");
  s.allocated("x/b", Q("cpus:6;mem:6"));
  // x/b .06 < x/a .10
  assert.equal([...s.sort()], ["x/b", "x/a"]);

  addActive(s, "x");
  s.allocated("x", Q("cpus:7;mem:7"));
  // x/b .06 < x/. .07 < x/a .10
  assert.equal([...s.sort()], ["x/b", "x", "x/a"]);

  addActive(s, "z");
  s.allocated("z", Q("cpus:20;mem:20"));
  // z .20 < x-subtree .23
  assert.equal([...s.sort()], ["z", "x/b", "x", "x/a"]);

  s.remove("x");
  // x-subtree .16 < z .20
  assert.equal([...s.sort()], ["x/b", "x/a", "z"]);
});

test("DRFSorterTest.AddChildToInactiveLeaf: the new child is sorted, the inactive parent client is not", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  addActive(s, "a");
  s.allocated("a", Q("cpus:10;mem:10"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  s.deactivate("a");
  assert.equal([...s.sort()], ["b"]);

  addActive(s, "a/c");
  s.allocated("a/c", Q("cpus:5;mem:5"));
  // b .06 < a-subtree .15 (a/. inactive)
  assert.equal([...s.sort()], ["b", "a/c"]);
});

test("DRFSorterTest.ChangeWeightOnSubtree: a weight on an internal node scales the whole subtree's share", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100"));
  s.updateWeight("b", 3); // before the nodes exist
  s.updateWeight("a", 2);
  s.add("a/x", "a/x");
  s.add("b/y", "b/y");
  s.activate("a/x");
  s.activate("b/y");
  // both 0: a < b by path
  assert.equal([...s.sort()], ["a/x", "b/y"]);

  s.allocated("a/x", Q("cpus:10;mem:10"));
  s.allocated("b/y", Q("cpus:10;mem:10"));
  // a: .1 / 2 = .05, b: .1 / 3 = .0333
  assert.equal([...s.sort()], ["b/y", "a/x"]);

  addActive(s, "b/z");
  s.allocated("b/z", Q("cpus:5;mem:5"));
  // b: .15 / 3 = 0.049999… < a .1 / 2 = .05 (the double arithmetic decides); inside b: b/z .05 < b/y .1
  assert.ok(0.15 / 3 < 0.1 / 2);
  assert.equal([...s.sort()], ["b/z", "b/y", "a/x"]);

  addActive(s, "b");
  s.allocated("b", Q("cpus:4;mem:4"));
  // b: .19 / 3 = .0633 > a .05; inside b: b/. .04 < b/z .05 < b/y .1
  assert.equal([...s.sort()], ["a/x", "b", "b/z", "b/y"]);

  addActive(s, "a/zz");
  s.allocated("a/zz", Q("cpus:2;mem:2"));
  // a: .12 / 2 = .06 < b .0633; inside a: a/zz .02 < a/x .1
  assert.equal([...s.sort()], ["a/zz", "a/x", "b", "b/z", "b/y"]);
});

test("DRFSorterTest.SplitResourceShares: a resource split over several objects counts in full", () => {
  const s = drf();
  addActive(s, "a", "b");
  s.addTotal(Q("cpus:100;mem:100;disk:100"));
  s.allocated("a", Q("cpus:9;mem:9;disk:9"));
  // Mesos: b gets cpus:9;mem:9 plus two 5 MB volumes; their quantities sum to disk:10.
  s.allocated("b", Q("cpus:9;mem:9;disk:5").add(Q("disk:5")));
  // a: max(.09, .09, .09) = .09 < b: disk 10/100 = .1
  assert.equal([...s.sort()], ["a", "b"]);
});

test("DRFSorterTest.UpdateTotal: a new total reorders clients", () => {
  const s = drf();
  addActive(s, "a", "b");
  s.addTotal(Q("cpus:10;mem:100"));
  s.allocated("a", Q("cpus:2;mem:1")); // a: cpus 2/10 = .2
  s.allocated("b", Q("cpus:1;mem:2")); // b: cpus 1/10 = .1
  assert.equal([...s.sort()], ["b", "a"]);

  s.removeTotal(Q("cpus:10;mem:100"));
  s.addTotal(Q("cpus:100;mem:10"));
  // a: mem 1/10 = .1, b: mem 2/10 = .2
  assert.equal([...s.sort()], ["a", "b"]);
});

test("DRFSorterTest.MultipleSlavesUpdateTotal: replacing one agent's total reorders clients", () => {
  const s = drf();
  addActive(s, "a", "b");
  s.addTotal(Q("cpus:5;mem:50")); // agentA
  s.addTotal(Q("cpus:5;mem:50")); // agentB
  s.allocated("a", Q("cpus:2;mem:1")); // a: 2/10 = .2
  s.allocated("b", Q("cpus:1;mem:3")); // b: 1/10 = .1
  assert.equal([...s.sort()], ["b", "a"]);

  s.removeTotal(Q("cpus:5;mem:50"));
  s.addTotal(Q("cpus:95;mem:50"));
  // total cpus:100;mem:100 → a: max(.02, .01) = .02, b: max(.01, .03) = .03
  assert.equal([...s.sort()], ["a", "b"]);
});

test("DRFSorterTest.RemoveResources: shrinking the total and an allocation together reorders clients", () => {
  const s = drf();
  addActive(s, "a", "b");
  s.addTotal(Q("cpus:10"));
  s.allocated("a", Q("cpus:6")); // .6
  s.allocated("b", Q("cpus:4")); // .4
  assert.equal([...s.sort()], ["b", "a"]);

  // Mesos: the agent is re-added with cpus:5 and a's allocation is updated to cpus:1.
  s.removeTotal(Q("cpus:10"));
  s.addTotal(Q("cpus:5"));
  s.unallocated("a", Q("cpus:5"));
  // a: 1/5 = .2, b: 4/5 = .8
  assert.equal([...s.sort()], ["a", "b"]);
});

test("DRFSorterTest.RevocableResources: revocable resources count under their name", () => {
  const s = drf();
  addActive(s, "a", "b");
  // Mesos: cpus:10;mem:100 plus 10 revocable cpus; quantities are by name, so cpus:20.
  s.addTotal(Q("cpus:20;mem:100"));
  s.allocated("a", Q("cpus:2;mem:1")); // a: 2/20 = .1
  s.allocated("b", Q("cpus:10;mem:1")); // b: cpus:1 + revocable cpus:9 → 10/20 = .5
  assert.ok(s.allocation("a").equals(Q("cpus:2;mem:1")));
  assert.ok(s.allocation("b").equals(Q("cpus:10;mem:1")));
  assert.equal([...s.sort()], ["a", "b"]);
});

// The shared-resource tests: the total counts a shared volume once; a client's
// allocation counts it once per agent however many copies it holds. Our caller does
// that counting, so a second copy is allocated as nothing (the call still counts).
test("DRFSorterTest.SharedResources: a shared volume counts once in each client that holds it", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100;disk:1000")); // disk(role1):900 + shared disk 100
  addActive(s, "a");
  s.allocated("a", Q("cpus:5;mem:5;disk:100"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // a: disk 100/1000 = .1, b: cpus .06
  assert.equal([...s.sort()], ["b", "a"]);

  addActive(s, "c");
  s.allocated("c", Q("cpus:1;mem:1;disk:100"));
  // a .1, b .06, c .1; a and c tie on share and count (1): a < c
  assert.equal([...s.sort()], ["b", "a", "c"]);

  s.remove("a");
  s.unallocated("b", Q("cpus:4;mem:4"));
  // b .02, c .1
  assert.equal([...s.sort()], ["b", "c"]);

  addActive(s, "d");
  s.allocated("d", Q("cpus:1;mem:5;disk:100"));
  // b .02, c .1, d .1 (c < d by path)
  assert.equal([...s.sort()], ["b", "c", "d"]);
  assert.ok(s.contains("b"));
  assert.not.ok(s.contains("a"));
  assert.is(s.count(), 3);
});

test("DRFSorterTest.SameDominantSharedResourcesAcrossClients: a large shared volume makes clients tie", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100;disk:1000")); // disk(role1):100 + shared disk 900
  addActive(s, "b");
  s.allocated("b", Q("cpus:5;mem:20;disk:900"));
  addActive(s, "c");
  s.allocated("c", Q("cpus:10;mem:6;disk:900"));
  // b, c: disk 900/1000 = .9; tie → count 1 each → path
  assert.equal([...s.sort()], ["b", "c"]);

  addActive(s, "a");
  s.allocated("a", Q("cpus:50;mem:40;disk:900"));
  // a .9 too
  assert.equal([...s.sort()], ["a", "b", "c"]);
});

test("DRFSorterTest.SameSharedResourcesSameClient: more copies of a held shared volume do not change the share", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100;disk:1000")); // disk(role1):950 + shared disk 50
  addActive(s, "a");
  s.allocated("a", Q("cpus:2;mem:2;disk:50"));
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // a: disk 50/1000 = .05, b: .06
  assert.equal([...s.sort()], ["a", "b"]);

  s.allocated("a", Q("")); // three more copies of the same volume: nothing new to count
  assert.is(s.share("a"), 0.05);
  assert.equal([...s.sort()], ["a", "b"]);
});

test("DRFSorterTest.SharedResourcesUnallocated: a shared volume leaves the share with its last copy", () => {
  const s = drf();
  s.addTotal(Q("cpus:100;mem:100;disk:1000"));
  addActive(s, "a");
  s.allocated("a", Q("cpus:2;mem:2;disk:100")); // three copies, counted once
  addActive(s, "b");
  s.allocated("b", Q("cpus:6;mem:6"));
  // a: .1, b: .06
  assert.equal([...s.sort()], ["b", "a"]);

  s.unallocated("a", Q("")); // one copy back: two remain
  assert.equal([...s.sort()], ["b", "a"]);

  s.unallocated("a", Q("disk:100")); // the last two copies
  // a: .02 < b .06
  assert.equal([...s.sort()], ["a", "b"]);
});

test("fair_sharing_excluded_resource_names: excluded names do not count towards shares", () => {
  const s = drf(["gpus"]);
  s.addTotal(Q("cpus:100;mem:100;gpus:4"));
  addActive(s, "a", "b");
  s.allocated("a", Q("cpus:1;gpus:4")); // a: cpus .01 (gpus 4/4 excluded)
  s.allocated("b", Q("cpus:2")); // b: .02
  assert.equal([...s.sort()], ["a", "b"]);
  assert.is(s.share("a"), 0.01);
});

test("names absent from the total, or with a zero total, do not count", () => {
  const s = drf();
  s.addTotal(Q("cpus:10"));
  addActive(s, "a", "b");
  s.allocated("a", Q("cpus:1;mem:500")); // mem not in the total: a = .1
  s.allocated("b", Q("cpus:2")); // .2
  assert.equal([...s.sort()], ["a", "b"]);
  assert.is(s.share("a"), 0.1);
});

test("a client's share metric is its leaf's: a virtual leaf competes with weight 1", () => {
  const s = drf();
  s.addTotal(Q("cpus:100"));
  addActive(s, "a", "a/c");
  s.updateWeight("a", 4);
  s.allocated("a", Q("cpus:20"));
  s.allocated("a/c", Q("cpus:10"));
  assert.is(s.share("a"), 0.2); // a/. : 20/100, weight 1
  assert.is(s.share("a/c"), 0.1);
  assert.ok(s.allocation("a").equals(Q("cpus:20"))); // the client's own
  s.remove("a/c");
  // collapsed: a is a leaf again with weight 4: 20/100/4
  assert.is(s.share("a"), 0.05);
});

test("sort() returns the cached array while the order holds; a result survives one rebuild", () => {
  const s = new DRFSorter<string>();
  s.addTotal(Q("cpus:100"));
  for (const c of ["a", "b", "c"]) {
    s.add(c, c);
    s.activate(c);
  }
  s.allocated("a", Q("cpus:1"));
  // a .01; b, c 0 (count 0, by path)
  const first = s.sort();
  assert.equal([...first], ["b", "c", "a"]);
  assert.is(s.sort(), first);

  s.allocated("c", Q("")); // c: share 0, count 1: stays between b (count 0) and a
  assert.is(s.sort(), first);

  s.allocated("b", Q("cpus:0.5")); // b .005 now sorts after c (0)
  const second = s.sort();
  assert.is.not(second, first);
  assert.equal([...second], ["c", "b", "a"]);
  assert.equal([...first], ["b", "c", "a"]); // still intact after one rebuild
});

test.run();
