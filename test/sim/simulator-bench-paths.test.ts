// Small instances of the simulator benchmarks (bench/simulator.ts): each runs
// through the default path (idle periodic runs skipped, dormant agents left out of
// runs) and through the straightforward path (every periodic run stepped, every
// agent checked at every run), and the two record streams must be identical, line
// for line: no speed-up may change an outcome (issue 11; as
// test/bench/reference-allocation.test.ts does for the allocator alone). Invariants
// are checked after every event on both paths.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse, stringify } from "yaml";
import { loadExperiment } from "../../sim/experiment/load-experiment.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import { prepareWorkload } from "../../sim/workload/prepare-workload.ts";
import { LogRecorder } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");

type Spec = { machines: Array<{ count: number }>; roles: Array<{ arrivals: { ratePerSecond: number } }>; durationSeconds: number };

/**
 * The benchmark's experiment with its synth spec inlined and shrunk: machine
 * counts and job rates divided by `by`, the horizon cut to `horizon`.
 */
function shrunk(experiment: string, by: number, horizon: string): string {
  const doc = parse(readFileSync(join(ROOT, experiment), "utf8")) as Record<string, unknown> & { workload: Array<{ synth: string | Spec }> };
  const source = doc.workload[0] as { synth: string | Spec };
  const spec = parse(readFileSync(join(ROOT, experiment, "..", source.synth as string), "utf8")) as Spec;
  for (const m of spec.machines) m.count = Math.max(1, Math.round(m.count / by));
  for (const r of spec.roles) r.arrivals.ratePerSecond /= by;
  source.synth = spec;
  doc["horizon"] = horizon;
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-paths-"));
  const path = join(dir, "experiment.yaml");
  writeFileSync(path, stringify(doc));
  return path;
}

async function records(path: string, straightforward: boolean): Promise<string[]> {
  const ex = loadExperiment(path);
  const scratch = mkdtempSync(join(tmpdir(), "mesosim-bench-paths-scratch-"));
  const workload = await prepareWorkload(ex, scratch);
  const log = new LogRecorder();
  await runSimulation({ experiment: ex, workload, recorder: log, checkEveryEvent: true, straightforward });
  return log.lines;
}

const digest = (lines: readonly string[]) => createHash("sha256").update(lines.join("\n")).digest("hex");

for (const [name, experiment, by, horizon] of [
  ["Simulator/GoogleDay", "examples/google-like.yaml", 200, "30m"],
  ["Simulator/Scale", "bench/simulator/scale.yaml", 250, "10m"],
  ["Simulator/Memory", "bench/simulator/memory.yaml", 40, "1d"],
] as const) {
  test(`${name}, shrunk ${by}× to ${horizon}: the default path's record stream is the straightforward path's`, async () => {
    const path = shrunk(experiment, by, horizon);
    const fast = await records(path, false);
    const slow = await records(path, true);
    assert.ok(fast.filter((l) => l.includes("taskLaunched")).length > 50, "tasks ran");
    assert.ok(fast.filter((l) => l.includes("offerEnded") && l.includes("declined")).length > 50, "offers were declined (filters set)");
    assert.is(fast.length, slow.length);
    for (let i = 0; i < fast.length; i++) if (fast[i] !== slow[i]) assert.is(fast[i], slow[i], `first difference at record ${i}`);
    assert.is(digest(fast), digest(slow));
  });
}

test.run();
