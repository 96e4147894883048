// Oversubscription in the simulated cluster, each test one Mesos behaviour with its
// source (docs/experiment-format.md, `oversubscription`). Every run checks the
// invariants after every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { OversubscriptionSettings } from "../../sim/oversubscription/oversubscription-schema.ts";
import type { UsageRecord } from "../../traces/canonical/trace-record.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import { FINISH } from "../reports/record-stream.ts";
import { experiment, failure, framework, machine, NO_OPTIONS, run, S, task, writeTrace } from "./helpers.ts";

const lend = (over: Partial<OversubscriptionSettings>): OversubscriptionSettings => ({
  agents: { kind: "all" },
  estimator: { kind: "fixed", resources: "cpus:2" },
  interval: 15 * S,
  qos: null,
  usageModel: { cpusFraction: 0.5 },
  ...over,
});

const slow = (name: string, role: string, seconds: number, over: Parameters<typeof framework>[2] = {}) =>
  framework(name, [role], { suppressWhenIdle: false, decisionTime: { perCallback: seconds * S, perOffer: 0, perTask: 0 }, ...over });

/** The id `#n` of an offer line `t=… offerMade #n …`. */
const offerId = (line: string): string => line.split(" ")[2] as string;

test("the fixed estimator's resources are revocable, in the agent's total, and offered only to REVOCABLE_RESOURCES frameworks (fixed.cpp; allocator: revocable only with the capability)", async () => {
  // a1: 4 cpus of its own + 2 lent (fixed) = a total of 6, reported when it registers.
  const rev = framework("rev", ["a"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"] });
  const plain = framework("plain", ["b"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096)], { frameworks: [rev, plain], oversubscription: lend({}), horizon: 12 * S });
  assert.equal(log.grep("a1", "agent"), ["t=0 agentAdded a1 cpus:4;mem:4096", "t=0 agentUpdated a1 cpus:6;mem:4096", "t=0 agentRevocable a1 cpus:2;mem:0"]);
  const revocable = new Set(log.grep("offerRevocable").map(offerId));
  assert.ok(revocable.size > 0, log.lines.join("\n"));
  for (const line of log.grep("offerMade")) {
    if (line.includes(" plain ")) assert.not.ok(revocable.has(offerId(line)), line);
  }
  assert.ok(log.grep("offerMade", " rev ").some((l) => revocable.has(offerId(l))));
});

test("the agent reports its oversubscribed resources only when they changed, at its polls every interval (Slave::_forwardOversubscribed)", async () => {
  // fixed: one report, at registration, however tasks come and go (it lends 2 cpus
  // less what revocable tasks hold, and reports that plus what they hold: 2).
  const fw = framework("f", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"] });
  const fixed = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 3, 512, 20 * S), task(25 * S, "t2", "r", 5, 512, 20 * S)], {
    frameworks: [fw],
    oversubscription: lend({}),
    horizon: 60 * S,
  });
  assert.equal(fixed.log.grep("agentRevocable"), ["t=0 agentRevocable a1 cpus:2;mem:0"]);
  // usage: a1 has 8 cpus; x holds 4 and uses 0.5 × 4 = 2 (usageModel), so 2 are slack;
  // headroom 0.125 × 8 = 1 cpu; it lends 2 − 1 = 1. x starts at 0 s, after the
  // registration's report (nothing to lend then): the next poll, at 15 s, reports 1
  // cpu. x ends at 30 s: the poll at 30 s reports 0. Nothing changes after that.
  const p = framework("p", ["a"]);
  const usage = await run([machine(0, "a1", 8, 8192), task(0, "x", "a", 4, 1024, 30 * S)], {
    frameworks: [p],
    oversubscription: lend({ estimator: { kind: "usage", headroom: 0.125 } }),
    horizon: 100 * S,
  });
  assert.equal(usage.log.grep("agentRevocable"), ["t=15 agentRevocable a1 cpus:1;mem:0", "t=30 agentRevocable a1 cpus:0;mem:0"]);
});

test("a report rescinds the agent's outstanding offers that hold revocable resources, and only those (Master::updateSlave)", async () => {
  // As above, a1 lends 1 cpu from 15 s to 30 s. `r` (REVOCABLE, decides for 20 s) is
  // offered that cpu at 15 s; `q` (decides for 20 s) holds an offer of a1's own cpus
  // from 21 s. The report at 30 s (x ended) rescinds r's offer, not q's.
  const p = framework("p", ["a"]);
  const r = slow("r", "b", 20, { capabilities: ["REVOCABLE_RESOURCES"] });
  const q = slow("q", "c", 20);
  const { log } = await run([machine(0, "a1", 8, 8192), task(0, "x", "a", 4, 1024, 30 * S)], {
    frameworks: [p, r, q],
    oversubscription: lend({ estimator: { kind: "usage", headroom: 0.125 } }),
    horizon: 60 * S,
  });
  const lent = log.grep("offerRevocable");
  assert.equal(lent.length, 1, log.lines.join("\n"));
  const id = offerId(lent[0] as string);
  assert.equal(log.grep(`${id} `), [`t=15 offerMade ${id} r b a1 cpus:1;mem:0`, `t=15 offerRevocable ${id} cpus:1;mem:0`, `t=30 offerRescindCause ${id} revocable`, `t=30 offerEnded ${id} rescinded`]);
  const qOffer = offerId(log.grep("offerMade", " q ")[0] as string);
  assert.equal(log.grep(`offerEnded ${qOffer} `), [`t=41 offerEnded ${qOffer} declined`]);
  assert.equal(log.grep("offerRescindCause").length, 1);
});

test("the batch model runs on revocable resources only the tasks its revocableTasks band allows, which take revocable resources first (docs/experiment-format.md, the batch model's params)", async () => {
  // a1: 2 cpus of its own + 2 lent. One offer of 4 cpus to `be`. `hi` (priority 9,
  // 1 cpu) is first in the queue and outside the band: it takes 1 of a1's own cpus.
  // `lo` (priority 0, 3 cpus) may use revocable cpus: it takes the 2 lent, then 1 own.
  const be = framework("be", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"], params: { revocableTasks: { priority: { max: 0 } } } });
  const { log } = await run([machine(0, "a1", 2, 4096), task(0, "hi", "r", 1, 512, 10 * S, { priority: 9 }), task(0, "lo", "r", 3, 512, 10 * S, { priority: 0 })], {
    frameworks: [be],
    oversubscription: lend({}),
    horizon: 5 * S,
  });
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched hi a1 attempts=0", "t=0 taskLaunched lo a1 attempts=0"]);
  assert.equal(log.grep("taskRevocable"), ["t=0 taskRevocable lo cpus:2;mem:0"]);
  // `none`: the lent cpus are never used, and a task that only fits with them waits.
  const none = framework("be", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"], params: { revocableTasks: "none" } });
  const waits = await run([machine(0, "a1", 2, 4096), task(0, "big", "r", 3, 512, 10 * S)], { frameworks: [none], oversubscription: lend({}), horizon: 5 * S });
  assert.equal(waits.log.grep("taskLaunched"), []);
});

test("the load QoS controller kills every revocable task once the 5-minute load average exceeds its threshold: TASK_GONE to PARTITION_AWARE frameworks, TASK_LOST to others; the batch model runs them again (load.cpp, Slave::_qosCorrections)", async () => {
  // a1: 4 cpus + 4 lent (fixed). usageModel 1: a task uses all it holds. p (prod, 4 own
  // cpus) runs from 0 s; r1, r2 (1 revocable cpu each) from 10 s. Load ticks every 5 s
  // sample the load just before: n = 4 at the ticks of 5 and 10 s, 6 after.
  //   a = e^(−5/300) = e^(−1/60); L(10 s) = 4(1 − a²) = 0.131136
  //   L(tick k ≥ 2) = 6 + (0.131136 − 6)·a^(k−2) > 3  ⇔  k − 2 > 60·ln(5.868864/3) = 40.263
  //   so k = 43, at 215 s: L = 3.03663 (at 210 s: 2.98682).
  // Both are killed at 215 s and launched again at once on the lent cpus; the next tick
  // (220 s) would kill them again, past this run's horizon.
  for (const [aware, state] of [
    [true, "TASK_GONE"],
    [false, "TASK_LOST"],
  ] as const) {
    const prod = framework("prod", ["a"]);
    const be = framework("be", ["b"], { capabilities: aware ? ["REVOCABLE_RESOURCES", "PARTITION_AWARE"] : ["REVOCABLE_RESOURCES"] });
    const { log } = await run(
      [machine(0, "a1", 4, 8192), task(0, "p", "a", 4, 1024, null), task(10 * S, "r1", "b", 1, 512, null), task(10 * S, "r2", "b", 1, 512, null)],
      {
        frameworks: [prod, be],
        oversubscription: lend({ estimator: { kind: "fixed", resources: "cpus:4" }, usageModel: { cpusFraction: 1 }, qos: { kind: "load", threshold5min: 3, threshold15min: null } }),
        horizon: 216 * S,
      },
    );
    assert.equal(log.grep("taskRevocable").map((l) => l.split(" ").slice(0, 3).join(" ")), ["t=10 taskRevocable r1", "t=10 taskRevocable r2", "t=215 taskRevocable r1", "t=215 taskRevocable r2"]);
    assert.equal(log.grep("taskEnd"), ["t=215 taskEndCause r1 qos", `t=215 taskEnded r1 ${state} requeued`, "t=215 taskEndCause r2 qos", `t=215 taskEnded r2 ${state} requeued`]);
  }
});

test("a usage record of the workload sets the task's cpu use from its time on (the usage estimator reads it)", async () => {
  // As in the polls test, 1 cpu is lent from 15 s (x uses 0.5 × 4 = 2 by the model).
  // A usage record at 20 s says x uses 1 cpu: slack 3 − headroom 1 = 2, reported at
  // the poll of 30 s.
  const usage: UsageRecord = { type: "usage", time: 20 * S, task: "x", instance: null, end: null, machine: null, status: null, cpus: 1, mem: null };
  const { log } = await run([machine(0, "a1", 8, 8192), task(0, "x", "a", 4, 1024, 100 * S), usage], {
    frameworks: [framework("p", ["a"])],
    oversubscription: lend({ estimator: { kind: "usage", headroom: 0.125 } }),
    horizon: 50 * S,
  });
  assert.equal(log.grep("agentRevocable"), ["t=15 agentRevocable a1 cpus:1;mem:0", "t=30 agentRevocable a1 cpus:2;mem:0"]);
});

test("a machine record changes the agent's own resources; what it lends stays (an UpdateSlaveMessage carries its oversubscribed resources apart)", async () => {
  // a1 grows from 4 to 8 cpus at 5 s while a revocable task runs; its total is 8 + 2 lent.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"] });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 6, 512, 100 * S), machine(5 * S, "a1", 8, 4096, { event: "update" })], {
    frameworks: [fw],
    oversubscription: lend({}),
    horizon: 10 * S,
  });
  assert.equal(log.grep("taskRevocable"), ["t=0 taskRevocable t1 cpus:2;mem:0"]);
  assert.equal(log.grep("agentUpdated"), ["t=0 agentUpdated a1 cpus:6;mem:4096", "t=5 agentUpdated a1 cpus:10;mem:4096"]);
  assert.equal(log.grep("taskEnded"), []);
});

test("an agent back from unreachable is in the records with what it lends, and a task taken back with it holds its revocable resources again: the revocable cpu-seconds used never exceed those lent (MESOS-7215, report format)", async () => {
  // a1 lends 2 cpus (fixed); t1 takes its 4 cpus and the 2 lent from 0 s. a1 is cut
  // off from 10 s to 210 s: marked unreachable at 90 s (t1 TASK_LOST, a1 leaves the
  // records), back at 210 s with t1 still running, which its framework takes back.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, capabilities: ["REVOCABLE_RESOURCES"] });
  const records = [machine(0, "a1", 4, 4096), task(0, "t1", "r", 6, 512, 1000 * S)];
  const over = { frameworks: [fw], oversubscription: lend({}), failures: [failure.partition(10 * S, ["a1"], 200 * S)], horizon: 400 * S };
  const { log } = await run(records, over);
  assert.equal(log.grep("t=210", "a1").filter((l) => !l.includes("offer")), [
    "t=210 agentAdded a1 cpus:6;mem:4096",
    "t=210 agentRevocable a1 cpus:2;mem:0",
    "t=210 agentBack a1 cause=0",
    "t=210 taskRecovered t1 a1",
  ]);
  assert.equal(log.grep("taskRevocable"), ["t=0 taskRevocable t1 cpus:2;mem:0", "t=210 taskRevocable t1 cpus:2;mem:0"]);
  // Lent and used alike: 2 cpus over [0, 90) and [210, 400) = 560 cpu-seconds.
  const metrics = new MetricsRecorder({ dir: null, sampleInterval: 60 * S });
  await runSimulation({ experiment: experiment(over), workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder: metrics, checkEveryEvent: true });
  const o = metrics.finish(FINISH).failures.oversubscription;
  assert.equal([o.lentCpuSeconds, o.revocableCpuSeconds], [560, 560]);
});

test("an agent that registers again sends its latest estimate (Slave::reregistered): what changed while the master could not hear it is reported then, not kept stale", async () => {
  // usage, headroom 0: x holds a1's 8 cpus and uses 4, so a1 lends 4 from its poll at
  // 15 s. a1 is cut off at 20 s and marked at 105 s; x runs again on a2 (which does
  // not lend), so a1's estimate falls to 0 while the master does not have it. It
  // re-registers at 220 s with its last report and sends 0 at once.
  const p = framework("p", ["a"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 8, 8192), machine(0, "a2", 8, 8192), task(0, "x", "a", 8, 1024, 1000 * S)], {
    frameworks: [p],
    oversubscription: lend({ agents: { kind: "ids", ids: ["a1"] }, estimator: { kind: "usage", headroom: 0 } }),
    failures: [failure.partition(20 * S, ["a1"], 200 * S)],
    horizon: 400 * S,
  });
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched x a1 attempts=0", "t=105 taskLaunched x a2 attempts=0"]);
  assert.equal(log.grep("agentRevocable"), ["t=15 agentRevocable a1 cpus:4;mem:0", "t=220 agentRevocable a1 cpus:4;mem:0", "t=220 agentRevocable a1 cpus:0;mem:0"]);
  assert.equal(log.grep("agentUpdated").at(-1), "t=220 agentUpdated a1 cpus:8;mem:8192");
});

test.run();
