// What report.html draws from tasks.csv (docs/report-format.md, `tasks.csv`): the
// wait percentiles over simulated time, for all tasks and per role, and the
// slowest tasks.
//
// timeseries.csv has no waits, so they are computed here: the run's span is cut
// into equal buckets by launch time, and the p50, p90 and p99 of the waits of the
// tasks launched in each bucket are drawn at the bucket's start (R-7 quantiles,
// SampleBuffer, as the summary's). A bucket with no launch is a gap. tasks.csv
// holds each task's last launch, so a task relaunched after a loss counts once,
// with its last wait (the summary counts every launch). Tasks never launched
// have no wait and are not drawn.
import { csvColumns, forEachCsvRow, fieldsOf } from "../csv-records.ts";
import { SampleBuffer } from "../sample-buffer.ts";
import { type Chart, chartNumber, type RoleRanking, roleColor, roleKeys, roleLabel } from "./chart-data.ts";

/** The slowest tasks listed. */
export const SLOWEST = 20;

/** One row of the slowest tasks: the cells of tasks.csv, as written. */
export interface SlowTask {
  readonly id: string;
  readonly job: string;
  readonly framework: string;
  readonly role: string;
  readonly submit: string;
  readonly launch: string;
  readonly wait: string;
  readonly attempts: string;
  readonly status: string;
  readonly agent: string;
  /** The wait in seconds, for ordering. */
  readonly waitSeconds: number;
}

export interface TaskWaits {
  /** The start of each bucket, simulated seconds. */
  readonly x: number[];
  readonly charts: Chart[];
  /** By wait, longest first, then by id (UTF-16 code units). */
  readonly slowest: SlowTask[];
  /** Tasks in tasks.csv, and of them those launched. */
  readonly tasks: number;
  readonly launched: number;
}

/** Buckets: about √(launches) so that each holds enough waits for a p99, from 10 to 100. */
export function waitBuckets(launched: number): number {
  return Math.min(100, Math.max(10, Math.ceil(Math.sqrt(launched))));
}

const PERCENTILES = [
  { key: "p50", label: "p50", dash: "dotted" },
  { key: "p90", label: "p90", dash: "dashed" },
  { key: "p99", label: "p99", dash: undefined },
] as const;

/** Colours of p50, p90, p99 on the chart of all tasks. */
const ALL_COLORS = ["#59a14f", "#f28e2b", "#e15759"] as const;

function slower(a: SlowTask, b: SlowTask): boolean {
  return a.waitSeconds > b.waitSeconds || (a.waitSeconds === b.waitSeconds && a.id < b.id);
}

/**
 * Reads tasks.csv at `path`. `spanSeconds` is the run's span T and `launched` the
 * summary's launch count (they size the buckets). Throws an InputError naming the
 * file and line of a bad row.
 */
export function taskWaits(path: string, ranking: RoleRanking, spanSeconds: number, launched: number): TaskWaits {
  const buckets = waitBuckets(launched);
  const width = spanSeconds > 0 ? spanSeconds / buckets : 1;
  const columns = new Map<string, SampleBuffer[]>();
  const push = (key: string, bucket: number, wait: number): void => {
    let column = columns.get(key);
    if (column === undefined) {
      column = [];
      columns.set(key, column);
    }
    (column[bucket] ??= new SampleBuffer()).push(wait);
  };
  const slowest: SlowTask[] = [];
  let at: Record<string, number> | null = null;
  let tasks = 0;
  let launches = 0;
  // Role names are looked up by their bytes' text only once per distinct name.
  const keys = new Map<string, string>();
  forEachCsvRow(path, (row) => {
    if (at === null) {
      at = csvColumns(fieldsOf(row), path, ["id", "job", "framework", "role", "submit", "launch", "status", "agent", "wait", "attempts"]);
      return;
    }
    tasks++;
    const launch = row.number(at["launch"] as number, "launch");
    const wait = row.number(at["wait"] as number, "wait");
    if (launch === null || wait === null) return;
    launches++;
    const bucket = Math.min(buckets - 1, Math.max(0, Math.floor(launch / width)));
    const role = row.text(at["role"] as number);
    let key = keys.get(role);
    if (key === undefined) {
      key = ranking.key(role);
      keys.set(role, key);
    }
    push("all", bucket, wait);
    push(key, bucket, wait);
    if (slowest.length === SLOWEST && !(wait >= (slowest[SLOWEST - 1] as SlowTask).waitSeconds)) return;
    const cell = (name: string): string => row.text((at as Record<string, number>)[name] as number);
    const t: SlowTask = {
      id: cell("id"), job: cell("job"), framework: cell("framework"), role, submit: cell("submit"), launch: cell("launch"),
      wait: cell("wait"), attempts: cell("attempts"), status: cell("status"), agent: cell("agent"), waitSeconds: wait,
    };
    let i = slowest.length;
    while (i > 0 && slower(t, slowest[i - 1] as SlowTask)) i--;
    if (i < SLOWEST) {
      slowest.splice(i, 0, t);
      if (slowest.length > SLOWEST) slowest.pop();
    }
  });
  // Bucket starts to the ms, as the CSV times are written.
  const x = Array.from({ length: buckets }, (_, b) => Math.round(b * width * 1000) / 1000);
  // One sort per bucket for all three percentiles.
  const distributions = new Map([...columns].map(([key, column]) => [key, x.map((_, b) => column[b]?.distribution() ?? null)]));
  const percentile = (key: string, p: "p50" | "p90" | "p99"): (number | null)[] => (distributions.get(key) ?? []).map((d) => chartNumber(d?.[p] ?? null));
  const charts: Chart[] = [];
  if (launches > 0) {
    charts.push({
      id: "waits-all",
      title: "Wait percentiles, all tasks",
      note: `p50, p90 and p99 of the waits (launch − submit) of the tasks launched in each of ${buckets} equal spans of the run, drawn at the span's start.`,
      x: "waits",
      y: "wait (s)",
      series: PERCENTILES.map((p, i) => ({ label: p.label, values: percentile("all", p.key), color: ALL_COLORS[i] as string, dash: p.dash })),
    });
    for (const key of roleKeys(ranking)) {
      if (!columns.has(key)) continue;
      const name = roleLabel(ranking, key);
      charts.push({
        id: `waits-role-${key}`,
        title: `Wait percentiles, role ${name}`,
        note: key === "other" ? "The waits of the remaining roles, pooled." : `The waits of role ${name}'s tasks, as above.`,
        x: "waits",
        y: "wait (s)",
        series: PERCENTILES.map((p) => ({ label: p.label, values: percentile(key, p.key), color: roleColor(key), dash: p.dash })),
      });
    }
  }
  return { x, charts, slowest, tasks, launched: launches };
}
