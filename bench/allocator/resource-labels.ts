// Mesos's `HierarchicalAllocator_BENCHMARK_Test.ResourceLabels`
// (src/tests/hierarchical_allocator_tests.cpp): DeclineOffers with used
// resources that carry labeled dynamic reservations unique to each agent, so
// that nothing merges across agents and label comparison is on the hot path.
//
//   frameworks  role `role1`
//   used        `mem:2014;disk:1024` + 16 ports, plus two `cpus:8` reserved
//               (DYNAMIC, role1, principal1) with 12-label sets, all allocated to role1
//
// Ported as written, including its slip: Mesos adds both unique labels to
// `labels1` (13 labels) and none to `labels2` (11 labels, the same on every agent).
import { Resource } from "../../allocators/resources/resource.ts";
import type { Label } from "../../allocators/resources/resource.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { declineRounds } from "./decline-offers.ts";
import type { DeclineOffersParams } from "./decline-offers.ts";
import { AGENT_COUNTS, FRAMEWORK_COUNTS, INT_MAX, agentsByFrameworks, fragmentRanges } from "./harness.ts";
import type { AllocatorBenchmark } from "./harness.ts";

/** Mesos's `createLabels(key, value, count)`: `{key0: value0}, ..., {key<count-1>: value<count-1>}`. */
function createLabels(key: string, value: string, count: number): Label[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${key}${i}`, value: `${value}${i}` }));
}

function reservedCpus(labels: readonly Label[]): Resource {
  return new Resource("cpus", "SCALAR", { scalar: 8000 }, { reservations: [{ type: "DYNAMIC", role: "role1", principal: "principal1", labels }] });
}

export const resourceLabels: AllocatorBenchmark<DeclineOffersParams> = {
  name: "ResourceLabels",
  source: "SlaveAndFrameworkCount/HierarchicalAllocator_BENCHMARK_Test.ResourceLabels/0..47, src/tests/hierarchical_allocator_tests.cpp",
  grid: { quick: [], full: agentsByFrameworks(AGENT_COUNTS, FRAMEWORK_COUNTS) },
  small: [{ agents: 20, frameworks: 5 }],
  run(params, opts) {
    const base = parseResources(`mem:2014;disk:1024;ports:${fragmentRanges(31000, 32000, 16)}`);
    return declineRounds("ResourceLabels", params, opts, INT_MAX, 2 * params.frameworks, {
      role: "role1",
      used: (i) => {
        const labels1 = [...createLabels("key", "value", 11), { key: "unique_key_1", value: `value_${i}` }, { key: "unique_key_2", value: `value_${i}` }];
        const labels2 = createLabels("key", "value", 11);
        return base.plus(Resources.of([reservedCpus(labels1), reservedCpus(labels2)])).allocate("role1");
      },
    });
  },
};
