// The role tree (Mesos's `RoleTree` in hierarchical.cpp): one node per role path
// that matters, holding weight, quota and the scalar bookkeeping that quota
// enforcement reads. Every figure on a node covers its whole subtree: sub-role
// reservations and allocations count toward the parent (MESOS-9688).
//
// A node exists while it has a non-default weight or quota, a tracked framework,
// reservations, or a child; empty nodes are pruned bottom-up (`tryRemove`).
import { Limits, Quantities } from "../resources/quantities.ts";
import type { Quota } from "../allocator.ts";
import { Resources } from "../resources/resources.ts";
import type { Resource } from "../resources/resource.ts";

export const DEFAULT_WEIGHT = 1;

export function defaultQuota(): Quota {
  return { guarantees: new Quantities(), limits: Limits.unlimited() };
}

export function isDefaultQuota(q: Quota): boolean {
  return q.guarantees.isEmpty() && q.limits.isUnlimited();
}

export class RoleNode<F> {
  readonly children = new Map<string, RoleNode<F>>();
  weight = DEFAULT_WEIGHT;
  quota: Quota = defaultQuota();
  hasQuota = false;
  /** Frameworks subscribed to this role or still holding resources in it. */
  readonly frameworks = new Set<F>();
  /** Scalar quantities of all reservations (allocated or not) to this subtree. */
  readonly reservations = new Quantities();
  readonly offeredOrAllocatedReserved = new Quantities();
  readonly offeredOrAllocatedUnreservedNonRevocable = new Quantities();
  /** Used by tasks (transitionOfferedToAllocated), for the consumed metric. */
  readonly allocatedUnreservedNonRevocable = new Quantities();
  /** Shared volumes held in this subtree, per agent: a volume counts once per agent. */
  readonly shared = new Map<string, Resources>();

  constructor(
    readonly path: string,
    readonly parent: RoleNode<F> | undefined,
  ) {}

  get basename(): string {
    const i = this.path.lastIndexOf("/");
    return i < 0 ? this.path : this.path.slice(i + 1);
  }

  /** What quota limits are enforced against: offered or allocated, plus reservations. */
  quotaOfferedOrConsumed(): Quantities {
    return this.offeredOrAllocatedUnreservedNonRevocable.clone().add(this.reservations);
  }

  /** The consumed metric: used by tasks, plus reservations (offers are not charged). */
  quotaConsumed(): Quantities {
    return this.allocatedUnreservedNonRevocable.clone().add(this.reservations);
  }

  isEmpty(): boolean {
    return (
      this.children.size === 0 &&
      this.frameworks.size === 0 &&
      this.reservations.isEmpty() &&
      !this.hasQuota &&
      this.weight === DEFAULT_WEIGHT
    );
  }
}

export class RoleTree<F> {
  readonly root = new RoleNode<F>("", undefined);
  private readonly nodes = new Map<string, RoleNode<F>>();

  get(path: string): RoleNode<F> | undefined {
    return this.nodes.get(path);
  }

  /** The node for `path`, created with its ancestors if missing. */
  ensure(path: string): RoleNode<F> {
    const found = this.nodes.get(path);
    if (found !== undefined) return found;
    let current = this.root;
    for (const token of path.split("/")) {
      let child = current.children.get(token);
      if (child === undefined) {
        const childPath = current === this.root ? token : `${current.path}/${token}`;
        child = new RoleNode<F>(childPath, current);
        current.children.set(token, child);
        this.nodes.set(childPath, child);
      }
      current = child;
    }
    return current;
  }

  /** Removes `path` and then its ancestors while they are empty. */
  tryRemove(path: string): boolean {
    let current = this.nodes.get(path);
    if (current === undefined || !current.isEmpty()) return false;
    while (current !== undefined && current !== this.root && current.isEmpty()) {
      const parent = current.parent as RoleNode<F>;
      parent.children.delete(current.basename);
      this.nodes.delete(current.path);
      current = parent;
    }
    return true;
  }

  /** Top-level roles, in path order (deterministic iteration). */
  topLevel(): RoleNode<F>[] {
    return [...this.root.children.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Every node, in path order. */
  all(): RoleNode<F>[] {
    return [...this.nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  trackReservations(reserved: Resources): void {
    for (const r of reserved) {
      if (r.type !== "SCALAR" || r.reservations.length === 0) continue;
      for (let n: RoleNode<F> | undefined = this.ensure(r.reservationRole()); n !== undefined; n = n.parent) {
        n.reservations.addId(r.nameId, r.scalar);
      }
    }
  }

  untrackReservations(reserved: Resources): void {
    const touched: string[] = [];
    for (const r of reserved) {
      if (r.type !== "SCALAR" || r.reservations.length === 0) continue;
      const role = r.reservationRole();
      for (let n: RoleNode<F> | undefined = this.nodes.get(role); n !== undefined; n = n.parent) {
        n.reservations.addId(r.nameId, -r.scalar);
      }
      touched.push(role);
    }
    for (const role of touched) this.tryRemove(role);
  }

  /**
   * Tracks resources offered or allocated to `role` on `agentId` (scalars only):
   * reserved ones and unreserved non-revocable ones, on the role and ancestors.
   */
  trackOfferedOrAllocated(role: string, agentId: string, resources: Resources, sign: 1 | -1): void {
    const node = this.nodes.get(role);
    if (node === undefined) throw new Error(`role '${role}' is not tracked`);
    if (!resources.hasShared()) {
      // The usual offer: its unreserved non-revocable scalars as one cached vector
      // (a clamped vector subtraction equals the per-item clamped ones).
      const q = resources.quotaQuantities();
      for (let n: RoleNode<F> | undefined = node; n !== undefined; n = n.parent) {
        if (sign > 0) n.offeredOrAllocatedUnreservedNonRevocable.add(q);
        else n.offeredOrAllocatedUnreservedNonRevocable.subtract(q);
      }
      if (!resources.hasReserved()) return;
    }
    for (const r of resources) {
      if (r.type !== "SCALAR") continue;
      if (r.reservations.length === 0 && !resources.hasShared()) continue; // counted above
      const target = r.reservations.length > 0 ? "offeredOrAllocatedReserved" : r.revocable ? undefined : "offeredOrAllocatedUnreservedNonRevocable";
      if (target === undefined) continue;
      for (let n: RoleNode<F> | undefined = node; n !== undefined; n = n.parent) {
        const amount = r.shared ? sharedDelta(n, agentId, r, sign) : r.scalar;
        if (amount !== 0) n[target].addId(r.nameId, sign * amount);
      }
    }
  }

  /** Tracks resources used by tasks (quota consumed metric). */
  trackAllocated(role: string, resources: Resources, sign: 1 | -1): void {
    const node = this.nodes.get(role);
    if (node === undefined) return;
    for (const r of resources) {
      if (r.type !== "SCALAR" || r.reservations.length > 0 || r.revocable) continue;
      for (let n: RoleNode<F> | undefined = node; n !== undefined; n = n.parent) {
        n.allocatedUnreservedNonRevocable.addId(r.nameId, sign * r.scalar);
      }
    }
  }
}

/**
 * How much a shared volume changes `node`'s sums: its size when its first copy
 * arrives on the agent or its last copy leaves, else nothing (a shared volume
 * counts once per agent however many copies are offered or used).
 */
function sharedDelta<F>(node: RoleNode<F>, agentId: string, r: Resource, sign: 1 | -1): number {
  const held = node.shared.get(agentId) ?? Resources.EMPTY;
  const before = held.count(r);
  const next = sign > 0 ? held.plus(r) : held.minus(r);
  const after = next.count(r);
  if (next.isEmpty()) node.shared.delete(agentId);
  else node.shared.set(agentId, next);
  return (before === 0) !== (after === 0) ? r.scalar : 0;
}
