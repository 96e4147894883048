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
import type { Quantities } from "../resources/quantities.ts";
import { ArrayView } from "./sorter.ts";
import type { SortedView } from "./sorter.ts";
import type { SorterNode } from "./sorter-tree.ts";
import { TreeSorter } from "./tree-sorter.ts";
import type { RandomStream } from "../random-stream.ts";

export type RandomSorterOptions = {
  /** Used only by `share()` (reporting); the order ignores allocations, as in Mesos. */
  fairnessExcludeResourceNames?: readonly string[];
};

export class RandomSorter<T> extends TreeSorter<T> {
  private readonly rng: RandomStream;
  /** The candidates (active leaves) or their relative weights are stale. */
  private dirty = false;
  private candidates: SorterNode<T>[] = [];
  private weights: number[] = [];
  // Scratch for `sort()`, reused across calls: one key per candidate, viewed both
  // as doubles and as 32-bit words (see `sort()`).
  private keys = new Float64Array(0);
  private words = new Uint32Array(0);
  private indexBits = 0;

  constructor(rng: RandomStream, options: RandomSorterOptions = {}) {
    super(options.fairnessExcludeResourceNames ?? []);
    this.rng = rng;
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

  update(path: string, removed: Quantities, added: Quantities): void {
    const leaf = this.tree.leaf(path);
    this.tree.unallocated(leaf, removed);
    this.tree.allocated(leaf, added, false);
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
  private readonly arrayView = new ArrayView<T>();

  view(): SortedView<T> {
    this.arrayView.items = this.sort();
    return this.arrayView;
  }

  sort(): readonly T[] {
    if (this.dirty) this.refresh();
    const n = this.candidates.length;
    const keys = this.keys;
    const words = this.words;
    const mask = (1 << this.indexBits) - 1;
    for (let i = 0; i < n; i++) {
      // Efraimidis–Spirakis: the largest u^(1/w) comes first. Instead of sorting an
      // index array with a comparator (a JS callback per comparison, ~30× slower),
      // the candidate's index is written into the key's lowest mantissa bits and the
      // keys are sorted natively: for non-negative doubles the order of the bit
      // patterns is the numeric order, so only keys within a relative 2^-(52 - bits)
      // of each other can swap, and exact ties are broken by candidate index.
      keys[i] = Math.pow(this.rng(), 1 / (this.weights[i] as number));
      const lo = 2 * i + LOW_WORD;
      words[lo] = (((words[lo] as number) & ~mask) | i) >>> 0;
    }
    keys.subarray(0, n).sort();
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      const idx = (words[2 * (n - 1 - i) + LOW_WORD] as number) & mask; // descending
      out[i] = (this.candidates[idx] as SorterNode<T>).client as T;
    }
    return out;
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
    this.words = new Uint32Array(this.keys.buffer);
    this.indexBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, leaves.length))));
    if (this.indexBits > 24) throw new Error(`random sorter: too many clients (${leaves.length})`);
    this.dirty = false;
  }
}

/** Which 32-bit word of a Float64Array element holds the low mantissa bits. */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** Sets `mark` on every node that is an active leaf or has one below. */
function markActive<T>(node: SorterNode<T>): boolean {
  if (node.kind !== "internal") return (node.mark = node.kind === "active");
  let any = false;
  // Inactive leaves need no visit: they live in `inactive`, and are never marked.
  const active = node.active;
  for (let i = 0; i < active.length; i++) if (markActive(active.at(i))) any = true;
  for (const child of node.inactive) child.mark = false;
  return (node.mark = any);
}

/**
 * Pre-order: Rw(child) = Rw(node) · w(child) / (w(child) + Σ w(marked siblings)),
 * with the root at 1, written in Mesos's order of operations.
 */
function relativeWeights<T>(node: SorterNode<T>, rw: number, leaves: SorterNode<T>[], out: number[]): void {
  let sum = 0;
  const active = node.active;
  for (let i = 0; i < active.length; i++) {
    const child = active.at(i);
    if (child.mark) sum += child.weight;
  }
  for (let i = 0; i < active.length; i++) {
    const child = active.at(i);
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
