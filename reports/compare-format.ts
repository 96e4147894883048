// The two forms of `mesosim compare`'s output (reports/compare.ts): an aligned
// text table for reading (values as summary.json holds them, changes in % to 3
// significant digits), and one JSON document (`--json`, format
// `mesosim-compare/1`, docs/report-format.md "Compare") for tools. Both list the
// metrics in the same order: the whole run's in summary.json's order, then each
// role's, then each framework's, names sorted.
import type { Comparison, GateResult, MetricComparison } from "./compare.ts";
import { type Cell, label, show, table } from "./text-table.ts";

export const COMPARE_FORMAT = "mesosim-compare/1";

/** The `--json` document. */
export function comparisonJson(c: Comparison): string {
  return `${JSON.stringify({ format: COMPARE_FORMAT, ...c }, null, 2)}\n`;
}

/** A value of experiment.json for a table cell: JSON, cut at 60 characters. */
function value(v: unknown, present: boolean): string {
  if (!present) return "(absent)";
  const text = JSON.stringify(v) ?? "undefined";
  return label(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

function scopeCell(m: { scope: string; name: string | null }): string {
  return m.name === null ? m.scope : `${m.scope} ${label(m.name)}`;
}

/** A value as summary.json holds it (6 significant digits): a comparison shows every digit that differs. */
function exact(x: number | null): string {
  return x === null ? "-" : String(x);
}

function relative(m: MetricComparison): Cell {
  if (m.relativePercent === null && m.a === 0 && m.b !== null) return "from 0";
  return m.relativePercent;
}

const WORSE_IF = { up: "higher", down: "lower" } as const;

function gateRow(g: GateResult): Cell[] {
  const metric = g.name === null ? g.metric : `${g.scope} ${label(g.name)}: ${g.metric}`;
  return [metric, `${show(g.maxPercent)} %`, exact(g.a), exact(g.b), g.worsePercent === null ? (g.reason ?? "-") : `${show(g.worsePercent)} %`, g.passed ? "passed" : "FAILED"];
}

/** The text table. */
export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  const id = (r: Comparison["a"]) => `${label(r.dir)} (run ${label(r.name)}, seed ${r.seed}, digest ${r.digest})`;
  out.push(`A: ${id(c.a)}`);
  out.push(`B: ${id(c.b)}`);
  out.push(c.sameDigest ? "The event logs are identical (same digest)." : "The event logs differ.");
  out.push("");
  const d = c.experimentDifferences;
  if (d.length === 0) out.push("The experiments are the same.");
  else {
    out.push(`The experiments differ in ${d.length} ${d.length === 1 ? "key" : "keys"}:`);
    out.push(table(["key", "A", "B"], d.map((x) => [label(x.path), value(x.a, "a" in x), value(x.b, "b" in x)]), 3));
  }
  out.push("");
  out.push(
    table(
      ["scope", "metric", "A", "B", "change", "change %", "worse if", "verdict"],
      c.metrics.map((m) => [scopeCell(m), m.metric, exact(m.a), exact(m.b), exact(m.change), relative(m), m.worse === null ? "" : WORSE_IF[m.worse], m.verdict ?? ""]),
      2,
    ),
  );
  if (c.gates.length > 0) {
    out.push("");
    out.push(table(["max regression", "bound", "A", "B", "worse by", "result"], c.gates.map(gateRow)));
    const failed = c.gates.filter((g) => !g.passed).length;
    out.push(failed === 0 ? `Every bound held (${c.gates.length}).` : `${failed} of ${c.gates.length} bounds failed.`);
  }
  return `${out.join("\n")}\n`;
}

/** One line per failed gate, for stderr: `regression: latency.wait.p99 got worse by 24.1 % (bound 10 %)`. */
export function gateFailures(c: Comparison): string[] {
  return c.gates
    .filter((g) => !g.passed)
    .map((g) => {
      const metric = g.name === null ? g.metric : `${g.scope} ${JSON.stringify(g.name)}: ${g.metric}`;
      const how = g.worsePercent === null ? (g.reason as string) : `got worse by ${g.worsePercent} % (${g.a} → ${g.b})`;
      return `regression beyond --max-regression ${g.maxPercent} %: ${metric} ${how}`;
    });
}
