// The simulator's pending events: a binary min-heap in total order (time, priority
// class, sequence number), with cheap cancellation.
//
// Laid out for the hot path (CONVENTIONS.md, "Hot paths"): no object and no closure
// per event. An event lives in a numbered slot of parallel arrays (kind, target,
// arg); the heap holds its keys next to the slot number, so a comparison reads only
// the heap's own typed arrays. Slots are recycled through a free list.
//
// Cancellation is lazy: a cancelled event stays in the heap, marked, and is dropped
// when it reaches the top; when the dead outnumber the live (offer timeouts, say,
// that are nearly always cancelled by the answer), the heap is rebuilt without them,
// so its size stays within twice the pending events.
import { PRIORITY_CLASSES } from "./event-priority.ts";

/**
 * Names one scheduled event, for `cancel`. It stays valid until the event runs or
 * is cancelled; after that it names nothing (a later event in the same slot has
 * another generation), so a stale handle can never cancel someone else's event.
 */
export type EventHandle = number & { readonly __brand: "EventHandle" };

// handle = generation × SLOT_SPAN + slot, an exact integer below 2^53. A slot whose
// generation would pass MAX_GENERATION is retired instead of reused.
const SLOT_SPAN = 2 ** 26;
const MAX_GENERATION = 2 ** 27 - 1;
// The heap's second key packs (priority class, sequence number): class × SEQ_SPAN +
// seq < 8 × 2^46 = 2^49, exact. 2^46 events is ~800 days at a billion a second.
const SEQ_SPAN = 2 ** 46;
// Below this many dead entries a rebuild is not worth its pass over the heap.
const MIN_DEAD_TO_COMPACT = 1024;

const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

export class EventQueue {
  // The heap, by position: time, packed (class, seq), slot.
  private hTime = new Float64Array(64);
  private hTie = new Float64Array(64);
  private hSlot = new Int32Array(64);
  private size = 0;
  // The events, by slot.
  private sKind = new Int32Array(64);
  private sArg = new Float64Array(64);
  private sTarget: unknown[] = [];
  private sGen = new Int32Array(64);
  private sState = new Uint8Array(64);
  private free = new Int32Array(64);
  private freeCount = 0;
  private slots = 0;
  private seq = 0;
  private live = 0;
  private dead = 0;

  /** The event `pop` took last: fields, not an object, so that popping allocates nothing. */
  time = 0;
  kind = 0;
  target: unknown = undefined;
  arg = 0;

  /** Events pending (scheduled, neither run nor cancelled). */
  get length(): number {
    return this.live;
  }

  /** Schedules an event; among equal (time, priority), later pushes pop later. */
  push(time: number, priority: number, kind: number, target: unknown, arg: number): EventHandle {
    if (!(priority >= 0 && priority < PRIORITY_CLASSES && Number.isInteger(priority))) throw new RangeError(`event priority class ${priority} is not in [0, ${PRIORITY_CLASSES})`);
    if (this.seq >= SEQ_SPAN) throw new RangeError(`more than 2^46 events scheduled`);
    const slot = this.takeSlot();
    this.sKind[slot] = kind;
    this.sArg[slot] = arg;
    this.sTarget[slot] = target;
    this.sState[slot] = PENDING;
    this.live++;
    if (this.size === this.hTime.length) this.growHeap();
    this.siftUp(this.size++, time, priority * SEQ_SPAN + this.seq++, slot);
    return ((this.sGen[slot] as number) * SLOT_SPAN + slot) as EventHandle;
  }

  /** Cancels a pending event. False (and nothing done) if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = this.pendingSlot(handle);
    if (slot < 0) return false;
    this.sState[slot] = CANCELLED;
    this.sTarget[slot] = undefined; // let the target be collected before the entry reaches the top
    this.live--;
    this.dead++;
    if (this.dead >= MIN_DEAD_TO_COMPACT && this.dead > this.live) this.compact();
    return true;
  }

  /** Whether the event is still to run. */
  isPending(handle: EventHandle): boolean {
    return this.pendingSlot(handle) >= 0;
  }

  /** The time of the earliest pending event, Infinity if none. */
  peekTime(): number {
    while (this.size > 0) {
      const slot = this.hSlot[0] as number;
      if (this.sState[slot] === PENDING) return this.hTime[0] as number;
      this.removeTop();
      this.dead--;
      this.releaseSlot(slot);
    }
    return Infinity;
  }

  /** Takes the earliest pending event into `time`, `kind`, `target`, `arg`; false if none. */
  pop(): boolean {
    while (this.size > 0) {
      const slot = this.hSlot[0] as number;
      const time = this.hTime[0] as number;
      this.removeTop();
      if (this.sState[slot] === CANCELLED) {
        this.dead--;
        this.releaseSlot(slot);
        continue;
      }
      this.time = time;
      this.kind = this.sKind[slot] as number;
      this.target = this.sTarget[slot];
      this.arg = this.sArg[slot] as number;
      this.live--;
      this.releaseSlot(slot);
      return true;
    }
    return false;
  }

  private pendingSlot(handle: EventHandle): number {
    const slot = handle % SLOT_SPAN;
    const generation = (handle - slot) / SLOT_SPAN;
    if (!(slot >= 0 && slot < this.slots) || this.sGen[slot] !== generation || this.sState[slot] !== PENDING) return -1;
    return slot;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount] as number;
    if (this.slots === SLOT_SPAN) throw new RangeError(`more than 2^26 events pending at once`);
    if (this.slots === this.sKind.length) {
      const n = this.slots * 2;
      this.sKind = grown(this.sKind, new Int32Array(n));
      this.sArg = grown(this.sArg, new Float64Array(n));
      this.sGen = grown(this.sGen, new Int32Array(n));
      this.sState = grown(this.sState, new Uint8Array(n));
      this.free = grown(this.free, new Int32Array(n));
    }
    return this.slots++;
  }

  /** The slot's event is over: a new generation, so that its old handle names nothing. */
  private releaseSlot(slot: number): void {
    this.sTarget[slot] = undefined;
    this.sState[slot] = FREE;
    const generation = (this.sGen[slot] as number) + 1;
    if (generation > MAX_GENERATION) return; // retired: never reused, so old handles stay unambiguous
    this.sGen[slot] = generation;
    this.free[this.freeCount++] = slot;
  }

  private growHeap(): void {
    const n = this.hTime.length * 2;
    this.hTime = grown(this.hTime, new Float64Array(n));
    this.hTie = grown(this.hTie, new Float64Array(n));
    this.hSlot = grown(this.hSlot, new Int32Array(n));
  }

  /** Puts (time, tie, slot) into the hole at `i` and moves it up to its place. */
  private siftUp(i: number, time: number, tie: number, slot: number): void {
    const hTime = this.hTime;
    const hTie = this.hTie;
    const hSlot = this.hSlot;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hTime[p] as number;
      if (time > pt || (time === pt && tie > (hTie[p] as number))) break;
      hTime[i] = pt;
      hTie[i] = hTie[p] as number;
      hSlot[i] = hSlot[p] as number;
      i = p;
    }
    hTime[i] = time;
    hTie[i] = tie;
    hSlot[i] = slot;
  }

  /** Puts (time, tie, slot) into the hole at `i` and moves it down to its place. */
  private siftDown(i: number, time: number, tie: number, slot: number): void {
    const hTime = this.hTime;
    const hTie = this.hTie;
    const hSlot = this.hSlot;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = hTime[c] as number;
      let cTie = hTie[c] as number;
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r] as number;
        if (rt < ct || (rt === ct && (hTie[r] as number) < cTie)) {
          c = r;
          ct = rt;
          cTie = hTie[r] as number;
        }
      }
      if (time < ct || (time === ct && tie < cTie)) break;
      hTime[i] = ct;
      hTie[i] = cTie;
      hSlot[i] = hSlot[c] as number;
      i = c;
    }
    hTime[i] = time;
    hTie[i] = tie;
    hSlot[i] = slot;
  }

  private removeTop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.hTime[last] as number, this.hTie[last] as number, this.hSlot[last] as number);
  }

  /** Drops every cancelled entry and restores the heap bottom-up (Floyd), O(n). */
  private compact(): void {
    let w = 0;
    for (let r = 0; r < this.size; r++) {
      const slot = this.hSlot[r] as number;
      if (this.sState[slot] === CANCELLED) {
        this.releaseSlot(slot);
        continue;
      }
      this.hTime[w] = this.hTime[r] as number;
      this.hTie[w] = this.hTie[r] as number;
      this.hSlot[w++] = slot;
    }
    this.size = w;
    this.dead = 0;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i, this.hTime[i] as number, this.hTie[i] as number, this.hSlot[i] as number);
  }
}

function grown<A extends Float64Array | Int32Array | Uint8Array>(from: A, to: A): A {
  to.set(from as ArrayLike<number>);
  return to;
}
