// The shape of `summary.json` (format `mesosim-report/1`, docs/report-format.md).
// Objects are built with their keys in the contract's order; `summaryJson` writes
// them in that order with every number rounded to 6 significant digits.
import type { Distribution } from "./sample-buffer.ts";
import type { ExpectResult } from "./expect.ts";
import type { FailureSummary } from "./failure-metrics.ts";
import type { LatencySummary } from "./latency-accumulator.ts";
import type { TaskCounts } from "./scope-state.ts";
import { roundNumbersDeep } from "./round-significant.ts";
import type { FailuresSummary } from "./maintenance-metrics.ts";

export const REPORT_FORMAT = "mesosim-report/1";

export interface UtilizationSummary {
  /** Time average of allocated/total. */
  readonly mean: number;
  readonly offeredMean: number;
  readonly idleMean: number;
  /** Time average of the idle amount stranded on agents short of another resource, over total. */
  readonly strandedMean: number;
  /** Over the samples at which some agent had the resource; null when none did. */
  readonly p50: number | null;
  readonly p95: number | null;
}

export interface RoleSummary {
  readonly role: string;
  readonly weight: number;
  readonly tasks: TaskCounts;
  readonly shareMean: number;
  readonly shareMax: number;
  /** Time averages over the run of the entitlement (a dominant share; 0 while inactive) and the deficit. */
  readonly entitlementMean: number;
  readonly deficitMean: number;
  /** Seconds with a pending task and a deficit above 0.5 × entitlement. */
  readonly starvedSeconds: number;
  /** Mean seconds from becoming active to a share of 0.9 × entitlement, over the episodes that got there; null when none did. */
  readonly timeToFairShareSeconds: number | null;
  readonly latency: LatencySummary;
}

export interface FrameworkSummary {
  readonly name: string;
  readonly model: string;
  readonly roles: readonly string[];
  readonly offersReceived: number;
  readonly offersAccepted: number;
  readonly offersDeclined: number;
  readonly tasksLaunched: number;
  readonly attempts: number;
  readonly busyness: number;
  readonly latency: LatencySummary;
}

export interface ReportSummary {
  readonly format: typeof REPORT_FORMAT;
  readonly name: string;
  readonly seed: number;
  readonly mesosim: string;
  /** SHA-256 of `experiment.json` as written. */
  readonly experimentSha256: string;
  /** SHA-256 of the event log (event-log.ts). */
  readonly digest: string;
  readonly simulatedSeconds: number;
  readonly events: number;
  readonly cluster: {
    readonly agents: { readonly max: number; readonly end: number };
    /** At the end of the run, for each resource some agent had during it. */
    readonly total: Readonly<Record<string, number>>;
  };
  readonly tasks: TaskCounts;
  /** For each resource some agent had during the run. */
  readonly utilization: Readonly<Record<string, UtilizationSummary>>;
  readonly fairness: { readonly jain: { readonly mean: number | null; readonly min: number | null } };
  readonly latency: LatencySummary;
  readonly roles: readonly RoleSummary[];
  readonly frameworks: readonly FrameworkSummary[];
  /**
   * What the experiment's failures cost (failure-metrics.ts; zeros when it has none),
   * then `maintenance` and `oversubscription` (maintenance-metrics.ts).
   */
  readonly failures: FailureSummary & FailuresSummary;
  /** The experiment's `expect` checks, in its order (reports/expect.ts); empty when it has none. */
  readonly expect: readonly ExpectResult[];
}

/** What the metrics give, before the `expect` checks are made on it. */
export type MeasuredSummary = Omit<ReportSummary, "expect">;

export type { Distribution, ExpectResult, FailureSummary, LatencySummary, TaskCounts };

/** The text of `summary.json` (also what `mesosim run --json` prints). */
export function summaryJson(summary: ReportSummary): string {
  return `${JSON.stringify(roundNumbersDeep(summary), null, 2)}\n`;
}
