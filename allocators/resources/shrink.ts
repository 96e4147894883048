// Chopping resources down to a target (`shrinkResources` in Mesos's
// `src/common/resources_utils.cpp`), used by the quota stages to offer a role
// exactly what its guarantee or limit allows.
//
// Resources are visited in random order (Mesos `random_shuffle`s them) so that no
// reservation or volume is systematically preferred. A scalar is cut down to what
// is left of the target; an indivisible disk (MOUNT, BLOCK, RAW with an id, or a
// persistent volume) goes whole or not at all (`QuotaAllocationGranularityUnchoppableResource`).
import type { Limits, Quantities } from "./quantities.ts";
import type { Resource } from "./resource.ts";
import { Resources } from "./resources.ts";
import { shuffleInPlace } from "../random-stream.ts";
import type { RandomStream } from "../random-stream.ts";

function indivisible(r: Resource): boolean {
  return r.isExclusiveDisk() || r.isPersistentVolume();
}

/**
 * The items to visit, in visit order. Shuffles only when the order can matter:
 * two items compete for one name's target.
 *
 * Mesos shrinks a `RepeatedPtrField<Resource>` copy of the collection, which holds
 * one `Resource` per item whatever its shared count, so a shared resource comes
 * out as a single copy.
 */
function visitOrder(resources: Resources, rng: RandomStream): readonly Resource[] {
  let items = resources.items;
  if (items.some((r) => r.shared && r.sharedCount !== 1)) items = items.map((r) => (r.shared ? r.withSharedCount(1) : r));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if ((items[i] as Resource).nameId === (items[j] as Resource).nameId) return shuffleInPlace(items.slice(), rng);
    }
  }
  return items;
}

/**
 * At most `target` of each name; names absent from `target` are dropped (an
 * empty target gives nothing). Non-scalars must not be named by `target`.
 */
export function shrinkToQuantities(resources: Resources, target: Quantities, rng: RandomStream): Resources {
  if (target.isEmpty() || resources.isEmpty()) return Resources.EMPTY;
  const left = target.clone();
  const kept: Resource[] = [];
  for (const r of visitOrder(resources, rng)) {
    const room = left.get(r.nameId);
    if (room <= 0) continue;
    if (r.type !== "SCALAR") throw new Error(`cannot shrink non-scalar resource ${r.toString()} to a quantity`);
    const k = shrinkOne(r, room);
    if (k === undefined) continue;
    left.addId(r.nameId, -k.scalar);
    kept.push(k);
  }
  return Resources.of(kept);
}

/** Within `limits`; names without a limit are kept whole. */
export function shrinkToLimits(resources: Resources, limits: Limits, rng: RandomStream): Resources {
  if (limits.isUnlimited() || resources.isEmpty()) return resources;
  const left = limits.clone();
  const kept: Resource[] = [];
  for (const r of visitOrder(resources, rng)) {
    const room = left.get(r.nameId);
    if (room === Infinity) {
      kept.push(r);
      continue;
    }
    if (r.type !== "SCALAR") throw new Error(`cannot shrink non-scalar resource ${r.toString()} to a limit`);
    if (room <= 0) continue;
    const k = shrinkOne(r, room);
    if (k === undefined) continue;
    left.set(r.nameId, room - k.scalar);
    kept.push(k);
  }
  return Resources.of(kept);
}

/** `r` cut to at most `room` milli-units, or undefined if it cannot be cut. */
function shrinkOne(r: Resource, room: number): Resource | undefined {
  if (r.scalar <= room) return r;
  if (indivisible(r)) return undefined;
  return r.withValue({ scalar: room });
}
