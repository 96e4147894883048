// The fairness policy, kept apart from the allocation mechanism as in Mesos
// (`src/master/allocator/sorter/sorter.hpp`). The allocator keeps one role sorter
// and one framework sorter per role; both see the same cluster total.
//
// Clients are `/`-separated paths (roles, or framework ids). Each client carries a
// payload `T` chosen by the caller (the allocator passes its own role/framework
// object so that `sort()` needs no lookups on the hot path; tests pass the path).
//
// Quantities are scalar `Quantities` (milli-units by interned name id). Unlike
// Mesos's sorter, ours does not keep per-agent allocations: the allocator already
// tracks them, and a sorter only needs per-client sums and the cluster total.
// Callers therefore count a shared resource once per client per agent themselves.
import type { Quantities } from "../resources/quantities.ts";

export interface Sorter<T> {
  /** Adds a client, inactive (Mesos's `add`). Throws if `path` exists or is invalid. */
  add(path: string, client: T): void;
  /** Removes a client and its allocation. No-op semantics are not allowed: throws if unknown. */
  remove(path: string): void;
  /** No-op if already active. */
  activate(path: string): void;
  /** No-op if already inactive. The client keeps its allocation but is not sorted. */
  deactivate(path: string): void;
  /** Sets the weight of the node at `path` (which may be an internal node, or not exist yet). */
  updateWeight(path: string, weight: number): void;

  /** Records an allocation to `path` (adds to its and its ancestors' sums and counts). */
  allocated(path: string, quantities: Quantities): void;
  /** Reverses part of an allocation (sums only; counts are never decremented). */
  unallocated(path: string, quantities: Quantities): void;
  /**
   * Replaces `removed` by `added` in an allocation without counting an
   * allocation (Mesos's `Sorter::update`, used when offer operations convert
   * offered resources).
   */
  update(path: string, removed: Quantities, added: Quantities): void;

  /** Adds to the cluster total that shares are measured against. */
  addTotal(quantities: Quantities): void;
  /** Removes from the cluster total. */
  removeTotal(quantities: Quantities): void;

  /**
   * Active clients in order. The returned array belongs to the sorter and stays
   * valid (and unchanged) until the next mutating call; callers must not modify it.
   */
  sort(): readonly T[];

  /**
   * The same order as `sort()`, without materialising it where the sorter can
   * avoid that: the allocation loop walks only the first few clients of a role
   * per agent, and copying 1,000 framework ids per agent dominated a cycle. Valid
   * only until the next mutating call (the allocation loop defers its sorter
   * updates until it leaves an agent, so no view it holds goes stale).
   */
  view(): SortedView<T>;

  /** The client's dominant share, weight applied, as Mesos's metrics report it. */
  share(path: string): number;
  /** Quantities allocated to the subtree at `path` (the root is `""`). */
  allocation(path: string): Quantities;
  contains(path: string): boolean;
  /** Clients in the sorter, active or not. */
  count(): number;
  /** Is any client active (would `sort()` return anything)? Constant time. */
  hasActive(): boolean;
  /** Whether `test` holds for some active client (in no particular order; sorts nothing). */
  someActive(test: (client: T) => boolean): boolean;
}

/** An ordered, indexable sequence of clients (see `Sorter.view`). */
export interface SortedView<T> {
  readonly length: number;
  at(index: number): T;
}

/** A view over an array the caller owns. */
export class ArrayView<T> implements SortedView<T> {
  items: readonly T[] = [];
  get length(): number {
    return this.items.length;
  }
  at(index: number): T {
    return this.items[index] as T;
  }
}
