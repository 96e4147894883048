// The ported allocator benchmarks, one line each, in the order the runner runs them.
import type { AllocatorBenchmark } from "./harness.ts";
import { allocationCycleBench, declineOffers } from "./decline-offers.ts";
import { largeAndSmallQuota } from "./large-and-small-quota.ts";

type Params = Readonly<Record<string, number | string | boolean>>;

export const ALLOCATOR_BENCHMARKS: ReadonlyArray<AllocatorBenchmark<Params>> = [declineOffers, allocationCycleBench, largeAndSmallQuota];

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
