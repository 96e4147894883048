// `Simulator/EventQueue`: the simulator kernel's event queue against a bare binary
// heap of numbers, in the same process, on the classic hold model: N events
// pending; repeatedly take the earliest and schedule one new event at its time plus
// a random increment. The kernel goes through its public path (`schedule`, `step`,
// dispatch to the kind's handler); the bare heap only pushes and pops numbers, the
// floor of what any event queue costs. Target: the kernel at ≥ 0.4× the bare heap's
// events/s.
//
// Events/s are per second of this process's CPU time, not of wall time: the two
// loops run in turn on a machine shared with other work, and time spent waiting for
// a core would otherwise land on whichever loop was running.
//
//   node --import tsx bench/event-queue.ts [--full] [filter-regexp]
import { pathToFileURL } from "node:url";
import { RandomSource } from "../common/random-source.ts";
import { EventPriority } from "../sim/kernel/event-priority.ts";
import { Simulation } from "../sim/kernel/simulation.ts";

export const EVENT_QUEUE_TARGET = 0.4;
/** Pending events per instance (the scale grid, as data). */
const GRID = { quick: [1_000, 100_000], full: [1_000, 10_000, 100_000, 1_000_000] } as const;
const EVENTS = 2_000_000;
const REPEATS = 5;
// Increments are exponential with a mean of 1 s, in whole µs (ties happen, and take
// the kernel's tie-break path), read from a seeded ring so both queues see the same.
const MEAN_INCREMENT_US = 1_000_000;
const RING = 1 << 16;

export interface EventQueueBenchRow {
  readonly name: "Simulator/EventQueue";
  readonly params: { readonly pending: number; readonly events: number };
  readonly kernelEventsPerSecond: number;
  readonly heapEventsPerSecond: number;
  readonly ratio: number;
  readonly target: number;
}

/** The hold model's increments: a seeded ring of whole µs. */
export function holdIncrements(seed: number): Float64Array {
  const rng = RandomSource.fresh(seed, "bench/event-queue");
  const ring = new Float64Array(RING);
  for (let i = 0; i < RING; i++) ring[i] = Math.floor(-Math.log(1 - rng()) * MEAN_INCREMENT_US);
  return ring;
}

/** What a hold run ends with; `log`, when given, receives every time taken (the test compares them). */
export interface HoldOutcome {
  readonly lastTime: number;
  /** CPU time of the timed loop. */
  readonly ms: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The hold model on the kernel: one kind whose handler schedules the next event. */
export function holdKernel(pending: number, events: number, inc: Float64Array, log?: number[]): HoldOutcome {
  const sim = new Simulation({ seed: 0 });
  const mask = inc.length - 1;
  let k = 0;
  // Defined once: the handler is shared by every event, as a model's would be.
  const hold = sim.defineKind<null>("hold", EventPriority.WORKLOAD, () => {
    if (log !== undefined) log.push(sim.now);
    sim.schedule(sim.now + (inc[k++ & mask] as number), hold, null);
  });
  for (let i = 0; i < pending; i++) sim.schedule(inc[k++ & mask] as number, hold, null);
  const start = cpuMs();
  for (let e = 0; e < events; e++) sim.step();
  return { lastTime: sim.now, ms: cpuMs() - start };
}

/**
 * A bare binary min-heap of numbers: the floor of what any event queue costs (no
 * order beyond time, no payload, no cancellation). A class with fields, as V8
 * compiles those best (closures over a shared `let` ran at a third of the speed here).
 */
class NumberHeap {
  private readonly heap: Float64Array;
  private size = 0;

  constructor(capacity: number) {
    this.heap = new Float64Array(capacity);
  }

  push(t: number): void {
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = heap[p] as number;
      if (pt <= t) break;
      heap[i] = pt;
      i = p;
    }
    heap[i] = t;
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const n = --this.size;
    const last = heap[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (heap[c + 1] as number) < (heap[c] as number)) c++;
      if (last <= (heap[c] as number)) break;
      heap[i] = heap[c] as number;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}

/** The same model on the bare heap. */
export function holdBareHeap(pending: number, events: number, inc: Float64Array, log?: number[]): HoldOutcome {
  const heap = new NumberHeap(pending + 1);
  const mask = inc.length - 1;
  let k = 0;
  for (let i = 0; i < pending; i++) heap.push(inc[k++ & mask] as number);
  let now = 0;
  const start = cpuMs();
  for (let e = 0; e < events; e++) {
    now = heap.pop();
    if (log !== undefined) log.push(now);
    heap.push(now + (inc[k++ & mask] as number));
  }
  return { lastTime: now, ms: cpuMs() - start };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function rate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : `${(perSecond / 1e3).toFixed(0)}k`;
}

/** One instance: REPEATS alternating runs of each, after a warm-up; the median events/s of each. */
function measure(pending: number, seed: number): EventQueueBenchRow {
  const inc = holdIncrements(seed);
  // Warm-up so that both loops are compiled before they are timed.
  holdKernel(Math.min(pending, 1000), 200_000, inc);
  holdBareHeap(Math.min(pending, 1000), 200_000, inc);
  const kernel: number[] = [];
  const heap: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const a = holdKernel(pending, EVENTS, inc);
    const b = holdBareHeap(pending, EVENTS, inc);
    // Same increments, same order: both must end at the same time, or the comparison is void.
    if (a.lastTime !== b.lastTime) throw new Error(`hold model diverged: kernel ended at ${a.lastTime} µs, bare heap at ${b.lastTime} µs`);
    kernel.push((EVENTS / a.ms) * 1000);
    heap.push((EVENTS / b.ms) * 1000);
  }
  const k = median(kernel);
  const h = median(heap);
  return { name: "Simulator/EventQueue", params: { pending, events: EVENTS }, kernelEventsPerSecond: Math.round(k), heapEventsPerSecond: Math.round(h), ratio: k / h, target: EVENT_QUEUE_TARGET };
}

/** The summary line of one instance. */
export function eventQueueSummary(row: EventQueueBenchRow): string[] {
  const met = row.ratio >= row.target ? "met" : "MISSED";
  return [
    row.name,
    `pending=${row.params.pending}`,
    `${rate(row.kernelEventsPerSecond)} events/s`,
    `${rate(row.heapEventsPerSecond)} events/s`,
    `${row.ratio.toFixed(2)}x`,
    `>= ${row.target}x ${met}`,
  ];
}

export async function benchEventQueue(opts: { full: boolean; filter?: RegExp; seed?: number }): Promise<EventQueueBenchRow[]> {
  const rows: EventQueueBenchRow[] = [];
  for (const pending of opts.full ? GRID.full : GRID.quick) {
    const key = `Simulator/EventQueue/pending=${pending}`;
    if (opts.filter !== undefined && !opts.filter.test(key)) continue;
    console.log(`Simulator/EventQueue: hold model, ${pending} events pending, ${EVENTS} events, median of ${REPEATS}`);
    const row = measure(pending, opts.seed ?? 1);
    const [, , kernel, heap, ratio, target] = eventQueueSummary(row);
    console.log(`  kernel ${kernel}, bare heap ${heap}, ratio ${ratio} (target ${target})`);
    rows.push(row);
  }
  return rows;
}

// Runnable directly: node --import tsx bench/event-queue.ts [--full] [filter]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const pattern = args.find((a) => !a.startsWith("--"));
  await benchEventQueue({ full: args.includes("--full"), ...(pattern === undefined ? {} : { filter: new RegExp(pattern) }) });
}
