// Mesos's `HierarchicalAllocations_BenchmarkBase`
// (src/tests/hierarchical_allocator_benchmarks.cpp): a cluster described as
// data — agent profiles and framework profiles — built the same way for every
// benchmark of that file.
//
//   agents       `<profile>-<i>`, no used resources, added first (one triggered
//                run, which has no framework to offer to)
//   frameworks   `<profile>-<i>`, DEFAULT_FRAMEWORK_INFO (MULTI_ROLE,
//                RESERVATION_REFINEMENT) with the profile's roles, added while the
//                allocator is paused, so that no event-driven run happens
import type { FrameworkCapability, SorterKind } from "../../allocators/allocator.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { allocationCycle, createAllocator, formatDuration, reportOffers, timed } from "./harness.ts";
import type { BenchAllocator, OfferedResources, RunOptions } from "./harness.ts";

export interface FrameworkProfile {
  readonly name: string;
  readonly roles: readonly string[];
  readonly instances: number;
  /** Defaults as Mesos's `FrameworkProfile`: 100 tasks of `cpus:1;mem:100`, at most 10 per offer. */
  readonly maxTasksPerInstance?: number;
  readonly taskResources?: string;
  readonly maxTasksPerOffer?: number;
}

export interface AgentProfile {
  readonly name: string;
  readonly instances: number;
  readonly resources: string;
}

export interface BenchmarkConfig {
  /** Role and framework sorter (Mesos's `--role_sorter`, `--framework_sorter`). */
  readonly sorter: SorterKind;
  readonly agentProfiles: readonly AgentProfile[];
  readonly frameworkProfiles: readonly FrameworkProfile[];
}

/** `DEFAULT_FRAMEWORK_INFO`'s capabilities (tests/mesos.hpp). */
export const DEFAULT_FRAMEWORK_CAPABILITIES: readonly FrameworkCapability[] = ["MULTI_ROLE", "RESERVATION_REFINEMENT"];

/** A framework as the benchmark loop sees it: its profile, resolved. */
export interface FrameworkSpec {
  readonly id: string;
  readonly maxTasksPerInstance: number;
  readonly taskResources: Resources;
  readonly maxTasksPerOffer: number;
}

export interface Cluster {
  readonly allocator: BenchAllocator;
  readonly offers: OfferedResources[];
  readonly frameworks: ReadonlyMap<string, FrameworkSpec>;
  readonly agentCount: number;
  readonly totalTasksToLaunch: number;
  readonly setup: Record<string, number>;
}

/** Mesos's `initializeCluster`: agents, then (paused) frameworks; the allocator is resumed at the end. */
export function initializeCluster(config: BenchmarkConfig, opts: RunOptions): Cluster {
  const offers: OfferedResources[] = [];
  const allocator = createAllocator(opts, offers, config.sorter);
  const setup: Record<string, number> = {};
  let agentCount = 0;
  const agentResources = config.agentProfiles.map((p) => parseResources(p.resources));
  setup.addAgents = timed(() => {
    config.agentProfiles.forEach((profile, k) => {
      agentCount += profile.instances;
      const resources = agentResources[k] as Resources;
      for (let i = 0; i < profile.instances; i++) allocator.addAgent(`${profile.name}-${i}`, { resources }, new Map());
    });
    allocator.settle();
  });
  opts.log(`Added ${agentCount} agents in ${formatDuration(setup.addAgents)}`);

  allocator.pause();
  const frameworks = new Map<string, FrameworkSpec>();
  let totalTasksToLaunch = 0;
  setup.addFrameworks = timed(() => {
    for (const profile of config.frameworkProfiles) {
      const maxTasksPerInstance = profile.maxTasksPerInstance ?? 100;
      const taskResources = parseResources(profile.taskResources ?? "cpus:1;mem:100");
      const maxTasksPerOffer = profile.maxTasksPerOffer ?? 10;
      totalTasksToLaunch += profile.instances * maxTasksPerInstance;
      for (let i = 0; i < profile.instances; i++) {
        const id = `${profile.name}-${i}`;
        frameworks.set(id, { id, maxTasksPerInstance, taskResources, maxTasksPerOffer });
        allocator.addFramework(id, { roles: profile.roles, capabilities: DEFAULT_FRAMEWORK_CAPABILITIES }, new Map(), true);
      }
    }
    allocator.settle();
  });
  opts.log(`Added ${frameworks.size} frameworks in ${formatDuration(setup.addFrameworks)}`);
  allocator.resume();
  return { allocator, offers, frameworks, agentCount, totalTasksToLaunch, setup };
}

/**
 * The two timed cycles of Mesos's `HierarchicalAllocations_BenchmarkBase` quota
 * benchmarks: one that allocates, then one that must allocate nothing. Prints
 * Mesos's lines (`Made K allocations in X`, `Made 0 allocation in Y`).
 */
export function twoCycles(allocator: BenchAllocator, offers: OfferedResources[], opts: RunOptions): { rounds: [number, number]; offers: [number, number] } {
  offers.length = 0;
  const first = allocationCycle(allocator);
  const made = offers.length;
  reportOffers(opts, "cycle 1", offers);
  opts.log(`Made ${made} allocations in ${formatDuration(first)}`);
  offers.length = 0;
  const second = allocationCycle(allocator);
  reportOffers(opts, "cycle 2", offers);
  // Mesos EXPECTs that nothing is offered in the second cycle.
  if (offers.length !== 0) opts.log(`WARNING: the second cycle made ${offers.length} offers; Mesos expects none`);
  opts.log(`Made 0 allocation in ${formatDuration(second)}`);
  return { rounds: [first, second], offers: [made, offers.length] };
}
