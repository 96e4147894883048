// A set of agents with a Set's order (insertion order; an agent deleted and added
// again goes last) kept in an array and a slot number on each agent, for the two
// sets the allocator changes on every offer: the agents awake (see
// HierarchicalAllocator.awake) and the candidates of the next run. A Set's hash
// table would be rebuilt again and again as agents come and go; here an add is a
// store, a delete leaves a hole, and holes are squeezed out now and then.
//
// Iterate with `length` and `at(i)`, skipping nulls (the holes): deleting during
// such a walk is fine (the entry becomes a hole), and so is adding (it is visited
// later, as in a Set), as long as no add squeezes the holes out mid-walk, which
// only happens when holes outnumber members (not during the allocator's walks,
// which only delete).
import type { AgentState } from "./agent-state.ts";

/** Which slot of the agent a set uses: one slot per set an agent can be in. */
export type AgentSlot = "awakeSlot" | "candidateSlot";

/** Below this many holes, squeezing them out is not worth a pass. */
const MIN_HOLES_TO_COMPACT = 64;

export class AgentSet {
  private list: Array<AgentState | null> = [];
  private n = 0;
  private holes = 0;

  constructor(private readonly slot: AgentSlot) {}

  /** Members. */
  get size(): number {
    return this.n - this.holes;
  }

  /** Entries to walk, holes included. */
  get length(): number {
    return this.n;
  }

  /** The entry at `i` (< length): an agent, or null for a hole. */
  at(i: number): AgentState | null {
    return this.list[i] as AgentState | null;
  }

  has(agent: AgentState): boolean {
    return agent[this.slot] >= 0;
  }

  add(agent: AgentState): void {
    if (agent[this.slot] >= 0) return;
    if (this.holes >= MIN_HOLES_TO_COMPACT && this.holes > this.n - this.holes) this.compact();
    agent[this.slot] = this.n;
    this.list[this.n++] = agent;
  }

  delete(agent: AgentState): void {
    const i = agent[this.slot];
    if (i < 0) return;
    this.list[i] = null;
    agent[this.slot] = -1;
    this.holes++;
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) {
      const a = this.list[i] as AgentState | null;
      if (a !== null) a[this.slot] = -1;
      this.list[i] = null;
    }
    this.n = 0;
    this.holes = 0;
  }

  /** The members in order, as a new array. */
  toArray(): AgentState[] {
    const out: AgentState[] = [];
    for (let i = 0; i < this.n; i++) {
      const a = this.list[i] as AgentState | null;
      if (a !== null) out.push(a);
    }
    return out;
  }

  private compact(): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const a = this.list[r] as AgentState | null;
      if (a === null) continue;
      a[this.slot] = w;
      this.list[w++] = a;
    }
    for (let i = w; i < this.n; i++) this.list[i] = null;
    this.n = w;
    this.holes = 0;
  }
}
