// The run's record stream: everything the reports may know of a run, as calls on a
// `RunRecorder`. The simulator makes these calls as things happen, in simulated
// time order; `reports/` implements the interface and never sees a live simulator
// object (CONVENTIONS.md: `sim -> run records -> reports`). Every argument is plain
// data: ids, numbers, strings, frozen arrays.
//
// Times are integer µs of simulated time from the run's start. Amounts are in Mesos
// units (cpus in cores, mem and disk in MB, gpus), in `REPORTED_RESOURCES` order.
//
// Calls come in a documented order so that a recorder can keep only what is alive:
//   a task is `taskSubmitted` once, then any number of (`taskLaunched`,
//   `taskRunning`?, `taskEnded`) runs — `taskEnded` with `requeued: true` puts it
//   back to pending (its wait restarts at that time) — and finally either a
//   terminal `taskEnded` (`requeued: false`), `taskAbandoned`, or nothing (still
//   pending or running when the run ends);
//   an offer is `offerMade` once and `offerEnded` at most once (not at all if it is
//   outstanding when the run ends);
//   a task put back to pending by its loss may instead be `taskRecovered` (its agent
//   came back with it still running: MESOS-7215), which makes it running again;
//   an agent that a failure makes unreachable is `agentLost`, and `agentRemoved`
//   once none of its tasks is alive (at once, except after a master failover, where
//   its tasks end as their frameworks learn of them); if it comes back it is
//   `agentAdded` (unless it was never removed) then `agentBack`; no task is ever
//   alive on an agent that is not registered;
//   `runStarted` comes first and `runEnded` last.
//
// Failures (the experiment's `failures`): `failureBegan` names each one by an id
// unique in the run; the losses it causes carry that id as their `cause`
// (`taskEnded`, `offerEnded`, `agentLost`, `agentBack`).

import type { OperationType } from "../../allocators/resources/resource-operations.ts";
import type { MaintenanceRecords } from "./maintenance-records.ts";

/** The resources the reports account for, in the order of every `Amounts`. */
export const REPORTED_RESOURCES = ["cpus", "mem", "disk", "gpus"] as const;
export type ReportedResource = (typeof REPORTED_RESOURCES)[number];

/** Amounts of `REPORTED_RESOURCES`, index for index. Never mutated after the call. */
export type Amounts = Readonly<Float64Array>;

/** Mesos's terminal task states that a simulated task can end in. */
export const TASK_END_STATES = [
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_LOST",
  "TASK_GONE",
  "TASK_UNREACHABLE",
  "TASK_DROPPED",
  "TASK_GONE_BY_OPERATOR",
] as const;
export type TaskEndState = (typeof TASK_END_STATES)[number];

/** The kinds of the experiment's `failures` entries (sim/experiment/failure-spec.ts). */
export const FAILURE_KINDS = ["agent-crash", "partition", "master-failover", "framework-failover"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** How an offer stopped being outstanding. */
export const OFFER_ENDS = ["accepted", "declined", "rescinded", "timedOut"] as const;
export type OfferEnd = (typeof OFFER_ENDS)[number];

export interface RunRoleInfo {
  readonly role: string;
  readonly weight: number;
}

export interface RunStartInfo {
  readonly name: string;
  readonly seed: number;
  /** Roles known up front (from `roles` and the frameworks), sorted by name. */
  readonly roles: readonly RunRoleInfo[];
  /** `fairnessExcludeResourceNames`: left out of dominant shares. */
  readonly fairnessExcludeResourceNames: readonly string[];
  /** The minimum allocatable alternatives, as amounts (for stranded resources). */
  readonly minAllocatable: readonly Amounts[];
  /** The run's horizon in µs, or null when it runs until nothing more can happen. */
  readonly horizon: number | null;
  /** Whether the experiment has a `failures` list (a recorder may skip what only failures need). */
  readonly failures?: boolean;
}

/** Every call a run makes; maintenance and oversubscription ones are in maintenance-records.ts. */
export interface RunRecorder extends MaintenanceRecords {
  runStarted(info: RunStartInfo): void;

  /**
   * Optional: writes at most `max` of what the recorder writes for the quiet
   * stretch before `time`, the next event's time (the time series' samples), as the
   * first record at `time` would write them; true when nothing is left before
   * `time`. A run calls it between events, so that a long stretch without events
   * is written a slice at a time, with a turn of the event loop between slices.
   */
  catchUp?(time: number, max: number): boolean;

  /** An agent joined with `total`; `attributes` as `name:value;…` text. */
  agentAdded(time: number, agent: string, total: Amounts, attributes: string): void;
  /** An agent's total changed. */
  agentUpdated(time: number, agent: string, total: Amounts): void;
  /** An agent left (its tasks ended before this call, its offers were rescinded). */
  agentRemoved(time: number, agent: string): void;

  /** A role's weight is set (at the start, or when it first appears, weight 1). */
  roleWeight(time: number, role: string, weight: number): void;

  frameworkRegistered(time: number, framework: string, model: string, roles: readonly string[]): void;
  frameworkRemoved(time: number, framework: string): void;
  /** The framework spent `[start, end)` deciding one offer callback (busyness). */
  frameworkDecided(start: number, end: number, framework: string, offers: number): void;

  /** A task of the workload reached its framework's queue. `job` groups tasks. */
  taskSubmitted(time: number, task: string, job: string, framework: string, role: string, request: Amounts): void;
  /**
   * The framework launched the task on `agent` (TASK_STAGING): from now it holds
   * `request` there. `attempts`: offers it was examined on and did not fit, since
   * it last became pending.
   */
  taskLaunched(time: number, task: string, agent: string, attempts: number): void;
  /** TASK_RUNNING (after `taskLaunchDelay`). */
  taskRunning(time: number, task: string): void;
  /**
   * The task stopped holding resources with `state`. `requeued`: its framework put
   * it back in its queue (a loss it retries), so it is pending again from `time`.
   * `cause`: the id of the failure that ended it (`failureBegan`), if one did.
   */
  taskEnded(time: number, task: string, state: TaskEndState, requeued: boolean, cause?: string): void;
  /** The framework gave the pending task up (`abandonAfter`). */
  taskAbandoned(time: number, task: string): void;
  /**
   * A task its framework had requeued after a loss is running again on `agent`, its
   * old agent, which came back with it (MESOS-7215: the master re-adds the tasks of
   * an unreachable agent that re-registers), and the framework took it back: from
   * now it holds its request there again, as it did before the loss.
   */
  taskRecovered(time: number, task: string, agent: string): void;

  /** An offer of `amounts` on `agent` to `framework` for `role`. Ids are unique per run. */
  offerMade(time: number, offer: number, framework: string, role: string, agent: string, amounts: Amounts): void;
  /** `cause`: the id of the failure that rescinded it, if one did. */
  offerEnded(time: number, offer: number, how: OfferEnd, cause?: string): void;
  /**
   * An offer operation of the framework's ACCEPT of `offer` was applied (just before
   * the offer's `offerEnded(…, "accepted")`, in the order the framework gave them):
   * RESERVE, UNRESERVE, CREATE or DESTROY of `resources` (Mesos's text form, e.g.
   * `cpus(prod):4`). They change what the agent's resources are, not how much there
   * is: the agent's amounts stay as they were.
   */
  offerOperation(time: number, offer: number, operation: OperationType, resources: string): void;

  /** A failure of the experiment began: `failure` is its id in this run, `detail` what it hits (agents, a framework). */
  failureBegan(time: number, failure: string, kind: FailureKind, detail: string): void;
  /** The master marked the agent unreachable because of `cause` (its tasks ended before, `agentRemoved` follows). */
  agentLost(time: number, agent: string, cause: string): void;
  /** The agent, lost to `cause`, re-registered (after its `agentAdded`). */
  agentBack(time: number, agent: string, cause: string): void;

  /** One kernel event, for the digest and `events.jsonl`: its kind and a label of its ids. */
  event(time: number, kind: string, ids: string): void;

  /** The run is over at `time` (the span T ends here). */
  runEnded(time: number): void;
}
