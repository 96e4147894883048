// The workload of a run: canonical traces, each read batch by batch, merged in time
// order (ties: source list order, then the trace's own order), with each source's
// options applied (`window`, `timeScale`, `roleMap`/`rolePrefix`, `limit`;
// docs/experiment-format.md, `workload`). Memory is bounded by one batch per
// source, never by the length of a trace.
//
// Pull-based: `next()` hands out records synchronously while every source has one
// buffered, and returns null when a source must be read first (`await fill()`).
import { canonicalBatches, type CanonicalBatch } from "../../traces/canonical/canonical-reader.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import type { SourceOptions } from "../experiment/experiment.ts";

export interface WorkloadInput {
  /** A canonical trace (converted or synthesised into scratch if the source was not one). */
  readonly path: string;
  readonly options: SourceOptions;
}

/** A record as the run sees it: run time (µs) and role mapped, with its source index. */
export interface WorkloadItem {
  readonly record: TraceRecord;
  readonly source: number;
}

class Cursor {
  batch: readonly TraceRecord[] = [];
  pos = 0;
  done = false;
  kept = 0;
  constructor(
    readonly index: number,
    readonly iterator: AsyncGenerator<CanonicalBatch>,
    readonly options: SourceOptions,
  ) {}

  get empty(): boolean {
    return this.pos >= this.batch.length;
  }
}

export class WorkloadStream {
  private readonly cursors: Cursor[];

  constructor(inputs: readonly WorkloadInput[]) {
    this.cursors = inputs.map((input, i) => new Cursor(i, canonicalBatches(input.path), input.options));
  }

  /** Reads until every source has a record buffered or is exhausted. */
  async fill(): Promise<void> {
    for (const c of this.cursors) {
      while (!c.done && c.empty) {
        const next = await c.iterator.next();
        if (next.done === true) {
          c.done = true;
          break;
        }
        if ("records" in next.value) this.load(c, next.value.records);
      }
    }
  }

  /** Whether every source is exhausted. */
  get exhausted(): boolean {
    return this.cursors.every((c) => c.done && c.empty);
  }

  /** Run time of the next record, Infinity when exhausted, NaN when a source must be filled first. */
  peekTime(): number {
    let best = Infinity;
    for (const c of this.cursors) {
      if (c.empty) {
        if (!c.done) return NaN;
        continue;
      }
      const t = (c.batch[c.pos] as TraceRecord).time;
      if (t < best) best = t;
    }
    return best;
  }

  /** The next record in merged order, or null if a source must be filled first (or all are exhausted). */
  next(): WorkloadItem | null {
    let best: Cursor | null = null;
    let bestTime = Infinity;
    for (const c of this.cursors) {
      if (c.empty) {
        if (!c.done) return null;
        continue;
      }
      const t = (c.batch[c.pos] as TraceRecord).time;
      if (t < bestTime) {
        best = c;
        bestTime = t;
      }
    }
    if (best === null) return null;
    return { record: best.batch[best.pos++] as TraceRecord, source: best.index };
  }

  /** Keeps what the source's options keep, in run time and run roles. */
  private load(c: Cursor, records: readonly TraceRecord[]): void {
    const o = c.options;
    const start = o.window?.start ?? 0;
    const end = o.window?.end ?? null;
    const out: TraceRecord[] = [];
    for (const r of records) {
      if (o.limit !== null && c.kept >= o.limit) {
        c.done = true;
        break;
      }
      if (end !== null && r.time >= end) {
        c.done = true;
        break;
      }
      if (r.time < start && r.type !== "machine") continue;
      // Machines present before the window are there at run time 0.
      const time = r.time < start ? 0 : Math.floor((r.time - start) / o.timeScale);
      c.kept++;
      out.push(mapRecord(r, time, o));
    }
    if (c.done) void c.iterator.return(undefined);
    c.batch = out;
    c.pos = 0;
  }
}

function mapRole(role: string, o: SourceOptions): string {
  return o.roleMap.get(role) ?? o.rolePrefix + role;
}

function mapRecord(r: TraceRecord, time: number, o: SourceOptions): TraceRecord {
  switch (r.type) {
    case "task":
    case "job":
      return { ...r, time, role: mapRole(r.role, o) };
    default:
      return { ...r, time };
  }
}
