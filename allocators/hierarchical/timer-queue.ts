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
  // Two structures, merged in (time, seq) order:
  // - the lane, a FIFO of timers added in order (each due no earlier than the one
  //   added before it): filters of one refusal length, added as time goes by, all
  //   land here, in O(1) each;
  // - a binary heap for the others (the periodic run, shorter filters), laid out
  //   for comparisons that stay in cache: entry i is (times[i], seqs[i]) in two
  //   typed arrays, its timer in items[i].
  private lane: Array<Timer | undefined> = [];
  private laneHead = 0;
  private laneLast = -Infinity;
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private items: Timer[] = [];
  private n = 0;
  private seq = 0;
  /** `peekTimeExcept`'s stack of heap indices, reused. */
  private readonly walk: number[] = [];

  get size(): number {
    return this.n + this.lane.length - this.laneHead;
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
    const seq = (t.seq = this.seq++);
    const time = t.time;
    if (time >= this.laneLast) {
      // Due no earlier than the lane's last, and created after it: it goes last.
      this.laneLast = time;
      this.lane.push(t);
      return t;
    }
    if (this.n === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (time > pt || (time === pt && seq > (seqs[p] as number))) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      items[i] = items[p] as Timer;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = t;
    return t;
  }

  /** The earliest live timer's time, dropping cancelled ones on the way. */
  peekTime(): number | undefined {
    while (this.n > 0 && (this.items[0] as Timer).cancelled) this.popHeap();
    while (this.laneHead < this.lane.length && (this.lane[this.laneHead] as Timer).cancelled) this.popLane();
    const l = this.laneHead < this.lane.length ? (this.lane[this.laneHead] as Timer).time : Infinity;
    const h = this.n > 0 ? (this.times[0] as number) : Infinity;
    const t = Math.min(l, h);
    return t === Infinity ? undefined : t;
  }

  /**
   * The earliest live timer's time other than `except`'s (for a driver that sleeps
   * while idle). In the heap, a walk down from the top that stops at the first live
   * timer on each path: below a timer, the heap holds only timers due no earlier,
   * so only `except` and cancelled timers are looked past. In the lane, the first
   * such timer from the front. Usually two or three visits.
   */
  peekTimeExcept(except: Timer | undefined): number | undefined {
    const times = this.times;
    const seqs = this.seqs;
    let best = -1;
    const stack = this.walk;
    let top = 0;
    if (this.n > 0) stack[top++] = 0;
    while (top > 0) {
      const i = stack[--top] as number;
      // Nothing below an entry due no earlier than the best is earlier.
      if (best >= 0) {
        const ti = times[i] as number;
        const tb = times[best] as number;
        if (!(ti < tb || (ti === tb && (seqs[i] as number) < (seqs[best] as number)))) continue;
      }
      const t = this.items[i] as Timer;
      if (!t.cancelled && t !== except) {
        best = i;
        continue;
      }
      const l = 2 * i + 1;
      if (l < this.n) stack[top++] = l;
      if (l + 1 < this.n) stack[top++] = l + 1;
    }
    let time = best < 0 ? Infinity : (times[best] as number);
    for (let k = this.laneHead; k < this.lane.length; k++) {
      const t = this.lane[k] as Timer;
      if (t.cancelled || t === except) continue;
      if (t.time < time) time = t.time;
      break;
    }
    return time === Infinity ? undefined : time;
  }

  /** Takes the earliest timer, cancelled or not. */
  pop(): Timer | undefined {
    const hasLane = this.laneHead < this.lane.length;
    if (this.n === 0) return hasLane ? this.popLane() : undefined;
    if (!hasLane) return this.popHeap();
    const l = this.lane[this.laneHead] as Timer;
    const ht = this.times[0] as number;
    return l.time < ht || (l.time === ht && l.seq < (this.seqs[0] as number)) ? this.popLane() : this.popHeap();
  }

  private popLane(): Timer {
    const lane = this.lane;
    const t = lane[this.laneHead] as Timer;
    lane[this.laneHead++] = undefined; // let it be collected
    if (this.laneHead === lane.length) {
      lane.length = 0;
      this.laneHead = 0;
      this.laneLast = -Infinity;
    } else if (this.laneHead >= 4096 && 2 * this.laneHead >= lane.length) {
      // Drop the consumed front now and then (a shift per pop would be O(n)).
      lane.copyWithin(0, this.laneHead);
      lane.length -= this.laneHead;
      this.laneHead = 0;
    }
    return t;
  }

  private popHeap(): Timer {
    const items = this.items;
    const top = items[0] as Timer;
    const last = --this.n;
    const lastItem = items[last] as Timer;
    items[last] = undefined as unknown as Timer; // let it be collected
    if (last === 0) return top;
    const times = this.times;
    const seqs = this.seqs;
    const time = times[last] as number;
    const seq = seqs[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      let ct = times[c] as number;
      const r = c + 1;
      if (r < last) {
        const rt = times[r] as number;
        if (rt < ct || (rt === ct && (seqs[r] as number) < (seqs[c] as number))) {
          c = r;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && seq < (seqs[c] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[c] as number;
      items[i] = items[c] as Timer;
      i = c;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = lastItem;
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
