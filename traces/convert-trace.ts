// `mesosim trace convert`: any supported format in, one canonical `mesosim-trace/1`
// file out, sorted by (time, type, id, rest), written atomically. Memory stays
// bounded: records go through an external sort that spills to disk.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { AtomicFile } from "./atomic-file.ts";
import { ExternalSorter } from "./external-sort.ts";
import { readTrace } from "./read-trace.ts";
import type { ReferenceMachine } from "./reference-machine.ts";
import { formatHeader, TRACE_FORMAT } from "./trace-header.ts";
import type { TraceFormat } from "./trace-reader.ts";
import type { TraceRecord } from "./trace-record.ts";
import { TimeWindow } from "./time-window.ts";
import { recordByteBound, writeRecord } from "./write-record.ts";

export interface ConvertOptions {
  format: TraceFormat;
  inputs: readonly string[];
  out: string;
  reference: ReferenceMachine;
  table?: string | undefined;
  skipBad?: boolean;
  limit?: number | undefined;
  window?: TimeWindow;
  onBytes?: ((bytes: number) => void) | undefined;
  /** Scratch space for sort runs; defaults to the output's directory (same disk). */
  tmpDir?: string;
  /** Sort buffer budget in bytes (tests make it small to force spilling). */
  sortBufferBytes?: number;
}

export interface ConvertResult {
  records: number;
  linesRead: number;
  badLines: number;
  firstBadLines: string[];
  spilledRuns: number;
}

/** Sum of input sizes in bytes (directories walked), for the progress bar. */
export function totalInputBytes(paths: readonly string[]): number {
  let n = 0;
  for (const p of paths) {
    try {
      const st = statSync(p);
      n += st.isDirectory() ? totalInputBytes(readdirSync(p).map((f) => join(p, f))) : st.size;
    } catch {
      // Missing inputs are reported by the reader with a proper message.
    }
  }
  return n;
}

export async function convertTrace(opts: ConvertOptions): Promise<ConvertResult> {
  const tmpDir = opts.tmpDir ?? dirname(opts.out);
  const sorter = new ExternalSorter(tmpDir, opts.sortBufferBytes);
  const window = opts.window ?? TimeWindow.ALL;
  let out: AtomicFile | null = null;
  try {
    const emit = (r: TraceRecord): void => {
      if (!window.keeps(r)) return;
      // Encoded straight into the sort arena: no line string (formatRecord's bytes).
      const start = sorter.reserve(recordByteBound(r));
      sorter.commit(r.time, writeRecord(r, sorter.buffer, start));
    };
    const read = await readTrace(
      {
        format: opts.format,
        paths: opts.inputs,
        table: opts.table,
        reference: opts.reference,
        skipBad: opts.skipBad ?? false,
        limit: opts.limit,
        onBytes: opts.onBytes,
        tmpDir,
      },
      emit,
    );
    out = new AtomicFile(opts.out);
    out.write(
      formatHeader({
        format: TRACE_FORMAT,
        source: opts.format,
        tables: read.tables,
        referenceMachine: opts.reference,
        timeUnit: "us",
        sourceTimeOriginUs: read.reader.sourceTimeOriginUs,
        records: sorter.count,
        badLines: read.bad.count,
      }) + "\n",
    );
    sorter.drainTo(out);
    out.commit();
    return {
      records: sorter.count,
      linesRead: read.linesRead,
      badLines: read.bad.count,
      firstBadLines: read.bad.first,
      spilledRuns: sorter.spilledRuns,
    };
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    sorter.cleanup();
  }
}
