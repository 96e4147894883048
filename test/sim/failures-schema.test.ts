// The `failures` key of the experiment format (docs/experiment-format.md, `failures`):
// what it accepts, the defaults it fills in (Mesos's: --recovery_timeout 15 min, the
// agent's registration backoff of 1 s, the scheduler driver's of 2 s), and bad entries
// as errors that name the key path.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadExperiment } from "../../sim/experiment/load-experiment.ts";
import { machine, writeTrace } from "./helpers.ts";

const scratch = mkdtempSync(join(tmpdir(), "mesosim-failures-schema-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

function load(failures: unknown, extra: Record<string, unknown> = {}) {
  const path = join(scratch, `e${files++}.json`);
  writeFileSync(path, JSON.stringify({ format: "mesosim-experiment/1", name: "f", workload: [{ trace: writeTrace([machine(0, "a1", 1, 1024)]) }], failures, ...extra }));
  return () => loadExperiment(path);
}

test("each kind, once or as a random process, normalised with Mesos's defaults (durations in µs)", () => {
  const ex = load(
    [
      { at: "2h", kind: "agent-crash", agents: { count: 50, attribute: "rack:r3" }, restartAfter: "5m" },
      { at: "3h", kind: "partition", agents: { fraction: 0.1 }, healAfter: "20m" },
      { at: "4h", kind: "master-failover" },
      { at: "5h", kind: "framework-failover", framework: "spark", reconnectAfter: "2m" },
      { kind: "agent-crash", every: { mtbf: "30d", mttr: "10m" }, agents: "all" },
    ],
    { horizon: "1d" },
  )();
  assert.equal(ex.failures, [
    { kind: "agent-crash", at: 7200e6, every: null, agents: { kind: "pick", attributes: "rack:r3", count: 50, fraction: null }, restartAfter: 300e6, recoveryTimeout: 900e6 },
    { kind: "partition", at: 10800e6, every: null, agents: { kind: "pick", attributes: null, count: null, fraction: 0.1 }, healAfter: 1200e6 },
    { kind: "master-failover", at: 14400e6, every: null, agentsReregisterOver: 1e6, frameworksResubscribeAfter: 2e6 },
    { kind: "framework-failover", at: 18000e6, every: null, framework: "spark", reconnectAfter: 120e6 },
    { kind: "agent-crash", at: null, every: { mtbf: 30 * 86400e6, mttr: 600e6, start: 0, end: null }, agents: { kind: "all" }, restartAfter: null, recoveryTimeout: 900e6 },
  ]);
});

const bad: Array<[string, unknown, RegExp, Record<string, unknown>?]> = [
  ["an unknown kind", [{ at: 1, kind: "meteor" }], /failures\.0\.kind: /],
  ["an unknown key", [{ at: 1, kind: "partition", agents: "all", heal: "1m" }], /failures\.0\.heal: unknown field \(allowed: kind, at, every, agents, healAfter\)/],
  ["neither at nor every", [{ kind: "master-failover" }], /failures\.0: give `at` \(once\) or `every`/],
  ["both at and every", [{ kind: "master-failover", at: 1, every: { mtbf: "1d" } }], /failures\.0: give `at` \(once\) or `every`/],
  ["count with every", [{ kind: "partition", every: { mtbf: "1d", end: "2d" }, agents: { count: 3 } }], /failures\.0\.agents\.count: a random process/],
  ["count and fraction", [{ kind: "partition", at: 1, agents: { count: 3, fraction: 0.5 } }], /failures\.0\.agents\.fraction: give count or fraction, not both/],
  ["ids with another key", [{ kind: "partition", at: 1, agents: { ids: ["a1"], count: 1 } }], /failures\.0\.agents\.count: give ids, or attribute, count and fraction, not both/],
  ["an attribute without a value", [{ kind: "partition", at: 1, agents: { attribute: "rack" } }], /failures\.0\.agents\.attribute: expected "name:value" attributes/],
  ["a random process without end and no horizon", [{ kind: "master-failover", every: { mtbf: "1d" } }], /failures\.0\.every: a random process needs an `end`/],
  ["an mtbf of 0", [{ kind: "master-failover", every: { mtbf: 0, end: "1d" } }], /failures\.0\.every\.mtbf: expected a duration of at least 1 µs/],
  ["agents missing", [{ kind: "agent-crash", at: 1 }], /failures\.0\.agents: /],
  ["an end before its start", [{ kind: "agent-crash", every: { mtbf: "10m", start: "2h", end: "1h" }, agents: "all" }], /failures\.0\.every\.end: expected end after start/],
  ["an end of 0 (start defaults to 0)", [{ kind: "agent-crash", every: { mtbf: "10m", end: 0 }, agents: "all" }], /failures\.0\.every\.end: expected end after start \(start defaults to 0/],
  // One problem, one line: not also "at least 1 µs", nor the selector's own check.
  ["a negative mtbf", [{ kind: "agent-crash", every: { mtbf: -1, end: "1d" }, agents: "all" }], /^[^\n]*failures\.0\.every\.mtbf: expected a duration from 0 to 2\^53 µs[^\n]*$/],
  ["a negative restart", [{ kind: "agent-crash", at: "5m", agents: "all", restartAfter: "-5m" }], /^[^\n]*failures\.0\.restartAfter: expected a duration from 0 to 2\^53 µs[^\n]*$/],
  ["a misspelt selector key", [{ kind: "partition", at: "5m", agents: { attributes: "rack:r0" } }], /^[^\n]*failures\.0\.agents\.attributes: unknown field \(allowed: ids, attribute, count, fraction\)$/],
  // A framework-failover names a listed framework or a role one could be made for (named after it).
  [
    "a framework-failover naming no framework when a listed one takes every task",
    [{ kind: "framework-failover", at: "1h", framework: "sprak" }],
    /failures\.0\.framework: no framework is named "sprak" \(frameworks: spark\), and none is made for a role: frameworks\.0 takes every task/,
    { frameworks: [{ name: "spark", roles: ["r"], tasks: "*" }] },
  ],
  [
    "a framework-failover naming no framework and no role a framework could be made for",
    [{ kind: "framework-failover", at: "1h", framework: "-spark" }],
    /failures\.0\.framework: no framework is named "-spark" \(frameworks: spark\), and it is not a role a framework could be made for/,
    { frameworks: [{ name: "spark", roles: ["r"] }] },
  ],
  [
    "a framework-failover naming a nested role (a framework's name has no \"/\", so none is made for it)",
    [{ kind: "framework-failover", at: "1h", framework: "team/web" }],
    /failures\.0\.framework: no framework is named "team\/web" \(frameworks: spark\), and it is not a role a framework could be made for/,
    { frameworks: [{ name: "spark", roles: ["r"] }] },
  ],
];

test('a framework-failover may name the framework made for a role whose name a listed framework could not have ("*", "x@y", "a:b")', () => {
  for (const name of ["*", "x@y", "a:b"]) {
    const ex = load([{ kind: "framework-failover", at: "1h", framework: name, reconnectAfter: "1m" }])();
    assert.equal(ex.failures, [{ kind: "framework-failover", at: 3600e6, every: null, framework: name, reconnectAfter: 60e6 }], name);
  }
});

for (const [what, failures, says, extra] of bad) {
  test(`a failure entry with ${what} is an input error naming its key path`, () => {
    assert.throws(load(failures, extra), (err: Error) => says.test(err.message) && err.message.includes(scratch));
  });
}

test("a random process with an end runs without a horizon; one without an end needs the horizon", () => {
  assert.is(load([{ kind: "master-failover", every: { mtbf: "1h", end: "1d" } }])().failures.length, 1);
  assert.is(load([{ kind: "master-failover", every: { mtbf: "1h" } }], { horizon: "1d" })().failures.length, 1);
});

test("examples/failures.yaml is a valid experiment: its six failures, the random process on every agent last", () => {
  const ex = loadExperiment(join(import.meta.dirname, "../../examples/failures.yaml"));
  assert.equal(ex.failures.map((f) => [f.kind, f.at]), [
    ["agent-crash", 86400e6],
    ["partition", 2 * 86400e6],
    ["master-failover", 3 * 86400e6],
    ["framework-failover", 4 * 86400e6],
    ["framework-failover", 5 * 86400e6],
    ["agent-crash", null],
  ]);
});

test.run();
