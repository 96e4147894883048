// The experiment's `expect` list, checked against the summary of the run
// (docs/experiment-format.md, `expect`; docs/report-format.md, `summary.expect`).
// Each check reads one metric of the catalogue (sim/records/summary-metrics.ts), of
// the whole run or of the row that `role` or `framework` picks, and holds when
// `min ≤ value ≤ max` (bounds inclusive, times in seconds). The value is compared as
// summary.json shows it (6 significant digits), so what a reader sees and the verdict
// agree. A value that is not there fails the check: a percentile of no samples, a
// resource no agent had (a role or framework the run did not have is refused before
// the summary, by load-experiment.ts or at the run's end). Pure: the run command
// prints the failures and exits 1.
import { expectationScope, type Expectation } from "../sim/records/summary-metrics.ts";
import { metricAt, scopeRow } from "./metric-value.ts";
import { roundSignificant } from "./round-significant.ts";

/** One entry of `summary.expect`, keys in this order; `role`/`framework`/`min`/`max` only when the check has them. */
export interface ExpectResult {
  readonly metric: string;
  readonly role?: string;
  readonly framework?: string;
  readonly min?: number;
  readonly max?: number;
  /** The metric's value in the run (6 significant digits), or null when it has none. */
  readonly value: number | null;
  readonly passed: boolean;
}

/** Checks every expectation against `summary` (the summary a run built, or a parsed summary.json), in list order. */
export function checkExpectations(summary: unknown, checks: readonly Expectation[]): ExpectResult[] {
  return checks.map((e) => {
    const raw = metricAt(scopeRow(summary, expectationScope(e), e.role ?? e.framework), e.metric);
    const value = raw === null ? null : roundSignificant(raw);
    const passed = value !== null && (e.min === null || value >= e.min) && (e.max === null || value <= e.max);
    return {
      metric: e.metric,
      ...(e.role !== null ? { role: e.role } : {}),
      ...(e.framework !== null ? { framework: e.framework } : {}),
      ...(e.min !== null ? { min: e.min } : {}),
      ...(e.max !== null ? { max: e.max } : {}),
      value,
      passed,
    };
  });
}

/** `latency.wait.p99 (role prod)`: the metric and the row it is in. */
export function expectLabel(r: Pick<ExpectResult, "metric" | "role" | "framework">): string {
  const row = r.role !== undefined ? ` (role ${JSON.stringify(r.role)})` : r.framework !== undefined ? ` (framework ${JSON.stringify(r.framework)})` : "";
  return `${r.metric}${row}`;
}

/** One line for a failed check: `expect failed: latency.wait.p99 (role "prod") is 45.2, above max 30`. */
export function describeFailure(r: ExpectResult, summary: unknown): string {
  const head = `expect failed: ${expectLabel(r)}`;
  if (r.value === null) {
    const scope = r.role !== undefined ? "role" : r.framework !== undefined ? "framework" : "run";
    const name = r.role ?? r.framework ?? null;
    if (scope !== "run" && scopeRow(summary, scope, name) === undefined) return `${head}: the run has no ${scope} ${JSON.stringify(name)}`;
    return `${head}: the run has no value for it (null in summary.json)`;
  }
  const why = r.min !== undefined && r.value < r.min ? `below min ${r.min}` : `above max ${r.max}`;
  return `${head} is ${r.value}, ${why}`;
}
