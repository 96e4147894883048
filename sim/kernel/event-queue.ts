// The simulator's pending events: a binary min-heap in total order (time, priority
// class, sequence number), with cheap cancellation.
//
// Laid out for the hot path (CONVENTIONS.md, "Hot paths"): no object and no closure
// per event. An event lives in a numbered slot: four numbers side by side in one
// Float64Array ((class, seq) packed, arg, kind, generation and state), so reading it
// costs one cache miss, and its target in a plain array. The heap holds only (time,
// slot), 12 bytes an entry, in two typed arrays; the slot's (class, seq) is read only
// when two times are equal. Of the layouts tried on the hold model (time and slot
// interleaved, the (class, seq) key in the heap too, a 4-ary heap), none was faster,
// and this one is the smallest. Slots are recycled through a free list, last freed
// first, so the slot that a handler schedules into is still in cache.
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
// The tie-break key packs (priority class, sequence number): class × SEQ_SPAN + seq
// < 8 × 2^46 = 2^49, exact. 2^46 events is ~800 days at a billion a second.
const SEQ_SPAN = 2 ** 46;
// Below this many dead entries a rebuild is not worth its pass over the heap.
const MIN_DEAD_TO_COMPACT = 1024;

// An event's record: rec[4 × slot + field].
const TIE = 0; // class × SEQ_SPAN + seq: the order among equal times
const ARG = 1;
const KIND = 2;
const GEN_STATE = 3; // generation × 4 + state, an int32
const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

export class EventQueue {
  // The heap: entry i is (heap[i], hslot[i]) = (time, slot).
  private heap = new Float64Array(64);
  private hslot = new Int32Array(64);
  private size = 0;
  // The events, by slot.
  private rec = new Float64Array(4 * 64);
  private targets: unknown[] = [];
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
    const b = 4 * slot;
    const rec = this.rec;
    const tie = priority * SEQ_SPAN + this.seq++;
    const freeGenState = rec[b + GEN_STATE] as number; // state FREE: generation × 4
    rec[b + TIE] = tie;
    rec[b + ARG] = arg;
    rec[b + KIND] = kind;
    rec[b + GEN_STATE] = freeGenState + PENDING;
    this.targets[slot] = target;
    this.live++;
    if (this.size === this.heap.length) this.growHeap();
    this.siftUp(this.size++, time, tie, slot);
    return ((freeGenState >> 2) * SLOT_SPAN + slot) as EventHandle;
  }

  /** Cancels a pending event. False (and nothing done) if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = this.pendingSlot(handle);
    if (slot < 0) return false;
    this.rec[4 * slot + GEN_STATE] = (this.rec[4 * slot + GEN_STATE] as number) + (CANCELLED - PENDING);
    this.targets[slot] = undefined; // let the target be collected before the entry reaches the top
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
      const slot = this.hslot[0] as number;
      if (((this.rec[4 * slot + GEN_STATE] as number) & 3) === PENDING) return this.heap[0] as number;
      this.removeTop();
      this.dead--;
      this.releaseSlot(slot);
    }
    return Infinity;
  }

  /** Takes the earliest pending event into `time`, `kind`, `target`, `arg`; false if none. */
  pop(): boolean {
    while (this.size > 0) {
      const time = this.heap[0] as number;
      const slot = this.hslot[0] as number;
      this.removeTop();
      const b = 4 * slot;
      if (((this.rec[b + GEN_STATE] as number) & 3) === CANCELLED) {
        this.dead--;
        this.releaseSlot(slot);
        continue;
      }
      this.time = time;
      this.kind = this.rec[b + KIND] as number;
      this.arg = this.rec[b + ARG] as number;
      this.target = this.targets[slot];
      this.live--;
      this.releaseSlot(slot);
      return true;
    }
    return false;
  }

  private pendingSlot(handle: EventHandle): number {
    const slot = handle % SLOT_SPAN;
    const generation = (handle - slot) / SLOT_SPAN;
    if (!(slot >= 0 && slot < this.slots) || this.rec[4 * slot + GEN_STATE] !== generation * 4 + PENDING) return -1;
    return slot;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount] as number;
    if (this.slots === SLOT_SPAN) throw new RangeError(`more than 2^26 events pending at once`);
    if (this.slots === this.free.length) {
      const n = this.slots * 2;
      this.rec = grown(this.rec, new Float64Array(4 * n));
      this.free = grown(this.free, new Int32Array(n));
    }
    return this.slots++;
  }

  /** The slot's event is over: a new generation, so that its old handle names nothing. */
  private releaseSlot(slot: number): void {
    this.targets[slot] = undefined;
    const b = 4 * slot;
    const generation = ((this.rec[b + GEN_STATE] as number) >> 2) + 1;
    if (generation > MAX_GENERATION) {
      // Retired: left FREE and never reused, so that no handle ever matches it again.
      this.rec[b + GEN_STATE] = (generation - 1) * 4 + FREE;
      return;
    }
    this.rec[b + GEN_STATE] = generation * 4 + FREE;
    this.free[this.freeCount++] = slot;
  }

  private growHeap(): void {
    this.heap = grown(this.heap, new Float64Array(2 * this.heap.length));
    this.hslot = grown(this.hslot, new Int32Array(2 * this.hslot.length));
  }

  /** Puts (time, slot) into the hole at `i` and moves it up to its place; `tie` is the slot's. */
  private siftUp(i: number, time: number, tie: number, slot: number): void {
    const h = this.heap;
    const hs = this.hslot;
    const rec = this.rec;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = h[p] as number;
      if (time > pt || (time === pt && tie > (rec[4 * (hs[p] as number)] as number))) break;
      h[i] = pt;
      hs[i] = hs[p] as number;
      i = p;
    }
    h[i] = time;
    hs[i] = slot;
  }

  /** Puts (time, slot) into the hole at `i` and moves it down to its place. */
  private siftDown(i: number, time: number, slot: number): void {
    const h = this.heap;
    const hs = this.hslot;
    const rec = this.rec;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = h[c] as number;
      const r = c + 1;
      if (r < n) {
        const rt = h[r] as number;
        if (rt < ct || (rt === ct && (rec[4 * (hs[r] as number)] as number) < (rec[4 * (hs[c] as number)] as number))) {
          c = r;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && (rec[4 * slot] as number) < (rec[4 * (hs[c] as number)] as number))) break;
      h[i] = ct;
      hs[i] = hs[c] as number;
      i = c;
    }
    h[i] = time;
    hs[i] = slot;
  }

  private removeTop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.heap[last] as number, this.hslot[last] as number);
  }

  /** Drops every cancelled entry and restores the heap bottom-up (Floyd), O(n). */
  private compact(): void {
    const h = this.heap;
    const hs = this.hslot;
    let w = 0;
    for (let r = 0; r < this.size; r++) {
      const slot = hs[r] as number;
      if (((this.rec[4 * slot + GEN_STATE] as number) & 3) === CANCELLED) {
        this.releaseSlot(slot);
        continue;
      }
      h[w] = h[r] as number;
      hs[w++] = slot;
    }
    this.size = w;
    this.dead = 0;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i, h[i] as number, hs[i] as number);
  }
}

function grown<A extends Float64Array | Int32Array | Uint8Array>(from: A, to: A): A {
  to.set(from as ArrayLike<number>);
  return to;
}
