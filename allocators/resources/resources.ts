// Mesos's `Resources`: a collection of `Resource`s in which every pair that can be
// merged has been merged (`src/common/resources.cpp`).
//
// Immutable: every operation returns a new collection. That lets a collection
// cache what is derived from it (its scalar quantities, its emptiness), which the
// allocation loop reads many times per cycle for the same agent.
//
// Order of items is Mesos's: insertion order, except that removing an item moves
// the last one into its place. Equality and containment do not depend on it.
import { addable, difference, resourceContains, subtractable, sum } from "./resource.ts";
import type { Reservation, Resource } from "./resource.ts";
import { Quantities } from "./quantities.ts";
import { isInSubtree, isStrictSubroleOf } from "./role.ts";

/** Bits of `Resources.kinds()`: resources a framework needs a capability to receive. */
export const RESOURCE_KIND = { shared: 1, revocable: 2, refined: 4 } as const;

/** Roles an untagged collection remembers its tagged copies for (see `allocate`). */
const MAX_TAGGINGS = 8;

export class Resources implements Iterable<Resource> {
  static readonly EMPTY = new Resources([]);

  private scalarQ: Quantities | undefined;
  private plainMask_ = -2; // -2: not computed yet
  private hasShared_: boolean | undefined;
  private kinds_ = -1; // -1: not computed yet
  private reserved_ = -1; // -1: not computed yet; else 0 or 1
  /** Cached `quantities()` and `quotaQuantities()`, for the checks made on every offer. */
  private allQ: Quantities | undefined;
  private quotaQ: Quantities | undefined;
  /**
   * Set on a collection made by `allocate(role)` from untagged resources: the
   * untagged original and the role (`untagged_` also caches `unallocate()`). Offers are tagged, then declined or returned
   * and untagged again; remembering the original saves rebuilding it (and the
   * filters that keep it stay small, as they share the agent's own objects).
   */
  private untagged_: Resources | undefined;
  private soleRole_: string | undefined;
  /**
   * The other direction, on an untagged collection: its `allocate(role)` results,
   * most recent first, for up to MAX_TAGGINGS roles. An agent's resources that are
   * offered, declined and offered again (the usual life of an offer, to each
   * framework's role in turn) are tagged once per role, not once per offer.
   */
  private tagged_: Resources[] | undefined;

  /** Items, merged; never empty ones. Treat as read-only. */
  readonly items: readonly Resource[];

  private constructor(items: readonly Resource[]) {
    this.items = items;
  }

  /** Builds a collection, merging what Mesos merges and dropping empty resources. */
  static of(resources: Iterable<Resource>): Resources {
    const items: Resource[] = [];
    for (const r of resources) addInto(items, r);
    return items.length === 0 ? Resources.EMPTY : new Resources(items);
  }

  /** Wraps items already known to be merged (a filter of a merged collection). */
  private static trusted(items: Resource[]): Resources {
    return items.length === 0 ? Resources.EMPTY : new Resources(items);
  }

  [Symbol.iterator](): Iterator<Resource> {
    return this.items[Symbol.iterator]();
  }

  get size(): number {
    return this.items.length;
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }

  plus(other: Resources | Resource): Resources {
    const add = other instanceof Resources ? other.items : [other];
    if (add.length === 0) return this;
    if (this.items.length === 0 && other instanceof Resources) return other;
    const items = this.items.slice();
    for (const r of add) addInto(items, r);
    return Resources.trusted(items);
  }

  /**
   * `this - other`. As in Mesos, subtracting what is not there is silently
   * partial: a scalar going negative is removed, unmatched resources are ignored.
   */
  minus(other: Resources | Resource): Resources {
    // x − x is empty: each item takes out its own copy (merged lists hold no two
    // addable items, and unmergeable twins are removed one for one).
    if (other === this) return Resources.EMPTY;
    const sub = other instanceof Resources ? other.items : [other];
    if (sub.length === 0 || this.items.length === 0) return this;
    const items = this.items.slice();
    for (const r of sub) subtractFrom(items, r);
    return Resources.trusted(items);
  }

  /** Mesos's `Resources::contains(Resources)`. */
  contains(other: Resources | Resource): boolean {
    // A refusal usually holds the very collection offered again (see `allocate`).
    if (other === this) return true;
    const need = other instanceof Resources ? other.items : [other];
    let remaining: Resource[] | undefined;
    for (const r of need) {
      const pool = remaining ?? this.items;
      let found = false;
      for (const have of pool) {
        if (resourceContains(have, r)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
      // Volumes are units: the same volume cannot satisfy two requests.
      if (r.isPersistentVolume()) {
        remaining ??= this.items.slice();
        subtractFrom(remaining, r);
      }
    }
    return true;
  }

  /**
   * Mesos's `Resources::contains(ResourceQuantities)`: metadata ignored; per name,
   * scalar values, range widths and set sizes are summed.
   */
  containsQuantities(q: Quantities): boolean {
    const v = q.v;
    const have = (this.allQ ??= this.quantities()).v;
    for (let id = 0; id < v.length; id++) {
      const need = v[id] as number;
      if (need > 0 && (id < have.length ? (have[id] as number) : 0) < need) return false;
    }
    return true;
  }

  equals(other: Resources): boolean {
    return this === other || (this.contains(other) && other.contains(this));
  }

  filter(predicate: (r: Resource) => boolean): Resources {
    let out: Resource[] | undefined;
    for (let i = 0; i < this.items.length; i++) {
      const r = this.items[i] as Resource;
      if (predicate(r)) {
        out?.push(r);
      } else if (out === undefined) {
        out = this.items.slice(0, i);
      }
    }
    return out === undefined ? this : Resources.trusted(out);
  }

  /** Reserved resources; with `role`, those whose top reservation is `role`. */
  reserved(role?: string): Resources {
    return this.filter((r) => r.isReserved(role));
  }

  unreserved(): Resources {
    return this.filter((r) => r.isUnreserved());
  }

  revocable(): Resources {
    return this.filter((r) => r.revocable);
  }

  nonRevocable(): Resources {
    return this.filter((r) => !r.revocable);
  }

  /** Holds a shared resource. Cached: most collections hold none, and the allocation loop asks on every offer. */
  hasShared(): boolean {
    if (this.hasShared_ === undefined) this.hasShared_ = this.items.some((r) => r.shared);
    return this.hasShared_;
  }

  /** Holds a reserved resource. Cached: unreserved collections pass `allocatableTo` whole. */
  hasReserved(): boolean {
    if (this.reserved_ < 0) this.reserved_ = this.items.some((r) => r.reservations.length > 0) ? 1 : 0;
    return this.reserved_ === 1;
  }

  /**
   * Scalar quantities of the unreserved non-revocable items: what quota
   * guarantees and limits count. Cached; treat as read-only.
   */
  quotaQuantities(): Quantities {
    if (this.quotaQ === undefined) {
      const q = new Quantities();
      for (const r of this.items) if (r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable) q.addId(r.nameId, r.scalar);
      this.quotaQ = q;
    }
    return this.quotaQ;
  }

  /**
   * Which capability-gated kinds it holds, as `RESOURCE_KIND` bits (shared,
   * revocable, refined reservation). Cached: checked for every framework visit.
   */
  kinds(): number {
    if (this.kinds_ < 0) {
      let k = 0;
      for (const r of this.items) {
        if (r.shared) k |= RESOURCE_KIND.shared;
        if (r.revocable) k |= RESOURCE_KIND.revocable;
        if (r.reservations.length > 1) k |= RESOURCE_KIND.refined;
      }
      this.kinds_ = k;
    }
    return this.kinds_;
  }

  shared(): Resources {
    return this.hasShared() ? this.filter((r) => r.shared) : Resources.EMPTY;
  }

  nonShared(): Resources {
    return this.hasShared() ? this.filter((r) => !r.shared) : this;
  }

  persistentVolumes(): Resources {
    return this.filter((r) => r.isPersistentVolume());
  }

  scalars(): Resources {
    return this.filter((r) => r.type === "SCALAR");
  }

  nonScalars(): Resources {
    return this.filter((r) => r.type !== "SCALAR");
  }

  /** Resources named `name`. */
  get(name: string): Resources {
    return this.filter((r) => r.name === name);
  }

  /**
   * Resources `role` may use: unreserved, reserved to `role`, or reserved to an
   * ancestor of `role` (reservations flow down the role tree, never up).
   */
  allocatableTo(role: string): Resources {
    if (!this.hasReserved()) return this;
    return this.filter((r) => {
      if (r.reservations.length === 0) return true;
      const owner = r.reservationRole();
      return owner === role || isStrictSubroleOf(role, owner);
    });
  }

  /** Resources reserved to `role` or to a role below it. */
  reservedToRoleSubtree(role: string): Resources {
    return this.filter((r) => r.reservations.length > 0 && isInSubtree(r.reservationRole(), role));
  }

  /** Resources allocated to `role` or to a role below it. */
  allocatedToRoleSubtree(role: string): Resources {
    return this.filter((r) => r.allocationRole !== undefined && isInSubtree(r.allocationRole, role));
  }

  /** Tags every resource as allocated to `role`. */
  allocate(role: string): Resources {
    const cached = this.tagged_;
    if (cached !== undefined) {
      for (let i = 0; i < cached.length; i++) {
        const t = cached[i] as Resources;
        if (t.soleRole_ === role) return t;
      }
    }
    if (this.items.every((r) => r.allocationRole === role)) return this;
    const tagged = this.items.map((r) => r.withAllocationRole(role));
    if (!this.items.every((r) => r.allocationRole === undefined)) return Resources.of(tagged);
    // Untagged items are already merged, and one tag for all merges nothing more:
    // skip the pairwise merge (offers are tagged on every allocation).
    const out = new Resources(tagged);
    out.untagged_ = this;
    out.soleRole_ = role;
    if (cached === undefined) this.tagged_ = [out];
    else {
      if (cached.length >= MAX_TAGGINGS) cached.pop();
      cached.unshift(out);
    }
    return out;
  }

  /**
   * The one allocation role every item carries, when it was tagged by
   * `allocate(role)` from untagged resources (the allocator's offers); else
   * undefined, and `allocations()` tells. Lets the per-offer paths skip building
   * the `allocations()` map.
   */
  soleRole(): string | undefined {
    return this.soleRole_;
  }

  unallocate(): Resources {
    if (this.untagged_ !== undefined) return this.untagged_;
    if (this.items.every((r) => r.allocationRole === undefined)) return this;
    // Kept: a task's resources are untagged at every check and return.
    this.untagged_ = Resources.of(this.items.map((r) => r.withAllocationRole(undefined)));
    return this.untagged_;
  }

  /** Groups by allocation role (untagged resources under `undefined`), roles in first-seen order. */
  allocations(): Map<string | undefined, Resources> {
    if (this.soleRole_ !== undefined) return new Map([[this.soleRole_, this]]);
    const groups = new Map<string | undefined, Resource[]>();
    for (const r of this.items) {
      let g = groups.get(r.allocationRole);
      if (g === undefined) groups.set(r.allocationRole, (g = []));
      g.push(r);
    }
    const out = new Map<string | undefined, Resources>();
    for (const [role, items] of groups) out.set(role, Resources.trusted(items));
    return out;
  }

  pushReservation(reservation: Reservation): Resources {
    return Resources.of(this.items.map((r) => r.withMeta({ reservations: [...r.reservations, reservation] })));
  }

  popReservation(): Resources {
    return Resources.of(
      this.items.map((r) => {
        if (r.reservations.length === 0) throw new Error(`cannot pop the reservation of unreserved ${r.toString()}`);
        return r.withMeta({ reservations: r.reservations.slice(0, -1) });
      }),
    );
  }

  toUnreserved(): Resources {
    if (this.items.every((r) => r.reservations.length === 0)) return this;
    return Resources.of(this.items.map((r) => (r.reservations.length === 0 ? r : r.withMeta({ reservations: [] }))));
  }

  /**
   * Scalar quantities by name, metadata ignored (Mesos's
   * `ResourceQuantities::fromScalarResources`). Cached: do not mutate the result.
   */
  scalarQuantities(): Quantities {
    if (this.scalarQ === undefined) {
      const q = new Quantities();
      for (const r of this.items) if (r.type === "SCALAR") q.addId(r.nameId, r.scalar);
      this.scalarQ = q;
    }
    return this.scalarQ;
  }

  /**
   * If every item is a plain resource — an unreserved, non-revocable, non-shared
   * scalar without disk info or provider — a bitmask of their name ids (all
   * below 31); else -1. Plain items never share a name (they would have merged),
   * so the allocation loop can reason about them name by name. Cached.
   */
  plainMask(): number {
    if (this.plainMask_ === -2) {
      let mask = 0;
      for (const r of this.items) {
        const plain =
          r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable && !r.shared && r.disk === undefined && r.providerId === undefined;
        if (!plain || r.nameId >= 31) {
          mask = -1;
          break;
        }
        mask |= 1 << r.nameId;
      }
      this.plainMask_ = mask;
    }
    return this.plainMask_;
  }

  /** Quantities of every resource: scalars, range widths and set sizes (×1000). */
  quantities(): Quantities {
    const q = new Quantities();
    for (const r of this.items) q.addId(r.nameId, r.quantity());
    return q;
  }

  /** Sum of the scalar `name`, in Mesos units (not milli). */
  scalar(name: string): number {
    let m = 0;
    for (const r of this.items) if (r.name === name && r.type === "SCALAR") m += r.scalar;
    return m / 1000;
  }

  /** Copies of `resource` here: its shared count, 1 for a non-shared match, else 0. */
  count(resource: Resource): number {
    for (const r of this.items) if (r.equals(resource)) return r.shared ? r.sharedCount : 1;
    return 0;
  }

  toString(): string {
    return this.items.length === 0 ? "{}" : this.items.map((r) => r.toString()).join("; ");
  }
}

/** Adds `r` into a merged list (Mesos's `Resources::add`). */
function addInto(items: Resource[], r: Resource): void {
  if (r.isEmpty()) return;
  for (let i = 0; i < items.length; i++) {
    const have = items[i] as Resource;
    if (addable(have, r)) {
      items[i] = sum(have, r);
      return;
    }
  }
  items.push(r);
}

/** Subtracts `r` from a merged list (Mesos's `Resources::subtract`). */
function subtractFrom(items: Resource[], r: Resource): void {
  if (r.isEmpty()) return;
  for (let i = 0; i < items.length; i++) {
    const have = items[i] as Resource;
    if (subtractable(have, r)) {
      const left = difference(have, r);
      // Negative (over-subtracted) or empty results disappear, as in Mesos, which
      // moves the last item into the hole (swap and pop) rather than shifting the
      // rest: the order of what is left (printing, shrink's visit order) matches.
      const negative = (left.shared && left.sharedCount < 0) || (left.type === "SCALAR" && left.scalar < 0);
      if (negative || left.isEmpty()) {
        const last = items.pop() as Resource;
        if (i < items.length) items[i] = last;
      } else {
        items[i] = left;
      }
      return;
    }
  }
}
