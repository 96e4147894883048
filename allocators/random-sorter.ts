// Mesos's random sorter (`src/master/allocator/mesos/sorter/random/`): the same
// client tree and allocation bookkeeping as DRF, but `sort()` ignores allocations
// and returns a weighted random permutation of the active leaves.
//
// A leaf's weight is its relative weight down the tree: the product, over the path,
// of w(node) / (w(node) + Σ w(active siblings)), where only nodes with an active
// leaf below count. The permutation is Efraimidis–Spirakis weighted sampling
// without replacement: key = −u^(1/w), sorted ascending (Mesos's `weightedShuffle`).
//
// Randomness comes only from the injected stream (Mesos uses a default-seeded
// `std::mt19937`, which we do not reproduce: permutations match Mesos in law, not
// draw for draw). Candidates are listed by client path before drawing, so a
// permutation depends on the set of clients and the stream, not on the order in
// which clients were added or activated.
import type { Quantities } from "./quantities.ts";
import type { Sorter } from "./sorter.ts";
import { SorterTree, type SorterNode } from "./sorter-tree.ts";

/** Uniform numbers in [0, 1). Declared here because `allocators/` imports nothing outside itself. */
export type RandomStream = () => number;

export type RandomSorterOptions = {
  /** Used only by `share()` (reporting); the order ignores allocations, as in Mesos. */
  fairnessExcludeResourceNames?: readonly string[];
};

export class RandomSorter<T> implements Sorter<T> {
  private readonly tree: SorterTree<T>;
  private readonly rng: RandomStream;
  /** The candidates (active leaves) or their relative weights are stale. */
  private dirty = false;
  private candidates: SorterNode<T>[] = [];
  private weights: number[] = [];
  // Scratch for `sort()`, reused across calls: keys by candidate, and the permutation.
  private keys = new Float64Array(0);
  private order: number[] = [];
  // Created once: Array#sort needs a comparator, and a closure per call would allocate.
  private readonly byKey = (i: number, j: number): number => {
    const ki = this.keys[i] as number;
    const kj = this.keys[j] as number;
    return ki < kj ? -1 : ki > kj ? 1 : i - j; // final tie-break: candidate (path) order
  };

  constructor(rng: RandomStream, options: RandomSorterOptions = {}) {
    this.rng = rng;
    this.tree = new SorterTree<T>(options.fairnessExcludeResourceNames ?? []);
  }

  add(path: string, client: T): void {
    this.tree.add(path, client);
    this.dirty = true;
  }

  remove(path: string): void {
    this.tree.remove(path);
    this.dirty = true;
  }

  activate(path: string): void {
    if (this.tree.activate(path)) this.dirty = true;
  }

  deactivate(path: string): void {
    if (this.tree.deactivate(path)) this.dirty = true;
  }

  updateWeight(path: string, weight: number): void {
    this.tree.setWeight(path, weight);
    this.dirty = true;
  }

  // Allocations and totals are bookkeeping only here: they never dirty the order.
  allocated(path: string, quantities: Quantities): void {
    this.tree.allocated(this.tree.leaf(path), quantities);
  }

  unallocated(path: string, quantities: Quantities): void {
    this.tree.unallocated(this.tree.leaf(path), quantities);
  }

  addTotal(quantities: Quantities): void {
    this.tree.addTotal(quantities);
  }

  removeTotal(quantities: Quantities): void {
    this.tree.removeTotal(quantities);
  }

  /**
   * A fresh weighted random permutation on every call (each call draws one number
   * per active client). The array is new each time, so earlier results stay intact.
   */
  sort(): readonly T[] {
    if (this.dirty) this.refresh();
    const n = this.candidates.length;
    const keys = this.keys;
    const order = this.order;
    for (let i = 0; i < n; i++) {
      // Negated so that an ascending sort puts the largest u^(1/w) first.
      keys[i] = -Math.pow(this.rng(), 1 / (this.weights[i] as number));
      order[i] = i;
    }
    order.sort(this.byKey);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = (this.candidates[order[i] as number] as SorterNode<T>).client as T;
    return out;
  }

  /** The DRF dominant share (weight applied), for metrics; the order does not use it. */
  share(path: string): number {
    return this.tree.calculateShare(this.tree.leaf(path));
  }

  /** As `DRFSorter.allocation`: the client's own, `""` for the root, else an internal node's subtree. */
  allocation(path: string): Quantities {
    const node = this.tree.clients.get(path) ?? this.tree.node(path);
    if (node === undefined) throw new Error(`sorter: unknown path '${path}'`);
    return node.alloc;
  }

  contains(path: string): boolean {
    return this.tree.clients.has(path);
  }

  count(): number {
    return this.tree.count();
  }

  /** Relative weights of the active leaves (Mesos's `SortInfo::updateRelativeWeights`). */
  private refresh(): void {
    markActive(this.tree.root);
    const leaves: SorterNode<T>[] = [];
    const weights: number[] = [];
    relativeWeights(this.tree.root, 1, leaves, weights);
    // Canonical candidate order (see the header); weights travel with their leaf.
    const idx = leaves.map((_, i) => i);
    idx.sort((i, j) => {
      const a = (leaves[i] as SorterNode<T>).clientPath;
      const b = (leaves[j] as SorterNode<T>).clientPath;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    this.candidates = idx.map((i) => leaves[i] as SorterNode<T>);
    this.weights = idx.map((i) => weights[i] as number);
    this.keys = new Float64Array(leaves.length);
    this.order = new Array<number>(leaves.length).fill(0);
    this.dirty = false;
  }
}

/** Sets `mark` on every node that is an active leaf or has one below. */
function markActive<T>(node: SorterNode<T>): boolean {
  if (node.kind !== "internal") return (node.mark = node.kind === "active");
  let any = false;
  // Inactive leaves need no visit: they live in `inactive`, and are never marked.
  for (const child of node.active) if (markActive(child)) any = true;
  for (const child of node.inactive) child.mark = false;
  return (node.mark = any);
}

/**
 * Pre-order: Rw(child) = Rw(node) · w(child) / (w(child) + Σ w(marked siblings)),
 * with the root at 1, written in Mesos's order of operations.
 */
function relativeWeights<T>(node: SorterNode<T>, rw: number, leaves: SorterNode<T>[], out: number[]): void {
  let sum = 0;
  for (const child of node.active) if (child.mark) sum += child.weight;
  for (const child of node.active) {
    if (!child.mark) continue;
    const siblings = sum - child.weight;
    const w = (rw * child.weight) / (child.weight + siblings);
    if (child.kind === "active") {
      leaves.push(child);
      out.push(w);
    } else {
      relativeWeights(child, w, leaves, out);
    }
  }
}
