// Offer operations (RESERVE, UNRESERVE, CREATE, DESTROY) as resource conversions,
// Mesos's `ResourcesOperationTest` (src/tests/resources_tests.cpp), and role
// names as `roles::validate` (src/common/roles.cpp) checks them.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyOperation, applyOperations, OperationError } from "../../allocators/resources/resource-operations.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { ancestors, isInSubtree, isStrictSubroleOf, isValidRole, roleError } from "../../allocators/resources/role.ts";
import { D, R, diskResource, dynamicRes, eq, mountSource, reservedResource, throwsA } from "./helpers.ts";

const RESERVE = (resources: Resources) => ({ type: "RESERVE" as const, resources });
const UNRESERVE = (resources: Resources) => ({ type: "UNRESERVE" as const, resources });
const CREATE = (resources: Resources) => ({ type: "CREATE" as const, resources });
const DESTROY = (resources: Resources) => ({ type: "DESTROY" as const, resources });

test("ResourcesOperationTest.ReserveResources: pushes a reservation; fails if the unreserved part is missing", () => {
  const unreserved = R("cpus:1;mem:512");
  const reservedCpus1 = R("cpus:1").pushReservation(dynamicRes("role", "principal"));
  eq(applyOperation(unreserved, RESERVE(reservedCpus1)), R("mem:512").plus(reservedCpus1));
  const reservedCpus2 = reservedResource("cpus", 2, dynamicRes("role", "principal"));
  throwsA(() => applyOperation(unreserved, RESERVE(reservedCpus2)), OperationError, /does not contain cpus:2/);
});

test("ResourcesOperationTest.ReserveResources: refinement reserves a parent's reservation for a child", () => {
  const parent = R("cpus:4").pushReservation(dynamicRes("eng"));
  const child = R("cpus:1").pushReservation(dynamicRes("eng")).pushReservation(dynamicRes("eng/backend"));
  const after = applyOperation(parent, RESERVE(child));
  assert.is(after.reserved("eng").scalar("cpus"), 3);
  assert.is(after.reserved("eng/backend").scalar("cpus"), 1);
  throwsA(() => applyOperation(R("cpus:4"), RESERVE(R("cpus:1"))), OperationError, /no reservation/);
  // A STATIC top reservation is the master's to reject; the allocator applies it
  // as given (scenario-format.md: master validation is out of scope).
  eq(applyOperation(R("cpus:4"), RESERVE(R("cpus(a):1"))), R("cpus:3;cpus(a):1"));
});

test("ResourcesOperationTest.UnreserveResources: pops one level; fails if the reservation is missing", () => {
  const reservedCpus = reservedResource("cpus", 1, dynamicRes("role", "principal"));
  const reservedMem = reservedResource("mem", 512, dynamicRes("role", "principal"));
  const reserved = reservedCpus.plus(reservedMem);
  eq(applyOperation(reserved, UNRESERVE(reservedCpus)), reservedMem.plus(reservedCpus.toUnreserved()));
  throwsA(() => applyOperation(reserved, UNRESERVE(reservedResource("cpus", 2, dynamicRes("role", "principal")))), OperationError, /does not contain/);
  const refined = R("cpus:1").pushReservation(dynamicRes("eng")).pushReservation(dynamicRes("eng/a"));
  eq(applyOperation(refined, UNRESERVE(refined)), R("cpus:1").pushReservation(dynamicRes("eng")));
  // Likewise unreserving a STATIC reservation (QuotaAccountingUnreserveAllocatedResources relies on it).
  eq(applyOperation(R("cpus(a):1"), UNRESERVE(R("cpus(a):1"))), R("cpus:1"));
});

test("ResourcesOperationTest.CreatePersistentVolume: consumes the plain disk; fails if too big", () => {
  const total = R("cpus:1;mem:512;disk(role):1000");
  const volume1 = D(200, "role", "1", "path");
  eq(applyOperation(total, CREATE(volume1)), R("cpus:1;mem:512;disk(role):800").plus(volume1)); // 1000 - 200
  throwsA(() => applyOperation(total, CREATE(D(2000, "role", "1", "path"))), OperationError, /does not contain/);
  throwsA(() => applyOperation(total, CREATE(R("disk(role):10"))), OperationError, /not a persistent volume/);
});

test("ResourcesOperationTest.CreatePersistentVolumeFromMount: a MOUNT disk becomes a volume whole", () => {
  const source = mountSource("mnt");
  const total = D(200, "role", undefined, undefined, source);
  const after = applyOperation(total, CREATE(D(200, "role", "1", "path", source)));
  eq(after, D(200, "role", "1", "path", source));
  throwsA(() => applyOperation(total, CREATE(D(50, "role", "1", "path", source))), OperationError);
});

test("ResourcesOperationTest.CreateSharedPersistentVolume: CREATE then DESTROY is the identity", () => {
  const total = R("cpus:1;mem:512;disk(role):1000");
  const volume1 = D(200, "role", "1", "path", undefined, true);
  const created = applyOperation(total, CREATE(volume1));
  eq(created, R("cpus:1;mem:512;disk(role):800").plus(volume1));
  eq(applyOperation(created, DESTROY(volume1)), total);
  throwsA(() => applyOperation(total, CREATE(D(2000, "role", "1", "path", undefined, true))), OperationError);
});

test("ResourcesOperationTest.DestroySharedPersistentVolumeMultipleCopies: refused while copies remain", () => {
  const volume1 = diskResource(200, "role", "1", "path", undefined, true);
  const total = R("cpus:1;mem:512;disk(role):800").plus(volume1).plus(volume1);
  throwsA(() => applyOperation(total, DESTROY(Resources.of([volume1]))), OperationError, /shared copies/);
});

test("ResourcesOperationTest.FlattenResources: RESERVE then CREATE then DESTROY then UNRESERVE", () => {
  const start = R("cpus:1;mem:512;disk:100");
  const reserved = R("disk:100").pushReservation(dynamicRes("role", "p"));
  const volume = Resources.of([reserved.items[0]!.withMeta({ disk: { persistence: { id: "v1" }, volume: { containerPath: "/d", mode: "RW" } } })]);
  const end = applyOperations(start, [RESERVE(reserved), CREATE(volume), DESTROY(volume), UNRESERVE(reserved)]);
  eq(end, start);
  // The totals never change along the way (Mesos CHECKs cpus, mem, disk and ports).
  assert.is(applyOperations(start, [RESERVE(reserved), CREATE(volume)]).scalar("disk"), 100);
});

test("RolesTest.Validate: valid role names", () => {
  for (const role of ["*", "foo", "foo/bar", "a/b/c", "foo.bar", "foo..bar", "foo-bar", "x*", "**x", ".x", "..x", "foo\bbar", "foo\u00a0bar"]) {
    assert.ok(isValidRole(role), role);
  }
});

test("RolesTest.Validate: '.' and '..' components, slashes, '*' components, leading '-', whitespace", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    [".", /'\.'/],
    ["..", /'\.\.'/],
    ["foo/.", /'\.'/],
    ["foo/../bar", /'\.\.'/],
    ["/foo", /start with a slash/],
    ["foo/", /end with a slash/],
    ["foo//bar", /adjacent slashes/],
    ["foo/*", /'\*'/],
    ["*/foo", /'\*'/],
    ["-foo", /dash/],
    ["foo/-bar", /dash/],
    ["foo bar", /whitespace/],
    ["foo\tbar", /whitespace/],
    ["foo\nbar", /whitespace/],
    ["foo\x7fbar", /backspace/], // DEL is in Mesos's INVALID_CHARACTERS
    ["foo\vbar", /whitespace/],
    ["foo\rbar", /whitespace/],
  ];
  for (const [role, re] of bad) {
    const err = roleError(role);
    assert.ok(err !== undefined, JSON.stringify(role));
    assert.match(err as string, re, JSON.stringify(role));
  }
});

test("RolesTest.IsStrictSubroleOf and ancestors", () => {
  assert.ok(isStrictSubroleOf("a/b", "a"));
  assert.ok(isStrictSubroleOf("a/b/c", "a"));
  assert.not.ok(isStrictSubroleOf("a", "a"));
  assert.not.ok(isStrictSubroleOf("ab", "a"));
  assert.not.ok(isStrictSubroleOf("a", "a/b"));
  assert.ok(isInSubtree("a", "a"));
  assert.equal(ancestors("a/b/c"), ["a/b", "a"]);
  assert.equal(ancestors("a"), []);
});

test.run();
