// How the master and its failure model (sim/failures/) reach each other. The master
// calls `MasterHooks` where a failure changes what an ordinary event means (a task
// ending on an agent that cannot report it); the failure model drives the master's
// transitions (Mesos's `disconnect`, `markUnreachable`, `__reregisterSlave`,
// `removeFramework`, a new leader) through `MasterInternals`, a narrow view of the
// master's private bookkeeping, so that those transitions can live in their own files.
import type { Allocator } from "../../allocators/allocator.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { FrameworkModel } from "../frameworks/framework-model.ts";
import type { SimAgent, SimFramework, SimOffer, SimTask } from "./master-records.ts";

/** What the master asks of the failure model. Called only for agents the failure model cut off or took away. */
export interface MasterHooks {
  /**
   * The task's run time ran out on an agent that is cut off (`SimAgent.cutOff`), or
   * that the master marked unreachable without knowing this task (after a failover):
   * the task is over on the agent, whose status update waits until it talks to the
   * master again. The master keeps the task as it was meanwhile.
   */
  taskEndHeld(task: SimTask): void;
  /** The task was launched on an agent that is cut off: the launch never reaches it (it stays TASK_STAGING to the master). */
  launchLost(task: SimTask): void;
  /** The workload removes an agent the master has no longer registered (unreachable, or not back after a master failover). */
  absentAgentRemoved(agent: SimAgent): void;
  /** The workload changes an agent the master has no longer registered. */
  absentAgentUpdated(agent: SimAgent, total: Resources | null, attributes: string | null): void;
  /** The framework reconciles its tasks (`SchedulerDriver.reconcile`). */
  reconcile(fw: SimFramework): void;
}

/** The master's private bookkeeping, for the failure model's transitions (sim/failures/). */
export interface MasterInternals {
  /** Brings the allocator's clock to now (before any allocator call). */
  sync(): void;
  /** A call that triggers an allocation run was made: settle it at this instant, after everything else. */
  triggered(): void;
  /** Resources went back to the allocator: its next periodic run may have work. */
  wake(): void;
  /** What is allocated, offered or pending changed now. */
  changed(): void;
  /** The invariants must look at this agent at the next check. */
  touch(agent: SimAgent): void;
  /** Checks the invariants after an event if the run checks at every event. */
  afterEvent(event: string): void;
  model(fw: SimFramework): FrameworkModel;
  /** Rescinds an outstanding offer; `recover`: its resources go back to the allocator (no filter). */
  rescind(offer: SimOffer, recover: boolean, cause: string): void;
  /** Replaces the allocator by a new one from the run's factory, its clock at now (a new leading master). */
  newAllocator(): Allocator;
  /**
   * Puts a pending task back to running on `agent`, holding `resources` (tagged with
   * its role) since `runningSince`, its end at `endsAt` (µs; null: no end), as it ran
   * all along on that agent (an unreachable agent came back with it: MESOS-7215). The
   * caller tells the allocator.
   */
  resumeTask(task: SimTask, agent: SimAgent, resources: Resources, runningSince: number, endsAt: number | null): void;
}
