// The allocator's public API, in mesosim's vocabulary (agent, never slave). It
// mirrors Mesos's `mesos::allocator::Allocator` interface
// (`include/mesos/allocator/allocator.hpp`) call for call.
//
// An allocator has no clock, no timers and no I/O. Time enters only through
// `advanceTo(now)`, which fires the allocator's own logical timers (periodic
// allocation runs, offer-filter expiries) in (time, creation order), exactly as
// Mesos's paused-clock tests observe them. Offers leave through callbacks.
// Randomness (agent shuffles, resource shuffles in quota chopping, the random
// sorter) comes from injected streams.
import type { Limits, Quantities } from "./resources/quantities.ts";
import type { Resources } from "./resources/resources.ts";
import type { RandomStream } from "./random-stream.ts";
import type { Operation } from "./resources/resource-operations.ts";

/** Simulated time in integer microseconds. */
export type Micros = number;

/**
 * The latest simulated time: 2^53 − 1 µs (≈ 285 years), the largest integer a
 * double holds exactly. Times are integer µs, so past it they would round.
 */
export const MAX_MICROS: Micros = Number.MAX_SAFE_INTEGER;

export const FRAMEWORK_CAPABILITIES = [
  "MULTI_ROLE",
  "REVOCABLE_RESOURCES",
  "GPU_RESOURCES",
  "SHARED_RESOURCES",
  "RESERVATION_REFINEMENT",
  "PARTITION_AWARE",
  "REGION_AWARE",
  "TASK_KILLING_STATE",
] as const;
export type FrameworkCapability = (typeof FRAMEWORK_CAPABILITIES)[number];

export const AGENT_CAPABILITIES = [
  "MULTI_ROLE",
  "HIERARCHICAL_ROLE",
  "RESERVATION_REFINEMENT",
  "RESOURCE_PROVIDER",
  "RESIZE_VOLUME",
  "AGENT_OPERATION_FEEDBACK",
  "AGENT_DRAINING",
  "TASK_RESOURCE_LIMITS",
] as const;
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

export type SorterKind = "drf" | "random";

export interface AllocatorOptions {
  /** Seconds between periodic allocation runs (Mesos `--allocation_interval`, default 1). */
  readonly allocationInterval?: number;
  /**
   * Alternatives: a set of resources is allocatable if it contains at least one
   * in full (Mesos `--min_allocatable_resources`, `cpus:0.01|mem:32`). Absent or
   * empty: anything non-empty is allocatable (the allocator's own default).
   */
  readonly minAllocatable?: readonly Quantities[];
  readonly fairnessExcludeResourceNames?: readonly string[];
  /** Agents with gpus go only to GPU_RESOURCES frameworks (default true). */
  readonly filterGpuResources?: boolean;
  readonly sorter?: SorterKind;
  /** Named random streams: "allocator/shuffle", "allocator/shrink", "allocator/sorter/<role or ''>". */
  readonly random: (name: string) => RandomStream;
  /** Called once per framework per allocation run that offers it anything. */
  readonly offer: (frameworkId: string, offers: ReadonlyMap<string, ReadonlyMap<string, Resources>>) => void;
  /**
   * Pass over periodic runs that provably change nothing (default true): while
   * paused, or while no run could make an offer or an inverse offer, `advanceTo`
   * jumps from one timer that matters to the next instead of making each run.
   * The outcome is the same: offers, their order, the metrics (skipped runs count
   * in `allocationRuns`) and the random draws later runs see. `false` makes every
   * run: the slow reference the idle-skip property test compares against.
   */
  readonly skipIdleRuns?: boolean;
  /**
   * Default true: an agent found with nothing any framework could be offered
   * (HierarchicalAllocator's `couldOffer`) is left out of periodic runs until a
   * change wakes it. False checks every agent at every run instead: the slow
   * reference that the simulator's digest tests compare against. Same offers
   * and draws either way.
   */
  readonly trackDormancy?: boolean;
  /**
   * Seconds a recovering allocator waits for agents before it allocates anyway
   * (Mesos `--allocator_recovery_timeout`, default 600); see `Allocator.recover`.
   */
  readonly recoveryTimeout?: number;
  /** Fraction of the expected agents that ends a recovery pause (Mesos `--allocator_agent_recovery_factor`, default 0.8). */
  readonly agentRecoveryFactor?: number;
  /** Called once per inverse offer. `unavailability` as set on the agent. */
  readonly inverseOffer?: (frameworkId: string, agentId: string, unavailability: Unavailability) => void;
}

export interface Unavailability {
  /** Absolute simulated time, µs. */
  readonly start: Micros;
  /** µs; absent means forever. */
  readonly duration?: Micros;
}

export interface FrameworkInfo {
  readonly roles: readonly string[];
  /** MULTI_ROLE is implied. */
  readonly capabilities?: readonly FrameworkCapability[];
  readonly suppressedRoles?: readonly string[];
  /** Per-role override of the global minimum; an empty list means anything goes. */
  readonly minAllocatable?: ReadonlyMap<string, readonly Quantities[]>;
}

export interface AgentInfo {
  /** Total resources (revocable ones marked revocable). */
  readonly resources: Resources;
  /** `"rack:r1;zone:a"` style attributes, compared as given. */
  readonly attributes?: string;
  /** Default: every agent capability. */
  readonly capabilities?: readonly AgentCapability[];
  readonly unavailability?: Unavailability;
}

export interface AgentUpdate {
  /** New non-revocable total. */
  readonly resources?: Resources;
  /** New revocable total (oversubscription). */
  readonly revocable?: Resources;
  readonly attributes?: string;
  readonly capabilities?: readonly AgentCapability[];
}

export interface Quota {
  readonly guarantees: Quantities;
  readonly limits: Limits;
}

export interface AllocatorMetrics {
  /**
   * Allocation runs due so far (Mesos's `allocation_runs`): every triggered run
   * and every periodic run while not paused, including periodic runs passed over
   * as idle (see `skipIdleRuns`), so the count does not depend on that shortcut
   * and matches what Mesos, which makes every run, counts on the same clock.
   */
  readonly allocationRuns: number;
  /** Dominant share per role in the role sorter (weights applied). */
  readonly roleShares: ReadonlyMap<string, number>;
  /** Per framework, per role: dominant share in that role's framework sorter. */
  readonly frameworkShares: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Active offer filters per role. */
  readonly offerFilters: ReadonlyMap<string, number>;
  readonly quota: ReadonlyMap<string, { guarantee: Quantities; limit: Limits; offeredOrAllocated: Quantities; consumed: Quantities }>;
  /** resources/<name>/total and offered_or_allocated, milli-units by name. */
  readonly total: Quantities;
  readonly offeredOrAllocated: Quantities;
}

/** The allocator interface (Mesos's `Allocator`). Ids are free strings. */
export interface Allocator {
  /** Current simulated time (µs). */
  readonly now: Micros;
  /**
   * Moves time forward to `time`, firing due timers in order; settles first.
   * `time` is an integer number of µs up to 2^53 − 1 (≈ 285 years, the largest
   * exact integer in a double); anything else throws.
   */
  advanceTo(time: Micros): void;
  /**
   * Moves time forward to `time`, firing only the timers due strictly before it;
   * those due at `time` wait for `advanceTo(time)`. For a driver whose other events
   * at `time` come before the allocator's (the simulator: docs/experiment-format.md,
   * "Order of events"). Does not settle a queued triggered run.
   */
  advanceBefore(time: Micros): void;
  /** Runs the queued triggered allocation, if any. */
  settle(): void;
  /** Time of the next timer, if any (for a driver that interleaves other events). */
  nextTimer(): Micros | undefined;
  /**
   * Time of the next timer that could change anything: the next periodic run unless
   * it would be idle (nothing can be offered), else the next other timer (a filter
   * expiry). A driver may sleep until then, or until it next calls the allocator in
   * a way that frees or adds resources or wakes a framework; undefined if none.
   */
  nextActiveTimer(): Micros | undefined;

  addFramework(id: string, info: FrameworkInfo, used: ReadonlyMap<string, Resources>, active: boolean): void;
  removeFramework(id: string): void;
  activateFramework(id: string): void;
  deactivateFramework(id: string): void;
  updateFramework(id: string, info: FrameworkInfo): void;
  suppressOffers(frameworkId: string, roles?: readonly string[]): void;
  reviveOffers(frameworkId: string, roles?: readonly string[]): void;

  addAgent(id: string, info: AgentInfo, used: ReadonlyMap<string, Resources>): void;
  removeAgent(id: string): void;
  updateAgent(id: string, update: AgentUpdate): void;
  activateAgent(id: string): void;
  deactivateAgent(id: string): void;
  updateWhitelist(agents: readonly string[] | undefined): void;
  updateUnavailability(agentId: string, unavailability: Unavailability | undefined): void;
  updateInverseOffer(agentId: string, frameworkId: string, accepted: boolean | undefined, refuseSeconds?: number): void;

  /**
   * Returns resources offered or allocated to a framework (tagged with their
   * allocation role). `refuseSeconds`: undefined installs no filter; Mesos's decline
   * default is 5; 0 installs none.
   */
  recoverResources(frameworkId: string, agentId: string, resources: Resources, refuseSeconds: number | undefined, isAllocated?: boolean): void;
  transitionOfferedToAllocated(agentId: string, resources: Resources): void;
  /** Operator operations on unallocated resources; throws OperationError if they do not apply. */
  updateAvailable(agentId: string, operations: readonly Operation[]): void;
  /** Offer operations on resources offered to the framework (in `role`). */
  updateAllocation(frameworkId: string, agentId: string, role: string, operations: readonly Operation[]): void;

  updateWeights(weights: ReadonlyMap<string, number>): void;
  updateQuota(role: string, quota: Quota | undefined): void;
  /**
   * Mesos's `recover(expectedAgentCount, quotas)`, which a newly elected master calls
   * before any agent re-registers (`Master::_recover`; hierarchical.cpp). Without
   * quota it does nothing. Otherwise it sets the quotas and, unless
   * ⌊expectedAgentCount × agentRecoveryFactor⌋ is 0, pauses allocation until that
   * many agents have been added or `recoveryTimeout` has passed, so that quota is
   * not satisfied from a partial view of the cluster. Throws if an agent was added.
   */
  recover(expectedAgentCount: number, quotas: ReadonlyMap<string, Quota>): void;

  /** What the framework holds (offered + allocated) on the agent, tagged by role. */
  allocation(frameworkId: string, agentId: string): Resources;

  /**
   * What every framework holds (offered + allocated) on the agent, by framework id;
   * a framework that holds nothing there is absent. A live view: do not modify.
   */
  allocationsOn(agentId: string): ReadonlyMap<string, Resources>;
  metrics(): AllocatorMetrics;
}
