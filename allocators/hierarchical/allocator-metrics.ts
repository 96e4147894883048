// The allocator metrics users read, as Mesos's allocator publishes them
// (`allocator/mesos/...` in src/master/allocator/mesos/metrics.cpp): dominant
// shares per role and per framework, active offer filters per role, quota
// guarantee, limit, offered-or-allocated and consumed, totals, and runs.
import type { AgentState } from "./agent-state.ts";
import type { AllocationTracker } from "./allocation-tracker.ts";
import type { AllocatorMetrics } from "../allocator.ts";
import type { FrameworkState } from "./framework-state.ts";
import { Quantities } from "../resources/quantities.ts";
import type { Limits } from "../resources/quantities.ts";

export function collectMetrics(
tracker: AllocationTracker,
frameworks: Iterable<FrameworkState>,
agents: Iterable<AgentState>,
allocationRuns: number,
): AllocatorMetrics {
  const roleShares = new Map<string, number>();
  const frameworkShares = new Map<string, Map<string, number>>();
  const offerFilters = new Map<string, number>();
  for (const [role, { sorter }] of [...tracker.roles].sort(byKey)) {
    roleShares.set(role, tracker.roleSorter.share(role));
    for (const fw of tracker.roleTree.get(role)?.frameworks ?? []) {
      let m = frameworkShares.get(fw.id);
      if (m === undefined) frameworkShares.set(fw.id, (m = new Map()));
      m.set(role, sorter.share(fw.id));
    }
  }
  for (const fw of frameworks) {
    for (const [role, set] of fw.offerFilters) offerFilters.set(role, (offerFilters.get(role) ?? 0) + set.size);
  }
  const quota = new Map<string, { guarantee: Quantities; limit: Limits; offeredOrAllocated: Quantities; consumed: Quantities }>();
  for (const node of tracker.roleTree.all()) {
    if (!node.hasQuota) continue;
    quota.set(node.path, {
      guarantee: node.quota.guarantees.clone(),
      limit: node.quota.limits.clone(),
      offeredOrAllocated: tracker.roleSorter.contains(node.path) ? tracker.roleSorter.allocation(node.path).clone() : new Quantities(),
      consumed: node.quotaConsumed(),
    });
  }
  const offeredOrAllocated = new Quantities();
  for (const a of agents) offeredOrAllocated.add(a.taken.scalarQuantities());
  return {
    allocationRuns: allocationRuns,
    roleShares,
    frameworkShares,
    offerFilters,
    quota,
    total: tracker.totalScalarQuantities.clone(),
    offeredOrAllocated,
  };
}

function byKey<V>(a: [string, V], b: [string, V]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
