// Mesos's `HierarchicalAllocator_BENCHMARK_Test.ExtremeSuppressOffers`
// (src/tests/hierarchical_allocator_tests.cpp): allocation when 99 % of the
// frameworks suppress offers.
//
//   cluster  as SuppressOffers; floor(0.99 × M) frameworks suppress up front
//   rounds   5: recover every offer without a filter, time one allocation cycle
import type { DeclineOffersParams } from "./decline-offers.ts";
import { AGENT_COUNTS, FRAMEWORK_COUNTS, agentsByFrameworks, formatDuration, frameworkId, roundCount } from "./harness.ts";
import type { AllocatorBenchmark, BenchResult } from "./harness.ts";
import { suppressionCluster, suppressionRound } from "./suppress-offers.ts";

export const extremeSuppressOffers: AllocatorBenchmark<DeclineOffersParams> = {
  name: "ExtremeSuppressOffers",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.ExtremeSuppressOffers/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: { quick: [], full: agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS) },
  small: [{ agents: 20, frameworks: 200 }],
  run(params, opts): BenchResult {
    const cluster = suppressionCluster(params, opts);
    const suppressCount = Math.floor(params.frameworks * 0.99);
    for (let i = 0; i < suppressCount; i++) cluster.allocator.suppressOffers(frameworkId(i));
    const rounds: number[] = [];
    const made: number[] = [];
    const n = roundCount(5, opts);
    for (let i = 0; i < n; i++) {
      const r = suppressionRound(cluster, opts, `round ${i}`, () => {});
      rounds.push(r.ms);
      made.push(r.made);
      opts.log(`allocate() took ${formatDuration(r.ms)} to make ${r.made} offers with ${suppressCount} out of ${params.frameworks} frameworks suppressing offers`);
    }
    return { name: "ExtremeSuppressOffers", params, rounds, offers: made, setup: cluster.setup };
  },
};
