// `mesosim scenario FILE... [--json]`: runs allocator scenario files
// (docs/scenario-format.md) and reports each one.
//
// Exit: 0 every expectation of every file held; 1 at least one failed; 2 a file is
// invalid (the other files still run). With --json, one JSON line per file:
// {"file","name","passed","failures":[{"step","message"}]}. Without, a line per
// file (`ok NAME` / `FAIL NAME`), each failure below it with its step index and,
// for offers, the expected and the actual offers, then `N passed, N failed`.
import type { CommandModule } from "yargs";
import { createDefaultAllocator } from "../../sim/scenario/default-allocator.ts";
import type { AllocatorFactory } from "../../sim/scenario/run-scenario.ts";
import { runScenarioFile } from "../../sim/scenario/run-scenario-file.ts";
import type { ScenarioResult } from "../../sim/scenario/run-scenario-file.ts";

interface Args {
  files: string[];
  json: boolean;
}

const indent = (text: string, by: string): string => text.split("\n").map((l) => by + l).join("\n");

/** The text report of one file's failures (everything under its `FAIL` line). */
export function formatFailures(result: ScenarioResult): string {
  if (result.invalid !== undefined) return indent(`invalid: ${result.invalid.message}`, "  ");
  return result.failures
    .map((f) => {
      const [first = "", ...rest] = f.message.split("\n");
      const head = `${result.file}: step ${f.step}${f.op === undefined ? "" : ` (${f.op})`}: ${first}`;
      return indent([head, ...rest].join("\n"), "  ");
    })
    .join("\n");
}

/** Runs the files and writes the report; returns the exit code. Exported for tests (with a fake allocator). */
export function runScenarioCommand(
  files: readonly string[],
  options: { json: boolean },
  createAllocator: AllocatorFactory,
  write: (text: string) => void,
): number {
  let passed = 0;
  let failed = 0;
  let invalid = false;
  for (const file of files) {
    const result = runScenarioFile(file, createAllocator);
    if (result.passed) passed++;
    else failed++;
    if (result.invalid !== undefined) invalid = true;
    if (options.json) {
      const failures = result.failures.map((f) => ({ step: f.step, message: f.message }));
      write(`${JSON.stringify({ file: result.file, name: result.name, passed: result.passed, failures })}\n`);
    } else {
      write(`${result.passed ? "ok" : "FAIL"} ${result.name}\n`);
      if (!result.passed) write(`${formatFailures(result)}\n`);
    }
  }
  if (!options.json) write(`${passed} passed, ${failed} failed\n`);
  return invalid ? 2 : failed > 0 ? 1 : 0;
}

export const scenarioCommand: CommandModule<object, Args> = {
  command: "scenario <files..>",
  describe: "run allocator scenario files and check every expectation (exit 0 ok, 1 a failure, 2 an invalid file)",
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, default: undefined, describe: "scenario files (JSON, or YAML named .yaml; format v1)" })
      .option("json", { type: "boolean", default: false, describe: 'one JSON line per file: {"file","name","passed","failures":[{"step","message"}]}' })
      .example("$0 scenario test/scenarios/mesos/*.json", "runs every restated Mesos allocator test"),
  handler: (args) => {
    process.exitCode = runScenarioCommand(args.files, { json: args.json }, createDefaultAllocator, (t) => process.stdout.write(t));
  },
};
