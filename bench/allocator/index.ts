// The ported allocator benchmarks, one line each, in the order the runner runs them.
import type { AllocatorBenchmark } from "./harness.ts";
import { addAndUpdateAgent } from "./add-and-update-agent.ts";
import { allocatorBacklog } from "./allocator-backlog.ts";
import { allocationCycleBench, declineOffers } from "./decline-offers.ts";
import { extremeSuppressOffers } from "./extreme-suppress-offers.ts";
import { largeAndSmallQuota } from "./large-and-small-quota.ts";
import { multiFrameworkAllocations } from "./multi-framework-allocations.ts";
import { nonQuotaVsQuota } from "./non-quota-vs-quota.ts";
import { persistentVolumes } from "./persistent-volumes.ts";
import { resourceLabels } from "./resource-labels.ts";
import { suppressOffers } from "./suppress-offers.ts";
import { updateAllocation } from "./update-allocation.ts";

type Params = Readonly<Record<string, number | string | boolean>>;

export const ALLOCATOR_BENCHMARKS: ReadonlyArray<AllocatorBenchmark<Params>> = [
  declineOffers,
  allocationCycleBench,
  largeAndSmallQuota,
  suppressOffers,
  extremeSuppressOffers,
  resourceLabels,
  addAndUpdateAgent,
  allocatorBacklog,
  persistentVolumes,
  updateAllocation,
  multiFrameworkAllocations,
  nonQuotaVsQuota,
];

export function allocatorBenchmark(name: string): AllocatorBenchmark<Params> {
  const b = ALLOCATOR_BENCHMARKS.find((x) => x.name === name);
  if (b === undefined) throw new Error(`unknown allocator benchmark '${name}'`);
  return b;
}

/** `agents=1000/frameworks=100`: how an instance is named in output and matched by `--filter`. */
export function paramsLabel(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join("/");
}
