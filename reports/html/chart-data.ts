// The charts of report.html as data: what the page's script hands to uPlot. Built
// on the Node side (timeseries-charts.ts, task-waits.ts), embedded in the page as
// JSON (report-html.ts), drawn in the browser (page-script.ts).

/** One line (or stacked band) of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** One value per point of the chart's x axis; null is a gap. */
  readonly values: readonly (number | null)[];
  /** CSS colour. */
  readonly color: string;
  /** Drawn dashed (an entitlement beside its share; p90) or dotted (p50); solid when absent. */
  readonly dash?: "dashed" | "dotted" | undefined;
}

export interface Chart {
  /** Unique in the page, for tests and anchors: letters, digits and '-'. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, under its title. */
  readonly note: string;
  /** Which x axis (`PageData.x`) it is drawn against: times in simulated seconds. */
  readonly x: "samples" | "waits";
  /** The y axis label. */
  readonly y: string;
  /** Series stacked as areas, bottom first (utilization: they add up to 1). */
  readonly stacked?: boolean;
  /** A fixed y range top (1 for fractions), else from the data. */
  readonly yMax?: number;
  readonly series: readonly ChartSeries[];
}

export interface PageData {
  readonly x: { readonly samples: readonly number[]; readonly waits: readonly number[] };
  readonly charts: readonly Chart[];
}

/** Colours of the roles shown (Tableau 10, distinct for colour-blind readers too), in rank order; "other" is grey. */
export const ROLE_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"] as const;
export const OTHER_COLOR = "#9c9c9c";

/** Roles drawn one by one; the rest are summed (or pooled) as "other". */
export const TOP_ROLES = ROLE_COLORS.length;

/** The page's numbers to 4 significant digits: plenty for a chart, and half the bytes of full doubles. */
export function chartNumber(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const r = Number(x.toPrecision(4));
  return r === 0 ? 0 : r;
}

export interface RoleRanking {
  /** The roles drawn one by one, in rank order. */
  readonly shown: readonly string[];
  /** How many more roles are folded into "other" (0: no "other" series). */
  readonly others: number;
  /** A role's series key: its rank, or "other". */
  key(role: string): string;
}

/**
 * Which roles get a series of their own: the TOP_ROLES with the largest
 * max(shareMean, entitlementMean) — the entitlement so that a starved role (its
 * share low, its entitlement high) is drawn — then most tasks submitted, then name
 * in UTF-16 code units. When only one more role would be left over, all are drawn.
 */
export function rankRoles(roles: readonly { role: string; shareMean: number; entitlementMean?: number | null | undefined; tasks: { submitted: number } }[]): RoleRanking {
  const weight = (r: (typeof roles)[number]): number => Math.max(r.shareMean, r.entitlementMean ?? 0);
  const sorted = [...roles].sort(
    (a, b) => weight(b) - weight(a) || b.tasks.submitted - a.tasks.submitted || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0),
  );
  const n = sorted.length <= TOP_ROLES + 1 ? sorted.length : TOP_ROLES;
  const shown = sorted.slice(0, n).map((r) => r.role);
  const index = new Map(shown.map((r, i) => [r, String(i)]));
  return { shown, others: sorted.length - n, key: (role) => index.get(role) ?? "other" };
}

/** The series colour of a key from `RoleRanking.key`. */
export function roleColor(key: string): string {
  return key === "other" ? OTHER_COLOR : (ROLE_COLORS[Number(key)] as string);
}

/** The series label of a key from `RoleRanking.key`. */
export function roleLabel(ranking: RoleRanking, key: string): string {
  return key === "other" ? `other (${ranking.others} roles)` : (ranking.shown[Number(key)] as string);
}

/** The keys to draw, in order: each shown role, then "other" when there is one. */
export function roleKeys(ranking: RoleRanking): string[] {
  return [...ranking.shown.map((_, i) => String(i)), ...(ranking.others > 0 ? ["other"] : [])];
}
