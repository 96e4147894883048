// The experiment's `failures` list as the simulator runs it (docs/experiment-format.md,
// `failures`): each entry normalised, durations in integer µs, defaults filled in.
// The file's shape and its validation are in failures-schema.ts; what each kind does
// is sim/failures/ (docs/simulator.md, "Failures").

export { FAILURE_KINDS, type FailureKind } from "../records/run-records.ts";

/** Which agents an agent failure hits: the experiment format's agent selectors (docs/experiment-format.md, "Agent selectors"). */
export type { AgentSelector } from "../maintenance/agent-selector.ts";
import type { AgentSelector } from "../maintenance/agent-selector.ts";

/**
 * When a failure happens: once `at` (µs), or as a random process `every`: failures
 * `mtbf` apart on average (exponential gaps, µs) from `start` until `end` (null: the
 * horizon). For an agent kind the process runs on each selected agent on its own.
 */
export interface FailureTiming {
  readonly at: number | null;
  readonly every: {
    readonly mtbf: number;
    /** Mean of the exponential repair time, µs, used when the entry gives no fixed one; null: never repaired. */
    readonly mttr: number | null;
    readonly start: number;
    readonly end: number | null;
  } | null;
}

export interface AgentCrashSpec extends FailureTiming {
  readonly kind: "agent-crash";
  readonly agents: AgentSelector;
  /** µs until the agent process is back; null: `every.mttr`, or never. */
  readonly restartAfter: number | null;
  /** The agent's `--recovery_timeout`, µs: how long checkpointed executors wait for it. */
  readonly recoveryTimeout: number;
}

export interface PartitionSpec extends FailureTiming {
  readonly kind: "partition";
  readonly agents: AgentSelector;
  /** µs until the partition heals; null: `every.mttr`, or never. */
  readonly healAfter: number | null;
}

export interface MasterFailoverSpec extends FailureTiming {
  readonly kind: "master-failover";
  /** Each agent re-registers with the new master at a uniform random time within this spread, µs. */
  readonly agentsReregisterOver: number;
  /** µs after the failover at which the frameworks re-subscribe. */
  readonly frameworksResubscribeAfter: number;
}

export interface FrameworkFailoverSpec extends FailureTiming {
  readonly kind: "framework-failover";
  readonly framework: string;
  /** µs until the scheduler re-subscribes; null: `every.mttr`, or never. */
  readonly reconnectAfter: number | null;
}

export type FailureSpec = AgentCrashSpec | PartitionSpec | MasterFailoverSpec | FrameworkFailoverSpec;

/** The agent's `--recovery_timeout` default (src/slave/constants.hpp): 15 min. */
export const DEFAULT_RECOVERY_TIMEOUT = 15 * 60_000_000;
/** Agents re-register within the agent's `--registration_backoff_factor` (1 s) of the new master's election. */
export const DEFAULT_AGENTS_REREGISTER_OVER = 1_000_000;
/** The scheduler driver's registration backoff factor (2 s, src/sched/constants.hpp). */
export const DEFAULT_FRAMEWORKS_RESUBSCRIBE_AFTER = 2_000_000;
