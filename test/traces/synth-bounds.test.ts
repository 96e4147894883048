// Bounded synth work (issue 10 §1) and the spec's ranges (§4): a spec whose size
// is known up front is estimated (machines + jobs × (1 + mean tasks per job)) and
// refused above --max-records; every field has a range. Each of the issue's
// examples fails fast, in well under a second, with exit 2, instead of aborting
// V8 (ratePerSecond 1e9, durationSeconds 1e300: "Fatal JavaScript invalid size
// error", exit 133) or writing gigabytes without end (count 1e12, Pareto shape 0.01).
import { existsSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { estimateRecords, meanTasksPerJob } from "../../traces/synth/estimate-records.ts";
import { MAX_TASKS_PER_JOB, SYNTH_FORMAT, type SynthSpec } from "../../traces/synth/synth-spec.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import { expectBadInput, scratchDir } from "./helpers.ts";

const repo = resolve(import.meta.dirname, "..", "..");

const base = {
  format: SYNTH_FORMAT,
  durationSeconds: 3600,
  machines: [{ count: 2, cpus: 8, mem: 16384 }],
  roles: [{ name: "batch", arrivals: { kind: "poisson", ratePerSecond: 0.1 }, shapes: [{ weight: 1, cpus: 1, mem: 1024 }] }],
};
const role = (extra: Record<string, unknown>) => ({ ...base, roles: [{ ...base.roles[0], ...extra }] });

/** Runs synth on `spec` and expects exit 2 matching `pattern`, in under a second, with no output file. */
async function refusedFast(spec: unknown, pattern: RegExp, maxRecords?: number): Promise<string> {
  const dir = scratchDir();
  const p = join(dir, "spec.json");
  writeFileSync(p, JSON.stringify(spec, null, 2));
  const out = join(dir, "out.jsonl");
  const t0 = performance.now();
  const msg = await expectBadInput(() => synthesizeTrace({ specPath: p, seed: 1, out, ...(maxRecords === undefined ? {} : { maxRecords }) }), pattern);
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `took ${ms} ms`);
  assert.not.ok(existsSync(out), "no output is written");
  return msg;
}

test('issue 10 §2: "ratePerSecond": 1e9 is refused (its range is [0, 1e6] jobs/s)', async () => {
  await refusedFast(role({ arrivals: { kind: "poisson", ratePerSecond: 1e9 } }), /spec\.json:\d+:\d+: roles\[0\]\.arrivals\.ratePerSecond: expected a number in \[0, 1e6\] \(got 1000000000\)/);
});

test('issue 10 §2: "durationSeconds": 1e300 is refused (its range is (0, 1e9] s)', async () => {
  await refusedFast({ ...base, durationSeconds: 1e300 }, /spec\.json:3:3: durationSeconds: expected a number in \(0, 1e9\] \(got 1e\+300\)/);
});

test("issue 10 §2: machines[0].count 1e12 is refused (its range is [0, 1e6])", async () => {
  await refusedFast({ ...base, machines: [{ count: 1e12, cpus: 1, mem: 1 }] }, /machines\[0\]\.count: expected an integer in \[0, 1e6\] \(got 1000000000000\)/);
});

test("issue 10 §2: a Pareto tasksPerJob with shape 0.01 is refused by the estimate: its mean, cut at the 1e6-task cap, is ~8.8e5 tasks per job", async () => {
  // E[min(X, C)] = xm + xm^α (C^(1−α) − xm^(1−α)) / (1 − α) = 1 + (1e6^0.99 − 1)/0.99 = 1 + (870,964 − 1)/0.99 ≈ 8.8e5 for xm = 1, α = 0.01 (+1 for rounding).
  assert.ok(Math.abs(meanTasksPerJob({ kind: "pareto", scale: 1, shape: 0.01 }) / 8.8e5 - 1) < 0.01);
  // 0.1 jobs/s × 3600 s = 360 jobs × (1 + 8.8e5) ≈ 3.2e8 records > 1e7.
  await refusedFast(
    role({ tasksPerJob: { kind: "pareto", scale: 1, shape: 0.01 } }),
    /spec\.json:\d+:\d+: roles\[0\]: expected at most 10000000 records in all \(--max-records\) \(got an estimated 3\.\d+e8; role "batch": 360 jobs × \(1 \+ 8797\d\d tasks per job\) over 3600 s\)/,
  );
});

test('issue 10 §4: tasksPerJob {"kind":"fixed","value":2.5} is refused: tasks per job are integers', async () => {
  await refusedFast(role({ tasksPerJob: { kind: "fixed", value: 2.5 } }), /roles\[0\]\.tasksPerJob\.value: expected an integer in \[1, 1e6\] \(got 2\.5\)/);
});

test('issue 10 §4: an unknown spec field ("colour") is an error, as in scenario files', async () => {
  await refusedFast(role({ colour: "red" }), /roles\[0\]\.colour: unknown field \(allowed: name, arrivals, tasksPerJob, shapes, durations, priority\)/);
});

test("the estimate: machines + jobs × (1 + mean tasks per job), by arrival kind", () => {
  const spec = {
    ...base,
    machines: [{ count: 5, cpus: 1, mem: 1, disk: 0, gpus: 0, attributes: {} }],
    roles: [
      // 0.1 · 3600 = 360 jobs × (1 + 3) = 1440
      { name: "a", arrivals: { kind: "poisson", ratePerSecond: 0.1 }, tasksPerJob: { kind: "fixed", value: 3 }, shapes: [], durations: null, priority: null },
      // 0.01 · 3600 + 0.001 · 3600 · 10 = 72 jobs × (1 + (1·1 + 3·3)/4 = 2.5) = 252
      {
        name: "b",
        arrivals: { kind: "bursts", ratePerSecond: 0.01, burstsPerSecond: 0.001, burstSize: 10, burstSpreadSeconds: 0 },
        tasksPerJob: { kind: "empirical", values: [1, 3], weights: [1, 3] },
        shapes: [],
        durations: null,
        priority: null,
      },
    ],
  } as unknown as SynthSpec;
  const e = estimateRecords(spec);
  assert.ok(Math.abs(e.records - (5 + 1440 + 252)) < 1e-9, String(e.records));
  // A lognormal's mean e^(μ+σ²/2), +1 for rounding, when the cap is far out of reach.
  assert.ok(Math.abs(meanTasksPerJob({ kind: "lognormal", mu: 1, sigma: 0.5 }) - (Math.exp(1.125) + 1)) < 1e-3);
  // Never above the cap, however heavy the tail.
  assert.ok(meanTasksPerJob({ kind: "lognormal", mu: 40, sigma: 20 }) <= MAX_TASKS_PER_JOB);
});

test("--max-records raises (or lowers) the bound: the same spec is refused below its estimate and written above it", async () => {
  // 2 machines + 360 jobs × 2 ≈ 722 records.
  await refusedFast(base, /expected at most 500 records in all/, 500);
  const dir = scratchDir();
  const p = join(dir, "spec.json");
  writeFileSync(p, JSON.stringify(base));
  const r = await synthesizeTrace({ specPath: p, seed: 1, out: join(dir, "out.jsonl"), maxRecords: 2000 });
  assert.ok(r.records > 600 && r.records < 850, String(r.records));
});

test("from the command line: exit 2 and the message, for a spec and for --max-records", () => {
  const dir = scratchDir();
  const p = join(dir, "spec.json");
  writeFileSync(p, JSON.stringify({ ...base, durationSeconds: 1e300 }));
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), "trace", "synth", ...args], { cwd: repo, encoding: "utf8" });
  const r = run(p, "--seed", "1", "--out", join(dir, "o.jsonl"));
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /durationSeconds: expected a number in \(0, 1e9\]/);
  writeFileSync(p, JSON.stringify(base));
  const small = run(p, "--seed", "1", "--out", join(dir, "o.jsonl"), "--max-records", "100");
  assert.is(small.status, 2, small.stderr);
  assert.match(small.stderr, /expected at most 100 records/);
});

test.run();
