// What every ported allocator benchmark shares: the allocator as Mesos's test
// fixtures configure it, the offer log its callback fills, Mesos-shaped printing,
// and timing of real work only.
//
// Time is simulated, as on Mesos's paused clock: `advanceTo` and `settle` are the
// only calls timed (`Clock::advance(interval); Clock::settle()` in Mesos), with
// `performance.now()` around them. The offer callback runs inside the timed region,
// as Mesos's does.
import { HierarchicalAllocator } from "../../allocators/hierarchical/hierarchical-allocator.ts";
import type { AllocatorOptions, SorterKind } from "../../allocators/allocator.ts";
import { Quantities } from "../../allocators/resources/quantities.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { RandomSource } from "../../common/random-source.ts";
import { Session } from "node:inspector";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Simulated µs per second; Mesos's default `--allocation_interval` is 1 s. */
export const SECOND = 1_000_000;
export const ALLOCATION_INTERVAL = SECOND;

/** Mesos's `Filters::refuse_seconds = INT_MAX` (clamped to 365 days by the allocator). */
export const INT_MAX = 2147483647;

/** One offer as Mesos's benchmark callbacks record it (`OfferedResources`). */
export interface OfferedResources {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
}

/** What one benchmark instance measured. */
export interface BenchResult {
  /** Mesos's test name, e.g. `DeclineOffers`. */
  readonly name: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Wall-clock ms of each timed cycle (or operation batch), in order. */
  readonly rounds: number[];
  /** Offers made in each timed cycle (same length as `rounds`; -1 where not applicable). */
  readonly offers: number[];
  /** Untimed-by-Mesos's-summary setup phases (`Added N agents in ...`), ms. */
  readonly setup: Record<string, number>;
  /** Anything else the benchmark reports (allocation runs, tasks launched). */
  readonly extra?: Record<string, number | string>;
}

/**
 * The part of the allocator API the benchmarks drive. `HierarchicalAllocator`
 * is one; the slow reference loop in test/bench/ is the other, so that one
 * benchmark body runs through both and their offers can be compared.
 */
export type BenchAllocator = Pick<
  HierarchicalAllocator,
  | "now"
  | "advanceTo"
  | "settle"
  | "pause"
  | "resume"
  | "addFramework"
  | "addAgent"
  | "updateAgent"
  | "recoverResources"
  | "suppressOffers"
  | "reviveOffers"
  | "updateQuota"
  | "updateAllocation"
  | "allocation"
> & { metrics(): { readonly allocationRuns: number } };

/** Builds the allocator a benchmark drives. */
export type AllocatorFactory = (options: {
  readonly seed: number;
  readonly sorter: SorterKind;
  readonly offer: AllocatorOptions["offer"];
}) => BenchAllocator;

/** Options every benchmark run takes. */
export interface RunOptions {
  /** Where the Mesos-shaped lines go. */
  readonly log: (line: string) => void;
  /** Root seed of the named random streams (agent shuffles, random sorter). */
  readonly seed?: number;
  /** Caps the number of timed rounds where Mesos runs many (DeclineOffers runs 2 × frameworks). */
  readonly maxRounds?: number;
  /** The allocator to drive (default: `HierarchicalAllocator`, see `createAllocator`). */
  readonly allocator?: AllocatorFactory;
  /** Called after every phase that can make offers, with the offers it made (tests compare these). */
  readonly onOffers?: (phase: string, offers: readonly OfferedResources[]) => void;
}

/** Mesos's `--min_allocatable_resources` default, `cpus:0.01|mem:32` (MIN_CPUS, MIN_MEM). */
export function defaultMinAllocatable(): Quantities[] {
  return [Quantities.parse("cpus:0.01"), Quantities.parse("mem:32")];
}

/** The default factory: Mesos's fixture flags (1 s interval, `cpus:0.01|mem:32`), named seeded streams. */
export const createHierarchicalAllocator: AllocatorFactory = ({ seed, sorter, offer }) => {
  const source = new RandomSource(seed);
  return new HierarchicalAllocator({
    allocationInterval: ALLOCATION_INTERVAL / SECOND,
    minAllocatable: defaultMinAllocatable(),
    sorter,
    random: (name) => source.stream(name),
    offer,
  });
};

/**
 * The allocator for one benchmark run, its callback appending to `offers` one
 * entry per (framework, role, agent), as Mesos's benchmark callbacks do.
 */
export function createAllocator(opts: RunOptions, offers: OfferedResources[], sorter: SorterKind = "drf"): BenchAllocator {
  const factory = opts.allocator ?? createHierarchicalAllocator;
  return factory({
    seed: opts.seed ?? 1,
    sorter,
    offer: (frameworkId, byRole) => {
      for (const [role, byAgent] of byRole) {
        for (const [agentId, resources] of byAgent) offers.push({ frameworkId, agentId, role, resources });
      }
    },
  });
}

/** Reports `offers` for `phase` to `opts.onOffers`, if set. */
export function reportOffers(opts: RunOptions, phase: string, offers: readonly OfferedResources[]): void {
  opts.onOffers?.(phase, offers);
}

/** Runs `fn` and returns the wall-clock ms it took. */
export function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * CPU ms (user + system, this process) of every `allocationCycle` so far, in
 * order. Wall time is what Mesos reports; CPU time is a cross-check that holds
 * up when other processes compete for the machine's cores.
 */
export const cycleCpuMs: number[] = [];

/**
 * With `MESOSIM_BENCH_PROFILE_DIR` set (`npm run bench -- --profile DIR`), each
 * allocation cycle, and nothing else, is CPU-profiled into
 * `DIR/<MESOSIM_BENCH_PROFILE_NAME>-cycle<k>.cpuprofile` (Chrome DevTools format).
 * The same-thread inspector session answers synchronously, so the profile starts
 * and stops exactly around the cycle.
 */
const profileDir = process.env.MESOSIM_BENCH_PROFILE_DIR;
let profiler: Session | undefined;

function profileCycle<T>(fn: () => T): T {
  if (profileDir === undefined || profileDir === "") return fn();
  if (profiler === undefined) {
    profiler = new Session();
    profiler.connect();
    profiler.post("Profiler.enable");
    profiler.post("Profiler.setSamplingInterval", { interval: 100 });
    mkdirSync(profileDir, { recursive: true });
  }
  const session = profiler;
  session.post("Profiler.start");
  const out = fn();
  session.post("Profiler.stop", (err, result) => {
    if (err !== null) throw err;
    const name = (process.env.MESOSIM_BENCH_PROFILE_NAME ?? "bench").replace(/[^\w.=-]+/g, "_");
    writeFileSync(join(profileDir, `${name}-cycle${cycleCpuMs.length}.cpuprofile`), JSON.stringify(result.profile));
  });
  return out;
}

/** One allocation cycle: `Clock::advance(interval); Clock::settle()`. Returns wall ms. */
export function allocationCycle(allocator: BenchAllocator): number {
  return profileCycle(() => {
    const cpu = process.cpuUsage();
    const ms = timed(() => {
      allocator.advanceTo(allocator.now + ALLOCATION_INTERVAL);
      allocator.settle();
    });
    const used = process.cpuUsage(cpu);
    cycleCpuMs.push((used.user + used.system) / 1000);
    return ms;
  });
}

/**
 * A duration as stout prints one (`85.1234ms`, `1.06047secs`, `250us`): the
 * largest unit that keeps the value ≥ 1, six significant digits.
 */
export function formatDuration(ms: number): string {
  const sig = (x: number) => String(Number(x.toPrecision(6)));
  if (ms >= 60_000) return `${sig(ms / 60_000)}mins`;
  if (ms >= 1000) return `${sig(ms / 1000)}secs`;
  if (ms >= 1) return `${sig(ms)}ms`;
  if (ms >= 0.001) return `${sig(ms * 1000)}us`;
  return `${sig(ms * 1e6)}ns`;
}

/**
 * Mesos's test helper `fragment(createRange(begin, end), n)`: `n` ranges carved
 * from the front of [begin, end], one value each two apart, the last one running
 * to `end`. `fragment([31000-32000], 16)` is `[31000-31000,31002-31002,...,31030-32000]`.
 */
export function fragmentRanges(begin: number, end: number, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const b = begin + i * 2;
    parts.push(`${b}-${i === n - 1 ? end : b}`);
  }
  return `[${parts.join(",")}]`;
}

/** Mesos's fixture ids: `framework1..M` and `agent1..N` (`nextFrameworkId`, `nextSlaveId`). */
export const frameworkId = (i: number): string => `framework${i + 1}`;
export const agentId = (i: number): string => `agent${i + 1}`;

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** How many timed rounds to run: Mesos's count, capped by `maxRounds`. */
export function roundCount(mesosRounds: number, opts: RunOptions): number {
  return opts.maxRounds === undefined ? mesosRounds : Math.min(mesosRounds, opts.maxRounds);
}

/** A benchmark: Mesos's name, where it comes from, its parameter grid as data, and its body. */
export interface AllocatorBenchmark<P extends Readonly<Record<string, number | string | boolean>>> {
  /** Mesos's test name (`DeclineOffers`). */
  readonly name: string;
  /** Mesos's source: gtest name and file. */
  readonly source: string;
  /** `quick`: the default set (may be empty); `full`: Mesos's whole grid. */
  readonly grid: { readonly quick: readonly P[]; readonly full: readonly P[] };
  /** A smaller instance of every code path, for the reference test. */
  readonly small: readonly P[];
  run(params: P, opts: RunOptions): BenchResult;
  /** The summary rows of a result (default: one, `median` over rounds). */
  rows?(result: BenchResult): SummaryRow[];
}

/** One line of the runner's summary table. */
export interface SummaryRow {
  /** `median`, or a named cycle (`cycle 1`) or batch (`total`). */
  readonly row: string;
  readonly ms: number;
  readonly offers: number;
}

/** The default summary: the median over rounds (and the median offer count). */
export function medianRow(result: BenchResult): SummaryRow[] {
  return [{ row: "median", ms: median(result.rounds), offers: median(result.offers) }];
}

/** Mesos's `::testing::Combine` over agents × frameworks (frameworks vary fastest). */
export function agentsByFrameworks(agents: readonly number[], frameworks: readonly number[]): Array<{ agents: number; frameworks: number }> {
  const out: Array<{ agents: number; frameworks: number }> = [];
  for (const a of agents) for (const f of frameworks) out.push({ agents: a, frameworks: f });
  return out;
}

/** `SlaveAndFrameworkCount`: the grid of `HierarchicalAllocator_BENCHMARK_Test` (index = agentIdx × 8 + frameworkIdx). */
export const AGENT_COUNTS = [1000, 5000, 10000, 20000, 30000, 50000] as const;
export const FRAMEWORK_COUNTS = [1, 50, 100, 200, 500, 1000, 3000, 6000] as const;
