// An experiment as the simulator runs it: the `mesosim-experiment/1` file
// (docs/experiment-format.md) after validation and normalisation, with every
// default filled in, every duration in integer µs, and every path absolute.
// `experiment.json` in the run directory is this object.
import type { FrameworkCapability, SorterKind } from "../../allocators/allocator.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import type { SynthSpec } from "../../traces/synth/synth-spec.ts";
import type { Expectation } from "../records/summary-metrics.ts";
import type { FailureSpec } from "./failure-spec.ts";
import type { MaintenanceWindow } from "../maintenance/maintenance-schema.ts";
import type { OversubscriptionSettings } from "../oversubscription/oversubscription-schema.ts";

export const EXPERIMENT_FORMAT = "mesosim-experiment/1";

export interface MasterSettings {
  readonly allocator: "hierarchical";
  readonly sorter: SorterKind;
  /** µs. */
  readonly allocationInterval: number;
  /** Alternatives, each a quantity text (`cpus:0.01`). */
  readonly minAllocatable: readonly string[];
  readonly fairnessExcludeResourceNames: readonly string[];
  readonly filterGpuResources: boolean;
  /** µs, or null: offers never time out. */
  readonly offerTimeout: number | null;
  readonly agentPingTimeout: number;
  readonly maxAgentPingTimeouts: number;
  readonly agentReregisterTimeout: number;
  readonly agentRemovalRateLimit: string | null;
  readonly recoveryAgentRemovalLimit: number;
  readonly allocatorRecoveryTimeout: number;
  readonly allocatorAgentRecoveryFactor: number;
  /** µs from ACCEPT to TASK_RUNNING. */
  readonly taskLaunchDelay: number;
}

export interface RoleSettings {
  readonly weight: number;
  /** Quantity texts, or null when not set. */
  readonly guarantees: string | null;
  readonly limits: string | null;
}

export interface AgentGroup {
  readonly count: number;
  /** A RES (Mesos text or v1 JSON). */
  readonly resources: string | readonly unknown[];
  /** Template with `{i}` and `{i%N}`, or null. */
  readonly attributes: string | null;
  /** Template with `{i}` and `{i%N}`; null: `<group index>-<i>`. */
  readonly id: string | null;
}

export interface SourceOptions {
  /** Trace time kept, µs; the kept part is shifted so that `start` is run time 0. */
  readonly window: { readonly start: number; readonly end: number | null } | null;
  readonly timeScale: number;
  readonly roleMap: ReadonlyMap<string, string>;
  readonly rolePrefix: string;
  /** Records kept, or null for all. */
  readonly limit: number | null;
}

export type WorkloadSource =
  | ({ readonly kind: "trace"; readonly path: string } & SourceOptions)
  | ({
      readonly kind: "raw";
      readonly paths: readonly string[];
      readonly from: TraceFormat;
      readonly referenceMachine: string | null;
      readonly table: string | null;
    } & SourceOptions)
  | ({
      readonly kind: "synth";
      /** The spec file, or null when inline. */
      readonly path: string | null;
      /** The inline `mesosim-synth/1` spec, validated and with its defaults; null when in a file. */
      readonly spec: SynthSpec | null;
    } & SourceOptions);

export type TaskSelector =
  | { readonly kind: "all" }
  | { readonly kind: "roles"; readonly roles: readonly string[] }
  | { readonly kind: "job"; readonly pattern: string }
  | { readonly kind: "priority"; readonly min: number | null; readonly max: number | null }
  | { readonly kind: "source"; readonly index: number };

export interface DecisionTime {
  /** µs each. */
  readonly perCallback: number;
  readonly perOffer: number;
  readonly perTask: number;
}

export type AbandonAfter = { readonly attempts: number } | { readonly wait: number } | null;

export interface FrameworkSpec {
  readonly name: string;
  readonly model: string;
  readonly roles: readonly string[];
  readonly tasks: TaskSelector;
  readonly capabilities: readonly FrameworkCapability[];
  /** Seconds (Mesos's `refuse_seconds`); 0: no filter. */
  readonly refuseSeconds: number;
  readonly maxTasksPerOffer: number | null;
  readonly suppressWhenIdle: boolean;
  readonly decisionTime: DecisionTime;
  readonly abandonAfter: AbandonAfter;
  /** µs. */
  readonly failoverTimeout: number;
  readonly checkpoint: boolean;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ReportSettings {
  /** µs. */
  readonly sampleInterval: number;
  readonly formats: readonly ("json" | "csv" | "html")[];
  readonly tasks: boolean;
  readonly events: boolean;
}

/** One `expect` check (docs/experiment-format.md, `expect`); the type is the metric catalogue's. */
export type { Expectation };

export interface Experiment {
  readonly format: typeof EXPERIMENT_FORMAT;
  readonly name: string;
  readonly description: string | null;
  readonly seed: number;
  /** µs, or null: until nothing more can happen. */
  readonly horizon: number | null;
  readonly master: MasterSettings;
  readonly roles: ReadonlyMap<string, RoleSettings>;
  readonly cluster: { readonly agents: readonly AgentGroup[]; readonly fromWorkload: boolean };
  readonly workload: readonly WorkloadSource[];
  readonly frameworks: readonly FrameworkSpec[];
  /** The `failures` list (failure-spec.ts); empty: no failures. */
  readonly failures: readonly FailureSpec[];
  /** Maintenance windows, in the file's order (empty: none). */
  readonly maintenance: readonly MaintenanceWindow[];
  /** null: no agent lends revocable resources. */
  readonly oversubscription: OversubscriptionSettings | null;
  readonly report: ReportSettings;
  readonly expect: readonly Expectation[];
}

/** Mesos's defaults for the master's flags (docs/experiment-format.md, `master`). */
export const DEFAULT_MASTER: MasterSettings = {
  allocator: "hierarchical",
  sorter: "drf",
  allocationInterval: 1_000_000,
  minAllocatable: ["cpus:0.01", "mem:32"],
  fairnessExcludeResourceNames: [],
  filterGpuResources: true,
  offerTimeout: null,
  agentPingTimeout: 15_000_000,
  maxAgentPingTimeouts: 5,
  agentReregisterTimeout: 600_000_000,
  agentRemovalRateLimit: null,
  recoveryAgentRemovalLimit: 1,
  allocatorRecoveryTimeout: 600_000_000,
  allocatorAgentRecoveryFactor: 0.8,
  taskLaunchDelay: 0,
};

/** A framework's settings when the experiment does not give them (the `batch` defaults). */
export function defaultFramework(name: string, roles: readonly string[], tasks: TaskSelector): FrameworkSpec {
  return {
    name,
    model: "batch",
    roles,
    tasks,
    capabilities: [],
    refuseSeconds: 5,
    maxTasksPerOffer: null,
    suppressWhenIdle: true,
    decisionTime: { perCallback: 0, perOffer: 0, perTask: 0 },
    abandonAfter: null,
    failoverTimeout: 0,
    checkpoint: true,
    params: {},
  };
}
