// The client tree both sorters share (Mesos's `DRFSorter::Node` / `RandomSorter::Node`
// and the bookkeeping around them, `src/master/allocator/mesos/sorter/`).
//
// Clients are `/`-separated paths. Internal nodes stand for path prefixes; clients
// are leaves. When a client `a` exists and a client `a/c` is added, node `a` turns
// internal and a virtual leaf `a/.` (client `a`) takes over `a`'s allocation and
// activity; removing `a/c` collapses it back. Allocations are kept on the leaf and
// on every ancestor, so an internal node holds its subtree's sum and the root holds
// everything allocated.
//
// This module owns structure and sums only. Ordering is each sorter's business:
// `active` lists are left in whatever order the sorter arranges them, and new
// entries are appended (a sorter that cares marks itself dirty or repositions).
import { Quantities } from "../resources/quantities.ts";
import { nameId } from "../resources/resource-names.ts";

/**
 * An ordered list of sibling nodes (a node's `active` children) whose reorderings
 * are cheap. Nodes sit in stable slots (`slots`, never shifted); the order is an
 * `Int32Array` of slot numbers, so moving a node across k siblings is one native
 * `copyWithin` of k int32s instead of k object-pointer stores, each with a write
 * barrier (the DRF sorter moves a framework across ~1,000 siblings per allocation).
 * Reading in order costs one extra typed-array load: `at(i)` is `slots[order[i]]`.
 *
 * Semantics are those of the plain array it replaces: `push` appends, `remove`
 * keeps the order of the rest, `at(i)` is the i-th in order. A node is in at most
 * one `ActiveList` at a time (its `slot` is meaningful only while it is).
 */
export class ActiveList<T> {
  /** Slot number → node; a freed slot holds undefined until reused. */
  private slots: (SorterNode<T> | undefined)[] = [];
  /** Free slot numbers below `slots.length`. */
  private free: number[] = [];
  /** Slot numbers in order in [0, length); -1 beyond. */
  private order: Int32Array = new Int32Array(8).fill(-1);
  length = 0;

  /** The i-th node in order (i in [0, length)). */
  at(i: number): SorterNode<T> {
    return this.slots[this.order[i] as number] as SorterNode<T>;
  }

  push(node: SorterNode<T>): void {
    if (this.length === this.order.length) {
      const grown = new Int32Array(this.order.length * 2).fill(-1);
      grown.set(this.order);
      this.order = grown;
    }
    let slot: number;
    if (this.free.length > 0) {
      slot = this.free.pop() as number;
      this.slots[slot] = node;
    } else {
      slot = this.slots.length;
      this.slots.push(node);
    }
    node.slot = slot;
    this.order[this.length++] = slot;
  }

  /** The position of `node` in order, or -1. */
  indexOf(node: SorterNode<T>): number {
    const slot = node.slot;
    if (slot < 0 || slot >= this.slots.length || this.slots[slot] !== node) return -1;
    const i = this.order.indexOf(slot);
    return i < this.length ? i : -1;
  }

  /** Removes `node`, keeping the order of the rest; returns whether it was here. */
  remove(node: SorterNode<T>): boolean {
    const i = this.indexOf(node);
    if (i < 0) return false;
    const order = this.order;
    order.copyWithin(i, i + 1, this.length);
    order[--this.length] = -1;
    this.slots[node.slot] = undefined;
    this.free.push(node.slot);
    node.slot = -1;
    return true;
  }

  /** Moves the node at position `from` to position `to`, shifting those in between by one. */
  move(from: number, to: number): void {
    if (from === to) return;
    const order = this.order;
    const slot = order[from] as number;
    if (from < to) order.copyWithin(from, from + 1, to + 1);
    else order.copyWithin(to + 1, to, from);
    order[to] = slot;
  }

  /** Sorts in place by `compare` (as `Array#sort`: stable, same comparator calls on the same input). */
  sort(compare: (a: SorterNode<T>, b: SorterNode<T>) => number): void {
    const nodes = this.toArray();
    nodes.sort(compare);
    // Renumber the slots densely in the new order.
    this.slots = nodes;
    this.free.length = 0;
    for (let i = 0; i < nodes.length; i++) {
      (nodes[i] as SorterNode<T>).slot = i;
      this.order[i] = i;
    }
  }

  /** A new array of the nodes in order. */
  toArray(): SorterNode<T>[] {
    const out: SorterNode<T>[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }
}

/** `internal` nodes are path prefixes (and the root); clients are always leaves. */
export type NodeKind = "active" | "inactive" | "internal";

/** Mesos's `DEFAULT_WEIGHT`. */
export const DEFAULT_WEIGHT = 1;

export class SorterNode<T> {
  /** The edge label from the parent; virtual leaves are named ".". */
  readonly name: string;
  /** Full path including a trailing "/." for virtual leaves; the root's is "". */
  readonly path: string;
  /** The client this leaf stands for: `path` without the trailing "/.". */
  readonly clientPath: string;
  kind: NodeKind;
  parent: SorterNode<T> | null;
  /**
   * Children that are active leaves or internal nodes (Mesos's `children` prefix
   * before the first inactive leaf). Kept apart from inactive leaves so that a
   * sorter can sort this list whole, in place, and move one node cheaply.
   */
  readonly active: ActiveList<T> = new ActiveList<T>();
  /** Inactive leaf children, in no particular order. */
  readonly inactive: SorterNode<T>[] = [];
  /** The caller's payload; set on leaves only. */
  client: T | undefined;
  /** Quantities allocated to this subtree. */
  alloc: Quantities;
  /** `allocated()` calls ever made on this node; never decremented (AllocationCountTieBreak). */
  count = 0;
  /** Last computed share (weight applied). Stale on inactive leaves and while a sorter is dirty. */
  share = 0;
  weight: number;
  /** This node's slot in its parent's `active` list while it is there (see `ActiveList`). */
  slot = -1;
  /** Scratch field for sorters' tree walks (the random sorter marks active subtrees). */
  mark = false;

  constructor(name: string, kind: NodeKind, parent: SorterNode<T> | null, weight: number) {
    this.name = name;
    this.kind = kind;
    this.parent = parent;
    this.weight = weight;
    this.path = parent === null ? "" : parent.parent === null ? name : `${parent.path}/${name}`;
    this.clientPath = name === "." && parent !== null ? parent.path : this.path;
    this.alloc = new Quantities();
    this.client = undefined;
  }

  isLeaf(): boolean {
    return this.kind !== "internal";
  }
}

/** Removes `x` from `list` (order kept: a sorted `active` list stays sorted). */
function removeFrom<T>(list: SorterNode<T>[], x: SorterNode<T>): void {
  const i = list.indexOf(x);
  if (i < 0) throw new Error(`sorter tree: ${x.path} is not a child of its parent`);
  list.splice(i, 1);
}

export class SorterTree<T> {
  readonly root: SorterNode<T> = new SorterNode<T>("", "internal", null, DEFAULT_WEIGHT);
  /** Client path → leaf (a virtual leaf for a client with children). Mesos's `clients`. */
  readonly clients = new Map<string, SorterNode<T>>();
  /** Node path → node, every node but the root (virtual leaves under their "/." path). */
  private readonly nodes = new Map<string, SorterNode<T>>();
  /** Weights by path, possibly for paths not in the tree (yet). */
  private readonly weights = new Map<string, number>();
  /** The cluster total shares are measured against. */
  readonly total = new Quantities();
  private readonly excluded: ReadonlySet<number>;
  /**
   * Name ids that count towards a share: present in the total with an amount > 0 and
   * not excluded. Recomputed when the total changes, so that a share is a loop over
   * a handful of ids instead of over every interned name.
   */
  private shareIds: number[] = [];
  /** Active client leaves: lets the allocator see at once that no client wants offers. */
  activeClients = 0;

  constructor(fairnessExcludeResourceNames: readonly string[] = []) {
    const ids = new Set<number>();
    for (const name of fairnessExcludeResourceNames) ids.add(nameId(name));
    this.excluded = ids;
  }

  /** The client's leaf; throws for an unknown client (Mesos CHECK-fails). */
  leaf(clientPath: string): SorterNode<T> {
    const node = this.clients.get(clientPath);
    if (node === undefined) throw new Error(`sorter: unknown client '${clientPath}'`);
    return node;
  }

  /** The node at `path` ("" is the root), or undefined. Virtual leaves are at "a/.". */
  node(path: string): SorterNode<T> | undefined {
    return path === "" ? this.root : this.nodes.get(path);
  }

  private weightOf(path: string): number {
    return this.weights.get(path) ?? DEFAULT_WEIGHT;
  }

  private attach(parent: SorterNode<T>, child: SorterNode<T>): void {
    if (child.kind === "inactive") parent.inactive.push(child);
    else parent.active.push(child);
  }

  private detach(parent: SorterNode<T>, child: SorterNode<T>): void {
    if (child.kind === "inactive") removeFrom(parent.inactive, child);
    else if (!parent.active.remove(child)) {
      throw new Error(`sorter tree: ${child.path} is not a child of its parent`);
    }
  }

  private findChild(parent: SorterNode<T>, name: string): SorterNode<T> | undefined {
    const n = this.nodes.get(parent === this.root ? name : `${parent.path}/${name}`);
    return n !== undefined && n.parent === parent ? n : undefined;
  }

  /** Adds an inactive client (Mesos's two-phase `add`). Returns its leaf. */
  add(clientPath: string, client: T): SorterNode<T> {
    if (this.clients.has(clientPath)) throw new Error(`sorter: client '${clientPath}' already exists`);
    const tokens = clientPath.split("/");
    let current = this.root;
    let t = 0;
    // Phase 1: walk down while the path exists.
    for (;;) {
      if (t === tokens.length) {
        // (a) The path is an internal node already: the client goes to a virtual leaf.
        const virt = this.newNode(".", "inactive", current);
        current = virt;
        break;
      }
      if (current.isLeaf()) {
        // (b) A leaf gets a child: it turns internal, and a virtual leaf carries on
        // as the client with its kind, payload, allocation and count.
        const parent = current.parent as SorterNode<T>;
        const oldKind = current.kind;
        this.detach(parent, current);
        current.kind = "internal";
        this.attach(parent, current);
        const virt = this.newNode(".", oldKind, current);
        virt.alloc = current.alloc.clone();
        virt.count = current.count;
        virt.share = current.share;
        virt.client = current.client;
        current.client = undefined;
        this.clients.set(current.path, virt);
        break;
      }
      const child = this.findChild(current, tokens[t] as string);
      if (child === undefined) break; // (c)
      current = child;
      t++;
    }
    // Phase 2: create what is missing, internal nodes then the inactive leaf.
    for (; t < tokens.length; t++) {
      current = this.newNode(tokens[t] as string, t === tokens.length - 1 ? "inactive" : "internal", current);
    }
    if (current.kind !== "inactive" || current.clientPath !== clientPath) {
      throw new Error(`sorter: cannot add '${clientPath}'`);
    }
    current.client = client;
    this.clients.set(clientPath, current);
    return current;
  }

  private newNode(name: string, kind: NodeKind, parent: SorterNode<T>): SorterNode<T> {
    const path = parent === this.root ? name : `${parent.path}/${name}`;
    const node = new SorterNode<T>(name, kind, parent, this.weightOf(path));
    this.attach(parent, node);
    this.nodes.set(node.path, node);
    return node;
  }

  /**
   * Removes a client: its leaf goes, its allocation leaves every ancestor (counts
   * stay), empty internal nodes go, and an internal node left with only its virtual
   * leaf collapses back into a leaf (RemoveLeafCollapseParent{,Inactive}).
   */
  remove(clientPath: string): void {
    let current = this.leaf(clientPath);
    const leafAlloc = current.alloc;
    if (current.kind === "active") this.activeClients--;
    this.clients.delete(clientPath);
    while (current !== this.root) {
      const parent = current.parent as SorterNode<T>;
      parent.alloc.subtract(leafAlloc);
      if (current.isLeaf()) {
        this.detach(parent, current);
        this.nodes.delete(current.path);
        current.parent = null;
      } else if (current.active.length + current.inactive.length === 0) {
        this.detach(parent, current);
        this.nodes.delete(current.path);
        current.parent = null;
      } else if (current.active.length + current.inactive.length === 1) {
        const only = (current.active.length > 0 ? current.active.at(0) : current.inactive[0]) as SorterNode<T>;
        if (only.name === ".") {
          // The internal node keeps its own sums and count (which include everything
          // its removed children were ever allocated), as in Mesos.
          this.detach(current, only);
          this.nodes.delete(only.path);
          this.detach(parent, current);
          current.kind = only.kind;
          current.client = only.client;
          this.attach(parent, current);
          this.clients.set(current.path, current);
        }
      }
      current = parent;
    }
  }

  /** Returns true if the client was inactive (and is now active, appended to its parent's `active`). */
  activate(clientPath: string): boolean {
    const leaf = this.leaf(clientPath);
    if (leaf.kind !== "inactive") return false;
    const parent = leaf.parent as SorterNode<T>;
    this.detach(parent, leaf);
    leaf.kind = "active";
    this.attach(parent, leaf);
    this.activeClients++;
    return true;
  }

  /** Returns true if the client was active. The order of the remaining siblings is kept. */
  deactivate(clientPath: string): boolean {
    const leaf = this.leaf(clientPath);
    if (leaf.kind !== "active") return false;
    const parent = leaf.parent as SorterNode<T>;
    this.detach(parent, leaf);
    leaf.kind = "inactive";
    this.attach(parent, leaf);
    this.activeClients--;
    return true;
  }

  /**
   * Sets the weight for `path` and the node there, if any (internal or leaf; for a
   * client with children, the internal node: its virtual leaf competes with weight 1,
   * as `AddChildToLeaf` checks).
   *
   * Mesos caches a node's weight and refreshes the cache only when `path` is a
   * client, so a new weight on a purely internal node whose weight was already read
   * is ignored until that node is recreated. We apply it: `updateWeight` is
   * documented to act on internal nodes, and the Mesos behaviour looks accidental.
   */
  setWeight(path: string, weight: number): SorterNode<T> | undefined {
    this.weights.set(path, weight);
    const node = this.nodes.get(path);
    if (node !== undefined) node.weight = weight;
    return node;
  }

  /** No internal node but the root: every node is a client's leaf, all under the root. */
  isFlat(): boolean {
    return this.nodes.size === this.clients.size;
  }

  /**
   * A client's own allocation (Mesos's `allocationScalarQuantities(client)`, so for a
   * client with children its virtual leaf's), the root's for `""`, or else the
   * subtree sum of the internal node at `path`. A live view: do not modify.
   */
  allocationOf(path: string): Quantities {
    const node = this.clients.get(path) ?? this.node(path);
    if (node === undefined) throw new Error(`sorter: unknown path '${path}'`);
    return node.alloc;
  }

  /** Adds `q` to the leaf and every ancestor and (unless `bump` is false) bumps their counts. */
  allocated(leaf: SorterNode<T>, q: Quantities, bump = true): void {
    for (let n: SorterNode<T> | null = leaf; n !== null; n = n.parent) {
      n.alloc.add(q);
      if (bump) n.count++;
    }
  }

  /** Subtracts `q` from the leaf and every ancestor. Throws if the leaf does not hold `q`. */
  unallocated(leaf: SorterNode<T>, q: Quantities): void {
    if (!leaf.alloc.contains(q)) {
      throw new Error(`sorter: '${leaf.clientPath}' holds ${leaf.alloc.toString()}, cannot unallocate ${q.toString()}`);
    }
    for (let n: SorterNode<T> | null = leaf; n !== null; n = n.parent) n.alloc.subtract(q);
  }

  addTotal(q: Quantities): void {
    this.total.add(q);
    this.refreshShareIds();
  }

  /** Throws if the total does not hold `q` (Mesos's `CHECK_CONTAINS` in `removeSlave`). */
  removeTotal(q: Quantities): void {
    if (!this.total.contains(q)) {
      throw new Error(`sorter: total ${this.total.toString()} does not contain ${q.toString()}`);
    }
    this.total.subtract(q);
    this.refreshShareIds();
  }

  private refreshShareIds(): void {
    const ids: number[] = [];
    const t = this.total.v;
    for (let id = 0; id < t.length; id++) {
      if ((t[id] as number) > 0 && !this.excluded.has(id)) ids.push(id);
    }
    this.shareIds = ids;
  }

  /**
   * Mesos's `calculateShare`: the max over counted names of alloc/total on doubles
   * (milli / 1000, as `convertToFloating` gives), then divided by the weight. The
   * order of operations matters: `0.15 / 3 < 0.1 / 2` (ChangeWeightOnSubtree).
   */
  calculateShare(node: SorterNode<T>): number {
    let share = 0;
    const ids = this.shareIds;
    const t = this.total.v;
    const a = node.alloc.v;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const alloc = id < a.length ? (a[id] as number) : 0;
      const s = alloc / 1000 / ((t[id] as number) / 1000);
      if (s > share) share = s;
    }
    return share / node.weight;
  }

  count(): number {
    return this.clients.size;
  }
}
