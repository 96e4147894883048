// Resources micro benchmarks: ports of Mesos's `resources_tests.cpp` benchmarks
// (Resources_Scalar_Arithmetic_BENCHMARK_Test, Resources_Filter_BENCHMARK_Test,
// Resources_Contains_BENCHMARK_Test, Resources_Parse_BENCHMARK_Test,
// Resources_Ranges_BENCHMARK_Test) with Mesos's operands and operation counts,
// driven by tinybench.
//
// One tinybench iteration is one of Mesos's timed loops (e.g. 50,000 ×
// `r.nonRevocable()`), so the mean is directly Mesos's printed figure; p50, p99
// and ops/s (single operations per second) come with it.
//
//   node --import tsx bench/resources.ts [--full] [filter-regexp]
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { Resource } from "../allocators/resources/resource.ts";
import type { Label, Reservation } from "../allocators/resources/resource.ts";
import { parseResources } from "../allocators/resources/resource-parse.ts";
import { Resources } from "../allocators/resources/resources.ts";
import { formatDuration, fragmentRanges } from "./allocator/harness.ts";

export interface MicroResult {
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
  /** Operations per timed batch (Mesos's loop count). */
  readonly batch: number;
  /** Batch latency, ms. */
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  /** Single operations per second (batch × batches per second). */
  readonly opsPerSec: number;
  readonly samples: number;
}

interface Case {
  readonly name: string;
  readonly params: Record<string, number | string>;
  readonly batch: number;
  /** Mesos's printed description, after "Took X to perform N ". */
  readonly what: string;
  readonly quick: boolean;
  /** Builds the operands (untimed) and returns the timed batch. */
  readonly make: () => () => void;
}

/** Mesos's `abbreviate`. */
function abbreviate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

const text = (r: Resources) => r.toString().replaceAll("; ", ";");

function scalar(name: string, value: number, meta: ConstructorParameters<typeof Resource>[3] = {}): Resource {
  return new Resource(name, "SCALAR", { scalar: Math.round(value * 1000) }, meta);
}

/** Keeps results alive so that the JIT cannot drop the work. */
let sink: unknown;

/** The last result kept alive (read so that the sink is observable). */
export function lastSinkValue(): unknown {
  return sink;
}

function arithmeticCases(): Case[] {
  const scalars = parseResources("cpus:1;gpus:1;mem:128;disk:256");
  // 1000 distinct labeled dynamic reservations of the same scalars (nothing merges).
  let reservations = Resources.EMPTY;
  for (let i = 0; i < 1000; i++) {
    const labels: Label[] = [{ key: `key_${i}`, value: `value_${i}` }];
    const reservation: Reservation = { type: "DYNAMIC", role: String(i), principal: `principal_${i}`, labels };
    reservations = reservations.plus(scalars.pushReservation(reservation));
  }
  // `cpus:1;mem:128` + a shared 256 MB volume reserved to `test` (createDiskResource(..., true)).
  const shared = parseResources("cpus:1;mem:128").plus(
    scalar("disk", 256, {
      reservations: [{ type: "STATIC", role: "test" }],
      disk: { persistence: { id: "persistentId" }, volume: { containerPath: "/volume", mode: "RW" } },
      shared: true,
    }),
  );
  // The 4,000 unmergeable reservations make every `+` a quadratic merge: a few
  // seconds per batch, so only under --full.
  const params: Array<[string, Resources, number, boolean]> = [
    ["scalars", scalars, 50000, true],
    ["reservations", reservations, 10, false],
    ["shared", shared, 50000, true],
  ];
  const out: Case[] = [];
  params.forEach(([label, r, n, quick], index) => {
    const on = abbreviate(text(r), 50);
    // Ours are immutable: `total += r` and `total = total + r` are the same call;
    // both of Mesos's forms are kept so that the lines match one to one.
    for (const op of ["total += r", "total = total + r"]) {
      out.push({
        name: "Resources_Scalar_Arithmetic.Arithmetic",
        params: { instance: index, resources: label, op },
        batch: n,
        what: `'${op}' operations on ${on}`,
        quick,
        make: () => () => {
          let total = Resources.EMPTY;
          for (let i = 0; i < n; i++) total = total.plus(r);
          sink = total;
        },
      });
    }
    for (const op of ["total -= r", "total = total - r"]) {
      out.push({
        name: "Resources_Scalar_Arithmetic.Arithmetic",
        params: { instance: index, resources: label, op },
        batch: n,
        what: `'${op}' operations on ${on}`,
        quick,
        make: () => {
          // Subtraction starts from the sum of n copies, as Mesos's loop does.
          let full = Resources.EMPTY;
          for (let i = 0; i < n; i++) full = full.plus(r);
          return () => {
            let total = full;
            for (let i = 0; i < n; i++) total = total.minus(r);
            if (!total.isEmpty()) throw new Error(`'${op}' left ${total.toString()}`);
            sink = total;
          };
        },
      });
    }
  });
  return out;
}

function filterCases(): Case[] {
  const n = 50000;
  const nonRevocable = parseResources("cpus:1;gpus:1;mem:128;disk:256");
  const revocable = Resources.of([scalar("cpus", 1, { revocable: true })]);
  const reserved = parseResources("cpus(role):1;gpus(role):1;mem(role):128;disk(role):256");
  const cases: Array<[string, Resources, (r: Resources) => Resources]> = [
    ["r.nonRevocable()", nonRevocable, (r) => r.nonRevocable()],
    ["r.revocable()", revocable, (r) => r.revocable()],
    ["r.unreserved()", nonRevocable, (r) => r.unreserved()],
    ["r.reserved(role)", reserved, (r) => r.reserved("role")],
  ];
  return cases.map(([op, r, f]) => ({
    name: "Resources_Filter.Filters",
    params: { op },
    batch: n,
    what: `'${op}' operations on ${text(r)}`,
    quick: true,
    make: () => () => {
      for (let i = 0; i < n; i++) sink = f(r);
    },
  }));
}

function containsCases(): Case[] {
  const s1sub = parseResources("cpus:1;mem:128");
  const s1sup = parseResources("cpus:1;gpus:1;mem:128;disk:256");
  const rsub = parseResources(`ports:${fragmentRanges(1, 16000, 8000)}`);
  const rsup = parseResources("ports:[1-16000]");
  const msub = s1sub.plus(rsub);
  const msup = s1sup.plus(rsup);
  const params: Array<[Resources, Resources, number]> = [
    [s1sub, s1sup, 5000],
    [s1sup, s1sub, 5000],
    [s1sub, s1sub, 5000],
    [rsub, rsup, 100],
    [rsup, rsub, 50],
    [rsub, rsub, 1],
    [msub, msup, 100],
    [msup, msub, 50],
    [msub, msub, 1],
  ];
  return params.map(([subset, superset, n], index) => ({
    name: "Resources_Contains.Contains",
    params: { instance: index },
    batch: n,
    what: `'superset.contains(subset)' operations on superset resources ${abbreviate(text(superset), 50)} contains subset resources ${abbreviate(text(subset), 50)}`,
    quick: true,
    make: () => () => {
      for (let i = 0; i < n; i++) sink = superset.contains(subset);
    },
  }));
}

function parseCases(): Case[] {
  const input = Array.from({ length: 100 }, (_, i) => `res${i}:${i}`).join(";");
  return [1000, 10000, 50000].map((n) => ({
    name: "Resources_Parse.Parse",
    params: { iterations: n },
    batch: n,
    what: `'Resources::parse' operations of 100 scalars`,
    quick: n === 1000,
    make: () => () => {
      for (let i = 0; i < n; i++) sink = parseResources(input);
    },
  }));
}

function rangesCases(): Case[] {
  const out: Case[] = [];
  for (const size of [10, 100, 1000]) {
    const r1: string[] = [];
    const r2: string[] = [];
    for (let i = 0, p1 = 1, p2 = 3, stride = 5; i < size; i++) {
      r1.push(`${p1}-${p1 + stride}`);
      r2.push(`${p2}-${p2 + stride}`);
      p1 += stride * 2;
      p2 += stride * 2;
    }
    // Built as separate ranges, then coalesced as Mesos's `Resources` does.
    const ports1 = parseResources(`ports:[${r1.join(",")}]`);
    const ports2 = parseResources(`ports:[${r2.join(",")}]`);
    const n = 1000;
    for (const [op, f] of [
      ["a += b", (a: Resources, b: Resources) => a.plus(b)],
      ["a -= b", (a: Resources, b: Resources) => a.minus(b)],
    ] as const) {
      out.push({
        name: "Resources_Ranges.ArithmeticOverlapping",
        params: { subRanges: size, op },
        batch: n,
        what: `'${op}' operations on ports with ${size} sub-ranges`,
        quick: true,
        make: () => () => {
          for (let i = 0; i < n; i++) sink = f(ports1, ports2);
        },
      });
    }
  }
  return out;
}

function key(c: Pick<Case, "name" | "params">): string {
  return `${c.name}/${Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join("/")}`;
}

/** The cases of the quick set, or of Mesos's whole list. */
const casesOf = (full: boolean): Case[] =>
  [...arithmeticCases(), ...filterCases(), ...containsCases(), ...parseCases(), ...rangesCases()].filter((c) => full || c.quick);

/** The names of the quick set's or the whole list's cases (for `npm run bench` to say where a filter matches). */
export function resourceBenchmarkKeys(full: boolean): string[] {
  return casesOf(full).map(key);
}

/** Runs the cases; the per-case Mesos-shaped lines go to `log` (default stdout), the table to stdout. */
export async function benchResources(opts: { full: boolean; filter?: RegExp; log?: (line: string) => void }): Promise<MicroResult[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const cases = casesOf(opts.full).filter((c) => opts.filter === undefined || opts.filter.test(key(c)));
  if (cases.length === 0) return [];
  const bench = new Bench({ time: opts.full ? 1000 : 200, iterations: 5, warmupIterations: 2, throws: true });
  for (const c of cases) bench.add(key(c), c.make());
  await bench.run();
  const results: MicroResult[] = [];
  const rows: string[][] = [];
  cases.forEach((c, i) => {
    const task = bench.tasks[i];
    const r = task?.result;
    if (r === undefined || !("latency" in r)) throw new Error(`${key(c)}: no result`);
    const lat = r.latency;
    const opsPerSec = lat.mean > 0 ? (c.batch * 1000) / lat.mean : Infinity;
    log(`Took ${formatDuration(lat.mean)} to perform ${c.batch} ${c.what}`);
    results.push({ name: c.name, params: c.params, batch: c.batch, mean: lat.mean, p50: lat.p50, p99: lat.p99, opsPerSec, samples: lat.samplesCount ?? 0 });
    rows.push([key(c), String(c.batch), formatDuration(lat.mean), formatDuration(lat.p50), formatDuration(lat.p99), opsPerSec.toExponential(2)]);
  });
  console.log("");
  const header = ["benchmark", "ops/batch", "mean/batch", "p50", "p99", "ops/s"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log("");
  return results;
}

// Runnable directly: node --import tsx bench/resources.ts [--full] [filter]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const pattern = args.find((a) => !a.startsWith("--"));
  await benchResources({ full: args.includes("--full"), ...(pattern === undefined ? {} : { filter: new RegExp(pattern, "i") }) });
}
