// The first line of a `mesosim-trace/1` file (docs/trace-format.md).
import type { ReferenceMachine } from "./reference-machine.ts";

export const TRACE_FORMAT = "mesosim-trace/1";

export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  /** The source format name (`google-2011`, …, or `synth`). */
  source: string;
  /** Source tables read, sorted. */
  tables: string[];
  referenceMachine: ReferenceMachine;
  timeUnit: "us";
  /** The source timestamp (µs) that became time 0 (Google traces start at 600 s). */
  sourceTimeOriginUs: number;
  records: number;
  badLines: number;
  /**
   * The observation window the trace covers, µs [start, end), when its writer
   * knows it (`synth` writes [0, durationSeconds)); absent otherwise. `fit` takes
   * its span from it rather than from the last event.
   */
  window?: { startUs: number; endUs: number };
}

export function formatHeader(h: TraceHeader): string {
  // Built field by field so the key order, and so the bytes, never depend on how
  // the object was assembled.
  const r = h.referenceMachine;
  return JSON.stringify({
    format: h.format,
    source: h.source,
    tables: h.tables,
    referenceMachine: { cpus: r.cpus, mem: r.mem, disk: r.disk, gpus: r.gpus },
    timeUnit: h.timeUnit,
    sourceTimeOriginUs: h.sourceTimeOriginUs,
    records: h.records,
    badLines: h.badLines,
    // Only when declared, so traces without one keep their bytes.
    ...(h.window === undefined ? {} : { window: { startUs: h.window.startUs, endUs: h.window.endUs } }),
  });
}
