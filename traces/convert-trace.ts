// `mesosim trace convert`: any supported format in, one canonical `mesosim-trace/1`
// file out, sorted by (time, type, id, rest), written atomically. Memory stays
// bounded: records go through an external sort that spills to disk.
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AtomicFile, checkInputs, checkOutput, pauseForSignals } from "../common/output-files.ts";
import { ExternalSorter } from "./sort/external-sort.ts";
import { readTrace, resolveInputs, tablesOf } from "./readers/read-trace.ts";
import { readerFor } from "./readers/readers.ts";
import type { ReferenceMachine } from "./canonical/reference-machine.ts";
import { formatHeader, TRACE_FORMAT } from "./canonical/trace-header.ts";
import type { TraceFormat } from "./readers/trace-reader.ts";
import type { TraceRecord } from "./canonical/trace-record.ts";
import { TimeWindow } from "./canonical/time-window.ts";
import { recordByteBound, writeRecord } from "./canonical/write-record.ts";

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
  /** Files in the directories walked that are not tables of the format, so not read. */
  skippedFiles: string[];
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
  // Checked before any work: the output may never pass through an AtomicFile (see
  // inPlace), and it must not be one of the inputs it is made from.
  checkInputs(opts.inputs, { directories: true });
  checkOutput(opts.out, { inputs: opts.inputs });
  const tmpDir = opts.tmpDir ?? dirname(opts.out);
  const reader = readerFor(opts.format);
  const resolved = resolveInputs(reader, opts.inputs, opts.table);
  const tables = tablesOf(resolved.inputs);
  const header = (records: number, badLines: number): Buffer =>
    Buffer.from(
      formatHeader({
        format: TRACE_FORMAT,
        source: opts.format,
        tables,
        referenceMachine: opts.reference,
        timeUnit: "us",
        sourceTimeOriginUs: reader.sourceTimeOriginUs,
        records,
        badLines,
      }) + "\n",
    );
  // The sorted body can become the output file itself (no copy of it) when the
  // sort's scratch directory is beside the output and the output is not gzip'd.
  // Its header is written last but goes first, so room for it is reserved when
  // the body file is started, from the record count extrapolated over the input
  // bytes still to read (bad lines assumed none); a wrong guess only means the
  // usual copy. The bytes written are the same either way.
  const inPlace = !opts.out.endsWith(".gz") && resolve(tmpDir) === resolve(dirname(opts.out));
  const totalBytes = inPlace ? totalInputBytes(resolved.inputs.map((i) => i.path)) : 0;
  let bytesRead = 0;
  const guess = (): number => {
    const scale = bytesRead > 0 && totalBytes > bytesRead ? totalBytes / bytesRead : 1;
    return header(Math.round(sorter.count * scale), 0).length;
  };
  const sorter = new ExternalSorter(tmpDir, opts.sortBufferBytes, inPlace ? guess : undefined);
  const onBytes = opts.onBytes;
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
        onBytes: (n) => {
          bytesRead += n;
          onBytes?.(n);
        },
        tmpDir,
        resolved,
      },
      emit,
    );
    const head = header(sorter.count, read.bad.count);
    if (!(inPlace && sorter.commitInPlace(head, opts.out))) {
      out = new AtomicFile(opts.out);
      out.bytes(head);
      await sorter.drainToPausing(out, pauseForSignals);
      out.commit();
    }
    return {
      records: sorter.count,
      linesRead: read.linesRead,
      badLines: read.bad.count,
      firstBadLines: read.bad.first,
      skippedFiles: read.skippedFiles,
      spilledRuns: sorter.spilledRuns,
    };
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    sorter.cleanup();
  }
}
