// Mesos's `HierarchicalAllocator_BENCHMARK_Test.AddAndUpdateSlave`
// (src/tests/hierarchical_allocator_tests.cpp): adding agents that carry used
// resources, then oversubscribing every agent.
//
//   frameworks  role `*`, REVOCABLE_RESOURCES
//   agents      `cpus:2;mem:1024;disk:4096;ports:[31000-32000]`, each added with
//               `cpus:1;mem:128;disk:1024;ports:[31126-31510,...]` used by framework i % M
//   timed       add frameworks; add agents (+ offer callbacks); `updateAgent` on
//               every agent adding 10 revocable cpus (+ offer callbacks)
import { Resource } from "../../allocators/resources/resource.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { Resources } from "../../allocators/resources/resources.ts";
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

export const addAndUpdateAgent: AllocatorBenchmark<DeclineOffersParams> = {
  name: "AddAndUpdateAgent",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.AddAndUpdateSlave/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: { quick: [], full: agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS) },
  small: [{ agents: 20, frameworks: 5 }],
  rows: (r) => [{ row: "updateAgent (all agents)", ms: r.rounds[0] ?? NaN, offers: r.offers[0] ?? 0 }],
  run(params, opts) {
    const offers: OfferedResources[] = [];
    const allocator = createAllocator(opts, offers);
    // Mesos counts offer callbacks (one per framework per run), not offers.
    let callbacks = 0;
    let seen = 0;
    const countCallbacks = () => {
      const fws = new Set<string>();
      for (let i = seen; i < offers.length; i++) fws.add((offers[i] as OfferedResources).frameworkId);
      seen = offers.length;
      callbacks += fws.size;
    };
    opts.log(`Using ${params.agents} agents and ${params.frameworks} frameworks`);
    const setup: Record<string, number> = {};
    setup.addFrameworks = timed(() => {
      for (let i = 0; i < params.frameworks; i++) {
        allocator.addFramework(frameworkId(i), { roles: ["*"], capabilities: ["REVOCABLE_RESOURCES"] }, new Map(), true);
      }
      allocator.settle();
    });
    opts.log(`Added ${params.frameworks} frameworks in ${formatDuration(setup.addFrameworks)}`);
    const agentResources = parseResources("cpus:2;mem:1024;disk:4096;ports:[31000-32000]");
    const allocation = parseResources("cpus:1;mem:128;disk:1024;ports:[31126-31510,31512-31623,31810-31852,31854-31964]").allocate("*");
    setup.addAgents = timed(() => {
      for (let i = 0; i < params.agents; i++) {
        allocator.addAgent(agentId(i), { resources: agentResources }, new Map([[frameworkId(i % params.frameworks), allocation]]));
      }
      allocator.settle();
    });
    countCallbacks();
    reportOffers(opts, "add agents", offers);
    opts.log(`Added ${params.agents} agents in ${formatDuration(setup.addAgents)}; performed ${callbacks} allocations`);
    const addCallbacks = callbacks;
    callbacks = 0;
    const before = offers.length;
    const oversubscribed = Resources.of([new Resource("cpus", "SCALAR", { scalar: 10000 }, { revocable: true })]);
    const update = timed(() => {
      for (let i = 0; i < params.agents; i++) allocator.updateAgent(agentId(i), { revocable: oversubscribed });
      allocator.settle();
    });
    countCallbacks();
    reportOffers(opts, "update agents", offers.slice(before));
    opts.log(`Updated ${params.agents} agents in ${formatDuration(update)} performing ${callbacks} allocations`);
    return {
      name: "AddAndUpdateAgent",
      params,
      rounds: [update],
      offers: [offers.length - before],
      setup,
      extra: { addAgentsCallbacks: addCallbacks, updateAgentsCallbacks: callbacks },
    };
  },
};
