// Mesos's `BENCHMARK_HierarchicalAllocator_WithNonQuotaVsQuotaParam.NonQuotaVsQuota`
// (src/tests/hierarchical_allocator_benchmarks.cpp): the cost of quota when it
// changes nothing. Quota is a whole number of agents (`cpus:2n;mem:2048n;disk:2048n`
// for n agents per role), so both variants make the same whole-agent offers.
//
//   agents   `cpus:2;mem:2048;disk:2048`, roles × agentsPerRole of them
//   timed    one cycle that offers everything, then one with nothing to offer
import type { SorterKind } from "../../allocators/allocator.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { initializeCluster, twoCycles } from "./benchmark-base.ts";
import type { FrameworkProfile } from "./benchmark-base.ts";
import type { AllocatorBenchmark } from "./harness.ts";

export type NonQuotaVsQuotaParams = {
  readonly sorter: SorterKind;
  readonly roles: number;
  readonly agentsPerRole: number;
  readonly frameworksPerRole: number;
  readonly quota: boolean;
};

const PARAMS: ReadonlyArray<readonly [number, number, number, boolean]> = [
  [10, 2, 2, false],
  [10, 2, 2, true],
  [100, 2, 2, false],
  [100, 2, 2, true],
  [1000, 2, 2, false],
  [1000, 2, 2, true],
];

export const nonQuotaVsQuota: AllocatorBenchmark<NonQuotaVsQuotaParams> = {
  name: "NonQuotaVsQuota",
  source: "NonQuotaVsQuotaParam/BENCHMARK_HierarchicalAllocator_WithNonQuotaVsQuotaParam.NonQuotaVsQuota/0..11, src/tests/hierarchical_allocator_benchmarks.cpp",
  grid: {
    quick: [],
    full: (["drf", "random"] as const).flatMap((sorter) =>
      PARAMS.map(([roles, agentsPerRole, frameworksPerRole, quota]) => ({ sorter, roles, agentsPerRole, frameworksPerRole, quota })),
    ),
  },
  small: [
    { sorter: "drf", roles: 6, agentsPerRole: 2, frameworksPerRole: 2, quota: false },
    { sorter: "drf", roles: 6, agentsPerRole: 2, frameworksPerRole: 2, quota: true },
  ],
  rows: (r) => [
    { row: "cycle 1", ms: r.rounds[0] ?? NaN, offers: r.offers[0] ?? 0 },
    { row: "cycle 2", ms: r.rounds[1] ?? NaN, offers: r.offers[1] ?? 0 },
  ],
  run(params, opts) {
    const { sorter, roles: roleCount, agentsPerRole, frameworksPerRole } = params;
    const roles: string[] = [];
    const profiles: FrameworkProfile[] = [];
    for (let i = 0; i < roleCount; i++) {
      roles.push(`role${i}`);
      profiles.push({ name: `framework_${i}`, roles: [`role${i}`], instances: frameworksPerRole });
    }
    const agentCount = roleCount * agentsPerRole;
    const cluster = initializeCluster(
      { sorter, agentProfiles: [{ name: "agent", instances: agentCount, resources: "cpus:2;mem:2048;disk:2048" }], frameworkProfiles: profiles },
      opts,
    );
    const { allocator, offers } = cluster;
    if (params.quota) {
      const text = `cpus:${2 * agentsPerRole};mem:${2048 * agentsPerRole};disk:${2048 * agentsPerRole}`;
      allocator.pause();
      for (const role of roles) allocator.updateQuota(role, { guarantees: Quantities.parse(text), limits: Limits.parse(text) });
      allocator.resume();
    }
    opts.log(
      `${params.quota ? "Quota" : "Nonquota"} run setup: ${agentCount} agents, ${roleCount} roles, ${roleCount * frameworksPerRole} frameworks, with ${sorter} sorter`,
    );
    const cycles = twoCycles(allocator, offers, opts);
    return { name: "NonQuotaVsQuota", params, rounds: cycles.rounds, offers: cycles.offers, setup: cluster.setup, extra: { agents: agentCount } };
  },
};
