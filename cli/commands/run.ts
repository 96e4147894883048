// `mesosim run EXPERIMENT [--out DIR] [--seed N] [--set PATH=VALUE]... [--horizon DUR]
// [--progress|--no-progress] [--json]`: runs an experiment (docs/experiment-format.md)
// and writes its run directory (docs/report-format.md).
//
// Exit: 0 the run completed and every `expect` held; 1 the run completed (its run
// directory written whole) and an `expect` failed: each failure is printed on
// stderr, and summary.expect (in the file and in --json's output) records every
// check; 2 the experiment or an input is invalid (nothing is written); 3 an
// invariant broke (the run directory holds what was written so far plus
// error.json, and no summary.json).
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { Argv, CommandModule } from "yargs";
import { InputError } from "../../common/input-error.ts";
import type { KeyPath } from "../../common/source-document.ts";
import { checkOutput, makeScratchDir, removeScratch } from "../../common/output-files.ts";
import { ProgressBar } from "../../common/progress-bar.ts";
import { describeFailure } from "../../reports/expect.ts";
import { formatSummaryTable } from "../../reports/format-summary-table.ts";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { summaryJson } from "../../reports/report-summary.ts";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import { experimentJson } from "../../sim/experiment/experiment-json.ts";
import { loadExperimentFile } from "../../sim/experiment/load-experiment.ts";
import { InvariantError } from "../../sim/master/holdings-check.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import { prepareWorkload } from "../../sim/workload/prepare-workload.ts";
import { integer } from "../../common/validation.ts";
import { withNumericOptions } from "../numeric-option.ts";
import { MESOSIM_VERSION } from "../version.ts";

interface Args {
  experiment: string;
  out?: string;
  seed?: number;
  set?: string[];
  horizon?: string;
  progress?: boolean;
  json: boolean;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Every input file of the experiment (directories walked), for experiment.json;
 * one that does not exist is an InputError naming the key that gives it.
 */
function inputFiles(ex: Experiment, describe: (path: KeyPath) => string): string[] {
  const out: string[] = [];
  const add = (p: string, key: KeyPath) => {
    if (!existsSync(p)) throw new InputError(`${describe(key)}: ${p}: no such file or directory (a workload input)`);
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) add(join(p, f), key);
    else out.push(p);
  };
  ex.workload.forEach((s, i) => {
    if (s.kind === "trace") add(s.path, ["workload", i, "trace"]);
    else if (s.kind === "raw") s.paths.forEach((p, j) => add(p, s.paths.length === 1 ? ["workload", i, "trace"] : ["workload", i, "trace", j]));
    else if (s.path !== null) add(s.path, ["workload", i, "synth"]);
  });
  return out;
}

export interface RunCommandResult {
  readonly exitCode: number;
}

/** Runs the command; returns the exit code. Exported for tests. */
export async function runCommand(
  a: Args,
  write: (text: string) => void = (t) => process.stdout.write(t),
  warn: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const experimentPath = resolve(a.experiment);
  const { experiment: ex, describe } = loadExperimentFile(a.experiment, { seed: a.seed, horizon: a.horizon, set: a.set });
  const files = inputFiles(ex, describe);
  const inputs = await Promise.all(files.map(async (p) => ({ path: p, sha256: await sha256File(p) })));
  const out = resolve(a.out ?? join("mesosim-runs", ex.name));
  // The default folder is ours to make; a folder the user names must exist, as for
  // every other command's --out.
  if (a.out === undefined) mkdirSync(dirname(out), { recursive: true });
  // Replaced only if it is an earlier run directory, and never if it holds an input.
  checkOutput(out, { kind: "directory", inputs: [experimentPath, ...files], replaceable: ["summary.json", "error.json"] });
  // The run is written into scratch beside --out and renamed into place when it
  // ends, so a directory named by --out is either a whole run, an invariant
  // failure with its error.json, or what was there before. Scratch is removed on
  // SIGINT and SIGTERM, and a killed run's by the next run in that folder.
  const work = makeScratchDir(dirname(out), `${basename(out)}.run`);
  let scratch: string | undefined;
  const started = performance.now();
  const recorder = new MetricsRecorder({
    dir: work,
    sampleInterval: ex.report.sampleInterval,
    csv: ex.report.formats.includes("csv"),
    tasks: ex.report.tasks,
    events: ex.report.events,
    html: ex.report.formats.includes("html"),
  });
  const bar = new ProgressBar(ex.horizon ?? 0, process.stderr, a.progress ?? process.stderr.isTTY === true, { name: "s simulated", scale: 1e6 });
  let reached = 0;
  const place = () => {
    rmSync(out, { recursive: true, force: true });
    renameSync(work, out);
    removeScratch(work);
  };
  try {
    scratch = makeScratchDir(tmpdir(), "mesosim-run");
    const workload = await prepareWorkload(ex, scratch, describe);
    const result = await runSimulation({
      experiment: ex,
      workload,
      recorder,
      describe,
      onProgress: (t) => {
        bar.advance(t - reached);
        reached = t;
      },
    });
    bar.finish();
    const wallSeconds = (performance.now() - started) / 1000;
    const summary = recorder.finish({
      experiment: { ...experimentJson(ex), inputs },
      mesosim: MESOSIM_VERSION,
      expect: ex.expect,
      wallSeconds,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    });
    place();
    if (a.json) write(summaryJson(summary));
    else {
      write(formatSummaryTable(summary));
      write(`\n${result.events} events in ${wallSeconds.toFixed(1)} s; run directory ${a.out ?? join("mesosim-runs", ex.name)}\n`);
    }
    const failed = summary.expect.filter((e) => !e.passed);
    for (const e of failed) warn(`${describeFailure(e, summary)}\n`);
    if (failed.length > 0) warn(`${failed.length} of ${summary.expect.length} expect checks failed\n`);
    return failed.length > 0 ? 1 : 0;
  } catch (err) {
    bar.finish();
    recorder.abort();
    if (err instanceof InvariantError) {
      writeFileSync(join(work, "error.json"), `${JSON.stringify({ invariant: err.invariant, time: err.time / 1e6, event: err.event, message: err.message }, null, 2)}\n`);
      place();
    } else removeScratch(work);
    throw err;
  } finally {
    if (scratch !== undefined) removeScratch(scratch);
  }
}

export const runCommandModule: CommandModule<object, Args> = {
  command: "run <experiment>",
  describe: "run an experiment file through the simulated Mesos master and write its run directory",
  builder: (y) =>
    // Every option that takes a value requires it: `--seed` or `--set` at the end of
    // the line is exit 2, not a run without the override.
    withNumericOptions(y, {
      seed: { schema: integer(0, Number.MAX_SAFE_INTEGER), describe: "overrides the experiment's seed", range: "a whole number ≥ 0" },
    })
      .positional("experiment", { type: "string", demandOption: true, describe: "the experiment file (JSON or YAML, format mesosim-experiment/1)" })
      .option("out", { type: "string", requiresArg: true, describe: "the run directory (default mesosim-runs/<name>/)" })
      .option("set", { type: "string", array: true, requiresArg: true, describe: "overrides one key: PATH=VALUE, e.g. master.allocationInterval=2s (VALUE parsed as JSON, else a string)" })
      .option("horizon", { type: "string", requiresArg: true, describe: "overrides the horizon: a duration (seconds, or 90s, 1.5h, 7d)" })
      .option("progress", { type: "boolean", describe: "show a progress bar (default: when stderr is a terminal)" })
      .option("json", { type: "boolean", default: false, describe: "print summary.json on stdout instead of the table" }) as unknown as Argv<Args>,
  handler: async (a) => {
    process.exitCode = await runCommand(a);
  },
};
