// The catalogue of summary.json's metrics (sim/records/summary-metrics.ts), which
// `expect` and `mesosim compare` read by name: every number a run's summary.json
// holds is in it for its scope (a metric added to the summary without a direction
// would be silently skipped by compare), and docs/report-format.md's "Metrics by
// name" table is the catalogue, row for row.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findMetric, type MetricScope, SUMMARY_METRICS } from "../../sim/records/summary-metrics.ts";
import { runTiny, tinyExperiment } from "./gate-runs.ts";

/** Dotted paths of every number or null below `v` (lists not entered). */
function numericLeaves(v: unknown, prefix = ""): string[] {
  if (typeof v === "number" || v === null) return [prefix];
  if (typeof v !== "object" || Array.isArray(v)) return [];
  return Object.entries(v as object).flatMap(([k, x]) => numericLeaves(x, prefix === "" ? k : `${prefix}.${k}`));
}

test("every number in a run's summary.json is a catalogued metric of its scope (the run's, a role's, a framework's)", async () => {
  const { dir, path } = tinyExperiment();
  const r = await runTiny(path, join(dir, "run"), { json: true });
  const summary = JSON.parse(r.stdout) as Record<string, unknown> & { roles: object[]; frameworks: object[] };
  const { roles, frameworks, seed: _seed, expect: _expect, ...run } = summary;
  const scopes: Array<[MetricScope, object]> = [["run", run], ...roles.map((x): [MetricScope, object] => ["role", x]), ...frameworks.map((x): [MetricScope, object] => ["framework", x])];
  const missing: string[] = [];
  let seen = 0;
  for (const [scope, row] of scopes) {
    for (const path of numericLeaves(row)) {
      seen++;
      if (findMetric(scope, path) === undefined) missing.push(`${scope}: ${path}`);
    }
  }
  assert.equal(missing, []);
  assert.ok(seen > 100, `${seen} numbers checked`);
});

test("docs/report-format.md's table of metrics is the catalogue: paths, scopes, units and worse directions", () => {
  const doc = readFileSync(resolve(import.meta.dirname, "../../docs/report-format.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Metrics by name"), doc.indexOf("## Compare"));
  const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], m[2]?.trim(), m[3]?.trim(), m[4]?.trim()]);
  const WORSE = { up: "higher", down: "lower" } as const;
  assert.equal(rows, SUMMARY_METRICS.map((m) => [m.path, m.scopes.join(", "), m.unit, m.worse === null ? "—" : WORSE[m.worse]]));
});

test.run();
