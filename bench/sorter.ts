// Sorter micro-benchmarks: ports of Mesos's `CommonSorterTest.BENCHMARK_FullSort`
// and `BENCHMARK_HierarchyFullSort` (src/tests/sorter_tests.cpp), run over both
// sorters, plus the allocator's hot pair, `allocated()` then `sort()`.
//
//   node --import tsx bench/sorter.ts [--full] [filter-regexp]
import { RandomSource } from "../common/random-source.ts";
//
// As in Mesos: each agent adds `cpus:24;mem:4096;disk:4096` to the total, and each
// agent gets one allocation of `cpus:16;mem:2014;disk:1024`, round-robin over the
// clients. Mesos's allocation also carries 100 port ranges; ports are not scalars
// and never reach our sorters (the allocator strips them), so they are left out.
// Mesos never activates the clients in these benchmarks, so its "full sort"
// recomputes nothing; we run that faithful variant (`active: "no"`) and one with
// every client active (`active: "yes"`), which is what an allocation cycle sees.
import { pathToFileURL } from "node:url";
import { Quantities } from "../allocators/resources/quantities.ts";
import type { Sorter } from "../allocators/sorters/sorter.ts";
import { createSorter, type SorterKind } from "../allocators/sorters/sorters.ts";

export type BenchResult = {
  name: string;
  params: Record<string, number | string>;
  phases: Array<{ phase: string; ms: number }>;
};

/** The scale grid, as data (Mesos's loops in sorter_tests.cpp). */
const GRID = {
  quick: { agents: [1000, 10000], clients: [100, 1000] },
  full: { agents: [1000, 5000, 10000, 20000, 30000, 50000], clients: [1, 50, 100, 200, 500, 1000] },
} as const;

/** (height, branching factor) of `BENCHMARK_HierarchyFullSort`: 1056, 1092 and 1022 clients. */
const SHAPES: ReadonlyArray<readonly [height: number, branching: number]> = [
  [3, 32],
  [7, 3],
  [10, 2],
];

const KINDS: readonly SorterKind[] = ["drf", "random"];
const SORTER_NAME: Record<SorterKind, string> = { drf: "DRFSorter", random: "RandomSorter" };
const AGENT = "cpus:24;mem:4096;disk:4096";
const ALLOCATION = "cpus:16;mem:2014;disk:1024";

/** A fixed-seed stream from the project's one seeded source: benchmarks are reproducible too. */
function stream(seed: number): () => number {
  return RandomSource.fresh(seed, "bench/sorter");
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(3)}secs` : ms >= 1 ? `${ms.toFixed(3)}ms` : `${(ms * 1000).toFixed(1)}us`;
}

/** Where the Mesos-shaped lines go (`npm run bench` shows them only with --verbose). */
type Log = (line: string) => void;

/** Times `fn`, records the phase and logs the Mesos-shaped line. */
function phase(log: Log, phases: BenchResult["phases"], name: string, line: (t: string) => string, fn: () => void): void {
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  phases.push({ phase: name, ms });
  log(line(fmt(ms)));
}

/** The body shared by FullSort and HierarchyFullSort, after the clients are chosen. */
function fullSort(log: Log, kind: SorterKind, clients: readonly string[], agentCount: number, active: boolean): BenchResult["phases"] {
  const phases: BenchResult["phases"] = [];
  const sorter: Sorter<string> = createSorter<string>(kind, { rng: stream(1) });
  const n = clients.length;
  phase(log, phases, "add clients", (t) => `Added ${n} clients in ${t}`, () => {
    for (const c of clients) {
      sorter.add(c, c);
      if (active) sorter.activate(c);
    }
  });
  // One vector per agent, as Mesos keeps per-agent quantities to remove them later.
  const agents: Quantities[] = [];
  for (let i = 0; i < agentCount; i++) agents.push(Quantities.parse(AGENT));
  phase(log, phases, "add agents", (t) => `Added ${agentCount} agents in ${t}`, () => {
    for (const q of agents) sorter.addTotal(q);
  });
  const allocated = Quantities.parse(ALLOCATION);
  phase(log, phases, "add allocations", (t) => `Added allocations for ${agentCount} agents in ${t}`, () => {
    for (let i = 0; i < agentCount; i++) sorter.allocated(clients[i % n] as string, allocated);
  });
  phase(log, phases, "full sort", (t) => `Full sort of ${n} clients took ${t}`, () => {
    sorter.sort();
  });
  phase(log, phases, "no-op sort", (t) => `No-op sort of ${n} clients took ${t}`, () => {
    sorter.sort();
  });
  phase(log, phases, "remove allocations", (t) => `Removed allocations for ${agentCount} agents in ${t}`, () => {
    for (let i = 0; i < agentCount; i++) sorter.unallocated(clients[i % n] as string, allocated);
  });
  phase(log, phases, "remove agents", (t) => `Removed ${agentCount} agents in ${t}`, () => {
    for (const q of agents) sorter.removeTotal(q);
  });
  phase(log, phases, "remove clients", (t) => `Removed ${n} clients in ${t}`, () => {
    for (const c of clients) sorter.remove(c);
  });
  return phases;
}

/** Mesos's depth-first tree: children before their parent; every non-root node is a client. */
function hierarchyClients(height: number, branching: number): string[] {
  const out: string[] = [];
  const build = (path: string, depth: number): void => {
    if (depth === 0) return;
    for (let i = 0; i < branching; i++) build(`${path}${i}/`, depth - 1);
    const client = path.endsWith("/") ? path.slice(0, -1) : path;
    if (client !== "") out.push(client);
  };
  build("", height);
  return out;
}

/**
 * The allocator's inner step with every client active and the tree sorted:
 * `allocated()` on one client, then `sort()`. Reported per pair, in microseconds.
 */
function allocatedThenSort(log: Log, kind: SorterKind, clientCount: number, iterations: number): BenchResult["phases"] {
  const sorter = createSorter<string>(kind, { rng: stream(2) });
  const clients: string[] = [];
  for (let i = 0; i < clientCount; i++) {
    clients.push(String(i));
    sorter.add(String(i), String(i));
    sorter.activate(String(i));
  }
  sorter.addTotal(Quantities.parse(`cpus:${24 * 10000};mem:${4096 * 10000};disk:${4096 * 10000}`));
  const small = Quantities.parse("cpus:1;mem:128;disk:64");
  sorter.sort();
  // Warm-up so that the JIT has compiled the path before it is timed.
  for (let i = 0; i < 2000; i++) {
    sorter.allocated(clients[i % clientCount] as string, small);
    sorter.sort();
  }
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    sorter.allocated(clients[(i * 7919) % clientCount] as string, small);
    sorter.sort();
  }
  const ms = performance.now() - start;
  log(`${iterations} x (allocated() + sort()) over ${clientCount} clients took ${fmt(ms)}: ${fmt(ms / iterations)} each`);
  return [
    { phase: "total", ms },
    { phase: "per allocated()+sort()", ms: ms / iterations },
  ];
}

/** One benchmark instance: its name and parameters, the line that announces it, and the run. */
interface SorterInstance {
  readonly name: string;
  readonly params: BenchResult["params"];
  readonly heading: string;
  readonly run: (log: Log) => BenchResult["phases"];
}

/** Every instance of the quick set or of Mesos's whole grid, in the order they run. */
function sorterInstances(full: boolean): SorterInstance[] {
  const out: SorterInstance[] = [];
  const grid = full ? GRID.full : GRID.quick;
  for (const kind of KINDS) {
    for (const active of [false, true]) {
      const name = `${SORTER_NAME[kind]}.FullSort`;
      for (const agents of grid.agents) {
        for (const clientCount of grid.clients) {
          out.push({
            name,
            params: { agents, clients: clientCount, active: active ? "yes" : "no" },
            heading: `${name}: using ${agents} agents and ${clientCount} clients${active ? " (active)" : ""}`,
            run: (log) => fullSort(log, kind, Array.from({ length: clientCount }, (_, i) => String(i)), agents, active),
          });
        }
      }
      const hname = `${SORTER_NAME[kind]}.HierarchyFullSort`;
      for (const agents of grid.agents) {
        for (const [height, branching] of SHAPES) {
          const clients = hierarchyClients(height, branching);
          out.push({
            name: hname,
            params: { agents, height, branching, clients: clients.length, active: active ? "yes" : "no" },
            heading: `${hname}: using ${agents} agents, height ${height}, branching ${branching}${active ? " (active)" : ""}`,
            run: (log) => fullSort(log, kind, clients, agents, active),
          });
        }
      }
    }
    const aname = `${SORTER_NAME[kind]}.AllocatedThenSort`;
    for (const clients of [100, 1000]) {
      const params = { clients, iterations: 20000 };
      out.push({ name: aname, params, heading: `${aname}: ${clients} active clients`, run: (log) => allocatedThenSort(log, kind, clients, params.iterations) });
    }
  }
  return out;
}

/** `DRFSorter.FullSort/agents=1000/clients=100/active=no`: how an instance is named and matched by a filter. */
const instanceKey = (i: Pick<SorterInstance, "name" | "params">): string =>
  `${i.name}/${Object.entries(i.params)
    .map(([k, v]) => `${k}=${v}`)
    .join("/")}`;

/** The names of the quick set's or the whole grid's instances (for `npm run bench` to say where a filter matches). */
export function sorterBenchmarkKeys(full: boolean): string[] {
  return sorterInstances(full).map(instanceKey);
}

export async function benchSorters(opts: { full: boolean; filter?: RegExp; log?: Log }): Promise<BenchResult[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const results: BenchResult[] = [];
  for (const instance of sorterInstances(opts.full)) {
    if (opts.filter !== undefined && !opts.filter.test(instanceKey(instance))) continue;
    log(instance.heading);
    results.push({ name: instance.name, params: instance.params, phases: instance.run(log) });
  }
  return results;
}

// Runnable directly: node --import tsx bench/sorter.ts [--full] [filter]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const pattern = args.find((a) => !a.startsWith("--"));
  await benchSorters({ full: args.includes("--full"), ...(pattern === undefined ? {} : { filter: new RegExp(pattern) }) });
}
