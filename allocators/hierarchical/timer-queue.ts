// The allocator's logical timers: periodic allocation runs and filter expiries.
//
// Mesos's tests run on a paused clock, and their outcomes depend on one rule:
// timers due at the same instant fire in the order they were created (both the
// allocation loop and filter expiry go through the same dispatch hops). A binary
// heap on (time, sequence number) gives exactly that total order.

export interface Timer {
  readonly time: number;
  readonly seq: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `fire` at `time`; later-created timers at the same time fire later. */
  schedule(time: number, fire: () => void): Timer {
    const t: Timer = { time, seq: this.seq++, fire, cancelled: false };
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

  /** The earliest live timer's time other than `except`'s (a scan: for a driver that sleeps while idle). */
  peekTimeExcept(except: Timer | undefined): number | undefined {
    let best: Timer | undefined;
    for (const t of this.heap) if (!t.cancelled && t !== except && (best === undefined || before(t, best))) best = t;
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
