// The catalogue of the numeric metrics in `summary.json` (docs/report-format.md,
// "Metrics by name"): each metric's dotted path inside its scope, its unit, and the
// direction in which a change is worse. It names what an experiment's `expect`
// list may check (docs/experiment-format.md, `expect`) and what `mesosim compare`
// compares and gates on. It lives beside the record stream because both sides of
// it need it: the experiment schema (sim/experiment) validates `expect` against it
// before a run, and the reports (reports/expect.ts, reports/compare.ts) read the
// summary by it after one.
//
// A path holds `<resource>` where a resource name goes (`utilization.<resource>.mean`
// is `utilization.cpus.mean`, …, over `REPORTED_RESOURCES`). Scope `run` paths are
// from the top of summary.json; `role` and `framework` paths are inside one row of
// `summary.roles[]` or `summary.frameworks[]`.
import { REPORTED_RESOURCES } from "./run-records.ts";

/** Where a metric is: the whole run, one row of `summary.roles[]`, or one of `summary.frameworks[]`. */
export type MetricScope = "run" | "role" | "framework";
export const METRIC_SCOPES: readonly MetricScope[] = ["run", "role", "framework"];

/**
 * `seconds`: a time (an `expect` bound may be a duration string); `fraction`: a
 * ratio in [0, 1]; `count`: a whole number of things; `number`: anything else (a
 * slowdown factor, a mean count, a weight, an amount in Mesos units).
 */
export type MetricUnit = "seconds" | "fraction" | "count" | "number";

/** `up`: a larger value is worse (waits); `down`: a smaller one is (utilization); null: neither (the size of the workload). */
export type WorseDirection = "up" | "down" | null;

export interface MetricInfo {
  /** Dotted, inside its scope; may hold `<resource>`. */
  readonly path: string;
  readonly scopes: readonly MetricScope[];
  readonly unit: MetricUnit;
  readonly worse: WorseDirection;
}

const ALL: readonly MetricScope[] = ["run", "role", "framework"];
const RUN_ROLE: readonly MetricScope[] = ["run", "role"];
const RUN: readonly MetricScope[] = ["run"];
const ROLE: readonly MetricScope[] = ["role"];
const FRAMEWORK: readonly MetricScope[] = ["framework"];

const m = (path: string, scopes: readonly MetricScope[], unit: MetricUnit, worse: WorseDirection): MetricInfo => ({ path, scopes, unit, worse });

/** `{mean, p50, p90, p99, max, count}` of waits or job times, in seconds. */
const distribution = (name: string, scopes: readonly MetricScope[]): MetricInfo[] => [
  ...["mean", "p50", "p90", "p99", "max"].map((s) => m(`${name}.${s}`, scopes, "seconds", "up")),
  m(`${name}.count`, scopes, "count", null),
];

/** `failures.maintenance` and `failures.oversubscription` (docs/report-format.md). */
const MAINTENANCE_METRICS: readonly MetricInfo[] = [
  m("failures.maintenance.agentsScheduled", RUN, "count", null),
  m("failures.maintenance.agentsDrained", RUN, "count", null),
  m("failures.maintenance.agentsDown", RUN, "count", null),
  m("failures.maintenance.agentsGone", RUN, "count", null),
  m("failures.maintenance.agentsUp", RUN, "count", null),
  m("failures.maintenance.inverseOffers.sent", RUN, "count", null),
  m("failures.maintenance.inverseOffers.accepted", RUN, "count", null),
  m("failures.maintenance.inverseOffers.declined", RUN, "count", "up"),
  m("failures.maintenance.inverseOffers.rescinded", RUN, "count", null),
  m("failures.maintenance.inverseOffers.timedOut", RUN, "count", "up"),
  m("failures.maintenance.tasksDrained", RUN, "count", "up"),
  m("failures.maintenance.tasksDown", RUN, "count", "up"),
  m("failures.maintenance.workLostCpuSeconds", RUN, "number", "up"),
  m("failures.maintenance.offersRescinded", RUN, "count", "up"),
  m("failures.oversubscription.revocableCpuSeconds", RUN, "number", "down"),
  m("failures.oversubscription.lentCpuSeconds", RUN, "number", null),
  m("failures.oversubscription.revocableTasksLaunched", RUN, "count", null),
  m("failures.oversubscription.revocableKills", RUN, "count", "up"),
  m("failures.oversubscription.workLostCpuSeconds", RUN, "number", "up"),
  m("failures.oversubscription.offersRescinded", RUN, "count", "up"),
  m("failures.oversubscription.estimates", RUN, "count", null),
];

/** Every metric, in the order of summary.json (the order `mesosim compare` lists them in). */
export const SUMMARY_METRICS: readonly MetricInfo[] = [
  m("simulatedSeconds", RUN, "seconds", null),
  m("events", RUN, "count", null),
  m("cluster.agents.max", RUN, "count", null),
  m("cluster.agents.end", RUN, "count", null),
  m("cluster.total.<resource>", RUN, "number", null),
  m("weight", ROLE, "number", null),
  m("offersReceived", FRAMEWORK, "count", null),
  m("offersAccepted", FRAMEWORK, "count", null),
  m("offersDeclined", FRAMEWORK, "count", "up"),
  m("tasksLaunched", FRAMEWORK, "count", "down"),
  m("attempts", FRAMEWORK, "count", "up"),
  m("busyness", FRAMEWORK, "fraction", "up"),
  m("tasks.submitted", RUN_ROLE, "count", null),
  m("tasks.launched", RUN_ROLE, "count", "down"),
  m("tasks.finished", RUN_ROLE, "count", "down"),
  m("tasks.failed", RUN_ROLE, "count", "up"),
  m("tasks.killed", RUN_ROLE, "count", "up"),
  m("tasks.lost", RUN_ROLE, "count", "up"),
  m("tasks.abandoned", RUN_ROLE, "count", "up"),
  m("tasks.pendingAtEnd", RUN_ROLE, "count", "up"),
  m("tasks.runningAtEnd", RUN_ROLE, "count", null),
  m("utilization.<resource>.mean", RUN, "fraction", "down"),
  m("utilization.<resource>.offeredMean", RUN, "fraction", "up"),
  m("utilization.<resource>.idleMean", RUN, "fraction", null),
  m("utilization.<resource>.strandedMean", RUN, "fraction", "up"),
  m("utilization.<resource>.p50", RUN, "fraction", "down"),
  m("utilization.<resource>.p95", RUN, "fraction", "down"),
  m("utilization.<resource>.used", RUN, "fraction", "down"),
  m("fairness.jain.mean", RUN, "fraction", "down"),
  m("fairness.jain.min", RUN, "fraction", "down"),
  m("shareMean", ROLE, "fraction", null),
  m("shareMax", ROLE, "fraction", null),
  m("entitlementMean", ROLE, "fraction", null),
  m("deficitMean", ROLE, "fraction", "up"),
  m("starvedSeconds", ROLE, "seconds", "up"),
  m("timeToFairShareSeconds", ROLE, "seconds", "up"),
  ...distribution("latency.wait", ALL),
  ...distribution("latency.jobWait", ALL),
  ...distribution("latency.jobComplete", ALL),
  m("latency.slowdown.mean", ALL, "number", "up"),
  m("latency.slowdown.p99", ALL, "number", "up"),
  m("latency.slowdown.count", ALL, "count", null),
  m("latency.offers.made", ALL, "count", null),
  m("latency.offers.accepted", ALL, "count", null),
  m("latency.offers.declined", ALL, "count", "up"),
  m("latency.offers.rescinded", ALL, "count", "up"),
  m("latency.offers.timedOut", ALL, "count", "up"),
  m("latency.offers.decisionSeconds", ALL, "seconds", "up"),
  m("latency.attempts.mean", ALL, "number", "up"),
  m("latency.attempts.max", ALL, "count", "up"),
  m("failures.events", RUN, "count", null),
  m("failures.agents.lost", RUN, "count", "up"),
  m("failures.agents.back", RUN, "count", null),
  m("failures.tasks.lost", RUN, "count", "up"),
  m("failures.tasks.unreachable", RUN, "count", "up"),
  m("failures.tasks.gone", RUN, "count", "up"),
  m("failures.tasks.killed", RUN, "count", "up"),
  m("failures.tasks.relaunched", RUN, "count", null),
  m("failures.tasks.recovered", RUN, "count", null),
  m("failures.workLostCpuSeconds", RUN, "number", "up"),
  m("failures.timeToRecover.p50", RUN, "seconds", "up"),
  m("failures.timeToRecover.max", RUN, "seconds", "up"),
  m("failures.timeToRecover.count", RUN, "count", null),
  m("failures.timeToRecover.unrecovered", RUN, "count", "up"),
  m("failures.offersRescinded", RUN, "count", "up"),
  ...MAINTENANCE_METRICS,
];

/** A catalogue entry with `<resource>` replaced: one concrete metric of a scope. */
export interface ScopedMetric extends MetricInfo {
  /** The concrete path (`utilization.cpus.mean`). */
  readonly path: string;
  /** The catalogue's path (`utilization.<resource>.mean`). */
  readonly pattern: string;
}

/**
 * The concrete metrics of catalogue entries, in summary.json's order: a run of
 * entries under one `…<resource>` prefix is expanded resource by resource
 * (`utilization.cpus.mean`, `utilization.cpus.offeredMean`, …, then `mem`).
 */
function expand(entries: readonly MetricInfo[]): ScopedMetric[] {
  const out: ScopedMetric[] = [];
  for (let i = 0; i < entries.length; ) {
    const info = entries[i] as MetricInfo;
    const at = info.path.indexOf("<resource>");
    if (at < 0) {
      out.push({ ...info, pattern: info.path });
      i++;
      continue;
    }
    const prefix = info.path.slice(0, at);
    let end = i;
    while (end < entries.length && (entries[end] as MetricInfo).path.startsWith(`${prefix}<resource>`)) end++;
    for (const r of REPORTED_RESOURCES) {
      for (const x of entries.slice(i, end)) out.push({ ...x, path: x.path.replace("<resource>", r), pattern: x.path });
    }
    i = end;
  }
  return out;
}

const BY_SCOPE: ReadonlyMap<MetricScope, readonly ScopedMetric[]> = new Map(
  METRIC_SCOPES.map((scope) => [scope, expand(SUMMARY_METRICS.filter((x) => x.scopes.includes(scope)))]),
);

/** The concrete metrics of a scope, in catalogue order. */
export function scopeMetrics(scope: MetricScope): readonly ScopedMetric[] {
  return BY_SCOPE.get(scope) as readonly ScopedMetric[];
}

/** The metric at `path` in `scope`, or undefined. */
export function findMetric(scope: MetricScope, path: string): ScopedMetric | undefined {
  return scopeMetrics(scope).find((x) => x.path === path);
}

const SCOPE_WORDS: Readonly<Record<MetricScope, string>> = { run: "of the whole run", role: "of a role", framework: "of a framework" };

/** How an `expect` entry names a scope. */
const EXPECT_SCOPE_SYNTAX = (s: MetricScope): string => (s === "run" ? "without role or framework" : `with ${s}`);

/**
 * Why `path` is not a metric of `scope`, for an error message: the longest known
 * prefix and what may follow it, or the scopes that do have the path (named as
 * `syntax` says: by default as in an `expect` entry).
 */
export function unknownMetricReason(scope: MetricScope, path: string, syntax: (s: MetricScope) => string = EXPECT_SCOPE_SYNTAX): string {
  const elsewhere = METRIC_SCOPES.filter((s) => s !== scope && findMetric(s, path) !== undefined);
  if (elsewhere.length > 0) {
    return `"${path}" is not a metric ${SCOPE_WORDS[scope]}: it is one ${elsewhere.map((s) => SCOPE_WORDS[s]).join(" and ")} (give it ${elsewhere.map(syntax).join(" or ")})`;
  }
  const parts = path.split(".");
  const known = scopeMetrics(scope).map((x) => x.path.split("."));
  for (let n = parts.length - 1; n >= 0; n--) {
    const prefix = parts.slice(0, n);
    const next = [...new Set(known.filter((k) => k.length > n && prefix.every((p, i) => k[i] === p)).map((k) => k[n] as string))];
    if (next.length === 0) continue;
    const at = n === 0 ? "the top level" : `"${prefix.join(".")}"`;
    return `unknown metric "${path}" ${SCOPE_WORDS[scope]}: ${at} has ${next.join(", ")}`;
  }
  return `unknown metric "${path}"`;
}

/** One `expect` check, normalised: bounds inclusive, in the metric's unit (durations in seconds). */
export interface Expectation {
  /** A path of `findMetric(scope, metric)`, scope `role` when `role` is set, `framework` when `framework` is. */
  readonly metric: string;
  readonly role: string | null;
  readonly framework: string | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** The scope an expectation's metric is in. */
export function expectationScope(e: { readonly role: string | null; readonly framework: string | null }): MetricScope {
  return e.role !== null ? "role" : e.framework !== null ? "framework" : "run";
}
