// The failure state of one agent (sim/failures/): what cut it off, the master's
// pings and markings of it, what waits on it, and the copies of its tasks the
// master gave up for lost. Shared by agent-failures.ts and agent-health.ts.
import type { Resources } from "../../allocators/resources/resources.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { SimAgent, SimTask } from "../master/master-records.ts";

/** A copy of a task the master gave up for lost that still runs (or ran to its end) on its agent. */
export interface Orphan {
  readonly task: SimTask;
  readonly resources: Resources;
  readonly runningSince: number;
  /** When its run time is over, µs; null: never. */
  readonly endsAt: number | null;
  /** Its framework's incarnation when it was lost (FrameworkFailures.incarnation). */
  readonly incarnation: number;
}

/** A run of unanswered pings being turned into a marking: waiting for its permit. */
export interface Marking {
  /** The first ping after the permit was asked for that the agent answers, if it has come back. */
  pongAt: number | null;
  cancelled: boolean;
}

/** The failure state of one agent, and the target of its events. */
export class AgentFailureState {
  readonly type = "agent";
  /** The process is down (a crash); `partitioned`: a partition cuts it off. */
  down = false;
  partitioned = false;
  /** The failure that last cut it off, and the one it was marked unreachable for. */
  cause = "";
  lostTo = "";
  /** When the current master's pings began (its registration with that master), µs. */
  pingEpoch: number;
  /** The last ping it answered before the master marked it unreachable (-Infinity: none known). */
  lastPing = -Infinity;
  /** Counted among the agents in the records (`agentAdded` and no `agentRemoved` since). */
  inRecords = true;
  /** Times it could not answer, [from, until) (until Infinity while cut off), oldest first. */
  cuts: Array<[number, number]> = [];
  check: EventHandle | undefined = undefined;
  marking: Marking | null = null;
  reregisterTimer: EventHandle | undefined = undefined;
  crashes = 0;
  /** Its re-registration time after a master failover, while it is still to come. */
  slot: number | null = null;
  /** Tasks whose run time ended while it was cut off: their updates wait on it. */
  readonly held = new Set<SimTask>();
  /** Tasks launched while it was cut off: the launch never arrived. */
  readonly lost = new Set<SimTask>();
  /** Tasks the master still has whose executors ended while the agent was down. */
  readonly dead = new Set<SimTask>();
  orphans: Orphan[] = [];

  constructor(
    readonly agent: SimAgent,
    now: number,
  ) {
    this.pingEpoch = now;
  }

  get id(): string {
    return this.agent.id;
  }
}
