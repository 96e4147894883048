// `mesosim compare RUN_A RUN_B [--max-regression METRIC=PCT]... [--json]`
// (docs/report-format.md, "Compare"; issue 12, "Compare and gate"): each metric's
// absolute and relative change and whether it is better or worse by the metric's
// known direction (waits up is worse, utilization and Jain's index down are worse);
// exit 1 when a bounded metric got worse by more than PCT %, 0 within it; exit 2
// for a bad METRIC, a bad PCT or a directory that is not a run; what differs in the
// two experiments, as key paths with both values.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareCommand } from "../../cli/commands/compare.ts";
import { compareRuns, parseRegressionBound, type Comparison } from "../../reports/compare.ts";
import { diffExperiments } from "../../reports/experiment-diff.ts";
import type { RunDirectory } from "../../reports/run-directory.ts";
import { runTiny, tinyExperiment, WIDE } from "./gate-runs.ts";
import { scratchDir } from "./record-stream.ts";

/** A run directory in memory: a summary with the given parts. */
function runOf(dir: string, parts: Record<string, unknown>, experiment: Record<string, unknown> = { format: "mesosim-experiment/1" }): RunDirectory {
  return { dir, summary: { format: "mesosim-report/1", name: "x", seed: 1, digest: dir, roles: [], frameworks: [], ...parts }, experiment };
}

const row = (c: Comparison, metric: string, name: string | null = null) => c.metrics.find((m) => m.metric === metric && m.name === name);

test("each metric's change is judged by its direction: waits and slowdown up, utilization, Jain's index and finished tasks down are worse", () => {
  const a = runOf("a", {
    tasks: { submitted: 100, finished: 90, abandoned: 0 },
    utilization: { cpus: { mean: 0.5, idleMean: 0.3 } },
    fairness: { jain: { mean: 0.9 } },
    latency: { wait: { p99: 10 }, slowdown: { mean: 2 } },
  });
  const b = runOf("b", {
    tasks: { submitted: 120, finished: 80, abandoned: 2 },
    utilization: { cpus: { mean: 0.4, idleMean: 0.5 } },
    fairness: { jain: { mean: 0.95 } },
    latency: { wait: { p99: 8 }, slowdown: { mean: 3 } },
  });
  const c = compareRuns(a, b);
  const verdicts = Object.fromEntries(c.metrics.map((m) => [m.metric, m.verdict]));
  assert.equal(verdicts, {
    "tasks.submitted": null, // the size of the workload: neither better nor worse
    "tasks.finished": "worse",
    "tasks.abandoned": "worse",
    "utilization.cpus.mean": "worse",
    "utilization.cpus.idleMean": null,
    "fairness.jain.mean": "better",
    "latency.wait.p99": "better",
    "latency.slowdown.mean": "worse",
  });
  // Only metrics one of the summaries has are listed, in summary.json's order.
  assert.equal(c.metrics.map((m) => m.metric), Object.keys(verdicts));
  // utilization: 0.4 − 0.5 = −0.1, −0.1 / 0.5 = −20 %; wait p99: 8 − 10 = −2, −20 %.
  assert.equal(row(c, "utilization.cpus.mean"), { scope: "run", name: null, metric: "utilization.cpus.mean", unit: "fraction", worse: "down", a: 0.5, b: 0.4, change: -0.1, relativePercent: -20, verdict: "worse" });
  assert.is(row(c, "latency.wait.p99")?.relativePercent, -20);
  // From 0 to 2 has no relative change.
  assert.equal([row(c, "tasks.abandoned")?.change, row(c, "tasks.abandoned")?.relativePercent], [2, null]);
});

test("roles and frameworks are compared row by row, names sorted; a row only one run has shows the other side empty", () => {
  const a = runOf("a", { roles: [{ role: "prod", shareMean: 0.5, latency: { wait: { p99: 4 } } }], frameworks: [{ name: "f", busyness: 0.2 }] });
  const b = runOf("b", { roles: [{ role: "batch", shareMean: 0.1 }, { role: "prod", shareMean: 0.5, latency: { wait: { p99: 5 } } }], frameworks: [{ name: "f", busyness: 0.1 }] });
  const c = compareRuns(a, b);
  assert.equal(c.metrics.map((m) => `${m.scope} ${m.name ?? ""} ${m.metric} ${m.verdict}`), [
    "role batch shareMean null",
    "role prod shareMean null",
    "role prod latency.wait.p99 worse",
    "framework f busyness better",
  ]);
  assert.equal([row(c, "shareMean", "batch")?.a, row(c, "shareMean", "batch")?.b], [null, 0.1]);
});

test("a gate holds up to exactly PCT % worse and fails beyond; better always holds; from 0 to worse, or a value missing in one run, fails", () => {
  const a = runOf("a", { utilization: { cpus: { mean: 0.8 } }, tasks: { failed: 0, lost: 0 }, latency: { wait: { p99: 10, p50: null, max: 5 }, slowdown: { p99: null } } });
  const b = runOf("b", { utilization: { cpus: { mean: 0.72 } }, tasks: { failed: 3, lost: 0 }, latency: { wait: { p99: 11, p50: 2, max: 4 }, slowdown: { p99: null } } });
  const gates = compareRuns(a, b, [
    "latency.wait.p99=10", // (11 − 10) / 10 = 10 % worse: exactly the bound
    "latency.wait.p99=9.99",
    "utilization.cpus.mean=10", // (0.8 − 0.72) / 0.8 = 10 % lower
    "utilization.cpus.mean=5%",
    "latency.wait.max=0", // 5 → 4: better
    "tasks.failed=1000", // 0 → 3: worse by more than any percentage
    "tasks.lost=0", // 0 → 0
    "latency.wait.p50=50", // no value in A
    "latency.slowdown.p99=0", // no value in either
  ].map(parseRegressionBound)).gates;
  assert.equal(gates.map((g) => [g.metric, g.worsePercent, g.passed]), [
    ["latency.wait.p99", 10, true],
    ["latency.wait.p99", 10, false],
    ["utilization.cpus.mean", 10, true],
    ["utilization.cpus.mean", 10, false],
    ["latency.wait.max", -20, true],
    ["tasks.failed", null, false],
    ["tasks.lost", 0, true],
    ["latency.wait.p50", null, false],
    ["latency.slowdown.p99", null, true],
  ]);
  assert.is(gates[5]?.reason, "from 0 to 3: worse by more than any percentage");
  assert.is(gates[7]?.reason, "a has no value for it, so a change cannot be measured");
});

test("--max-regression: METRIC=PCT, role:NAME:METRIC=PCT, framework:NAME:METRIC=PCT; a bad metric, one with no worse direction, or a bad PCT is exit 2", () => {
  assert.equal(parseRegressionBound("latency.wait.p99=10"), { text: "latency.wait.p99=10", scope: "run", name: null, metric: "latency.wait.p99", maxPercent: 10 });
  // Role names may hold ':' and '=' (Mesos roles.cpp forbids neither): the metric is after the last ':', PCT after the last '='.
  assert.equal(parseRegressionBound("role:a:b=c:latency.wait.mean=2.5%"), { text: "role:a:b=c:latency.wait.mean=2.5%", scope: "role", name: "a:b=c", metric: "latency.wait.mean", maxPercent: 2.5 });
  assert.is(parseRegressionBound("framework:spark:busyness=0").scope, "framework");
  const bad: Array<[string, RegExp]> = [
    ["latency.wait.p999=10", /unknown metric "latency\.wait\.p999" of the whole run: "latency\.wait" has mean, p50, p90, p99, max, count/],
    ["busyness=10", /"busyness" is not a metric of the whole run: it is one of a framework \(give it as framework:NAME:METRIC\)/],
    ["tasks.submitted=10", /tasks\.submitted has no worse direction/],
    ["latency.wait.p99=-5", /PCT: expected a percentage ≥ 0 such as 10 or 2\.5, got "-5"/],
    ["latency.wait.p99=ten", /PCT: expected a percentage/],
    ["latency.wait.p99=", /PCT: expected a percentage/],
    ["latency.wait.p99", /expected METRIC=PCT/],
    ["role:latency.wait.p99=10", /expected role:NAME:METRIC=PCT/],
  ];
  for (const [text, says] of bad) {
    assert.throws(() => parseRegressionBound(text), (e: Error & { exitCode?: number }) => e.exitCode === 2 && says.test(e.message) && e.message.startsWith(`--max-regression ${JSON.stringify(text)}: `), text);
  }
});

test("the experiment difference: every key path whose values differ, with both values, keys sorted, lists item by item, an absent side left out", () => {
  const a = { name: "x", master: { allocationInterval: 1_000_000, sorter: "drf" }, workload: [{ limit: 10 }], roles: { prod: { weight: 3 } } };
  const b = { name: "x", master: { allocationInterval: 5_000_000, sorter: "drf" }, workload: [{ limit: null }, { trace: "t" }], roles: {}, seed: 2 };
  assert.equal(diffExperiments(a, b), [
    { path: "master.allocationInterval", a: 1_000_000, b: 5_000_000 },
    { path: "roles.prod", a: { weight: 3 } },
    { path: "seed", b: 2 },
    { path: "workload.0.limit", a: 10, b: null },
    { path: "workload.1", b: { trace: "t" } },
  ]);
  assert.equal(diffExperiments(a, structuredClone(a)), []);
});

test("a bound on a role or framework neither run has is exit 2, naming the ones they have", () => {
  const a = runOf("a", { roles: [{ role: "prod", latency: { wait: { p99: 1 } } }] });
  assert.throws(() => compareRuns(a, a, [parseRegressionBound("role:batch:latency.wait.p99=10")]), /neither run has role "batch" \(they have "prod"\)/);
});

// Two real runs of gate-runs.ts's tiny experiment: A on 2 cpus (waits [0, 10, 20],
// mean 10, max 20, cpus mean 1), B on 4 cpus (waits [0, 0, 10], mean 3.33333, max
// 10, cpus mean 0.75).
const { dir, path } = tinyExperiment();
const A = join(dir, "a");
const B = join(dir, "b");
let ready: Promise<void> | undefined;
const runs = () =>
  (ready ??= (async () => {
    assert.is((await runTiny(path, A)).code, 0);
    assert.is((await runTiny(path, B, { set: [WIDE] })).code, 0);
  })());

function compare(a: string, b: string, ...rest: string[]) {
  let stdout = "";
  let stderr = "";
  const bounds = rest.filter((x) => x !== "--json");
  const code = compareCommand({ a, b, maxRegression: bounds, json: rest.includes("--json") }, (t) => (stdout += t), (t) => (stderr += t));
  return { code, stdout, stderr };
}

test("mesosim compare on two runs: exit 0 without bounds; the table lists each metric with both values and its change; the experiments' one difference is named", async () => {
  await runs();
  const r = compare(A, B);
  assert.is(r.code, 0);
  assert.match(r.stdout, /The experiments differ in 1 key:\nkey\s+A\s+B\ncluster\.agents\.0\.resources\s+"cpus:2;mem:4096"\s+"cpus:4;mem:4096"\n/);
  // wait mean 10 → 3.33333: −6.66667, −66.7 %, better; cpus mean 1 → 0.75: −25 %, worse.
  assert.match(r.stdout, /\nrun\s+latency\.wait\.mean\s+10\s+3\.33333\s+-6\.66667\s+-66\.7\s+higher\s+better\n/);
  assert.match(r.stdout, /\nrun\s+utilization\.cpus\.mean\s+1\s+0\.75\s+-0\.25\s+-25\s+lower\s+worse\n/);
  assert.match(r.stdout, /\nrole web\s+latency\.wait\.max\s+20\s+10\s+-10\s+-50\s+higher\s+better\n/);
  assert.match(r.stdout, /\nframework web\s+tasksLaunched\s+3\s+3\s+0\s+0\s+lower\s+same\n/);
  assert.is(r.stderr, "");
});

test("mesosim compare gates: exit 1 when a bounded metric got worse by more than PCT %, each failure on stderr; exit 0 within the bound", async () => {
  await runs();
  // B → A: wait mean 3.33333 → 10 is (10 − 3.33333) / 3.33333 = 200.0002 % → 200 % worse.
  assert.is(compare(B, A, "latency.wait.mean=200").code, 0);
  const over = compare(B, A, "latency.wait.mean=150", "role:web:latency.wait.max=100");
  assert.is(over.code, 1);
  assert.equal(over.stderr.trimEnd().split("\n"), ["regression beyond --max-regression 150 %: latency.wait.mean got worse by 200 % (3.33333 → 10)"]);
  assert.match(over.stdout, /\nlatency\.wait\.mean\s+150 %\s+3\.33333\s+10\s+200 %\s+FAILED\n/);
  assert.match(over.stdout, /\nrole web: latency\.wait\.max\s+100 %\s+10\s+20\s+100 %\s+passed\n/);
  assert.match(over.stdout, /1 of 2 bounds failed\.\n$/);
  // A → B: waits fell (better, holds at 0 %); cpus mean fell 25 %, beyond 10 %.
  assert.is(compare(A, B, "latency.wait.p99=0").code, 0);
  assert.is(compare(A, B, "utilization.cpus.mean=25").code, 0);
  assert.is(compare(A, B, "utilization.cpus.mean=10").code, 1);
});

test("mesosim compare --json prints one JSON document with the same figures and the gates' verdicts", async () => {
  await runs();
  const r = compare(A, B, "utilization.cpus.mean=10", "--json");
  assert.is(r.code, 1);
  const doc = JSON.parse(r.stdout) as Comparison & { format: string };
  assert.is(doc.format, "mesosim-compare/1");
  assert.is(doc.sameDigest, false);
  assert.equal(doc.experimentDifferences, [{ path: "cluster.agents.0.resources", a: "cpus:2;mem:4096", b: "cpus:4;mem:4096" }]);
  assert.equal(doc.gates, [{ bound: "utilization.cpus.mean=10", scope: "run", name: null, metric: "utilization.cpus.mean", maxPercent: 10, a: 1, b: 0.75, worsePercent: 25, passed: false, reason: null }]);
  assert.is(doc.passed, false);
  assert.equal(compare(A, B, "--json").stdout, compare(A, B, "--json").stdout, "the same runs give the same bytes");
});

test("a run compared with itself: same digest, no experiment difference, every change 0", async () => {
  await runs();
  const r = compare(A, A);
  assert.match(r.stdout, /The event logs are identical \(same digest\)\.\n\nThe experiments are the same\.\n/);
  const doc = JSON.parse(compare(A, A, "--json").stdout) as Comparison;
  assert.ok(doc.metrics.length > 50);
  assert.ok(doc.metrics.every((m) => m.change === 0 || (m.a === null && m.b === null)));
});

test("a directory that is not a finished run directory is exit 2 naming the file", async () => {
  await runs();
  const scratch = scratchDir();
  const empty = join(scratch, "empty");
  mkdirSync(empty);
  const broken = join(scratch, "broken");
  mkdirSync(broken);
  writeFileSync(join(broken, "error.json"), "{}\n");
  const other = join(scratch, "other");
  mkdirSync(other);
  writeFileSync(join(other, "summary.json"), '{\n  "format": "mesosim-report/0"\n}\n');
  writeFileSync(join(other, "experiment.json"), "{}\n");
  const cases: Array<[string, RegExp]> = [
    [join(scratch, "missing"), /missing: no such run directory/],
    [empty, /empty\/summary\.json: not found: .*empty is not a finished run directory of mesosim run/],
    [broken, /broken\/summary\.json: not found: the run broke an invariant \(.*broken\/error\.json says which\)/],
    [other, /other\/summary\.json:2:3: format: expected "mesosim-report\/1" \(got "mesosim-report\/0"\)/],
  ];
  for (const [dirB, says] of cases) {
    assert.throws(() => compare(A, dirB), (e: Error & { exitCode?: number }) => e.exitCode === 2 && says.test(e.message), dirB);
  }
});

const ROOT = resolve(import.meta.dirname, "../..");

test("mesosim compare's exit status as a process: 1 for a regression, 2 for bad input", async () => {
  await runs();
  const mesosim = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), "compare", ...args], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
  const worse = mesosim(A, B, "--max-regression", "utilization.cpus.mean=10", "--max-regression", "latency.wait.p99=10");
  assert.is(worse.status, 1, worse.stderr);
  assert.match(worse.stderr, /utilization\.cpus\.mean got worse by 25 %/);
  const bad = mesosim(A, B, "--max-regression", "latency.wait.p99=lots");
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--max-regression "latency\.wait\.p99=lots": PCT: expected a percentage/);
});

test.run();
