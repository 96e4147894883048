// The record stream's calls for maintenance and oversubscription (part of
// `RunRecorder`, run-records.ts): machines changing maintenance mode, inverse
// offers, revocable resources, and why the master or an agent stopped a task or
// rescinded an offer. Same conventions as run-records.ts: times in integer µs,
// amounts in Mesos units in `REPORTED_RESOURCES` order, plain data only.
//
// Order: a cause comes just before the call it explains, at the same time
// (`taskEndCause` before that task's `taskEnded`, `offerRescindCause` before that
// offer's `offerEnded(…, "rescinded")`); `taskRevocable` just after its
// `taskLaunched` (or its `taskRecovered`: a task taken back from its returning agent
// holds what it held before), `offerRevocable` just after its `offerMade`,
// `agentRevocable` just after the `agentAdded`/`agentUpdated` whose total includes it. An inverse offer is
// `inverseOfferMade` once and `inverseOfferEnded` at most once.

/** `Amounts` of run-records.ts (which imports this file, so it is not imported back). */
type Amounts = Readonly<Float64Array>;

/**
 * A machine's maintenance mode (Mesos's MachineInfo.Mode, plus the DRAIN_AGENT step):
 * `draining`: a posted schedule names it (unavailability sent to the allocator);
 * `drain`: DRAIN_AGENT (agent deactivated, its tasks being killed);
 * `down`: `/machine/down` (its agent is removed just after, `agentRemoved`);
 * `gone`: the drain marked it gone (removed for good, never back);
 * `up`: `/machine/up` (its agent registers again just after, `agentAdded`).
 */
export const MAINTENANCE_MODES = ["draining", "drain", "down", "gone", "up"] as const;
export type MaintenanceMode = (typeof MAINTENANCE_MODES)[number];

/** How an inverse offer stopped being outstanding. */
export const INVERSE_OFFER_ENDS = ["accepted", "declined", "rescinded", "timedOut"] as const;
export type InverseOfferEnd = (typeof INVERSE_OFFER_ENDS)[number];

/**
 * Why a task was stopped by the cluster rather than by its own run time:
 * `drain` (killed by a drain when its grace period ran out), `down` (on a machine
 * taken down), `qos` (a revocable task killed by the QoS controller).
 */
export const TASK_STOP_CAUSES = ["drain", "down", "qos"] as const;
export type TaskStopCause = (typeof TASK_STOP_CAUSES)[number];

/**
 * Why an offer was rescinded: `maintenance` (a schedule changed the agent's
 * unavailability: Master::updateUnavailability), `drain` (the agent was deactivated),
 * `down` (the agent was removed for maintenance), `revocable` (the agent's revocable
 * resources changed and the offer held some).
 */
export const RESCIND_CAUSES = ["maintenance", "drain", "down", "revocable"] as const;
export type RescindCause = (typeof RESCIND_CAUSES)[number];

export interface MaintenanceRecords {
  /**
   * The agent's machine entered `mode`. With `draining`, `start` is when it becomes
   * unavailable and `duration` for how long (µs; null: for good); null otherwise.
   */
  agentMaintenance(time: number, agent: string, mode: MaintenanceMode, start: number | null, duration: number | null): void;
  /** An inverse offer (Mesos's InverseOffer: all of the agent) to `framework`. Ids are unique per run. */
  inverseOfferMade(time: number, inverseOffer: number, framework: string, agent: string): void;
  inverseOfferEnded(time: number, inverseOffer: number, how: InverseOfferEnd): void;
  /** The `taskEnded` of `task` that follows at this time is for `cause`. */
  taskEndCause(time: number, task: string, cause: TaskStopCause): void;
  /** The `offerEnded(…, "rescinded")` of `offer` that follows at this time is for `cause`. */
  offerRescindCause(time: number, offer: number, cause: RescindCause): void;
  /** What the task just launched (or recovered) holds in revocable resources (only when it holds some). */
  taskRevocable(time: number, task: string, revocable: Amounts): void;
  /** The revocable part of the offer just made (only when it has some). */
  offerRevocable(time: number, offer: number, revocable: Amounts): void;
  /** The agent's revocable resources (part of the total its last agentAdded/agentUpdated gave). */
  agentRevocable(time: number, agent: string, revocable: Amounts): void;
}
