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
  writeFileSync(path, JSON.stringify(body));
  return { dir, path };
}

const trace = () => writeTrace([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "web", 1, 512, 10 * S), task(S, "t2", "batch", 2, 1024, 5 * S), task(2 * S, "t3", "web", 4, 512, 3 * S)]);
const base = (tracePath: string) => ({ format: "mesosim-experiment/1", name: "t", workload: [{ trace: tracePath }] });

const badCases: Array<[string, (t: string) => Record<string, unknown>, RegExp]> = [
  ["an unknown key", (t) => ({ ...base(t), colour: "red" }), /\(top level\): Unrecognized key: "colour"/],
  ["an unknown key in master", (t) => ({ ...base(t), master: { allocationInterval: "1s", speed: 2 } }), /master: Unrecognized key: "speed"/],
  ["a wrong type", (t) => ({ ...base(t), seed: "one" }), /seed: /],
  ["a bad duration", (t) => ({ ...base(t), horizon: "10 parsecs" }), /horizon: expected a duration/],
  ["a negative duration", (t) => ({ ...base(t), master: { taskLaunchDelay: -1 } }), /master\.taskLaunchDelay: expected a duration from 0/],
  ["a bad RES", (t) => ({ ...base(t), cluster: { agents: [{ count: 1, resources: "cpus:-1" }] } }), /cluster\.agents\.0\.resources: /],
  ["an unknown model", (t) => ({ ...base(t), frameworks: [{ name: "f", roles: ["web"], model: "marathonx" }] }), /frameworks\.0\.model: unknown model "marathonx"/],
  ["unknown params of a model", (t) => ({ ...base(t), frameworks: [{ name: "f", roles: ["web"], params: { x: 1 } }] }), /frameworks\.0\.params: Unrecognized key: "x"/],
  ["no workload", (t) => ({ ...base(t), workload: [] }), /workload: a run with no work is an error/],
  ["a failure that is neither once nor a process", (t) => ({ ...base(t), failures: [{ kind: "master-failover" }] }), /failures\.0: give `at` \(once\) or `every`/],
  ["a missing trace", () => base("/nonexistent/trace.jsonl"), /\/nonexistent\/trace\.jsonl: no such file/],
  ["an allocation interval of 0", (t) => ({ ...base(t), master: { allocationInterval: 0 } }), /master\.allocationInterval: expected a duration of at least 1 µs/],
  ["an offer timeout of 0 (it would rescind every offer at once, forever)", (t) => ({ ...base(t), master: { offerTimeout: "0s" } }), /master\.offerTimeout: expected a duration of at least 1 µs/],
  ["a sample interval of 0", (t) => ({ ...base(t), report: { sampleInterval: 0 } }), /report\.sampleInterval: expected a duration of at least 1 µs/],
  ["{i%0} in an agent id", (t) => ({ ...base(t), cluster: { agents: [{ count: 2, resources: "cpus:1", id: "n{i%0}" }] } }), /cluster\.agents\.0\.id: \{i%N\} needs N ≥ 1/],
  ["two agents with one id", (t) => ({ ...base(t), cluster: { agents: [{ count: 2, resources: "cpus:1", id: "same" }] } }), /cluster\.agents\.0\.id: agent id "same" is given twice/],
  ["a window that ends before it starts", (t) => ({ ...base(t), workload: [{ trace: t, window: { start: "10s", end: "5s" } }] }), /workload\.0\.window: expected end after start/],
  ["an expect check of a metric summary.json does not have", (t) => ({ ...base(t), expect: [{ metric: "latency.wait.p999", max: 1 }] }), /expect(\.0|\[0\])\.metric: unknown metric "latency\.wait\.p999"/],
];

for (const [what, body, says] of badCases) {
  test(`mesosim run: ${what} is exit 2 naming the file and key path, and nothing is written`, () => {
    const { dir, path } = experimentFile(body(trace()));
    const out = join(dir, "run");
    const r = mesosim("run", path, "--out", out);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, says);
    assert.ok(r.stderr.includes(path) || what === "a missing trace", r.stderr);
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

test("--set overrides a key by its dotted path, list items by index; --seed and --horizon override theirs", () => {
  const { path } = experimentFile({ ...base(trace()), frameworks: [{ name: "f", roles: ["web"] }] });
  const ex = loadExperiment(path, { seed: 7, horizon: "90s", set: ["master.allocationInterval=2s", "frameworks.0.refuseSeconds=1", "description=hello"] });
  assert.is(ex.seed, 7);
  assert.is(ex.horizon, 90 * S);
  assert.is(ex.master.allocationInterval, 2 * S);
  assert.is(ex.frameworks[0]?.refuseSeconds, 1);
  assert.is(ex.description, "hello");
  assert.throws(() => loadExperiment(path, { set: ["frameworks.3.name=x"] }), /--set frameworks\.3: no list item "3"/);
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

test.run();
