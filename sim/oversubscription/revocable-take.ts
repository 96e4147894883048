// What a task takes out of an offer that holds revocable resources. A scheduler
// chooses, task by task, whether a task runs on revocable resources (Mesos puts
// them in a TaskInfo only if the framework does: apache/mesos docs/oversubscription.md), and a
// task that holds any revocable resource is a revocable one, which the QoS
// controller may kill. So a task that may not run on them takes only
// non-revocable resources, and one that may takes revocable ones first, topped up
// with non-revocable ones if they do not cover its request.
//
// Offers without revocable resources (every offer of a run without
// oversubscription) are taken from exactly as before: one `shrinkToQuantities`
// over the whole offer, with the same draws.

import type { Quantities } from "../../allocators/resources/quantities.ts";
import { RESOURCE_KIND, type Resources } from "../../allocators/resources/resources.ts";
import { shrinkToQuantities } from "../../allocators/resources/shrink.ts";
import type { RandomStream } from "../../allocators/random-stream.ts";

function hasRevocable(r: Resources): boolean {
  return (r.kinds() & RESOURCE_KIND.revocable) !== 0;
}

/** The part of `remainder` a task may use: all of it, or its non-revocable part when `revocable` is false. */
export function usableFor(remainder: Resources, revocable: boolean): Resources {
  return revocable || !hasRevocable(remainder) ? remainder : remainder.nonRevocable();
}

/**
 * What a task requesting `request` takes of `remainder` (which must cover it, see
 * `usableFor`): with `revocable`, revocable resources first, then non-revocable
 * ones for what they leave; without, non-revocable ones only.
 */
export function takeFor(remainder: Resources, request: Quantities, revocable: boolean, rng: RandomStream): Resources {
  if (!hasRevocable(remainder)) return shrinkToQuantities(remainder, request, rng);
  if (!revocable) return shrinkToQuantities(remainder.nonRevocable(), request, rng);
  const lent = shrinkToQuantities(remainder.revocable(), request, rng);
  const rest = request.clone().subtract(lent.scalarQuantities());
  return rest.isEmpty() ? lent : lent.plus(shrinkToQuantities(remainder.nonRevocable(), rest, rng));
}
