// Metadata and the merge rules: reservations (static, dynamic, labels,
// refinement), disks and volumes, revocable, shared, resource providers and
// allocation roles. Mesos's `ResourcesTest.Reservations`, `ReservedResourcesTest`,
// `DiskResourcesTest`, `RevocableResourceTest`, `SharedResourcesTest`,
// `ResourceProviderIDTest`, `AllocatedResourcesTest` (src/tests/resources_tests.cpp).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Resource } from "../../allocators/resources/resource.ts";
import type { DiskSource, DiskSourceType } from "../../allocators/resources/resource.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { D, P, R, diskResource, dynamicRes, eq, mountSource, ne, pathSource, reservedResource, revocableResource, scalar, staticRes, sum } from "./helpers.ts";

test("ResourcesTest.Reservations: reserved(role), reserved() and unreserved()", () => {
  const unreserved = R("cpus:1;mem:2;disk:4");
  const role1 = R("cpus(role1):2;mem(role1):4;disk(role1):8");
  const role2 = R("cpus(role2):4;mem(role2):8;disk(role2):6");
  const resources = sum(unreserved, role1, role2);
  eq(resources.reserved("role1"), role1);
  eq(resources.reserved("role2"), role2);
  eq(resources.reserved("*"), Resources.EMPTY);
  eq(resources.unreserved(), unreserved);
  eq(resources.reserved(), role1.plus(role2));
});

test("ResourcesTest.HierarchicalReservations: allocatableTo takes ancestors' reservations, never a child's", () => {
  const unreserved = R("cpus:1;mem:2;disk:4");
  const grandfather = R("cpus(a):2;mem(a):4;disk(a):8");
  const father = R("cpus(a/bx):4;mem(a/bx):8;disk(a/bx):16");
  const uncle = R("cpus(a/b):4;mem(a/b):8;disk(a/b):16");
  const child = R("cpus(a/bx/c):8;mem(a/bx/c):16;disk(a/bx/c):32");
  const family = sum(unreserved, grandfather, father, uncle, child);
  eq(family.allocatableTo("*"), unreserved);
  eq(family.allocatableTo("a"), grandfather.plus(unreserved));
  eq(family.allocatableTo("a/bx"), sum(grandfather, father, unreserved));
  eq(family.allocatableTo("a/bx/c"), sum(grandfather, father, child, unreserved));
  // "a/b" is a prefix of "a/bx" as a string, not as a role.
  eq(family.allocatableTo("a/b"), sum(grandfather, uncle, unreserved));
});

test("ResourcesTest.HierarchicalReservations: reservedToRoleSubtree is the role and everything below it", () => {
  const family = R("cpus:1;cpus(a):2;cpus(a/bx):4;cpus(a/b):8;cpus(a/bx/c):16;cpus(ab):32");
  assert.is(family.reservedToRoleSubtree("a").scalar("cpus"), 30); // 2 + 4 + 8 + 16, not ab's 32
  assert.is(family.reservedToRoleSubtree("a/bx").scalar("cpus"), 20); // 4 + 16
  assert.is(family.reservedToRoleSubtree("a/bx/c").scalar("cpus"), 16);
  assert.ok(family.reservedToRoleSubtree("*").isEmpty()); // unreserved is never "reserved to" anything
});

test("ResourcesTest.ToUnreserved: the whole stack is dropped and the results merge", () => {
  const r = sum(P("cpus", "1", "role1"), P("cpus", "2", "role2"), P("mem", "5", "role1"));
  eq(r.toUnreserved(), R("cpus:3;mem:5"));
});

test("ReservedResourcesTest.Equals: role, type, principal and labels each tell reservations apart", () => {
  const labels1 = [{ key: "foo", value: "bar" }];
  const labels2 = [{ key: "foo", value: "baz" }];
  const unique = [
    reservedResource("cpus", 8),
    reservedResource("cpus", 8, staticRes("role1")),
    reservedResource("cpus", 8, staticRes("role2")),
    reservedResource("cpus", 8, dynamicRes("role1", "principal1")),
    reservedResource("cpus", 8, dynamicRes("role1", "principal2")),
    reservedResource("cpus", 8, dynamicRes("role2", "principal1")),
    reservedResource("cpus", 8, dynamicRes("role2", "principal2")),
    reservedResource("cpus", 8, dynamicRes("role1", "principal2", labels1)),
    reservedResource("cpus", 8, dynamicRes("role1", "principal2", labels2)),
  ];
  for (let i = 0; i < unique.length; i++) {
    for (let j = 0; j < unique.length; j++) if (i !== j) ne(unique[i] as Resources, unique[j] as Resources);
  }
});

test("ReservedResourcesTest.Equals: the order of labels does not matter (Labels ==)", () => {
  const ab = reservedResource("cpus", 6, dynamicRes("role", "p", [{ key: "a", value: "1" }, { key: "b", value: "2" }]));
  const ba = reservedResource("cpus", 6, dynamicRes("role", "p", [{ key: "b", value: "2" }, { key: "a", value: "1" }]));
  eq(ab, ba);
  assert.is(ab.plus(ba).size, 1); // they merge: 12 cpus
  assert.is(ab.plus(ba).scalar("cpus"), 12);
  assert.ok(ab.plus(ba).minus(ba).equals(ab));
});

test("ReservedResourcesTest.Equals: a label without a value equals one with an empty value", () => {
  // Label.value is an optional proto2 string: absent reads as "".
  const noValue = reservedResource("cpus", 1, dynamicRes("role", "p", [{ key: "k" }]));
  const empty = reservedResource("cpus", 1, dynamicRes("role", "p", [{ key: "k", value: "" }]));
  eq(noValue, empty);
});

test("ReservedResourcesTest.Equals: empty labels differ from no labels (has_labels)", () => {
  ne(reservedResource("cpus", 1, dynamicRes("role", "p", [])), reservedResource("cpus", 1, dynamicRes("role", "p")));
});

test("ReservedResourcesTest.AdditionStaticallyReserved", () => {
  eq(reservedResource("cpus", 8, staticRes("role")).plus(reservedResource("cpus", 4, staticRes("role"))), reservedResource("cpus", 12, staticRes("role")));
});

test("ReservedResourcesTest.AdditionDynamicallyReservedWithoutLabels", () => {
  const res = dynamicRes("role", "principal");
  eq(reservedResource("cpus", 8, res).plus(reservedResource("cpus", 4, res)), reservedResource("cpus", 12, res));
});

test("ReservedResourcesTest.AdditionDynamicallyReservedWithSameLabels", () => {
  const res = dynamicRes("role", "principal", [{ key: "foo", value: "bar" }]);
  eq(reservedResource("cpus", 8, res).plus(reservedResource("cpus", 4, res)), reservedResource("cpus", 12, res));
});

test("ReservedResourcesTest.AdditionDynamicallyReservedWithDistinctLabels: they stay apart", () => {
  const r1 = reservedResource("cpus", 6, dynamicRes("role", "principal", [{ key: "foo", value: "bar" }]));
  const r2 = reservedResource("cpus", 6, dynamicRes("role", "principal", [{ key: "foo", value: "baz" }]));
  const s = r1.plus(r2);
  assert.is(s.size, 2);
  ne(s, r1.plus(r1));
  ne(s, r2.plus(r2));
  eq(s, r2.plus(r1));
});

test("ReservedResourcesTest.Subtraction: only the identical reservation is subtracted", () => {
  const reservation1 = dynamicRes("role", "principal", [{ key: "foo", value: "bar" }]);
  const r1 = reservedResource("cpus", 8, staticRes("role"));
  const r2 = reservedResource("cpus", 8, reservation1);
  assert.ok(r1.minus(r1).isEmpty());
  assert.ok(r2.minus(r2).isEmpty());
  eq(r1.minus(r2), r1);
  eq(r2.minus(r1), r2);
  const total = r1.plus(r2);
  // (8 static + 8 dynamic) - 2 static - 4 dynamic = 6 static + 4 dynamic
  eq(total.minus(reservedResource("cpus", 2, staticRes("role"))).minus(reservedResource("cpus", 4, reservation1)), reservedResource("cpus", 6, staticRes("role")).plus(reservedResource("cpus", 4, reservation1)));
});

test("ReservedResourcesTest.Contains", () => {
  const r1 = reservedResource("cpus", 8, staticRes("role"));
  const r2 = reservedResource("cpus", 12, dynamicRes("role", "principal"));
  assert.ok(r1.contains(r1));
  assert.ok(r2.contains(r2));
  assert.not.ok(r1.contains(r2));
  assert.not.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r1.plus(r2)));
  assert.not.ok(r2.contains(r1.plus(r2)));
  assert.ok(r1.plus(r2).contains(r1));
  assert.ok(r1.plus(r2).contains(r2));
  assert.ok(r1.plus(r2).contains(r1.plus(r2)));
});

test("ResourcesTest.HierarchicalReservations: pushReservation refines, popReservation returns to the parent", () => {
  const base = R("cpus:2;mem:10");
  const foo = base.pushReservation(dynamicRes("foo"));
  const fooBar = foo.pushReservation(dynamicRes("foo/bar"));
  assert.equal(fooBar.items[0]?.reservations.map((r) => r.role), ["foo", "foo/bar"]);
  assert.ok(fooBar.items[0]?.hasRefinedReservations());
  assert.is(fooBar.items[0]?.reservationRole(), "foo/bar");
  eq(fooBar.popReservation(), foo);
  eq(fooBar.popReservation().popReservation(), base);
  eq(fooBar.toUnreserved(), base);
  ne(fooBar, foo);
  eq(fooBar.reserved("foo/bar"), fooBar);
  assert.ok(fooBar.reserved("foo").isEmpty()); // reserved(role) looks at the top of the stack only
  eq(fooBar.allocatableTo("foo/bar"), fooBar);
  assert.ok(fooBar.allocatableTo("foo").isEmpty());
  assert.throws(() => base.popReservation(), /unreserved/);
});

test("ResourceProviderIDTest.Addition: resources of a provider merge only among themselves", () => {
  const cpus = scalar("cpus", 4, { providerId: "RESOURCE_PROVIDER_ID" });
  const disk1 = diskResource(1, "*");
  const disk2 = disk1.withMeta({ providerId: "RESOURCE_PROVIDER_ID" });
  const r1 = Resources.of([cpus, disk2]);
  assert.is(r1.size, 2);
  assert.ok(r1.contains(cpus));
  assert.ok(r1.contains(disk2));
  assert.not.ok(r1.contains(disk1));
  const r2 = Resources.of([disk2, disk2]);
  assert.is(r2.size, 1);
  assert.is(r2.scalar("disk"), 2);
  const r3 = Resources.of([disk1, disk2]);
  assert.is(r3.size, 2);
  assert.is(r3.scalar("disk"), 2);
});

test("ResourceProviderIDTest.Subtraction", () => {
  const cpus = scalar("cpus", 4, { providerId: "RESOURCE_PROVIDER_ID" });
  const disk1 = diskResource(1, "*");
  const disk2 = disk1.withMeta({ providerId: "RESOURCE_PROVIDER_ID" });
  assert.ok(Resources.of([cpus]).minus(cpus).isEmpty());
  assert.not.ok(Resources.of([cpus]).contains(disk1));
  const r0 = Resources.of([cpus, disk1]);
  eq(r0.minus(disk1), Resources.of([cpus]));
  eq(r0.minus(cpus), Resources.of([disk1]));
  const r2 = Resources.of([disk2, disk2]);
  eq(r2.minus(disk2), Resources.of([disk2]));
  eq(Resources.of([disk2]).minus(disk1), Resources.of([disk2]));
});

test("ResourceProviderIDTest.Equals and Contains", () => {
  const cpus = scalar("cpus", 1);
  const disk1 = diskResource(1, "*");
  const disk2 = disk1.withMeta({ providerId: "RESOURCE_PROVIDER_ID" });
  const r1 = Resources.of([disk1]);
  const r2 = Resources.of([disk2]);
  const r3 = Resources.of([cpus, disk1]);
  const r4 = Resources.of([cpus, disk2]);
  ne(r1, r2);
  ne(r3, r4);
  assert.not.ok(r1.contains(r2));
  assert.not.ok(r2.contains(r1));
  assert.ok(r3.contains(r1));
  assert.not.ok(r3.contains(r2));
  assert.not.ok(r4.contains(r1));
  assert.ok(r4.contains(r2));
  assert.not.ok(r3.contains(r4));
});

test("DiskResourcesTest.Equals: the volume is ignored, the persistence id is not", () => {
  const r1 = D(10, "*");
  const r2 = D(10, "*", undefined, "path1");
  const r3 = D(10, "*", undefined, "path2");
  const r4 = D(10, "role", undefined, "path2");
  const r5 = D(10, "role", "1", "path1");
  const r6 = D(10, "role", "1", "path2");
  const r7 = D(10, "role", "2", "path2");
  ne(r1, r2); // plain disk vs a disk with DiskInfo
  eq(r2, r3);
  eq(r5, r6);
  ne(r6, r7);
  ne(r4, r7);
});

test("DiskResourcesTest.DiskSourceEquals: source type and root are identity", () => {
  const s1 = pathSource("mnt");
  const s2 = pathSource("mnt2");
  const s3 = mountSource("mnt");
  const s4 = mountSource("mnt2");
  eq(D(10, "*", undefined, undefined, s1), D(10, "*", undefined, "path1", s1));
  eq(D(10, "role", "1", "path1", s1), D(10, "role", "1", "path2", s1));
  ne(D(10, "role", "1", "path2", s1), D(10, "role", "2", "path2", s1));
  ne(D(10, "*", undefined, undefined, s2), D(10, "*", undefined, undefined, s1));
  ne(D(10, "*", undefined, "path2", s1), D(10, "*", undefined, "path1", s3));
  ne(D(10, "*", undefined, undefined, s1), D(10, "*", undefined, undefined, s3));
  ne(D(10, "*", undefined, undefined, s3), D(10, "*", undefined, undefined, s4));
});

for (const type of ["RAW", "PATH", "BLOCK", "MOUNT"] as DiskSourceType[]) {
  for (const bits of [0, 1, 2, 3, 4, 5, 6, 7]) {
    const hasVendor = (bits & 1) !== 0;
    const hasId = (bits & 2) !== 0;
    const hasProfile = (bits & 4) !== 0;
    test(`DiskResourcesSourceTest.SourceIdentity/${type},vendor=${hasVendor},id=${hasId},profile=${hasProfile}`, () => {
      const source: { type: DiskSourceType; vendor?: string; id?: string; profile?: string } = { type };
      if (hasVendor) source.vendor = "vendor";
      if (hasId) source.id = "id";
      if (hasProfile) source.profile = "profile";
      const r1 = Resources.of([scalar("disk", 1, { disk: { source: source as DiskSource } })]);
      const r2 = Resources.of([scalar("disk", 2, { disk: { source: source as DiskSource } })]);
      assert.ok(r1.contains(r1));
      const unit = type === "BLOCK" || type === "MOUNT" || (type === "RAW" && hasId);
      assert.is(r2.contains(r1), !unit);
      assert.is(r2.equals(r1.plus(r1)), !unit);
      assert.is(r1.plus(r1).size, unit ? 2 : 1);
    });
  }
}

test("DiskResourcesTest.Addition: volumes never merge", () => {
  const r1 = D(10, "role", undefined, "path");
  const r2 = D(10, "role");
  eq(r1.plus(r1), D(20, "role", undefined, "path"));
  ne(r1.plus(r2), D(20, "role", undefined, "path"));
  const r4 = D(10, "role", "1", "path");
  const r5 = D(10, "role", "2", "path");
  const s = r4.plus(r5);
  assert.ok(s.contains(r4));
  assert.ok(s.contains(r5));
  assert.not.ok(s.contains(D(20, "role", undefined, "path")));
  assert.not.ok(s.contains(D(20, "role", "1", "path")));
  assert.is(r4.plus(r4).size, 2); // the same volume twice is two items
});

test("DiskResourcesTest.DiskSourceAddition: PATH disks merge, MOUNT disks never", () => {
  const s1 = pathSource("mnt");
  const s2 = pathSource("mnt2");
  const s3 = mountSource("mnt");
  const s4 = mountSource("mnt2");
  const r1 = D(10, "role", undefined, undefined, s1);
  const r3 = D(10, "role", undefined, undefined, s2);
  const r4 = D(20, "role", undefined, undefined, s1);
  ne(D(20, "role", undefined, undefined, s2), r1.plus(r1));
  ne(D(20, "role", undefined, undefined, s2), r1.plus(r3));
  eq(r1.plus(r1), r4);
  assert.ok(r4.contains(r1));
  const r5 = D(10, "role", undefined, undefined, s3);
  const r7 = D(10, "role", undefined, undefined, s4);
  const r8 = D(20, "role", undefined, undefined, s3);
  ne(D(20, "role", undefined, undefined, s4), r5.plus(r5));
  ne(D(20, "role", undefined, undefined, s4), r5.plus(r7));
  assert.not.ok(r8.contains(r5));
  assert.ok(r8.contains(r8));
  ne(r1.plus(r5), r4);
});

test("DiskResourcesTest.Subtraction: volumes subtract only when identical (volume path ignored)", () => {
  const r1 = D(10, "role", undefined, "path");
  const r2 = D(10, "role");
  assert.ok(r1.minus(r1).isEmpty());
  assert.ok(r2.minus(r2).isEmpty());
  assert.not.ok(r1.minus(r2).isEmpty());
  const r3 = D(10, "role", "1", "path");
  const r4 = D(10, "role", "2", "path");
  const r5 = D(10, "role", "2", "path2");
  eq(r3.minus(r4), r3);
  assert.ok(r3.minus(r3).isEmpty());
  assert.ok(r4.minus(r5).isEmpty());
  eq(D(20, "role", "1", "path").minus(r3), D(20, "role", "1", "path")); // a smaller volume is not part of a bigger one
});

test("DiskResourcesTest.DiskSourceSubtraction: MOUNT disks are taken whole or not at all", () => {
  const s1 = pathSource("mnt");
  const s2 = pathSource("mnt2");
  const s3 = mountSource("mnt");
  const s4 = mountSource("mnt2");
  const r1 = D(10, "role", undefined, undefined, s1);
  const r3 = D(10, "role", undefined, undefined, s2);
  const r4 = D(20, "role", undefined, undefined, s1);
  assert.ok(r1.minus(r1).isEmpty());
  assert.ok(r4.minus(r1).minus(r1).isEmpty());
  eq(r3.minus(r1), r3);
  eq(r4.minus(r1), r1);
  const r5 = D(10, "role", undefined, undefined, s3);
  const r7 = D(10, "role", undefined, undefined, s4);
  const r8 = D(20, "role", undefined, undefined, s3);
  assert.ok(r5.minus(r5).isEmpty());
  eq(r8.minus(r5).minus(r5), r8);
  eq(r7.minus(r5), r7);
  eq(r8.minus(r5), r8);
  assert.not.ok(r5.minus(r1).isEmpty());
});

test("DiskResourcesTest.Contains: one volume cannot satisfy two requests for it", () => {
  const r1 = D(10, "role", "1", "path");
  const r2 = D(10, "role", "1", "path");
  assert.not.ok(r1.contains(r1.plus(r2)));
  assert.not.ok(r2.contains(r1.plus(r2)));
  assert.ok(r1.plus(r2).contains(r1.plus(r2)));
  const r3 = D(20, "role", "2", "path");
  assert.ok(r1.plus(r3).contains(r1));
  assert.ok(r1.plus(r3).contains(r3));
});

test("DiskResourcesTest.SourceContains", () => {
  const s1 = pathSource("mnt");
  const s2 = mountSource("mnt");
  const r1 = D(10, "role", "1", "path", s1);
  const r2 = D(20, "role", "1", "path", s1);
  const r3 = D(10, "role", "1", "path", s2);
  const r4 = D(20, "role", "1", "path", s2);
  assert.ok(r1.contains(r1));
  assert.ok(r3.contains(r3));
  assert.not.ok(r2.contains(r1));
  assert.not.ok(r2.contains(r1.plus(r1)));
  assert.not.ok(r4.contains(r3));
  const r5 = D(10, "role", undefined, undefined, s1);
  const r6 = D(20, "role", undefined, undefined, s1);
  const r7 = D(10, "role", undefined, undefined, s2);
  const r8 = D(20, "role", undefined, undefined, s2);
  assert.ok(r6.contains(r5));
  assert.ok(r6.contains(r5.plus(r5)));
  assert.not.ok(r8.contains(r7));
  assert.not.ok(r8.contains(r7.plus(r7)));
});

test("DiskResourcesTest.FilterPersistentVolumes", () => {
  const r1 = D(10, "role1", "1", "path");
  const r2 = D(20, "role2");
  eq(sum(R("cpus:1;mem:512;disk:1000"), r1, r2).persistentVolumes(), r1);
});

test("RevocableResourceTest.Equals", () => {
  eq(revocableResource("cpus", 1, "*", true), revocableResource("cpus", 1, "*", true));
  ne(revocableResource("cpus", 1, "*", true), revocableResource("cpus", 1, "*", false));
});

test("RevocableResourceTest.Addition: revocable and non-revocable never merge", () => {
  const r1 = revocableResource("cpus", 1, "*", true);
  eq(r1.plus(r1), revocableResource("cpus", 2, "*", true));
  const r5 = revocableResource("cpus", 1, "*", false);
  const s = r1.plus(r5);
  assert.is(s.size, 2);
  assert.ok(s.contains(r1));
  assert.ok(s.contains(r5));
  assert.not.ok(s.contains(revocableResource("cpus", 2, "*", true)));
  assert.not.ok(s.contains(revocableResource("cpus", 2, "*", false)));
});

test("RevocableResourceTest.Subtraction", () => {
  const r1 = revocableResource("cpus", 1, "*", true);
  const r4 = revocableResource("cpus", 1, "*", false);
  assert.ok(r1.minus(r1).isEmpty());
  eq(r1.minus(r4), r1);
});

test("RevocableResourceTest.Contains", () => {
  const r1 = revocableResource("cpus", 1, "*", true);
  const r2 = revocableResource("cpus", 1, "*", true);
  assert.not.ok(r1.contains(r1.plus(r2)));
  assert.ok(r1.plus(r2).contains(r1));
  assert.ok(r1.plus(r2).contains(r1.plus(r2)));
  const r3 = revocableResource("cpus", 1, "*", false);
  assert.ok(r1.plus(r3).contains(r1));
  assert.ok(r1.plus(r3).contains(r3));
});

test("RevocableResourceTest.Filter: revocable() and nonRevocable()", () => {
  const r1 = revocableResource("cpus", 1, "*", true);
  const r2 = revocableResource("cpus", 1, "*", false);
  eq(r1.revocable(), r1);
  assert.ok(r1.nonRevocable().isEmpty());
  eq(r2.nonRevocable(), r2);
  assert.ok(r2.revocable().isEmpty());
  eq(r1.plus(r2).revocable(), r1);
  eq(r1.plus(r2).nonRevocable(), r2);
});

test("ResourcesTest.Count: copies of a shared resource; 1 for an exact non-shared match; else 0", () => {
  const shared = diskResource(100, "role1", "1", "path1", undefined, true);
  assert.is(Resources.of([shared]).count(shared), 1);
  assert.is(Resources.of([shared, shared]).count(shared), 2);
  const nonShared = diskResource(100, "role1", "1", "path1");
  assert.is(Resources.of([nonShared]).count(nonShared), 1);
  assert.is(Resources.of([nonShared, nonShared]).count(nonShared), 1);
  const cpus = scalar("cpus", 1);
  assert.is(Resources.of([cpus]).count(cpus), 1);
  assert.is(Resources.of([cpus, cpus]).count(cpus), 0); // cpus:2 is not cpus:1
});

test("SharedResourcesTest.Printing: the copy count follows the value", () => {
  const volume = Resources.of([diskResource(64, "role1", "id1", "path1", undefined, true)]);
  assert.is(volume.toString(), "disk(reservations: [(STATIC,role1)])[id1:path1]<SHARED>:64<1>");
  assert.is(volume.plus(volume).toString(), "disk(reservations: [(STATIC,role1)])[id1:path1]<SHARED>:64<2>");
});

test("SharedResourcesTest.ScalarAdditionShared: shared copies add to the count, not the value", () => {
  const disk = diskResource(50, "role1", "1", "path", undefined, true);
  const r1 = sum(P("cpus", "1"), P("mem", "5"), disk);
  const r2 = R("cpus:2;mem:10").plus(disk);
  assert.is(r1.count(disk), 1);
  const s = r1.plus(r2);
  assert.is(s.size, 3);
  assert.is(s.scalar("cpus"), 3);
  assert.is(s.scalar("mem"), 15);
  assert.is(s.scalar("disk"), 50);
  assert.is(s.count(disk), 2);
  eq(s, r2.plus(r1));
});

test("SharedResourcesTest.ScalarSubtractionShared", () => {
  const disk = diskResource(8192, "role1", "1", "path", undefined, true);
  const r1 = sum(R("cpus:40;mem:4096"), disk, disk);
  const r2 = R("cpus:5;mem:512").plus(disk);
  const diff = r1.minus(r2);
  assert.is(diff.size, 3);
  assert.is(diff.scalar("cpus"), 35);
  assert.is(diff.scalar("mem"), 3584);
  assert.is(diff.scalar("disk"), 8192);
  assert.is(diff.count(disk), 1);
  assert.ok(diff.contains(disk));
  assert.is(r1.count(disk), 2);
  assert.is(r1.minus(r2).minus(r2).count(disk), 0);
  assert.not.ok(r1.minus(r2).minus(r2).contains(disk));
  assert.is(r2.minus(r1).count(disk), 0); // 1 - 2 copies is negative: removed
});

test("SharedResourcesTest.ScalarSharedCompoundExpressions", () => {
  const disk = diskResource(50, "role1", "1", "path", undefined, true);
  const r1 = sum(R("cpus:2;mem:10"), disk, disk, disk, disk);
  const r2 = sum(R("cpus:2;mem:10"), disk, disk, disk);
  assert.is(r1.count(disk), 4);
  assert.is(r2.count(disk), 3);
  eq(r1.plus(r1).minus(r1), r1);
  eq(r1.plus(r2).minus(r1), r2);
  eq(r2.plus(r1).minus(r2), r1);
  eq(r2.plus(r1).minus(r1), r2);
  eq(r2.minus(r1).plus(r1), r1);
  eq(r1.minus(r2).plus(r2), r1);
  assert.ok(r2.minus(r1).isEmpty());
  assert.not.ok(r1.minus(r2).isEmpty());
  ne(r1, r2); // 4 copies are not 3
});

test("SharedResourcesTest.ScalarNonEqualSharedOperations", () => {
  const disk1 = diskResource(50, "role1", "1", "path1", undefined, true);
  const disk2 = diskResource(100, "role1", "2", "path2", undefined, true);
  const r1 = Resources.of([disk1, disk2]);
  assert.is(r1.count(disk1), 1);
  assert.is(r1.count(disk2), 1);
  const r2 = r1.minus(disk1);
  assert.is(r2.count(disk1), 0);
  assert.is(r2.count(disk2), 1);
  const r3 = Resources.of([disk1]).minus(disk2);
  assert.is(r3.count(disk1), 1);
});

test("SharedResourcesTest.ScalarSharedAndNonSharedOperations", () => {
  const shared = diskResource(100, "role1", "1", "path", undefined, true);
  const nonShared = diskResource(100, "role1", "1", "path");
  const r1 = R("cpus:1;mem:5").plus(shared);
  const r2 = R("cpus:1;mem:5").plus(nonShared);
  assert.not.ok(r2.contains(r1));
  assert.not.ok(r1.contains(r2));
  const r3 = Resources.of([shared, shared, nonShared]);
  assert.is(r3.size, 2);
  assert.is(r3.scalar("disk"), 200);
  assert.is(r3.count(shared), 2);
  assert.is(r3.count(nonShared), 1);
  eq(Resources.of([nonShared]).minus(shared), Resources.of([nonShared]));
});

test("SharedResourcesTest.Filter: shared() and nonShared()", () => {
  const r1 = D(10, "role1", "1", "path", undefined, true);
  const r2 = D(20, "role2");
  eq(r1.shared(), r1);
  assert.ok(r1.nonShared().isEmpty());
  assert.ok(r2.shared().isEmpty());
  eq(r2.nonShared(), r2);
  const resources = R("cpus:1;mem:512;disk:1000");
  const s = sum(resources, r1, r2);
  eq(s.shared(), r1);
  eq(s.nonShared(), resources.plus(r2));
});

test("AllocatedResourcesTest.Equality, Contains, Addition, Subtraction: the allocation role is identity", () => {
  const cpus1 = P("cpus", "1").allocate("role1");
  const cpus2 = P("cpus", "1").allocate("role2");
  eq(cpus1, cpus1);
  ne(cpus1, cpus2);
  assert.ok(cpus1.plus(cpus2).contains(cpus1));
  assert.ok(cpus1.plus(cpus2).contains(cpus2));
  assert.is(cpus1.plus(cpus2).size, 2);
  assert.is(cpus1.plus(cpus2).scalar("cpus"), 2);
  assert.ok(cpus1.minus(cpus1).isEmpty());
  eq(cpus1.minus(cpus2), cpus1);
  eq(cpus2.minus(cpus1), cpus2);
});

test("AllocatedResourcesTest.Allocations: grouped by allocation role; unallocate clears it", () => {
  const a = R("cpus:1;mem:1024").allocate("*");
  const b = R("cpus:2;mem:2048").allocate("role1");
  const c = R("cpus(role2):3;mem(role2):3096").allocate("role2");
  const allocations = sum(a, b, c).allocations();
  assert.is(allocations.size, 3);
  eq(allocations.get("*") ?? Resources.EMPTY, a);
  eq(allocations.get("role1") ?? Resources.EMPTY, b);
  eq(allocations.get("role2") ?? Resources.EMPTY, c);
  assert.is(a.unallocate().items[0]?.allocationRole, undefined);
  eq(a.unallocate(), R("cpus:1;mem:1024"));
  eq(sum(a, b, c).allocatedToRoleSubtree("role1"), b);
});

test("Resource identity: reservations' principal and labels are keyed, a volume's container path is not", () => {
  const r = new Resource("disk", "SCALAR", { scalar: 1000 }, { disk: { persistence: { id: "v", principal: "p1" }, volume: { containerPath: "/a", mode: "RW" } } });
  const s = new Resource("disk", "SCALAR", { scalar: 1000 }, { disk: { persistence: { id: "v", principal: "p2" }, volume: { containerPath: "/b", mode: "RO" } } });
  assert.ok(r.equals(s)); // DiskInfo == ignores volume and persistence.principal
});

test.run();
