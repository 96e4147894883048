// `--start/--end`: keeps records whose time is in [start, end). Machine records
// before the window are kept too, because the cluster must exist when the window
// opens; a window cuts the workload, not the cluster.
import type { TraceRecord } from "./trace-record.ts";

export class TimeWindow {
  static readonly ALL = new TimeWindow(0, Number.POSITIVE_INFINITY);

  constructor(
    /** µs, inclusive */
    readonly startUs: number,
    /** µs, exclusive */
    readonly endUs: number,
  ) {}

  static fromSeconds(start: number | undefined, end: number | undefined): TimeWindow {
    return new TimeWindow(
      start === undefined ? 0 : Math.round(start * 1e6),
      end === undefined ? Number.POSITIVE_INFINITY : Math.round(end * 1e6),
    );
  }

  keeps(r: TraceRecord): boolean {
    if (r.time >= this.endUs) return false;
    return r.type === "machine" || r.time >= this.startUs;
  }
}
