// A finished run directory read back (docs/report-format.md, "Files"), for
// `mesosim report` and report.html: summary.json checked against the part of the
// contract the reports read, and the paths of the other files.
//
// The schema is loose on purpose: "a consumer must ignore keys it does not know
// (later versions add, never rename)", so keys beyond those listed here (say
// `failures`, `expect`, a role's `entitlementMean`) pass through untouched. A
// missing directory or file, bad JSON or a wrong field is an InputError (exit 2)
// naming the file, and for a field its line, column and key path.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../common/input-error.ts";
import { parseSourceDocument } from "../common/source-document.ts";
import { validate } from "../common/validation.ts";
import { REPORT_FORMAT } from "./report-summary.ts";

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

/** Throws an InputError unless `dir` is a directory. */
export function checkRunDirectory(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`${dir}: no such run directory`);
  }
  if (!isDir) throw new InputError(`${dir}: is a file; expected a run directory (what mesosim run --out wrote)`);
}

/** `text`, the text of summary.json at `file`, parsed and checked (InputError at the line and key path of a fault). */
export function parseRunSummary(text: string, file: string): RunSummary {
  return validate(parseSourceDocument(text, file), runSummarySchema);
}

/** Reads and checks `dir/summary.json`; a directory without it is an unfinished run. */
export function loadRunSummary(dir: string): { readonly text: string; readonly summary: RunSummary } {
  checkRunDirectory(dir);
  const file = runFile(dir, "summary.json");
  const text = readText(file, "a run directory without it is an unfinished run, or not a run directory");
  return { text, summary: parseRunSummary(text, file) };
}

/** A whole small file of the run directory, or an InputError naming it (`why` says what its absence means). */
export function readText(file: string, why = "expected in a run directory"): string {
  let bytes: Buffer;
  try {
    // The files read whole are ours and small (summary.json, experiment.json, frameworks.csv).
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`${file}: no such file (${why})`);
    if (code === "EISDIR") throw new InputError(`${file}: is a directory; expected a file`);
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file}: not UTF-8 text`);
  }
}
