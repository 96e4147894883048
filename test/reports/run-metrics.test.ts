// The fairness and stranded-resource metrics of whole tiny runs: experiments run
// through the simulator (sim/run/run-simulation.ts) into the MetricsRecorder, as
// `mesosim run` does, with every figure worked by hand (docs/report-format.md,
// "Fairness" and "Utilization").
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import type { ReportSummary } from "../../reports/report-summary.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import { experiment, framework, machine, NO_OPTIONS, S, task, writeTrace } from "../sim/helpers.ts";
import { FINISH, near } from "./record-stream.ts";

async function summaryOf(records: readonly TraceRecord[], over: Partial<Experiment>): Promise<ReportSummary> {
  const ex = experiment(over);
  const recorder = new MetricsRecorder({ dir: null, sampleInterval: ex.report.sampleInterval });
  await runSimulation({ experiment: ex, workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder, checkEveryEvent: true });
  return recorder.finish(FINISH);
}

test("the DRF paper's example as a run: both roles entitled to 2/3 throughout, reached at 4 s and 3 s; the last 4 GB stranded", async () => {
  // As test/sim/scenario-cross-check.test.ts: one agent <9 cpus, 18432 MB>; A (role a) has five
  // tasks <1, 4096>, B (role b) five <3, 1024>, all at 0, running past the 10 s horizon; each
  // framework launches one task per offer and returns the rest unfiltered. DRF offers the agent
  // to A at 0, 2 and 4 s and to B at 1 and 3 s (Ghodsi et al. 2011, §4), each answered at once.
  const a = framework("A", ["a"], { suppressWhenIdle: false, maxTasksPerOffer: 1, refuseSeconds: 0 });
  const b = framework("B", ["b"], { suppressWhenIdle: false, maxTasksPerOffer: 1, refuseSeconds: 0 });
  const records: TraceRecord[] = [machine(0, "agent1", 9, 18432)];
  for (let i = 0; i < 5; i++) records.push(task(0, `a${i}`, "a", 1, 4096, 100 * S), task(0, `b${i}`, "b", 3, 1024, 100 * S));
  const summary = await summaryOf(records, { frameworks: [a, b], horizon: 10 * S });
  const [ra, rb] = summary.roles;
  // Demands (all five tasks, pending or running): a <5, 20480> → more than the memory; b <15, 5120>
  // → more than the cpus. Progressive filling: 2/3 each (the paper's allocation), all of [0, 10).
  near(ra?.entitlementMean, 2 / 3, "a.entitlementMean");
  near(rb?.entitlementMean, 2 / 3, "b.entitlementMean");
  // a's share: [0,2) 4096/18432 = 2/9, [2,4) 4/9, then 2/3. Deficit 4/9 over 2 s + 2/9 over 2 s = 4/3
  // → 4/3 / 10 = 0.1333…; starved (deficit > 1/3, tasks pending) over [0,2): 2 s; 0.9 × 2/3 = 0.6
  // reached at 4 s.
  near(ra?.deficitMean, 4 / 30, "a.deficitMean");
  near(ra?.starvedSeconds, 2, "a.starvedSeconds");
  near(ra?.timeToFairShareSeconds, 4, "a.timeToFairShareSeconds");
  // b's share: [0,1) 0, [1,3) 3/9, then 2/3. Deficit 2/3·1 + 1/3·2 = 4/3 → 0.1333…; starved only over
  // [0,1) (at 1/3 the deficit is not above half of 2/3); reached at 3 s.
  near(rb?.deficitMean, 4 / 30, "b.deficitMean");
  near(rb?.starvedSeconds, 1, "b.starvedSeconds");
  near(rb?.timeToFairShareSeconds, 3, "b.timeToFairShareSeconds");
  // From 4 s the agent has <0 cpus, 4096 MB> idle: no cpus (< 0.01, the default minimum
  // allocatable), so the 4096 MB are stranded: 4096/18432 = 2/9 over [4, 10) → 6·2/9/10 = 2/15.
  // (The offers of those 4096 MB at 5 s, … are answered at the instant they are made.)
  near(summary.utilization.mem?.strandedMean, 2 / 15, "mem.strandedMean");
  // The cpus are never stranded: memory idle is 18432 − 4096·k − 1024·m ≥ 4096 > 32 MB throughout.
  near(summary.utilization.cpus?.strandedMean, 0, "cpus.strandedMean");
  assert.is(summary.tasks.runningAtEnd, 5);
});

test("a role whose tasks end leaves the filling, and the other is entitled to its whole demand while an idle framework is offered first", async () => {
  // One agent <4 cpus, 4096 MB>. Role a: one task <2, 1024> from 0 to 5 s; role b: one task <4, 1024>
  // submitted at 0, which fits only once a's has ended. Horizon 10 s; never suppressed, no filters.
  const fa = framework("fa", ["a"], { suppressWhenIdle: false, refuseSeconds: 0 });
  const fb = framework("fb", ["b"], { suppressWhenIdle: false, refuseSeconds: 0 });
  const records: TraceRecord[] = [machine(0, "x", 4, 4096), task(0, "a1", "a", 2, 1024, 5 * S), task(0, "b1", "b", 4, 1024, 100 * S)];
  const summary = await summaryOf(records, { frameworks: [fa, fb], horizon: 10 * S });
  const [ra, rb] = summary.roles;
  // [0,5): demands a 2/4 = 0.5, b 4/4 = 1 (cpus); equal shares s, 2s = 1: 0.5 each (a's demand too).
  // At 0 the agent goes to fa (both at 0: allocation counts tie, 'fa' < 'fb'); a1 takes <2, 1024>;
  // b1 does not fit the 2 cpus left, offered to fb at 1–4 s and declined at once.
  // [5,10): a1 ended: a demands nothing (entitled to 0); b alone: 1. The DRF sorter still offers the
  // idle, unsuppressed fa first (shares 0 and 0; fa's allocation count 1 … 4 against fb's 4) at 5–8 s,
  // which declines; fb gets the agent at 9 s and launches b1 (share 1).
  near(ra?.entitlementMean, (0.5 * 5) / 10, "a.entitlementMean: 0.5 over [0,5)");
  near(ra?.deficitMean, 0, "a.deficitMean: its share max(2/4, 1024/4096) = 0.5 from 0");
  near(ra?.timeToFairShareSeconds, 0, "a.timeToFairShareSeconds");
  near(rb?.entitlementMean, (0.5 * 5 + 1 * 5) / 10, "b.entitlementMean: 0.5 then 1");
  // b's deficit: 0.5 over [0,5), 1 over [5,9) → 2.5 + 4 = 6.5 → 0.65; starved all of [0,9) (0.5 > 0.25,
  // then 1 > 0.5) with b1 pending; its share reaches 0.9 × 1 at 9 s.
  near(rb?.deficitMean, 0.65, "b.deficitMean");
  near(rb?.starvedSeconds, 9, "b.starvedSeconds");
  near(rb?.timeToFairShareSeconds, 9, "b.timeToFairShareSeconds");
  // x's idle: <2, 3072> over [0,5), <4, 4096> over [5,9): nothing stranded. From 9 s b1 holds all 4 cpus:
  // <0, 3072> idle, so 3072/4096 = 0.75 of the memory is stranded over [9,10) → 0.75/10 = 0.075.
  near(summary.utilization.cpus?.strandedMean, 0, "cpus.strandedMean");
  near(summary.utilization.mem?.strandedMean, 0.075, "mem.strandedMean");
});

test.run();
