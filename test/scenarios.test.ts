// Every scenario file under test/scenarios/ (sorted) is one test, titled with its
// path, run against the hierarchical allocator. A failing file fails with the
// runner's readable diff; an invalid one with its validation message (path, step,
// field). This is how `npm test` runs every scenario (issue 3).
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { suite } from "uvu";
import { createDefaultAllocator } from "../sim/scenario/default-allocator.ts";
import { runScenarioFile } from "../sim/scenario/run-scenario-file.ts";
import { formatFailures } from "../cli/commands/scenario.ts";

const repo = resolve(import.meta.dirname, "..");
const dir = join(repo, "test", "scenarios");

function collect(d: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(d).sort();
  } catch {
    return out; // no scenarios directory yet
  }
  for (const name of names) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

const scenarios = suite("scenarios");
for (const path of collect(dir, [])) {
  const file = relative(repo, path);
  scenarios(file, () => {
    const result = runScenarioFile(file, createDefaultAllocator);
    if (result.passed) return;
    const err = new Error(`${file} (${result.name}) failed:\n${formatFailures(result)}`);
    err.stack = ""; // the trace points into the runner, not the file: the message says it all
    throw err;
  });
}
scenarios.run();
