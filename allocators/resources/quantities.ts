// Quantities: Mesos's `ResourceQuantities` as a compact vector, the hot-path tier.
//
// A `Quantities` maps resource names (interned ids, see resource-names.ts) to
// non-negative amounts in milli-units: Mesos's scalars are fixed point with three
// decimals (`convertToFixed`), so integers of milli-units make every `+`, `-` and
// comparison exact. Absent means 0. Subtraction clamps at 0 (Mesos's
// `ResourceQuantities::operator-=`). Ranges and sets enter as counts ×1000 (a range's
// width, a set's size) where a caller asks for them; sorters use scalars only.
//
// Range: a scalar amount is at most MAX_SCALAR = 10^12 units (see there); the
// parsers reject anything larger, as well as non-finite and negative values.
//
// Vectors grow when a new name is interned; every operation treats indices past a
// vector's length as 0, so vectors built at different times combine safely. Methods
// mutate `this` and never allocate unless the vector must grow.
import { nameCount, nameId, nameOf } from "./resource-names.ts";

export class Quantities {
  /** Milli-units by name id. May be shorter than `nameCount()`: missing ids are 0. */
  v: Float64Array;

  constructor(length = nameCount()) {
    this.v = new Float64Array(Math.max(length, 8));
  }

  /** Parses `"cpus:1;mem:512"` (names and amounts only; zero entries dropped). */
  static parse(text: string): Quantities {
    const q = new Quantities();
    for (const [name, milli] of parseQuantityText(text)) q.addId(nameId(name), milli);
    return q;
  }

  static of(entries: Iterable<readonly [string, number]>): Quantities {
    const q = new Quantities();
    for (const [name, value] of entries) q.addId(nameId(name), toMilli(value));
    return q;
  }

  clone(): Quantities {
    const q = new Quantities(this.v.length);
    q.v.set(this.v);
    return q;
  }

  /** Makes room for id `id`. */
  grow(id: number): void {
    if (id < this.v.length) return;
    const next = new Float64Array(Math.max(id + 1, this.v.length * 2, nameCount()));
    next.set(this.v);
    this.v = next;
  }

  get(id: number): number {
    return id < this.v.length ? (this.v[id] as number) : 0;
  }

  /** Sets id `id` to `milli` (clamped at 0). */
  set(id: number, milli: number): this {
    this.grow(id);
    this.v[id] = milli > 0 ? milli : 0;
    return this;
  }

  addId(id: number, milli: number): this {
    this.grow(id);
    const x = (this.v[id] as number) + milli;
    this.v[id] = x > 0 ? x : 0;
    return this;
  }

  clear(): this {
    this.v.fill(0);
    return this;
  }

  copyFrom(other: Quantities): this {
    if (other.v.length > this.v.length) this.v = new Float64Array(other.v.length);
    this.v.fill(0);
    this.v.set(other.v);
    return this;
  }

  add(other: Quantities): this {
    const o = other.v;
    if (o.length > this.v.length) this.grow(o.length - 1);
    const v = this.v;
    for (let i = 0; i < o.length; i++) v[i] = (v[i] as number) + (o[i] as number);
    return this;
  }

  /** `this -= other`, clamping every entry at 0 (Mesos's ResourceQuantities rule). */
  subtract(other: Quantities): this {
    const o = other.v;
    const v = this.v;
    const n = Math.min(o.length, v.length);
    for (let i = 0; i < n; i++) {
      const x = (v[i] as number) - (o[i] as number);
      v[i] = x > 0 ? x : 0;
    }
    return this;
  }

  isEmpty(): boolean {
    const v = this.v;
    for (let i = 0; i < v.length; i++) if ((v[i] as number) > 0) return false;
    return true;
  }

  /** Every entry of `other` is ≤ the same entry here. */
  contains(other: Quantities): boolean {
    const o = other.v;
    const v = this.v;
    for (let i = 0; i < o.length; i++) {
      const need = o[i] as number;
      if (need > 0 && (i < v.length ? (v[i] as number) : 0) < need) return false;
    }
    return true;
  }

  equals(other: Quantities): boolean {
    const n = Math.max(this.v.length, other.v.length);
    for (let i = 0; i < n; i++) if (this.get(i) !== other.get(i)) return false;
    return true;
  }

  /** Entries with a positive amount, sorted by name (Mesos keeps them sorted). */
  entries(): Array<[name: string, value: number]> {
    return sortedEntries(this.v, (m) => m > 0);
  }

  toString(): string {
    return formatEntries(this.entries());
  }
}

/**
 * Mesos's `ResourceLimits`: per-name upper bounds where an absent name is unlimited
 * and a zero entry is a real limit of zero. Stored as a vector with +Infinity for
 * "no limit", so that `limits - quantities` is the same clamped loop as above.
 */
export class Limits {
  v: Float64Array;

  constructor(length = nameCount()) {
    this.v = new Float64Array(Math.max(length, 8)).fill(Infinity);
  }

  /** Parses `"cpus:1;mem:0"`; zero limits are kept and a name may appear once (`ResourceLimits::fromString`). */
  static parse(text: string): Limits {
    const l = new Limits();
    const seen = new Set<string>();
    for (const [name, milli] of parseQuantityText(text, true, false)) {
      if (seen.has(name)) throw new QuantityParseError(`bad limit for '${name}': duplicate names are not allowed`);
      seen.add(name);
      l.set(nameId(name), milli);
    }
    return l;
  }

  static unlimited(): Limits {
    return new Limits();
  }

  clone(): Limits {
    const l = new Limits(this.v.length);
    l.v.set(this.v);
    return l;
  }

  grow(id: number): void {
    if (id < this.v.length) return;
    const next = new Float64Array(Math.max(id + 1, this.v.length * 2, nameCount())).fill(Infinity);
    next.set(this.v);
    this.v = next;
  }

  get(id: number): number {
    return id < this.v.length ? (this.v[id] as number) : Infinity;
  }

  set(id: number, milli: number): this {
    this.grow(id);
    this.v[id] = milli > 0 ? milli : 0;
    return this;
  }

  /** No name is limited. */
  isUnlimited(): boolean {
    for (let i = 0; i < this.v.length; i++) if ((this.v[i] as number) !== Infinity) return false;
    return true;
  }

  /** `this -= q`, clamping at 0; unlimited names stay unlimited. */
  subtract(q: Quantities): this {
    const o = q.v;
    if (o.length > this.v.length) this.grow(o.length - 1);
    const v = this.v;
    for (let i = 0; i < o.length; i++) {
      const x = (v[i] as number) - (o[i] as number);
      v[i] = x > 0 ? x : 0;
    }
    return this;
  }

  /** Every quantity in `q` is within its limit. */
  contains(q: Quantities): boolean {
    const o = q.v;
    for (let i = 0; i < o.length; i++) if ((o[i] as number) > this.get(i)) return false;
    return true;
  }

  /**
   * Every name limited by `this` is limited by `other` at most as much: `this`
   * is the looser bound (`ResourceLimits::contains(ResourceLimits)`; an absent
   * name is unlimited, so it contains any limit on that name).
   */
  containsLimits(other: Limits): boolean {
    const n = Math.max(this.v.length, other.v.length);
    for (let i = 0; i < n; i++) if (this.get(i) < other.get(i)) return false;
    return true;
  }

  equals(other: Limits): boolean {
    const n = Math.max(this.v.length, other.v.length);
    for (let i = 0; i < n; i++) if (this.get(i) !== other.get(i)) return false;
    return true;
  }

  /** Limited entries (zeros included), sorted by name. */
  entries(): Array<[name: string, value: number]> {
    return sortedEntries(this.v, (m) => m !== Infinity);
  }

  toString(): string {
    return formatEntries(this.entries());
  }
}

/** (name, value) of the entries of `v` that `keep` accepts, sorted by name (not a hot path). */
function sortedEntries(v: Float64Array, keep: (milli: number) => boolean): Array<[name: string, value: number]> {
  const out: Array<[string, number]> = [];
  for (let i = 0; i < v.length; i++) {
    const m = v[i] as number;
    if (keep(m)) out.push([nameOf(i), fromMilli(m)]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function formatEntries(entries: ReadonlyArray<readonly [string, number]>): string {
  return entries.map(([n, x]) => `${n}:${formatScalar(x)}`).join(";");
}

/**
 * The largest scalar amount a resource or quantity may have: 10^12 units (a
 * thousand billion cores, or an exbibyte of mem in MB). Amounts are held as
 * integers of milli-units in doubles, exact up to 2^53 ≈ 9.007·10^15 milli-units;
 * 10^12 units (10^15 milli) leaves room for sums of several amounts of that size
 * (an agent's total, the cluster total stay exact up to about 9·10^12 units), and
 * below 2^43 a value read back as a double still tells its three decimals apart.
 * Mesos's fixed point is a 64-bit integer of milli-units, and `Resources::validate`
 * rejects non-finite scalars ("Invalid scalar resource"); values beyond our range
 * would silently lose digits (`cpus:99999999999999999999` printed back as
 * `cpus:99999999999999980000`), so the parsers reject them instead.
 */
export const MAX_SCALAR = 1e12;

/** Why `value` is not a valid scalar amount, or undefined when it is one. */
export function scalarRangeError(value: number): string | undefined {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  if (value < 0) return `${value} is negative`;
  if (value > MAX_SCALAR) return `${value} is more than ${MAX_SCALAR} (10^12), the largest amount the 3-decimal fixed point holds`;
  return undefined;
}

/** Mesos's `convertToFixed`: round to the nearest thousandth, half away from zero. */
export function toMilli(value: number): number {
  const m = Math.round(Math.abs(value) * 1000);
  return value < 0 ? -m : m;
}

/** The double Mesos holds for a fixed-point value (`convertToFloating`). */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

/** A scalar as Mesos prints it: up to three decimals, no trailing zeros. */
export function formatScalar(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export class QuantityParseError extends Error {
  override readonly name = "QuantityParseError";
}

/**
 * Parses `name:value;name:value` into (name, milli) pairs. With `merge` (the
 * default), a repeated name adds to its first entry; otherwise each occurrence
 * is its own pair. With `keepZeros`, zero entries are kept (limits); otherwise dropped.
 */
export function parseQuantityText(text: string, keepZeros = false, merge = true): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const trimmed = text.trim();
  if (trimmed === "") return out;
  const seen = new Map<string, number>();
  for (const part of trimmed.split(";")) {
    const item = part.trim();
    if (item === "") continue;
    const colon = item.indexOf(":");
    if (colon <= 0) throw new QuantityParseError(`bad quantity '${item}': expected name:value`);
    const name = item.slice(0, colon).trim();
    const raw = item.slice(colon + 1).trim();
    if (!/^[A-Za-z_][\w.\-/]*$/.test(name)) throw new QuantityParseError(`bad resource name '${name}' in '${item}'`);
    if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
      throw new QuantityParseError(`bad value '${raw}' for '${name}': expected a non-negative number`);
    }
    const range = scalarRangeError(Number(raw));
    if (range !== undefined) throw new QuantityParseError(`bad value '${raw}' for '${name}': ${range}`);
    const milli = toMilli(Number(raw));
    const at = merge ? seen.get(name) : undefined;
    if (at !== undefined) {
      (out[at] as [string, number])[1] += milli;
    } else if (milli > 0 || keepZeros) {
      seen.set(name, out.length);
      out.push([name, milli]);
    }
  }
  return out;
}
