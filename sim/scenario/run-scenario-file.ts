// One scenario file from path to verdict: load (validate) and run. An invalid
// file is a result too, so that a command given several files reports each one
// and still runs the others.
import { basename } from "node:path";
import { loadSourceDocument } from "../../common/source-document.ts";
import { loadScenario } from "./parse-scenario.ts";
import { runScenario } from "./run-scenario.ts";
import type { AllocatorFactory } from "./run-scenario.ts";
import { ScenarioError } from "./scenario-error.ts";

export interface ScenarioResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  /** `step` is null for a file-level problem (unreadable, bad JSON, bad top-level field). */
  readonly failures: ReadonlyArray<{ readonly step: number | null; readonly op?: string; readonly message: string }>;
  /** Set when the file is invalid (exit 2); it did not run. */
  readonly invalid?: ScenarioError;
}

/** The `name` of a file that failed validation, if it has a readable one; else its base name. */
function bestEffortName(path: string): string {
  try {
    const json = loadSourceDocument(path).data as { name?: unknown } | null;
    if (typeof json?.name === "string") return json.name;
  } catch {
    // unreadable or not JSON/YAML: the validation error says so
  }
  return basename(path);
}

export function runScenarioFile(path: string, createAllocator: AllocatorFactory): ScenarioResult {
  let file;
  try {
    file = loadScenario(path);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return { file: path, name: bestEffortName(path), passed: false, failures: [{ step: err.step ?? null, message: err.message }], invalid: err };
  }
  const run = runScenario(file, createAllocator);
  return { file: path, name: file.name, passed: run.passed, failures: run.failures };
}
