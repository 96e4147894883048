// The tables of a run's report as data (columns with their definitions, rows of
// cells), rendered by report.html (html/report-html.ts) and by `mesosim report
// --format md` (summary-markdown.ts) alike: the headline figures (tasks, waits,
// utilization, fairness, and failures and expect checks when the summary has
// them) and the per-role table, from summary.json (run-directory.ts).
import { definition } from "./html/definitions.ts";
import type { CellValue, Column } from "./html/html-text.ts";
import type { LatencyView, RoleSummaryView, RunSummary } from "./run-directory.ts";

export interface TableModel {
  /** Unique in the page: letters, digits and '-'. */
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly CellValue[])[];
}

const col = (label: string, key: string, numeric = true): Column => ({ label, title: definition(key), numeric });

const TASK_KEYS = ["submitted", "launched", "finished", "failed", "killed", "lost", "abandoned", "pendingAtEnd", "runningAtEnd"] as const;
const TASK_LABELS: Readonly<Record<(typeof TASK_KEYS)[number], string>> = {
  submitted: "submitted", launched: "launched", finished: "finished", failed: "failed", killed: "killed", lost: "lost",
  abandoned: "abandoned", pendingAtEnd: "pending at end", runningAtEnd: "running at end",
};

/** `summary.failures` and its per-cause rows (reports/failure-metrics.ts), as the report reads them. */
interface FailureView {
  readonly events: number;
  readonly agents: { readonly lost: number; readonly back: number };
  readonly tasks: { readonly lost: number; readonly unreachable: number; readonly gone: number; readonly killed: number; readonly relaunched: number; readonly recovered: number };
  readonly workLostCpuSeconds: number;
  readonly timeToRecover: { readonly p50: number | null; readonly max: number | null; readonly unrecovered: number };
  readonly offersRescinded: number;
  readonly causes?: readonly (FailureView & { readonly cause: string })[];
}

const FAILURE_COLUMNS: readonly (readonly [string, string])[] = [
  ["failures", "events"], ["agents lost", "agents.lost"], ["back", "agents.back"], ["tasks lost", "tasks.lost"], ["unreachable", "tasks.unreachable"],
  ["gone", "tasks.gone"], ["killed", "tasks.killed"], ["relaunched", "tasks.relaunched"], ["recovered", "tasks.recovered"], ["work lost (cpu·s)", "workLostCpuSeconds"],
  ["recovery p50 (s)", "timeToRecover.p50"], ["recovery max (s)", "timeToRecover.max"], ["unrecovered", "timeToRecover.unrecovered"], ["offers rescinded", "offersRescinded"],
];

/** The headline tables, in page order. */
export function headlineTables(s: RunSummary): TableModel[] {
  const tables: TableModel[] = [];
  tables.push({
    id: "headline-tasks",
    caption: "Tasks",
    columns: [col("", "", false), ...TASK_KEYS.map((k) => col(TASK_LABELS[k], k))],
    rows: [["all", ...TASK_KEYS.map((k) => s.tasks[k])]],
  });
  tables.push({ id: "headline-waits", caption: "Waits (seconds of simulated time)", columns: latencyColumns(), rows: [latencyRow("all tasks", s.latency)] });
  const resources = Object.entries(s.utilization);
  const stranded = resources.some(([, u]) => u.strandedMean !== undefined);
  if (resources.length > 0) {
    tables.push({
      id: "headline-utilization",
      caption: "Utilization (fractions of the cluster's total)",
      columns: [
        col("resource", "", false),
        col("total", "total"),
        col("mean", "utilization.mean"),
        col("offered", "utilization.offeredMean"),
        col("idle", "utilization.idleMean"),
        ...(stranded ? [col("stranded", "utilization.strandedMean")] : []),
        col("p50", "utilization.p50"),
        col("p95", "utilization.p95"),
      ],
      rows: resources.map(([name, u]) => [
        name, s.cluster.total[name] ?? null, u.mean, u.offeredMean, u.idleMean, ...(stranded ? [u.strandedMean ?? null] : []), u.p50, u.p95,
      ]),
    });
  }
  const o = s.latency.offers;
  tables.push({
    id: "headline-fairness",
    caption: "Fairness and offers",
    columns: [
      col("", "", false),
      col("Jain's index mean", "jain.mean"),
      col("Jain's index min", "jain.min"),
      col("offers made", "offersMade"),
      col("accepted", "offersAccepted"),
      col("declined", "offersDeclined"),
      col("rescinded", "offersRescinded"),
      col("timed out", "offersTimedOut"),
      col("decision (s)", "decisionSeconds"),
    ],
    rows: [["all", s.fairness.jain.mean, s.fairness.jain.min, o.made, o.accepted, o.declined, o.rescinded, o.timedOut, o.decisionSeconds]],
  });
  const failures = s["failures"] as FailureView | undefined | null;
  if (failures !== undefined && failures !== null && failures.events > 0) {
    const row = (label: string, f: FailureView): CellValue[] => [
      label, f.events, f.agents.lost, f.agents.back, f.tasks.lost, f.tasks.unreachable, f.tasks.gone, f.tasks.killed, f.tasks.relaunched, f.tasks.recovered,
      f.workLostCpuSeconds, f.timeToRecover.p50, f.timeToRecover.max, f.timeToRecover.unrecovered, f.offersRescinded,
    ];
    tables.push({
      id: "headline-failures",
      caption: "Failures",
      columns: [
        col("cause", "", false),
        ...FAILURE_COLUMNS.map(([label, key]) => col(label, `failures.${key}`)),
      ],
      rows: [row("all", failures), ...(failures.causes ?? []).map((c) => row(c.cause, c))],
    });
  }
  // Maintenance and oversubscription figures, each block only when the run had some
  // (the summary always holds both, all zero when the experiment had neither).
  const planned = s["failures"] as { maintenance?: unknown; oversubscription?: unknown } | undefined | null;
  if (planned !== undefined && planned !== null) {
    const shown = {
      maintenance: anyNonZero(planned.maintenance) ? planned.maintenance : undefined,
      oversubscription: anyNonZero(planned.oversubscription) ? planned.oversubscription : undefined,
    };
    if (shown.maintenance !== undefined || shown.oversubscription !== undefined) {
      tables.push({
        id: "headline-maintenance",
        caption: "Maintenance and oversubscription",
        columns: [col("figure", "", false), col("value", "failures")],
        rows: flatten(shown).map(([k, v]) => [k, v]),
      });
    }
  }
  const expect = s["expect"];
  if (Array.isArray(expect) && expect.length > 0) {
    tables.push({
      id: "headline-expect",
      caption: "Expect checks",
      columns: [col("metric", "", false), col("role", "", false), col("min", ""), col("max", ""), col("value", ""), col("passed", "", false)],
      rows: expect.map((e: Record<string, unknown>) => [
        text(e["metric"]), text(e["role"] ?? e["framework"] ?? ""), cell(e["min"]), cell(e["max"]), cell(e["value"]), e["passed"] === true ? "yes" : "NO",
      ]),
    });
  }
  return tables;
}

/** The per-role table; the fairness columns a later version adds are shown when the summary has them. */
export function roleTable(s: RunSummary): TableModel {
  const extra = (["entitlementMean", "deficitMean", "starvedSeconds", "timeToFairShareSeconds"] as const).filter((k) => s.roles.some((r) => r[k] !== undefined));
  const extraLabel: Record<(typeof extra)[number], string> = {
    entitlementMean: "entitlement mean", deficitMean: "deficit mean", starvedSeconds: "starved (s)", timeToFairShareSeconds: "to fair share (s)",
  };
  return {
    id: "roles",
    caption: "Per role",
    columns: [
      col("role", "", false),
      col("weight", "weight"),
      col("submitted", "submitted"),
      col("launched", "launched"),
      col("finished", "finished"),
      col("pending at end", "pendingAtEnd"),
      col("share mean", "shareMean"),
      col("share max", "shareMax"),
      ...extra.map((k) => col(extraLabel[k], k)),
      col("wait mean (s)", "wait.mean"),
      col("p50", "wait.p50"),
      col("p90", "wait.p90"),
      col("p99", "wait.p99"),
      col("max", "wait.max"),
      col("job wait mean (s)", "jobWait"),
    ],
    rows: s.roles.map((r: RoleSummaryView) => {
      const w = r.latency.wait;
      return [
        r.role, r.weight, r.tasks.submitted, r.tasks.launched, r.tasks.finished, r.tasks.pendingAtEnd, r.shareMean, r.shareMax,
        ...extra.map((k) => r[k] ?? null), w.mean, w.p50, w.p90, w.p99, w.max, r.latency.jobWait.mean,
      ];
    }),
  };
}

function latencyColumns(): Column[] {
  return [
    col("", "", false),
    col("mean", "wait.mean"),
    col("p50", "wait.p50"),
    col("p90", "wait.p90"),
    col("p99", "wait.p99"),
    col("max", "wait.max"),
    col("launches", "wait.count"),
    col("job wait mean", "jobWait"),
    col("job wait p99", "jobWait"),
    col("job complete mean", "jobComplete"),
    col("slowdown mean", "slowdown"),
    col("slowdown p99", "slowdown"),
    col("attempts mean", "attempts"),
  ];
}

function latencyRow(label: string, l: LatencyView): CellValue[] {
  const w = l.wait;
  return [label, w.mean, w.p50, w.p90, w.p99, w.max, w.count, l.jobWait.mean, l.jobWait.p99, l.jobComplete.mean, l.slowdown.mean, l.slowdown.p99, l.attempts.mean];
}

function cell(v: unknown): CellValue {
  return typeof v === "number" || typeof v === "string" ? v : v === null || v === undefined ? null : JSON.stringify(v);
}

function text(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v) ?? "";
}

/** Whether any number in `v` (an object of numbers, nested) is other than 0. */
function anyNonZero(v: unknown): boolean {
  if (typeof v === "number") return v !== 0;
  if (v !== null && typeof v === "object") return Object.values(v).some(anyNonZero);
  return false;
}

/** A JSON value as `[dotted.key, value]` leaves, in key order (undefined ones left out). */
function flatten(v: unknown, prefix = ""): [string, CellValue][] {
  if (v === undefined) return [];
  if (v !== null && typeof v === "object") {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    return entries.flatMap(([k, x]) => flatten(x, prefix === "" ? k : `${prefix}.${k}`));
  }
  return [[prefix === "" ? "value" : prefix, cell(v)]];
}
