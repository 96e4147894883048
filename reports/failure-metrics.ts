// `summary.failures` (docs/report-format.md, "Failures"): what the experiment's
// failures cost, from the record stream alone. MetricsRecorder forwards the records
// it gets (task runs with their cpus, losses with their cause, recoveries, agents lost
// and back, rescinded offers, each `failureBegan`); this keeps only what failures need:
// the tasks running now (start and cpus, for the work a loss throws away) and the
// tasks a failure put back to pending (until they run again).
//
// - Per failure kind (the `cause` of a record names a failure, `failureBegan` its
//   kind): failures begun; agents marked unreachable and back; task losses by end
//   state (TASK_LOST and TASK_DROPPED count as lost); relaunches (a requeued task
//   launched again); recoveries (a task taken back from its returning agent,
//   MESOS-7215); offers rescinded.
// - Work lost: for each loss, cpus × (loss time − TASK_RUNNING time) of the copy
//   thrown away, in cpu-seconds; a loss undone by a recovery gives its work back.
// - Time to recover: for each failure that put at least one task back to pending,
//   from its start until the last of those tasks is TASK_RUNNING again (or
//   recovered). A failure with such a task that never ran again (abandoned, given
//   up, still pending at the end) is `unrecovered`.
import type { FailureKind, TaskEndState } from "../sim/records/run-records.ts";
import { FAILURE_KINDS } from "../sim/records/run-records.ts";
import { SampleBuffer } from "./sample-buffer.ts";

export interface FailureCounts {
  /** Failures begun. */
  readonly events: number;
  /** Agents marked unreachable, and back (re-registered) after it. */
  readonly agents: { readonly lost: number; readonly back: number };
  readonly tasks: {
    readonly lost: number;
    readonly unreachable: number;
    readonly gone: number;
    readonly killed: number;
    readonly relaunched: number;
    readonly recovered: number;
  };
  readonly workLostCpuSeconds: number;
  /** Seconds from a failure to when every task it put back to pending runs again. */
  readonly timeToRecover: { readonly p50: number | null; readonly max: number | null; readonly count: number; readonly unrecovered: number };
  readonly offersRescinded: number;
}

export interface FailureSummary extends FailureCounts {
  /** The same, per kind of failure that happened, sorted by kind. */
  readonly causes: readonly ({ readonly cause: FailureKind } & FailureCounts)[];
}

class Tally {
  events = 0;
  agentsLost = 0;
  agentsBack = 0;
  lost = 0;
  unreachable = 0;
  gone = 0;
  killed = 0;
  relaunched = 0;
  recovered = 0;
  /** cpu·µs. */
  work = 0;
  offersRescinded = 0;

  counts(recoveries: SampleBuffer, unrecovered: number): FailureCounts {
    return {
      events: this.events,
      agents: { lost: this.agentsLost, back: this.agentsBack },
      tasks: { lost: this.lost, unreachable: this.unreachable, gone: this.gone, killed: this.killed, relaunched: this.relaunched, recovered: this.recovered },
      workLostCpuSeconds: this.work / 1e6,
      timeToRecover: { p50: recoveries.quantile(0.5), max: recoveries.count === 0 ? null : (recoveries.sorted().at(-1) as number), count: recoveries.count, unrecovered },
      offersRescinded: this.offersRescinded,
    };
  }

  add(t: Tally): void {
    this.events += t.events;
    this.agentsLost += t.agentsLost;
    this.agentsBack += t.agentsBack;
    this.lost += t.lost;
    this.unreachable += t.unreachable;
    this.gone += t.gone;
    this.killed += t.killed;
    this.relaunched += t.relaunched;
    this.recovered += t.recovered;
    this.work += t.work;
    this.offersRescinded += t.offersRescinded;
  }
}

/** A failure that put tasks back to pending, until they all run again. */
interface Episode {
  readonly kind: FailureKind;
  readonly start: number;
  /** Its tasks not running again yet. */
  waiting: number;
  /** When the last of them ran again (it may lose more later: the latest counts). */
  recoveredAt: number;
  /** One of its tasks will never run again. */
  failed: boolean;
}

/** A task a failure put back to pending: whom it keeps waiting, and what its loss cost. */
interface Loss {
  readonly episodes: Episode[];
  readonly kind: FailureKind;
  readonly work: number;
  readonly since: number;
  relaunched: boolean;
}

const END_TALLY: Partial<Record<TaskEndState, "lost" | "unreachable" | "gone" | "killed">> = {
  TASK_LOST: "lost",
  TASK_DROPPED: "lost",
  TASK_UNREACHABLE: "unreachable",
  TASK_GONE: "gone",
  TASK_KILLED: "killed",
};

export class FailureMetrics {
  private readonly tallies = new Map<FailureKind, Tally>(FAILURE_KINDS.map((k) => [k, new Tally()]));
  /** Every failure begun: its kind, and its episode once it put a task back to pending. */
  private readonly failures = new Map<string, { readonly kind: FailureKind; readonly start: number; episode: Episode | null }>();
  private readonly running = new Map<string, { readonly since: number; readonly cpus: number }>();
  private readonly losses = new Map<string, Loss>();

  /** `track`: the run has failures, so task runs are followed (else nothing is kept). */
  constructor(private readonly track: boolean) {}

  failureBegan(time: number, failure: string, kind: FailureKind): void {
    this.failures.set(failure, { kind, start: time, episode: null });
    this.tally(kind).events++;
  }

  taskLaunched(task: string): void {
    const loss = this.losses.get(task);
    if (loss === undefined || loss.relaunched) return;
    loss.relaunched = true;
    this.tally(loss.kind).relaunched++;
  }

  taskRunning(time: number, task: string, cpus: number): void {
    if (!this.track) return;
    this.running.set(task, { since: time, cpus });
    this.ranAgain(time, task);
  }

  taskEnded(time: number, task: string, state: TaskEndState, requeued: boolean, cause: string | undefined): void {
    if (!this.track) return;
    const run = this.running.get(task);
    this.running.delete(task);
    const f = cause === undefined ? undefined : this.failures.get(cause);
    if (f === undefined) return;
    const t = this.tally(f.kind);
    const key = END_TALLY[state];
    if (key !== undefined) t[key]++;
    const work = run === undefined ? 0 : run.cpus * (time - run.since);
    t.work += work;
    const ep = (f.episode ??= { kind: f.kind, start: f.start, waiting: 0, recoveredAt: -1, failed: false });
    if (!requeued) {
      ep.failed = true;
      return;
    }
    ep.waiting++;
    // Still waited on by an earlier failure if it was lost again before running.
    const earlier = this.losses.get(task)?.episodes ?? [];
    this.losses.set(task, { episodes: [...earlier, ep], kind: f.kind, work, since: run?.since ?? time, relaunched: false });
  }

  taskRecovered(time: number, task: string, cpus: number): void {
    if (!this.track) return;
    const loss = this.losses.get(task);
    if (loss !== undefined) {
      const t = this.tally(loss.kind);
      t.recovered++;
      // The copy ran on: what its loss counted as thrown away was not.
      t.work -= loss.work;
    }
    this.running.set(task, { since: loss?.since ?? time, cpus });
    this.ranAgain(time, task);
  }

  taskAbandoned(task: string): void {
    const loss = this.losses.get(task);
    if (loss === undefined) return;
    this.losses.delete(task);
    for (const ep of loss.episodes) {
      ep.failed = true;
      ep.waiting--;
    }
  }

  agentLost(cause: string): void {
    const f = this.failures.get(cause);
    if (f !== undefined) this.tally(f.kind).agentsLost++;
  }

  agentBack(cause: string): void {
    const f = this.failures.get(cause);
    if (f !== undefined) this.tally(f.kind).agentsBack++;
  }

  offerEnded(how: string, cause: string | undefined): void {
    const f = cause === undefined ? undefined : this.failures.get(cause);
    if (f !== undefined && how === "rescinded") this.tally(f.kind).offersRescinded++;
  }

  summary(): FailureSummary {
    // Each failure that put tasks back to pending: recovered when the last of them ran again.
    const recoveries = new Map<FailureKind, SampleBuffer>(FAILURE_KINDS.map((k) => [k, new SampleBuffer()]));
    const unrecovered = new Map<FailureKind, number>(FAILURE_KINDS.map((k) => [k, 0]));
    const allRecoveries = new SampleBuffer();
    let allUnrecovered = 0;
    for (const f of this.failures.values()) {
      const ep = f.episode;
      if (ep === null) continue;
      if (ep.failed || ep.waiting > 0) {
        unrecovered.set(f.kind, (unrecovered.get(f.kind) as number) + 1);
        allUnrecovered++;
      } else {
        (recoveries.get(f.kind) as SampleBuffer).push((ep.recoveredAt - ep.start) / 1e6);
        allRecoveries.push((ep.recoveredAt - ep.start) / 1e6);
      }
    }
    const total = new Tally();
    const causes: ({ cause: FailureKind } & FailureCounts)[] = [];
    for (const kind of [...FAILURE_KINDS].sort()) {
      const t = this.tally(kind);
      total.add(t);
      if (t.events > 0) causes.push({ cause: kind, ...t.counts(recoveries.get(kind) as SampleBuffer, unrecovered.get(kind) as number) });
    }
    return { ...total.counts(allRecoveries, allUnrecovered), causes };
  }

  private tally(kind: FailureKind): Tally {
    return this.tallies.get(kind) as Tally;
  }

  /** The task runs again: the failures it kept waiting are closer to recovered. */
  private ranAgain(time: number, task: string): void {
    const loss = this.losses.get(task);
    if (loss === undefined) return;
    this.losses.delete(task);
    for (const ep of loss.episodes) if (--ep.waiting === 0) ep.recoveredAt = time;
  }
}
