// `mesosim run` end to end: bad input is exit 2 naming the file and key path with
// nothing written; a run writes the run directory, summary.json last; the same
// experiment and seed give byte-identical files (timing.json aside).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
  ["failures, not yet supported", (t) => ({ ...base(t), failures: [] }), /failures: not supported by this version/],
  ["a missing trace", () => base("/nonexistent/trace.jsonl"), /\/nonexistent\/trace\.jsonl: no such file/],
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
