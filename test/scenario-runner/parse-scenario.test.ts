// The scenario parser's strict validation: every kind of invalid file is an error
// with exit code 2 whose message names the file, the step index and the field;
// and the spec's exceptions and defaults.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, parseScenario } from "../../sim/scenario/parse-scenario.ts";
import { ScenarioError } from "../../sim/scenario/scenario-error.ts";
import type { Step } from "../../sim/scenario/scenario-file.ts";

const PATH = "test/x.json";
const agent1 = { op: "addAgent", id: "agent1", resources: "cpus:2;mem:1024" };
const fw1 = { op: "addFramework", id: "framework1", roles: ["role1"] };
const parse = (steps: unknown[], extra: Record<string, unknown> = {}) => parseScenario({ name: "t", steps, ...extra }, PATH);

function rejects(steps: unknown[], expected: { step?: number; op?: string; field?: string; says: string }, extra: Record<string, unknown> = {}): void {
  try {
    parse(steps, extra);
  } catch (err) {
    assert.instance(err, ScenarioError);
    const e = err as ScenarioError;
    assert.is(e.exitCode, 2);
    assert.ok(e.message.startsWith(`${PATH}:`), e.message);
    if (expected.step !== undefined) {
      assert.is(e.step, expected.step);
      assert.ok(e.message.includes(`step ${expected.step} (${expected.op}):`), e.message);
    }
    if (expected.field !== undefined) assert.ok(e.message.includes(`field "${expected.field}":`), e.message);
    assert.ok(e.message.includes(expected.says), `"${e.message}" should say "${expected.says}"`);
    return;
  }
  assert.unreachable("the file was accepted");
}

test("the brief's example message: a decline naming an unknown agent", () => {
  try {
    parse([agent1, fw1, { op: "settle" }, { op: "expectNoOffers" }, { op: "decline", framework: "framework1", agent: "agent9", resources: "all" }]);
    assert.unreachable();
  } catch (err) {
    assert.is((err as Error).message, `${PATH}: step 4 (decline): field "agent": unknown agent "agent9"`);
  }
});

test("an unknown op is an error naming the op", () => {
  rejects([agent1, { op: "addSlave", id: "a" }], { step: 1, op: "addSlave", field: "op", says: 'unknown op "addSlave"' });
});

test("a step without op is an error", () => {
  rejects([{ id: "a" }], { field: "op", says: "expected a string" });
});

test("an unknown field of a step is an error, even where the op takes none", () => {
  rejects([{ ...agent1, hostname: "h" }], { step: 0, op: "addAgent", field: "hostname", says: "unknown field" });
  rejects([{ op: "settle", seconds: 1 }], { step: 0, op: "settle", field: "seconds", says: "unknown field (allowed: op)" });
});

test("unknown fields at the top level and in allocator are errors", () => {
  rejects([], { field: "seed", says: "unknown field" }, { seed: 1 });
  rejects([], { field: "allocator.interval", says: "unknown field" }, { allocator: { interval: 1 } });
  rejects([], { field: "allocator.sorter", says: 'unknown sorter "fifo"' }, { allocator: { sorter: "fifo" } });
});

test("nested unknown fields name their path: ALLOC, OP, unavailability", () => {
  rejects([agent1, fw1, { op: "expectOffers", offers: [{ framework: "framework1", agents: {}, agent: "x" }] }], {
    step: 2, op: "expectOffers", field: "offers[0].agent", says: "unknown field",
  });
  rejects([agent1, { op: "updateAvailable", agent: "agent1", operations: [{ type: "RESERVE", resources: "cpus:1", id: 3 }] }], {
    step: 1, op: "updateAvailable", field: "operations[0].id", says: "unknown field",
  });
  rejects([{ ...agent1, unavailability: { start: 1, end: 2 } }], { step: 0, op: "addAgent", field: "unavailability.end", says: "unknown field" });
});

test("a missing required field is an error", () => {
  rejects([{ op: "addAgent", id: "a" }], { step: 0, op: "addAgent", field: "resources", says: "missing" });
  rejects([{ op: "updateWhitelist" }], { step: 0, op: "updateWhitelist", field: "agents", says: "missing" });
  rejects([], { field: "name", says: "missing" }, { name: undefined });
});

test("a field of the wrong type is an error", () => {
  rejects([{ op: "advance", seconds: "1" }], { step: 0, op: "advance", field: "seconds", says: "expected a number" });
  rejects([{ ...fw1, roles: "role1" }], { step: 0, op: "addFramework", field: "roles", says: "expected a list" });
  rejects([{ ...fw1, active: "yes" }], { step: 0, op: "addFramework", field: "active", says: "expected true or false" });
  rejects([{ op: "advance", seconds: -1 }], { step: 0, op: "advance", field: "seconds", says: ">= 0" });
});

test("a bad resource string is an error carrying the parser's reason", () => {
  rejects([{ ...agent1, resources: "cpus:two" }], { step: 0, op: "addAgent", field: "resources", says: "bad resources" });
  rejects([agent1, fw1, { op: "expectOffers", offers: [{ framework: "framework1", agents: { agent1: "cpus(:1" } }] }], {
    step: 2, op: "expectOffers", field: "offers[0].agents.agent1", says: "bad resource",
  });
  rejects([{ op: "updateQuota", role: "r", guarantee: "cpus:x" }], { step: 0, op: "updateQuota", field: "guarantee", says: "bad quantities" });
});

test("every Mesos capability name is accepted (FrameworkInfo.Capability, SlaveInfo.Capability in mesos.proto)", () => {
  const framework = ["MULTI_ROLE", "REVOCABLE_RESOURCES", "TASK_KILLING_STATE", "GPU_RESOURCES", "SHARED_RESOURCES", "PARTITION_AWARE", "REGION_AWARE", "RESERVATION_REFINEMENT"];
  const agent = ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT", "RESOURCE_PROVIDER", "RESIZE_VOLUME", "AGENT_OPERATION_FEEDBACK", "AGENT_DRAINING", "TASK_RESOURCE_LIMITS"];
  const steps = parse([{ ...agent1, capabilities: agent }, { ...fw1, capabilities: framework }]).steps;
  assert.is(steps.length, 2);
  // The example: an agent naming only TASK_RESOURCE_LIMITS.
  parse([{ ...agent1, capabilities: ["TASK_RESOURCE_LIMITS"] }]);
});

test("bad capability names are errors, for frameworks and agents", () => {
  rejects([{ ...fw1, capabilities: ["GPU_RESOURCES", "TELEPORT"] }], { step: 0, op: "addFramework", field: "capabilities[1]", says: 'unknown framework capability "TELEPORT"' });
  rejects([{ ...agent1, capabilities: ["GPU_RESOURCES"] }], { step: 0, op: "addAgent", field: "capabilities[0]", says: 'unknown agent capability "GPU_RESOURCES"' });
});

test("steps acting on agents or frameworks that do not exist are errors", () => {
  rejects([{ op: "removeAgent", id: "agent1" }], { step: 0, op: "removeAgent", field: "id", says: 'unknown agent "agent1"' });
  rejects([agent1, { op: "removeAgent", id: "agent1" }, { op: "deactivateAgent", id: "agent1" }], {
    step: 2, op: "deactivateAgent", field: "id", says: "removed at step 1",
  });
  rejects([{ op: "suppress", framework: "framework1" }], { step: 0, op: "suppress", field: "framework", says: 'unknown framework "framework1"' });
  rejects([agent1, { op: "return", framework: "fw", agent: "agent1", resources: "all" }], { step: 1, op: "return", field: "framework", says: "unknown framework" });
  rejects([{ op: "updateUnavailability", agent: "a", start: 1 }], { step: 0, op: "updateUnavailability", field: "agent", says: "unknown agent" });
  rejects([agent1, agent1], { step: 1, op: "addAgent", field: "id", says: "already exists" });
  rejects([agent1, fw1, { op: "expectOffers", offers: [{ framework: "framework2", agents: {} }] }], {
    step: 2, op: "expectOffers", field: "offers[0].framework", says: "never added",
  });
});

test("`used` may name agents and frameworks not added yet; a whitelist may name non-agents", () => {
  const f = parse([
    { op: "updateWhitelist", agents: ["agent1", "not-an-agent"] },
    { ...agent1, used: { framework9: "cpus:1" } },
    { ...fw1, used: { agent7: "cpus:1" } },
  ]);
  assert.is(f.steps.length, 3);
});

test("`used` short form: the framework's only role; unknown framework: its own allocation role, else *", () => {
  const f = parse([
    fw1,
    { ...agent1, used: { framework1: "cpus:1", framework9: "mem:32", framework8: { r2: "cpus:0.5" } } },
  ]);
  const step = f.steps[1] as Extract<Step, { op: "addAgent" }>;
  assert.ok(step.used.get("framework1")?.equals(parseResources("cpus:1").allocate("role1")));
  assert.ok(step.used.get("framework9")?.equals(parseResources("mem:32").allocate("*")));
  assert.ok(step.used.get("framework8")?.equals(parseResources("cpus:0.5").allocate("r2")));
  // A known framework with several roles needs the long form.
  rejects([{ ...fw1, roles: ["a", "b"] }, { ...agent1, used: { framework1: "cpus:1" } }], { step: 1, op: "addAgent", field: "used.framework1", says: "give {role: RES}" });
});

test("decline: resources tagged with the role, 5 s by default, 0 passed through; return has no filter", () => {
  const f = parse([
    agent1, fw1,
    { op: "decline", framework: "framework1", agent: "agent1", resources: "cpus:1" },
    { op: "decline", framework: "framework1", agent: "agent1", resources: "all", refuseSeconds: 0 },
    { op: "return", framework: "framework1", agent: "agent1", resources: "mem:1" },
  ]);
  const [d1, d2, r] = f.steps.slice(2) as Array<Extract<Step, { op: "decline" | "return" }>>;
  assert.is(d1?.refuseSeconds, 5);
  assert.ok(d1?.target.kind === "resources" && d1.target.resources.equals(parseResources("cpus:1").allocate("role1")));
  assert.is(d2?.refuseSeconds, 0);
  assert.equal(d2?.target, { kind: "all" });
  assert.is(r?.refuseSeconds, undefined);
  rejects([agent1, { ...fw1, roles: ["a", "b"] }, { op: "decline", framework: "framework1", agent: "agent1", resources: "cpus:1" }], {
    step: 2, op: "decline", field: "role", says: "has 2 roles",
  });
});

test("updateQuota: quota is guarantee = limit; absent guarantee none, absent limit unlimited; none of them removes", () => {
  const f = parse([
    { op: "updateQuota", role: "r", quota: "cpus:2;mem:0" },
    { op: "updateQuota", role: "r", limit: "cpus:0" },
    { op: "updateQuota", role: "r" },
  ]);
  const [q1, q2, q3] = f.steps as Array<Extract<Step, { op: "updateQuota" }>>;
  assert.ok(q1?.quota?.guarantees.equals(Quantities.parse("cpus:2")));
  assert.ok(q1?.quota?.limits.equals(Limits.parse("cpus:2;mem:0")), "a zero limit is kept");
  assert.ok(q2?.quota?.guarantees.isEmpty());
  assert.ok(q2?.quota?.limits.equals(Limits.parse("cpus:0")));
  assert.is(q3?.quota, undefined);
});

test("allocator defaults are Mesos's: drf, 1 s, cpus:0.01|mem:32, gpus filtered, seed 0", () => {
  const f = parse([]);
  assert.is(f.allocator.sorter, "drf");
  assert.is(f.allocator.allocationInterval, 1);
  assert.equal(f.allocator.minAllocatable.map((q) => q.toString()), ["cpus:0.01", "mem:32"]);
  assert.is(f.allocator.filterGpuResources, true);
  assert.is(f.allocator.seed, 0);
  assert.equal(parse([], { allocator: { minAllocatable: [] } }).allocator.minAllocatable, []);
});

test("times become integer µs; updateAgent's revocable total is made revocable", () => {
  const f = parse([
    { ...agent1, unavailability: { start: 1.5, duration: 3600 } },
    { op: "updateAgent", id: "agent1", revocable: "cpus:4" },
  ]);
  const add = f.steps[0] as Extract<Step, { op: "addAgent" }>;
  assert.equal(add.unavailability, { start: 1_500_000, duration: 3_600_000_000 });
  const upd = f.steps[1] as Extract<Step, { op: "updateAgent" }>;
  assert.ok(upd.revocable?.items.every((r) => r.revocable));
});

test('the allocator seed is an integer: "seed": 1.5 is an error (issue 10 §4), and so is a negative interval', () => {
  rejects([], { field: "allocator.seed", says: "expected an integer in [0, 2^53-1] (got 1.5)" }, { allocator: { seed: 1.5 } });
  rejects([], { field: "allocator.allocationInterval", says: "expected a number > 0 (got -1)" }, { allocator: { allocationInterval: -1 } });
});

test("a file's errors carry its line and column (the key at fault; the step for a missing field), and YAML files read alike", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-scenario-"));
  const file = join(dir, "s.json");
  writeFileSync(file, '{"name": "t", "allocator": {"seed": 1.5},\n "steps": []}');
  assert.throws(() => loadScenario(file), (e: Error) => e.message === `${file}:1:29: field "allocator.seed": expected an integer in [0, 2^53-1] (got 1.5)`);
  writeFileSync(file, '{"name": "t", "steps": [\n  {"op": "addAgent", "id": "a"},\n  {"op": "advance", "seconds": -2}]}');
  assert.throws(() => loadScenario(file), (e: Error) => e.message === `${file}:2:3: step 0 (addAgent): field "resources": expected resources (a string or a list) (got nothing: the field is missing)`);
  const yaml = join(dir, "s.yaml");
  writeFileSync(yaml, "name: t\nsteps:\n  - op: addAgent\n    id: a\n    resources: cpus:1\n  - op: advance\n    seconds: -2\n");
  assert.throws(() => loadScenario(yaml), (e: Error) => e.message === `${yaml}:7:5: step 1 (advance): field "seconds": expected a number >= 0 (got -2)`);
  writeFileSync(yaml, "name: t\nsteps:\n  - op: addAgent\n    id: a\n    resources: cpus:1\n");
  assert.is(loadScenario(yaml).steps.length, 1);
});

test("expectations may name agents and frameworks removed since (offers made before removal)", () => {
  const f = parse([
    agent1, fw1, { op: "removeFramework", id: "framework1" }, { op: "removeAgent", id: "agent1" },
    { op: "expectOffers", offers: [{ framework: "framework1", agents: { agent1: "cpus:2;mem:1024" } }] },
  ]);
  const e = f.steps[4] as Extract<Step, { op: "expectOffers" | "expectNoOffers" }>;
  assert.is(e.offers[0]?.form, "agents");
});

test("time is bounded by the clock's range, 2^53 − 1 µs (issue 10 §1: an advance of 1e300 s spun forever)", () => {
  rejects([{ op: "advance", seconds: 1e300 }], { step: 0, op: "advance", field: "seconds", says: "at most 9007199254.740991 seconds" });
  // Each advance fits, their sum does not: the step that crosses the line is named.
  rejects([{ op: "advance", seconds: 5e9 }, { op: "settle" }, { op: "advance", seconds: 5e9 }], { step: 2, op: "advance", field: "seconds", says: "past the latest time 9007199254740991 µs" });
  // The last valid instant is accepted, exactly.
  parse([{ op: "advance", seconds: 9007199254 }, { op: "advance", seconds: 0.740991 }]);
  rejects([agent1, { op: "updateUnavailability", agent: "agent1", start: 1e20 }], { step: 1, op: "updateUnavailability", field: "start", says: "at most" });
  rejects([], { field: "allocator.allocationInterval", says: "at most" }, { allocator: { allocationInterval: 1e300 } });
  rejects([], { field: "allocator.allocationInterval", says: "at least 0.000001 seconds" }, { allocator: { allocationInterval: 1e-9 } });
});

test("a resource amount beyond 10^12 is an invalid file naming the step and field (issue 10 §2: a scenario accepted cpus:1e300)", () => {
  rejects([{ op: "addAgent", id: "agent1", resources: "cpus:1e300" }], { step: 0, op: "addAgent", field: "resources", says: "more than 1000000000000" });
});

test.run();
