// Reads a trace in any supported source format: works out which table each input
// file holds, puts shards in order, and runs the format's reader.
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { BadField } from "../input/bad-field.ts";
import { BadLines } from "../input/bad-lines.ts";
import { checkTextShape } from "../input/text-shape.ts";
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
  resolved?: ResolvedInputs;
}

export interface ReadTraceResult {
  reader: TraceReader;
  tables: string[];
  inputs: TableInput[];
  /** Files in the directories walked that are not tables of the format (see `resolveInputs`). */
  skippedFiles: string[];
  bad: BadLines;
  linesRead: number;
}

export interface ResolvedInputs {
  /** In read order: by the reader's table order, then by path (shard order). */
  inputs: TableInput[];
  /** Files (and dot-folders) met in directory walks that are not tables, in walk order. */
  skipped: string[];
}

/**
 * Works out which table each input holds. In a directory walk, only files with a
 * published table name and extension are tables (with `--table`, any file with the
 * format's extension); dotfiles, dot-folders and everything else are skipped and
 * listed, never read. A file named on the command line must be a table by its name,
 * unless `--table` says which. Every table's first bytes are then checked to be the
 * text its format ships (`checkTextShape`).
 */
export function resolveInputs(reader: TraceReader, paths: readonly string[], table?: string): ResolvedInputs {
  if (table !== undefined && !reader.tables.includes(table)) {
    throw new TraceInputError(`--table ${table}: ${reader.format} has tables ${reader.tables.join(", ")}`);
  }
  const out: TableInput[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new TraceInputError(`${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      walk(path, (file) => {
        const t = table === undefined ? reader.recognise(file) : isTableFile(reader, file) ? table : null;
        if (t === null) {
          skipped.push(file);
          return;
        }
        checkTextShape(file, reader.content, reader.format);
        out.push({ path: file, table: t });
      }, skipped);
      continue;
    }
    // Named by the user: what it holds is checked first, since "this is Parquet"
    // says more than "this name is not a table's".
    checkTextShape(path, reader.content, reader.format);
    const t = table ?? reader.recognise(path);
    if (t === null) {
      throw new TraceInputError(
        `${path}: cannot tell which ${reader.format} table this file holds from its name; ` +
          `use the published name (tables: ${reader.tables.join(", ")}; extensions: ${reader.extensions.join(", ")}) or pass --table`,
      );
    }
    out.push({ path, table: t });
  }
  if (out.length === 0) {
    const why = skipped.length === 0 ? "" : ` (skipped ${skipped.length} that are not tables by name and extension: ${listSome(skipped)})`;
    throw new TraceInputError(`no ${reader.format} input files found in ${paths.join(", ")}${why}`);
  }
  const order = (t: string) => reader.tables.indexOf(t);
  out.sort((a, b) => order(a.table) - order(b.table) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { inputs: out, skipped };
}

/** With `--table`, a walked file still needs the format's extension (and no leading dot). */
function isTableFile(reader: TraceReader, file: string): boolean {
  const base = basename(file);
  return !base.startsWith(".") && reader.extensions.some((e) => base.endsWith(e) && base.length > e.length);
}

/** Calls `onFile` for each file under `dir` in name order; dot-entries go to `skipped` unvisited. */
function walk(dir: string, onFile: (path: string) => void, skipped: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name.startsWith(".")) skipped.push(p);
    else if (statSync(p).isDirectory()) walk(p, onFile, skipped);
    else onFile(p);
  }
}

/** The first ten of `paths`, and how many more. */
export function listSome(paths: readonly string[]): string {
  const more = paths.length - 10;
  return paths.slice(0, 10).join(", ") + (more > 0 ? ` and ${more} more` : "");
}

export async function readTrace(opts: ReadTraceOptions, emit: (r: TraceRecord) => void): Promise<ReadTraceResult> {
  const reader = readerFor(opts.format);
  const { inputs, skipped } = opts.resolved ?? resolveInputs(reader, opts.paths, opts.table);
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
  return { reader, tables: tablesOf(inputs), inputs, skippedFiles: skipped, bad, linesRead: counter.lines };
}

/** The tables read, sorted (the header's `tables`). */
export function tablesOf(inputs: readonly TableInput[]): string[] {
  return [...new Set(inputs.map((i) => i.table))].sort();
}
