// Value::Ranges arithmetic (`src/common/values.cpp`). A ranges value is kept as a
// flat, sorted, coalesced list of inclusive bounds [b0, e0, b1, e1, ...]: overlapping
// and adjacent intervals merge, as Mesos's `coalesce` does, so equal sets of
// integers always have equal lists.

export type RangeList = readonly number[];

/** Sorts and coalesces arbitrary inclusive [begin, end] pairs. */
export function coalesce(pairs: ReadonlyArray<readonly [number, number]>): number[] {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [b, e] of sorted) {
    const n = out.length;
    if (n > 0 && b <= (out[n - 1] as number) + 1) {
      if (e > (out[n - 1] as number)) out[n - 1] = e;
    } else {
      out.push(b, e);
    }
  }
  return out;
}

export function toPairs(r: RangeList): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i] as number, r[i + 1] as number]);
  return out;
}

/** `a ∪ b` of two coalesced lists, merged in one pass (no sort: offers of fragmented port ranges hit this on every allocation). */
export function rangesUnion(a: RangeList, b: RangeList): number[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number))) {
      lo = a[i] as number;
      hi = a[i + 1] as number;
      i += 2;
    } else {
      lo = b[j] as number;
      hi = b[j + 1] as number;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= (out[n - 1] as number) + 1) {
      if (hi > (out[n - 1] as number)) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Integers in `a` that are not in `b`. */
export function rangesDifference(a: RangeList, b: RangeList): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i] as number;
    const hi = a[i + 1] as number;
    while (j < b.length && (b[j + 1] as number) < lo) j += 2;
    let k = j;
    while (lo <= hi && k < b.length && (b[k] as number) <= hi) {
      const bb = b[k] as number;
      const be = b[k + 1] as number;
      if (bb > lo) out.push(lo, bb - 1);
      lo = Math.max(lo, be + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Every integer of `b` is in `a`. Both coalesced. */
export function rangesContain(a: RangeList, b: RangeList): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j] as number;
    const hi = b[j + 1] as number;
    while (i < a.length && (a[i + 1] as number) < lo) i += 2;
    if (i >= a.length || (a[i] as number) > lo || (a[i + 1] as number) < hi) return false;
  }
  return true;
}

export function rangesEqual(a: RangeList, b: RangeList): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How many integers the ranges hold: Mesos's quantity of a ranges resource. */
export function rangesWidth(r: RangeList): number {
  let w = 0;
  for (let i = 0; i < r.length; i += 2) w += (r[i + 1] as number) - (r[i] as number) + 1;
  return w;
}

export function formatRanges(r: RangeList): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += 2) parts.push(`${r[i]}-${r[i + 1]}`);
  return `[${parts.join(",")}]`;
}
