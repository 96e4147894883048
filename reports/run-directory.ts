// Reads a finished run directory (docs/report-format.md, "Files") back: its
// summary.json and experiment.json for `mesosim compare`, and the summary checked
// against the part of the contract the reports read (with the paths of its other
// files) for `mesosim report` and report.html. A directory that is not a finished
// run is bad input (InputError, exit 2) naming the file at fault: a missing
// directory, a missing summary.json (an unfinished run, or a run that broke an
// invariant and left error.json instead), or a file that is not what the format
// says (`file:line:column: key: …`, common/validation.ts). Only the keys read are
// checked, and unknown keys are kept: "a consumer must ignore keys it does not
// know (later versions add, never rename)", so keys beyond those listed (say
// `failures`, `expect`, a role's `entitlementMean`) pass through untouched.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../common/input-error.ts";
import { loadSourceDocument, parseSourceDocument } from "../common/source-document.ts";
import { validate } from "../common/validation.ts";
import { REPORT_FORMAT } from "./report-summary.ts";

export interface RunDirectory {
  /** As the user named it. */
  readonly dir: string;
  /** summary.json, parsed (numbers as written: 6 significant digits). */
  readonly summary: Readonly<Record<string, unknown>>;
  /** experiment.json, parsed. */
  readonly experiment: Readonly<Record<string, unknown>>;
}

/** Checked first: a file of another format is named as such, not as a list of missing keys. */
const summaryFormat = z.looseObject({ format: z.literal(REPORT_FORMAT) });
const summarySchema = z.looseObject({
  name: z.string(),
  seed: z.number(),
  digest: z.string(),
  roles: z.array(z.looseObject({ role: z.string() })),
  frameworks: z.array(z.looseObject({ name: z.string() })),
});

const experimentSchema = z.looseObject({ format: z.literal("mesosim-experiment/1") });

function file(dir: string, name: string, why: string): string {
  const path = join(dir, name);
  if (!existsSync(path)) throw new InputError(`${path}: not found: ${why}`);
  return path;
}

/** Throws an InputError unless `dir` is a directory. */
export function checkRunDirectory(dir: string): void {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory (a run directory of mesosim run holds summary.json)`);
}

/** The path of summary.json, or an InputError saying why a run directory has none. */
function summaryFile(dir: string): string {
  checkRunDirectory(dir);
  const notRun = existsSync(join(dir, "error.json"))
    ? `the run broke an invariant (${join(dir, "error.json")} says which) and has no summary`
    : `${dir} is not a finished run directory of mesosim run`;
  return file(dir, "summary.json", notRun);
}

/** Loads `dir`'s summary.json and experiment.json; throws an InputError naming the file when it is not a finished run directory. */
export function readRunDirectory(dir: string): RunDirectory {
  const summaryPath = summaryFile(dir);
  const experimentPath = file(dir, "experiment.json", `${dir} is not a run directory of mesosim run`);
  const summaryDoc = loadSourceDocument(summaryPath);
  validate(summaryDoc, summaryFormat);
  validate(summaryDoc, summarySchema);
  const experimentDoc = loadSourceDocument(experimentPath);
  validate(experimentDoc, experimentSchema);
  return { dir, summary: summaryDoc.data as Record<string, unknown>, experiment: experimentDoc.data as Record<string, unknown> };
}

const num = z.number();
const maybe = num.nullable();
const distribution = z.looseObject({ mean: maybe, p50: maybe, p90: maybe, p99: maybe, max: maybe, count: num });
const taskCounts = z.looseObject({
  submitted: num, launched: num, finished: num, failed: num, killed: num, lost: num, abandoned: num, pendingAtEnd: num, runningAtEnd: num,
});
const latency = z.looseObject({
  wait: distribution,
  jobWait: distribution,
  jobComplete: distribution,
  slowdown: z.looseObject({ mean: maybe, p99: maybe, count: num }),
  offers: z.looseObject({ made: num, accepted: num, declined: num, rescinded: num, timedOut: num, decisionSeconds: maybe }),
  attempts: z.looseObject({ mean: maybe, max: maybe }),
});

/** What the reports read of summary.json; every other key is kept as it is. */
export const runSummarySchema = z.looseObject({
  format: z.literal(REPORT_FORMAT),
  name: z.string(),
  seed: num,
  mesosim: z.string(),
  experimentSha256: z.string(),
  digest: z.string(),
  simulatedSeconds: num,
  events: num,
  cluster: z.looseObject({ agents: z.looseObject({ max: num, end: num }), total: z.record(z.string(), num) }),
  tasks: taskCounts,
  utilization: z.record(
    z.string(),
    z.looseObject({ mean: num, offeredMean: num, idleMean: num, strandedMean: maybe.optional(), p50: maybe, p95: maybe }),
  ),
  fairness: z.looseObject({ jain: z.looseObject({ mean: maybe, min: maybe }) }),
  latency,
  roles: z.array(
    z.looseObject({
      role: z.string(),
      weight: num,
      tasks: taskCounts,
      shareMean: num,
      shareMax: num,
      entitlementMean: maybe.optional(),
      deficitMean: maybe.optional(),
      starvedSeconds: maybe.optional(),
      timeToFairShareSeconds: maybe.optional(),
      latency,
    }),
  ),
  frameworks: z.array(z.looseObject({ name: z.string(), model: z.string(), roles: z.array(z.string()), latency })),
});

export type RunSummary = z.output<typeof runSummarySchema>;
export type RoleSummaryView = RunSummary["roles"][number];
export type LatencyView = RunSummary["latency"];

/** The files of a run directory, by their names in the contract. */
export function runFile(dir: string, name: string): string {
  return join(dir, name);
}

/** `text`, the text of summary.json at `file`, parsed and checked (InputError at the line and key path of a fault). */
export function parseRunSummary(text: string, file: string): RunSummary {
  const doc = parseSourceDocument(text, file);
  validate(doc, summaryFormat);
  return validate(doc, runSummarySchema);
}

/** Reads and checks `dir/summary.json`, for the reports: its text and its figures. */
export function loadRunSummary(dir: string): { readonly text: string; readonly summary: RunSummary } {
  const path = summaryFile(dir);
  const text = readText(path);
  return { text, summary: parseRunSummary(text, path) };
}

/** A whole small file of the run directory, or an InputError naming it. */
export function readText(path: string): string {
  let bytes: Buffer;
  try {
    // The files read whole are ours and small (summary.json, experiment.json, frameworks.csv).
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${path}: not found: expected in a run directory of mesosim run`);
    if (code === "EISDIR") throw new InputError(`${path}: is a directory; expected a file`);
    throw new InputError(`${path}: cannot read: ${(err as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${path}: not UTF-8 text`);
  }
}
