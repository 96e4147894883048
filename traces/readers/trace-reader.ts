// The contract every source-format reader implements, and the line loop they share.
import { BadField } from "../input/bad-field.ts";
import type { BadLines } from "../input/bad-lines.ts";
import type { DelimitedRow } from "../input/delimited-row.ts";
import { readLineBatches, readLineChunks, type LineSourceOptions } from "../input/line-source.ts";
import type { ReferenceMachine } from "../canonical/reference-machine.ts";
import type { TextShape } from "../input/text-shape.ts";
import type { TraceRecord } from "../canonical/trace-record.ts";

export const TRACE_FORMATS = [
  "google-2011",
  "google-2019",
  "alibaba-2017",
  "alibaba-2018",
  "alibaba-gpu-2020",
  "openb",
  "swf",
  "swim",
] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface TableInput {
  path: string;
  table: string;
}

export interface ReadContext {
  readonly reference: ReferenceMachine;
  readonly bad: BadLines;
  /** Receives records in any order; the writer sorts them. */
  readonly emit: (record: TraceRecord) => void;
  readonly lines: LineSourceOptions;
  /** Where a reader may put scratch files (e.g. to time-sort unsorted exports). */
  readonly tmpDir: string;
}

export interface TraceReader {
  readonly format: TraceFormat;
  /** Tables in the order they are read: tables that others join against come first. */
  readonly tables: readonly string[];
  /** The source timestamp (µs) that becomes canonical time 0. */
  readonly sourceTimeOriginUs: number;
  /**
   * The extensions its files are published with (`.csv`, `.csv.gz`, …): in a
   * directory walk, other files are not tables even with `--table`.
   */
  readonly extensions: readonly string[];
  /** What its files hold, checked from their first bytes before any is read. */
  readonly content: TextShape;
  /**
   * The table a file holds, from its name as published (table name and
   * extension), or null if the name does not say: such a file is no table.
   */
  recognise(path: string): string | null;
  /** Reads inputs already grouped in `tables` order and shard order. */
  read(inputs: readonly TableInput[], ctx: ReadContext): Promise<void>;
}

/**
 * Calls `onLine` for every non-empty line of `path`. A `BadField` thrown by
 * `onLine` becomes a bad-line report with this file and line number; anything
 * else propagates.
 */
export async function forEachLine(
  path: string,
  ctx: ReadContext,
  onLine: (line: string, lineNo: number) => void,
): Promise<void> {
  const at = ctx.bad.at;
  at.path = path;
  for await (const { lines, firstLine } of readLineBatches(path, ctx.lines)) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line === "") continue;
      at.line = firstLine + i;
      at.inLine = true;
      try {
        onLine(line, firstLine + i);
      } catch (err) {
        if (!(err instanceof BadField)) throw err;
        ctx.bad.report(path, firstLine + i, err.field, err.name, err.why);
      } finally {
        at.inLine = false;
      }
    }
  }
}

/**
 * `forEachLine` for a delimited table on a hot path: the same lines, numbers,
 * limit, counter and bad-line reports, but each line is parsed from the input's
 * bytes into `row` (no string per line), and `onRow` reads its fields from there.
 * Lines that are not plain ASCII are decoded and loaded as strings, so they give
 * exactly what `forEachLine` would.
 */
export async function forEachRow(
  path: string,
  ctx: ReadContext,
  row: DelimitedRow,
  onRow: (row: DelimitedRow, lineNo: number) => void,
): Promise<void> {
  const limit = ctx.lines.limit;
  const counter = ctx.lines.counter;
  const at = ctx.bad.at;
  at.path = path;
  let lineNo = 0;
  for await (const buf of readLineChunks(path, ctx.lines)) {
    let p = 0;
    const n = buf.length;
    while (p < n) {
      if (limit !== undefined) {
        if (limit.remaining <= 0) return;
        limit.remaining--;
      }
      if (counter !== undefined) counter.lines++;
      lineNo++;
      const start = p;
      // nl is n for the last line of a file without a final newline.
      const nl = row.scanLine(buf, start, n);
      // One CR before the newline is part of the line end (CRLF files).
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      p = nl + 1;
      if (start === end) continue;
      at.line = lineNo;
      at.inLine = true;
      try {
        if (!row.loadScanned(buf, end)) row.load(buf.toString("utf8", start, end));
        onRow(row, lineNo);
      } catch (err) {
        if (!(err instanceof BadField)) throw err;
        ctx.bad.report(path, lineNo, err.field, err.name, err.why);
      } finally {
        at.inLine = false;
      }
    }
  }
}

const CR = 13;

/** Seconds (possibly fractional) to integer µs. */
export function secondsToUs(s: number): number {
  return Math.round(s * 1e6);
}
