// Durations of experiment files (docs/experiment-format.md, "Durations and times"):
// a number of seconds, or `"<number><unit>"` with unit us, ms, s, m, h, d. The
// kernel keeps integer microseconds, so a duration is rounded to the nearest µs.

const UNIT_MICROS: Readonly<Record<string, number>> = { us: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };
const PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(us|ms|s|m|h|d)\s*$/i;

/** The duration in integer µs, or null if `v` is not a duration (negative values are returned as such). */
export function durationMicros(v: number | string): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? Math.round(v * 1e6) : null;
  const m = PATTERN.exec(v);
  if (m === null) return null;
  const value = Number(m[1]);
  const unit = UNIT_MICROS[(m[2] as string).toLowerCase()] as number;
  return Number.isFinite(value) ? Math.round(value * unit) : null;
}
