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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One registered agent, as the table keeps it (held by the caller's task and offer records, so that a change needs no lookup). */
export interface AgentEntry {
  /** The agent's total, as given. */
  readonly total: Amounts;
  /** total − held by tasks and offers, thousandths (below 0 if a total shrank under what is held). */
  readonly idle: Float64Array;
  /** Its part of `AgentTable.stranded`, thousandths. */
  readonly stranded: Float64Array;
}

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

export class AgentTable {
  private readonly entries = new Map<string, AgentEntry>();
  private readonly minimum: Float64Array;
  /** Σ over agents of their stranded amounts, thousandths, `REPORTED_RESOURCES` order. */
  readonly stranded = new Float64Array(R);

  /** `minAllocatable`: the master's alternatives, as amounts (`RunStartInfo.minAllocatable`). */
  constructor(minAllocatable: readonly Amounts[]) {
    this.minimum = minimumPerResource(minAllocatable);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The registered agent's entry, or undefined. */
  entry(agent: string): AgentEntry | undefined {
    return this.entries.get(agent);
  }

  add(agent: string, total: Amounts): AgentEntry {
    const idle = new Float64Array(R);
    for (let j = 0; j < R; j++) idle[j] = toMilli(total[j] ?? 0);
    const e: Mutable<AgentEntry> = { total, idle, stranded: new Float64Array(R) };
    this.entries.set(agent, e);
    this.restrand(e);
    return e;
  }

  /** A new total for a registered agent; what is held stays held. */
  update(e: AgentEntry, total: Amounts): void {
    for (let j = 0; j < R; j++) e.idle[j] = (e.idle[j] as number) + toMilli(total[j] ?? 0) - toMilli(e.total[j] ?? 0);
    (e as Mutable<AgentEntry>).total = total;
    this.restrand(e);
  }

  remove(agent: string): void {
    const e = this.entries.get(agent) as AgentEntry;
    for (let j = 0; j < R; j++) this.stranded[j] = (this.stranded[j] as number) - (e.stranded[j] as number);
    this.entries.delete(agent);
  }

  /** A task or offer on a registered agent takes (`sign` 1) or gives back (-1) `amounts`. */
  hold(e: AgentEntry, amounts: Amounts, sign: 1 | -1): void {
    for (let j = 0; j < R; j++) e.idle[j] = (e.idle[j] as number) - sign * toMilli(amounts[j] ?? 0);
    this.restrand(e);
  }

  /** Recomputes one agent's stranded amounts and moves the cluster sums by the change. */
  private restrand(e: AgentEntry): void {
    // The resources whose idle amount is under their minimum: one strands all the others; two strand everything.
    let short = -1;
    let shorts = 0;
    for (let j = 0; j < R; j++) {
      const m = this.minimum[j] as number;
      if (m > 0 && (e.idle[j] as number) < m) {
        short = j;
        shorts++;
      }
    }
    for (let j = 0; j < R; j++) {
      const idle = e.idle[j] as number;
      const now = shorts > 1 || (shorts === 1 && j !== short) ? Math.max(0, idle) : 0;
      const was = e.stranded[j] as number;
      if (now === was) continue;
      e.stranded[j] = now;
      this.stranded[j] = (this.stranded[j] as number) + now - was;
    }
  }
}
