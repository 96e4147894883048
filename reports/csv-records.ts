// Reads the CSV files of a run directory back (timeseries.csv, tasks.csv,
// frameworks.csv: RFC 4180 as csv-stringify writes them, docs/report-format.md),
// row by row with bounded memory, for `mesosim report` and report.html.
//
// Fast because the files are large (a day of a large cell: millions of task rows,
// a row per role per sample): lines are cut in the raw bytes, a row's fields are
// found by scanning for commas, and a cell is turned into a number or a string
// only when asked for. A line holding a quote (a name with a comma, quote or line
// break, which csv-stringify quotes; `""` is one quote; a quoted field may run
// over lines) is decoded whole and split by the quoting rules instead.
//
// Synchronous on purpose: the page is rendered inside MetricsRecorder.finish,
// which is synchronous. Errors are InputErrors (exit 2) naming the file, the line
// and the column.
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../common/input-error.ts";

const CHUNK = 1 << 20;
const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const CR = 13;

/** One row, valid only during the callback that receives it. */
export interface CsvRow {
  /** The 1-based line the row starts on (1: the header). */
  readonly line: number;
  /** How many fields it has. */
  readonly size: number;
  /** Field `i` as text (UTF-8). */
  text(i: number): string;
  /** Field `i` as a number; null when empty. A cell that is not a finite number is an InputError naming the file, line and column `name`. */
  number(i: number, name: string): number | null;
  /** Whether field `i` is exactly `ascii`. */
  is(i: number, ascii: string): boolean;
}

/**
 * Calls `onRow` for every row of the file `path`, header first. A UTF-8
 * byte-order mark and `\r\n` line ends are accepted. Throws an InputError for a
 * file that cannot be read or a quote out of place.
 */
export function forEachCsvRow(path: string, onRow: (row: CsvRow) => void): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `${path}: no such file` : `${path}: cannot read: ${(err as Error).message}`);
  }
  const bytes = new ByteRow(path);
  const quoted = new TextRow(path);
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let line = 1;
    let first = true;
    // A quoted field still open at the end of a line: the row's text so far.
    let open: string | null = null;
    let openLine = 0;
    for (;;) {
      if (have === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, null);
      const end = have + n;
      let from = 0;
      if (first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
      if (end > 0) first = false;
      // One pass over the bytes: commas are noted as the line is scanned for its end.
      let fields = 0;
      let quote = false;
      let start = from;
      /** The line from `from` ends at k (its newline, or the end of the file). */
      const endLine = (k: number): void => {
        const stop = k > from && buf[k - 1] === CR ? k - 1 : k;
        if (open !== null || quote) {
          // Kept raw (a CR inside a quoted field is the field's); the row's own line end goes once it is whole.
          const raw = buf.toString("utf8", from, k);
          if (open === null) openLine = line;
          open = open === null ? raw : `${open}\n${raw}`;
          if (quotesBalanced(open)) {
            onRow(quoted.set(splitQuoted(open.endsWith("\r") ? open.slice(0, -1) : open, path, openLine), openLine));
            open = null;
          }
        } else {
          bytes.cut(fields, start, stop);
          onRow(bytes.set(buf, fields + 1, line));
        }
        line++;
        from = k + 1;
        start = from;
        fields = 0;
        quote = false;
      };
      let k = from;
      for (;;) {
        // Most bytes are letters, digits, '.', '-' or '_', all above ','; one test passes them.
        while (k < end && (buf[k] as number) > COMMA) k++;
        if (k >= end) {
          // The end of the file: the last line may have no newline.
          if (n === 0 && end > from) endLine(end);
          break;
        }
        const c = buf[k] as number;
        if (c === COMMA) {
          bytes.cut(fields++, start, k);
          start = k + 1;
        } else if (c === QUOTE) quote = true;
        else if (c === NEWLINE) endLine(k);
        k++;
      }
      if (n === 0) break;
      buf.copy(buf, 0, from, end);
      have = end - from;
    }
    if (open !== null) throw new InputError(`${path}:${openLine}: a quoted field is not closed before the end of the file`);
  } finally {
    closeSync(fd);
  }
}

/** A row without quotes, read straight from the bytes. */
class ByteRow implements CsvRow {
  line = 0;
  size = 0;
  private buf: Buffer = Buffer.alloc(0);
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);

  constructor(private readonly path: string) {}

  /** Field `i` of the row being scanned is buf[start..end). */
  cut(i: number, start: number, end: number): void {
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
  }

  /** The row scanned (its `size` fields cut) in `buf` is complete. */
  set(buf: Buffer, size: number, line: number): this {
    this.buf = buf;
    this.size = size;
    this.line = line;
    return this;
  }

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    const e = new Int32Array(this.starts.length * 2);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }

  private check(i: number): void {
    if (i >= this.size) throw new InputError(`${this.path}:${this.line}: ${this.size} fields; expected at least ${i + 1}`);
  }

  text(i: number): string {
    this.check(i);
    return this.buf.toString("utf8", this.starts[i], this.ends[i]);
  }

  is(i: number, ascii: string): boolean {
    this.check(i);
    const a = this.starts[i] as number;
    if ((this.ends[i] as number) - a !== ascii.length) return false;
    for (let k = 0; k < ascii.length; k++) if (this.buf[a + k] !== ascii.charCodeAt(k)) return false;
    return true;
  }

  number(i: number, name: string): number | null {
    this.check(i);
    const a = this.starts[i] as number;
    const b = this.ends[i] as number;
    if (a === b) return null;
    const x = decimalAt(this.buf, a, b);
    return Number.isNaN(x) ? numberText(this.buf.toString("utf8", a, b), name, this.path, this.line) : x;
  }
}

/** A row that held a quote, split into strings. */
class TextRow implements CsvRow {
  line = 0;
  private fields: string[] = [];

  constructor(private readonly path: string) {}

  get size(): number {
    return this.fields.length;
  }

  set(fields: string[], line: number): this {
    this.fields = fields;
    this.line = line;
    return this;
  }

  text(i: number): string {
    const f = this.fields[i];
    if (f === undefined) throw new InputError(`${this.path}:${this.line}: ${this.fields.length} fields; expected at least ${i + 1}`);
    return f;
  }

  is(i: number, ascii: string): boolean {
    return this.text(i) === ascii;
  }

  number(i: number, name: string): number | null {
    const f = this.text(i);
    return f === "" ? null : numberText(f, name, this.path, this.line);
  }
}

/**
 * The plain decimal `-?\d+(\.\d+)?` in buf[a..b) (what the run directory holds),
 * or NaN for anything else (exponents, signs, junk), which the caller then reads
 * with Number(). The digits are gathered as one integer and divided once by a
 * power of ten, both exact below 2^53, so the result is the correctly rounded
 * double: the same as Number() of the text.
 */
function decimalAt(buf: Buffer, a: number, b: number): number {
  let i = a;
  const negative = buf[i] === 45;
  if (negative) i++;
  let digits = 0;
  let whole = 0;
  let scale = 1;
  let point = false;
  for (; i < b; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
      if (point) scale *= 10;
    } else if (c === 46 && !point && digits > 0) point = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15 || (point && scale === 1)) return Number.NaN;
  const x = whole / scale;
  return negative ? -x : x;
}

function numberText(text: string, name: string, path: string, line: number): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) throw new InputError(`${path}:${line}: ${name}: expected a number (got ${JSON.stringify(text.slice(0, 40))})`);
  return x;
}

/** Whether every quoted field of `text` is closed (an even number of quotes). */
function quotesBalanced(text: string): boolean {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n % 2 === 0;
}

/** The fields of one whole row that holds a quote. */
function splitQuoted(text: string, path: string, line: number): string[] {
  const out: string[] = [];
  let p = 0;
  for (;;) {
    if (text.charCodeAt(p) === QUOTE) {
      let value = "";
      let from = p + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          p = q + 1;
          break;
        }
        value += '"';
        from = q + 2;
      }
      out.push(value);
      if (p === text.length) return out;
      if (text.charCodeAt(p) !== COMMA) throw new InputError(`${path}:${line}: field ${out.length}: text after a closing quote`);
      p++;
      continue;
    }
    let q = text.indexOf(",", p);
    if (q < 0) q = text.length;
    const value = text.slice(p, q);
    if (value.indexOf('"') >= 0) throw new InputError(`${path}:${line}: field ${out.length + 1}: a quote inside an unquoted field`);
    out.push(value);
    if (q === text.length) return out;
    p = q + 1;
  }
}

/** A row's fields as text (a header, a small table). */
export function fieldsOf(row: CsvRow): string[] {
  return Array.from({ length: row.size }, (_, i) => row.text(i));
}

/**
 * Where each named column is in a header: `required` must all be there (else an
 * InputError naming the file and the missing column), `optional` are -1 when
 * absent.
 */
export function csvColumns<R extends string, O extends string>(
  header: readonly string[],
  path: string,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R | O, number> {
  const at = {} as Record<R | O, number>;
  for (const name of required) {
    const i = header.indexOf(name);
    if (i < 0) throw new InputError(`${path}:1: no column "${name}" in the header (see docs/report-format.md)`);
    at[name] = i;
  }
  for (const name of optional) at[name] = header.indexOf(name);
  return at;
}
