// One run of an experiment for `npm run bench`'s Simulator/GoogleDay (bench/simulator.ts),
// with its reports on or off, timed phase by phase. Both arms are this script, so
// they run the same build (the compiled dist/ when it is fresh, as bin/mesosim.js
// decides through bin/dist-freshness.js, else the sources through tsx) and the
// same code, except for the recorder the simulation is given:
//
//   on   reports/'s MetricsRecorder, as `mesosim run` makes it (the experiment's
//        `report` settings), writing the run directory into OUT at the end;
//   off  sim/records/null-recorder.ts: every record call a no-op, nothing written.
//
// It is plain JavaScript, run by plain node, because dist/ holds no bench/ code:
// with a fresh dist/ nothing of tsx is loaded, as in `mesosim run`.
//
//   node bench/simulator-child.js EXPERIMENT HORIZON on|off OUT
//
// Prints one line of JSON: wall and CPU seconds (user + system, all threads:
// process.cpuUsage) of each phase, `prepare` (reading the experiment, generating
// and sorting its workload), `simulate` (runSimulation) and `finish` (the
// recorder's summary and files; 0 when off), plus the kernel's event count, the
// simulated span, the peak RSS and which build ran.
//
//   node bench/simulator-child.js report RUN_DIR OUT_FILE
//
// Renders the run directory's report.html into OUT_FILE as `mesosim report RUN_DIR
// --format html --out OUT_FILE` does (its command function, reportCommand) and
// prints one line of JSON: its wall and CPU seconds, the page's size in bytes,
// the peak RSS and which build ran (Reports/Html).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distStaleness } from "../bin/dist-freshness.js";

const args = process.argv.slice(2);
const reportMode = args[0] === "report" && args.length === 3;
const [experimentPath, horizon, arm, out] = args;
if (!reportMode && (experimentPath === undefined || horizon === undefined || (arm !== "on" && arm !== "off") || out === undefined)) {
  process.stderr.write("usage: node bench/simulator-child.js EXPERIMENT HORIZON on|off OUT\n       node bench/simulator-child.js report RUN_DIR OUT_FILE\n");
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const stale = process.env.MESOSIM_FROM_SOURCES === "1" ? "MESOSIM_FROM_SOURCES=1" : distStaleness(root);
let load;
if (stale === undefined) load = (module) => import(pathToFileURL(join(root, "dist", `${module}.js`)).href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  load = (module) => import(pathToFileURL(join(root, `${module}.ts`)).href);
}
if (reportMode) {
  const [, runDir, page] = args;
  const { reportCommand } = await load("cli/commands/report");
  const wall = performance.now();
  const cpu = process.cpuUsage();
  reportCommand({ run: runDir, format: "html", out: page });
  const c = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({
      build: stale === undefined ? "dist" : `sources (${stale})`,
      wall: (performance.now() - wall) / 1000,
      cpu: (c.user + c.system) / 1e6,
      bytes: statSync(page).size,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
  process.exit(0);
}

const [{ loadExperimentFile }, { prepareWorkload }, { runSimulation }, { NullRecorder }, { MetricsRecorder }, { experimentJson }, { MESOSIM_VERSION }] =
  await Promise.all([
    load("sim/experiment/load-experiment"),
    load("sim/workload/prepare-workload"),
    load("sim/run/run-simulation"),
    load("sim/records/null-recorder"),
    load("reports/metrics-recorder"),
    load("sim/experiment/experiment-json"),
    load("cli/version"),
  ]);

/** Wall and CPU seconds since the last call (the first: since the mark made here). */
let wall = performance.now();
let cpu = process.cpuUsage();
function lap() {
  const w = performance.now();
  const c = process.cpuUsage();
  const lapped = { wall: (w - wall) / 1000, cpu: (c.user - cpu.user + c.system - cpu.system) / 1e6 };
  wall = w;
  cpu = c;
  return lapped;
}

const scratch = mkdtempSync(join(tmpdir(), "mesosim-bench-child-"));
try {
  lap();
  const { experiment: ex, describe } = loadExperimentFile(experimentPath, { horizon });
  const workload = await prepareWorkload(ex, scratch, describe);
  const prepare = lap();
  const recorder =
    arm === "on"
      ? new MetricsRecorder({
          dir: out,
          sampleInterval: ex.report.sampleInterval,
          tasks: ex.report.tasks,
          events: ex.report.events,
          html: ex.report.formats.includes("html"),
        })
      : new NullRecorder();
  const result = await runSimulation({ experiment: ex, workload, recorder });
  const simulate = lap();
  let summary;
  if (arm === "on") {
    summary = recorder.finish({
      experiment: { ...experimentJson(ex), inputs: [] },
      mesosim: MESOSIM_VERSION,
      expect: ex.expect,
      wallSeconds: prepare.wall + simulate.wall,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  }
  const finish = lap();
  const offers = summary?.frameworks?.reduce((n, f) => n + f.offersReceived, 0);
  process.stdout.write(
    `${JSON.stringify({
      arm,
      build: stale === undefined ? "dist" : `sources (${stale})`,
      prepare,
      simulate,
      finish,
      events: result.events,
      simulatedSeconds: result.span / 1e6,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(summary === undefined ? {} : { tasks: summary.tasks.submitted, offers }),
    })}\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
