// Utilization (docs/report-format.md, "Utilization"): time averages of
// allocated/total, offered/total and idle/total, integrated exactly over the record
// times (not averaged over samples), while agents join and leave; p50/p95 over the
// samples; the time series rows; the cluster's agents and totals.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { amounts, finish, near, recorder, runTask, s, scratchDir, start } from "./record-stream.ts";

/**
 * T = 100 s. Agent a1 {cpus 4, mem 1000} from 0, a2 the same from 50. An offer of
 * all of a1 to `f` is outstanding over [0, 10) and accepted at 10, where task t1
 * {cpus 2, mem 500} launches on a1; it finishes at 90.
 */
function agentJoinsMidRun(r: MetricsRecorder): void {
  start(r, [{ role: "r", weight: 1 }]);
  r.agentAdded(0, "a1", amounts(4, 1000), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.offerMade(0, 1, "f", "r", "a1", amounts(4, 1000));
  r.taskSubmitted(s(5), "t1", "j1", "f", "r", amounts(2, 500));
  r.offerEnded(s(10), 1, "accepted");
  r.taskLaunched(s(10), "t1", "a1", 0);
  r.taskRunning(s(10), "t1");
  r.agentAdded(s(50), "a2", amounts(4, 1000), "rack:2");
  r.taskEnded(s(90), "t1", "TASK_FINISHED", false);
  r.runEnded(s(100));
}

test("utilization is the exact time average of allocated, offered and idle over total, with an agent joining mid-run", () => {
  const r = recorder({ sampleInterval: s(25) });
  agentJoinsMidRun(r);
  const u = finish(r).utilization;
  // allocated/total: [10,50) 2/4 = 0.5, [50,90) 2/8 = 0.25, else 0
  //   ∫ = 0.5·40 + 0.25·40 = 30 → mean 30/100 = 0.3 (mem: 500/1000, 500/2000: the same)
  // offered/total: [0,10) 4/4 = 1 → ∫ = 10 → offeredMean 0.1
  // idle = 1 − allocated − offered: ∫ = 100 − 30 − 10 = 60 → idleMean 0.6
  for (const name of ["cpus", "mem"] as const) {
    near(u[name]?.mean, 0.3, `${name}.mean`);
    near(u[name]?.offeredMean, 0.1, `${name}.offeredMean`);
    near(u[name]?.idleMean, 0.6, `${name}.idleMean`);
  }
  // No agent has disk or gpus: they are left out, not reported as 0 of 0.
  assert.equal(Object.keys(u), ["cpus", "mem"]);
});

test("utilization p50 and p95 come from the samples (R-7), each the state at the last record at or before it", () => {
  const r = recorder({ sampleInterval: s(25) });
  agentJoinsMidRun(r);
  const u = finish(r).utilization.cpus;
  // Samples at 0, 25, 50, 75, 100: 0 (only offered), 0.5, 0.25 (a2 joined at 50), 0.25, 0 (t1 ended at 90).
  // Sorted 0, 0, 0.25, 0.25, 0.5. R-7: p50 at rank (5−1)·0.5 = 2 → 0.25;
  // p95 at rank 3.8 → 0.25 + 0.8·(0.5 − 0.25) = 0.45.
  near(u?.p50, 0.25, "p50");
  near(u?.p95, 0.45, "p95");
});

test("a sample at a record time sees every record at that time; totals and agents are counted at the end and at most", () => {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(25) });
  agentJoinsMidRun(r);
  const summary = finish(r);
  assert.equal(summary.cluster, { agents: { max: 2, end: 2 }, total: { cpus: 8, mem: 2000 } });
  assert.is(summary.simulatedSeconds, 100);
  const rows = readFileSync(join(dir, "timeseries.csv"), "utf8").split("\r\n");
  assert.is(rows[0], "time,scope,name,cpus_total,cpus_allocated,cpus_offered,mem_total,mem_allocated,mem_offered,gpus_total,gpus_allocated,gpus_offered,share,weighted_share,entitlement,tasks_pending,tasks_running,offers_outstanding,cpus_revocable_total,cpus_revocable_allocated,cpus_revocable_offered,mem_revocable_total,mem_revocable_allocated,mem_revocable_offered");
  // One row per scope per sample: cluster, role r, framework f; gpus columns empty (no agent has gpus);
  // the entitlement on role rows only: r has no task at 0, so it demands nothing and is entitled to 0;
  // the six revocable columns are empty (no agent lends any).
  assert.equal(rows.slice(1, 4), [
    "0.000,cluster,,4,0,4,1000,0,1000,,,,,,,0,0,1,,,,,,",
    "0.000,role,r,,0,4,,0,1000,,,,1,1,0,0,0,1,,,,,,",
    "0.000,framework,f,,0,4,,0,1000,,,,1,1,,0,0,1,,,,,,",
  ]);
  // At 50: a2 joined at 50, so the total is 8 and r's share 2/8; alone, r is entitled to
  // all of its demand, t1's {2 cpus, 500 MB}: max(2/8, 500/2000) = 0.25.
  assert.equal(rows.slice(7, 10), [
    "50.000,cluster,,8,2,0,2000,500,0,,,,,,,0,1,0,,,,,,",
    "50.000,role,r,,2,0,,500,0,,,,0.25,0.25,0.25,0,1,0,,,,,,",
    "50.000,framework,f,,2,0,,500,0,,,,0.25,0.25,,0,1,0,,,,,,",
  ]);
  assert.is(rows.length, 1 + 5 * 3 + 1, "5 samples × 3 scopes, and the final CRLF");
});

test("an agent leaving takes its total out of the denominator from that time on", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.agentAdded(0, "a1", amounts(2, 100), "");
  r.agentAdded(0, "a2", amounts(2, 100), "");
  runTask(r, 0, "t1", "f", "r", "a1", amounts(1, 10));
  r.agentRemoved(s(20), "a2");
  r.agentUpdated(s(30), "a1", amounts(4, 100));
  r.runEnded(s(40));
  const summary = finish(r);
  // cpus: [0,20) 1/4, [20,30) 1/2, [30,40) 1/4 → ∫ = 5 + 5 + 2.5 = 12.5 → 12.5/40 = 0.3125
  near(summary.utilization.cpus?.mean, 0.3125, "cpus.mean");
  // mem: [0,20) 10/200, [20,40) 10/100 → ∫ = 1 + 2 = 3 → 0.075
  near(summary.utilization.mem?.mean, 0.075, "mem.mean");
  assert.equal(summary.cluster, { agents: { max: 2, end: 1 }, total: { cpus: 4, mem: 100 } });
});

test("fractional amounts are summed in Mesos's fixed point: nothing is left allocated on an idle cluster", () => {
  // Mesos src/common/values.cpp (convertToFixed): scalars are fixed point to three decimals, so 0.1 + 0.2 − 0.1 − 0.2 is 0.
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(10) });
  start(r, [{ role: "r", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.agentAdded(0, "a", amounts(1, 1), "");
  runTask(r, 0, "t1", "f", "r", "a", amounts(0.1, 0.1));
  runTask(r, 0, "t2", "f", "r", "a", amounts(0.2, 0.2));
  r.taskEnded(s(5), "t1", "TASK_FINISHED", false);
  r.taskEnded(s(5), "t2", "TASK_FINISHED", false);
  r.runEnded(s(10));
  finish(r);
  const last = readFileSync(join(dir, "timeseries.csv"), "utf8").split("\r\n")[4];
  assert.is(last, "10.000,cluster,,1,0,0,1,0,0,,,,,,,0,0,0,,,,,,");
});

test.run();
