// The discrete-event kernel: virtual time in integer microseconds, the pending
// events, the handler table, and the run's one seeded random source.
//
// Everything else in the simulator (the master, agents, frameworks, the workload)
// is built from its events, as SimPy's processes and resources are built from its
// Environment: a model defines its event kinds once (name, priority class,
// handler), then schedules (time, kind, target, arg) records. Events run in the
// total order (time, priority class, sequence number): equal-time events of one
// class run in the order they were scheduled, which is the rule Batsim and the
// Omega simulator got wrong and Mesos's paused-clock tests depend on.
//
// Time never goes backwards: scheduling before `now` throws, so the popped times
// can only increase. The kernel reads no clock; the random source is seeded.
import { RandomSource } from "../../common/random-source.ts";
import type { EventHandler, EventKind } from "./event-kind.ts";
import type { EventPriority } from "./event-priority.ts";
import { EventQueue, type EventHandle } from "./event-queue.ts";

export interface SimulationOptions {
  /** Root seed of the run's random source (default 0); ignored when `random` is given. */
  readonly seed?: number | string;
  /** The run's random source, when the caller already has one. */
  readonly random?: RandomSource;
  /** Virtual time at the start, in µs (default 0). */
  readonly start?: number;
}

/** Sees every event as it is dispatched, before its handler (the event log, its digest). */
export type DispatchObserver = (time: number, kind: number, target: unknown, arg: number) => void;

export class Simulation {
  /** The run's one seeded source: every consumer takes a named stream from it. */
  readonly random: RandomSource;
  private readonly queue = new EventQueue();
  // The handler table, indexed by kind: dispatch is an array read, not a lookup.
  private readonly handlers: Array<EventHandler<never>> = [];
  private readonly priorities: EventPriority[] = [];
  private readonly names: string[] = [];
  private clock: number;
  private count = 0;
  private stopped = false;
  private observer: DispatchObserver | null = null;

  constructor(options: SimulationOptions = {}) {
    this.random = options.random ?? new RandomSource(options.seed ?? 0);
    const start = options.start ?? 0;
    if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`simulation start ${start} is not a whole number of µs ≥ 0`);
    this.clock = start;
  }

  /** Virtual time, in µs: the time of the event running, or of the last one run. */
  get now(): number {
    return this.clock;
  }

  /** Events dispatched so far (cancelled ones never count). */
  get processed(): number {
    return this.count;
  }

  /** Events scheduled and still to run. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Defines an event kind, once per model, before any of its events is scheduled.
   * Every event of the kind runs in `priority`'s class.
   */
  defineKind<T>(name: string, priority: EventPriority, handler: EventHandler<T>): EventKind<T> {
    if (this.names.includes(name)) throw new Error(`event kind '${name}' is defined twice`);
    this.handlers.push(handler as EventHandler<never>);
    this.priorities.push(priority);
    this.names.push(name);
    return (this.names.length - 1) as EventKind<T>;
  }

  /** The name a kind was defined with (for event logs and error messages). */
  kindName(kind: number): string {
    const name = this.names[kind];
    if (name === undefined) throw new RangeError(`no event kind ${kind}`);
    return name;
  }

  /** Schedules an event of `kind` at `time` µs (≥ now, whole). */
  schedule<T>(time: number, kind: EventKind<T>, target: T, arg = 0): EventHandle {
    const priority = this.priorities[kind];
    if (priority === undefined) throw new RangeError(`no event kind ${kind}`);
    if (!(time >= this.clock && Number.isSafeInteger(time))) {
      const why = time < this.clock ? `in the past (now is ${this.clock} µs)` : "not a whole number of µs";
      throw new RangeError(`cannot schedule '${this.names[kind]}' at ${time} µs: ${why}`);
    }
    return this.queue.push(time, priority, kind, target, arg);
  }

  /** Schedules an event of `kind` `delay` µs from now. */
  scheduleAfter<T>(delay: number, kind: EventKind<T>, target: T, arg = 0): EventHandle {
    return this.schedule(this.clock + delay, kind, target, arg);
  }

  /** Cancels a pending event (an offer rescinded, a task killed). False if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** Whether the event is still to run. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** The time of the next event, Infinity if none. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Sets the one function that sees every dispatched event (null: none). */
  observe(observer: DispatchObserver | null): void {
    this.observer = observer;
  }

  /** Ends the current `runUntil`/`runUntilEmpty` after the event running now. */
  stop(): void {
    this.stopped = true;
  }

  /** Runs the next event; false if there is none. */
  step(): boolean {
    const q = this.queue;
    if (!q.pop()) return false;
    // The fields are copied before the handler runs: it may schedule, which reuses them.
    const kind = q.kind;
    const target = q.target;
    const arg = q.arg;
    this.clock = q.time;
    this.count++;
    if (this.observer !== null) this.observer(this.clock, kind, target, arg);
    (this.handlers[kind] as EventHandler<unknown>)(target, arg);
    return true;
  }

  /**
   * Runs every event before `time`, then sets the clock to `time` (unless stopped):
   * an event at exactly `time` is left for later, as nothing at or after a run's
   * horizon runs.
   */
  runUntil(time: number): void {
    if (!(time >= this.clock && Number.isSafeInteger(time))) throw new RangeError(`cannot run until ${time} µs: now is ${this.clock} µs`);
    this.stopped = false;
    while (!this.stopped && this.queue.peekTime() < time) this.step();
    if (!this.stopped) this.clock = time;
  }

  /** Runs every event before `time` (or until `stop`), leaving the clock at the last one run. */
  runBefore(time: number): void {
    this.stopped = false;
    while (!this.stopped && this.queue.peekTime() < time) this.step();
  }

  /** Runs events until none is left (or `stop`). */
  runUntilEmpty(): void {
    this.stopped = false;
    while (!this.stopped && this.step());
  }
}
