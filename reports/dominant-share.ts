// A role's (or framework's) dominant share as Mesos's DRF sorter counts it
// (`src/master/allocator/mesos/sorter/drf/sorter.cpp`, `Node::calculateShare`):
// the largest fraction `held_j / total_j` over the resources the cluster has
// (`total_j > 0`), leaving out `--fair_sharing_excluded_resource_names`, where
// `held` is what is allocated plus what is offered. The weighted share divides
// that by the weight afterwards, in that order (DRFSorterTest.ChangeWeightOnSubtree).

/**
 * max over j with `counted[j]` and `total[j] > 0` of `held[j] / total[j]`; 0 when
 * nothing counts. `held` and `total` in the same units (thousandths here).
 */
export function dominantShare(held: Float64Array, total: Float64Array, counted: readonly boolean[]): number {
  let share = 0;
  for (let j = 0; j < total.length; j++) {
    const t = total[j] as number;
    if (!counted[j] || t <= 0) continue;
    const s = (held[j] as number) / t;
    if (s > share) share = s;
  }
  return share;
}
