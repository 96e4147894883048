// The offer operations that transform resources in place, as the allocator
// applies them (`getResourceConversions` in `src/common/resources_utils.cpp`):
//
//   RESERVE    `resources` as they will be once reserved; consumes them with the
//              top reservation popped, produces them as given.
//   UNRESERVE  reserved `resources`; each is replaced by itself with its top
//              reservation popped (one level at a time).
//   CREATE     persistent volumes; consumes the plain disk they are made of.
//   DESTROY    persistent volumes; gives the plain disk back. Fails if copies of a
//              shared volume would remain.
//
// An operation fails only when what it consumes is not there; validation that
// Mesos's master performs before the allocator sees an operation is not repeated.
import type { Resource } from "./resource.ts";
import { Resources } from "./resources.ts";

export type OperationType = "RESERVE" | "UNRESERVE" | "CREATE" | "DESTROY";
export const OPERATION_TYPES: readonly OperationType[] = ["RESERVE", "UNRESERVE", "CREATE", "DESTROY"];

export interface Operation {
  readonly type: OperationType;
  readonly resources: Resources;
}

export interface Conversion {
  readonly consumed: Resources;
  readonly converted: Resources;
  /** Checked on the result; returns an error message to fail the operation. */
  readonly check?: (result: Resources) => string | undefined;
}

export class OperationError extends Error {
  override readonly name = "OperationError";
}

/** A volume's underlying plain disk: persistence and volume removed, source kept, not shared. */
function stripVolume(r: Resource): Resource {
  const source = r.disk?.source;
  return r.withMeta({ disk: source === undefined ? undefined : { source }, shared: false }).withSharedCount(1);
}

export function conversionsOf(op: Operation): Conversion[] {
  switch (op.type) {
    case "RESERVE": {
      for (const r of op.resources) {
        if (r.reservations.length === 0) throw new OperationError(`RESERVE: ${r.toString()} carries no reservation to add`);
      }
      return [{ consumed: op.resources.popReservation(), converted: op.resources }];
    }
    case "UNRESERVE":
      return op.resources.items.map((r) => {
        // Only "not reserved" is checked: that a STATIC reservation cannot be
        // unreserved is the master's validation, which the allocator trusts.
        if (r.reservations.length === 0) throw new OperationError(`UNRESERVE: ${r.toString()} is not reserved`);
        const one = Resources.of([r]);
        return { consumed: one, converted: one.popReservation() };
      });
    case "CREATE":
      return op.resources.items.map((v) => {
        if (!v.isPersistentVolume()) throw new OperationError(`CREATE: ${v.toString()} is not a persistent volume`);
        return { consumed: Resources.of([stripVolume(v)]), converted: Resources.of([v.withSharedCount(1)]) };
      });
    case "DESTROY":
      return op.resources.items.map((v) => {
        if (!v.isPersistentVolume()) throw new OperationError(`DESTROY: ${v.toString()} is not a persistent volume`);
        const one = Resources.of([v.withSharedCount(1)]);
        return {
          consumed: one,
          converted: Resources.of([stripVolume(v)]),
          check: (result: Resources) =>
            result.contains(one) ? `DESTROY: persistent volume ${v.toString()} cannot be removed while shared copies remain` : undefined,
        };
      });
  }
}

/** Applies conversions in order (Mesos's `ResourceConversion::apply`). */
export function applyConversions(resources: Resources, conversions: readonly Conversion[]): Resources {
  let result = resources;
  for (const c of conversions) {
    if (!result.contains(c.consumed)) {
      throw new OperationError(`${result.toString()} does not contain ${c.consumed.toString()}`);
    }
    result = result.minus(c.consumed).plus(c.converted);
    const err = c.check?.(result);
    if (err !== undefined) throw new OperationError(err);
  }
  return result;
}

export function applyOperation(resources: Resources, op: Operation): Resources {
  return applyConversions(resources, conversionsOf(op));
}

export function applyOperations(resources: Resources, ops: readonly Operation[]): Resources {
  let r = resources;
  for (const op of ops) r = applyOperation(r, op);
  return r;
}
