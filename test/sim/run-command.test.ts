// `mesosim run` end to end: bad input is exit 2 naming the file and key path with
// nothing written; a run writes the run directory, summary.json last; the same
// experiment and seed give byte-identical files (timing.json aside).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadExperiment } from "../../sim/experiment/load-experiment.ts";
import { machine, task, writeTrace, S } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/mesosim.js");

function mesosim(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
}

function experimentFile(body: Record<string, unknown>, name = "e.json"): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-run-test-"));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body, null, 2));
  return { dir, path };
}

const trace = () => writeTrace([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "web", 1, 512, 10 * S), task(S, "t2", "batch", 2, 1024, 5 * S), task(2 * S, "t3", "web", 4, 512, 3 * S)]);
const base = (tracePath: string) => ({ format: "mesosim-experiment/1", name: "t", workload: [{ trace: tracePath }] });

// Each case: the experiment, the `line:column` its error names and the `key.path:
// message` that follows (the experiment is written with JSON.stringify(…, null,
// 2): `{"format", "name", "workload": [{"trace"}]}` takes lines 1–8, so a key
// added after them is at line 9, column 3; `master`'s first key at 10:5).
const badCases: Array<[string, (t: string) => Record<string, unknown>, string, RegExp]> = [
  ["an unknown key", (t) => ({ ...base(t), colour: "red" }), "9:3", /colour: unknown field \(allowed: format, name, /],
  ["an unknown key in master", (t) => ({ ...base(t), master: { allocationInterval: "1s", speed: 2 } }), "11:5", /master\.speed: unknown field \(allowed: allocator, /],
  ["a wrong type", (t) => ({ ...base(t), seed: "one" }), "9:3", /seed: expected an integer in \[0, 2\^53-1\] \(got "one"\)/],
  ["a bad duration", (t) => ({ ...base(t), horizon: "10 parsecs" }), "9:3", /horizon: expected a duration .*\(got "10 parsecs"\)/],
  ["a negative duration", (t) => ({ ...base(t), master: { taskLaunchDelay: -1 } }), "10:5", /master\.taskLaunchDelay: expected a duration from 0/],
  ["a bad RES", (t) => ({ ...base(t), cluster: { agents: [{ count: 1, resources: "cpus:-1" }] } }), "13:9", /cluster\.agents\.0\.resources: bad resource/],
  ["an unknown model", (t) => ({ ...base(t), frameworks: [{ name: "f", roles: ["web"], model: "marathonx" }] }), "15:7", /frameworks\.0\.model: unknown model "marathonx" \(known: batch\)/],
  ["unknown params of a model", (t) => ({ ...base(t), frameworks: [{ name: "f", roles: ["web"], params: { x: 1 } }] }), "16:9", /frameworks\.0\.params\.x: unknown field \(allowed: maxRetries, inverseOffers, revocableTasks\)/],
  ["no workload", (t) => ({ ...base(t), workload: [] }), "4:3", /workload: a run with no work is an error/],
  ["a failure that is neither once nor a process", (t) => ({ ...base(t), failures: [{ kind: "master-failover" }] }), "10:5", /failures\.0: give `at` \(once\) or `every`/],
  ["a missing trace", () => base("/nonexistent/trace.jsonl"), "6:7", /workload\.0\.trace: \/nonexistent\/trace\.jsonl: no such file/],
  ["quota on a nested role (Mesos's master refuses it, MESOS-7402)", (t) => ({ ...base(t), roles: { team: { weight: 2 }, "team/web": { weight: 3, quota: { guarantees: "cpus:1" } } } }), "15:7", /roles\.team\/web\.quota: quota on a nested role is not supported by Mesos .*set it on the top-level role "team"/],
  ["an allocation interval of 0", (t) => ({ ...base(t), master: { allocationInterval: 0 } }), "10:5", /master\.allocationInterval: expected a duration of at least 1 µs/],
  ["an offer timeout of 0 (it would rescind every offer at once, forever)", (t) => ({ ...base(t), master: { offerTimeout: "0s" } }), "10:5", /master\.offerTimeout: expected a duration of at least 1 µs/],
  ["a sample interval of 0", (t) => ({ ...base(t), report: { sampleInterval: 0 } }), "10:5", /report\.sampleInterval: expected a duration of at least 1 µs/],
  ["{i%0} in an agent id", (t) => ({ ...base(t), cluster: { agents: [{ count: 2, resources: "cpus:1", id: "n{i%0}" }] } }), "14:9", /cluster\.agents\.0\.id: \{i%N\} needs N ≥ 1/],
  ["two agents with one id", (t) => ({ ...base(t), cluster: { agents: [{ count: 2, resources: "cpus:1", id: "same" }] } }), "14:9", /cluster\.agents\.0\.id: agent id "same" is given twice/],
  ["a window that ends before it starts", (t) => ({ ...base(t), workload: [{ trace: t, window: { start: "10s", end: "5s" } }] }), "7:7", /workload\.0\.window: expected end after start/],
  ["an expect check of a metric summary.json does not have", (t) => ({ ...base(t), expect: [{ metric: "latency.wait.p999", max: 1 }] }), "11:7", /expect\.0\.metric: unknown metric "latency\.wait\.p999"/],
  ["an unknown trace format", (t) => ({ ...base(t), workload: [{ trace: t, from: "nosuch" }] }), "7:7", /workload\.0\.from: expected one of "google-2011", .*"swf", "swim" \(got "nosuch"\)/],
  // A valid role name that no task of the run has: found only at the run's end, and
  // named by its place in the file all the same.
  ["a framework-failover naming no framework (a role no task has)", (t) => ({ ...base(t), failures: [{ kind: "framework-failover", at: "1s", framework: "wbe" }] }), "13:7", /failures\.0\.framework: no framework is named "wbe"/],
];

for (const [what, body, at, says] of badCases) {
  test(`mesosim run: ${what} is exit 2 naming the file:line:column and key path, and nothing is written`, () => {
    const { dir, path } = experimentFile(body(trace()));
    const out = join(dir, "run");
    const r = mesosim("run", path, "--out", out);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, says);
    assert.ok(r.stderr.startsWith(`mesosim: ${path}:${at}: `), r.stderr);
    assert.not.ok(existsSync(out), "no run directory");
    assert.equal(readdirSync(dir).filter((f) => f !== "e.json"), []);
  });
}

test("--out is replaced only when it is an earlier run directory: a folder holding inputs or other files is refused (exit 2) and left as it was", () => {
  const t = trace();
  const { dir, path } = experimentFile(base(t));
  writeFileSync(join(dir, "notes.txt"), "mine");
  // The experiment's own folder holds the experiment (an input) and notes.txt.
  const r1 = mesosim("run", path, "--out", dir);
  assert.is(r1.status, 2, r1.stderr);
  assert.match(r1.stderr, /holds the input|is not an earlier output/);
  assert.is(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");
  // A folder of the user's with other files in it.
  const mine = join(dir, "mine");
  mkdirSync(mine);
  writeFileSync(join(mine, "keep.txt"), "keep");
  const r2 = mesosim("run", path, "--out", mine);
  assert.is(r2.status, 2, r2.stderr);
  assert.is(readFileSync(join(mine, "keep.txt"), "utf8"), "keep");
  // An earlier run directory is replaced whole.
  const out = join(dir, "run");
  assert.is(mesosim("run", path, "--out", out).status, 0);
  assert.is(mesosim("run", path, "--out", out).status, 0);
  assert.ok(existsSync(join(out, "summary.json")));
  assert.equal(readdirSync(dir).filter((f) => f.startsWith(".")), [], "no scratch left beside --out");
});

test("a synthetic workload without a horizon runs to its end (the span is the last event run)", () => {
  const { dir } = experimentFile({});
  const spec = join(dir, "spec.json");
  writeFileSync(spec, JSON.stringify({
    format: "mesosim-synth/1",
    durationSeconds: 3600,
    machines: [{ count: 4, cpus: 8, mem: 8192, disk: 0, gpus: 0 }],
    roles: [{ name: "batch", arrivals: { kind: "poisson", ratePerSecond: 0.05 }, shapes: [{ cpus: 1, mem: 512, disk: 0, gpus: 0, weight: 1 }], tasksPerJob: { kind: "fixed", value: 2 }, durations: { kind: "fixed", value: 60 } }],
  }));
  const path = join(dir, "synth.json");
  writeFileSync(path, JSON.stringify({ format: "mesosim-experiment/1", name: "s", workload: [{ synth: spec }] }));
  const r = mesosim("run", path, "--out", join(dir, "run"), "--json");
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { tasks: { submitted: number; finished: number } };
  assert.ok(summary.tasks.submitted > 0);
  assert.is(summary.tasks.finished, summary.tasks.submitted);
});

test("SIGTERM stops a long run: exit 143, no run directory and no scratch left", async () => {
  const { dir } = experimentFile({});
  const out = join(dir, "run");
  const child = spawn(process.execPath, [BIN, "run", join(ROOT, "examples/openb-gpu.yaml"), "--out", out], { env: { ...process.env, MESOSIM_FROM_SOURCES: "1" }, stdio: "ignore" });
  // Long enough to be simulating (the whole openb sample takes minutes).
  await new Promise((done) => setTimeout(done, 8000));
  child.kill("SIGTERM");
  // A run that ignored the signal would hang the suite: give up after 30 s.
  const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
  clearTimeout(guard);
  assert.is(code, 143);
  assert.not.ok(existsSync(out));
  assert.equal(readdirSync(dir).filter((f) => f !== "e.json"), []);
});

test("a malformed trace line is exit 2 naming the trace, line and field, and nothing is written", () => {
  const t = trace();
  writeFileSync(t, readFileSync(t, "utf8").replace('"cpus":2', '"cpus":"two"'));
  const { dir, path } = experimentFile(base(t));
  const r = mesosim("run", path, "--out", join(dir, "run"));
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /trace\.jsonl:\d+: field cpus: not a non-negative number/);
  assert.not.ok(existsSync(join(dir, "run")));
});

test("a framework-failover named by --set that names no framework is exit 2 naming the --set, at the run's end too, and nothing is written", () => {
  const { dir, path } = experimentFile({ ...base(trace()), failures: [{ kind: "framework-failover", at: "1s", framework: "web" }] });
  const out = join(dir, "run");
  const r = mesosim("run", path, "--set", "failures.0.framework=wbe", "--out", out);
  assert.is(r.status, 2, r.stderr);
  assert.ok(r.stderr.startsWith("mesosim: --set failures.0.framework=wbe: failures.0.framework: no framework is named \"wbe\""), r.stderr);
  assert.not.ok(existsSync(out), "no run directory");
  // The same file as written runs: "web" is a framework made for its role.
  assert.is(mesosim("run", path, "--out", out).status, 0);
});

test("an error about an object of the file that a --set changed part of names both the file's line and the --set", () => {
  const { path } = experimentFile({ format: "mesosim-experiment/1", name: "t", workload: [{ trace: trace(), window: { start: "0s", end: "10s" } }] });
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  assert.throws(
    () => loadExperiment(path, { set: ["workload.0.window.start=20s"] }),
    new RegExp(`^${escaped}:7:7 \\(as changed by --set workload\\.0\\.window\\.start=20s\\): workload\\.0\\.window: expected end after start`),
  );
});

test("--set overrides a key by its dotted path, list items by index; --seed and --horizon override theirs", () => {
  const { path } = experimentFile({ ...base(trace()), frameworks: [{ name: "f", roles: ["web"] }] });
  const ex = loadExperiment(path, { seed: 7, horizon: "90s", set: ["master.allocationInterval=2s", "frameworks.0.refuseSeconds=1", "description=hello"] });
  assert.is(ex.seed, 7);
  assert.is(ex.horizon, 90 * S);
  assert.is(ex.master.allocationInterval, 2 * S);
  assert.is(ex.frameworks[0]?.refuseSeconds, 1);
  assert.is(ex.description, "hello");
  assert.throws(() => loadExperiment(path, { set: ["frameworks.3.name=x"] }), /--set frameworks\.3\.name=x: frameworks\.3: no list item "3"/);
});

test("a run writes its run directory, summary.json among it; the same experiment and seed give byte-identical files", () => {
  const { dir, path } = experimentFile({ ...base(trace()), report: { events: true } });
  const a = join(dir, "a");
  const b = join(dir, "b");
  for (const out of [a, b]) {
    const r = mesosim("run", path, "--out", out, "--json");
    assert.is(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { tasks: { submitted: number; finished: number }; digest: string };
    assert.is(summary.tasks.submitted, 3);
    assert.is(summary.tasks.finished, 3);
  }
  const files = readdirSync(a).sort();
  assert.equal(files, ["events.jsonl", "experiment.json", "frameworks.csv", "summary.json", "tasks.csv", "timeseries.csv", "timing.json"]);
  for (const f of files) if (f !== "timing.json") assert.is(readFileSync(join(b, f), "utf8"), readFileSync(join(a, f), "utf8"), f);
});

test("report.formats selects the files: without csv no CSV file is written (report.html is still rendered from them); summary.json, experiment.json and timing.json always are", () => {
  const { dir, path } = experimentFile({ ...base(trace()), report: { formats: ["json"] } });
  const jsonOnly = join(dir, "json");
  assert.is(mesosim("run", path, "--out", jsonOnly).status, 0);
  assert.equal(readdirSync(jsonOnly).sort(), ["experiment.json", "summary.json", "timing.json"]);
  const html = join(dir, "html");
  const r = mesosim("run", path, "--out", html, "--set", 'report.formats=["html"]');
  assert.is(r.status, 0, r.stderr);
  assert.equal(readdirSync(html).sort(), ["experiment.json", "report.html", "summary.json", "timing.json"]);
  // The page is the one a run that keeps its CSV files renders (charts and all).
  const both = join(dir, "both");
  assert.is(mesosim("run", path, "--out", both, "--set", 'report.formats=["csv","html"]').status, 0);
  assert.equal(readdirSync(both).sort(), ["experiment.json", "frameworks.csv", "report.html", "summary.json", "tasks.csv", "timeseries.csv", "timing.json"]);
  // (Its experiment section says which formats, and the SHA-256 of that text.)
  const page = (run: string) => readFileSync(join(run, "report.html"), "utf8").replace(/\n *&quot;csv&quot;,/, "").replace(/SHA-256 of this text: [0-9a-f]{64}/, "");
  assert.is(page(html), page(both));
  assert.match(page(html), /tasks_pending|pending/);
  const digest = (run: string) => (JSON.parse(readFileSync(join(run, "summary.json"), "utf8")) as { digest: string }).digest;
  assert.is(digest(html), digest(jsonOnly));
});

test.run();
