// Numbers in `summary.json` are rounded to 6 significant digits (report format), so
// that a last-bit difference of a float sum never shows in a diff of two runs.
// Whole numbers are counts or whole seconds and are kept exact: `events: 1234567`
// must not become 1234570. A float beyond 2^53 is whole too, but no count: it is
// rounded (a weighted share over a weight of 1e-300 is about 1e300).

/** `x` rounded to 6 significant digits; whole numbers up to 2^53 as they are; −0 as 0. */
export function roundSignificant(x: number): number {
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const r = Number(x.toPrecision(6));
  return r === 0 ? 0 : r;
}

/** A deep copy of a JSON value with every number rounded by `roundSignificant`. */
export function roundNumbersDeep(value: unknown): unknown {
  if (typeof value === "number") return roundSignificant(value);
  if (Array.isArray(value)) return value.map(roundNumbersDeep);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundNumbersDeep(v);
    return out;
  }
  return value;
}
