// The role a task runs in (docs/experiment-format.md, `frameworks`): a task is
// allocated in one of its framework's roles, as Mesos allocates a task's resources to
// the role of the offer it was launched on. A framework may take tasks of a role it
// is not in (a `tasks: "*"` selector, Mesos's default role "*"): those run, and are
// counted, in its first role. Each run goes through the MetricsRecorder, as
// `mesosim run` does, with the invariants checked after every event.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import type { ReportSummary } from "../../reports/report-summary.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { FINISH } from "../reports/record-stream.ts";
import { experiment, failure, framework, machine, NO_OPTIONS, S, task, writeTrace } from "./helpers.ts";

async function summaryOf(records: readonly TraceRecord[], over: Partial<Experiment>): Promise<ReportSummary> {
  const ex = experiment(over);
  const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder, checkEveryEvent: true });
  return recorder.finish(FINISH);
}

const cluster = [machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096)];

test('a framework in role "*" taking every task ("*") runs tasks of any trace role, counted in "*", through an agent crash', async () => {
  // Four tasks of roles web and batch, 1 cpu for 100 s each, all launched at 0 on a1
  // (the first offer, all of a1). a1 crashes at 10 s and restarts at 40 s, its
  // executors gone (recoveryTimeout 0 s): the four are lost when it re-registers, 40 s
  // of work each, and relaunched at once on a2.
  const records = [...cluster, task(0, "w1", "web", 1, 512, 100 * S), task(0, "w2", "web", 1, 512, 100 * S), task(0, "b1", "batch", 1, 512, 100 * S), task(0, "b2", "batch", 1, 512, 100 * S)];
  const summary = await summaryOf(records, {
    frameworks: [framework("any", ["*"], { tasks: { kind: "all" } })],
    failures: [failure.crash(10 * S, ["a1"], 30 * S, 0)],
    horizon: 300 * S,
  });
  assert.equal(summary.roles.map((r) => [r.role, r.tasks.submitted, r.tasks.finished]), [["*", 4, 4]]);
  assert.equal(summary.frameworks.map((f) => [f.name, f.roles]), [["any", ["*"]]]);
  assert.is(summary.tasks.finished, 4);
  assert.ok(summary.roles[0]?.shareMax as number > 0, "role * held the cpus");
  const f = summary.failures;
  assert.equal([f.events, f.tasks.lost, f.tasks.relaunched, f.workLostCpuSeconds, f.timeToRecover.max], [1, 4, 4, 160, 30]);
});

test("a task of a role its framework is not in runs in the framework's first role; of one it is in, in that role", async () => {
  // "ab" is in roles a and b and takes every task of roles b and z; z is none of its roles.
  const records = [...cluster, task(0, "tb", "b", 1, 512, 10 * S), task(0, "tz", "z", 1, 512, 10 * S), task(0, "tc", "c", 1, 512, 10 * S)];
  const summary = await summaryOf(records, {
    frameworks: [framework("ab", ["a", "b"], { tasks: { kind: "roles", roles: ["b", "z"] } })],
  });
  // tc matched no selector: a framework made for role c. tz went to ab, in its first role a.
  assert.equal(summary.roles.map((r) => [r.role, r.tasks.submitted, r.tasks.finished]), [["a", 1, 1], ["b", 1, 1], ["c", 1, 1]]);
  assert.equal(summary.frameworks.map((f) => [f.name, f.tasksLaunched]), [["ab", 2], ["c", 1]]);
});

test('role "*" takes a weight like any other role, and a workload role mapped to "*" goes to a framework made for it', async () => {
  const records = [...cluster, task(0, "t1", "web", 1, 512, 10 * S), task(0, "t2", "batch", 1, 512, 10 * S)];
  const ex = experiment({ roles: new Map([["*", { weight: 2, guarantees: null, limits: null }]]) });
  const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  const roleMap = new Map([["web", "*"]]);
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: { ...NO_OPTIONS, roleMap } }], recorder, checkEveryEvent: true });
  const summary = recorder.finish(FINISH);
  assert.equal(summary.roles.map((r) => [r.role, r.weight, r.tasks.finished]), [["*", 2, 1], ["batch", 1, 1]]);
  assert.equal(summary.frameworks.map((f) => [f.name, f.roles]), [["*", ["*"]], ["batch", ["batch"]]]);
});

test.run();
