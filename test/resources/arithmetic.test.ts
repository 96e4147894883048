// Value arithmetic: fixed-point scalars, coalescing ranges and sets.
// Mesos's `ResourcesTest.Scalar*`, `Ranges*`, `Set*`, `Precision*` and
// `ValuesTest.*` (src/tests/resources_tests.cpp, values_tests.cpp).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { coalesce, rangesDifference, rangesUnion, rangesContain, rangesWidth } from "../../allocators/resources/ranges.ts";
import { toMilli } from "../../allocators/resources/quantities.ts";
import { ResourceParseError } from "../../allocators/resources/resource-parse.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { P, R, eq, ne, sum, throwsA } from "./helpers.ts";

/** The ranges of `ports` in a text value, as Mesos's `values::parse(text)->ranges()`. */
const ranges = (text: string): readonly number[] => P("ports", text).items[0]?.ranges ?? [];

test("ResourcesTest.ScalarEquals: equal scalars are equal; different roles are not", () => {
  const r1 = sum(P("cpus", "3"), P("mem", "3072"));
  const r2 = sum(P("cpus", "3"), P("mem", "3072"));
  assert.not.ok(r1.isEmpty());
  eq(r1, r2);
  ne(P("cpus", "3", "role1"), P("cpus", "3", "role2"));
});

test("ResourcesTest.ScalarSubset", () => {
  const r1 = sum(P("cpus", "1"), P("mem", "3072"));
  const r2 = sum(P("cpus", "1"), P("mem", "4096"));
  assert.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r2));
});

test("ResourcesTest.ScalarSubset2: containment respects the reservation role", () => {
  const r1 = P("cpus", "1", "role1");
  const r2 = P("cpus", "1", "role2");
  const r3 = P("cpus", "3", "role1");
  assert.not.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r2));
  assert.not.ok(r1.contains(r3));
  assert.not.ok(r2.contains(r3));
  assert.not.ok(r3.contains(r2));
  assert.ok(r3.contains(r1));
});

test("ResourcesTest.ScalarAddition: sums by name", () => {
  const r1 = sum(P("cpus", "1"), P("mem", "5"));
  const r2 = sum(P("cpus", "2"), P("mem", "10"));
  const s = r1.plus(r2);
  assert.is(s.size, 2);
  assert.is(s.scalar("cpus"), 3);
  assert.is(s.scalar("mem"), 15);
  eq(s, r2.plus(r1));
});

test("ResourcesTest.ScalarAddition2: only same-role scalars merge", () => {
  const r1 = sum(P("cpus", "1", "role1"), P("cpus", "3", "role2"));
  const s = r1.plus(P("cpus", "5", "role1"));
  assert.is(s.size, 2);
  assert.is(s.scalar("cpus"), 9); // 1 + 3 + 5
  eq(s, R("cpus(role1):6;cpus(role2):3"));
});

test("ResourcesTest.ScalarSubtraction", () => {
  const r1 = sum(P("cpus", "50"), P("mem", "4096"));
  const r2 = sum(P("cpus", "0.5"), P("mem", "1024"));
  const diff = r1.minus(r2);
  assert.is(diff.scalar("cpus"), 49.5);
  assert.is(diff.scalar("mem"), 3072);
  assert.ok(r1.minus(r1).isEmpty());
});

test("ResourcesTest.ScalarSubtraction2: subtraction only takes from the same role", () => {
  const r1 = sum(P("cpus", "5", "role1"), P("cpus", "3", "role2"));
  const diff = r1.minus(P("cpus", "1", "role1"));
  assert.is(diff.size, 2);
  assert.is(diff.scalar("cpus"), 7);
  eq(diff, R("cpus(role1):4;cpus(role2):3"));
});

test("ResourcesTest.ScalarSubtraction: over-subtracting removes the resource (never negative)", () => {
  // 1 - 2 would be -1: Mesos drops a resource that goes negative.
  assert.ok(R("cpus:1").minus(R("cpus:2")).isEmpty());
  eq(R("cpus:1;mem:5").minus(R("cpus:2")), R("mem:5"));
});

test("ResourcesTest.ScalarSubtraction: removing an item moves the last one into its place (Mesos's swap and pop)", () => {
  const r = R("cpus:1;mem:2;disk:3;gpus:4").minus(R("cpus:1"));
  assert.is(r.toString(), "gpus:4; mem:2; disk:3");
  assert.is(r.minus(R("disk:3")).toString(), "gpus:4; mem:2");
});

test("ResourcesTest.RangesEquals: coalesced and split ranges are equal", () => {
  eq(P("ports", "[20-40]"), P("ports", "[20-30, 31-39, 40-40]"));
});

test("ResourcesTest.RangesSubset", () => {
  const r1 = P("ports", "[2-2, 4-5]");
  const r2 = P("ports", "[1-10]");
  const r3 = P("ports", "[2-3]");
  const r4 = P("ports", "[1-2, 4-6]");
  const r5 = P("ports", "[1-4, 5-5]");
  assert.is(r1.items[0]?.ranges.length, 4); // two ranges
  assert.is(r5.items[0]?.ranges.length, 2); // [1-4, 5-5] coalesces to one
  assert.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r2));
  assert.not.ok(r3.contains(r1));
  assert.not.ok(r1.contains(r3));
  assert.ok(r2.contains(r3));
  assert.not.ok(r3.contains(r2));
  assert.ok(r4.contains(r1));
  assert.ok(r2.contains(r4));
  assert.ok(r5.contains(r1));
  assert.not.ok(r1.contains(r5));
});

test("ResourcesTest.RangesAddition", () => {
  const r = P("ports", "[20000-40000]").plus(P("ports", "[30000-50000, 10000-20000]"));
  assert.equal(r.items[0]?.ranges, ranges("[10000-50000]"));
});

test("ResourcesTest.RangesAddition2", () => {
  const r = P("ports", "[1-10, 5-30, 50-60]").plus(P("ports", "[1-65, 70-80]"));
  assert.equal(r.items[0]?.ranges, ranges("[1-65, 70-80]"));
});

test("ResourcesTest.RangesAddition3: adjacent ranges coalesce", () => {
  const r1 = P("ports", "[1-2]").plus(P("ports", "[3-4]"));
  assert.equal(r1.items[0]?.ranges, [1, 4]);
  const r2 = P("ports", "[7-8]").plus(P("ports", "[5-6]"));
  assert.equal(r2.items[0]?.ranges, [5, 8]);
  assert.equal(r2.plus(r1).items[0]?.ranges, [1, 8]);
});

test("ResourcesTest.RangesAddition4", () => {
  const r = P("ports", "[1-4, 9-10, 20-22, 26-30]").plus(P("ports", "[5-8, 23-25]"));
  assert.equal(r.items[0]?.ranges, ranges("[1-10, 20-30]"));
});

test("ResourcesTest.RangesSubtraction", () => {
  const r = P("ports", "[20000-40000]").minus(P("ports", "[10000-20000, 30000-50000]"));
  assert.equal(r.items[0]?.ranges, [20001, 29999]);
});

test("ResourcesTest.RangesSubtraction1", () => {
  assert.equal(P("ports", "[50000-60000]").minus(P("ports", "[50000-50001]")).items[0]?.ranges, [50002, 60000]);
});

test("ResourcesTest.RangesSubtraction2", () => {
  assert.equal(P("ports", "[50000-60000]").minus(P("ports", "[50000-50000]")).items[0]?.ranges, [50001, 60000]);
});

test("ResourcesTest.RangesSubtraction3: free = total - (offered + used)", () => {
  const free = R("ports:[50000-60000]").minus(R("").plus(R("ports:[50000-50001]")));
  assert.equal(free.items[0]?.ranges, [50002, 60000]);
});

test("ResourcesTest.RangesSubtraction4: subtracting everything leaves nothing", () => {
  const all = R("ports:[50000-60000]");
  const left = Resources.EMPTY.plus(all).minus(all);
  assert.ok(left.isEmpty());
  assert.ok(left.get("ports").isEmpty());
});

test("ResourcesTest.RangesSubtraction5", () => {
  const r = P("ports", "[1-10, 20-30, 40-50]").minus(P("ports", "[2-9, 15-45, 48-50]"));
  assert.equal(r.items[0]?.ranges, ranges("[1-1, 10-10, 46-47]"));
});

test("ResourcesTest.RangesSubtraction6: subtracting disjoint ranges changes nothing", () => {
  assert.equal(P("ports", "[1-10]").minus(P("ports", "[11-20]")).items[0]?.ranges, [1, 10]);
});

test("ResourcesTest.RangesOverlapping: overlapping text ranges coalesce; their quantity is their width", () => {
  const r = R("ports:[1-3,2-5]");
  assert.equal(r.items[0]?.ranges, [1, 5]);
  assert.is(r.quantities().toString(), "ports:5"); // 1..5 is 5 ports
  assert.is(rangesWidth(ranges("[31000-32000]")), 1001);
});

test("ResourcesTest.SetEquals", () => {
  eq(P("disks", "{sda1}"), P("disks", "{sda1}"));
  eq(P("disks", "{sda2,sda1}"), P("disks", "{sda1,sda2}")); // order of items does not matter
});

test("ResourcesTest.SetSubset", () => {
  const r1 = P("disks", "{sda1,sda2}");
  const r2 = P("disks", "{sda1,sda3,sda4,sda2}");
  assert.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r2));
});

test("ResourcesTest.SetAddition: union of items", () => {
  const r = P("disks", "{sda1,sda2,sda3}").plus(P("disks", "{sda1,sda2,sda3,sda4}"));
  assert.is(r.items[0]?.set.length, 4);
});

test("ResourcesTest.SetSubtraction", () => {
  const r = P("disks", "{sda1,sda2,sda3,sda4}").minus(P("disks", "{sda2,sda3,sda4}"));
  assert.equal(r.items[0]?.set, ["sda1"]);
});

test("ResourcesTest.EmptyUnequal", () => {
  ne(R(""), R("cpus:2"));
});

test("ResourcesTest.PrecisionSimple: 1.001 survives + and -", () => {
  const cpu = R("cpus:1.001");
  assert.is(cpu.scalar("cpus"), 1.001);
  const r1 = cpu.plus(cpu).plus(cpu).minus(cpu).minus(cpu);
  eq(r1, cpu);
  assert.is(r1.scalar("cpus"), 1.001);
  eq(cpu.minus(R("cpus:0")), cpu);
  eq(cpu.plus(R("cpus:0")), cpu);
});

test("ResourcesTest.PrecisionManyOps", () => {
  const start = R("cpus:1.001");
  let current = start;
  for (let i = 0; i < 2500; i++) {
    const next = current.plus(current).plus(current).minus(current).minus(current);
    assert.is(next.scalar("cpus"), 1.001);
    current = next;
  }
  eq(current, start);
});

test("ResourcesTest.PrecisionManyConsecutiveOps", () => {
  const start = R("cpus:1.001");
  let current = start;
  for (let i = 0; i < 100000; i++) current = current.plus(start);
  for (let i = 0; i < 100000; i++) current = current.minus(start);
  eq(current, start);
});

test("ResourcesTest.PrecisionLost: 1.5011 is 1.501", () => {
  const cpu = R("cpus:1.5011");
  assert.is(cpu.scalar("cpus"), 1.501);
  eq(cpu.plus(cpu).plus(cpu).minus(cpu).minus(cpu), cpu);
});

test("ResourcesTest.PrecisionRounding: 1.5015 rounds to 1.502", () => {
  const cpu = R("cpus:1.5015");
  assert.is(cpu.scalar("cpus"), 1.502);
  eq(cpu.plus(cpu).plus(cpu).minus(cpu).minus(cpu), cpu);
});

test("ResourcesTest.ScalarEquals: fixed point makes 0.1 + 0.2 == 0.3 and 0.0004 == 0", () => {
  eq(R("cpus:0.1").plus(R("cpus:0.2")), R("cpus:0.3")); // doubles would give 0.30000000000000004
  assert.is(toMilli(0.0004), 0);
  assert.is(toMilli(0.0005), 1); // half rounds away from zero, like llround
  assert.is(toMilli(-0.0005), -1);
  assert.is(toMilli(1.2345), 1235);
});

test("ValuesTest.ValidInput: scalar, ranges and set values", () => {
  assert.is(R("x:45.55").items[0]?.scalar, 45550);
  assert.equal(ranges("[10000-20000, 30000-50000]"), [10000, 20000, 30000, 50000]);
  assert.equal(R("x:{sda1, sda2}").items[0]?.set, ["sda1", "sda2"]);
  // "123abc,s", "inf" and "nan" are TEXT in Mesos, which no resource may be.
  for (const v of ["123abc,s", "inf", "-inf", "infinity", "nan", "-nan"]) throwsA(() => R(`x:${v}`), ResourceParseError, undefined, v);
});

test("ValuesTest.InvalidInput: unbalanced brackets, bad bounds, blanks and subnormals", () => {
  for (const v of ["{aa,b}}", "[1-2]]", "[1-2b]", "  ", "7.63918e-313", "-7.63918e-313"]) {
    throwsA(() => R(`x:${v}`), ResourceParseError, undefined, v);
  }
});

test("ValuesTest.SetSubtraction: subtracting items not there is a no-op", () => {
  assert.equal(P("s", "{sda1, sda2, sda3}").minus(P("s", "{sda2, sda3}")).items[0]?.set, ["sda1"]);
  assert.equal(P("s", "{sda4}").minus(P("s", "{sda1}")).items[0]?.set, ["sda4"]);
});

test("ValuesTest.RangesParse", () => {
  assert.equal(ranges("[1-10]"), [1, 10]);
});

test("ValuesTest.RangesCoalesce", () => {
  assert.equal(coalesce([[1, 4], [3, 5], [7, 8], [8, 10]]), [1, 5, 7, 10]);
});

test("ValuesTest.RangesCoalesceParse", () => {
  assert.equal(ranges("[4-6, 6-8, 5-9, 3-4, 2-5, 4-6, 1-1, 10-10, 4-6]"), [1, 10]);
  assert.equal(ranges("[4-6, 6-8]"), [4, 8]);
  assert.equal(ranges("[6-8, 4-6]"), [4, 8]);
  assert.equal(ranges("[1-10, 8-10]"), [1, 10]);
  assert.equal(ranges("[1-11, 8-10]"), [1, 11]);
  assert.equal(ranges("[1-4, 4-5, 7-8, 8-10]"), [1, 5, 7, 10]);
  assert.equal(ranges("[7-8, 1-4, [8-10], 4-5]"), [1, 5, 7, 10]); // balanced inner brackets are ignored
  assert.equal(ranges("[4-6, 7-8]"), [4, 8]);
  assert.equal(ranges("[4-6, 7-7]"), [4, 7]);
  assert.equal(ranges("[4-6, 7-7, 8-8, 9-9]"), [4, 9]);
  assert.equal(ranges("[4-6, 7-7, 9-10, 9-11]"), [4, 7, 9, 11]);
  assert.equal(ranges("[6-8, 6-8, 4-6, 6-8]"), [4, 8]);
});

test("ValuesTest.AddRangeCoalesce", () => {
  let r = rangesUnion([1, 4, 8, 10], [4, 8]);
  assert.equal(r, [1, 10]);
  r = rangesUnion(r, [5, 7]);
  assert.equal(r, [1, 10]);
  r = rangesUnion(r, [20, 21]);
  assert.equal(r, [1, 10, 20, 21]);
});

test("ValuesTest.RangesAddition", () => {
  const add = (a: string, b: string) => rangesUnion(ranges(a), ranges(b));
  assert.equal(add("[3-8]", "[4-10]"), [3, 10]);
  assert.equal(add("[3-8]", "[1-4]"), [1, 8]);
  assert.equal(add("[2-3]", "[1-4]"), [1, 4]);
  assert.equal(add("[2-3]", "[4-6]"), [2, 6]);
  assert.equal(add("[3-5]", "[1-2]"), [1, 5]);
  assert.equal(add("[3-5, 7-8]", "[6-6]"), [3, 8]);
  assert.equal(add("[1-4, 9-10, 20-22, 26-30]", "[5-8, 23-25]"), [1, 10, 20, 30]);
});

test("ValuesTest.RangesSubtraction", () => {
  const sub = (a: readonly number[], b: readonly number[]) => rangesDifference(a, b);
  assert.equal(sub([], [1, 10]), []);
  assert.equal(sub([3, 8], []), [3, 8]);
  assert.equal(sub([3, 8], [1, 10]), []);
  assert.equal(sub([3, 8], [3, 5]), [6, 8]);
  assert.equal(sub([3, 8], [5, 8]), [3, 4]);
  assert.equal(sub([3, 8], [5, 6]), [3, 4, 7, 8]);
  assert.equal(sub([3, 8], [1, 3]), [4, 8]);
  assert.equal(sub([3, 8], [5, 10]), [3, 4]);
  assert.equal(sub([3, 8], [9, 10]), [3, 8]);
  assert.equal(sub([3, 8], [1, 2]), [3, 8]);
  assert.ok(rangesContain([1, 10], [3, 4, 7, 8]));
  assert.not.ok(rangesContain([1, 5, 7, 10], [5, 7]));
});

test.run();
