// The `Simulator/` family of `npm run bench` beyond the event queue: whole runs of
// `mesosim run`, each in a child process of its own (its peak RSS is its own),
// timed by the run's own timing.json (wall seconds, events/s, peak RSS).
//
//   Simulator/GoogleDay  examples/google-like.yaml: 12,583 agents, about 1 M tasks
//                        a day, DRF, 1 s allocation interval. The quick set runs
//                        its first hour; --full runs the whole day.
//                        Target: ≤ 30 s wall for the day, peak RSS ≤ 2 GiB.
//   Simulator/Scale      50,000 agents, one simulated hour at steady load
//                        (bench/simulator/scale.yaml): wall time and peak RSS.
//   Simulator/Memory     the same workload for 1 and for 7 simulated days
//                        (bench/simulator/memory.yaml): peak RSS of the 7-day run
//                        ≤ 1.2× the 1-day run's. Full set only.
//
// The runs use the compiled dist/ when it is fresh (as users run it), else the
// sources through tsx (bin/mesosim.js decides and says so).
//
//   node --import tsx bench/simulator.ts [--full] [filter-regexp]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

export const GOOGLE_DAY_TARGET_SECONDS = 30;
export const GOOGLE_DAY_RSS_TARGET_BYTES = 2 * 1024 ** 3;
export const MEMORY_RATIO_TARGET = 1.2;

interface Instance {
  readonly name: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly experiment: string;
  readonly horizon: string;
  readonly full: boolean;
}

const INSTANCES: readonly Instance[] = [
  { name: "Simulator/GoogleDay", params: { agents: 12583, horizon: "1h" }, experiment: "examples/google-like.yaml", horizon: "1h", full: false },
  { name: "Simulator/GoogleDay", params: { agents: 12583, horizon: "1d" }, experiment: "examples/google-like.yaml", horizon: "1d", full: true },
  { name: "Simulator/Scale", params: { agents: 50000, horizon: "1h" }, experiment: "bench/simulator/scale.yaml", horizon: "1h", full: false },
  { name: "Simulator/Memory", params: { agents: 1000, horizon: "1d" }, experiment: "bench/simulator/memory.yaml", horizon: "1d", full: true },
  { name: "Simulator/Memory", params: { agents: 1000, horizon: "7d" }, experiment: "bench/simulator/memory.yaml", horizon: "7d", full: true },
];

export interface SimulatorBenchRow {
  readonly name: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly status: "ok" | "failed";
  readonly error?: string;
  readonly wallSeconds?: number;
  readonly simulatedSeconds?: number;
  readonly events?: number;
  readonly eventsPerSecond?: number;
  readonly peakRssBytes?: number;
  readonly tasks?: number;
  readonly offers?: number;
}

function label(row: { name: string; params: Readonly<Record<string, string | number>> }): string {
  return `${row.name}/${Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join("/")}`;
}

/** Runs one instance in a child `mesosim run` and reads its timing.json and summary.json. */
async function runInstance(inst: Instance): Promise<SimulatorBenchRow> {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-sim-"));
  const out = join(dir, "run");
  try {
    const child = spawn(process.execPath, [join(ROOT, "bin/mesosim.js"), "run", join(ROOT, inst.experiment), "--horizon", inst.horizon, "--out", out, "--json"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const code = await new Promise<number | null>((res) => child.on("close", res));
    if (code !== 0) return { name: inst.name, params: inst.params, status: "failed", error: `exit ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}` };
    const timing = JSON.parse(readFileSync(join(out, "timing.json"), "utf8")) as Record<string, number>;
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      spanSeconds?: number;
      tasks: { submitted: number };
      frameworks?: Array<{ offersReceived: number }>;
    };
    const offers = summary.frameworks?.reduce((n, f) => n + f.offersReceived, 0);
    return {
      name: inst.name,
      params: inst.params,
      status: "ok",
      wallSeconds: timing["wallSeconds"] as number,
      ...(timing["simulatedSeconds"] === undefined ? {} : { simulatedSeconds: timing["simulatedSeconds"] }),
      ...(timing["events"] === undefined ? {} : { events: timing["events"] }),
      ...(timing["eventsPerSecond"] === undefined ? {} : { eventsPerSecond: timing["eventsPerSecond"] }),
      peakRssBytes: timing["peakRssBytes"] as number,
      tasks: summary.tasks.submitted,
      ...(offers === undefined ? {} : { offers }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the instances of the quick set (or all with `full`) whose label matches `filter`, one at a time. */
export async function benchSimulator(o: { full: boolean; filter?: RegExp; log?: (line: string) => void }): Promise<SimulatorBenchRow[]> {
  const rows: SimulatorBenchRow[] = [];
  for (const inst of INSTANCES) {
    if (inst.full && !o.full) continue;
    if (o.filter !== undefined && !o.filter.test(label(inst))) continue;
    o.log?.(`${label(inst)} ...`);
    const row = await runInstance(inst);
    rows.push(row);
    o.log?.(`${label(inst)}: ${row.status === "ok" ? `${row.wallSeconds?.toFixed(1)} s wall, peak RSS ${mib(row.peakRssBytes)}` : row.error}`);
  }
  return rows;
}

const mib = (b: number | undefined) => (b === undefined ? "-" : `${Math.round(b / 1024 ** 2)} MiB`);

/** Table rows: benchmark, parameters, wall, simulated/wall, events/s, peak RSS, tasks, offers, target. */
export function simulatorSummary(row: SimulatorBenchRow, all: readonly SimulatorBenchRow[]): string[] {
  const params = Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(" ");
  if (row.status !== "ok") return [row.name, params, "failed", "", "", "", "", "", row.error ?? ""];
  const ratio = row.simulatedSeconds !== undefined && row.wallSeconds ? `${Math.round(row.simulatedSeconds / row.wallSeconds)}×` : "";
  let target = "";
  if (row.name === "Simulator/GoogleDay" && row.params["horizon"] === "1d") {
    const ok = (row.wallSeconds ?? Infinity) <= GOOGLE_DAY_TARGET_SECONDS && (row.peakRssBytes ?? Infinity) <= GOOGLE_DAY_RSS_TARGET_BYTES;
    target = `≤ ${GOOGLE_DAY_TARGET_SECONDS} s, ≤ 2 GiB: ${ok ? "met" : "missed"}`;
  }
  if (row.name === "Simulator/Memory" && row.params["horizon"] === "7d") {
    const day = all.find((r) => r.name === "Simulator/Memory" && r.params["horizon"] === "1d" && r.status === "ok");
    if (day?.peakRssBytes !== undefined && row.peakRssBytes !== undefined) {
      const x = row.peakRssBytes / day.peakRssBytes;
      target = `7d/1d RSS ${x.toFixed(2)}× (≤ ${MEMORY_RATIO_TARGET}×: ${x <= MEMORY_RATIO_TARGET ? "met" : "missed"})`;
    }
  }
  return [
    row.name,
    params,
    `${row.wallSeconds?.toFixed(1)} s`,
    ratio,
    row.eventsPerSecond === undefined ? "" : String(Math.round(row.eventsPerSecond)),
    mib(row.peakRssBytes),
    String(row.tasks ?? ""),
    String(row.offers ?? ""),
    target,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const full = args.includes("--full");
  const pattern = args.find((a) => !a.startsWith("--"));
  const rows = await benchSimulator({ full, ...(pattern === undefined ? {} : { filter: new RegExp(pattern, "i") }), log: (l) => console.log(l) });
  for (const r of rows) console.log(simulatorSummary(r, rows).join(" | "));
}
