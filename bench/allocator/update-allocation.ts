// Mesos's `HierarchicalAllocator__BENCHMARK_WithResourceParam.UpdateAllocation`
// (src/tests/hierarchical_allocator_tests.cpp, MESOS-10015): `updateAllocation`
// on one agent holding many unmergeable reservations.
//
//   roles        `role-<36 random letters>`, one framework each
//   agent        per role and reservation: `cpus:100`, `mem:100`, `disk:100` and
//                ports `[2-2,4-4,...]`, each DYNAMIC-reserved to the role with one
//                label `Label=<36 random letters>`, all used by the role's framework
//   timed        20 × (UNRESERVE then RESERVE of the first framework's resources)
//
// Mesos draws the letters from `rand()`; ours come from a seeded stream.
import { Resource } from "../../allocators/resources/resource.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { RandomSource } from "../../common/random-source.ts";
import { agentId, createAllocator, formatDuration, frameworkId, reportOffers, timed } from "./harness.ts";
import type { AllocatorBenchmark, OfferedResources } from "./harness.ts";

export type UpdateAllocationParams = { readonly roles: number; readonly reservationsPerRole: number; readonly portRanges: number };

const REPETITIONS = 20;

export const updateAllocation: AllocatorBenchmark<UpdateAllocationParams> = {
  name: "UpdateAllocation",
  source: "ResourceParam/HierarchicalAllocator__BENCHMARK_WithResourceParam.UpdateAllocation/0..2, src/tests/hierarchical_allocator_tests.cpp",
  grid: {
    quick: [],
    full: [50, 100, 200].map((roles) => ({ roles, reservationsPerRole: 1, portRanges: 1 })),
  },
  small: [{ roles: 5, reservationsPerRole: 2, portRanges: 3 }],
  rows: (r) => [{ row: "total", ms: (r.rounds[0] ?? NaN) + (r.rounds[1] ?? NaN), offers: 0 }],
  run(params, opts) {
    const offers: OfferedResources[] = [];
    const allocator = createAllocator(opts, offers);
    const rng = new RandomSource(opts.seed ?? 1).stream("bench/update-allocation");
    const randString = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + Math.floor(rng() * 26))).join("");
    const roles = Array.from({ length: params.roles }, () => `role-${randString(36)}`);
    const ports = Array.from({ length: params.portRanges }, (_, k) => [2 * (k + 1), 2 * (k + 1)] as [number, number]).flat();
    let agentResources = Resources.EMPTY;
    const used = new Map<string, Resources>();
    roles.forEach((role, i) => {
      const fw = frameworkId(i);
      allocator.addFramework(fw, { roles: [role] }, new Map(), true);
      const items: Resource[] = [];
      for (let k = 0; k < params.reservationsPerRole; k++) {
        for (const name of ["cpus", "mem", "disk", "port"]) {
          const meta = { reservations: [{ type: "DYNAMIC" as const, role, labels: [{ key: "Label", value: randString(36) }] }] };
          items.push(
            name === "port" ? new Resource("ports", "RANGES", { ranges: ports }, meta) : new Resource(name, "SCALAR", { scalar: 100_000 }, meta),
          );
        }
      }
      const reserved = Resources.of(items);
      agentResources = agentResources.plus(reserved);
      used.set(fw, reserved.allocate(role));
    });
    const loopFramework = frameworkId(0);
    const loopRole = roles[0] as string;
    const reserved = (used.get(loopFramework) as Resources).unallocate();
    const unreserve: Operation[] = [{ type: "UNRESERVE", resources: reserved }];
    const reserve: Operation[] = [{ type: "RESERVE", resources: reserved }];
    const agent = agentId(0);
    const setup: Record<string, number> = {};
    setup.addAgent = timed(() => {
      allocator.addAgent(agent, { resources: agentResources }, used);
      allocator.settle();
    });
    reportOffers(opts, "add agent", offers);
    let unreserveMs = 0;
    let reserveMs = 0;
    for (let i = 0; i < REPETITIONS; i++) {
      unreserveMs += timed(() => {
        allocator.updateAllocation(loopFramework, agent, loopRole, unreserve);
        allocator.settle();
      });
      reserveMs += timed(() => {
        allocator.updateAllocation(loopFramework, agent, loopRole, reserve);
        allocator.settle();
      });
    }
    // No offers are made (everything is used): compare what the framework holds instead.
    reportOffers(opts, "allocation after", [{ frameworkId: loopFramework, agentId: agent, role: loopRole, resources: allocator.allocation(loopFramework, agent) }]);
    opts.log(
      `Agent resource object count: ${agentResources.size} (${params.roles} roles, ${params.reservationsPerRole} reservations per role, ${params.portRanges} ranges per port resource)`,
    );
    opts.log(`${REPETITIONS} RESERVE operations took ${formatDuration(reserveMs)}, each takes ${formatDuration(reserveMs / REPETITIONS)}`);
    opts.log(`${REPETITIONS} UNRESERVE operations took ${formatDuration(unreserveMs)}, each takes ${formatDuration(unreserveMs / REPETITIONS)}`);
    return { name: "UpdateAllocation", params, rounds: [reserveMs, unreserveMs], offers: [0, 0], setup, extra: { resourceObjects: agentResources.size } };
  },
};
