// Reads a finished run directory (docs/report-format.md, "Files") back: its
// summary.json and experiment.json, for `mesosim compare`. A directory that is not
// a finished run is bad input (InputError, exit 2) naming the file at fault: a
// missing directory, a missing summary.json (an unfinished run, or a run that broke
// an invariant and left error.json instead), or a file that is not what the format
// says (`file:line:column: key: …`, common/validation.ts). Only the keys read are
// checked, and unknown keys are kept: a later version of the format adds keys.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { InputError } from "../common/input-error.ts";
import { loadSourceDocument } from "../common/source-document.ts";
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

/** Loads `dir`'s summary.json and experiment.json; throws an InputError naming the file when it is not a finished run directory. */
export function readRunDirectory(dir: string): RunDirectory {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory (a run directory of mesosim run holds summary.json)`);
  const notRun = existsSync(join(dir, "error.json"))
    ? `the run broke an invariant (${join(dir, "error.json")} says which) and has no summary`
    : `${dir} is not a finished run directory of mesosim run`;
  const summaryPath = file(dir, "summary.json", notRun);
  const experimentPath = file(dir, "experiment.json", `${dir} is not a run directory of mesosim run`);
  const summaryDoc = loadSourceDocument(summaryPath);
  validate(summaryDoc, summaryFormat);
  validate(summaryDoc, summarySchema);
  const experimentDoc = loadSourceDocument(experimentPath);
  validate(experimentDoc, experimentSchema);
  return { dir, summary: summaryDoc.data as Record<string, unknown>, experiment: experimentDoc.data as Record<string, unknown> };
}
