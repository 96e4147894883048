// Mesos's `HierarchicalAllocator_BENCHMARK_Test.DeclineOffers`
// (src/tests/hierarchical_allocator_tests.cpp): frameworks that have done their
// work and decline every offer for good, so refusal filters pile up round after
// round. Also the blog's "allocation cycle" shape (`AllocationCycle`): the same
// cluster, all frameworks in one role, offers recovered with no filter.
//
//   frameworks  `framework1..M`, role `*`
//   agents      `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`, each added with
//               `cpus:16;mem:2014;disk:1024` + 16 port ranges used by framework i % M
//   rounds      2 × M: decline every offer of the last round (refuse_seconds =
//               INT_MAX), then time one allocation cycle
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import {
  AGENT_COUNTS,
  FRAMEWORK_COUNTS,
  INT_MAX,
  agentId,
  agentsByFrameworks,
  allocationCycle,
  createAllocator,
  formatDuration,
  fragmentRanges,
  frameworkId,
  reportOffers,
  roundCount,
  timed,
} from "./harness.ts";
import type { AllocatorBenchmark, BenchResult, OfferedResources, RunOptions } from "./harness.ts";

export type DeclineOffersParams = { readonly agents: number; readonly frameworks: number };

export const AGENT_RESOURCES = "cpus:24;mem:4096;disk:4096;ports:[31000-32000]";

/** The used slice of every agent: 16 tasks, 1 cpu and one port each (Mesos's comment). */
export function usedSlice(memory: number): string {
  return `cpus:16;mem:${memory};disk:1024;ports:${fragmentRanges(31000, 32000, 16)}`;
}

/** How a decline-style benchmark builds its cluster. */
export interface DeclineCluster {
  /** The frameworks' one role. */
  readonly role: string;
  /** The used resources of agent `i` (held by framework `i % M`), tagged with their role. */
  readonly used: (i: number) => Resources;
}

const DECLINE_CLUSTER: DeclineCluster = (() => {
  let allocation: Resources | undefined;
  return {
    role: "*",
    used: () => (allocation ??= parseResources(usedSlice(2014)).allocate("*")),
  };
})();

/**
 * The body DeclineOffers, ResourceLabels and AllocationCycle share: add
 * frameworks, add agents with a used slice, then rounds of (recover last round's
 * offers, with `refuseSeconds`; time a cycle).
 */
export function declineRounds(
  name: string,
  params: DeclineOffersParams,
  opts: RunOptions,
  refuseSeconds: number | undefined,
  mesosRounds: number,
  cluster: DeclineCluster = DECLINE_CLUSTER,
): BenchResult {
  const { agents: agentCount, frameworks: frameworkCount } = params;
  const log = opts.log;
  const offers: OfferedResources[] = [];
  const allocator = createAllocator(opts, offers);
  log(`Using ${agentCount} agents and ${frameworkCount} frameworks`);

  const setup: Record<string, number> = {};
  setup.addFrameworks = timed(() => {
    for (let i = 0; i < frameworkCount; i++) allocator.addFramework(frameworkId(i), { roles: [cluster.role] }, new Map(), true);
    allocator.settle();
  });
  log(`Added ${frameworkCount} frameworks in ${formatDuration(setup.addFrameworks)}`);

  const agentResources = parseResources(AGENT_RESOURCES);
  // Built before the clock starts, as Mesos builds them outside its stopwatch... mostly:
  // Mesos builds ResourceLabels's labels inside its loop; ours are prepared here.
  const used = Array.from({ length: agentCount }, (_, i) => cluster.used(i));
  setup.addAgents = timed(() => {
    for (let i = 0; i < agentCount; i++) {
      allocator.addAgent(agentId(i), { resources: agentResources }, new Map([[frameworkId(i % frameworkCount), used[i] as Resources]]));
    }
    allocator.settle();
  });
  log(`Added ${agentCount} agents in ${formatDuration(setup.addAgents)}`);
  reportOffers(opts, "add agents", offers);

  const rounds: number[] = [];
  const made: number[] = [];
  let declined = 0;
  const n = roundCount(mesosRounds, opts);
  for (let i = 0; i < n; i++) {
    for (const o of offers) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, refuseSeconds);
    declined += offers.length;
    allocator.settle();
    offers.length = 0;
    const ms = allocationCycle(allocator);
    rounds.push(ms);
    made.push(offers.length);
    reportOffers(opts, `round ${i}`, offers);
    log(
      refuseSeconds === undefined
        ? `round ${i} allocate() took ${formatDuration(ms)} to make ${offers.length} offers`
        : `round ${i} allocate() took ${formatDuration(ms)} to make ${offers.length} offers after filtering ${declined} offers`,
    );
  }
  return { name, params, rounds, offers: made, setup, extra: { mesosRounds, filtered: declined } };
}

const FULL = agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS);

export const declineOffers: AllocatorBenchmark<DeclineOffersParams> = {
  name: "DeclineOffers",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.DeclineOffers/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: {
    // Instances /2, /12 and /21 (the 1.7 blog's cluster sizes).
    quick: [
      { agents: 1000, frameworks: 100 },
      { agents: 5000, frameworks: 500 },
      { agents: 10000, frameworks: 1000 },
    ],
    full: FULL,
  },
  small: [
    { agents: 20, frameworks: 5 },
    { agents: 12, frameworks: 1 },
  ],
  run: (params, opts) => declineRounds("DeclineOffers", params, opts, INT_MAX, 2 * params.frameworks),
};

/**
 * The Mesos 1.7 blog's "allocation cycle" (all frameworks in one role, no
 * filtering): DeclineOffers's cluster with offers recovered without a filter, so
 * every cycle re-offers every agent. Its 20k agents / 2k frameworks point is the
 * one the blog charts and today's grid lacks.
 */
export const allocationCycleBench: AllocatorBenchmark<DeclineOffersParams> = {
  name: "AllocationCycle",
  source: "Mesos 1.7 blog 'Allocation Cycle Time Benchmark' (DeclineOffers cluster, no filters)",
  grid: {
    quick: [],
    full: [
      { agents: 1000, frameworks: 100 },
      { agents: 5000, frameworks: 500 },
      { agents: 10000, frameworks: 1000 },
      { agents: 20000, frameworks: 2000 },
    ],
  },
  small: [{ agents: 20, frameworks: 5 }],
  run: (params, opts) => declineRounds("AllocationCycle", params, opts, undefined, 10),
};
