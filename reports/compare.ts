// `mesosim compare RUN_A RUN_B`: two runs' summaries side by side, each metric of
// the catalogue (sim/records/summary-metrics.ts) with its absolute and relative
// change and whether that change is better or worse (docs/report-format.md,
// "Compare"), the whole run's, each role's and each framework's; what differs in
// their experiments; and the `--max-regression METRIC=PCT` gates (the CI gate of
// issue 12). Pure over two parsed run directories (reports/run-directory.ts); the
// text and JSON forms are in reports/compare-format.ts.
//
// Relative change is `(B − A) / |A| × 100` %. A metric is worse by
// `+relative` % when larger is worse (`up`), by `−relative` % when smaller is
// worse (`down`). From A = 0 to any worse B it is worse by more than any
// percentage; a gate holds when the metric got worse by at most PCT % (the
// figure rounded to 6 significant digits, as summary.json's numbers are).
import { InputError } from "../common/input-error.ts";
import {
  findMetric,
  type MetricScope,
  type MetricUnit,
  scopeMetrics,
  unknownMetricReason,
  type WorseDirection,
} from "../sim/records/summary-metrics.ts";
import { diffExperiments, type ExperimentDifference } from "./experiment-diff.ts";
import { hasPath, metricAt, rowNames, scopeRow } from "./metric-value.ts";
import { roundSignificant } from "./round-significant.ts";
import type { RunDirectory } from "./run-directory.ts";

/** `better`/`worse` by the metric's direction; `same` when equal; null when the metric has no direction or a side has no value. */
export type Verdict = "better" | "worse" | "same" | null;

export interface MetricComparison {
  readonly scope: MetricScope;
  /** The role's or framework's name; null for the whole run. */
  readonly name: string | null;
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly worse: WorseDirection;
  readonly a: number | null;
  readonly b: number | null;
  /** B − A; null when a side has no value. */
  readonly change: number | null;
  /** (B − A) / |A| × 100; null when a side has no value, or A is 0 and B is not. */
  readonly relativePercent: number | null;
  readonly verdict: Verdict;
}

/** One `--max-regression METRIC=PCT`. */
export interface RegressionBound {
  /** As given on the command line. */
  readonly text: string;
  readonly scope: MetricScope;
  readonly name: string | null;
  readonly metric: string;
  /** The most the metric may get worse, in % of A's value. */
  readonly maxPercent: number;
}

export interface GateResult {
  readonly bound: string;
  readonly scope: MetricScope;
  readonly name: string | null;
  readonly metric: string;
  readonly maxPercent: number;
  readonly a: number | null;
  readonly b: number | null;
  /** How much worse B is than A, in % (negative: better); null when it cannot be a percentage (see `reason`). */
  readonly worsePercent: number | null;
  readonly passed: boolean;
  /** Why, when `worsePercent` is null. */
  readonly reason: string | null;
}

export interface RunIdentity {
  readonly dir: string;
  readonly name: string;
  readonly seed: number;
  readonly digest: string;
}

export interface Comparison {
  readonly a: RunIdentity;
  readonly b: RunIdentity;
  /** The two event logs are identical (same digest). */
  readonly sameDigest: boolean;
  /** Key paths of experiment.json whose values differ. */
  readonly experimentDifferences: readonly ExperimentDifference[];
  readonly metrics: readonly MetricComparison[];
  readonly gates: readonly GateResult[];
  /** Every gate held. */
  readonly passed: boolean;
}

/** How `--max-regression` names a metric of each scope. */
export const BOUND_SYNTAX = (s: MetricScope): string => (s === "run" ? "as METRIC" : `as ${s}:NAME:METRIC`);

const PERCENT = /^(\d+(\.\d*)?|\.\d+)%?$/;

/**
 * Parses one `--max-regression` value: `METRIC=PCT` for the whole run,
 * `role:NAME:METRIC=PCT` or `framework:NAME:METRIC=PCT` for one row; METRIC a
 * metric of that scope that has a worse direction, PCT a number ≥ 0 (a trailing %
 * allowed). Throws an InputError (exit 2) otherwise.
 */
export function parseRegressionBound(text: string): RegressionBound {
  const bad = (why: string): never => {
    throw new InputError(`--max-regression ${JSON.stringify(text)}: ${why}`);
  };
  const eq = text.lastIndexOf("=");
  if (eq <= 0) bad("expected METRIC=PCT, e.g. latency.wait.p99=10 (or role:NAME:METRIC=PCT, framework:NAME:METRIC=PCT)");
  const pct = text.slice(eq + 1).trim();
  if (!PERCENT.test(pct)) bad(`PCT: expected a percentage ≥ 0 such as 10 or 2.5, got ${JSON.stringify(pct)}`);
  const maxPercent = Number(pct.replace(/%$/, ""));
  let spec = text.slice(0, eq).trim();
  let scope: MetricScope = "run";
  let name: string | null = null;
  const row = /^(role|framework):/.exec(spec);
  if (row !== null) {
    scope = row[1] as MetricScope;
    const rest = spec.slice(row[0].length);
    const colon = rest.lastIndexOf(":");
    if (colon <= 0) bad(`expected ${scope}:NAME:METRIC=PCT, e.g. ${scope}:prod:latency.wait.p99=10`);
    name = rest.slice(0, colon);
    spec = rest.slice(colon + 1);
  }
  const info = findMetric(scope, spec);
  if (info === undefined) return bad(unknownMetricReason(scope, spec, BOUND_SYNTAX));
  if (info.worse === null) bad(`${spec} has no worse direction (a change in it is neither better nor worse), so it cannot bound a regression; the metrics that can are listed in docs/report-format.md, "Metrics by name"`);
  return { text, scope, name, metric: spec, maxPercent };
}

function verdictOf(worse: WorseDirection, a: number | null, b: number | null): Verdict {
  if (worse === null || a === null || b === null) return null;
  if (a === b) return "same";
  return (b > a) === (worse === "up") ? "worse" : "better";
}

function compareMetric(scope: MetricScope, name: string | null, metric: string, unit: MetricUnit, worse: WorseDirection, a: number | null, b: number | null): MetricComparison {
  const both = a !== null && b !== null;
  const change = both ? roundSignificant(b - a) : null;
  const relativePercent = !both ? null : a === 0 ? (b === 0 ? 0 : null) : roundSignificant(((b - a) / Math.abs(a)) * 100);
  return { scope, name, metric, unit, worse, a, b, change, relativePercent, verdict: verdictOf(worse, a, b) };
}

/** Every metric of one scope row that either summary has, in catalogue order. */
function compareRow(a: unknown, b: unknown, scope: MetricScope, name: string | null): MetricComparison[] {
  const rowA = scopeRow(a, scope, name);
  const rowB = scopeRow(b, scope, name);
  return scopeMetrics(scope)
    .filter((x) => hasPath(rowA, x.path) || hasPath(rowB, x.path))
    .map((x) => compareMetric(scope, name, x.path, x.unit, x.worse, metricAt(rowA, x.path), metricAt(rowB, x.path)));
}

/** The union of both runs' row names of a scope, sorted by UTF-16 code units. */
function names(a: unknown, b: unknown, scope: "role" | "framework"): string[] {
  return [...new Set([...rowNames(a, scope), ...rowNames(b, scope)])].sort();
}

function gate(bound: RegressionBound, row: MetricComparison | undefined, dirs: { a: string; b: string }): GateResult {
  const a = row?.a ?? null;
  const b = row?.b ?? null;
  const result = (worsePercent: number | null, passed: boolean, reason: string | null): GateResult => ({
    bound: bound.text, scope: bound.scope, name: bound.name, metric: bound.metric, maxPercent: bound.maxPercent, a, b, worsePercent, passed, reason,
  });
  if (a === null && b === null) return result(null, true, "neither run has a value for it");
  if (a === null) return result(null, false, `${dirs.a} has no value for it, so a change cannot be measured`);
  if (b === null) return result(null, false, `${dirs.b} has no value for it`);
  const sign = (row as MetricComparison).worse === "up" ? 1 : -1;
  if (a === 0) {
    if (b === 0) return result(0, true, null);
    return sign * b > 0 ? result(null, false, `from 0 to ${b}: worse by more than any percentage`) : result(null, true, `from 0 to ${b}: better`);
  }
  const worsePercent = roundSignificant((sign * (b - a) * 100) / Math.abs(a));
  return result(worsePercent, worsePercent <= bound.maxPercent, null);
}

/**
 * Compares run B against run A. A bound naming a role or framework that neither
 * run has is bad input (InputError).
 */
export function compareRuns(a: RunDirectory, b: RunDirectory, bounds: readonly RegressionBound[] = []): Comparison {
  const metrics: MetricComparison[] = [
    ...compareRow(a.summary, b.summary, "run", null),
    ...names(a.summary, b.summary, "role").flatMap((n) => compareRow(a.summary, b.summary, "role", n)),
    ...names(a.summary, b.summary, "framework").flatMap((n) => compareRow(a.summary, b.summary, "framework", n)),
  ];
  const gates = bounds.map((bound) => {
    if (bound.scope !== "run") {
      const known = names(a.summary, b.summary, bound.scope);
      if (!known.includes(bound.name as string)) {
        throw new InputError(`--max-regression ${JSON.stringify(bound.text)}: neither run has ${bound.scope} ${JSON.stringify(bound.name)} (they have ${known.map((n) => JSON.stringify(n)).join(", ") || "none"})`);
      }
    }
    const row = metrics.find((m) => m.scope === bound.scope && m.name === bound.name && m.metric === bound.metric);
    return gate(bound, row, { a: a.dir, b: b.dir });
  });
  const identity = (r: RunDirectory): RunIdentity => ({ dir: r.dir, name: String(r.summary["name"]), seed: Number(r.summary["seed"]), digest: String(r.summary["digest"]) });
  return {
    a: identity(a),
    b: identity(b),
    sameDigest: a.summary["digest"] === b.summary["digest"],
    experimentDifferences: diffExperiments(a.experiment, b.experiment),
    metrics,
    gates,
    passed: gates.every((g) => g.passed),
  };
}
