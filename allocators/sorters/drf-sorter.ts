// Mesos's DRF sorter (`src/master/allocator/mesos/sorter/drf/sorter.cpp`): clients
// ordered by weighted dominant share, then allocation count, then path, down a tree
// of `/`-separated paths; `sort()` lists active leaves in pre-order.
//
// The order is always the total order (share, count, path) on current data, so how
// we keep it is free. We keep it as Mesos does, with two deviations that give the
// same results faster:
//  - `allocated()` repositions only the touched path when the tree is sorted
//    (MESOS-9249); `unallocated()` and `activate()` do the same (Mesos dirties the
//    whole tree there; its TODOs suggest this), `deactivate()` just drops the leaf.
//  - `sort()` caches its result and rebuilds it only when some position changed,
//    into one of two arrays it owns, alternately, so that a result stays intact
//    across one further rebuild (a caller may iterate the roles of one `sort()`
//    while calling `allocated()` and `sort()` once more), and no array is allocated.
// `add`, `remove`, weights and totals mark the tree dirty; the next `sort()`
// recomputes every share and re-sorts.
import type { Quantities } from "../resources/quantities.ts";
import { ArrayView } from "./sorter.ts";
import type { SortedView } from "./sorter.ts";
import { ActiveList, type SorterNode } from "./sorter-tree.ts";
import { TreeSorter } from "./tree-sorter.ts";

export type DRFSorterOptions = {
  /** Mesos's `--fair_sharing_excluded_resource_names` (e.g. `gpus`). */
  fairnessExcludeResourceNames?: readonly string[];
};

/** Mesos's `Node::compareDRF`: share, then allocation count, then path (unique, so total). */
function lessDRF<T>(a: SorterNode<T>, b: SorterNode<T>): boolean {
  if (a.share !== b.share) return a.share < b.share;
  if (a.count !== b.count) return a.count < b.count;
  return a.path < b.path;
}

// Module-level comparator for Array#sort: no closure per call.
function compareDRF<T>(a: SorterNode<T>, b: SorterNode<T>): number {
  return lessDRF(a, b) ? -1 : 1;
}

export class DRFSorter<T> extends TreeSorter<T> {
  /** Shares are stale or `active` lists unsorted somewhere; `sort()` redoes all. */
  private dirty = false;
  /** The last `sort()` result, or null when some position changed since. */
  private result: T[] | null = null;
  /** The two arrays results are built into, alternately (see the header). */
  private readonly buffers: [T[], T[]] = [[], []];
  private next = 0;
  /** Reused views (no allocation per call). */
  private readonly flatView = new LeafListView<T>();
  private readonly arrayView = new ArrayView<T>();

  constructor(options: DRFSorterOptions = {}) {
    super(options.fairnessExcludeResourceNames ?? []);
  }

  add(path: string, client: T): void {
    this.tree.add(path, client);
    this.markDirty();
  }

  remove(path: string): void {
    this.tree.remove(path);
    this.markDirty();
  }

  activate(path: string): void {
    if (!this.tree.activate(path)) return;
    this.result = null;
    if (this.dirty) return;
    // The leaf was appended to its parent's sorted `active` list: compute its share
    // (stale while inactive) and shift it into place. Ancestors are unaffected:
    // activity changes no sums.
    const leaf = this.tree.leaf(path);
    leaf.share = this.tree.calculateShare(leaf);
    this.reposition(leaf);
  }

  deactivate(path: string): void {
    // Removing from a sorted list keeps it sorted: nothing else to do (as in Mesos).
    if (this.tree.deactivate(path)) this.result = null;
  }

  updateWeight(path: string, weight: number): void {
    this.tree.setWeight(path, weight);
    this.markDirty();
  }

  allocated(path: string, quantities: Quantities): void {
    const leaf = this.tree.leaf(path);
    this.tree.allocated(leaf, quantities);
    if (!this.dirty) this.resortPath(leaf);
  }

  unallocated(path: string, quantities: Quantities): void {
    const leaf = this.tree.leaf(path);
    this.tree.unallocated(leaf, quantities);
    if (!this.dirty) this.resortPath(leaf);
  }

  update(path: string, removed: Quantities, added: Quantities): void {
    const leaf = this.tree.leaf(path);
    this.tree.unallocated(leaf, removed);
    this.tree.allocated(leaf, added, false);
    if (!this.dirty) this.resortPath(leaf);
  }

  addTotal(quantities: Quantities): void {
    this.tree.addTotal(quantities);
    this.markDirty();
  }

  removeTotal(quantities: Quantities): void {
    this.tree.removeTotal(quantities);
    this.markDirty();
  }

  view(): SortedView<T> {
    if (this.dirty) {
      this.sortTree(this.tree.root);
      this.dirty = false;
      this.result = null;
    }
    // A flat tree's root list is the order itself: no copy.
    if (this.tree.isFlat()) {
      this.flatView.list = this.tree.root.active;
      return this.flatView;
    }
    this.arrayView.items = this.sort();
    return this.arrayView;
  }

  sort(): readonly T[] {
    if (this.dirty) {
      this.sortTree(this.tree.root);
      this.dirty = false;
      this.result = null;
    }
    if (this.result === null) {
      const out = this.buffers[this.next] as T[];
      this.next ^= 1;
      out.length = collectActive(this.tree.root, out, 0);
      this.result = out;
    }
    return this.result;
  }



  private markDirty(): void {
    this.dirty = true;
    this.result = null;
  }

  /** After a leaf's sums changed: refresh shares up the path and shift each node into place. */
  private resortPath(leaf: SorterNode<T>): void {
    const root = this.tree.root;
    for (let n: SorterNode<T> = leaf; n !== root; n = n.parent as SorterNode<T>) {
      // Inactive leaves are not in any sorted list; their share is computed on activation.
      if (n.kind === "inactive") continue;
      n.share = this.tree.calculateShare(n);
      if (this.reposition(n)) this.result = null;
    }
  }

  /**
   * Moves `node` to its place in its parent's sorted `active` list; returns whether
   * it moved. The rest of the list is sorted, so the place is found by binary
   * search (comparisons dominated `allocated()` with 1,000 frameworks in a role)
   * and the block in between is shifted by `ActiveList.move`, a native
   * `copyWithin` on an `Int32Array` of slot numbers (shifting ~1,000 object
   * pointers, each with a write barrier, was most of `allocated()`).
   */
  private reposition(node: SorterNode<T>): boolean {
    const list = (node.parent as SorterNode<T>).active;
    const start = list.indexOf(node);
    const last = list.length - 1;
    if (start > 0 && lessDRF(node, list.at(start - 1))) {
      // First index in [0, start) whose element sorts after `node`.
      let lo = 0;
      let hi = start - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (lessDRF(node, list.at(mid))) hi = mid;
        else lo = mid + 1;
      }
      list.move(start, lo);
      return true;
    }
    if (start < last && lessDRF(list.at(start + 1), node)) {
      // Last index in (start, last] whose element sorts before `node`.
      let lo = start + 1;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lessDRF(list.at(mid), node)) lo = mid;
        else hi = mid - 1;
      }
      list.move(start, lo);
      return true;
    }
    return false;
  }

  /** Recomputes the shares of every active child and sorts, recursively (Mesos's dirty `sort`). */
  private sortTree(node: SorterNode<T>): void {
    const list = node.active;
    for (let i = 0; i < list.length; i++) {
      const child = list.at(i);
      child.share = this.tree.calculateShare(child);
    }
    list.sort(compareDRF);
    for (let i = 0; i < list.length; i++) {
      const child = list.at(i);
      if (child.kind === "internal") this.sortTree(child);
    }
  }
}

/** Writes the active leaves under `node` into `out` from `at`, pre-order; returns the next free index. */
function collectActive<T>(node: SorterNode<T>, out: T[], at: number): number {
  const list = node.active;
  for (let i = 0; i < list.length; i++) {
    const child = list.at(i);
    if (child.kind === "internal") at = collectActive(child, out, at);
    else out[at++] = child.client as T;
  }
  return at;
}

/** The active leaves of a flat tree, read straight from the root's sorted list. */
class LeafListView<T> implements SortedView<T> {
  list: ActiveList<T> = new ActiveList<T>();
  get length(): number {
    return this.list.length;
  }
  at(index: number): T {
    return this.list.at(index).client as T;
  }
}
