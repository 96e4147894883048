// An option that takes a value, given without one (at the end of the line, as a
// script that builds the line from an empty variable leaves it), is bad input:
// exit 2 naming the option, and nothing is written. Before, `mesosim compare A B
// --max-regression` gated on nothing and exited 0, `run --seed` and `run --set` ran
// without the override, `report --format` fell back to html, and `trace convert
// --limit` crashed with exit 3 (yargs's own usage error taken for a bug).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { scratchDir } from "../traces/helpers.ts";

const repo = resolve(import.meta.dirname, "..", "..");
const dir = scratchDir();

function mesosim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A tiny experiment: one machine, one task of 10 s.
const trace = join(dir, "t.jsonl");
writeFileSync(
  trace,
  [
    { format: "mesosim-trace/1", source: "test", tables: [], referenceMachine: { cpus: 64, mem: 262144, disk: 2097152, gpus: 8 }, timeUnit: "us", sourceTimeOriginUs: 0, records: 2, badLines: 0 },
    { time: 0, type: "machine", id: "m", initial: true, event: "add", capacity: { cpus: 4, mem: 4096, disk: 0, gpus: 0 }, attributes: {} },
    { time: 0, type: "task", id: "1/0", job: "1", initial: false, role: "r", user: "u", instances: 1, start: null, end: null, duration: 10_000_000, status: "finished", request: { cpus: 1, mem: 128, disk: 0, gpus: 0 }, priority: 0, constraints: [], machine: null },
  ]
    .map((r) => JSON.stringify(r))
    .join("\n") + "\n",
);
const experiment = join(dir, "e.yaml");
writeFileSync(experiment, "format: mesosim-experiment/1\nname: e\nworkload:\n  - trace: t.jsonl\n");
const run = join(dir, "run");
const first = mesosim("run", experiment, "--out", run);
assert.is(first.code, 0, first.stderr);

const CASES: ReadonlyArray<[args: string[], option: string, output?: string]> = [
  [["run", experiment, "--out", join(dir, "o1"), "--seed"], "seed", "o1"],
  [["run", experiment, "--out", join(dir, "o2"), "--set"], "set", "o2"],
  [["run", experiment, "--out", join(dir, "o3"), "--horizon"], "horizon", "o3"],
  [["run", experiment, "--out"], "out"],
  [["report", run, "--format"], "format"],
  [["report", run, "--format", "md", "--out"], "out"],
  [["compare", run, run, "--max-regression"], "max-regression"],
  [["trace", "convert", "--from", "swf", "in.swf", "--out", join(dir, "c.jsonl"), "--limit"], "limit", "c.jsonl"],
  [["trace", "info", trace, "--table"], "table"],
  [["trace", "info", trace, "--from"], "from"],
];

for (const [args, option, output] of CASES) {
  test(`mesosim ${args.map((a) => (a.startsWith(dir) ? "…" : a)).join(" ")}: exit 2 naming --${option}, nothing written`, () => {
    const r = mesosim(...args);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, `mesosim: Not enough arguments following: ${option}\n`);
    assert.not.match(r.stderr, "internal error");
    assert.is(r.stdout, "");
    if (output !== undefined) assert.not.ok(existsSync(join(dir, output)));
  });
}

test("--seed's text is checked as text: abc is named, not NaN; twice is an error", () => {
  const r = mesosim("run", experiment, "--out", join(dir, "o4"), "--seed", "abc");
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, 'mesosim: --seed: expected an integer in [0, 2^53-1] (got "abc")\n');
  const twice = mesosim("run", experiment, "--out", join(dir, "o4"), "--seed", "1", "--seed", "2");
  assert.is(twice.code, 2, twice.stderr);
  assert.not.ok(existsSync(join(dir, "o4")));
});

test("options given their values still work, repeated ones too", () => {
  const out = join(dir, "o5");
  const r = mesosim("run", experiment, "--out", out, "--seed", "7", "--set", "master.allocationInterval=2s", "--set", "horizon=5s");
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, "run e (seed 7): 5 s simulated");
  const c = mesosim("compare", run, out, "--max-regression", "latency.wait.p99=10", "--max-regression", "tasks.finished=0");
  // Both bounds are in the gate's table, in order.
  assert.match(c.stdout, /\nmax regression [^\n]*\nlatency\.wait\.p99 [^\n]*\ntasks\.finished /);
});

test.run();
