// A zero-split view of one delimited line: field boundaries are found once and
// numbers are parsed straight from the characters, so a row costs no array and no
// substring per numeric field. Used on the hottest table (Google task_events,
// billions of rows); other readers use `split`, which is simpler and fast enough
// for their sizes. Errors match the split-based parsers' messages.
//
// A row is loaded either from a string (`load`) or from the raw bytes of an ASCII
// line (`loadBytes`, which skips UTF-8 decoding of the whole input). Both give the
// same values, strings and errors: for ASCII, the bytes are the characters.
//
// A line holding a `"` is read with RFC 4180 quoting (splitFields' rules): its
// fields are unquoted once into a string of their own, and the views point into
// that. Lines without quotes, which is every line of the published traces, keep
// the zero-split path: quotes are found by one memchr (`indexOf`) per buffer, not
// by a test per byte, so a buffer without any costs the byte loop nothing.
import { BadField, fieldCountError } from "./bad-field.ts";
import { splitQuoted } from "./split-fields.ts";

// Buffer's own latin1Slice: what toString("latin1", a, b) calls after checking its
// arguments, which costs as much again for a short field. Undocumented but in
// every Node release; checked here so that a Node without it fails at load.
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}
if (typeof (Buffer.prototype as unknown as Partial<Latin1Slicer>).latin1Slice !== "function") {
  throw new Error("this Node's Buffer has no latin1Slice");
}

const POW10 = Array.from({ length: 17 }, (_, k) => 10 ** k);

export class DelimitedRow {
  private line = "";
  /** The bytes of the line in bytes mode, else null (string mode). */
  private bytes: Buffer | null = null;
  /** starts[i]..ends[i] is field i (string indexes, or byte offsets in bytes mode). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly separatorCode: number;
  /** What scanLine found, for loadScanned. */
  private separatorsSeen = 0;
  private ascii = true;
  private quoted = false;
  /** The buffer `nextQuote` was found in, and the offset of its next `"` at or after the line being scanned (its length if none). */
  private quoteBuf: Buffer | null = null;
  private nextQuote = 0;

  constructor(
    private readonly fieldCount: number,
    private readonly table: string,
    private readonly separator = ",",
  ) {
    this.starts = new Int32Array(fieldCount);
    this.ends = new Int32Array(fieldCount);
    if (separator.length !== 1) throw new Error(`DelimitedRow: separator must be one character, got "${separator}"`);
    this.separatorCode = separator.charCodeAt(0);
  }

  /** Finds the fields of `line`; a wrong field count is a BadField. */
  load(line: string): void {
    this.bytes = null;
    if (line.indexOf('"') >= 0) {
      this.loadQuoted(line);
      return;
    }
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

  /**
   * Unquotes the fields of `line` into one string, the fields back to back, and
   * points the views at them. `span` then joins fields with the separator as on
   * an unquoted line.
   */
  private loadQuoted(line: string): void {
    const fields = splitQuoted(line, this.separator);
    if (fields.length !== this.fieldCount) this.wrongCount(fields.length);
    let p = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as string;
      this.starts[i] = p;
      this.ends[i] = p + f.length;
      p += f.length + 1;
    }
    this.line = fields.join(this.separator);
  }

  /**
   * Finds the fields of the line `buf[start..end)` (no newline) if it is all
   * ASCII without quotes, and returns true; returns false, loading nothing, if
   * not (the caller then decodes it and uses `load`, so UTF-8 handling stays
   * Node's and quoting is read in one place). A
   * wrong field count is a BadField, with the count `load` would report.
   */
  loadBytes(buf: Buffer, start: number, end: number): boolean {
    this.scanLine(buf, start, end);
    return this.loadScanned(buf, end);
  }

  /**
   * The first half of loadBytes for a reader that has not split lines: scans
   * from `start` to the next newline (or `limit`) and returns its offset. The
   * separators and the ASCII test are taken in the same pass, so finding the
   * line end costs no second scan (nor a native call per line).
   */
  scanLine(buf: Buffer, start: number, limit: number): number {
    const starts = this.starts;
    const ends = this.ends;
    const sep = this.separatorCode;
    const last = this.fieldCount - 1;
    let f = 0;
    let any = 0;
    starts[0] = start;
    let k = start;
    // ORing every byte tells ASCII (< 0x80) apart without a branch per byte.
    for (; k < limit; k++) {
      const c = buf[k] as number;
      if (c === 10) break;
      any |= c;
      if (c === sep) {
        if (f < last) {
          ends[f] = k;
          starts[f + 1] = k + 1;
        }
        f++;
      }
    }
    this.separatorsSeen = f;
    this.ascii = any < 0x80;
    if (buf !== this.quoteBuf || this.nextQuote < start) {
      this.quoteBuf = buf;
      const q = buf.indexOf(34, start); // '"'
      this.nextQuote = q < 0 ? buf.length : q;
    }
    this.quoted = this.nextQuote < k;
    return k;
  }

  /** The second half of loadBytes: the line scanned ends at `end` (its CR, if any, excluded). */
  loadScanned(buf: Buffer, end: number): boolean {
    if (!this.ascii || this.quoted) return false;
    this.bytes = buf;
    if (this.separatorsSeen !== this.fieldCount - 1) this.wrongCount(this.separatorsSeen + 1);
    this.ends[this.fieldCount - 1] = end;
    return true;
  }

  private wrongCount(found: number): never {
    throw fieldCountError(this.fieldCount, found, this.table);
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i];
  }

  string(i: number): string {
    return this.span(i, i);
  }

  /** The text from the start of field i to the end of field j, separators included. */
  span(i: number, j: number): string {
    // latin1 of ASCII bytes is the same string as UTF-8 of them, and cheaper to make.
    if (this.bytes !== null) return (this.bytes as unknown as Latin1Slicer).latin1Slice(this.starts[i] as number, this.ends[j] as number);
    return this.line.slice(this.starts[i], this.ends[j]);
  }

  /** Field i's text equals `s`; in bytes mode no string is made to tell. */
  equals(i: number, s: string): boolean {
    const a = this.starts[i] as number;
    if ((this.ends[i] as number) - a !== s.length) return false;
    const bytes = this.bytes;
    if (bytes === null) return this.line.startsWith(s, a);
    for (let k = 0; k < s.length; k++) if (bytes[a + k] !== s.charCodeAt(k)) return false;
    return true;
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
    const bytes = this.bytes;
    // Two copies of one loop, so that each stays monomorphic (bytes vs characters).
    if (bytes !== null) {
      for (let k = a; k < b; k++) {
        const c = (bytes[k] as number) - 48;
        if (c >= 0 && c <= 9) v = v * 10 + c;
        else if (c === -2 && dot < 0 && k > a) dot = k; // '.'
        else return this.slowNumber(i, name);
      }
    } else {
      for (let k = a; k < b; k++) {
        const c = this.line.charCodeAt(k) - 48;
        if (c >= 0 && c <= 9) v = v * 10 + c;
        else if (c === -2 && dot < 0 && k > a) dot = k; // '.'
        else return this.slowNumber(i, name);
      }
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
