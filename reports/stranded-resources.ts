// The agents as the reports see them: each one's total and what tasks and offers
// hold of it, and from those the cluster's stranded resources
// (docs/report-format.md, "Utilization", `strandedMean`): the idle part of resource
// j on agents where some other resource's idle amount is below its minimum
// allocatable, so that j cannot be used there.
//
// The minimum allocatable of a resource k is the least amount of k that an
// alternative of the master's `minAllocatable` (Mesos's `--min_allocatable_resources`,
// default `cpus:0.01|mem:32`) names; a resource that no alternative names has no
// minimum and strands nothing. With the default, an agent with under 0.01 idle cpus
// strands its idle memory, disk and gpus, and one with under 32 MB idle memory
// strands its idle cpus, disk and gpus.
//
// Incremental: a change on one agent recomputes that agent's stranded amounts
// (O(resources)) and moves the cluster sums by the difference; nothing scans all
// agents. Amounts are whole thousandths (milli-units.ts), so the sums are exact.
import { toMilli } from "../allocators/resources/quantities.ts";
import { type Amounts, REPORTED_RESOURCES } from "../sim/records/run-records.ts";

const R = REPORTED_RESOURCES.length;

/**
 * One registered agent, as the table keeps it: its slot, a small whole number (held
 * by the caller's task and offer records, so that a change needs no lookup). Its
 * idle and stranded amounts are a run of the table's one array, not objects of
 * their own: an offer made or ended touches one short stretch of memory.
 */
export type AgentEntry = number;

/** Per resource, the least amount (thousandths) that an alternative names; 0: no minimum. */
export function minimumPerResource(alternatives: readonly Amounts[]): Float64Array {
  const min = new Float64Array(R);
  for (const alt of alternatives) {
    for (let j = 0; j < R; j++) {
      const m = toMilli(alt[j] ?? 0);
      if (m > 0 && ((min[j] as number) === 0 || m < (min[j] as number))) min[j] = m;
    }
  }
  return min;
}

/** Doubles per slot: idle amounts, then stranded amounts, `REPORTED_RESOURCES` order. */
const STRIDE = 2 * R;

export class AgentTable {
  /** Registered agents' slots. */
  private readonly slots = new Map<string, AgentEntry>();
  /** Per slot: the total, as given. */
  private readonly totals: Amounts[] = [];
  /**
   * Per slot: holds not given back yet (tasks and offers on it), and whether its
   * agent was removed. A removed agent's slot is given to a new agent only once
   * nothing holds anything on it any more: until then a late record about it
   * stays its own.
   */
  private readonly holds: number[] = [];
  private readonly removed: boolean[] = [];
  /** Slots free for the next agent. */
  private readonly free: AgentEntry[] = [];
  /**
   * Per slot, at `slot × STRIDE`: total − held by tasks and offers, thousandths
   * (below 0 if a total shrank under what is held), then its part of `stranded`.
   */
  private state = new Float64Array(STRIDE * 64);
  private readonly minimum: Float64Array;
  /** Σ over agents of their stranded amounts, thousandths, `REPORTED_RESOURCES` order. */
  readonly stranded = new Float64Array(R);

  /** `minAllocatable`: the master's alternatives, as amounts (`RunStartInfo.minAllocatable`). */
  constructor(minAllocatable: readonly Amounts[]) {
    this.minimum = minimumPerResource(minAllocatable);
  }

  get size(): number {
    return this.slots.size;
  }

  /** The registered agent's slot, or undefined. */
  entry(agent: string): AgentEntry | undefined {
    return this.slots.get(agent);
  }

  /** The total of the agent at `e`. */
  total(e: AgentEntry): Amounts {
    return this.totals[e] as Amounts;
  }

  add(agent: string, total: Amounts): AgentEntry {
    let e = this.free.pop();
    if (e === undefined) {
      e = this.totals.length;
      this.totals.push(total);
      this.holds.push(0);
      this.removed.push(false);
      if ((e + 1) * STRIDE > this.state.length) {
        const grown = new Float64Array(this.state.length * 2);
        grown.set(this.state);
        this.state = grown;
      }
    } else {
      this.totals[e] = total;
      this.removed[e] = false;
    }
    const at = e * STRIDE;
    for (let j = 0; j < R; j++) {
      this.state[at + j] = toMilli(total[j] ?? 0);
      this.state[at + R + j] = 0;
    }
    this.slots.set(agent, e);
    this.restrand(at);
    return e;
  }

  /** A new total for a registered agent; what is held stays held. */
  update(e: AgentEntry, total: Amounts): void {
    const at = e * STRIDE;
    const old = this.totals[e] as Amounts;
    for (let j = 0; j < R; j++) this.state[at + j] = (this.state[at + j] as number) + toMilli(total[j] ?? 0) - toMilli(old[j] ?? 0);
    this.totals[e] = total;
    this.restrand(at);
  }

  remove(agent: string): void {
    const e = this.slots.get(agent) as AgentEntry;
    const at = e * STRIDE;
    for (let j = 0; j < R; j++) this.stranded[j] = (this.stranded[j] as number) - (this.state[at + R + j] as number);
    this.slots.delete(agent);
    this.removed[e] = true;
    if (this.holds[e] === 0) this.free.push(e);
  }

  /** A task or offer on a registered agent takes (`sign` 1) or gives back (-1) `amounts`. */
  hold(e: AgentEntry, amounts: Amounts, sign: 1 | -1): void {
    const at = e * STRIDE;
    const state = this.state;
    for (let j = 0; j < R; j++) state[at + j] = (state[at + j] as number) - sign * toMilli(amounts[j] ?? 0);
    this.restrand(at);
    const left = (this.holds[e] as number) + sign;
    this.holds[e] = left;
    if (left === 0 && this.removed[e] === true) this.free.push(e);
  }

  /** Recomputes the stranded amounts of the slot at `at` and moves the cluster sums by the change. */
  private restrand(at: number): void {
    const state = this.state;
    // The resources whose idle amount is under their minimum: one strands all the others; two strand everything.
    let short = -1;
    let shorts = 0;
    for (let j = 0; j < R; j++) {
      const m = this.minimum[j] as number;
      if (m > 0 && (state[at + j] as number) < m) {
        short = j;
        shorts++;
      }
    }
    for (let j = 0; j < R; j++) {
      const idle = state[at + j] as number;
      const now = shorts > 1 || (shorts === 1 && j !== short) ? Math.max(0, idle) : 0;
      const was = state[at + R + j] as number;
      if (now === was) continue;
      state[at + R + j] = now;
      this.stranded[j] = (this.stranded[j] as number) + now - was;
    }
  }
}
