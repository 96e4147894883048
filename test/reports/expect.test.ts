// The experiment's `expect` list (docs/experiment-format.md, `expect`;
// docs/report-format.md, `summary.expect`): checked at the end of a run against the
// summary, bounds inclusive, durations in seconds; every check recorded in
// summary.expect in the contract's shape; exit 1 with each failure on stderr while
// the run directory is still written whole; a metric summary.json does not have is
// an invalid experiment (exit 2, nothing written), not a failed check.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../../common/input-error.ts";
import { checkExpectations } from "../../reports/expect.ts";
import type { Expectation } from "../../sim/records/summary-metrics.ts";
import { runTiny, tinyExperiment } from "./gate-runs.ts";

/** The InputError's message (what the command prints with exit 2), or "" when the run went through. */
async function inputError(path: string, out: string): Promise<string> {
  try {
    await runTiny(path, out);
    return "";
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

const check = (over: Partial<Expectation>): Expectation => ({ metric: "latency.wait.p99", role: null, framework: null, min: null, max: null, ...over });

/** Just the parts of a summary the checks below read. */
const SUMMARY = {
  utilization: { cpus: { mean: 0.6 }, mem: { mean: 0.599999999 } },
  latency: { wait: { p99: 30, max: null } },
  roles: [{ role: "prod", latency: { wait: { p99: 45.2 } }, shareMean: 0.5 }],
  frameworks: [{ name: "spark", busyness: 0.25 }],
};

test("bounds are inclusive: a value equal to min or max passes, one beyond fails (experiment format, `expect`: min/max are inclusive)", () => {
  const r = checkExpectations(SUMMARY, [
    check({ max: 30 }),
    check({ max: 29.999 }),
    check({ metric: "utilization.cpus.mean", min: 0.6 }),
    check({ metric: "utilization.cpus.mean", min: 0.61 }),
    check({ metric: "utilization.cpus.mean", min: 0.5, max: 0.7 }),
  ]);
  assert.equal(r.map((x) => x.passed), [true, false, true, false, true]);
  assert.equal(r[1], { metric: "latency.wait.p99", max: 29.999, value: 30, passed: false });
});

test("role and framework pick their row of summary.roles[] / summary.frameworks[]; a row the run does not have fails with value null", () => {
  const r = checkExpectations(SUMMARY, [
    check({ role: "prod", max: 30 }),
    check({ metric: "busyness", framework: "spark", max: 0.25 }),
    check({ role: "nosuch", max: 1000 }),
  ]);
  assert.equal(r, [
    { metric: "latency.wait.p99", role: "prod", max: 30, value: 45.2, passed: false },
    { metric: "busyness", framework: "spark", max: 0.25, value: 0.25, passed: true },
    { metric: "latency.wait.p99", role: "nosuch", max: 1000, value: null, passed: false },
  ]);
});

test("a metric with no value in the run (null in summary.json) fails the check rather than passing vacuously", () => {
  const [max, gpus] = checkExpectations(SUMMARY, [check({ metric: "latency.wait.max", max: 1e9 }), check({ metric: "utilization.gpus.mean", max: 1 })]);
  assert.equal(max, { metric: "latency.wait.max", max: 1e9, value: null, passed: false });
  assert.is(gpus?.passed, false);
});

test("the value is compared as summary.json shows it, to 6 significant digits (report format: numbers rounded to 6 digits)", () => {
  // 0.599999999 is written 0.6, so `min: 0.6` holds for what a reader sees.
  const [r] = checkExpectations(SUMMARY, [check({ metric: "utilization.mem.mean", min: 0.6 })]);
  assert.equal(r, { metric: "utilization.mem.mean", min: 0.6, value: 0.6, passed: true });
});

// The tiny run of gate-runs.ts, on 2 cpus: waits [0, 10, 20] s → mean 10, p99 =
// R-7 rank (3 − 1)·0.99 = 1.98 → 10 + 0.98·10 = 19.8, max 20; cpus mean 1.
test("a run whose checks all hold exits 0 and records every check in summary.expect, durations in seconds", async () => {
  const { dir, path } = tinyExperiment([
    { metric: "latency.wait.p99", role: "web", max: "19.8s" },
    { metric: "latency.wait.max", max: "20s", min: 20 },
    { metric: "utilization.cpus.mean", min: 1 },
    { metric: "tasks.abandoned", max: 0 },
    { metric: "busyness", framework: "web", max: 0 },
  ]);
  const out = join(dir, "run");
  const r = await runTiny(path, out);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, "");
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Record<string, unknown>;
  assert.is(Object.keys(summary).at(-1), "expect", "expect is the last key, as the contract orders them");
  assert.equal(summary["expect"], [
    { metric: "latency.wait.p99", role: "web", max: 19.8, value: 19.8, passed: true },
    { metric: "latency.wait.max", min: 20, max: 20, value: 20, passed: true },
    { metric: "utilization.cpus.mean", min: 1, value: 1, passed: true },
    { metric: "tasks.abandoned", max: 0, value: 0, passed: true },
    { metric: "busyness", framework: "web", max: 0, value: 0, passed: true },
  ]);
  assert.match(r.stdout, /expect\s+min\s+max\s+value\s+result/);
});

test("a failed check exits 1, lists each failure (metric, bound, value) on stderr and in --json, and the run directory is written whole", async () => {
  const { dir, path } = tinyExperiment([
    { metric: "latency.wait.mean", max: "9.5s" },
    { metric: "tasks.finished", min: 3 },
    { metric: "utilization.gpus.mean", max: 1 },
  ]);
  const out = join(dir, "run");
  const r = await runTiny(path, out, { json: true });
  assert.is(r.code, 1);
  assert.equal(r.stderr.trimEnd().split("\n"), [
    "expect failed: latency.wait.mean is 10, above max 9.5",
    'expect failed: utilization.gpus.mean: the run has no value for it (null in summary.json)',
    "2 of 3 expect checks failed",
  ]);
  const printed = JSON.parse(r.stdout) as { expect: unknown };
  assert.equal(printed.expect, [
    { metric: "latency.wait.mean", max: 9.5, value: 10, passed: false },
    { metric: "tasks.finished", min: 3, value: 3, passed: true },
    { metric: "utilization.gpus.mean", max: 1, value: null, passed: false },
  ]);
  assert.equal(readdirSync(out).sort(), ["experiment.json", "frameworks.csv", "summary.json", "tasks.csv", "timeseries.csv", "timing.json"]);
  assert.is(readFileSync(join(out, "summary.json"), "utf8"), r.stdout, "--json prints summary.json");
});

test("a check of a role or framework the run did not have is an invalid experiment (exit 2, naming the entry), not a failed gate: nothing is written", async () => {
  for (const [check, message] of [
    [{ metric: "latency.wait.p99", role: "batch", max: 1 }, /e\.json:1:\d+: expect\.1\.role: the run has no role "batch" \(its roles: web\)$/],
    [{ metric: "busyness", framework: "batch", max: 1 }, /e\.json:1:\d+: expect\.1\.framework: no framework is named "batch": it is not in `frameworks`, and no task of a role "batch" went to a framework made for its role by the end of the run$/],
  ] as const) {
    const { dir, path } = tinyExperiment([{ metric: "tasks.finished", min: 3 }, check]);
    const out = join(dir, "run");
    assert.match(await inputError(path, out), message);
    assert.not.ok(existsSync(out), "nothing written");
  }
});

test("when a framework takes every task, an expect role or framework the experiment does not list is exit 2 before the run", async () => {
  const { dir, path } = tinyExperiment([{ metric: "latency.wait.p99", role: "batch", max: 1 }]);
  const doc = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify({ ...doc, frameworks: [{ name: "all", roles: ["web"], tasks: "*" }] }));
  assert.match(await inputError(path, join(dir, "run")), /expect\.0\.role: the run has no role "batch" \(roles: web\): frameworks\.0 takes every task, so no other role can appear/);
  assert.not.ok(existsSync(join(dir, "run")));
});

const ROOT = resolve(import.meta.dirname, "../..");

test("mesosim run's exit status is 1 when an expect check fails (experiment format, exit status)", () => {
  const { dir, path } = tinyExperiment([{ metric: "latency.wait.max", max: 19 }]);
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), "run", path, "--out", join(dir, "run")], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /expect failed: latency\.wait\.max is 20, above max 19/);
  assert.match(r.stdout, /latency\.wait\.max\s+-\s+19\s+20\s+FAILED/);
  assert.ok(existsSync(join(dir, "run", "summary.json")));
});

const badChecks: Array<[string, unknown, RegExp]> = [
  ["an unknown metric, with what its known prefix has", { metric: "latency.wait.p999", max: 1 }, /metric: unknown metric "latency\.wait\.p999" of the whole run: "latency\.wait" has mean, p50, p90, p99, max, count/],
  ["a role metric without role", { metric: "shareMean", max: 1 }, /metric: "shareMean" is not a metric of the whole run: it is one of a role \(give it with role\)/],
  ["a framework metric with role", { metric: "busyness", role: "web", max: 1 }, /metric: "busyness" is not a metric of a role: it is one of a framework/],
  ["a resource reports do not count", { metric: "utilization.tpus.mean", max: 1 }, /metric: unknown metric "utilization\.tpus\.mean" of the whole run: "utilization" has cpus, mem, disk, gpus/],
  ["role and framework together", { metric: "latency.wait.p99", role: "web", framework: "web", max: 1 }, /framework: give role or framework, not both/],
  ["an invalid role name", { metric: "latency.wait.p99", role: "/web", max: 1 }, /role: role '\/web' cannot start with a slash/],
  ["no bound", { metric: "tasks.failed" }, /expect(\.0|\[0\]): expected min, max or both/],
  ["a duration bound on a metric that is not a time", { metric: "utilization.cpus.mean", min: "5s" }, /min: expected a number: utilization\.cpus\.mean is not a time \(got "5s"\)$/],
  ["a bound that is not a duration", { metric: "latency.wait.p99", max: "30 parsecs" }, /max: expected a number of seconds or a duration \("30s", "1\.5h"\) \(got "30 parsecs"\)$/],
  ["min above max", { metric: "latency.wait.p99", min: "40s", max: 30 }, /max: expected max ≥ min \(30 < 40\)/],
  ["an unknown key", { metric: "latency.wait.p99", max: 1, scope: "run" }, /expect(\.0|\[0\]).*Unrecognized key: "scope"|unknown field/],
];

for (const [what, entry, says] of badChecks) {
  test(`expect: ${what} is an invalid experiment (exit 2) naming the file and key path, and nothing is written`, async () => {
    const { dir, path } = tinyExperiment([entry]);
    const out = join(dir, "run");
    const err = await runTiny(path, out).then(
      () => undefined,
      (e: unknown) => e as { message: string; exitCode?: number },
    );
    assert.ok(err !== undefined, "the run was refused");
    assert.is(err.exitCode, 2);
    assert.ok(err.message.includes(path), err.message);
    assert.match(err.message, /expect(\.0|\[0\])/);
    assert.match(err.message, says);
    assert.not.ok(existsSync(out));
  });
}

test.run();
