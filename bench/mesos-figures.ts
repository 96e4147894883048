// Mesos's published figures for the benchmarks we port, with their sources
// (docs/mesos-benchmarks.md §2), and the targets. Data
// only: the runner matches a summary row to a figure by benchmark, parameters and
// cycle.
import type { BenchResult } from "./allocator/harness.ts";

export interface MesosFigure {
  readonly benchmark: string;
  /** Parameters that must match exactly. */
  readonly params: Readonly<Record<string, number | string>>;
  /** Which summary row: "median" over rounds, or a named cycle. */
  readonly row: string;
  /** Mesos's best published figure, ms per cycle (or per batch where the row says so). */
  readonly mesosMs: number;
  readonly source: string;
  /** The target, ms (Mesos ÷ 10), where the issue sets one. */
  readonly targetMs?: number;
}

const BLOG = "Mesos 1.8.0 bar, 1.7 perf blog chart (±0.2 s)";

export const MESOS_FIGURES: readonly MesosFigure[] = [
  { benchmark: "DeclineOffers", params: { agents: 1000, frameworks: 100 }, row: "median", mesosMs: 100, source: BLOG, targetMs: 10 },
  { benchmark: "DeclineOffers", params: { agents: 5000, frameworks: 500 }, row: "median", mesosMs: 400, source: BLOG, targetMs: 40 },
  { benchmark: "DeclineOffers", params: { agents: 10000, frameworks: 1000 }, row: "median", mesosMs: 1060, source: "commit 86653356d (rounds 0-2, --enable-optimize)", targetMs: 100 },
  { benchmark: "DeclineOffers", params: { agents: 10000, frameworks: 3000 }, row: "median", mesosMs: 2470, source: "commit 6abe32f08 (median of rounds 0-9)", targetMs: 250 },
  { benchmark: "AllocationCycle", params: { agents: 1000, frameworks: 100 }, row: "median", mesosMs: 100, source: BLOG },
  { benchmark: "AllocationCycle", params: { agents: 5000, frameworks: 500 }, row: "median", mesosMs: 400, source: BLOG },
  { benchmark: "AllocationCycle", params: { agents: 10000, frameworks: 1000 }, row: "median", mesosMs: 1100, source: BLOG },
  { benchmark: "AllocationCycle", params: { agents: 20000, frameworks: 2000 }, row: "median", mesosMs: 3800, source: BLOG, targetMs: 380 },
  {
    benchmark: "LargeAndSmallQuota",
    params: { sorter: "drf", smallQuotaRoles: 2500, largeQuotaRoles: 500 },
    row: "cycle 1",
    mesosMs: 15390,
    source: "commit 73033130d (3500 allocations)",
    targetMs: 1500,
  },
  {
    benchmark: "LargeAndSmallQuota",
    params: { sorter: "drf", smallQuotaRoles: 2500, largeQuotaRoles: 500 },
    row: "cycle 2",
    mesosMs: 13720,
    source: "commit 73033130d (0 allocations)",
    targetMs: 100,
  },
  { benchmark: "UpdateAllocation", params: { roles: 50 }, row: "total", mesosMs: 468, source: "commit 3f753e77a (20 reserve+unreserve)" },
  { benchmark: "UpdateAllocation", params: { roles: 100 }, row: "total", mesosMs: 926, source: "commit 3f753e77a (20 reserve+unreserve)" },
  { benchmark: "UpdateAllocation", params: { roles: 200 }, row: "total", mesosMs: 2110, source: "commit 3f753e77a (20 reserve+unreserve)" },
];

/** The figure for a summary row of `result`, if Mesos published one. */
export function mesosFigure(result: Pick<BenchResult, "name" | "params">, row: string): MesosFigure | undefined {
  return MESOS_FIGURES.find(
    (f) => f.benchmark === result.name && f.row === row && Object.entries(f.params).every(([k, v]) => result.params[k] === v),
  );
}
