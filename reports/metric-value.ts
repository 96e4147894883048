// Reads one metric of the catalogue (sim/records/summary-metrics.ts) out of a
// summary: the whole run's, or one role's or framework's row. Used by the `expect`
// checks on the summary a run has just built and by `mesosim compare` on two
// summary.json files, so it takes any parsed JSON.
import type { MetricScope } from "../sim/records/summary-metrics.ts";

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** The list of rows of a scope and the key that names a row: `roles[].role`, `frameworks[].name`. */
const ROWS: Readonly<Record<Exclude<MetricScope, "run">, { readonly list: string; readonly key: string }>> = {
  role: { list: "roles", key: "role" },
  framework: { list: "frameworks", key: "name" },
};

/** The object a scope's metric paths start from: the summary itself for `run`; undefined when the summary has no row of that name. */
export function scopeRow(summary: unknown, scope: MetricScope, name: string | null): Json | undefined {
  if (!isObject(summary)) return undefined;
  if (scope === "run") return summary;
  const { list, key } = ROWS[scope];
  const rows = summary[list];
  if (!Array.isArray(rows)) return undefined;
  return rows.find((r): r is Json => isObject(r) && r[key] === name);
}

/** The names of a scope's rows, in the summary's order (sorted by name). */
export function rowNames(summary: unknown, scope: Exclude<MetricScope, "run">): string[] {
  if (!isObject(summary)) return [];
  const { list, key } = ROWS[scope];
  const rows = summary[list];
  if (!Array.isArray(rows)) return [];
  return rows.filter(isObject).map((r) => r[key]).filter((n): n is string => typeof n === "string");
}

/** The value at dotted `path` inside `row` (own keys only), or undefined when a key on the way is absent. */
function valueAt(row: Json | undefined, path: string): unknown {
  let v: unknown = row;
  for (const key of path.split(".")) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** Whether `row` has dotted `path` at all (its value may be null). */
export function hasPath(row: Json | undefined, path: string): boolean {
  return valueAt(row, path) !== undefined;
}

/** The number at dotted `path` inside `row`; null when it is absent, null or not a number (a percentile of no samples, a resource no agent had). */
export function metricAt(row: Json | undefined, path: string): number | null {
  const v = valueAt(row, path);
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
