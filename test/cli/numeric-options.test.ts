// Every numeric command-line option is checked by the one validation layer (issue
// 10 §4): text that is not a number, or a number out of the option's range, is
// exit 2 with `mesosim: --name: expected … (got …)`, where before `fit
// --max-shapes abc` crashed ("Cannot read properties of undefined (reading '1')"),
// `--max-roles 0` and `-3` and `synth --seed abc` passed, and `convert --start 100
// --end 10` wrote an empty trace with exit 0.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { scratchDir } from "../traces/helpers.ts";

const repo = resolve(import.meta.dirname, "..", "..");
const dir = scratchDir();

function mesosim(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), ...args], { cwd: repo, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

const CASES: ReadonlyArray<[args: string[], message: string]> = [
  [["trace", "fit", "t.jsonl", "--out", join(dir, "s.json"), "--max-shapes", "abc"], '--max-shapes: expected an integer in [1, 1000] (got "abc")'],
  [["trace", "fit", "t.jsonl", "--out", join(dir, "s.json"), "--max-roles", "0"], "--max-roles: expected an integer in [1, 1000] (got 0)"],
  [["trace", "fit", "t.jsonl", "--out", join(dir, "s.json"), "--max-roles", "-3"], "--max-roles: expected an integer in [1, 1000] (got -3)"],
  [["trace", "synth", "spec.json", "--seed", "abc", "--out", join(dir, "o.jsonl")], '--seed: expected an integer in [0, 2^53-1] (got "abc")'],
  [["trace", "convert", "--from", "swf", "in.swf", "--out", join(dir, "c.jsonl"), "--start", "100", "--end", "10"], "--end: expected a time after --start (100 s) (got 10)"],
  [["trace", "convert", "--from", "swf", "in.swf", "--out", join(dir, "c.jsonl"), "--limit", "-1"], "--limit: expected an integer in [0, 2^53-1] (got -1)"],
];

for (const [args, message] of CASES) {
  test(`mesosim ${args.filter((a) => !a.startsWith(dir)).join(" ")}: exit 2, "${message}"`, () => {
    const r = mesosim(...args);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stderr, `mesosim: ${message}\n`);
  });
}

test("no output is written when an option is refused", () => {
  assert.not.ok(existsSync(join(dir, "c.jsonl")));
  assert.not.ok(existsSync(join(dir, "s.json")));
});

test.run();
