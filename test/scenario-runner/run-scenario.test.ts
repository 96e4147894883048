// The runner drives an Allocator as the spec's "Time and triggering" says. These
// tests use a fake allocator that logs calls, so they check the runner's mapping
// of steps onto the API, not allocation policy.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { parseScenario } from "../../sim/scenario/parse-scenario.ts";
import { runScenario } from "../../sim/scenario/run-scenario.ts";
import { fakeFactory, operationError } from "./fake-allocator.ts";
import type { FakeAllocator } from "./fake-allocator.ts";

const agent1 = { op: "addAgent", id: "agent1", resources: "cpus:2;mem:1024" };
const fw1 = { op: "addFramework", id: "framework1", roles: ["role1"] };
const offer1 = { op: "expectOffers", offers: [{ framework: "framework1", agents: { agent1: "cpus:2;mem:1024" } }] };

function run(steps: unknown[], setup?: (f: FakeAllocator) => void, allocator?: Record<string, unknown>) {
  const factory = fakeFactory(setup);
  const file = parseScenario(allocator === undefined ? { name: "t", steps } : { name: "t", allocator, steps }, "t.json");
  const result = runScenario(file, factory.create);
  return { result, fake: factory.last() };
}

const methods = (f: FakeAllocator): string[] => f.calls.map((c) => c[0]);

test("the allocator gets the file's options, Mesos's default minimum, and seeded named streams", () => {
  const { fake } = run([], undefined, { allocationInterval: 2, seed: 5, sorter: "random" });
  assert.is(fake.options.allocationInterval, 2);
  assert.is(fake.options.sorter, "random");
  assert.equal(fake.options.minAllocatable?.map((q) => q.toString()), ["cpus:0.01", "mem:32"]);
  const a = fake.options.random("allocator/shuffle");
  const again = run([], undefined, { seed: 5 }).fake.options.random("allocator/shuffle");
  assert.is(a(), again(), "same seed and name, same stream");
});

test("triggered runs wait for the next settle, expect or advance step, and the file ends with a settle", () => {
  const { result, fake } = run([agent1, fw1, offer1]);
  assert.ok(result.passed, JSON.stringify(result.failures));
  assert.equal(methods(fake), ["addAgent", "addFramework", "settle", "settle"]);
  assert.equal(fake.runs, [{ at: 0, periodic: false }]);
});

test("offers are only those made since the previous expectOffers", () => {
  const { result } = run([agent1, fw1, offer1, { op: "expectNoOffers" }]);
  assert.ok(result.passed, JSON.stringify(result.failures));
});

test("advance settles first, then moves time by seconds·1e6 µs", () => {
  const { fake } = run([agent1, { op: "advance", seconds: 1.5 }, { op: "advance", seconds: 0.25 }]);
  assert.equal(fake.calls.filter((c) => c[0] === "advanceTo").map((c) => c[1]), [1_500_000, 1_750_000]);
  assert.equal(methods(fake).slice(0, 3), ["addAgent", "settle", "advanceTo"]);
});

test("decline recovers the RES tagged with the role with a 5 s filter; 0 passes 0; return passes none", () => {
  const { fake } = run([
    agent1, fw1, offer1,
    { op: "decline", framework: "framework1", agent: "agent1", resources: "cpus:1" },
    { op: "decline", framework: "framework1", agent: "agent1", resources: "mem:512", refuseSeconds: 0 },
    { op: "return", framework: "framework1", agent: "agent1", resources: "mem:512" },
  ]);
  const recovered = fake.calls.filter((c) => c[0] === "recoverResources");
  assert.equal(recovered.map((c) => c[4]), [5, 0, undefined]);
  const first = recovered[0]?.[3] as Resources;
  assert.ok(first.equals(parseResources("cpus:1").allocate("role1")), first.toString());
});

test('"all" recovers everything held on the agent; holding nothing, the step does nothing', () => {
  const { fake } = run([
    agent1, fw1, offer1,
    { op: "decline", framework: "framework1", agent: "agent1", resources: "all", refuseSeconds: 10 },
    { op: "return", framework: "framework1", agent: "agent1", resources: "all" },
  ]);
  const recovered = fake.calls.filter((c) => c[0] === "recoverResources");
  assert.is(recovered.length, 1);
  assert.ok((recovered[0]?.[3] as Resources).equals(parseResources("cpus:2;mem:1024").allocate("role1")));
  assert.is(recovered[0]?.[4], 10);
});

test("updateAvailable with expect fail passes only if the call throws OperationError", () => {
  const op = { op: "updateAvailable", agent: "agent1", operations: [{ type: "UNRESERVE", resources: "cpus:1" }] };
  assert.ok(run([agent1, { ...op, expect: "fail" }], (f) => (f.updateAvailableThrows = operationError())).result.passed);
  const applied = run([agent1, { ...op, expect: "fail" }]).result;
  assert.not.ok(applied.passed);
  assert.match(applied.failures[0]?.message ?? "", /expected the operations to fail/);
  const failed = run([agent1, op], (f) => (f.updateAvailableThrows = operationError())).result;
  assert.equal(failed.failures.map((f) => f.step), [1]);
  // Any other error is not an expected failure: the run stops at that step.
  const crashed = run([agent1, { ...op, expect: "fail" }, { op: "expectNoOffers" }], (f) => (f.updateAvailableThrows = new TypeError("bug"))).result;
  assert.equal(crashed.failures.map((f) => [f.step, f.message]), [[1, "the allocator threw: TypeError: bug"]]);
});

test("updateFramework keeps what it does not name, suppressed roles included", () => {
  const { fake } = run([
    { ...fw1, roles: ["a", "b"], capabilities: ["GPU_RESOURCES"] },
    { op: "suppress", framework: "framework1", roles: ["a"] },
    { op: "updateFramework", id: "framework1", roles: ["a", "b", "c"] },
    { op: "revive", framework: "framework1" },
    { op: "updateFramework", id: "framework1", suppressedRoles: ["c"] },
  ]);
  const updates = fake.calls.filter((c) => c[0] === "updateFramework").map((c) => c[2] as { roles: string[]; capabilities: string[]; suppressedRoles: string[] });
  assert.equal(updates[0]?.roles, ["a", "b", "c"]);
  assert.equal(updates[0]?.capabilities, ["GPU_RESOURCES"]);
  assert.equal(updates[0]?.suppressedRoles, ["a"]);
  assert.equal(updates[1]?.suppressedRoles, ["c"]);
});

test("expectShares compares role and framework shares within the tolerance", () => {
  const setup = (f: FakeAllocator): void => {
    f.roleShares = new Map([["role1", 0.5]]);
    f.frameworkShares = new Map([["framework1", new Map([["role1", 1 / 3]])]]);
  };
  const ok = run([fw1, { op: "expectShares", roles: { role1: 0.5, other: 0 }, frameworks: { framework1: 0.333333 }, tolerance: 1e-6 }], setup).result;
  assert.ok(ok.passed, JSON.stringify(ok.failures));
  const bad = run([fw1, { op: "expectShares", roles: { role1: 0.25 }, frameworks: { framework1: { role1: 0.5 } } }], setup).result;
  assert.is(bad.failures.length, 1);
  assert.match(bad.failures[0]?.message ?? "", /role "role1": expected 0.25, actual 0.5/);
  assert.match(bad.failures[0]?.message ?? "", /framework "framework1" in role "role1": expected 0.5, actual 0.333/);
});

test("expectInverseOffers compares inverse offers since the previous one, times in seconds", () => {
  const steps = [agent1, fw1, offer1, { op: "updateUnavailability", agent: "agent1", start: 10, duration: 60 }];
  assert.ok(run([...steps, { op: "expectInverseOffers", offers: [{ framework: "framework1", agent: "agent1", start: 10, duration: 60 }] }]).result.passed);
  const wrong = run([...steps, { op: "expectInverseOffers", offers: [{ framework: "framework1", agent: "agent1", start: 10 }] }]).result;
  assert.not.ok(wrong.passed);
  assert.match(wrong.failures[0]?.message ?? "", /- \[1\]\s+framework1\s+agent1\s+start 10s\n/);
  assert.match(wrong.failures[0]?.message ?? "", /\+ \[1\]\s+framework1\s+agent1\s+start 10s, duration 60s/);
});

test("a failed expectation is recorded and the run goes on to report the next one", () => {
  const { result } = run([agent1, fw1, { op: "expectNoOffers" }, { op: "addAgent", id: "agent2", resources: "cpus:1;mem:64" }, { op: "expectNoOffers" }]);
  assert.equal(result.failures.map((f) => [f.step, f.op]), [[2, "expectNoOffers"], [4, "expectNoOffers"]]);
});

test.run();
