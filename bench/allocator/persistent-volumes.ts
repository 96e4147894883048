// Mesos's `HierarchicalAllocations_BENCHMARK_Test.PersistentVolumes`
// (src/tests/hierarchical_allocator_tests.cpp): allocation with persistent
// volumes, regular, shared, or half and half.
//
//   frameworks  role `test`; SHARED_RESOURCES unless REGULAR
//   agents      `cpus(test):24;mem(test):4096;disk(test):3072;ports(test):[31000-32000]`
//               plus a 1024 MB volume `id<i>` (shared if SHARED, or MIXED and i even),
//               each added with `cpus(test):16;mem(test):1024;disk(test):1024` + 16
//               ports(test) used by framework i % M — tagged with allocation role
//               `*`, not `test`, as Mesos's benchmark does
//   rounds      6: recover every offer without a filter, time one cycle
import { Resource } from "../../allocators/resources/resource.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import {
  AGENT_COUNTS,
  FRAMEWORK_COUNTS,
  agentId,
  allocationCycle,
  createAllocator,
  formatDuration,
  fragmentRanges,
  frameworkId,
  reportOffers,
  roundCount,
  timed,
} from "./harness.ts";
import type { AllocatorBenchmark, OfferedResources } from "./harness.ts";

export type Sharedness = "Regular" | "Shared" | "Mixed";
export type PersistentVolumesParams = { readonly agents: number; readonly frameworks: number; readonly sharedness: Sharedness };

const SHAREDNESS: readonly Sharedness[] = ["Regular", "Shared", "Mixed"];

function volume(i: number, shared: boolean): Resource {
  return new Resource(
    "disk",
    "SCALAR",
    { scalar: 1024 * 1000 },
    {
      reservations: [{ type: "STATIC", role: "test" }],
      disk: { persistence: { id: `id${i}` }, volume: { containerPath: `path${i}`, mode: "RW" } },
      shared,
    },
  );
}

export const persistentVolumes: AllocatorBenchmark<PersistentVolumesParams> = {
  name: "PersistentVolumes",
  source: "AllResources/HierarchicalAllocations_BENCHMARK_Test.PersistentVolumes/0..143, src/tests/hierarchical_allocator_tests.cpp",
  grid: {
    quick: [],
    full: AGENT_COUNTS.flatMap((agents) => FRAMEWORK_COUNTS.flatMap((frameworks) => SHAREDNESS.map((sharedness) => ({ agents, frameworks, sharedness })))),
  },
  small: SHAREDNESS.map((sharedness) => ({ agents: 12, frameworks: 4, sharedness })),
  run(params, opts) {
    const { agents: agentCount, frameworks: frameworkCount, sharedness } = params;
    const offers: OfferedResources[] = [];
    const allocator = createAllocator(opts, offers);
    opts.log(`Using ${agentCount} agents and ${frameworkCount} frameworks with resource sharedness ${sharedness}`);
    const base = parseResources("cpus(test):24;mem(test):4096;disk(test):3072;ports(test):[31000-32000]");
    const agentResources = Array.from({ length: agentCount }, (_, i) =>
      base.plus(volume(i, sharedness === "Shared" || (sharedness === "Mixed" && i % 2 === 0))),
    );
    const setup: Record<string, number> = {};
    setup.addFrameworks = timed(() => {
      for (let i = 0; i < frameworkCount; i++) {
        allocator.addFramework(frameworkId(i), { roles: ["test"], ...(sharedness === "Regular" ? {} : { capabilities: ["SHARED_RESOURCES"] }) }, new Map(), true);
      }
      allocator.settle();
    });
    opts.log(`Added ${frameworkCount} frameworks in ${formatDuration(setup.addFrameworks)}`);
    const allocation: Resources = parseResources(`cpus(test):16;mem(test):1024;disk(test):1024;ports(test):${fragmentRanges(31000, 32000, 16)}`).allocate("*");
    setup.addAgents = timed(() => {
      for (let i = 0; i < agentCount; i++) {
        allocator.addAgent(agentId(i), { resources: agentResources[i] as Resources }, new Map([[frameworkId(i % frameworkCount), allocation]]));
      }
      allocator.settle();
    });
    opts.log(`Added ${agentCount} agents in ${formatDuration(setup.addAgents)}`);
    reportOffers(opts, "add agents", offers);
    const rounds: number[] = [];
    const made: number[] = [];
    const n = roundCount(6, opts);
    for (let i = 0; i < n; i++) {
      for (const o of offers) allocator.recoverResources(o.frameworkId, o.agentId, o.resources, undefined);
      allocator.settle();
      offers.length = 0;
      const ms = allocationCycle(allocator);
      rounds.push(ms);
      made.push(offers.length);
      reportOffers(opts, `round ${i}`, offers);
      opts.log(`round ${i} allocate() took ${formatDuration(ms)} to make ${offers.length} offers`);
    }
    return { name: "PersistentVolumes", params, rounds, offers: made, setup };
  },
};
