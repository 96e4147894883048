// Mesos's `HierarchicalAllocator_BENCHMARK_Test.SuppressOffers`
// (src/tests/hierarchical_allocator_tests.cpp): the effect of suppression alone.
//
//   cluster  as DeclineOffers, the used slice being `cpus:16;mem:1024;disk:1024` + 16 ports
//   rounds   5: recover every offer without a filter, suppress another M/5
//            frameworks, then time one allocation cycle
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { AGENT_RESOURCES, usedSlice } from "./decline-offers.ts";
import type { DeclineOffersParams } from "./decline-offers.ts";
import {
  AGENT_COUNTS,
  FRAMEWORK_COUNTS,
  agentId,
  agentsByFrameworks,
  allocationCycle,
  createAllocator,
  formatDuration,
  frameworkId,
  reportOffers,
  roundCount,
  timed,
} from "./harness.ts";
import type { AllocatorBenchmark, BenchAllocator, BenchResult, OfferedResources, RunOptions } from "./harness.ts";

/** Frameworks in `*`, agents with a used slice round-robin: the cluster of the suppression benchmarks. */
export function suppressionCluster(params: DeclineOffersParams, opts: RunOptions) {
  const offers: OfferedResources[] = [];
  const allocator: BenchAllocator = createAllocator(opts, offers);
  opts.log(`Using ${params.agents} agents and ${params.frameworks} frameworks`);
  const setup: Record<string, number> = {};
  setup.addFrameworks = timed(() => {
    for (let i = 0; i < params.frameworks; i++) allocator.addFramework(frameworkId(i), { roles: ["*"] }, new Map(), true);
    allocator.settle();
  });
  opts.log(`Added ${params.frameworks} frameworks in ${formatDuration(setup.addFrameworks)}`);
  const agentResources = parseResources(AGENT_RESOURCES);
  const allocation = parseResources(usedSlice(1024)).allocate("*");
  setup.addAgents = timed(() => {
    for (let i = 0; i < params.agents; i++) {
      allocator.addAgent(agentId(i), { resources: agentResources }, new Map([[frameworkId(i % params.frameworks), allocation]]));
    }
    allocator.settle();
  });
  opts.log(`Added ${params.agents} agents in ${formatDuration(setup.addAgents)}`);
  reportOffers(opts, "add agents", offers);
  return { allocator, offers, setup };
}

/** Recover every offer without a filter, run `before`, time one cycle. */
export function suppressionRound(
  cluster: ReturnType<typeof suppressionCluster>,
  opts: RunOptions,
  phase: string,
  before: () => void,
): { ms: number; made: number } {
  const { allocator, offers } = cluster;
  for (const o of offers) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, undefined);
  allocator.settle();
  offers.length = 0;
  before();
  allocator.settle();
  const ms = allocationCycle(allocator);
  reportOffers(opts, phase, offers);
  return { ms, made: offers.length };
}

export const suppressOffers: AllocatorBenchmark<DeclineOffersParams> = {
  name: "SuppressOffers",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.SuppressOffers/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: { quick: [], full: agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS) },
  small: [{ agents: 20, frameworks: 10 }],
  run(params, opts): BenchResult {
    const cluster = suppressionCluster(params, opts);
    const rounds: number[] = [];
    const made: number[] = [];
    let suppressCount = 0;
    const n = roundCount(5, opts);
    for (let i = 0; i < n; i++) {
      const r = suppressionRound(cluster, opts, `round ${i}`, () => {
        // As in Mesos, `frameworks % 5` frameworks are never suppressed.
        for (let j = 0; j < Math.floor(params.frameworks / 5); j++) cluster.allocator.suppressOffers(frameworkId(suppressCount++));
      });
      rounds.push(r.ms);
      made.push(r.made);
      opts.log(`allocate() took ${formatDuration(r.ms)} to make ${r.made} offers with ${suppressCount} out of ${params.frameworks} frameworks suppressing offers`);
    }
    return { name: "SuppressOffers", params, rounds, offers: made, setup: cluster.setup };
  },
};
