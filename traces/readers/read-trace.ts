// Reads a trace in any supported source format: works out which table each input
// file holds, puts shards in order, and runs the format's reader.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { BadField } from "../input/bad-field.ts";
import { BadLines } from "../input/bad-lines.ts";
import { recordRangeError } from "../canonical/canonical-range.ts";
import { LineBudget, type LineSourceOptions } from "../input/line-source.ts";
import type { ReferenceMachine } from "../canonical/reference-machine.ts";
import { readerFor } from "./readers.ts";
import { TraceInputError } from "../input/trace-input-error.ts";
import type { TraceRecord } from "../canonical/trace-record.ts";
import type { TableInput, TraceFormat, TraceReader } from "./trace-reader.ts";

export interface ReadTraceOptions {
  format: TraceFormat;
  /** Files, or directories of shards. */
  paths: readonly string[];
  /** Overrides recognition from file names: every input holds this table. */
  table?: string | undefined;
  reference: ReferenceMachine;
  skipBad: boolean;
  /** Read at most this many input lines in total. */
  limit?: number | undefined;
  onBytes?: ((bytes: number) => void) | undefined;
  tmpDir: string;
  /** `resolveInputs`'s answer for these paths, if the caller already has it. */
  inputs?: TableInput[];
}

export interface ReadTraceResult {
  reader: TraceReader;
  tables: string[];
  inputs: TableInput[];
  bad: BadLines;
  linesRead: number;
}

/** Lists inputs in read order: by the reader's table order, then by path (shard order). */
export function resolveInputs(reader: TraceReader, paths: readonly string[], table?: string): TableInput[] {
  if (table !== undefined && !reader.tables.includes(table)) {
    throw new TraceInputError(`--table ${table}: ${reader.format} has tables ${reader.tables.join(", ")}`);
  }
  const out: TableInput[] = [];
  for (const path of paths) {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new TraceInputError(`${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      // A directory of shards: take the files whose names say which table they are.
      for (const file of listFiles(path)) {
        const t = table ?? reader.recognise(file);
        if (t !== null) out.push({ path: file, table: t });
      }
      continue;
    }
    const t = table ?? reader.recognise(path);
    if (t === null) {
      throw new TraceInputError(
        `${path}: cannot tell which ${reader.format} table this file holds from its name; ` +
          `use the published name (tables: ${reader.tables.join(", ")}) or pass --table`,
      );
    }
    out.push({ path, table: t });
  }
  if (out.length === 0) throw new TraceInputError(`no ${reader.format} input files found in ${paths.join(", ")}`);
  const order = (t: string) => reader.tables.indexOf(t);
  out.sort((a, b) => order(a.table) - order(b.table) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

export async function readTrace(opts: ReadTraceOptions, emit: (r: TraceRecord) => void): Promise<ReadTraceResult> {
  const reader = readerFor(opts.format);
  const inputs = opts.inputs ?? resolveInputs(reader, opts.paths, opts.table);
  const bad = new BadLines(opts.skipBad);
  const counter = { lines: 0 };
  const lines: LineSourceOptions = { counter };
  if (opts.limit !== undefined) lines.limit = new LineBudget(opts.limit);
  if (opts.onBytes !== undefined) lines.onBytes = opts.onBytes;
  // Every record a reader emits is checked against the format's ranges here, once
  // for all readers: out of range is a bad line (exit 2, or counted by --skip-bad).
  const checked = (r: TraceRecord): void => {
    const e = recordRangeError(r);
    if (e === undefined) return emit(r);
    if (bad.at.inLine) throw new BadField(null, e.field, e.why);
    bad.report(bad.at.path, bad.at.line, null, e.field, `${e.why} (in a ${r.type} record completed at the end of the input)`);
  };
  await reader.read(inputs, { reference: opts.reference, bad, emit: checked, lines, tmpDir: opts.tmpDir });
  return { reader, tables: tablesOf(inputs), inputs, bad, linesRead: counter.lines };
}

/** The tables read, sorted (the header's `tables`). */
export function tablesOf(inputs: readonly TableInput[]): string[] {
  return [...new Set(inputs.map((i) => i.table))].sort();
}
