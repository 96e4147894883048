// The test entry point: runs every `test/**/*.test.ts` file in one process with uvu,
// then prints the plain closing line `N passed, N failed` that CI reads (uvu's own
// summary is not machine-friendly and is kept only for humans).
//
//   node --import tsx test/run.ts [substring...]   run only files whose path contains one
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

type RunResult = [errors: string | true, ran: number, skipped: number, total: number];
type Runner = () => Promise<RunResult>;
type QueueGroup = [string, ...Runner[]];

const root = resolve(import.meta.dirname);
// The tests that run `bin/mesosim.js` check the sources in the tree, never a
// dist/ built from older ones (bin/mesosim.js; test/cli/build.test.ts checks the build).
process.env.MESOSIM_FROM_SOURCES = "1";
const filters = process.argv.slice(2);

function collect(dir: string, out: string[]): string[] {
  // Sorted so that the run order (and so any order-dependent output) is stable.
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = collect(root, []).filter(
  (f) => filters.length === 0 || filters.some((s) => f.includes(s)),
);

const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: QueueGroup[] };
g.UVU_DEFER = 1; // uvu queues suites instead of running them on import
const uvu = await import("uvu");
let index = 0;
for (const file of files) {
  g.UVU_INDEX = index++;
  g.UVU_QUEUE.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}

// Wrap each queued suite runner to count outcomes, since uvu's exec() returns nothing.
let passed = 0;
let failed = 0;
for (const group of g.UVU_QUEUE) {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as Runner;
    group[i] = async () => {
      const result = await run();
      passed += result[1];
      failed += result[3] - result[1];
      return result;
    };
  }
}
await uvu.exec(false);
if (files.length === 0) {
  console.error("no test files matched");
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
