// The failures section of `mesosim run`'s terminal summary (reports/format-summary-table.ts):
// shown only when the run had failures, maintenance or oversubscription, with the
// headline figures of summary.failures (docs/report-format.md, "Failures").
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatSummaryTable } from "../../reports/format-summary-table.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { experiment, failure, framework, machine, NO_OPTIONS, S, task, writeTrace } from "../sim/helpers.ts";
import { FINISH } from "./record-stream.ts";

async function tableOf(records: readonly TraceRecord[], over: Partial<Experiment>): Promise<string> {
  const ex = experiment(over);
  const metrics = new MetricsRecorder({ dir: null, sampleInterval: 60 * S });
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder: metrics, checkEveryEvent: true });
  return formatSummaryTable({ ...metrics.finish(FINISH) });
}

const fw = framework("f", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"] });
const records = [machine(0, "a1", 4, 4096), machine(0, "a2", 2, 2048), task(0, "t1", "r", 6, 512, 1000 * S), task(0, "t2", "r", 1, 512, 1000 * S)];

test("a run with a failure, a maintenance window and revocable resources ends its table with what they cost", async () => {
  // a1 lends 2 cpus (fixed); t1 takes a1's 4 and the 2 lent, t2 one of a2's 2 cpus.
  // - a1 is cut off from 10 s to 210 s: marked unreachable at 90 s (t1 TASK_LOST), back
  //   at 210 s with t1 still running, which f takes back: its 90 s × 6 cpus of work are
  //   given back (work lost 0), and it ran again 200 s after the partition began.
  // - a2 is scheduled down from the start, for 300–350 s, without a drain: f gets an
  //   inverse offer at every allocation run after its last answer's 5 s filter (0, 5,
  //   …, 295 s: 60) and accepts each; t2 goes with the machine (300 s × 1 cpu lost) and
  //   runs again when a2 is up.
  // - t1 holds 2 revocable cpus over [0, 90) and [210, 400), all that a1 lends while
  //   the master has it: 560 cpu-seconds each; its recovery is no launch.
  const table = await tableOf(records, {
    frameworks: [fw],
    horizon: 400 * S,
    oversubscription: { agents: { kind: "ids", ids: ["a1"] }, estimator: { kind: "fixed", resources: "cpus:2" }, interval: 15 * S, qos: null, usageModel: { cpusFraction: 0.5 } },
    failures: [failure.partition(10 * S, ["a1"], 200 * S)],
    maintenance: [{ start: 300 * S, duration: 50 * S, agents: { kind: "ids", ids: ["a2"] }, scheduledAt: 0, drain: null }],
  });
  const section = table.slice(table.indexOf("\n\nfailures ") + 2);
  assert.equal(section.split("\n"), [
    "failures   events  agents lost  back  tasks lost  relaunched  work lost (cpu·s)  recover p50 (s)  max  unrecovered",
    "all             1            1     1           1           0                  0              200  200            0",
    "partition       1            1     1           1           0                  0              200  200            0",
    "tasks lost: every end a failure caused (TASK_LOST, TASK_UNREACHABLE, TASK_GONE, killed); 1 taken back from returning agents; 0 offers rescinded",
    "maintenance: agents 1 scheduled, 0 drained, 1 down (0 gone), 1 up; tasks 0 drained, 1 taken down; work lost 300 cpu·s; 60 inverse offers (60 accepted, 0 declined)",
    "oversubscription: 560 of 560 revocable cpu·s lent used; 1 revocable launches, 0 revocable kills (work lost 0 cpu·s)",
    "",
  ]);
});

test("each part shows only when it happened: none without failures, maintenance or oversubscription, and a failure list in which nothing happened shows nothing", async () => {
  const plain = await tableOf(records, { frameworks: [fw], horizon: 100 * S });
  assert.not.match(plain, /failures|maintenance|oversubscription/);
  // A framework failover of a framework that never registers: no failure happened.
  const none = await tableOf(records, { frameworks: [fw], horizon: 100 * S, failures: [failure.framework(10 * S, "nobody", 5 * S)] });
  assert.not.match(none, /failures|maintenance|oversubscription/);
  // Oversubscription alone: its line only. Both agents lend 2 cpus (400 cpu-seconds
  // over 100 s); t1 holds 2 of a1's and t2 1 of a2's (a task takes revocable first).
  const lent = await tableOf(records, {
    frameworks: [fw],
    horizon: 100 * S,
    oversubscription: { agents: { kind: "all" }, estimator: { kind: "fixed", resources: "cpus:2" }, interval: 15 * S, qos: null, usageModel: { cpusFraction: 0.5 } },
  });
  assert.not.match(lent, /\nfailures |\nmaintenance:/);
  assert.match(lent, /\noversubscription: 300 of 400 revocable cpu·s lent used; 2 revocable launches, 0 revocable kills \(work lost 0 cpu·s\)\n$/);
});

test.run();
