// What the DRF and random sorters share: the tree of clients with its sums,
// counts and weights, and the queries that read it. They differ only in how
// `sort()` orders the active leaves and in what a mutation must invalidate.
import type { Quantities } from "../resources/quantities.ts";
import type { Sorter, SortedView } from "./sorter.ts";
import { SorterTree } from "./sorter-tree.ts";

export abstract class TreeSorter<T> implements Sorter<T> {
  protected readonly tree: SorterTree<T>;

  constructor(fairnessExcludeResourceNames: readonly string[]) {
    this.tree = new SorterTree<T>(fairnessExcludeResourceNames);
  }

  abstract add(path: string, client: T): void;
  abstract remove(path: string): void;
  abstract activate(path: string): void;
  abstract deactivate(path: string): void;
  abstract updateWeight(path: string, weight: number): void;
  abstract allocated(path: string, quantities: Quantities): void;
  abstract unallocated(path: string, quantities: Quantities): void;
  abstract update(path: string, removed: Quantities, added: Quantities): void;
  abstract addTotal(quantities: Quantities): void;
  abstract removeTotal(quantities: Quantities): void;
  abstract sort(): readonly T[];
  abstract view(): SortedView<T>;

  /** Mesos's dominant-share metric: the client leaf's share, computed now (a virtual leaf has weight 1). */
  share(path: string): number {
    return this.tree.calculateShare(this.tree.leaf(path));
  }

  /**
   * A client's own allocation (Mesos's `allocationScalarQuantities(client)`, so for a
   * client with children its virtual leaf's), the root's for `""`, or else the
   * subtree sum of the internal node at `path`. A live view: do not modify.
   */
  allocation(path: string): Quantities {
    return this.tree.allocationOf(path);
  }

  contains(path: string): boolean {
    return this.tree.clients.has(path);
  }

  count(): number {
    return this.tree.count();
  }

  hasActive(): boolean {
    return this.tree.activeClients > 0;
  }

  someActive(test: (client: T) => boolean): boolean {
    if (this.tree.activeClients === 0) return false;
    for (const leaf of this.tree.clients.values()) {
      if (leaf.kind === "active" && leaf.client !== undefined && test(leaf.client)) return true;
    }
    return false;
  }
}
