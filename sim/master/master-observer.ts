// What the controllers around the master (sim/maintenance, sim/oversubscription)
// watch: agents coming and going, and tasks starting and stopping to hold resources
// on an agent. Every method is optional; the master calls its observers in the
// order they were added, after its own bookkeeping for the change.
import type { SimAgent, SimTask } from "./master-records.ts";

export interface MasterObserver {
  /** The agent registered (its offers and tasks are empty). */
  agentAdded?(agent: SimAgent): void;
  /** The agent's total or attributes changed (a machine record of the trace). */
  agentUpdated?(agent: SimAgent): void;
  /**
   * The master lost the agent without removing it (sim/failures/): it marked it
   * unreachable, or a new master has not heard from it yet. It has left the
   * allocator; its offers are rescinded, and what else the master held for it in
   * memory goes too (`Master::__removeSlave`, a failover).
   */
  agentLost?(agent: SimAgent): void;
  /**
   * The agent registered again with the master, its tasks with it, after a failure:
   * re-admitted from unreachable (MESOS-7215), re-registered with a new master, or
   * reconnected after its process restarted. `readded`: it was added to the
   * allocator anew (the first two); false when the allocator kept it (the last).
   */
  agentReregistered?(agent: SimAgent, readded: boolean): void;
  /** The agent is being removed: its tasks have ended and its offers are rescinded; the removal is recorded next. */
  agentRemoved?(agent: SimAgent): void;
  /** The task was launched on `task.agent` and holds `task.resources` there. */
  taskStarted?(task: SimTask): void;
  /** The task stopped holding resources on `agent` (its status update is delivered). */
  taskStopped?(task: SimTask, agent: SimAgent): void;
}
