// The outstanding offers as the reports keep them (metrics-recorder.ts): for each,
// the time it was made, its role and framework, its agent's name, its amounts as
// the record gave them and, once they are counted in what the scopes and the
// agent hold, its agent's slot (stranded-resources.ts) and its amounts in
// thousandths. A run makes about a million offers
// an hour at cell scale, nearly all declined at the time they are made, so an
// offer takes a slot of a few typed arrays, reused once it ends, instead of an
// object of its own that the garbage collector would have to move and free.
import { toMilli } from "../allocators/resources/quantities.ts";
import { type Amounts, REPORTED_RESOURCES } from "../sim/records/run-records.ts";

const R = REPORTED_RESOURCES.length;

/** Buckets of `IdSlots` that hold no id: never used, or freed. */
const EMPTY = -1;
const FREED = -2;

/**
 * Offer id → slot: open addressing with linear probing in two typed arrays. An id
 * is its own hash (its low bits): offers are numbered in the order they are made,
 * and the outstanding ones are the recent ones, so their entries lie side by side
 * and a lookup finds its id in its first bucket. A removed id leaves its bucket
 * marked freed (a later id with that home takes it); the table is rebuilt, into a
 * second pair of arrays kept for that, when ids and freed buckets fill half of it.
 * Ids are whole numbers ≥ 0.
 */
export class IdSlots {
  /** The id in each bucket, or EMPTY, or FREED. */
  private keys = new Float64Array(128).fill(EMPTY);
  private values = new Int32Array(128);
  /** The arrays the next rebuild of the same size writes into. */
  private spareKeys = new Float64Array(128);
  private spareValues = new Int32Array(128);
  private mask = 127;
  private n = 0;
  private freed = 0;

  get size(): number {
    return this.n;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    const keys = this.keys;
    for (let i = (id >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const k = keys[i] as number;
      if (k === id) return this.values[i] as number;
      if (k === EMPTY) return -1;
    }
  }

  /** Adds `id` (absent) with `slot`. */
  set(id: number, slot: number): void {
    if (2 * (this.n + this.freed + 1) > this.keys.length) this.rebuild();
    const keys = this.keys;
    let i = (id >>> 0) & this.mask;
    while ((keys[i] as number) >= 0) i = (i + 1) & this.mask;
    if (keys[i] === FREED) this.freed--;
    keys[i] = id;
    this.values[i] = slot;
    this.n++;
  }

  /** Removes `id` (present). */
  delete(id: number): void {
    const keys = this.keys;
    let i = (id >>> 0) & this.mask;
    while (keys[i] !== id) i = (i + 1) & this.mask;
    keys[i] = FREED;
    this.freed++;
    this.n--;
  }

  /** Without the freed buckets, twice as large if the ids alone fill a quarter. */
  private rebuild(): void {
    const keys = this.keys;
    const values = this.values;
    if (4 * (this.n + 1) > keys.length) {
      this.spareKeys = new Float64Array(keys.length * 2);
      this.spareValues = new Int32Array(keys.length * 2);
    }
    this.keys = this.spareKeys.fill(EMPTY);
    this.values = this.spareValues;
    if (this.keys.length === keys.length) {
      this.spareKeys = keys;
      this.spareValues = values;
    } else {
      this.spareKeys = new Float64Array(this.keys.length);
      this.spareValues = new Int32Array(this.keys.length);
    }
    this.mask = this.keys.length - 1;
    this.freed = 0;
    for (let b = 0; b < keys.length; b++) {
      const k = keys[b] as number;
      if (k < 0) continue;
      let i = (k >>> 0) & this.mask;
      while ((this.keys[i] as number) >= 0) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.values[i] = values[b] as number;
    }
  }
}

/** `OfferTable.state` of a slot: free, an outstanding offer whose amounts are not counted yet, or counted. */
export const SLOT_FREE = 0;
export const SLOT_UNCOUNTED = 1;
export const SLOT_COUNTED = 2;

const NO_AMOUNTS: Amounts = new Float64Array(R);

export class OfferTable<Role, Framework> {
  /** Offer id → slot, for the outstanding offers. */
  private readonly slots = new IdSlots();
  private readonly free: number[] = [];
  private used = 0;
  /** Per slot: SLOT_FREE, SLOT_UNCOUNTED or SLOT_COUNTED. */
  state = new Uint8Array(64);
  /** Per slot: the time it was made (µs), and its agent's slot once counted (-1 before). */
  time = new Float64Array(64);
  agent = new Int32Array(64);
  /** Per slot, at slot × R: its amounts in thousandths, `REPORTED_RESOURCES` order, once counted. */
  milli = new Float64Array(64 * R);
  /** Per slot: its role and framework records (a slot's entries stay until it is reused), and its amounts until counted. */
  readonly role: Role[] = [];
  readonly framework: Framework[] = [];
  readonly amounts: Amounts[] = [];
  /** Per slot: its agent's name (looked up only when its amounts are counted). */
  readonly agentName: string[] = [];

  get size(): number {
    return this.slots.size;
  }

  /** The outstanding offer's slot, or -1. */
  slot(offer: number): number {
    return this.slots.get(offer);
  }

  /** Takes a slot for `offer` (not outstanding), SLOT_UNCOUNTED. */
  add(offer: number, time: number, role: Role, framework: Framework, agent: string, amounts: Amounts): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot === this.time.length) this.grow();
    }
    this.slots.set(offer, slot);
    this.time[slot] = time;
    this.agent[slot] = -1;
    this.agentName[slot] = agent;
    this.role[slot] = role;
    this.framework[slot] = framework;
    this.amounts[slot] = amounts;
    this.state[slot] = SLOT_UNCOUNTED;
    return slot;
  }

  /**
   * The amounts of the offer in `slot` (SLOT_UNCOUNTED) in thousandths at slot × R,
   * and `agent` (its agent's slot); it becomes SLOT_COUNTED.
   */
  count(slot: number, agent: number): void {
    this.agent[slot] = agent;
    const amounts = this.amounts[slot] as Amounts;
    const at = slot * R;
    for (let j = 0; j < R; j++) this.milli[at + j] = toMilli(amounts[j] ?? 0);
    this.amounts[slot] = NO_AMOUNTS;
    this.state[slot] = SLOT_COUNTED;
  }

  /** The offer (outstanding, in `slot`) ended: its slot is free again. */
  remove(offer: number, slot: number): void {
    this.slots.delete(offer);
    this.state[slot] = SLOT_FREE;
    this.amounts[slot] = NO_AMOUNTS;
    this.free.push(slot);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const state = new Uint8Array(n);
    state.set(this.state);
    this.state = state;
    const time = new Float64Array(n);
    time.set(this.time);
    this.time = time;
    const agent = new Int32Array(n);
    agent.set(this.agent);
    this.agent = agent;
    const milli = new Float64Array(n * R);
    milli.set(this.milli);
    this.milli = milli;
  }
}
