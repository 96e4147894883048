// The `Simulator/` family of `npm run bench` beyond the event queue: whole runs of
// the simulator, each in a child process of its own (its peak RSS is its own).
//
//   Simulator/GoogleDay  examples/google-like.yaml: 12,583 agents, about 1 M tasks
//                        a day, DRF, 1 s allocation interval. The quick set runs
//                        its first hour; --full also runs the whole day.
//                        Two arms, interleaved: reports=on (reports/'s
//                        MetricsRecorder, as `mesosim run` makes it) and
//                        reports=off (sim/records/null-recorder.ts: the same
//                        records made, none kept), both through
//                        bench/simulator-child.js, timed phase by phase (wall and
//                        CPU). Medians of GOOGLE_DAY_RUNS runs of each arm (--runs).
//                        Targets: with reports ≤ 1.10× the CPU without them
//                        (simulation and the reports' files; issue 12); the day
//                        with reports ≤ 30 s wall, peak RSS ≤ 2 GiB.
//   Reports/Html         `mesosim report RUN --format html` (its command function,
//                        through bench/simulator-child.js) of the run directory
//                        of the last reports=on run of each horizon, 3 times
//                        (medians): wall, CPU, page size. Target for the day:
//                        ≤ 5 s CPU, page ≤ 2 MB (issue 12).
//   Simulator/Scale      50,000 agents, one simulated hour at steady load
//                        (bench/simulator/scale.yaml): wall time and peak RSS.
//   Simulator/Memory     the same workload for 1 and for 7 simulated days
//                        (bench/simulator/memory.yaml): peak RSS of the 7-day run
//                        ≤ 1.2× the 1-day run's. Full set only.
//
// Scale and Memory are child `mesosim run`s, timed by the run's own timing.json.
// Every child uses the compiled dist/ when it is fresh (as users run it), else the
// sources through tsx (bin/dist-freshness.js decides; bin/mesosim.js says so).
//
//   node --import tsx bench/simulator.ts [--full] [--runs N] [filter-regexp]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LiveHeap } from "./live-heap.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

export const GOOGLE_DAY_TARGET_SECONDS = 30;
export const GOOGLE_DAY_RSS_TARGET_BYTES = 2 * 1024 ** 3;
export const MEMORY_RATIO_TARGET = 1.2;
/** Simulator/GoogleDay: CPU with reports / CPU without, of the simulation and the reports' files. */
export const REPORTS_RATIO_TARGET = 1.1;
/** Reports/Html: `mesosim report --format html` of a google-like day ≤ 5 s (CPU), page ≤ 2 MB (issue 12). */
export const HTML_TARGET_SECONDS = 5;
export const HTML_TARGET_BYTES = 2e6;
/** Renders of each run directory by Reports/Html (the median is reported). */
const HTML_RUNS = 3;
/** Runs of each arm of Simulator/GoogleDay by horizon (the median is reported); --runs overrides. */
export const GOOGLE_DAY_RUNS: Readonly<Record<string, number>> = { "1h": 3, "1d": 1 };

interface Instance {
  readonly name: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly experiment: string;
  readonly horizon: string;
  readonly full: boolean;
  /** Run as two arms, reports on and off, through bench/simulator-child.js (else one `mesosim run`). */
  readonly arms?: true;
}

const INSTANCES: readonly Instance[] = [
  { name: "Simulator/GoogleDay", params: { agents: 12583, horizon: "1h" }, experiment: "examples/google-like.yaml", horizon: "1h", full: false, arms: true },
  { name: "Simulator/GoogleDay", params: { agents: 12583, horizon: "1d" }, experiment: "examples/google-like.yaml", horizon: "1d", full: true, arms: true },
  { name: "Simulator/Scale", params: { agents: 50000, horizon: "1h" }, experiment: "bench/simulator/scale.yaml", horizon: "1h", full: false },
  { name: "Simulator/Memory", params: { agents: 1000, horizon: "1d" }, experiment: "bench/simulator/memory.yaml", horizon: "1d", full: true },
  { name: "Simulator/Memory", params: { agents: 1000, horizon: "7d" }, experiment: "bench/simulator/memory.yaml", horizon: "7d", full: true },
];

/** Wall and CPU (user + system, every thread) seconds of one phase of a run. */
export interface PhaseTime {
  readonly wall: number;
  readonly cpu: number;
}

/** One run of bench/simulator-child.js (its line of JSON). */
export interface ArmRun {
  readonly arm: "on" | "off";
  /** "dist", or "sources (why)". */
  readonly build: string;
  /** Reading the experiment, generating and sorting its workload (the same in both arms). */
  readonly prepare: PhaseTime;
  /** runSimulation: the records made, and accumulated when on. */
  readonly simulate: PhaseTime;
  /** The recorder's summary and files (zero when off). */
  readonly finish: PhaseTime;
  readonly events: number;
  readonly simulatedSeconds: number;
  readonly peakRssBytes: number;
  readonly tasks?: number;
  readonly offers?: number;
}

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
  /**
   * Simulator/Scale and Simulator/Memory: the largest heap V8 reported right after
   * a full collection (Mark-Compact, `--trace-gc`): what was alive at its fullest,
   * without the slack V8 leaves before it collects again (docs/simulator.md,
   * "Memory over long runs").
   */
  readonly liveHeapBytes?: number;
  readonly tasks?: number;
  readonly offers?: number;
  /** Arms of Simulator/GoogleDay: median CPU seconds of the whole run (prepare + simulate + finish). */
  readonly cpuSeconds?: number;
  /** Arms: median wall and CPU seconds of simulate + finish (what the recorder can cost). */
  readonly recordsWallSeconds?: number;
  readonly recordsCpuSeconds?: number;
  /** Arms: every run, in the order they ran. */
  readonly runs?: readonly ArmRun[];
  /** Reports/Html: the size of report.html. */
  readonly pageBytes?: number;
}

function label(row: { name: string; params: Readonly<Record<string, string | number>> }): string {
  return `${row.name}/${Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join("/")}`;
}

/** Runs one instance in a child `mesosim run` and reads its timing.json and summary.json. */
async function runMesosim(inst: Instance): Promise<SimulatorBenchRow> {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-sim-"));
  const out = join(dir, "run");
  try {
    // --trace-gc: V8 prints a line per collection on stdout (read for liveHeapBytes).
    const child = spawn(process.execPath, ["--trace-gc", join(ROOT, "bin/mesosim.js"), "run", join(ROOT, inst.experiment), "--horizon", inst.horizon, "--out", out, "--json"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const live = new LiveHeap();
    child.stdout.on("data", (d: Buffer) => live.read(d.toString()));
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
      ...(live.maxBytes === undefined ? {} : { liveHeapBytes: live.maxBytes }),
      tasks: summary.tasks.submitted,
      ...(offers === undefined ? {} : { offers }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs bench/simulator-child.js with `args`; resolves with its line of JSON, or why it failed. */
async function runChild<T>(args: readonly string[], what: string): Promise<T | { error: string }> {
  // Plain node: the child loads dist/ itself when it is fresh, else registers tsx.
  const child = spawn(process.execPath, [join(HERE, "simulator-child.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on("close", res));
  if (code !== 0) return { error: `${what}: exit ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}` };
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as T;
}

/** One run of bench/simulator-child.js, or why it failed; its run directory is `keep` if given (left in place), else removed. */
async function runArm(inst: Instance, arm: "on" | "off", keep?: string): Promise<ArmRun | { error: string }> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), "mesosim-bench-sim-"));
  try {
    return await runChild<ArmRun>([join(ROOT, inst.experiment), inst.horizon, arm, keep ?? join(dir, "run")], `reports=${arm}`);
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** What bench/simulator-child.js's `report` mode prints. */
interface HtmlRun {
  readonly build: string;
  readonly wall: number;
  readonly cpu: number;
  readonly bytes: number;
  readonly peakRssBytes: number;
}

/** Reports/Html: `mesosim report RUN --format html` of a run of `inst`, HTML_RUNS times (medians), the page in scratch. */
async function renderHtml(inst: Instance, run: string, log?: (line: string) => void): Promise<SimulatorBenchRow> {
  const params = { agents: inst.params["agents"] ?? "", horizon: inst.horizon };
  const scratch = mkdtempSync(join(tmpdir(), "mesosim-bench-html-"));
  try {
    const got: HtmlRun[] = [];
    for (let i = 0; i < HTML_RUNS; i++) {
      const r = await runChild<HtmlRun>(["report", run, join(scratch, "report.html")], "mesosim report");
      if ("error" in r) return { name: "Reports/Html", params, status: "failed", error: r.error };
      log?.(`Reports/Html/${paramsLabel(params)} run ${i + 1}/${HTML_RUNS}: ${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, ${kb(r.bytes)} (${r.build})`);
      got.push(r);
    }
    return {
      name: "Reports/Html",
      params,
      status: "ok",
      wallSeconds: median(got.map((r) => r.wall)),
      cpuSeconds: median(got.map((r) => r.cpu)),
      peakRssBytes: median(got.map((r) => r.peakRssBytes)),
      pageBytes: (got[0] as HtmlRun).bytes,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const paramsLabel = (params: Readonly<Record<string, string | number>>) => Object.entries(params).map(([k, v]) => `${k}=${v}`).join("/");
const kb = (b: number) => `${Math.round(b / 1000)} kB`;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * The two rows (reports=off, reports=on) of `runs` runs of each arm, interleaved
 * off-on, on-off, …; the last reports=on run writes its run directory into `keep`.
 */
async function runArms(inst: Instance, runs: number, keep: string, log?: (line: string) => void): Promise<SimulatorBenchRow[]> {
  const got: Record<"on" | "off", ArmRun[]> = { on: [], off: [] };
  for (let i = 0; i < runs; i++) {
    // Alternating which arm goes first spreads a drift of the machine's load over both.
    for (const arm of i % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
      const r = await runArm(inst, arm, arm === "on" && i === runs - 1 ? keep : undefined);
      if ("error" in r) {
        return (["off", "on"] as const).map((a) => ({ name: inst.name, params: { ...inst.params, reports: a }, status: "failed" as const, error: r.error }));
      }
      log?.(
        `${label(inst)}/reports=${arm} run ${i + 1}/${runs}: ${r.prepare.wall.toFixed(1)} + ${r.simulate.wall.toFixed(1)} + ${r.finish.wall.toFixed(1)} s wall, ` +
          `${r.prepare.cpu.toFixed(1)} + ${r.simulate.cpu.toFixed(1)} + ${r.finish.cpu.toFixed(1)} s CPU (prepare + simulate + finish; ${r.build})`,
      );
      got[arm].push(r);
    }
  }
  return (["off", "on"] as const).map((arm): SimulatorBenchRow => {
    const rs = got[arm];
    const first = rs[0] as ArmRun;
    const wall = median(rs.map((r) => r.prepare.wall + r.simulate.wall + r.finish.wall));
    return {
      name: inst.name,
      params: { ...inst.params, reports: arm },
      status: "ok",
      wallSeconds: wall,
      cpuSeconds: median(rs.map((r) => r.prepare.cpu + r.simulate.cpu + r.finish.cpu)),
      recordsWallSeconds: median(rs.map((r) => r.simulate.wall + r.finish.wall)),
      recordsCpuSeconds: median(rs.map((r) => r.simulate.cpu + r.finish.cpu)),
      simulatedSeconds: first.simulatedSeconds,
      events: first.events,
      eventsPerSecond: first.events / wall,
      peakRssBytes: median(rs.map((r) => r.peakRssBytes)),
      ...(first.tasks === undefined ? {} : { tasks: first.tasks }),
      ...(first.offers === undefined ? {} : { offers: first.offers }),
      runs: rs,
    };
  });
}

/**
 * Runs the instances of the quick set (or all with `full`) whose label matches
 * `filter`, one at a time. `runs`: runs of each arm of Simulator/GoogleDay
 * (default GOOGLE_DAY_RUNS by horizon).
 */
export async function benchSimulator(o: { full: boolean; filter?: RegExp; runs?: number; log?: (line: string) => void }): Promise<SimulatorBenchRow[]> {
  const rows: SimulatorBenchRow[] = [];
  for (const inst of INSTANCES) {
    if (inst.full && !o.full) continue;
    if (inst.arms === true) {
      // Either arm's label selects both: the ratio needs the two. Reports/Html
      // renders the run directory of the last reports=on run (of a run of its
      // own when only Reports/Html is selected).
      const labels = ["off", "on"].map((a) => `${label(inst)}/reports=${a}`);
      const arms = o.filter === undefined || labels.some((l) => o.filter?.test(l) === true);
      const html = arms || o.filter?.test(`Reports/Html/agents=${inst.params["agents"]}/horizon=${inst.horizon}`) === true;
      if (!html) continue;
      const keep = mkdtempSync(join(tmpdir(), "mesosim-bench-sim-"));
      const run = join(keep, "run");
      try {
        let made = true;
        if (arms) {
          const runs = o.runs ?? GOOGLE_DAY_RUNS[inst.horizon] ?? 1;
          o.log?.(`${label(inst)}/reports=off,on (${runs} run${runs === 1 ? "" : "s"} of each) ...`);
          const got = await runArms(inst, runs, run, o.log);
          rows.push(...got);
          for (const row of got) {
            o.log?.(`${label(row)}: ${row.status === "ok" ? `median ${row.wallSeconds?.toFixed(1)} s wall, ${row.cpuSeconds?.toFixed(1)} s CPU, peak RSS ${mib(row.peakRssBytes)}` : row.error}`);
          }
          made = got.every((r) => r.status === "ok");
        } else {
          o.log?.(`${label(inst)}/reports=on (a run directory for Reports/Html) ...`);
          const r = await runArm(inst, "on", run);
          if ("error" in r) {
            rows.push({ name: "Reports/Html", params: { agents: inst.params["agents"] ?? "", horizon: inst.horizon }, status: "failed", error: r.error });
            made = false;
          }
        }
        if (made) rows.push(await renderHtml(inst, run, o.log));
      } finally {
        rmSync(keep, { recursive: true, force: true });
      }
      continue;
    }
    if (o.filter !== undefined && !o.filter.test(label(inst))) continue;
    o.log?.(`${label(inst)} ...`);
    const row = await runMesosim(inst);
    rows.push(row);
    o.log?.(`${label(inst)}: ${row.status === "ok" ? `${row.wallSeconds?.toFixed(1)} s wall, peak RSS ${mib(row.peakRssBytes)}, live heap after full GC at most ${mib(row.liveHeapBytes)}` : row.error}`);
  }
  return rows;
}

const mib = (b: number | undefined) => (b === undefined ? "-" : `${Math.round(b / 1024 ** 2)} MiB`);

/** The reports=off row that goes with a reports=on row of Simulator/GoogleDay. */
function offArm(row: SimulatorBenchRow, all: readonly SimulatorBenchRow[]): SimulatorBenchRow | undefined {
  return all.find((r) => r.name === row.name && r.params["horizon"] === row.params["horizon"] && r.params["reports"] === "off" && r.status === "ok");
}

/**
 * What reports cost in one Simulator/GoogleDay instance: on/off ratios of the
 * median CPU and wall seconds of simulate + finish (the target's figure), and of
 * the whole run's CPU; undefined unless both arms ran.
 */
export function reportsRatio(on: SimulatorBenchRow, all: readonly SimulatorBenchRow[]): { cpu: number; wall: number; wholeCpu: number; met: boolean } | undefined {
  const off = offArm(on, all);
  if (on.status !== "ok" || off === undefined) return undefined;
  if (on.recordsCpuSeconds === undefined || off.recordsCpuSeconds === undefined || on.recordsWallSeconds === undefined || off.recordsWallSeconds === undefined) return undefined;
  const cpu = on.recordsCpuSeconds / off.recordsCpuSeconds;
  return {
    cpu,
    wall: on.recordsWallSeconds / off.recordsWallSeconds,
    wholeCpu: (on.cpuSeconds ?? NaN) / (off.cpuSeconds ?? NaN),
    met: cpu <= REPORTS_RATIO_TARGET,
  };
}

/** Table rows: benchmark, parameters, wall, CPU, simulated/wall, events/s, peak RSS, tasks, offers, target. */
export function simulatorSummary(row: SimulatorBenchRow, all: readonly SimulatorBenchRow[]): string[] {
  const params = Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(" ");
  if (row.status !== "ok") return [row.name, params, "failed", "", "", "", "", "", "", row.error ?? ""];
  const ratio = row.simulatedSeconds !== undefined && row.wallSeconds ? `${Math.round(row.simulatedSeconds / row.wallSeconds)}×` : "";
  const targets: string[] = [];
  if (row.name === "Simulator/GoogleDay" && row.params["reports"] !== "off") {
    const x = reportsRatio(row, all);
    if (x !== undefined) {
      // The target is the day's (docs/simulator.md, "What the reports cost"): an
      // hour's runs spread by ±10 % from one to the next, as much as the target's
      // margin, so its ratio is shown but not judged.
      const ratio = `on/off ${x.cpu.toFixed(2)}× CPU, ${x.wall.toFixed(2)}× wall (simulate + finish; whole run ${x.wholeCpu.toFixed(2)}× CPU)`;
      targets.push(
        row.params["horizon"] === "1d"
          ? `${ratio}: ≤ ${REPORTS_RATIO_TARGET.toFixed(2)}× CPU ${x.met ? "met" : "missed"}`
          : `${ratio}; not judged: the ≤ ${REPORTS_RATIO_TARGET.toFixed(2)}× target is the day's (--full), an hour's runs spread more`,
      );
    }
    if (row.params["horizon"] === "1d") {
      const ok = (row.wallSeconds ?? Infinity) <= GOOGLE_DAY_TARGET_SECONDS && (row.peakRssBytes ?? Infinity) <= GOOGLE_DAY_RSS_TARGET_BYTES;
      targets.push(`≤ ${GOOGLE_DAY_TARGET_SECONDS} s, ≤ 2 GiB: ${ok ? "met" : "missed"}`);
    }
  }
  if (row.name === "Reports/Html" && row.pageBytes !== undefined) {
    const page = `page ${kb(row.pageBytes)}`;
    if (row.params["horizon"] === "1d") {
      const ok = (row.cpuSeconds ?? Infinity) <= HTML_TARGET_SECONDS && row.pageBytes <= HTML_TARGET_BYTES;
      targets.push(`${page}; ≤ ${HTML_TARGET_SECONDS} s CPU, ≤ 2 MB: ${ok ? "met" : "missed"}`);
    } else targets.push(`${page}; not judged: ≤ ${HTML_TARGET_SECONDS} s CPU, ≤ 2 MB is the day's target (--full)`);
  }
  if (row.name === "Simulator/Memory" && row.params["horizon"] === "7d") {
    const day = all.find((r) => r.name === "Simulator/Memory" && r.params["horizon"] === "1d" && r.status === "ok");
    if (day?.peakRssBytes !== undefined && row.peakRssBytes !== undefined) {
      const x = row.peakRssBytes / day.peakRssBytes;
      targets.push(`7d/1d RSS ${x.toFixed(2)}× (≤ ${MEMORY_RATIO_TARGET}×: ${x <= MEMORY_RATIO_TARGET ? "met" : "missed"})`);
    }
    if (day?.liveHeapBytes !== undefined && row.liveHeapBytes !== undefined) {
      // Shown, not judged: the target is on peak RSS.
      const x = row.liveHeapBytes / day.liveHeapBytes;
      targets.push(`live heap after full GC ${mib(row.liveHeapBytes)} (1d ${mib(day.liveHeapBytes)}): 7d/1d ${x.toFixed(2)}×, not judged`);
    }
  }
  return [
    row.name,
    params,
    `${row.wallSeconds?.toFixed(1)} s`,
    row.cpuSeconds === undefined ? "" : `${row.cpuSeconds.toFixed(1)} s`,
    ratio,
    row.eventsPerSecond === undefined ? "" : String(Math.round(row.eventsPerSecond)),
    mib(row.peakRssBytes),
    String(row.tasks ?? ""),
    String(row.offers ?? ""),
    targets.join("; "),
  ];
}

export const SIMULATOR_SUMMARY_HEADER = ["benchmark", "parameters", "wall", "CPU", "sim/wall", "events/s", "peak RSS", "tasks", "offers", "target"] as const;

/**
 * Simulator/GoogleDay's arms phase by phase: parameters, median wall / CPU seconds
 * of prepare, simulate, finish and simulate + finish, the simulate + finish CPU
 * seconds of every run (in the order they ran) and, on the reports=on row, the
 * on/off ratio of that CPU in each round (the two runs of a round ran one after
 * the other, so they saw much the same load).
 */
export function armPhases(row: SimulatorBenchRow, all: readonly SimulatorBenchRow[]): string[] | undefined {
  if (row.runs === undefined || row.runs.length === 0) return undefined;
  const rs = row.runs;
  const cpu = (r: ArmRun) => r.simulate.cpu + r.finish.cpu;
  const off = row.params["reports"] === "on" ? offArm(row, all)?.runs : undefined;
  const rounds = off === undefined ? "" : rs.map((r, i) => (off[i] === undefined ? "-" : (cpu(r) / cpu(off[i] as ArmRun)).toFixed(2))).join(", ");
  const pair = (f: (r: ArmRun) => PhaseTime) => `${median(rs.map((r) => f(r).wall)).toFixed(2)} / ${median(rs.map((r) => f(r).cpu)).toFixed(2)} s`;
  return [
    Object.entries(row.params).map(([k, v]) => `${k}=${v}`).join(" "),
    pair((r) => r.prepare),
    pair((r) => r.simulate),
    pair((r) => r.finish),
    `${row.recordsWallSeconds?.toFixed(2)} / ${row.recordsCpuSeconds?.toFixed(2)} s`,
    rs.map((r) => cpu(r).toFixed(2)).join(", "),
    rounds,
    (rs[0] as ArmRun).build,
  ];
}

export const ARM_PHASES_HEADER = ["parameters", "prepare (wall / CPU)", "simulate", "finish", "simulate + finish", "simulate + finish CPU of each run", "on/off each round", "build"] as const;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const full = args.includes("--full");
  const runsAt = args.indexOf("--runs");
  const runs = runsAt < 0 ? undefined : Number(args[runsAt + 1]);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs: expected a positive integer, got '${args[runsAt + 1]}'`);
  const pattern = args.find((a, i) => !a.startsWith("--") && !(runsAt >= 0 && i === runsAt + 1));
  const rows = await benchSimulator({
    full,
    ...(runs === undefined ? {} : { runs }),
    ...(pattern === undefined ? {} : { filter: new RegExp(pattern, "i") }),
    log: (l) => console.log(l),
  });
  for (const r of rows) console.log(simulatorSummary(r, rows).join(" | "));
  for (const r of rows) {
    const p = armPhases(r, rows);
    if (p !== undefined) console.log(p.join(" | "));
  }
}
