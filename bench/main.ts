// `npm run bench`: Mesos's allocator, sorter and resource benchmarks, ported with
// Mesos's parameters, printing Mesos-shaped lines and a summary against Mesos's
// published figures.
//
//   npm run bench -- [--full] [--filter PATTERN] [--verbose] [--json FILE] [--rounds N|all] [--runs N] [--seed N]
//
// Each allocator benchmark instance runs in a child process of its own (see
// run-one.ts): its peak RSS is its own, and an instance that runs out of memory
// under `--full` is reported as not fitting instead of ending the run.
import { fork } from "node:child_process";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ALLOCATOR_BENCHMARKS, paramsLabel } from "./allocator/index.ts";
import { formatDuration, medianRow } from "./allocator/harness.ts";
import type { BenchResult, SummaryRow } from "./allocator/harness.ts";
import { mesosFigure } from "./mesos-figures.ts";
import type { ChildMessage } from "./run-one.ts";
import { benchSorters, sorterBenchmarkKeys } from "./sorter.ts";
import { benchResources, resourceBenchmarkKeys } from "./resources.ts";
import { benchEventQueue, eventQueueSummary } from "./event-queue.ts";
import { ARM_PHASES_HEADER, REPORTS_RATIO_TARGET, SIMULATOR_SUMMARY_HEADER, armPhases, benchSimulator, simulatorSummary } from "./simulator.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

const HELP = `npm run bench -- [options]

Runs Mesos's allocator benchmarks (src/tests/hierarchical_allocator_tests.cpp,
hierarchical_allocator_benchmarks.cpp), the sorter FullSort benchmarks and the
Resources micro benchmarks, the simulator's event queue
(Simulator/EventQueue), whole simulator runs (Simulator/GoogleDay with reports
off and on, Reports/Html, Simulator/Scale, Simulator/Memory) and trace
conversion, and prints Mesos-shaped lines and a summary table against Mesos's
best published figures.

Options:
  --full            Mesos's whole parameter grid (over 25 min on 2 cores; default:
                    the quick set, about 1.5 min on 2 cores: DeclineOffers 1k/100,
                    5k/500, 10k/1k, LargeAndSmallQuota with 3,000 agents, the sorter
                    and resource micro benchmarks, trace conversion)
  --filter PATTERN  only benchmarks whose 'Name/param=value/...' matches the
                    regular expression PATTERN (case-insensitive), among the quick
                    set, or the whole grid with --full; says so when the whole
                    grid has matches that the quick set lacks
  --verbose         also print every round's and phase's Mesos-shaped line (by
                    default only the progress lines and the summary tables)
  --json FILE       also write the figures as JSON to FILE (atomically)
  --rounds N|all    cap on timed rounds where Mesos runs many (default 10;
                    'all' runs Mesos's count, e.g. 2 x frameworks for DeclineOffers)
  --runs N          runs of each arm (reports off and on) of Simulator/GoogleDay,
                    whose medians are reported (default 3 for the hour, 1 for
                    the day)
  --seed N          root seed of the allocator's random streams (default 1)
  --memory MB       heap limit of each benchmark process (default 16384)
  --profile DIR     CPU-profile every timed allocation cycle (and only those) into
                    DIR/<benchmark>-cycle<k>.cpuprofile
  --help            this text
`;

interface InstanceOutcome {
  readonly name: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly status: "ok" | "failed";
  readonly error?: string;
  readonly result?: BenchResult;
  readonly peakRssBytes?: number;
  readonly cycleCpuMs?: readonly number[];
  readonly rows: SummaryRow[];
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      full: { type: "boolean", default: false },
      filter: { type: "string" },
      verbose: { type: "boolean", default: false },
      json: { type: "string" },
      rounds: { type: "string", default: "10" },
      runs: { type: "string" },
      seed: { type: "string", default: "1" },
      memory: { type: "string", default: "16384" },
      profile: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const rounds = values.rounds === "all" ? undefined : Number(values.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new Error(`--rounds: expected a positive integer or 'all', got '${values.rounds}'`);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs: expected a positive integer, got '${values.runs}'`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got '${values.seed}'`);
  const memory = Number(values.memory);
  if (!(Number.isInteger(memory) && memory > 0)) throw new Error(`--memory: expected MB, got '${values.memory}'`);
  return {
    full: values.full === true,
    verbose: values.verbose === true,
    filter: values.filter === undefined ? undefined : new RegExp(values.filter, "i"),
    /** The pattern as typed (a RegExp's source escapes its slashes). */
    filterText: values.filter ?? "",
    json: values.json,
    maxRounds: rounds,
    googleDayRuns: runs,
    seed,
    memory,
    profile: values.profile === undefined ? undefined : resolve(values.profile),
    help: values.help === true,
  };
}

type Options = ReturnType<typeof parseOptions>;

/** Runs one instance in a child process; resolves with its result or why it failed. */
function runChild(name: string, params: Record<string, number | string | boolean>, opts: Options): Promise<ChildMessage | { error: string }> {
  return new Promise((done) => {
    const childOptions = { seed: opts.seed, ...(opts.maxRounds === undefined ? {} : { maxRounds: opts.maxRounds }) };
    const child = fork(join(HERE, "run-one.ts"), [name, JSON.stringify(params), JSON.stringify(childOptions)], {
      // The parent's flags (`--import tsx`, and `--cpu-prof*` when profiling) carry over.
      execArgv: [...process.execArgv.filter((a) => !a.startsWith("--max-old-space-size")), `--max-old-space-size=${opts.memory}`],
      // The child's stdout is its Mesos-shaped lines, one per round: shown with --verbose only.
      stdio: ["ignore", opts.verbose ? "inherit" : "ignore", "pipe", "ipc"],
      env:
        opts.profile === undefined
          ? process.env
          : { ...process.env, MESOSIM_BENCH_PROFILE_DIR: opts.profile, MESOSIM_BENCH_PROFILE_NAME: `${name}-${paramsLabel(params)}` },
    });
    let message: ChildMessage | undefined;
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    child.on("message", (m) => {
      message = m as ChildMessage;
    });
    child.on("exit", (code, signal) => {
      if (message !== undefined) return done(message);
      const oom = /heap out of memory|Allocation failed/i.test(stderr) || signal === "SIGKILL";
      const why = oom ? "did not fit in memory" : `exited with ${signal ?? `code ${code}`}`;
      // The first error line says what went wrong; node's last line is only its version.
      const line = stderr.split("\n").find((l) => /error|fatal/i.test(l)) ?? stderr.trim().split("\n")[0] ?? "";
      done({ error: `${why}${line === "" ? "" : `: ${line.trim()}`}` });
    });
  });
}

function mib(bytes: number | undefined): string {
  return bytes === undefined ? "-" : `${Math.round(bytes / 2 ** 20)} MiB`;
}

function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

/** The summary table: one line per summary row of every allocator instance. */
function summaryLines(outcomes: readonly InstanceOutcome[]): string[][] {
  const lines: string[][] = [];
  for (const o of outcomes) {
    const params = paramsLabel(o.params);
    if (o.status === "failed") {
      lines.push([o.name, params, "-", o.error ?? "failed", "", "", "", "", "-"]);
      continue;
    }
    for (const row of o.rows) {
      const fig = mesosFigure({ name: o.name, params: o.params }, row.row);
      const ratio = fig === undefined ? "-" : `${(fig.mesosMs / row.ms).toFixed(1)}x`;
      const target = fig?.targetMs === undefined ? "-" : `<= ${formatDuration(fig.targetMs)} ${row.ms <= fig.targetMs ? "met" : "MISSED"}`;
      lines.push([
        o.name,
        params,
        row.row,
        formatDuration(row.ms),
        String(row.offers),
        fig === undefined ? "-" : `${formatDuration(fig.mesosMs)} (${fig.source})`,
        ratio,
        target,
        mib(o.peakRssBytes),
      ]);
    }
  }
  return lines;
}

/**
 * The allocator, sorter and resource benchmarks that `matches` selects in Mesos's
 * whole grid but not in the quick set (trace conversion has the same names in both).
 */
function fullGridOnly(matches: (key: string) => boolean): string[] {
  const keys = (full: boolean): string[] => [
    ...ALLOCATOR_BENCHMARKS.flatMap((b) => (full ? b.grid.full : b.grid.quick).map((p) => `${b.name}/${paramsLabel(p)}`)),
    ...sorterBenchmarkKeys(full),
    ...resourceBenchmarkKeys(full),
  ];
  const quick = new Set(keys(false).filter(matches));
  return keys(true).filter((k) => matches(k) && !quick.has(k));
}

function writeJsonAtomically(file: string, data: unknown): void {
  const path = resolve(file);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, path);
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions();
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const started = new Date();
  const matches = (key: string) => opts.filter === undefined || opts.filter.test(key);
  const log = opts.verbose ? (line: string) => console.log(line) : () => {};
  const onlyInFull = opts.filter === undefined || opts.full ? [] : fullGridOnly(matches);
  if (onlyInFull.length > 0) {
    const some = onlyInFull.slice(0, 3).join(", ") + (onlyInFull.length > 3 ? ", ..." : "");
    console.error(`note: --filter '${opts.filterText}' matches ${onlyInFull.length} benchmark${onlyInFull.length === 1 ? "" : "s"} that only --full runs (${some}); add --full to run them`);
  }

  // 1. Allocator benchmarks, one process each.
  const outcomes: InstanceOutcome[] = [];
  for (const bench of ALLOCATOR_BENCHMARKS) {
    for (const params of opts.full ? bench.grid.full : bench.grid.quick) {
      const key = `${bench.name}/${paramsLabel(params)}`;
      if (!matches(key)) continue;
      console.log(`[ RUN      ] ${key}`);
      const got = await runChild(bench.name, { ...params }, opts);
      if ("error" in got) {
        console.log(`[  FAILED  ] ${key}: ${got.error}`);
        outcomes.push({ name: bench.name, params, status: "failed", error: got.error, rows: [] });
        continue;
      }
      const rows = bench.rows?.(got.result) ?? medianRow(got.result);
      const cpu = got.medianCycleCpuMs === null ? "" : `, median cycle CPU ${formatDuration(got.medianCycleCpuMs)}`;
      console.log(`[       OK ] ${key} (median ${formatDuration(rows[0]?.ms ?? NaN)}${cpu}, peak RSS ${mib(got.peakRssBytes)})`);
      outcomes.push({ name: bench.name, params, status: "ok", result: got.result, peakRssBytes: got.peakRssBytes, cycleCpuMs: got.cycleCpuMs, rows });
    }
  }

  // 2. Sorter micro benchmarks (bench/sorter.ts), in this process; their phases
  // in one table (every phase's line with --verbose).
  const sorter = await benchSorters({ full: opts.full, log, ...(opts.filter === undefined ? {} : { filter: opts.filter }) });
  if (sorter.length > 0) {
    console.log("");
    printTable(
      ["sorter benchmark", "full sort", "no-op sort", "allocated()+sort()"],
      sorter.map((s) => {
        const at = (phase: string) => {
          const p = s.phases.find((x) => x.phase === phase);
          return p === undefined ? "-" : formatDuration(p.ms);
        };
        return [`${s.name}/${paramsLabel(s.params)}`, at("full sort"), at("no-op sort"), at("per allocated()+sort()")];
      }),
    );
  }

  // 3. Resources micro benchmarks (bench/resources.ts), in this process; they print their own table.
  const resources = await benchResources({ full: opts.full, log, ...(opts.filter === undefined ? {} : { filter: opts.filter }) });

  // 4. The simulator kernel's event queue against a bare heap (bench/event-queue.ts), in this process.
  const simulator = await benchEventQueue({ full: opts.full, seed: opts.seed, ...(opts.filter === undefined ? {} : { filter: opts.filter }) });

  // 4b. Whole simulator runs (bench/simulator.ts), each in a child process.
  const runs = await benchSimulator({
    full: opts.full,
    log: (l) => console.log(l),
    ...(opts.googleDayRuns === undefined ? {} : { runs: opts.googleDayRuns }),
    ...(opts.filter === undefined ? {} : { filter: opts.filter }),
  });

  // 5. Trace conversion speed (bench/trace-convert.ts, the trace engineer's); it
  // applies --filter itself, to names like `trace convert google-2011 task_events`.
  type TraceRow = { name: string; recordsPerSecond: number; records: number; peakRssMb: number };
  let traces: TraceRow[] | undefined;
  const traceBench = join(HERE, "trace-convert.ts");
  if (existsSync(traceBench)) {
    // Imported by path so that the runner does not depend on it at type level.
    const mod = (await import(pathToFileURL(traceBench).href)) as {
      benchTraceConvert?: (o: { full: boolean; filter?: RegExp }) => Promise<TraceRow[]>;
    };
    if (typeof mod.benchTraceConvert === "function") {
      const rows = await mod.benchTraceConvert({ full: opts.full, ...(opts.filter === undefined ? {} : { filter: opts.filter }) });
      if (rows.length > 0) {
        traces = rows;
        console.log("");
        printTable(
          ["benchmark", "records", "records/s", "peak RSS"],
          rows.map((t) => [t.name, String(t.records), String(t.recordsPerSecond), `${t.peakRssMb} MiB`]),
        );
      }
    }
  }

  if (outcomes.length === 0 && sorter.length === 0 && resources.length === 0 && simulator.length === 0 && runs.length === 0 && traces === undefined) {
    const pattern = opts.filterText;
    console.error(
      onlyInFull.length > 0
        ? `no benchmark of the quick set matches '${pattern}': its matches are in the whole grid, run with --full`
        : `no benchmark matches '${pattern}'${opts.full ? "" : ", in the quick set or in the whole grid"}`,
    );
    return 1;
  }

  if (outcomes.length > 0) {
    const load = loadavg().map((x) => x.toFixed(2)).join(", ");
    console.log(`\nSummary (median wall time per allocation cycle; ratio = Mesos / ours; load average ${load} on ${cpus().length} cores)\n`);
    printTable(["benchmark", "parameters", "row", "ours", "offers", "Mesos (best published)", "ratio", "target", "peak RSS"], summaryLines(outcomes));
    const failed = outcomes.filter((o) => o.status === "failed");
    if (failed.length > 0) {
      console.log("\nDid not run to completion:");
      for (const o of failed) console.log(`  ${o.name}/${paramsLabel(o.params)}: ${o.error}`);
    }
  }

  if (simulator.length > 0) {
    const load = loadavg().map((x) => x.toFixed(2)).join(", ");
    console.log(`\nSimulator/EventQueue (hold model; median events per CPU second; ratio = kernel / bare heap; load average ${load} on ${cpus().length} cores)\n`);
    printTable(["benchmark", "parameters", "kernel", "bare heap", "ratio", "target"], simulator.map(eventQueueSummary));
  }

  if (runs.length > 0) {
    const load = loadavg().map((x) => x.toFixed(2)).join(", ");
    console.log(
      `\nSimulator runs (Simulator/GoogleDay: medians of its runs, wall and CPU seconds from start to files written; Reports/Html: medians of 3 renders; the others: one run's wall time from its timing.json; load average ${load} on ${cpus().length} cores)\n`,
    );
    printTable(SIMULATOR_SUMMARY_HEADER, runs.map((r) => simulatorSummary(r, runs)));
    const phases = runs.map((r) => armPhases(r, runs)).filter((p) => p !== undefined);
    if (phases.length > 0) {
      console.log(
        `\nSimulator/GoogleDay by phase (medians; prepare: the experiment read and its workload generated, the same in both arms; simulate: runSimulation; finish: the reports' summary and files; target: simulate + finish CPU with reports ≤ ${REPORTS_RATIO_TARGET.toFixed(2)}× without)\n`,
      );
      printTable(ARM_PHASES_HEADER, phases);
    }
  }

  if (opts.json !== undefined) {
    writeJsonAtomically(opts.json, {
      command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
      started: started.toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "",
      totalMemoryBytes: totalmem(),
      seed: opts.seed,
      maxRounds: opts.maxRounds ?? "all",
      allocator: outcomes.map((o) => ({
        name: o.name,
        params: o.params,
        status: o.status,
        ...(o.error === undefined ? {} : { error: o.error }),
        rounds: o.result?.rounds ?? [],
        median: o.rows[0]?.ms ?? null,
        offers: o.result?.offers ?? [],
        rows: o.rows.map((r) => {
          const fig = mesosFigure({ name: o.name, params: o.params }, r.row);
          return { ...r, mesosMs: fig?.mesosMs ?? null, mesosSource: fig?.source ?? null, targetMs: fig?.targetMs ?? null };
        }),
        setup: o.result?.setup ?? {},
        extra: o.result?.extra ?? {},
        peakRssBytes: o.peakRssBytes ?? null,
        cycleCpuMs: o.cycleCpuMs ?? [],
      })),
      loadAverage: loadavg(),
      sorter,
      resources,
      simulator,
      simulatorRuns: runs,
      ...(traces === undefined ? {} : { traces }),
      mainPeakRssBytes: process.resourceUsage().maxRSS * 1024,
    });
    console.log(`\nwrote ${opts.json}`);
  }
  return outcomes.some((o) => o.status === "failed") ? 1 : 0;
}

process.exitCode = await main();
