// `mesosim trace …` end to end through bin/mesosim.js: the commands shown in
// docs/traces.md and the README, exit codes, and the stderr report.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { REAL, scratchDir } from "./helpers.ts";
import { machine, task, writeTrace } from "../sim/helpers.ts";

const BIN = resolve(import.meta.dirname, "../../bin/mesosim.js");

function mesosim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("convert, info --json, fit and synth run from the command line", () => {
  const dir = scratchDir();
  const out = join(dir, "nasa.jsonl.gz");
  const c = mesosim("trace", "convert", "--from", "swf", join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz"), "--out", out);
  assert.is(c.status, 0, c.stderr);
  assert.match(c.stderr, /wrote 18240 records/);
  const i = mesosim("trace", "info", out, "--json");
  assert.is(i.status, 0, i.stderr);
  const info = JSON.parse(i.stdout) as Record<string, unknown>;
  for (const k of ["format", "tasks", "jobs", "machines", "firstSubmitSeconds", "lastSubmitSeconds", "request", "roles", "badLines"]) {
    assert.ok(k in info, `info has ${k}`);
  }
  assert.is(info["tasks"], 18239);
  const f = mesosim("trace", "fit", out, "--out", join(dir, "spec.json"));
  assert.is(f.status, 0, f.stderr);
  const s = mesosim("trace", "synth", join(dir, "spec.json"), "--seed", "1", "--out", join(dir, "s.jsonl"));
  assert.is(s.status, 0, s.stderr);
  assert.ok(existsSync(join(dir, "s.jsonl")));
  const text = mesosim("trace", "info", "--from", "swim", join(REAL, "swim-facebook/FB-2009_samples_24_times_1hr_0.tsv"));
  assert.match(text.stdout, /jobs:\s+5894/);
});

test("bad input exits 2 with file, line and field; --skip-bad reports the count and the first lines", () => {
  const dir = scratchDir();
  const input = join(dir, "batch_task.csv");
  writeFileSync(input, "100,400,7,1,3,Terminated,50,0.01\n100,400,7,2,3,Terminated,-5,0.01\n");
  const bad = mesosim("trace", "convert", "--from", "alibaba-2017", input, "--out", join(dir, "o.jsonl"));
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /batch_task\.csv:2: field 7 \(plan_cpu\): negative request/);
  assert.not.ok(existsSync(join(dir, "o.jsonl")));
  const skip = mesosim("trace", "convert", "--from", "alibaba-2017", input, "--out", join(dir, "o.jsonl"), "--skip-bad");
  assert.is(skip.status, 0, skip.stderr);
  assert.match(skip.stderr, /skipped 1 bad line:\n {2}.*batch_task\.csv:2/);
  const info = JSON.parse(mesosim("trace", "info", join(dir, "o.jsonl"), "--json").stdout) as { badLines: number; tasks: number };
  assert.equal([info.badLines, info.tasks], [1, 3]);
  const ref = mesosim("trace", "convert", "--from", "alibaba-2017", input, "--out", join(dir, "p.jsonl"), "--reference-machine", "cpus:zero");
  assert.is(ref.status, 2);
  assert.match(ref.stderr, /--reference-machine: bad item "cpus:zero"/);
  const header = JSON.parse(readFileSync(join(dir, "o.jsonl"), "utf8").split("\n")[0] as string) as { format: string };
  assert.is(header.format, "mesosim-trace/1");
});

test("fit says how many tasks already running at the trace's start it left out; a trace with no task submitted after its start is exit 2 with no spec written", () => {
  const dir = scratchDir();
  const g = join(dir, "google.jsonl");
  const fixture = resolve(import.meta.dirname, "../fixtures/traces/google-2011");
  assert.is(mesosim("trace", "convert", "--from", "google-2011", join(fixture, "task_events"), join(fixture, "machine_events"), "--out", g).status, 0);
  // Roles bob (job 200, submitted during the trace) and alice (one task running at its start).
  const f = mesosim("trace", "fit", g, "--out", join(dir, "spec.json"));
  assert.is(f.status, 0, f.stderr);
  assert.match(f.stderr, /^wrote a spec with 1 role fitted to 1 job to \S*spec\.json \(1 task already running at the trace's start left out\)\n$/);
  const running = writeTrace([machine(0, "a1", 4, 4096), task(0, "t0", "web", 1, 512, null, { initial: true, status: "running" })]);
  const none = mesosim("trace", "fit", running, "--out", join(dir, "none.json"));
  assert.is(none.status, 2, none.stderr);
  assert.match(none.stderr, /trace\.jsonl: no task is submitted after the trace's start \(1 task already running at its start, which fit leaves out\): nothing to fit/);
  assert.not.ok(existsSync(join(dir, "none.json")));
  const machines = writeTrace([machine(0, "a1", 4, 4096)]);
  const empty = mesosim("trace", "fit", machines, "--out", join(dir, "empty.json"));
  assert.is(empty.status, 2, empty.stderr);
  assert.match(empty.stderr, /trace\.jsonl: no task is submitted after the trace's start: nothing to fit/);
  assert.not.ok(existsSync(join(dir, "empty.json")));
});

test.run();
