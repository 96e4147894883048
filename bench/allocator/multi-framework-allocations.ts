// Mesos's `BENCHMARK_HierarchicalAllocations.MultiFrameworkAllocations`
// (src/tests/hierarchical_allocator_benchmarks.cpp): frameworks of three
// profiles launch tasks from their offers until every task runs or 30 s of wall
// time pass. Each offer is used greedily (up to the profile's caps) and the rest
// recovered without a filter. The loop is not capped by `--rounds`: as in
// Mesos, it ends when every task runs or at the wall-clock timeout.
//
//   agents      80 × `cpus:64;mem:488000`
//   Marathon    4 instances, roles `roleA-1..4`, 4000 tasks of `cpus:0.07;mem:400`, ≤ 100 per offer
//   Jenkins     500 instances, role `roleB`, 5 tasks of `cpus:0.1;mem:4000`, 1 per offer
//   Spark       50 instances, roles `roleC-1..50`, 20 tasks of `cpus:1;mem:1000`, ≤ 5 per offer
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { initializeCluster } from "./benchmark-base.ts";
import type { FrameworkProfile, FrameworkSpec } from "./benchmark-base.ts";
import { allocationCycle, formatDuration, reportOffers } from "./harness.ts";
import type { AllocatorBenchmark } from "./harness.ts";

export type MultiFrameworkParams = {
  readonly agents: number;
  readonly marathons: number;
  readonly marathonTasks: number;
  readonly jenkins: number;
  readonly sparks: number;
  /** Stop after this many cycles (0: only the 30 s timeout, as in Mesos). Keeps small instances deterministic. */
  readonly maxCycles: number;
};

const TIMEOUT_MS = 30_000;

function profiles(p: MultiFrameworkParams): FrameworkProfile[] {
  const out: FrameworkProfile[] = [];
  for (let i = 0; i < p.marathons; i++) {
    out.push({ name: `Marathon-${i + 1}`, roles: [`roleA-${i + 1}`], instances: 1, maxTasksPerInstance: p.marathonTasks, taskResources: "cpus:0.07;mem:400", maxTasksPerOffer: 100 });
  }
  out.push({ name: "Jenkins", roles: ["roleB"], instances: p.jenkins, maxTasksPerInstance: 5, taskResources: "cpus:0.1;mem:4000", maxTasksPerOffer: 1 });
  for (let i = 0; i < p.sparks; i++) {
    out.push({ name: `SparkDispatcher-${i + 1}`, roles: [`roleC-${i + 1}`], instances: 1, maxTasksPerInstance: 20, taskResources: "cpus:1;mem:1000", maxTasksPerOffer: 5 });
  }
  return out;
}

export const multiFrameworkAllocations: AllocatorBenchmark<MultiFrameworkParams> = {
  name: "MultiFrameworkAllocations",
  source: "BENCHMARK_HierarchicalAllocations.MultiFrameworkAllocations, src/tests/hierarchical_allocator_benchmarks.cpp",
  grid: { quick: [], full: [{ agents: 80, marathons: 4, marathonTasks: 4000, jenkins: 500, sparks: 50, maxCycles: 0 }] },
  small: [{ agents: 6, marathons: 2, marathonTasks: 120, jenkins: 12, sparks: 4, maxCycles: 20 }],
  run(params, opts) {
    const cluster = initializeCluster(
      { sorter: "drf", agentProfiles: [{ name: "agent", instances: params.agents, resources: "cpus:64;mem:488000" }], frameworkProfiles: profiles(params) },
      opts,
    );
    const { allocator, offers, frameworks, totalTasksToLaunch } = cluster;
    const launched = new Map<string, number>();
    let totalLaunched = 0;
    let clusterAllocation = Resources.EMPTY;
    const rounds: number[] = [];
    const made: number[] = [];
    const start = performance.now();
    while (
      totalLaunched < totalTasksToLaunch &&
      performance.now() - start < TIMEOUT_MS &&
      (params.maxCycles === 0 || rounds.length < params.maxCycles)
    ) {
      offers.length = 0;
      const ms = allocationCycle(allocator);
      rounds.push(ms);
      made.push(offers.length);
      reportOffers(opts, `round ${rounds.length}`, offers);
      for (const offer of offers) {
        const fw = frameworks.get(offer.frameworkId) as FrameworkSpec;
        let remaining = offer.resources.unallocate();
        let tasks = 0;
        let done = launched.get(fw.id) ?? 0;
        while (remaining.contains(fw.taskResources) && done < fw.maxTasksPerInstance && tasks < fw.maxTasksPerOffer) {
          remaining = remaining.minus(fw.taskResources);
          done++;
          tasks++;
          totalLaunched++;
          clusterAllocation = clusterAllocation.plus(fw.taskResources);
        }
        launched.set(fw.id, done);
        allocator.recoverResources(fw.id, offer.agentId, remaining.allocate(offer.role), undefined);
      }
      opts.log(
        `Launched ${totalLaunched} tasks out of ${totalTasksToLaunch} total tasks in ${rounds.length} rounds. Current allocation round generated ${offers.length} offers and took ${formatDuration(ms)}`,
      );
    }
    if (totalLaunched < totalTasksToLaunch) {
      opts.log(
        params.maxCycles !== 0 && rounds.length >= params.maxCycles
          ? `Failed to launch all tasks: stopped after ${params.maxCycles} cycles`
          : `Failed to launch all tasks: Timed out after ${formatDuration(TIMEOUT_MS)}`,
      );
    }
    let capacity = Resources.EMPTY;
    const agent = parseResources("cpus:64;mem:488000");
    for (let i = 0; i < params.agents; i++) capacity = capacity.plus(agent);
    let target = Resources.EMPTY;
    for (const fw of frameworks.values()) for (let j = 0; j < fw.maxTasksPerInstance; j++) target = target.plus(fw.taskResources);
    opts.log("Resource statistics:");
    opts.log(`Cluster capacity: ${capacity.toString()}`);
    opts.log(`Cluster allocation: ${clusterAllocation.toString()}`);
    opts.log(`Target allocation: ${target.toString()}`);
    return {
      name: "MultiFrameworkAllocations",
      params,
      rounds,
      offers: made,
      setup: cluster.setup,
      extra: { tasksLaunched: totalLaunched, tasksToLaunch: totalTasksToLaunch },
    };
  },
};
