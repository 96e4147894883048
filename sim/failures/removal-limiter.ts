// The master's agent removal rate limiter (`--agent_removal_rate_limit`, e.g.
// `1/10mins`): libprocess's `RateLimiter` (3rdparty/libprocess/include/process/
// limiter.hpp), which every path that marks an agent unreachable goes through
// (`SlaveObserver::markUnreachable`, `Master::agentReregisterTimeout`,
// `Master::recoveredSlavesTimeout`).
//
// Permits are `duration / permits` apart. A request when none waits and the last
// permit is that long ago is granted at once; otherwise it queues, and the queue is
// served one permit per interval, in order. A request its owner no longer wants
// when its turn comes (Mesos discards the future: a pong arrived) is skipped
// without using a permit.
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { Simulation } from "../kernel/simulation.ts";

const UNIT_MICROS: Readonly<Record<string, number>> = {
  us: 1, ms: 1e3, s: 1e6, sec: 1e6, secs: 1e6, m: 60e6, min: 60e6, mins: 60e6, h: 3600e6, hr: 3600e6, hrs: 3600e6, d: 86400e6,
};

/** `"1/10mins"` → one permit every 600 s, as µs between permits. Throws on anything else. */
export function permitInterval(rate: string): number {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)(us|ms|s|secs?|m|mins?|h|hrs?|d)$/.exec(rate);
  if (m === null) throw new RangeError(`not a rate (permits/duration, e.g. "1/10mins"): ${JSON.stringify(rate)}`);
  const permits = Number(m[1]);
  const duration = Number(m[2]) * (UNIT_MICROS[m[3] as string] as number);
  if (!(permits > 0) || !(duration > 0)) throw new RangeError(`a rate needs permits and a duration above 0: ${JSON.stringify(rate)}`);
  return Math.max(1, Math.round(duration / permits));
}

interface Request {
  readonly grant: () => void;
  readonly wanted: () => boolean;
}

export class RemovalLimiter {
  private readonly queue: Request[] = [];
  /** Time of the next permit (Mesos's `timeout`); -Infinity: one may go now. */
  private next = -Infinity;
  private event: EventHandle | undefined = undefined;
  private readonly kServe: EventKind<RemovalLimiter>;

  /** `interval`: µs between permits, or null for no limit (every request granted at once). */
  constructor(
    private readonly sim: Simulation,
    private readonly interval: number | null,
    kServe: EventKind<RemovalLimiter>,
  ) {
    this.kServe = kServe;
  }

  /** The event kind that serves the queue: defined once per run, its target the limiter. */
  static defineKind(sim: Simulation): EventKind<RemovalLimiter> {
    return sim.defineKind<RemovalLimiter>("agent-removal-permit", EventPriority.MACHINE, (l) => l.serve());
  }

  /** Whether a request is waiting or being timed (a run cannot be over then). */
  get busy(): boolean {
    return this.queue.length > 0;
  }

  /** Asks for a permit: `grant` runs when it is given, unless `wanted()` is false by then. */
  acquire(grant: () => void, wanted: () => boolean = () => true): void {
    if (this.interval === null) {
      grant();
      return;
    }
    const now = this.sim.now;
    if (this.queue.length === 0 && now >= this.next) {
      this.next = now + this.interval;
      grant();
      return;
    }
    this.queue.push({ grant, wanted });
    if (this.event === undefined) this.event = this.sim.schedule(Math.max(now, this.next), this.kServe, this);
  }

  /** Drops every request (the master that held this limiter is gone). */
  clear(): void {
    this.queue.length = 0;
    if (this.event !== undefined) this.sim.cancel(this.event);
    this.event = undefined;
  }

  private serve(): void {
    this.event = undefined;
    while (this.queue.length > 0) {
      const r = this.queue.shift() as Request;
      if (!r.wanted()) continue;
      this.next = this.sim.now + (this.interval as number);
      r.grant();
      break;
    }
    if (this.queue.length > 0 && this.event === undefined) this.event = this.sim.schedule(this.next, this.kServe, this);
  }
}
