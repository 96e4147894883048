// `mesosim trace convert|info|synth|fit`: the trace layer's commands. The work is
// in traces/; this file only maps flags onto it and prints.
import type { Argv, CommandModule } from "yargs";
import { convertTrace, totalInputBytes } from "../../traces/convert-trace.ts";
import { fitTrace } from "../../traces/synth/fit-trace.ts";
import { ProgressBar } from "../../common/progress-bar.ts";
import { DEFAULT_REFERENCE_MACHINE, formatReferenceMachine, parseReferenceMachine } from "../../traces/canonical/reference-machine.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import { TimeWindow } from "../../traces/canonical/time-window.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import { TRACE_FORMATS, type TraceFormat } from "../../traces/readers/trace-reader.ts";
import { formatInfo } from "../../traces/canonical/trace-summary.ts";
import { listSome } from "../../traces/readers/read-trace.ts";
import { withNumericOptions } from "../numeric-option.ts";
import { integer, number } from "../../common/validation.ts";
import { InputError } from "../../common/input-error.ts";
import { plural } from "../../common/plural.ts";
import { DEFAULT_MAX_RECORDS } from "../../traces/synth/synthesize-trace.ts";

function printBadLines(count: number, first: readonly string[]): void {
  if (count === 0) return;
  const skipped = `skipped ${plural(count, "bad line")}`;
  // A canonical trace's header records how many lines its conversion skipped, not
  // which: say the count, and no list.
  if (first.length === 0) return void process.stderr.write(`${skipped}\n`);
  process.stderr.write(`${skipped}${count > first.length ? `; the first ${first.length}` : ""}:\n`);
  for (const m of first) process.stderr.write(`  ${m}\n`);
}

function printSkippedFiles(format: string, skipped: readonly string[]): void {
  if (skipped.length === 0) return;
  process.stderr.write(`skipped ${skipped.length} file${skipped.length === 1 ? "" : "s"} that ${skipped.length === 1 ? "is not a" : "are not"} ${format} table${skipped.length === 1 ? "" : "s"} by name and extension: ${listSome(skipped)}\n`);
}

function referenceOf(text: string | undefined) {
  return text === undefined ? DEFAULT_REFERENCE_MACHINE : parseReferenceMachine(text);
}

/** Seconds of trace time: ~31,700 years is far beyond any trace, and keeps µs exact. */
const TRACE_SECONDS = number(0, 1e12);

const readerOptions = {
  table: { type: "string", requiresArg: true, describe: "the table every input holds, when file names do not say (e.g. task_events)" },
  "reference-machine": {
    type: "string",
    requiresArg: true,
    describe: `the machine normalised units are scaled by (default ${formatReferenceMachine(DEFAULT_REFERENCE_MACHINE)})`,
  },
  "skip-bad": { type: "boolean", default: false, describe: "skip malformed lines (counted, first ten shown) instead of failing" },
} as const;

interface ConvertArgs {
  inputs: string[];
  from: TraceFormat;
  out: string;
  limit?: number;
  start?: number;
  end?: number;
  table?: string;
  "reference-machine"?: string;
  "skip-bad": boolean;
  progress?: boolean;
}

const convert: CommandModule<object, ConvertArgs> = {
  command: "convert <inputs..>",
  describe: "convert a trace to the canonical mesosim-trace/1 format",
  builder: (y: Argv) =>
    withNumericOptions(y, {
      limit: { schema: integer(0, Number.MAX_SAFE_INTEGER), describe: "read at most N input lines", range: "integer >= 0" },
      start: { schema: TRACE_SECONDS, describe: "keep records from this trace time on (seconds)", range: "0 to 1e12" },
      end: { schema: TRACE_SECONDS, describe: "keep records before this trace time (seconds); machines before the window are kept", range: "0 to 1e12, after --start" },
    })
      .positional("inputs", { type: "string", array: true, demandOption: true, default: undefined, describe: "input files or directories of shards" })
      .options({
        from: { choices: TRACE_FORMATS, requiresArg: true, demandOption: true, describe: "the input's format" },
        out: { type: "string", requiresArg: true, demandOption: true, describe: "output file (.jsonl, or .jsonl.gz to compress)" },
        progress: { type: "boolean", describe: "show a progress bar (default: when stderr is a terminal)" },
        ...readerOptions,
      })
      .check((a) => {
        // An empty window would write an empty trace and exit 0.
        const start = (a.start as number | undefined) ?? 0;
        const end = a.end as number | undefined;
        if (end !== undefined && !(end > start)) throw new InputError(`--end: expected a time after --start (${start} s) (got ${end})`);
        return true;
      }) as unknown as Argv<ConvertArgs>,
  handler: async (a) => {
    const bar = new ProgressBar(totalInputBytes(a.inputs), process.stderr, a.progress ?? process.stderr.isTTY === true);
    const result = await convertTrace({
      format: a.from,
      inputs: a.inputs,
      out: a.out,
      reference: referenceOf(a["reference-machine"]),
      table: a.table,
      skipBad: a["skip-bad"],
      limit: a.limit,
      window: TimeWindow.fromSeconds(a.start, a.end),
      onBytes: (n) => bar.advance(n),
    }).finally(() => bar.finish());
    printSkippedFiles(a.from, result.skippedFiles);
    printBadLines(result.badLines, result.firstBadLines);
    process.stderr.write(`wrote ${result.records} records to ${a.out} (${result.linesRead} input lines)\n`);
  },
};

interface InfoArgs {
  inputs: string[];
  from?: TraceFormat;
  json: boolean;
  table?: string;
  "reference-machine"?: string;
  "skip-bad": boolean;
}

const info: CommandModule<object, InfoArgs> = {
  command: "info <inputs..>",
  describe: "summarise a canonical trace, or any supported format with --from",
  builder: (y: Argv) =>
    y
      .positional("inputs", {
        type: "string",
        array: true,
        demandOption: true,
        default: undefined,
        describe: "a mesosim-trace/1 file (.jsonl or .jsonl.gz); with --from, input files or directories of shards",
      })
      .options({
        from: { choices: TRACE_FORMATS, requiresArg: true, describe: "read a source format instead of mesosim-trace/1" },
        json: { type: "boolean", default: false, describe: "print JSON" },
        ...readerOptions,
      }) as unknown as Argv<InfoArgs>,
  handler: async (a) => {
    const { info: i, firstBadLines, skippedFiles } = await traceInfo({
      paths: a.inputs,
      from: a.from,
      table: a.table,
      reference: referenceOf(a["reference-machine"]),
      skipBad: a["skip-bad"],
    });
    if (a.from !== undefined) printSkippedFiles(a.from, skippedFiles);
    printBadLines(i.badLines, firstBadLines);
    process.stdout.write(a.json ? JSON.stringify(i, null, 2) + "\n" : formatInfo(i));
  },
};

interface SynthArgs {
  spec: string;
  seed: number;
  out: string;
  "max-records": number;
}

const synth: CommandModule<object, SynthArgs> = {
  command: "synth <spec>",
  describe: "generate a seeded synthetic trace from a workload spec (same seed, same bytes)",
  builder: (y: Argv) =>
    withNumericOptions(y, {
      seed: { schema: integer(0, Number.MAX_SAFE_INTEGER), describe: "the seed of every random stream", range: "integer >= 0", demandOption: true },
      "max-records": {
        schema: integer(1, 1e12),
        describe: "refuse a spec expected to generate more records than this",
        range: "integer >= 1",
        default: DEFAULT_MAX_RECORDS,
      },
    })
      .positional("spec", { type: "string", demandOption: true, describe: "a mesosim-synth/1 spec (JSON, or YAML named .yaml)" })
      .options({ out: { type: "string", requiresArg: true, demandOption: true, describe: "output file (.jsonl, or .jsonl.gz to compress), written whole or not at all" } }) as unknown as Argv<SynthArgs>,
  handler: async (a) => {
    const r = await synthesizeTrace({ specPath: a.spec, seed: a.seed, out: a.out, maxRecords: a["max-records"] });
    process.stderr.write(`wrote ${r.records} records (${r.tasks} tasks, ${r.jobs} jobs) to ${a.out}\n`);
  },
};

interface FitArgs {
  trace: string;
  out: string;
  "max-roles": number;
  "max-shapes": number;
}

const fit: CommandModule<object, FitArgs> = {
  command: "fit <trace>",
  describe: "fit a synth spec (arrivals, shapes, durations per role) to a canonical trace",
  builder: (y: Argv) =>
    withNumericOptions(y, {
      "max-roles": { schema: integer(1, 1000), describe: "roles kept by name; the rest are pooled as 'other'", range: "1 to 1000", default: 8 },
      "max-shapes": { schema: integer(1, 1000), describe: "task shapes kept per role; the rest fold into the nearest", range: "1 to 1000", default: 16 },
    })
      .positional("trace", { type: "string", demandOption: true, describe: "a mesosim-trace/1 file" })
      .options({ out: { type: "string", requiresArg: true, demandOption: true, describe: "the spec to write (JSON)" } }) as unknown as Argv<FitArgs>,
  handler: async (a) => {
    const r = await fitTrace({ tracePath: a.trace, out: a.out, maxRoles: a["max-roles"], maxShapes: a["max-shapes"] });
    const left = r.initialTasks === 0 ? "" : ` (${plural(r.initialTasks, "task")} already running at the trace's start left out)`;
    process.stderr.write(`wrote a spec with ${plural(r.roles, "role")} fitted to ${plural(r.jobs, "job")} to ${a.out}${left}\n`);
  },
};

export const traceCommand: CommandModule<object, object> = {
  command: "trace <subcommand>",
  describe: "convert, inspect, synthesise and fit cluster traces",
  builder: (y: Argv) =>
    y
      .command(convert)
      .command(info)
      .command(synth)
      .command(fit)
      .demandCommand(1, "name a trace subcommand: convert, info, synth or fit"),
  handler: () => {},
};
