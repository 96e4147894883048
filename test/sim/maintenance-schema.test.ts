// The `maintenance` and `oversubscription` keys and the batch model's params
// (docs/experiment-format.md): what they normalise to, and bad input as an
// InputError (exit 2) naming the file with line and column, the key path and the field. One end-to-end
// `mesosim run` of both keys, whose summary carries their figures.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../../common/input-error.ts";
import { loadExperiment } from "../../sim/experiment/load-experiment.ts";
import { selectAgents, type SelectableAgent } from "../../sim/maintenance/agent-selector.ts";
import { RandomSource } from "../../common/random-source.ts";
import { machine, S, task, writeTrace } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");

function load(extra: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-maint-schema-"));
  writeFileSync(join(dir, "t.jsonl"), "");
  const path = join(dir, "e.json");
  writeFileSync(path, JSON.stringify({ format: "mesosim-experiment/1", name: "t", workload: [{ trace: "t.jsonl" }], ...extra }));
  return { path, load: () => loadExperiment(path) };
}

test("maintenance and oversubscription normalise with Mesos's defaults: drain grace 3 s (the executor's kill grace period), estimator interval 15 s (--oversubscribed_resources_interval), no QoS controller", () => {
  const ex = load({
    maintenance: [{ start: "1h", duration: "10m", agents: { attribute: "rack:r1", count: 2 }, drain: {} }],
    oversubscription: { estimator: { kind: "usage" } },
  }).load();
  assert.equal(ex.maintenance, [{ start: 3600 * S, duration: 600 * S, agents: { kind: "pick", attributes: "rack:r1", count: 2, fraction: null }, scheduledAt: 0, drain: { gracePeriod: 3 * S, markGone: false } }]);
  assert.equal(ex.oversubscription, { agents: { kind: "all" }, estimator: { kind: "usage", headroom: 0 }, interval: 15 * S, qos: null, usageModel: { cpusFraction: 0.5 } });
  const none = load({}).load();
  assert.equal([none.maintenance, none.oversubscription], [[], null]);
});

const badCases: Array<[string, Record<string, unknown>, string]> = [
  ["a schedule posted after its window starts", { maintenance: [{ start: "10s", agents: "all", scheduledAt: "20s" }] }, "maintenance.0.scheduledAt: the schedule must be posted at or before the window's start (20 s > 10 s)"],
  ["a drain that would start before the schedule is posted", { maintenance: [{ start: "10s", agents: "all", drain: { gracePeriod: "30s" } }] }, "maintenance.0.drain.gracePeriod: the drain starts gracePeriod before the window (at -20 s), which is before the schedule is posted (0 s)"],
  ["an empty selector", { maintenance: [{ start: "10s", agents: {} }] }, 'maintenance.0.agents: expected "all", {ids: [...]}, or at least one of attribute, count and fraction'],
  ["count and fraction together", { maintenance: [{ start: "10s", agents: { count: 2, fraction: 0.5 } }] }, "maintenance.0.agents.fraction: give count or fraction, not both"],
  ["an unknown key in a window", { maintenance: [{ start: "10s", agents: "all", colour: 1 }] }, "maintenance.0.colour: unknown field (allowed: start, duration, agents, scheduledAt, drain)"],
  ["an attribute without a value", { maintenance: [{ start: "10s", agents: { attribute: "rack" } }] }, 'maintenance.0.agents.attribute: expected "name:value" attributes'],
  ["a count of lending agents", { oversubscription: { agents: { count: 3 }, estimator: { kind: "fixed", resources: "cpus:1" } } }, "oversubscription.agents: expected \"all\", {ids: [...]} or {attribute: ...}"],
  ["reserved revocable resources", { oversubscription: { estimator: { kind: "fixed", resources: "cpus(r):1" } } }, "oversubscription.estimator.resources: expected unreserved scalars"],
  ["a load controller without a threshold", { oversubscription: { estimator: { kind: "fixed", resources: "cpus:1" }, qos: { kind: "load" } } }, "oversubscription.qos: expected threshold5min, threshold15min or both"],
  ["a misspelt threshold (not also a controller without one)", { oversubscription: { estimator: { kind: "fixed", resources: "cpus:1" }, qos: { kind: "load", threshold: 4 } } }, "oversubscription.qos.threshold: unknown field (allowed: kind, threshold5min, threshold15min)"],
  ["a misspelt drain key", { maintenance: [{ start: "10m", agents: "all", drain: { grace: "30s" } }] }, "maintenance.0.drain.grace: unknown field (allowed: gracePeriod, markGone)"],
  ["a negative duration (one problem, not also below 1 µs)", { maintenance: [{ start: "10m", duration: "-1h", agents: "all" }] }, 'maintenance.0.duration: expected a duration from 0 to 2^53 µs (about 285 years) (got "-1h")'],
  ["an unknown estimator", { oversubscription: { estimator: { kind: "magic" } } }, 'oversubscription.estimator.kind: expected one of "fixed", "usage" (got "magic")'],
  // The ids form's own problems are named at their key, not as the other form's unknown field.
  ["an agent id given as a number", { maintenance: [{ start: "10s", agents: { ids: [5] } }] }, "maintenance.0.agents.ids.0: expected string (got 5)"],
  ["an agent id given as a number, in a failure", { failures: [{ at: "10s", kind: "partition", agents: { ids: ["a", 7] } }] }, "failures.0.agents.ids.1: expected string (got 7)"],
  ["ids with a count", { maintenance: [{ start: "10s", agents: { ids: ["a"], count: 1 } }] }, "maintenance.0.agents.count: give ids, or attribute, count and fraction, not both"],
  ["a misspelt selector key", { maintenance: [{ start: "10s", agents: { idz: ["a"] } }] }, "maintenance.0.agents.idz: unknown field (allowed: ids, attribute, count, fraction)"],
  ["an unknown inverse-offer answer", { frameworks: [{ name: "f", roles: ["r"], params: { inverseOffers: "maybe" } }] }, 'frameworks.0.params.inverseOffers: expected one of "accept", "decline", "ignore" (got "maybe")'],
];

for (const [what, extra, says] of badCases) {
  test(`${what} is an InputError naming the file, key path and field`, () => {
    const { path, load: go } = load(extra);
    try {
      go();
      assert.unreachable("loaded");
    } catch (err) {
      assert.instance(err, InputError);
      // file:line:column: key.path: what was expected (got …)
      const message = (err as Error).message;
      assert.ok(message.startsWith(`${path}:1:`) && message.includes(`: ${says}`), message);
      assert.not.ok(message.includes("\n"), `one problem, one line: ${message}`);
    }
  });
}

test("a count or fraction picks a seeded uniform subset of the matching agents, in registration order; the same seed picks the same ones", () => {
  const agents: SelectableAgent[] = Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, attributes: new Map([["rack", i < 6 ? "r1" : "r2"]]) }));
  const pick = (seed: number, fraction: number | null, count: number | null) =>
    selectAgents({ kind: "pick", attributes: "rack:r1", count, fraction }, agents, new RandomSource(seed).stream("sim/maintenance/0")).map((a) => a.id);
  const a = pick(1, null, 3);
  assert.is(a.length, 3);
  assert.ok(a.every((id) => Number(id.slice(1)) < 6), "only rack r1");
  assert.equal(a, [...a].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))), "registration order");
  assert.equal(pick(1, null, 3), a);
  // fraction 0.5 of the 6 in r1: round(3) = 3; more than there are: all 6.
  assert.is(pick(2, 0.5, null).length, 3);
  assert.equal(pick(2, null, 99), ["a0", "a1", "a2", "a3", "a4", "a5"]);
  // Over many seeds every r1 agent gets picked: the pick is not a fixed prefix.
  const seen = new Set<string>();
  for (let s = 0; s < 40; s++) for (const id of pick(s, null, 1)) seen.add(id);
  assert.equal([...seen].sort(), ["a0", "a1", "a2", "a3", "a4", "a5"]);
});

test("mesosim run with maintenance and oversubscription: exit 0, and summary.json's failures section reports the drain, the inverse offers and the revocable cpu-seconds", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-maint-run-"));
  const tracePath = writeTrace([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S), task(0, "t2", "r", 1, 512, 100 * S)]);
  const path = join(dir, "e.yaml");
  writeFileSync(
    path,
    [
      "format: mesosim-experiment/1",
      "name: maint",
      `workload: [{trace: ${JSON.stringify(tracePath)}}]`,
      "horizon: 60s",
      "frameworks: [{name: f, roles: [r], capabilities: [REVOCABLE_RESOURCES], suppressWhenIdle: false}]",
      "maintenance: [{start: 20s, duration: 10s, agents: {ids: [a1]}, scheduledAt: 5s, drain: {gracePeriod: 3s}}]",
      "oversubscription: {estimator: {kind: fixed, resources: 'cpus:2'}}",
    ].join("\n"),
  );
  const out = join(dir, "run");
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), "run", path, "--out", out, "--json"], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { failures: { maintenance: Record<string, unknown>; oversubscription: Record<string, number> } };
  const m = summary.failures.maintenance;
  assert.equal([m.agentsScheduled, m.agentsDrained, m.agentsDown, m.agentsUp], [1, 1, 1, 1]);
  assert.ok((summary.failures.oversubscription.revocableCpuSeconds as number) > 0, JSON.stringify(summary.failures));
  const header = readFileSync(join(out, "timeseries.csv"), "utf8").split("\r\n")[0] as string;
  assert.ok(header.endsWith(",cpus_revocable_total,cpus_revocable_allocated,cpus_revocable_offered,mem_revocable_total,mem_revocable_allocated,mem_revocable_offered"), header);
});

test.run();
