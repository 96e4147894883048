// `mesosim scenario FILE... [--json]` end to end, as a user runs it, on the
// fixture files in test/fixtures/scenarios/ and the hierarchical allocator.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const repo = resolve(import.meta.dirname, "..", "..");
const fixtures = "test/fixtures/scenarios";
const fixture = (name: string): string => `${fixtures}/${name}.json`;

function mesosim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), "scenario", ...args], { cwd: repo, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each invalid fixture, with the line:column, step and field its message must name
// (line and column of the key at fault; of the step for a missing field; of the
// fault for bad JSON).
const INVALID: ReadonlyArray<[file: string, at: string]> = [
  ["invalid-unknown-op", '3:4: step 1 (addSlave): field "op": unknown op "addSlave"'],
  ["invalid-unknown-field", '2:69: step 0 (addAgent): field "hostname": unknown field'],
  ["invalid-missing-field", '3:3: step 1 (addFramework): field "roles": expected a list (got nothing: the field is missing)'],
  ["invalid-wrong-type", '2:21: step 0 (advance): field "seconds": expected a number'],
  ["invalid-bad-res", '2:38: step 0 (addAgent): field "resources": bad resources'],
  ["invalid-bad-capability", '2:100: step 0 (addFramework): field "capabilities[1]": unknown framework capability "TELEPORT"'],
  ["invalid-unknown-agent", '6:48: step 4 (decline): field "agent": unknown agent "agent9"'],
  ["invalid-unknown-framework", '3:22: step 1 (suppress): field "framework": unknown framework "framework1"'],
  ["invalid-unknown-top-field", '1:37: field "seed": unknown field'],
  ["invalid-bad-json", "1:33: invalid JSON: Unexpected token '}'"],
];

test("every invalid fixture is covered by this table", () => {
  const onDisk = readdirSync(join(repo, fixtures)).filter((f) => f.startsWith("invalid-")).map((f) => f.replace(/\.json$/, "")).sort();
  assert.equal(onDisk, INVALID.map(([f]) => f).sort());
});

test("passing files: exit 0, an ok line each, and the summary", () => {
  const r = mesosim(fixture("passes"), fixture("alloc-forms"), fixture("unknown-refs-allowed"));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout.trimEnd().split("\n"), [
    "ok reserved resources go only to their role",
    "ok the three ALLOC forms",
    "ok ids a step only refers to may be unknown",
    "3 passed, 0 failed",
  ]);
});

test("a wrong expectation: exit 1 and a diff of expected against actual offers", () => {
  const r = mesosim(fixture("wrong-expectation"));
  assert.is(r.code, 1, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.is(lines[0], "FAIL a deliberately wrong expectation");
  assert.ok(lines.includes(`  ${fixture("wrong-expectation")}: step 3 (expectOffers): offers differ: 1 expected offer missing, 1 offer unexpected`), r.stdout);
  assert.match(r.stdout, /expected \(- missing\):\n\s+- \[1\]\s+framework1\s+role1\s+agent1\s+cpus:2;mem:512\n/);
  assert.match(r.stdout, /actual \(\+ unexpected\):\n\s+\+ \[1\]\s+framework1\s+role1\s+agent1\s+cpus:2;mem:1024\n/);
  assert.match(r.stdout, /step 5 \(expectNoOffers\)/);
  assert.is(lines.at(-1), "0 passed, 1 failed");
});

test("invalid files: exit 2, each reported with path, step and field, and the other files still run", () => {
  const files = [...INVALID.map(([f]) => fixture(f)), fixture("passes")];
  const r = mesosim(...files);
  assert.is(r.code, 2, r.stdout + r.stderr);
  for (const [file, at] of INVALID) assert.ok(r.stdout.includes(`${fixture(file)}:${at}`), `${file}:${at}\n---\n${r.stdout}`);
  assert.ok(r.stdout.includes("ok reserved resources go only to their role"));
  assert.is(r.stdout.trimEnd().split("\n").at(-1), `1 passed, ${INVALID.length} failed`);
});

test("one invalid file among failing ones still exits 2", () => {
  assert.is(mesosim(fixture("wrong-expectation"), fixture("invalid-unknown-op")).code, 2);
});

test("--json: one line per file with file, name, passed and failures [{step, message}]", () => {
  const r = mesosim("--json", fixture("passes"), fixture("wrong-expectation"), fixture("invalid-unknown-agent"), fixture("invalid-bad-json"));
  assert.is(r.code, 2);
  const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 4, "no summary line in --json mode");
  for (const l of lines) assert.equal(Object.keys(l), ["file", "name", "passed", "failures"]);
  assert.equal(lines[0], { file: fixture("passes"), name: "reserved resources go only to their role", passed: true, failures: [] });
  const wrong = lines[1] as { passed: boolean; failures: Array<{ step: number; message: string }> };
  assert.is(wrong.passed, false);
  assert.equal(wrong.failures.map((f) => f.step), [3, 5]);
  assert.match(wrong.failures[0]?.message ?? "", /cpus:2;mem:512[\s\S]*cpus:2;mem:1024/);
  assert.equal(lines[2], {
    file: fixture("invalid-unknown-agent"),
    name: "unknown agent",
    passed: false,
    failures: [{ step: 4, message: `${fixture("invalid-unknown-agent")}:6:48: step 4 (decline): field "agent": unknown agent "agent9"` }],
  });
  assert.equal((lines[3] as { failures: Array<{ step: unknown }> }).failures[0]?.step, null, "a file-level error has no step");
});

test("a file that does not exist is invalid (exit 2), naming it", () => {
  const r = mesosim(fixture("no-such-file"));
  assert.is(r.code, 2);
  assert.match(r.stdout, /no-such-file\.json: cannot read the file/);
});

test.run();
