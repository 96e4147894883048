// The allocator's logical timers: periodic allocation runs and filter expiries.
//
// Mesos's tests run on a paused clock, and their outcomes depend on one rule:
// timers due at the same instant fire in the order they were created (both the
// allocation loop and filter expiry go through the same dispatch hops). A binary
// heap on (time, sequence number) gives exactly that total order.

export interface Timer {
  readonly time: number;
  /** Set by the queue when the timer is added: creation order. */
  seq: number;
  fire(): void;
  cancelled: boolean;
}

/** A timer that calls a function. */
class CallbackTimer implements Timer {
  seq = 0;
  cancelled = false;
  constructor(
    readonly time: number,
    private readonly callback: () => void,
  ) {}

  fire(): void {
    this.callback();
  }
}

export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;
  /** `peekTimeExcept`'s stack of heap indices, reused. */
  private readonly walk: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `fire` at `time`; later-created timers at the same time fire later. */
  schedule(time: number, fire: () => void): Timer {
    return this.add(new CallbackTimer(time, fire));
  }

  /**
   * Schedules a timer object of the caller's (its `fire` at its `time`), numbering
   * it as created now: an object that is its own timer (an offer filter) costs no
   * closure and no second object.
   */
  add<T extends Timer>(t: T): T {
    t.seq = this.seq++;
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, h[p] as Timer)) break;
      h[i] = h[p] as Timer;
      i = p;
    }
    h[i] = t;
    return t;
  }

  /** The earliest live timer's time, dropping cancelled ones on the way. */
  peekTime(): number | undefined {
    while (this.heap.length > 0 && (this.heap[0] as Timer).cancelled) this.pop();
    return this.heap.length > 0 ? (this.heap[0] as Timer).time : undefined;
  }

  /**
   * The earliest live timer's time other than `except`'s (for a driver that sleeps
   * while idle). A walk down from the top that stops at the first live timer on
   * each path: below a timer, the heap holds only timers due no earlier, so only
   * `except` and cancelled timers are looked past. Usually two or three visits.
   */
  peekTimeExcept(except: Timer | undefined): number | undefined {
    const h = this.heap;
    let best: Timer | undefined;
    const stack = this.walk;
    let top = 0;
    if (h.length > 0) stack[top++] = 0;
    while (top > 0) {
      const i = stack[--top] as number;
      const t = h[i] as Timer;
      if (best !== undefined && !before(t, best)) continue; // nothing below can be earlier
      if (!t.cancelled && t !== except) {
        best = t;
        continue;
      }
      const l = 2 * i + 1;
      if (l < h.length) stack[top++] = l;
      if (l + 1 < h.length) stack[top++] = l + 1;
    }
    return best?.time;
  }

  pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r] as Timer, h[l] as Timer) ? r : l;
      if (!before(h[c] as Timer, last)) break;
      h[i] = h[c] as Timer;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
