// What the failure model's parts share: the kernel, the master and its internals,
// the record stream, the master's flags, the current master's removal limiter, and
// a count of the failure events still pending (the run cannot be over while there
// are any: docs/experiment-format.md, "the run ends once nothing more can happen").
import type { MasterSettings } from "../experiment/experiment.ts";
import type { EventHandler, EventKind } from "../kernel/event-kind.ts";
import type { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { Simulation } from "../kernel/simulation.ts";
import type { MasterInternals } from "../master/master-hooks.ts";
import type { Master } from "../master/master.ts";
import type { RunRecorder } from "../records/run-records.ts";
import type { RemovalLimiter } from "./removal-limiter.ts";

/** Kernel events of the failure model, counted while pending. */
export class FailureEvents {
  private pending_ = 0;

  constructor(private readonly sim: Simulation) {}

  /** Failure events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.pending_;
  }

  kind<T>(name: string, priority: EventPriority, handler: EventHandler<T>): EventKind<T> {
    return this.sim.defineKind<T>(name, priority, (target, arg) => {
      this.pending_--;
      handler(target, arg);
    });
  }

  /** Schedules at `time` (now if earlier); a time past the kernel's last µs never comes: undefined. */
  schedule<T>(time: number, kind: EventKind<T>, target: T, arg = 0): EventHandle | undefined {
    if (!(time <= Number.MAX_SAFE_INTEGER)) return undefined;
    this.pending_++;
    return this.sim.schedule(Math.max(Math.round(time), this.sim.now), kind, target, arg);
  }

  /** Cancels a pending event (undefined or already run: nothing). Returns undefined, to clear the caller's handle. */
  cancel(handle: EventHandle | undefined): undefined {
    if (handle !== undefined && this.sim.cancel(handle)) this.pending_--;
    return undefined;
  }
}

export interface FailureContext {
  readonly sim: Simulation;
  readonly master: Master;
  readonly mi: MasterInternals;
  readonly recorder: RunRecorder;
  readonly settings: MasterSettings;
  readonly events: FailureEvents;
  /** The current master's agent removal limiter; a new master has its own. */
  limiter: RemovalLimiter;
}
