// Mesos's `BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota`
// (src/tests/hierarchical_allocator_benchmarks.cpp): roles with a small quota
// (half an agent: agents are chopped) and roles with a large quota (two agents'
// worth: guarantees are chopped), one framework each.
//
//   agents   `cpus:2;mem:2048;disk:2048`, small/5 + large × 5 of them
//   quota    guarantee = limit: small `cpus:1;mem:1024;disk:1024`, large
//            `cpus:4;mem:4096;disk:4096`, set while the allocator is paused
//   timed    one cycle that satisfies every quota (`Made K allocations in X`),
//            then one that has nothing left to give (`Made 0 allocation in Y`)
import type { SorterKind } from "../../allocators/allocator.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { initializeCluster, twoCycles } from "./benchmark-base.ts";
import type { FrameworkProfile } from "./benchmark-base.ts";
import type { AllocatorBenchmark } from "./harness.ts";

export type LargeAndSmallQuotaParams = {
  readonly sorter: SorterKind;
  readonly smallQuotaRoles: number;
  readonly largeQuotaRoles: number;
  readonly frameworksPerRole: number;
};

const AGENT = "cpus:2;mem:2048;disk:2048";
const SMALL_QUOTA = "cpus:1;mem:1024;disk:1024";
const LARGE_QUOTA = "cpus:4;mem:4096;disk:4096";

/** `QuotaParam`s: 30, 300 and 3000 agents; the sorter varies slowest (index 0–2 drf, 3–5 random). */
const QUOTA_PARAMS = [
  [25, 5, 1],
  [250, 50, 1],
  [2500, 500, 1],
] as const;

function grid(sorters: readonly SorterKind[]): LargeAndSmallQuotaParams[] {
  return sorters.flatMap((sorter) =>
    QUOTA_PARAMS.map(([smallQuotaRoles, largeQuotaRoles, frameworksPerRole]) => ({ sorter, smallQuotaRoles, largeQuotaRoles, frameworksPerRole })),
  );
}

function quota(text: string) {
  return { guarantees: Quantities.parse(text), limits: Limits.parse(text) };
}

export const largeAndSmallQuota: AllocatorBenchmark<LargeAndSmallQuotaParams> = {
  name: "LargeAndSmallQuota",
  source: "QuotaParam/BENCHMARK_HierarchicalAllocator_WithQuotaParam.LargeAndSmallQuota/0..5, src/tests/hierarchical_allocator_benchmarks.cpp",
  grid: {
    quick: [{ sorter: "drf", smallQuotaRoles: 2500, largeQuotaRoles: 500, frameworksPerRole: 1 }],
    full: grid(["drf", "random"]),
  },
  small: [{ sorter: "drf", smallQuotaRoles: 10, largeQuotaRoles: 2, frameworksPerRole: 1 }],
  rows: (r) => [
    { row: "cycle 1", ms: r.rounds[0] ?? NaN, offers: r.offers[0] ?? 0 },
    { row: "cycle 2", ms: r.rounds[1] ?? NaN, offers: r.offers[1] ?? 0 },
  ],
  run(params, opts) {
    const { sorter, smallQuotaRoles, largeQuotaRoles, frameworksPerRole } = params;
    const profiles: FrameworkProfile[] = [];
    const small: string[] = [];
    const large: string[] = [];
    for (let i = 0; i < smallQuotaRoles; i++) {
      const role = `smallQuotaRole${i}`;
      small.push(role);
      profiles.push({ name: `framework_small_${i}`, roles: [role], instances: frameworksPerRole });
    }
    for (let i = 0; i < largeQuotaRoles; i++) {
      const role = `largeQuotaRole${i}`;
      large.push(role);
      profiles.push({ name: `framework_large_${i}`, roles: [role], instances: frameworksPerRole });
    }
    const agentCount = Math.floor(smallQuotaRoles / 5) + largeQuotaRoles * 5;
    const cluster = initializeCluster({ sorter, agentProfiles: [{ name: "agent", instances: agentCount, resources: AGENT }], frameworkProfiles: profiles }, opts);
    const { allocator, offers } = cluster;
    const roleCount = smallQuotaRoles + largeQuotaRoles;
    opts.log(`Benchmark setup: ${agentCount} agents, ${roleCount} roles, ${roleCount * frameworksPerRole} frameworks, with ${sorter} sorter`);

    allocator.pause();
    for (const role of small) allocator.updateQuota(role, quota(SMALL_QUOTA));
    for (const role of large) allocator.updateQuota(role, quota(LARGE_QUOTA));
    allocator.resume();

    const cycles = twoCycles(allocator, offers, opts);
    return { name: "LargeAndSmallQuota", params, rounds: cycles.rounds, offers: cycles.offers, setup: cluster.setup, extra: { agents: agentCount } };
  },
};
