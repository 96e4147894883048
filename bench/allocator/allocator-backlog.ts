// Mesos's `HierarchicalAllocator_BENCHMARK_Test.AllocatorBacklog`
// (src/tests/hierarchical_allocator_tests.cpp): how allocation-triggering calls
// batch into runs (MESOS-6904). Reports time and the number of allocation runs
// for adding M frameworks, adding N agents, and M `reviveOffers` calls.
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { DeclineOffersParams } from "./decline-offers.ts";
import {
  AGENT_COUNTS,
  FRAMEWORK_COUNTS,
  agentId,
  agentsByFrameworks,
  createAllocator,
  formatDuration,
  frameworkId,
  reportOffers,
  timed,
} from "./harness.ts";
import type { AllocatorBenchmark, OfferedResources } from "./harness.ts";

export const allocatorBacklog: AllocatorBenchmark<DeclineOffersParams> = {
  name: "AllocatorBacklog",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.AllocatorBacklog/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: { quick: [], full: agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS) },
  small: [{ agents: 20, frameworks: 5 }],
  rows: (r) => [{ row: "reviveOffers (all frameworks)", ms: r.rounds[0] ?? NaN, offers: r.offers[0] ?? 0 }],
  run(params, opts) {
    const offers: OfferedResources[] = [];
    const allocator = createAllocator(opts, offers);
    opts.log(`Using ${params.agents} agents and ${params.frameworks} frameworks`);
    const runs = () => allocator.metrics().allocationRuns;
    const setup: Record<string, number> = {};
    setup.addFrameworks = timed(() => {
      for (let i = 0; i < params.frameworks; i++) allocator.addFramework(frameworkId(i), { roles: ["*"] }, new Map(), true);
      allocator.settle();
    });
    const runs1 = runs();
    opts.log(`Added ${params.frameworks} frameworks in ${formatDuration(setup.addFrameworks)} with ${runs1} allocation runs`);
    const agentResources = parseResources("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
    setup.addAgents = timed(() => {
      for (let i = 0; i < params.agents; i++) allocator.addAgent(agentId(i), { resources: agentResources }, new Map());
      allocator.settle();
    });
    const runs2 = runs();
    reportOffers(opts, "add agents", offers);
    opts.log(`Added ${params.agents} agents in ${formatDuration(setup.addAgents)} with ${runs2 - runs1} allocation runs`);
    const before = offers.length;
    const revive = timed(() => {
      for (let i = 0; i < params.frameworks; i++) allocator.reviveOffers(frameworkId(i));
      allocator.settle();
    });
    const runs3 = runs();
    reportOffers(opts, "revive", offers.slice(before));
    opts.log(`Processed ${params.frameworks} \`reviveOffers\` calls in ${formatDuration(revive)} with ${runs3 - runs2} allocation runs`);
    return {
      name: "AllocatorBacklog",
      params,
      rounds: [revive],
      offers: [offers.length - before],
      setup,
      extra: { addFrameworksRuns: runs1, addAgentsRuns: runs2 - runs1, reviveRuns: runs3 - runs2 },
    };
  },
};
