// Corners of valid input that once crashed a run (exit 3) or gave a wrong figure:
// each is run end to end through the MetricsRecorder, as `mesosim run` does, with
// the invariants checked after every event.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../../common/input-error.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import type { ReportSummary } from "../../reports/report-summary.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { FINISH } from "../reports/record-stream.ts";
import { experiment, machine, NO_OPTIONS, S, task, writeTrace } from "./helpers.ts";

async function summaryOf(records: readonly TraceRecord[], over: Partial<Experiment>): Promise<ReportSummary> {
  const ex = experiment(over);
  const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder, checkEveryEvent: true });
  return recorder.finish(FINISH);
}

const role = (weight: number) => ({ weight, guarantees: null, limits: null });

test("a role of weight 1e-300 (Mesos takes any positive weight): the run's summary has Jain's index, not a NaN that stopped it", async () => {
  // Two roles, one task each of 1 cpu on an agent of 4: both shares 0.25, weighted
  // 0.25e300 and 0.25 → Jain's index (x + y)² / (2(x² + y²)) = 0.5 (to 1e-300).
  const records = [machine(0, "a1", 4, 4096), task(0, "t1", "tiny", 1, 512, 10 * S), task(0, "t2", "big", 1, 512, 10 * S)];
  const summary = await summaryOf(records, { roles: new Map([["tiny", role(1e-300)]]) });
  assert.is(summary.tasks.finished, 2);
  assert.ok(Math.abs((summary.fairness.jain.mean as number) - 0.5) < 1e-9, `jain.mean ${summary.fairness.jain.mean}`);
  assert.ok(Math.abs((summary.fairness.jain.min as number) - 0.5) < 1e-9, `jain.min ${summary.fairness.jain.min}`);
});

test("a timeScale below 1 that stretches trace times past the clock's range (2^53 − 1 µs): past a horizon nothing of it runs; without one it is bad input naming the key, not an internal error", async () => {
  const records = [machine(0, "a1", 4, 4096), task(S, "t1", "r", 1, 512, 10 * S)];
  const path = writeTrace(records);
  const options = { ...NO_OPTIONS, timeScale: 1e-300 };
  const run = (horizon: number | null) => {
    const ex = experiment({ horizon });
    const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
    return runSimulation({ experiment: ex, workload: [{ path, options }], recorder, checkEveryEvent: true }).then(() => recorder.finish(FINISH));
  };
  const summary = await run(3600 * S);
  assert.is(summary.tasks.submitted, 0);
  assert.is(summary.cluster.agents.end, 1);
  try {
    await run(null);
    assert.unreachable("a run without a horizon");
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /^workload\.0\.timeScale: 1e-300 puts a task record at 1e\+306 µs, past the simulator's clock range \(2\^53 − 1 µs/);
  }
});

test("a task record whose instances would make more tasks alive at once than the heap can keep is bad input naming the record, refused before its tasks are made (not V8's out-of-memory abort)", async () => {
  // A heap of 100 KiB keeps 100 tasks (TASK_BYTES 1024): 60 + 30 fit, then 20 more do not.
  const records = [machine(0, "a1", 1, 1024), task(0, "big", "r", 1, 512, null, { instances: 60 }), task(S, "more", "r", 1, 512, null, { instances: 30 }), task(2 * S, "over", "r", 1, 512, null, { instances: 20 })];
  const ex = experiment({ horizon: 10 * S });
  const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  try {
    await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder, checkEveryEvent: true, heapLimit: 100 * 1024 });
    assert.unreachable("the third record");
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /^workload\.0: task over at 2 s has instances 20: with the 90 tasks alive, the run would hold 110 tasks at once, more than this process can keep \(at most 100: 1024 bytes a task/);
  }
  // Within the bound, the same run goes to its horizon.
  const fits = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records.slice(0, 3)), options: NO_OPTIONS }], recorder: fits, checkEveryEvent: true, heapLimit: 100 * 1024 });
  assert.is(fits.finish(FINISH).tasks.submitted, 90);
});

test("a task whose run time ends past the clock's range (2^53 − 1 µs) after a timeScale below 1: with a horizon it runs to the horizon; without one it is bad input, not an internal error", async () => {
  // timeScale 1e-3 puts the task's arrival at 9e15 µs (from 9e12 µs); 36,500 days more is past 2^53 − 1.
  const records = [machine(0, "a1", 4, 4096), task(9e12, "long", "r", 1, 512, 36_500 * 86_400 * S)];
  const options = { ...NO_OPTIONS, timeScale: 1e-3 };
  const run = (horizon: number | null) => {
    const ex = experiment({ horizon });
    const recorder = new MetricsRecorder({ dir: null, sampleInterval: 1e15 });
    return runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options }], recorder, checkEveryEvent: true }).then(() => recorder.finish(FINISH));
  };
  const summary = await run(9_000_100_000_000_000);
  assert.is(summary.tasks.launched, 1);
  assert.is(summary.tasks.runningAtEnd, 1);
  try {
    await run(null);
    assert.unreachable("a run without a horizon");
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /^task long: started at 9000000000 s, its run time of 3153600000 s ends past the simulator's clock range/);
  }
});

test.run();
