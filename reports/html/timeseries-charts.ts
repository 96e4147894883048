// The charts of report.html drawn from timeseries.csv (docs/report-format.md,
// `timeseries.csv`): utilization of each resource (allocated, offered, stranded
// and idle, stacked, as fractions of the total), each role's dominant share
// against its entitlement, and pending and running tasks per role. Downsampled
// by SampleGrid; roles beyond the top ones (chart-data.ts, rankRoles) are summed
// into "other" for task counts (their shares are not drawn: a sum of dominant
// shares is no one's dominant share).
import { csvColumns, type CsvRow, fieldsOf, forEachCsvRow } from "../csv-records.ts";
import { InputError } from "../../common/input-error.ts";
import { type Chart, type ChartSeries, chartNumber, type RoleRanking, roleColor, roleKeys, roleLabel } from "./chart-data.ts";
import { type GridSeries, SampleGrid } from "./sample-grid.ts";

/** Points per chart at most (see SampleGrid): enough for a wide screen, small in bytes. */
export const MAX_POINTS = 1000;

const PARTS = [
  // Stacked bottom first; idle here is what is idle and not stranded.
  { part: "allocated", label: "allocated", color: "#4e79a7" },
  { part: "offered", label: "offered (in outstanding offers)", color: "#f28e2b" },
  { part: "stranded", label: "stranded (idle, unusable)", color: "#e15759" },
  { part: "idle", label: "idle", color: "#d4d4d4" },
] as const;

export interface SampleCharts {
  /** The time of each point, simulated seconds. */
  readonly x: number[];
  readonly charts: Chart[];
  /** Samples read (rows of the cluster scope). */
  readonly samples: number;
}

interface ResourceColumns {
  readonly name: string;
  readonly total: number;
  readonly allocated: number;
  readonly offered: number;
  /** -1 when the file has no such column. */
  readonly stranded: number;
  readonly series: { readonly allocated: GridSeries; readonly offered: GridSeries; readonly stranded: GridSeries; readonly idle: GridSeries };
}

interface RoleSeries {
  readonly other: boolean;
  readonly pending: GridSeries;
  readonly running: GridSeries;
  readonly share: GridSeries;
  readonly entitlement: GridSeries;
}

/** Reads timeseries.csv at `path` and builds its charts; roles as ranked. Throws an InputError naming the file and line of a bad row. */
export function timeseriesCharts(path: string, ranking: RoleRanking): SampleCharts {
  const grid = new SampleGrid(MAX_POINTS);
  let header: string[] = [];
  let at: Record<"time" | "scope" | "name" | "share" | "tasks_pending" | "tasks_running" | "entitlement", number> | null = null;
  let resources: ResourceColumns[] = [];
  const roles = new Map<string, RoleSeries>();
  const roleSeries = (role: string): RoleSeries => {
    let r = roles.get(role);
    if (r === undefined) {
      const key = ranking.key(role);
      r = {
        other: key === "other",
        pending: grid.line(`pending:${key}`),
        running: grid.line(`running:${key}`),
        share: grid.line(`share:${key}`),
        entitlement: grid.line(`entitlement:${key}`),
      };
      roles.set(role, r);
    }
    return r;
  };
  let lastTime = Number.NEGATIVE_INFINITY;
  forEachCsvRow(path, (row) => {
    if (at === null) {
      header = fieldsOf(row);
      at = csvColumns(header, path, ["time", "scope", "name", "share", "tasks_pending", "tasks_running"], ["entitlement"]);
      resources = header.filter((f) => f.endsWith("_total")).map((f) => resourceColumns(f.slice(0, -"_total".length), header, path, grid));
      return;
    }
    const time = cell(row, header, at.time);
    if (time === null) throw new InputError(`${path}:${row.line}: time: expected a number (got an empty cell)`);
    if (row.is(at.scope, "cluster")) {
      if (!(time > lastTime)) throw new InputError(`${path}:${row.line}: time ${time} is not after the last sample's ${lastTime}`);
      lastTime = time;
      grid.next(time);
      for (const r of resources) {
        const total = cell(row, header, r.total);
        if (total === null || total <= 0) continue;
        const allocated = (cell(row, header, r.allocated) ?? 0) / total;
        const offered = (cell(row, header, r.offered) ?? 0) / total;
        const strandedCell = cell(row, header, r.stranded);
        const stranded = strandedCell === null ? 0 : strandedCell / total;
        grid.add(r.series.allocated, allocated);
        grid.add(r.series.offered, offered);
        if (strandedCell !== null) grid.add(r.series.stranded, stranded);
        grid.add(r.series.idle, Math.max(0, 1 - allocated - offered - stranded));
      }
      return;
    }
    if (grid.sampleCount === 0) throw new InputError(`${path}:${row.line}: a ${row.text(at.scope)} row before the first cluster row`);
    if (!row.is(at.scope, "role")) return;
    const r = roleSeries(row.text(at.name));
    grid.add(r.pending, cell(row, header, at.tasks_pending) ?? 0);
    grid.add(r.running, cell(row, header, at.tasks_running) ?? 0);
    if (r.other) return;
    const share = cell(row, header, at.share);
    if (share !== null) grid.add(r.share, share);
    const entitlement = cell(row, header, at.entitlement);
    if (entitlement !== null) grid.add(r.entitlement, entitlement);
  });
  const values = (key: string): (number | null)[] => grid.values(key).map(chartNumber);
  const charts: Chart[] = [];
  for (const r of resources) {
    if (!grid.has(`u:${r.name}:allocated`)) continue;
    const series: ChartSeries[] = PARTS.filter((p) => grid.has(`u:${r.name}:${p.part}`)).map((p) => ({ label: p.label, values: values(`u:${r.name}:${p.part}`), color: p.color }));
    charts.push({
      id: `utilization-${r.name}`,
      title: `Utilization: ${r.name}`,
      note: `Fractions of the ${r.name} of the cluster's agents at each point, stacked: allocated to tasks, held in offers, ${series.some((s) => s.label.startsWith("stranded")) ? "stranded (idle on agents where another resource is below the minimum allocatable), " : ""}idle. The axis is zoomed to the used part; idle fills the rest up to 1.`,
      x: "samples",
      y: `fraction of ${r.name}`,
      stacked: true,
      yMax: 1,
      series,
    });
  }
  const keys = roleKeys(ranking);
  const shareSeries: ChartSeries[] = [];
  for (const key of keys) {
    if (key === "other") continue;
    shareSeries.push({ label: `${roleLabel(ranking, key)} share`, values: values(`share:${key}`), color: roleColor(key) });
    if (grid.has(`entitlement:${key}`)) shareSeries.push({ label: `${roleLabel(ranking, key)} entitlement`, values: values(`entitlement:${key}`), color: roleColor(key), dash: "dashed" });
  }
  if (shareSeries.length > 0) {
    charts.push({
      id: "role-shares",
      title: "Dominant share per role",
      note: `Each role's dominant share (allocated plus offered, as DRF counts it)${shareSeries.some((s) => s.dash !== undefined) ? "; dashed: its entitlement, the weighted max-min fair share capped by its demand" : ""}.${ranking.others > 0 ? ` ${ranking.others} smaller roles are not drawn.` : ""}`,
      x: "samples",
      y: "dominant share",
      series: shareSeries,
    });
  }
  for (const [what, title] of [["pending", "Pending tasks per role"], ["running", "Running tasks per role"]] as const) {
    const series = keys.filter((k) => grid.has(`${what}:${k}`)).map((k) => ({ label: roleLabel(ranking, k), values: values(`${what}:${k}`), color: roleColor(k) }));
    if (series.length === 0) continue;
    charts.push({
      id: `tasks-${what}`,
      title,
      note: `Tasks ${what === "pending" ? "submitted and not launched" : "staging or running"} at each point, per role${ranking.others > 0 ? "; other: the sum over the remaining roles" : ""}.`,
      x: "samples",
      y: `${what} tasks`,
      series,
    });
  }
  // Times as written (three decimals): rounding them would merge points.
  return { x: [...grid.starts], charts, samples: grid.sampleCount };
}

/** The columns of resource `name` (`<name>_total`, `_allocated`, `_offered`, and `_stranded` when there is one) and its series. */
function resourceColumns(name: string, header: readonly string[], path: string, grid: SampleGrid): ResourceColumns {
  const c: Record<string, number> = csvColumns(header, path, [`${name}_total`, `${name}_allocated`, `${name}_offered`], [`${name}_stranded`]);
  const at = (part: string): number => c[`${name}_${part}`] as number;
  const series = (part: string): GridSeries => grid.line(`u:${name}:${part}`);
  return {
    name, total: at("total"), allocated: at("allocated"), offered: at("offered"), stranded: at("stranded"),
    series: { allocated: series("allocated"), offered: series("offered"), stranded: series("stranded"), idle: series("idle") },
  };
}

/** Column `i` of `row` as a number; null when empty or when the file has no such column (-1). A plain function: this runs for every cell. */
function cell(row: CsvRow, header: readonly string[], i: number): number | null {
  return i < 0 ? null : row.number(i, header[i] as string);
}
