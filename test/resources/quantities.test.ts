// ResourceQuantities, ResourceLimits and shrinking: Mesos's `QuantitiesTest`,
// `LimitsTest` (src/tests/resource_quantities_tests.cpp) and
// `ResourcesTest.ContainsResourceQuantities`, `ShrinkToQuantities`, `ShrinkToLimits`.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Limits, QuantityParseError, Quantities } from "../../allocators/resources/quantities.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { shrinkToLimits, shrinkToQuantities } from "../../allocators/resources/shrink.ts";
import { RandomSource } from "../../common/random-source.ts";
import { D, L, Q, R, diskResource, dynamicRes, eq, mountSource, reservedResource, sum, throwsA } from "./helpers.ts";

const rng = () => new RandomSource(1).stream("test");

test("QuantitiesTest.FromStringValid: trimmed, sorted by name, zeros dropped, duplicates summed", () => {
  assert.is(Q("cpus:10").toString(), "cpus:10");
  assert.is(Q("cpus:3.14").toString(), "cpus:3.14");
  assert.equal(Q(" cpus : 3.14 ; disk : 10 ").entries(), [["cpus", 3.14], ["disk", 10]]);
  assert.ok(Q("cpus:0").isEmpty());
  assert.equal(Q("ports:3;cpus:10.5").entries(), [["cpus", 10.5], ["ports", 3]]);
  assert.equal(Q("ports:3;cpus:1;cpus:10.5").entries(), [["cpus", 11.5], ["ports", 3]]);
});

test("QuantitiesTest.FromStringInvalid", () => {
  for (const s of ["cpus:a10", "cpus:3.14c", "ports:3,cpus:1", "ports:3,cpus:-1", "cpus:nan", "cpus:-nan", "cpus:inf", "cpus:-inf", "cpus:infinity", "cpus:-infinity"]) {
    throwsA(() => Q(s), QuantityParseError, undefined, s);
  }
});

test("QuantitiesTest.FromScalarResources: metadata ignored", () => {
  assert.ok(Resources.EMPTY.scalarQuantities().isEmpty());
  assert.equal(R("cpus:1;mem:512;disk:800").scalarQuantities().entries(), [["cpus", 1], ["disk", 800], ["mem", 512]]);
  assert.equal(R("cpus(a):1;cpus:2").plus(reservedResource("cpus", 3, dynamicRes("b"))).scalarQuantities().entries(), [["cpus", 6]]);
});

test("QuantitiesTest.FromResources: ranges count their width, sets their size", () => {
  assert.ok(Resources.EMPTY.quantities().isEmpty());
  assert.equal(R("cpus:1;mem:512;ports:[5000-6000];zones:{a,b};disk:800").quantities().entries(), [
    ["cpus", 1],
    ["disk", 800],
    ["mem", 512],
    ["ports", 1001], // 6000 - 5000 + 1
    ["zones", 2],
  ]);
});

test("QuantitiesTest.Addition", () => {
  assert.is(Q("cpus:10").add(new Quantities()).toString(), "cpus:10");
  assert.is(Q("cpus:10").add(Q("cpus:0.1")).toString(), "cpus:10.1");
  assert.is(Q("cpus:10.1").add(Q("alphas:1")).toString(), "alphas:1;cpus:10.1");
  assert.is(Q("cpus:10.1").add(Q("mem:1")).toString(), "cpus:10.1;mem:1");
  assert.is(Q("alphas:1;cpus:10.1").add(Q("cpus:1;mem:100")).toString(), "alphas:1;cpus:11.1;mem:100");
});

test("QuantitiesTest.Subtraction: clamps at zero and drops the entry", () => {
  assert.ok(new Quantities().subtract(Q("cpus:1")).isEmpty());
  assert.is(Q("cpus:1").subtract(new Quantities()).toString(), "cpus:1");
  assert.is(Q("cpus:1").subtract(Q("cpus:0.4")).toString(), "cpus:0.6");
  assert.ok(Q("cpus:1").subtract(Q("cpus:1")).isEmpty());
  assert.ok(Q("cpus:1").subtract(Q("cpus:1.4")).isEmpty());
  assert.is(Q("cpus:1").subtract(Q("mem:100")).toString(), "cpus:1");
  assert.is(Q("cpus:1").subtract(Q("alphas:1")).toString(), "cpus:1");
  assert.is(Q("cpus:1;mem:100").subtract(Q("alphas:1;cpus:0.5")).toString(), "cpus:0.5;mem:100");
  assert.ok(Q("cpus:1").subtract(Q("cpus:1.4")).equals(new Quantities())); // no negative residue
});

test("QuantitiesTest.Contains", () => {
  const empty = new Quantities();
  assert.ok(empty.contains(empty));
  assert.ok(Q("cpus:1").contains(empty));
  assert.not.ok(empty.contains(Q("cpus:1")));
  assert.ok(Q("cpus:1;mem:1").contains(Q("cpus:1;mem:1")));
  assert.ok(Q("cpus:1;mem:1;disk:1").contains(Q("cpus:1;mem:1")));
  assert.not.ok(Q("cpus:1;mem:1").contains(Q("cpus:1;mem:1;disk:1")));
  assert.not.ok(Q("cpus:1;mem:1").contains(Q("cpus:1;disk:1")));
  assert.not.ok(Q("cpus:1;disk:1").contains(Q("cpus:1;mem:1")));
  assert.not.ok(Q("cpus:1;mem:1").contains(Q("gpu:1;disk:1")));
  assert.ok(Q("cpus:2;mem:2").contains(Q("cpus:2;mem:1")));
  assert.not.ok(Q("cpus:2;mem:1").contains(Q("cpus:2;mem:2")));
});

test("QuantitiesTest.Stringify and Sum", () => {
  assert.is(Q("cpus:1;mem:1024").toString(), "cpus:1;mem:1024");
  const total = new Quantities();
  for (const q of [new Quantities(), Q("cpus:1"), Q("cpus:2"), Q("memory:1"), Q("cpus:1;memory:1")]) total.add(q);
  assert.equal(total.entries(), [["cpus", 4], ["memory", 2]]); // 1 + 2 + 1 cpus, 1 + 1 memory
});

test("LimitsTest.FromStringValid: zero limits are kept", () => {
  assert.equal(L("cpus:10").entries(), [["cpus", 10]]);
  assert.equal(L(" cpus : 3.14 ; disk : 10 ").entries(), [["cpus", 3.14], ["disk", 10]]);
  assert.equal(L("cpus:0").entries(), [["cpus", 0]]);
  assert.equal(L("ports:3;cpus:10.5").entries(), [["cpus", 10.5], ["ports", 3]]);
  assert.ok(L("").isUnlimited());
  assert.not.ok(L("cpus:0").isUnlimited());
});

test("LimitsTest.FromStringInvalid: as quantities, plus duplicate names", () => {
  for (const s of ["cpus:a10", "cpus:3.14c", "ports:3,cpus:1", "ports:3,cpus:-1", "cpus:nan", "cpus:inf", "cpus:-infinity"]) {
    throwsA(() => L(s), QuantityParseError, undefined, s);
  }
  throwsA(() => L("cpus:1;cpus:2"), QuantityParseError, /duplicate/);
});

test("LimitsTest.Contains: absent is unlimited, so fewer limits contain more", () => {
  const infinite = new Limits();
  assert.ok(infinite.containsLimits(infinite));
  assert.ok(infinite.containsLimits(L("cpus:1")));
  assert.not.ok(L("cpus:1").containsLimits(infinite));
  assert.ok(L("cpus:1;mem:1").containsLimits(L("cpus:1;mem:1")));
  assert.ok(L("cpus:1;mem:1").containsLimits(L("cpus:1;mem:1;disk:1")));
  assert.not.ok(L("cpus:1;mem:1;disk:1").containsLimits(L("cpus:1;mem:1")));
  assert.not.ok(L("cpus:1;mem:1").containsLimits(L("cpus:1;disk:1")));
  assert.not.ok(L("cpus:1;disk:1").containsLimits(L("cpus:1;mem:1")));
  assert.not.ok(L("cpus:1;mem:1").containsLimits(L("gpu:1;disk:1")));
  assert.ok(L("cpus:2;mem:2").containsLimits(L("cpus:2;mem:1")));
  assert.not.ok(L("cpus:2;mem:1").containsLimits(L("cpus:2;mem:2")));
});

test("LimitsTest.ContainsQuantities: only limited names are checked", () => {
  assert.ok(new Limits().contains(new Quantities()));
  assert.ok(L("cpus:1").contains(new Quantities()));
  assert.ok(L("cpus:1;mem:1").contains(Q("cpus:1;mem:1")));
  assert.ok(L("cpus:1;mem:1;disk:1").contains(Q("cpus:1;mem:1")));
  assert.ok(L("cpus:1;mem:1").contains(Q("cpus:1;mem:1;disk:1")));
  assert.ok(L("cpus:1;mem:1").contains(Q("cpus:1;disk:1")));
  assert.ok(L("cpus:1;mem:1").contains(Q("gpu:1;disk:1")));
  assert.ok(L("cpus:2;mem:2").contains(Q("cpus:2;mem:1")));
  assert.not.ok(L("cpus:2;mem:1").contains(Q("cpus:2;mem:2")));
  assert.not.ok(L("cpus:0").contains(Q("cpus:0.001")));
});

test("LimitsTest.SubtractQuantities: clamps at zero, keeps the zero, leaves absent names unlimited", () => {
  const sub = (l: string, q: string) => L(l).subtract(Q(q));
  assert.ok(sub("", "").equals(L("")));
  assert.ok(sub("", "cpus:10").equals(L("")));
  assert.ok(sub("cpus:1", "").equals(L("cpus:1")));
  assert.ok(sub("cpus:1", "cpus:1").equals(L("cpus:0")));
  assert.ok(sub("cpus:1", "cpus:2").equals(L("cpus:0")));
  assert.ok(sub("cpus:1;mem:10", "cpus:1").equals(L("cpus:0;mem:10")));
  assert.ok(sub("cpus:1;mem:10", "cpus:1;disk:10").equals(L("cpus:0;mem:10")));
  assert.ok(sub("cpus:1;mem:10", "cpus:1;mem:5;disk:10").equals(L("cpus:0;mem:5")));
});

test("ResourcesTest.ContainsResourceQuantities: metadata ignored; widths and sizes count", () => {
  assert.ok(Resources.EMPTY.containsQuantities(new Quantities()));
  assert.not.ok(Resources.EMPTY.containsQuantities(Q("cpus:1")));
  assert.ok(R("cpus:1").containsQuantities(new Quantities()));
  assert.ok(R("cpus:2").containsQuantities(Q("cpus:1")));
  assert.ok(R("cpus:1").containsQuantities(Q("cpus:1")));
  assert.not.ok(R("cpus:0.5").containsQuantities(Q("cpus:1")));
  assert.ok(R("ports:[1-3]").containsQuantities(Q("ports:2")));
  assert.ok(R("ports:[1-2]").containsQuantities(Q("ports:2")));
  assert.not.ok(R("ports:[1-1]").containsQuantities(Q("ports:2")));
  assert.ok(R("features:{a,b,c}").containsQuantities(Q("features:2")));
  assert.ok(R("features:{a,b}").containsQuantities(Q("features:2")));
  assert.not.ok(R("features:{a}").containsQuantities(Q("features:2")));
  assert.ok(R("cpus:3;ports:[1-3];features:{a,b,c};mem:10").containsQuantities(Q("cpus:3;ports:3;features:3")));
  assert.not.ok(R("cpus:1;ports:[1-3];features:{a,b,c}").containsQuantities(Q("cpus:3;ports:3;features:3")));
  assert.not.ok(R("cpus:3;ports:[1-3]").containsQuantities(Q("cpus:3;ports:3;features:3")));
  assert.not.ok(R("cpus(role1):2").containsQuantities(Q("cpus:3")));
  assert.ok(R("cpus(role1):2;cpus:1").containsQuantities(Q("cpus:3")));
  const ports = Resources.of([]).plus(R("ports:[1-10]").pushReservation(dynamicRes("role", "principal")));
  assert.not.ok(ports.containsQuantities(Q("ports:12")));
  assert.ok(ports.plus(R("ports:[20-25]")).containsQuantities(Q("ports:12"))); // 10 + 6 ports
  const volume = D(64, "role1", "id1", "path1", undefined, true);
  assert.not.ok(volume.plus(volume).containsQuantities(Q("disk:128"))); // a shared volume counts once
  assert.ok(volume.plus(R("disk:64")).containsQuantities(Q("disk:128")));
});

test("ResourcesTest.ShrinkToQuantities: names absent from the target are dropped; MOUNT disks are all or nothing", () => {
  const shrink = (r: Resources, q: string) => shrinkToQuantities(r, Q(q), rng());
  eq(shrink(Resources.EMPTY, ""), Resources.EMPTY);
  eq(shrink(Resources.EMPTY, "cpus:1"), Resources.EMPTY);
  eq(shrink(R("cpus:1"), ""), Resources.EMPTY);
  eq(shrink(R("cpus:2"), "cpus:1"), R("cpus:1"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1;mem:10"), R("cpus:1;mem:10"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1;mem:10;disk:10"), R("cpus:1;mem:10"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1"), R("cpus:1"));
  eq(shrink(D(20, "role", undefined, undefined, mountSource("mnt")), "disk:10"), Resources.EMPTY);
  // disk:10 + MOUNT disk:10 shrunk to disk:10 is either one, as the stream decides.
  const combined = R("disk:10").plus(D(10, "role", undefined, undefined, mountSource("mnt")));
  const stream = rng();
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const s = shrinkToQuantities(combined, Q("disk:10"), stream);
    assert.is(s.scalar("disk"), 10);
    seen.add(s.toString());
  }
  assert.is(seen.size, 2);
  // The same stream gives the same choice.
  assert.is(shrinkToQuantities(combined, Q("disk:10"), rng()).toString(), shrinkToQuantities(combined, Q("disk:10"), rng()).toString());
});

test("ResourcesTest.ShrinkToLimits: names without a limit are kept whole", () => {
  const shrink = (r: Resources, l: string) => shrinkToLimits(r, L(l), rng());
  eq(shrink(Resources.EMPTY, ""), Resources.EMPTY);
  eq(shrink(Resources.EMPTY, "cpus:1"), Resources.EMPTY);
  eq(shrink(R("cpus:1"), ""), R("cpus:1"));
  eq(shrink(R("cpus:2"), "cpus:1"), R("cpus:1"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1;mem:10"), R("cpus:1;mem:10"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1;mem:10;disk:10"), R("cpus:1;mem:10"));
  eq(shrink(R("cpus:2;mem:20"), "cpus:1"), R("cpus:1;mem:20"));
  eq(shrink(R("cpus:2;mem:20;ports:[1-5]"), "cpus:0"), R("mem:20;ports:[1-5]")); // a zero limit drops the name
  eq(shrink(D(20, "role", undefined, undefined, mountSource("mnt")), "disk:10"), Resources.EMPTY);
  const combined = R("disk:10").plus(D(10, "role", undefined, undefined, mountSource("mnt")));
  const stream = rng();
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) seen.add(shrinkToLimits(combined, L("disk:10"), stream).toString());
  assert.is(seen.size, 2);
});

test("ResourcesTest.ShrinkToQuantities: reservations of one name share the target; volumes are unchoppable", () => {
  // cpus(a):3 + cpus:3 to cpus:4: whichever comes first is taken whole (3), the other cut to 1.
  const r = R("cpus(a):3;cpus:3");
  const s = shrinkToQuantities(r, Q("cpus:4"), rng());
  assert.is(s.scalar("cpus"), 4);
  assert.ok(r.contains(s));
  const volume = D(10, "role", "id1", "/data");
  eq(shrinkToQuantities(volume, Q("disk:5"), rng()), Resources.EMPTY);
  eq(shrinkToQuantities(volume, Q("disk:10"), rng()), volume);
  eq(shrinkToQuantities(D(10, "role", undefined, undefined, { type: "PATH", root: "/p" }), Q("disk:4"), rng()), D(4, "role", undefined, undefined, { type: "PATH", root: "/p" }));
});

test("ResourcesTest.ShrinkToQuantities: a shared volume comes out as one copy (Resources → RepeatedPtrField)", () => {
  const shared = diskResource(10, "role", "id1", "/data", undefined, true);
  const three = Resources.of([shared, shared, shared]);
  assert.is(three.count(shared), 3);
  assert.is(shrinkToQuantities(three, Q("disk:100"), rng()).count(shared), 1);
  assert.is(shrinkToLimits(sum(three, R("cpus:1")), L("cpus:1"), rng()).count(shared), 1);
});

test.run();
