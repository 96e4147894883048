// Random mixes of maintenance windows (drains with and without markGone, machines
// down and up) and oversubscription (usage estimates changing with the tasks, QoS
// kills) over a few seeds on a small cluster: the invariants hold at every event
// (checkEveryEvent), every task submitted is accounted for exactly once at the end,
// the report's counts are the record stream's, and a run is a function of its seed
// (docs/experiment-format.md, "Invariants" and "Determinism").
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RandomSource } from "../../common/random-source.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import type { MaintenanceWindow } from "../../sim/maintenance/maintenance-schema.ts";
import type { RunRecorder } from "../../sim/records/run-records.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import type { ReportSummary } from "../../reports/report-summary.ts";
import { experiment, framework, LogRecorder, machine, NO_OPTIONS, S, task, writeTrace } from "./helpers.ts";

const SEEDS = [1, 2, 3, 4, 5, 6];
const TASKS = 60;

/** One seed's experiment: 6 agents, 60 tasks, 2 maintenance windows, the usage estimator with a load controller. */
function mix(seed: number): { records: TraceRecord[]; over: Partial<Experiment> } {
  const rng = new RandomSource(seed).stream("test/fuzz");
  const pick = (lo: number, hi: number) => lo + rng() * (hi - lo);
  const int = (lo: number, hi: number) => Math.floor(pick(lo, hi + 1));
  const records: TraceRecord[] = [];
  for (let i = 0; i < 6; i++) records.push(machine(0, `a${i}`, int(4, 8), 8192, { attributes: { rack: `r${i % 2}` } }));
  const roles = ["a", "b", "c"];
  for (let i = 0; i < TASKS; i++) {
    const at = Math.round(pick(0, 300)) * S;
    records.push(task(at, `t${i}`, roles[int(0, 2)] as string, int(1, 6) / 2, int(1, 4) * 256, int(20, 300) * S, { priority: int(0, 9) }));
  }
  const windows: MaintenanceWindow[] = [0, 1].map(() => {
    const start = int(30, 400) * S;
    const drain = rng() < 0.6 ? { gracePeriod: int(0, 20) * S, markGone: rng() < 0.3 } : null;
    const earliest = drain === null ? start : start - drain.gracePeriod;
    return {
      start,
      duration: rng() < 0.8 ? int(20, 120) * S : null,
      agents: rng() < 0.5 ? { kind: "pick", attributes: null, count: int(1, 2), fraction: null } : { kind: "pick", attributes: `rack:r${int(0, 1)}`, count: null, fraction: 0.5 },
      scheduledAt: Math.max(0, earliest - int(0, 60) * S),
      drain,
    };
  });
  const over: Partial<Experiment> = {
    seed,
    horizon: 700 * S,
    frameworks: [
      framework("plain", ["a"], { suppressWhenIdle: rng() < 0.5 }),
      framework("aware", ["b"], { capabilities: ["PARTITION_AWARE", "REVOCABLE_RESOURCES"], params: { revocableTasks: { priority: { max: 4 } }, inverseOffers: "decline" } }),
      framework("rev", ["c"], { capabilities: ["REVOCABLE_RESOURCES"], params: { inverseOffers: (["accept", "decline", "ignore"] as const)[int(0, 2)] } }),
    ],
    maintenance: windows,
    oversubscription: {
      agents: { kind: "all" },
      estimator: { kind: "usage", headroom: 0.1 },
      interval: 15 * S,
      qos: { kind: "load", threshold5min: pick(1.5, 4), threshold15min: null },
      usageModel: { cpusFraction: pick(0.3, 1) },
    },
  };
  return { records, over };
}

/** Sends every record to each recorder in turn (that has the call: `catchUp` is optional). */
function tee(...recorders: RunRecorder[]): RunRecorder {
  return new Proxy({} as RunRecorder, {
    get: (_, key) => (...args: unknown[]) => {
      for (const r of recorders) (r[key as keyof RunRecorder] as ((...a: unknown[]) => void) | undefined)?.(...args);
    },
  });
}

async function runMix(seed: number): Promise<{ log: LogRecorder; summary: ReportSummary }> {
  const { records, over } = mix(seed);
  const log = new LogRecorder();
  const metrics = new MetricsRecorder({ dir: null, sampleInterval: 60 * S });
  await runSimulation({ experiment: experiment(over), workload: [{ path: writeTrace(records), options: NO_OPTIONS }], recorder: tee(log, metrics), checkEveryEvent: true });
  const summary = metrics.finish({ experiment: {}, mesosim: "test", wallSeconds: 1, peakRssBytes: 0 });
  return { log, summary };
}

/** Each task's final state from its records: a terminal end or abandonment, else pending or running. */
function finalStates(log: LogRecorder): Map<string, string> {
  const state = new Map<string, string>();
  const submitted = new Set<string>();
  for (const line of log.lines) {
    const [, call, id, ...rest] = line.split(" ");
    if (id === undefined) continue;
    if (call === "taskSubmitted") {
      assert.not.ok(submitted.has(id), `${id} submitted twice`);
      submitted.add(id);
      state.set(id, "pending");
      continue;
    }
    if (!["taskLaunched", "taskRunning", "taskEnded", "taskAbandoned"].includes(call as string)) continue;
    const now = state.get(id);
    assert.ok(now === "pending" || now === "running", `${line}: task ${id} is ${now}`);
    if (call === "taskLaunched") {
      assert.is(now, "pending", line);
      state.set(id, "running");
    } else if (call === "taskEnded") {
      assert.is(now, "running", line);
      state.set(id, rest.includes("requeued") ? "pending" : (rest[0] as string));
    } else if (call === "taskAbandoned") state.set(id, "abandoned");
  }
  return state;
}

const COUNTER: Readonly<Record<string, string>> = {
  TASK_FINISHED: "finished",
  TASK_FAILED: "failed",
  TASK_KILLED: "killed",
  TASK_LOST: "lost",
  TASK_GONE: "lost",
  TASK_GONE_BY_OPERATOR: "lost",
  TASK_UNREACHABLE: "lost",
  TASK_DROPPED: "lost",
  abandoned: "abandoned",
  pending: "pendingAtEnd",
  running: "runningAtEnd",
};

const totals = { drained: 0, down: 0, kills: 0, revocable: 0, inverse: 0, up: 0 };

for (const seed of SEEDS) {
  test(`seed ${seed}: through drains, downs, estimate changes and QoS kills, every task is accounted for exactly once`, async () => {
    const { log, summary } = await runMix(seed);
    const states = finalStates(log);
    assert.is(states.size, TASKS, "every task submitted once");
    const counts: Record<string, number> = { finished: 0, failed: 0, killed: 0, lost: 0, abandoned: 0, pendingAtEnd: 0, runningAtEnd: 0 };
    for (const s of states.values()) {
      const k = COUNTER[s] as string;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const t = summary.tasks;
    assert.equal({ finished: t.finished, failed: t.failed, killed: t.killed, lost: t.lost, abandoned: t.abandoned, pendingAtEnd: t.pendingAtEnd, runningAtEnd: t.runningAtEnd }, counts);
    assert.is(t.submitted, TASKS);
    // Each cause is followed, at once, by the end it explains.
    log.lines.forEach((line, i) => {
      if (!line.includes(" taskEndCause ")) return;
      const [at, , id] = line.split(" ");
      const next = log.lines.slice(i + 1).find((l) => l.split(" ")[2] === id) as string;
      assert.ok(next.startsWith(`${at} taskEnded ${id} `), `${line} then ${next}`);
    });
    const m = summary.failures.maintenance;
    assert.is(m.tasksDrained, log.grep("taskEndCause", " drain").length);
    assert.is(m.tasksDown, log.grep("taskEndCause", " down").length);
    assert.is(summary.failures.oversubscription.revocableKills, log.grep("taskEndCause", " qos").length);
    totals.drained += m.tasksDrained;
    totals.down += m.tasksDown;
    totals.up += m.agentsUp;
    totals.inverse += m.inverseOffers.sent;
    totals.kills += summary.failures.oversubscription.revocableKills;
    totals.revocable += summary.failures.oversubscription.revocableCpuSeconds;
  });
}

test("the seeds exercise what they are meant to: drained and downed tasks, machines back up, inverse offers, revocable use and QoS kills", () => {
  for (const [what, n] of Object.entries(totals)) assert.ok(n > 0, `${what}: ${n} over ${SEEDS.length} seeds`);
});

test("the same seed gives the same record stream", async () => {
  const a = await runMix(3);
  const b = await runMix(3);
  assert.equal(a.log.lines, b.log.lines);
  assert.equal(a.log.events, b.log.events);
});

test.run();
