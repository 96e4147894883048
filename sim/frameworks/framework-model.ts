// A framework model: the scheduler side of a framework, as a plugin (CONVENTIONS.md,
// "A policy is a small plugin"). The master calls it the way Mesos's scheduler
// driver calls a scheduler (`Scheduler::resourceOffers`, `statusUpdate`,
// `offerRescinded`, mesos/scheduler.hpp), plus `workArrived` for the workload the
// simulator routes to it. It acts through its `SchedulerDriver` (suppress, revive,
// abandon, timers), never on the master's state directly.
//
// One file per model, one line in `models.ts`. The models of Marathon, Chronos,
// Aurora, Spark and the others plug in here with their own `params`.
import type { RandomStream } from "../../allocators/random-stream.ts";
import type { FrameworkCapability } from "../../allocators/allocator.ts";
import type { OperationType } from "../../allocators/resources/resource-operations.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { SimAgent, SimFramework, SimOffer, SimTask } from "../master/master-records.ts";
import type { TaskEndState } from "../records/run-records.ts";

/** What a model answers to one offer callback; an offer it launches nothing on is declined. */
export interface OfferAnswer {
  /**
   * Whether `task` fits what is left of `offer` (resources and the task's constraints
   * on its agent). `revocable` (default true): whether it may run on the offer's
   * revocable resources; false counts only the non-revocable ones.
   */
  fits(offer: SimOffer, task: SimTask, revocable?: boolean): boolean;
  /**
   * Launches `task` on `offer` (it must fit, with the same `revocable`): the task
   * leaves `pending` for `launching`. With `revocable` it takes the offer's revocable
   * resources first (sim/oversubscription/revocable-take.ts).
   */
  launch(offer: SimOffer, task: SimTask, revocable?: boolean): void;
  /** Whether nothing is left of `offer` (a scheduler stops looking at an empty offer). */
  exhausted(offer: SimOffer): boolean;
  /** Declines `offer` (what is left of it) with a filter of `refuseSeconds` (default: the framework's). */
  decline(offer: SimOffer, refuseSeconds?: number): void;
  /**
   * An offer operation of the ACCEPT call on what is left of `offer`: RESERVE
   * (dynamic reservations for the offer's role), UNRESERVE (dynamic reservations),
   * CREATE or DESTROY (persistent volumes on disk reserved for the offer's role).
   * `resources` are written as in Mesos's `Offer.Operation`, without allocation
   * info (`parseResources("cpus(prod):4")`, `disk(prod)[vol:/data]:100`). What is
   * left of the offer changes at once, so a later `launch` in the same callback may
   * use the result. When the answer reaches the master, each operation goes through
   * the allocator's `updateAllocation` and changes the agent's total, in the order
   * given and before the callback's launches (`Master::_accept` → `Master::_apply`,
   * src/master/master.cpp); an offer rescinded meanwhile drops them, as Mesos drops
   * an accept of an invalid offer. Throws `OperationError` for an operation Mesos's
   * master refuses (`validation::operation::validate*`, src/master/validation.cpp):
   * a reservation for another role or static, revocable resources, a volume on
   * unreserved disk, a volume in use, or resources not left in the offer.
   */
  operate(offer: SimOffer, type: OperationType, resources: Resources): void;
}

/** What a model may ask of the master. */
export interface SchedulerDriver {
  readonly framework: SimFramework;
  /** Simulated time, µs. */
  readonly now: number;
  /** A named stream of the run's seeded source, under `sim/framework/<name>/`. */
  random(name: string): RandomStream;
  /**
   * SUPPRESS (all the framework's roles); a no-op when already suppressed. Made
   * while the framework decides (from `resourceOffers` until its answer), it reaches
   * the master with the answer, after its ACCEPTs and DECLINEs, as do the REVIVEs;
   * otherwise at once.
   */
  suppress(): void;
  /** REVIVE (all its roles); a no-op when not suppressed. When it reaches the master: as `suppress`. */
  revive(): void;
  /** Gives a pending task up for good (`abandonAfter`). */
  abandon(task: SimTask): void;
  /** Calls the model's `taskTimer(task)` at `time` µs (≥ now); cancelled when the task launches or ends. */
  setTaskTimer(task: SimTask, time: number): void;
  /** Adds a capability (e.g. GPU_RESOURCES when a GPU task arrives); updates the framework in the allocator. */
  addCapability(capability: FrameworkCapability): void;
  /**
   * Explicit reconciliation of every task it believes staging or running (Mesos's
   * RECONCILE call): the answers come as status updates with
   * `REASON_RECONCILIATION`, now or, for a task on an agent the master is still
   * waiting for after a failover, when the master knows (docs/simulator.md, "Failures").
   */
  reconcile(): void;
}

export interface FrameworkModel {
  /** The framework is registered; nothing has been offered yet. */
  registered(): void;
  /** Tasks routed to this framework arrived, in arrival order, all `pending`. */
  workArrived(tasks: readonly SimTask[]): void;
  /** One offer callback (Mesos's `resourceOffers`): answer every offer through `answer`. */
  resourceOffers(offers: readonly SimOffer[], answer: OfferAnswer): void;
  /**
   * Launches it chose never reached an agent (the offer was rescinded while it
   * decided; Mesos answers such an ACCEPT with TASK_DROPPED, or TASK_LOST to a
   * framework that is not PARTITION_AWARE). The tasks are
   * `pending` again and keep their place in time (`pendingSince`).
   */
  launchFailed(tasks: readonly SimTask[]): void;
  /**
   * A status update. For a terminal state the task holds nothing any more; the
   * model returns true when it retries the task (it is then `pending` again, from now).
   */
  statusUpdate(task: SimTask, state: TaskEndState | "TASK_RUNNING", reason?: TaskStatusReason): boolean;
  /** An outstanding offer was rescinded (agent gone, offer timeout). */
  offerRescinded(offer: SimOffer): void;
  /** A timer set with `setTaskTimer` fired. */
  taskTimer(task: SimTask): void;
  /**
   * Subscribed again after its scheduler or the master failed over (Mesos's
   * `Scheduler::registered`/`reregistered`): nothing it asked for while away reached
   * the master; filters are gone. A model reconciles and revives here. Optional:
   * without it the master re-applies the model's SUPPRESS/REVIVE state.
   */
  reregistered?(): void;
  /**
   * A task it was told is lost (TASK_UNREACHABLE, TASK_LOST) is running on its agent
   * again: the agent re-registered and Mesos re-adds its tasks instead of killing
   * them (MESOS-7215). True takes it back: the task must be `pending`, and runs on
   * from now with the run time it has left. False (or no method) kills that copy.
   */
  taskReappeared?(task: SimTask): boolean;
  /**
   * An inverse offer (Mesos's `inverseOffers` callback): `agent` is unavailable from
   * `start` (µs) for `duration` µs (null: for good). Answered at once, with the
   * framework's `refuseSeconds` as the answer's filter. Absent: ignored.
   */
  inverseOffer?(agent: SimAgent, start: number, duration: number | null): InverseOfferAnswer;
}

/**
 * Why a task reached its terminal state, where the state alone does not say (Mesos's
 * TaskStatus.Reason, mesos.proto), as the simulated master and agents give it;
 * undefined: the task's own end (its run time was over).
 */
export type TaskStatusReason =
  /** A kill by DRAIN_AGENT (slave.cpp sets it on TASK_KILLED and TASK_GONE_BY_OPERATOR while the agent drains). */
  | "REASON_SLAVE_DRAINING"
  /** The agent was marked unreachable (`Master::__removeSlave`) or removed. */
  | "REASON_SLAVE_REMOVED"
  /** The agent disconnected and the framework does not checkpoint (`Master::removeFramework(Slave*, Framework*)`). */
  | "REASON_SLAVE_DISCONNECTED"
  /** The framework was removed (its failover timeout passed): its tasks are killed (`Master::removeFramework`). */
  | "REASON_FRAMEWORK_REMOVED"
  /** The answer to the framework's reconciliation (`Master::reconcile`). */
  | "REASON_RECONCILIATION"
  /** The task's executor did not re-register with the restarted agent in time (`Slave::reregisterExecutorTimeout`). */
  | "REASON_EXECUTOR_REREGISTRATION_TIMEOUT";

/** A framework's answer to an inverse offer: ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS, or no answer. */
export type InverseOfferAnswer = "accept" | "decline" | "ignore";

/** Builds a model for one framework; `params` are the experiment's `params`, already validated. */
export type FrameworkModelFactory = (driver: SchedulerDriver, params: Readonly<Record<string, unknown>>) => FrameworkModel;
