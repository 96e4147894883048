// Field parsers for delimited trace rows. A bad field throws `BadField`, which the
// reader catches once per line and hands to `BadLines` with the file and line
// number, so the parsers themselves stay small and allocation-free on good input.
// (A try/catch that does not throw costs nothing measurable in V8.)

/**
 * The name of a row that has the wrong number of fields. Such a row has no field
 * at fault, so it is reported as `file:line: field count: expected N …, found M`,
 * never as "field M", which would name a field that may not exist.
 */
export const FIELD_COUNT = "field count";

export class BadField {
  constructor(
    /** 1-based field number in the source row, or null for named (JSON) fields and field counts. */
    readonly field: number | null,
    readonly name: string,
    readonly why: string,
  ) {}
}

/** A required number. Note `Number("")` is 0, so emptiness is checked first. */
export function requiredNumber(fields: readonly string[], i: number, name: string): number {
  const s = fields[i];
  if (s === undefined || s === "") throw new BadField(i + 1, name, "missing value");
  const v = Number(s);
  if (!Number.isFinite(v)) throw new BadField(i + 1, name, `not a number: "${s}"`);
  return v;
}

/** An optional number: empty gives null. */
export function optionalNumber(fields: readonly string[], i: number, name: string): number | null {
  const s = fields[i];
  if (s === undefined || s === "") return null;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new BadField(i + 1, name, `not a number: "${s}"`);
  return v;
}

/** A required integer (µs times, ids, codes). `1.0`-style floats are accepted when integral. */
export function requiredInteger(fields: readonly string[], i: number, name: string): number {
  const v = requiredNumber(fields, i, name);
  if (!Number.isInteger(v)) throw new BadField(i + 1, name, `not an integer: "${fields[i]}"`);
  return v;
}

/** A resource request or capacity: optional, never negative. */
export function optionalAmount(fields: readonly string[], i: number, name: string): number | null {
  const v = optionalNumber(fields, i, name);
  if (v !== null && v < 0) throw new BadField(i + 1, name, `negative request: ${fields[i]}`);
  return v;
}

/** A required string field. */
export function requiredString(fields: readonly string[], i: number, name: string): string {
  const s = fields[i];
  if (s === undefined || s === "") throw new BadField(i + 1, name, "missing value");
  return s;
}

export function checkFieldCount(fields: readonly string[], expected: number, what: string): void {
  if (fields.length !== expected) throw fieldCountError(expected, fields.length, what);
}

/** A row of `found` fields where `expected` were due (`what`: the table, and why that many). */
export function fieldCountError(expected: number | string, found: number, what: string): BadField {
  return new BadField(null, FIELD_COUNT, `expected ${expected} fields for ${what}, found ${found}`);
}
