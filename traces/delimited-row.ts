// A zero-split view of one delimited line: field boundaries are found with
// indexOf and numbers are parsed straight from the characters, so a row costs no
// array and no substring per numeric field. Used on the hottest table (Google
// task_events, billions of rows); other readers use `split`, which is simpler and
// fast enough for their sizes. Errors match the split-based parsers' messages.
import { BadField } from "./bad-field.ts";

const POW10 = Array.from({ length: 17 }, (_, k) => 10 ** k);

export class DelimitedRow {
  private line = "";
  /** starts[i]..ends[i] is field i. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    private readonly fieldCount: number,
    private readonly table: string,
    private readonly separator = ",",
  ) {
    this.starts = new Int32Array(fieldCount);
    this.ends = new Int32Array(fieldCount);
  }

  /** Finds the fields of `line`; a wrong field count is a BadField. */
  load(line: string): void {
    this.line = line;
    let p = 0;
    const last = this.fieldCount - 1;
    for (let i = 0; i < last; i++) {
      const q = line.indexOf(this.separator, p);
      if (q < 0) this.wrongCount(i + 1);
      this.starts[i] = p;
      this.ends[i] = q;
      p = q + 1;
    }
    if (line.indexOf(this.separator, p) >= 0) this.wrongCount(line.split(this.separator).length);
    this.starts[last] = p;
    this.ends[last] = line.length;
  }

  private wrongCount(found: number): never {
    throw new BadField(found, "field count", `expected ${this.fieldCount} fields for ${this.table}, found ${found}`);
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i];
  }

  string(i: number): string {
    return this.line.slice(this.starts[i], this.ends[i]);
  }

  /**
   * An optional number: empty gives null. Plain decimals of up to 15 digits are
   * parsed from the characters: digits / 10^k with both exact in a double is
   * correctly rounded (Clinger's fast path), so the result is exactly Number()'s.
   * Anything else (signs, exponents, long digit strings) goes through Number().
   */
  number(i: number, name: string): number | null {
    const a = this.starts[i] as number;
    const b = this.ends[i] as number;
    if (a === b) return null;
    if (b - a > 16) return this.slowNumber(i, name);
    let v = 0;
    let dot = -1;
    for (let k = a; k < b; k++) {
      const c = this.line.charCodeAt(k) - 48;
      if (c >= 0 && c <= 9) v = v * 10 + c;
      else if (c === -2 && dot < 0 && k > a) dot = k; // '.'
      else return this.slowNumber(i, name);
    }
    if (dot < 0) return v;
    if (dot === b - 1) return this.slowNumber(i, name);
    return v / (POW10[b - dot - 1] as number);
  }

  private slowNumber(i: number, name: string): number {
    const s = this.string(i);
    const v = Number(s);
    if (!Number.isFinite(v) || s.trim() === "") throw new BadField(i + 1, name, `not a number: "${s}"`);
    return v;
  }

  requiredInteger(i: number, name: string): number {
    const v = this.number(i, name);
    if (v === null) throw new BadField(i + 1, name, "missing value");
    if (!Number.isInteger(v)) throw new BadField(i + 1, name, `not an integer: "${this.string(i)}"`);
    return v;
  }

  /** A resource amount: optional, never negative. */
  amount(i: number, name: string): number | null {
    const v = this.number(i, name);
    if (v !== null && v < 0) throw new BadField(i + 1, name, `negative request: ${this.string(i)}`);
    return v;
  }
}
