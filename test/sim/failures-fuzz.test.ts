// Random mixes of failures (agent crashes, partitions, master failovers, framework
// failovers, as one-offs and random processes, with the workload adding, changing
// and removing machines meanwhile, and on every third seed a drain and revocable
// resources with QoS kills) over many seeds on a small cluster. Every run
// checks the experiment format's invariants after every event (checkEveryEvent: no
// agent holds more than its total, the allocator's view equals the master's), its
// record stream must follow the order sim/records/run-records.ts documents (checked
// here task by task, and by the metrics recorder), and at the end every task
// submitted is in exactly one of pending, running, finished, failed, killed, lost,
// abandoned (docs/experiment-format.md, "Invariants").
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RandomSource, type RandomStream } from "../../common/random-source.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { DEFAULT_MASTER } from "../../sim/experiment/experiment.ts";
import type { AgentSelector, FailureSpec } from "../../sim/experiment/failure-spec.ts";
import type { Experiment, RoleSettings } from "../../sim/experiment/experiment.ts";
import type { RunRecorder, TaskEndState } from "../../sim/records/run-records.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { experiment, framework, machine, NO_OPTIONS, S, task, writeTrace } from "./helpers.ts";

const SEEDS = 120;
const HORIZON = 900 * S;

/** Each task's life, from its records: only the transitions the record order allows. */
class TaskOracle {
  readonly state = new Map<string, "pending" | "launched" | "finished" | "failed" | "killed" | "lost" | "abandoned">();
  /** Where each launched task is, and the agents registered in the records. */
  readonly where = new Map<string, string>();
  readonly agents = new Set<string>();
  readonly errors: string[] = [];
  failures = 0;
  recovered = 0;
  /** Drains and the like, and tasks launched on revocable resources (the planned mix). */
  planned = 0;

  private move(id: string, from: readonly string[], to: "pending" | "launched" | "finished" | "failed" | "killed" | "lost" | "abandoned", what: string): void {
    const s = this.state.get(id);
    if (s === undefined || !from.includes(s)) this.errors.push(`${what} of ${id} while ${s ?? "unknown"}`);
    this.state.set(id, to);
  }

  private on(task: string, agent: string): void {
    if (!this.agents.has(agent)) this.errors.push(`${task} on ${agent}, which is not registered`);
    this.where.set(task, agent);
  }

  recorder(): Partial<RunRecorder> {
    const END: Record<TaskEndState, "finished" | "failed" | "killed" | "lost"> = {
      TASK_FINISHED: "finished", TASK_FAILED: "failed", TASK_KILLED: "killed", TASK_LOST: "lost", TASK_GONE: "lost", TASK_UNREACHABLE: "lost", TASK_DROPPED: "lost", TASK_GONE_BY_OPERATOR: "lost",
    };
    return {
      taskSubmitted: (_t, id) => {
        if (this.state.has(id)) this.errors.push(`${id} submitted twice`);
        this.state.set(id, "pending");
      },
      taskLaunched: (_t, id, agent) => {
        this.move(id, ["pending"], "launched", "launch");
        this.on(id, agent);
      },
      taskEnded: (_t, id, state, requeued) => {
        this.move(id, ["launched"], requeued ? "pending" : END[state], `end (${state})`);
        this.where.delete(id);
      },
      taskAbandoned: (_t, id) => this.move(id, ["pending"], "abandoned", "abandon"),
      taskRecovered: (_t, id, agent) => {
        this.recovered++;
        this.move(id, ["pending"], "launched", "recovery");
        this.on(id, agent);
      },
      agentAdded: (_t, agent) => {
        if (this.agents.has(agent)) this.errors.push(`agent ${agent} added twice`);
        this.agents.add(agent);
      },
      agentRemoved: (t, agent) => {
        if (!this.agents.delete(agent)) this.errors.push(`agent ${agent} removed while not registered`);
        for (const [task, a] of this.where) if (a === agent) this.errors.push(`agent ${agent} removed at ${t} µs with ${task} alive on it`);
      },
      failureBegan: () => {
        this.failures++;
      },
      agentMaintenance: () => {
        this.planned++;
      },
      taskRevocable: () => {
        this.planned++;
      },
    };
  }
}

/** Forwards every record to each recorder that has the call. */
function tee(...recorders: Partial<RunRecorder>[]): RunRecorder {
  return new Proxy({} as RunRecorder, {
    get: (_, key: string) =>
      (...args: unknown[]) => {
        for (const r of recorders) (r as Record<string, ((...a: unknown[]) => void) | undefined>)[key]?.(...args);
      },
  });
}

const pick = <T>(rng: RandomStream, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const between = (rng: RandomStream, lo: number, hi: number): number => Math.round(lo + rng() * (hi - lo));

function workload(rng: RandomStream): TraceRecord[] {
  const records: TraceRecord[] = [];
  for (let i = 0; i < 5; i++) records.push(machine(0, `a${i}`, 4, 4096, { attributes: { rack: `r${i % 2}` } }));
  for (let i = 0; i < 40; i++) {
    const duration = rng() < 0.1 ? null : between(rng, 5, 200) * S;
    const status = pick(rng, ["finished", "finished", "finished", "failed", "killed"] as const);
    records.push(task(between(rng, 0, 300) * S, `t${i}`, pick(rng, ["r0", "r1", "r2"]), pick(rng, [0.5, 1, 2]), pick(rng, [256, 512, 1024]), duration, { status }));
  }
  // The workload changes machines while failures happen: one removed, one shrunk, one added.
  records.push(machine(between(rng, 50, 600) * S, `a${between(rng, 0, 4)}`, 0, 0, { event: "remove", capacity: null }));
  records.push(machine(between(rng, 50, 600) * S, `a${between(rng, 0, 4)}`, 2, 2048, { event: "update" }));
  records.push(machine(between(rng, 100, 500) * S, "a5", 4, 4096, { attributes: { rack: "r1" } }));
  return records;
}

function failures(rng: RandomStream): FailureSpec[] {
  const out: FailureSpec[] = [];
  const repair = () => (rng() < 0.15 ? null : between(rng, 1, 400) * S);
  const agents = (): AgentSelector =>
    pick(rng, [
      { kind: "all" },
      { kind: "ids", ids: [`a${between(rng, 0, 5)}`] },
      { kind: "pick", attributes: "rack:r0", count: null, fraction: null },
      { kind: "pick", attributes: null, count: between(rng, 1, 3), fraction: null },
      { kind: "pick", attributes: null, count: null, fraction: 0.4 },
    ] as AgentSelector[]);
  const n = between(rng, 3, 8);
  for (let i = 0; i < n; i++) {
    const at = between(rng, 0, 700) * S;
    const once = { at, every: null };
    switch (pick(rng, ["agent-crash", "agent-crash", "partition", "partition", "master-failover", "framework-failover"] as const)) {
      case "agent-crash":
        out.push({ kind: "agent-crash", ...once, agents: agents(), restartAfter: repair(), recoveryTimeout: between(rng, 30, 900) * S });
        break;
      case "partition":
        out.push({ kind: "partition", ...once, agents: agents(), healAfter: repair() });
        break;
      case "master-failover":
        out.push({ kind: "master-failover", ...once, agentsReregisterOver: between(rng, 0, 90) * S, frameworksResubscribeAfter: between(rng, 0, 30) * S });
        break;
      case "framework-failover":
        out.push({ kind: "framework-failover", ...once, framework: pick(rng, ["f0", "f1", "f2"]), reconnectAfter: repair() });
        break;
    }
  }
  // A random process on every agent, and one of framework failovers.
  out.push({ kind: "agent-crash", at: null, every: { mtbf: between(rng, 300, 3000) * S, mttr: 60 * S, start: 0, end: 800 * S }, agents: { kind: "all" }, restartAfter: null, recoveryTimeout: 120 * S });
  out.push({ kind: "framework-failover", at: null, every: { mtbf: 400 * S, mttr: 30 * S, start: 0, end: 800 * S }, framework: "f2", reconnectAfter: null });
  return out;
}

/** A maintenance window (a drain, a machine down and up) and oversubscription (usage estimates, load QoS kills). */
function plannedMix(rng: RandomStream): Partial<Experiment> {
  const start = between(rng, 100, 500) * S;
  return {
    maintenance: [{ start, duration: between(rng, 30, 200) * S, agents: { kind: "pick", attributes: null, count: 2, fraction: null }, scheduledAt: start - 60 * S, drain: { gracePeriod: 20 * S, markGone: rng() < 0.3 } }],
    oversubscription: {
      agents: { kind: "all" },
      estimator: { kind: "usage", headroom: 0.1 },
      interval: 15 * S,
      qos: { kind: "load", threshold5min: 2, threshold15min: null },
      usageModel: { cpusFraction: 0.5 },
    },
  };
}

test(`random failure mixes over ${SEEDS} seeds: invariants hold at every event, the records keep their order, every task is accounted for once`, async () => {
  let failuresSeen = 0;
  let recoveredSeen = 0;
  let plannedSeen = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const rng = RandomSource.fresh(seed, "test/failures-fuzz");
    const quota = rng() < 0.5;
    const roles = new Map<string, RoleSettings>(quota ? [["r0", { weight: 2, guarantees: "cpus:2", limits: null }]] : []);
    const ex = experiment({
      seed,
      horizon: HORIZON,
      roles,
      master: {
        ...DEFAULT_MASTER,
        agentPingTimeout: pick(rng, [5, 15]) * S,
        maxAgentPingTimeouts: pick(rng, [2, 5]),
        agentReregisterTimeout: pick(rng, [60, 600]) * S,
        agentRemovalRateLimit: pick(rng, [null, "1/20s"]),
        recoveryAgentRemovalLimit: pick(rng, [0.5, 1]),
        allocatorRecoveryTimeout: pick(rng, [30, 600]) * S,
        taskLaunchDelay: pick(rng, [0, 0, 1]) * S,
        offerTimeout: pick(rng, [null, 20 * S]),
      },
      frameworks: [
        framework("f0", ["r0"], { capabilities: ["PARTITION_AWARE"], failoverTimeout: 30 * S }),
        framework("f1", ["r1"], { checkpoint: false, params: { maxRetries: 2 } }),
        framework("f2", ["r2"], { capabilities: ["PARTITION_AWARE", "REVOCABLE_RESOURCES"], failoverTimeout: 120 * S, decisionTime: { perCallback: 2 * S, perOffer: 0, perTask: 0 }, abandonAfter: { wait: 500 * S } }),
      ],
      failures: failures(rng),
      // Every third seed mixes in a drain and revocable resources with a QoS controller.
      ...(seed % 3 === 0 ? plannedMix(rng) : {}),
    });
    const oracle = new TaskOracle();
    const metrics = new MetricsRecorder({ dir: null, sampleInterval: 60 * S });
    const path = writeTrace(workload(rng));
    try {
      await runSimulation({ experiment: ex, workload: [{ path, options: NO_OPTIONS }], recorder: tee(oracle.recorder(), metrics), checkEveryEvent: true });
    } catch (err) {
      throw new Error(`seed ${seed}: ${(err as Error).stack}`);
    }
    assert.equal(oracle.errors, [], `seed ${seed}`);
    const summary = metrics.finish({ experiment: {}, mesosim: "test", wallSeconds: 1, peakRssBytes: 0 });
    const t = summary.tasks;
    const states = [...oracle.state.values()];
    const count = (s: string) => states.filter((x) => x === s).length;
    assert.is(t.submitted, 40, `seed ${seed}: submitted`);
    assert.is(t.finished + t.failed + t.killed + t.lost + t.abandoned + t.pendingAtEnd + t.runningAtEnd, t.submitted, `seed ${seed}: the counts add up`);
    assert.equal(
      [count("finished"), count("failed"), count("killed"), count("lost"), count("abandoned"), count("pending"), count("launched")],
      [t.finished, t.failed, t.killed, t.lost, t.abandoned, t.pendingAtEnd, t.runningAtEnd],
      `seed ${seed}: each task in exactly one state, as the summary counts`,
    );
    // Revocable resources are only held where lent: their integrals agree.
    const o = summary.failures.oversubscription;
    assert.ok(o.revocableCpuSeconds <= o.lentCpuSeconds + 1e-6, `seed ${seed}: ${o.revocableCpuSeconds} revocable cpu-seconds used of ${o.lentCpuSeconds} lent`);
    failuresSeen += oracle.failures;
    recoveredSeen += oracle.recovered;
    plannedSeen += oracle.planned;
  }
  // The mixes did what they are for: failures happened, and agents came back with tasks.
  assert.ok(failuresSeen > SEEDS * 3, `${failuresSeen} failures`);
  assert.ok(recoveredSeen > 0, `${recoveredSeen} tasks recovered`);
  assert.ok(plannedSeen > 0, `${plannedSeen} maintenance and revocable records`);
});

test.run();
