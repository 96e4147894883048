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

/**
 * The registered agents, each in a slot: a small whole number that the caller's
 * task and offer records keep, so that a change needs no lookup. A slot's idle and
 * stranded amounts are `R` consecutive numbers of two arrays shared by all agents
 * (an offer touches its agent's numbers only, without following an object per
 * agent: at 12,583 agents and a million offers an hour, those pointer chases were
 * most of what the reports cost). A removed agent's slot is reused.
 */
export class AgentTable {
  private readonly slots = new Map<string, number>();
  private readonly minimum: Float64Array;
  /** Slots freed by removed agents, reused first. */
  private readonly free: number[] = [];
  /** Slots ever handed out (the next new one). */
  private used = 0;
  /** Each slot's total, as given. */
  private readonly totals: Amounts[] = [];
  /** total − held by tasks and offers, thousandths, at slot × R (below 0 if a total shrank under what is held). */
  private idle = new Float64Array(64 * R);
  /** Each slot's part of `stranded`, thousandths, at slot × R. */
  private strandedOf = new Float64Array(64 * R);
  /** Σ over agents of their stranded amounts, thousandths, `REPORTED_RESOURCES` order. */
  readonly stranded = new Float64Array(R);

  /** `minAllocatable`: the master's alternatives, as amounts (`RunStartInfo.minAllocatable`). */
  constructor(minAllocatable: readonly Amounts[]) {
    this.minimum = minimumPerResource(minAllocatable);
  }

  get size(): number {
    return this.slots.size;
  }

  /** The registered agent's slot, or -1. */
  slot(agent: string): number {
    return this.slots.get(agent) ?? -1;
  }

  /** The total of the agent in `slot`, as its last `add` or `update` gave it. */
  total(slot: number): Amounts {
    return this.totals[slot] as Amounts;
  }

  /** Registers `agent` (not registered yet) with nothing held; returns its slot. */
  add(agent: string, total: Amounts): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (this.used * R > this.idle.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.idle = grow(this.idle);
        this.strandedOf = grow(this.strandedOf);
      }
    }
    this.slots.set(agent, slot);
    this.totals[slot] = total;
    const at = slot * R;
    for (let j = 0; j < R; j++) {
      this.idle[at + j] = toMilli(total[j] ?? 0);
      this.strandedOf[at + j] = 0;
    }
    this.restrand(at);
    return slot;
  }

  /** A new total for the agent in `slot`; what is held stays held. */
  update(slot: number, total: Amounts): void {
    const at = slot * R;
    const before = this.totals[slot] as Amounts;
    for (let j = 0; j < R; j++) this.idle[at + j] = (this.idle[at + j] as number) + toMilli(total[j] ?? 0) - toMilli(before[j] ?? 0);
    this.totals[slot] = total;
    this.restrand(at);
  }

  /** Unregisters `agent` (registered; nothing held there any more). */
  remove(agent: string): void {
    const slot = this.slots.get(agent) as number;
    const at = slot * R;
    for (let j = 0; j < R; j++) this.stranded[j] = (this.stranded[j] as number) - (this.strandedOf[at + j] as number);
    this.slots.delete(agent);
    this.free.push(slot);
  }

  /**
   * A task or offer on the agent in `slot` takes (`sign` 1) or gives back (-1) the
   * amounts `milli[from … from + R)`, in thousandths.
   */
  hold(slot: number, milli: Float64Array, from: number, sign: 1 | -1): void {
    const at = slot * R;
    for (let j = 0; j < R; j++) this.idle[at + j] = (this.idle[at + j] as number) - sign * (milli[from + j] as number);
    this.restrand(at);
  }

  /** Recomputes one agent's stranded amounts (at `at` = slot × R) and moves the cluster sums by the change. */
  private restrand(at: number): void {
    // The resources whose idle amount is under their minimum: one strands all the others; two strand everything.
    let short = -1;
    let shorts = 0;
    for (let j = 0; j < R; j++) {
      const m = this.minimum[j] as number;
      if (m > 0 && (this.idle[at + j] as number) < m) {
        short = j;
        shorts++;
      }
    }
    for (let j = 0; j < R; j++) {
      const idle = this.idle[at + j] as number;
      const now = shorts > 1 || (shorts === 1 && j !== short) ? Math.max(0, idle) : 0;
      const was = this.strandedOf[at + j] as number;
      if (now === was) continue;
      this.strandedOf[at + j] = now;
      this.stranded[j] = (this.stranded[j] as number) + now - was;
    }
  }
}
