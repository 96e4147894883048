// The run directory (docs/report-format.md, "Files"; experiment format, `--out` and
// "Determinism"): every file whole or absent, summary.json last; the same record
// stream gives byte-identical files (timing.json aside); summary.json keys in the
// contract's order, numbers to 6 significant digits; RFC 4180 CSV; the event log
// and its digest.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { eventLine } from "../../reports/event-log.ts";
import { formatSummaryTable } from "../../reports/format-summary-table.ts";
import type { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { summaryJson } from "../../reports/report-summary.ts";
import { roundSignificant } from "../../reports/round-significant.ts";
import { secondsText } from "../../reports/seconds-text.ts";
import { amounts, FINISH, finish, recorder, s, scratchDir, start } from "./record-stream.ts";

const HOSTILE = 'a,"b"\n<c>';

/** A small run touching every file: a hostile role name, fractions, an event log. */
function play(r: MetricsRecorder): void {
  start(r, [{ role: HOSTILE, weight: 3 }, { role: "prod", weight: 1 }]);
  r.agentAdded(0, "x", amounts(3, 1000, 10, 0), "rack:1");
  r.event(0, "agent-added", "x");
  r.frameworkRegistered(0, "f", "batch", [HOSTILE, "prod"]);
  r.taskSubmitted(s(1), "t1", "j", "f", HOSTILE, amounts(1, 100 / 3));
  r.event(s(1), "task-submitted", `t1 ${HOSTILE}`);
  r.offerMade(s(2), 1, "f", HOSTILE, "x", amounts(3, 1000));
  r.event(s(2), "allocation", "");
  r.frameworkDecided(s(2), s(2.25), "f", 1);
  r.offerEnded(s(2.25), 1, "accepted");
  r.taskLaunched(s(2.25), "t1", "x", 0);
  r.event(s(2.25), "framework-answer", "f");
  r.taskSubmitted(s(3), "t2", "k", "f", "prod", amounts(1, 1));
  r.runEnded(s(7));
}

function run(dir: string, events = true): ReturnType<typeof finish> {
  const r = recorder({ dir, sampleInterval: s(2), events });
  play(r);
  return finish(r);
}

test("the same record stream gives byte-identical files, timing.json aside", () => {
  const a = scratchDir();
  const b = scratchDir();
  run(a);
  run(b);
  const files = readdirSync(a).sort();
  assert.equal(files, ["events.jsonl", "experiment.json", "frameworks.csv", "summary.json", "tasks.csv", "timeseries.csv", "timing.json"]);
  for (const f of files) if (f !== "timing.json") assert.is(readFileSync(join(b, f), "utf8"), readFileSync(join(a, f), "utf8"), f);
});

test("summary.json: keys in the contract's order, lists sorted by name, numbers to 6 significant digits", () => {
  const dir = scratchDir();
  run(dir);
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
  assert.equal(Object.keys(summary), [
    "format", "name", "seed", "mesosim", "experimentSha256", "digest", "simulatedSeconds", "events",
    "cluster", "tasks", "utilization", "fairness", "latency", "roles", "frameworks", "failures", "expect",
  ]);
  assert.equal(Object.keys(summary.failures as object), ["events", "agents", "tasks", "workLostCpuSeconds", "timeToRecover", "offersRescinded", "causes", "maintenance", "oversubscription"]);
  assert.is(summary.format, "mesosim-report/1");
  const latency = summary.latency as Record<string, unknown>;
  assert.equal(Object.keys(latency), ["wait", "jobWait", "jobComplete", "slowdown", "offers", "attempts"]);
  assert.equal(Object.keys(summary.tasks as object), ["submitted", "launched", "finished", "failed", "killed", "lost", "abandoned", "pendingAtEnd", "runningAtEnd"]);
  const roles = summary.roles as { role: string }[];
  // Sorted by name in UTF-16 code units: 'a,"b"…' < "prod".
  assert.equal(roles.map((x) => x.role), [HOSTILE, "prod"]);
  assert.equal(Object.keys(roles[0] as object), ["role", "weight", "tasks", "shareMean", "shareMax", "entitlementMean", "deficitMean", "starvedSeconds", "timeToFairShareSeconds", "latency"]);
  const utilization = summary.utilization as Record<string, object>;
  assert.equal(Object.keys(utilization.cpus as object), ["mean", "offeredMean", "idleMean", "strandedMean", "p50", "p95"]);
  // cpus mean: t1 holds 1 of 3 cpus over [2.25, 7) → (1/3)·4.75/7 = 0.226190476… → 0.22619
  const u = summary.utilization as Record<string, { mean: number }>;
  assert.is(u.cpus?.mean, 0.22619);
  assert.is(roundSignificant(1234567), 1234567, "counts stay exact");
  assert.is(roundSignificant(-0.000001234567), -0.00000123457);
  // A float past 2^53 is whole but no count (a share over a weight of 1e-300): rounded too.
  assert.is(roundSignificant(1.2499999999999999e299), 1.25e299);
  assert.is(roundSignificant(2 ** 53 - 1), 2 ** 53 - 1);
});

test("a hostile role name is quoted as RFC 4180 says in every CSV", () => {
  const dir = scratchDir();
  run(dir);
  const quoted = '"a,""b""\n<c>"';
  const tasks = readFileSync(join(dir, "tasks.csv"), "utf8");
  assert.ok(tasks.includes(`\r\nt1,j,f,${quoted},1.000,2.250,,TASK_STAGING,x,1.250,0,1,33.333,0,0\r\n`), tasks);
  assert.ok(tasks.endsWith("\r\nt2,k,f,prod,3.000,,,pending,,,,1,1,0,0\r\n"), tasks);
  // (At 0 the role has no task: it demands nothing and is entitled to 0.)
  assert.ok(readFileSync(join(dir, "timeseries.csv"), "utf8").includes(`\r\n0.000,role,${quoted},,0,0,,0,0,,,,0,0,0,0,0,0,,,,,,\r\n`));
  assert.ok(readFileSync(join(dir, "frameworks.csv"), "utf8").includes(`\r\nf,batch,"a,""b""\n<c>;prod",1,1,0,1,0,0.0357143,`));
});

test("the digest is the SHA-256 of the event log's lines, which events.jsonl holds whole", () => {
  const dir = scratchDir();
  const summary = run(dir);
  const log = readFileSync(join(dir, "events.jsonl"), "utf8");
  assert.is(log.split("\n")[1], `{"timeUs":1000000,"kind":"task-submitted","ids":"t1 a,\\"b\\"\\n<c>"}`);
  assert.is(summary.digest, createHash("sha256").update(log).digest("hex"));
  assert.is(summary.events, 4);
  // The same digest whether or not events.jsonl is written.
  const quiet = scratchDir();
  assert.is(run(quiet, false).digest, summary.digest);
  assert.not.ok(existsSync(join(quiet, "events.jsonl")));
  assert.is(eventLine(5, "k", "a\nb"), '{"timeUs":5,"kind":"k","ids":"a\\nb"}\n');
});

test("experiment.json is the caller's object as is, and experimentSha256 its SHA-256; timing.json carries the wall figures", () => {
  const dir = scratchDir();
  const summary = run(dir);
  const text = readFileSync(join(dir, "experiment.json"), "utf8");
  assert.equal(JSON.parse(text), FINISH.experiment);
  assert.is(summary.experimentSha256, createHash("sha256").update(text).digest("hex"));
  assert.equal(JSON.parse(readFileSync(join(dir, "timing.json"), "utf8")), {
    wallSeconds: 2, events: 4, eventsPerSecond: 2, simulatedSeconds: 7, simulatedToWall: 3.5, peakRssBytes: 1000,
  });
});

test("a failure while writing leaves no summary.json and no temporary file; an older summary.json is kept whole", () => {
  // The experiment cannot be written (JSON has no BigInt): nothing is renamed into place.
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(2), events: true });
  play(r);
  assert.throws(() => r.finish({ ...FINISH, experiment: { n: 1n } }), /BigInt/);
  assert.equal(readdirSync(dir), []);

  // summary.json cannot be renamed into place (a directory is in the way): the files
  // before it are whole, no temporary file is left, and there is no summary.
  const blocked = scratchDir();
  mkdirSync(join(blocked, "summary.json"));
  writeFileSync(join(blocked, "summary.json", "keep"), "");
  const q = recorder({ dir: blocked, sampleInterval: s(2) });
  play(q);
  assert.throws(() => q.finish(FINISH));
  assert.equal(readdirSync(blocked).sort(), ["experiment.json", "frameworks.csv", "summary.json", "tasks.csv", "timeseries.csv", "timing.json"]);
  assert.ok(readdirSync(join(blocked, "summary.json")).includes("keep"));
});

test("times in the CSV files are seconds with three decimals, rounded half up from whole µs", () => {
  assert.equal([0, 1500, 999_499, 999_500, 86_400_000_001].map(secondsText), ["0.000", "0.002", "0.999", "1.000", "86400.000"]);
});

test("the human summary table and the --json text", () => {
  const dir = scratchDir();
  const summary = run(dir);
  assert.is(summaryJson(summary), readFileSync(join(dir, "summary.json"), "utf8"));
  const table = formatSummaryTable(summary);
  assert.match(table, /^run tiny \(seed 1\): 7 s simulated, 4 events, digest [0-9a-f]{64}\n/);
  // offered: 3 of 3 cpus over [2, 2.25) → 0.25/7 = 0.0357; idle 1 − 0.226 − 0.0357 = 0.738; stranded 0
  // (no minimum allocatable in this stream)
  assert.match(table, /\ncpus +0\.226 +0\.0357 +0\.738 +0 /);
  // share: 3 of 3 cpus offered over [2, 2.25), then 1 of 3 to 7 → (0.25 + 4.75/3)/7 = 0.262, max 1.
  // Entitled: t1's demand max(1/3, 33.3/1000) = 1/3 from 1 s; from 3 s prod's t2 demands 1/3 too, and
  // with weights 3 and 1 the filling caps the hostile role at 1/3 first (λ = 1/9), then prod at 1/3:
  // 1/3 over [1, 7) → 2/7 = 0.286. Deficit 1/3 over [1, 2) (nothing held) → 1/21 = 0.0476; starved
  // that 1 s; at 2 s its share is 1 ≥ 0.9 × 1/3: 1 s to its fair share. prod: 1/3 over [3, 7) → 0.19
  // entitled, all of it a deficit, starved 4 s, never reached ("-").
  assert.match(table, /\n"a,\\"b\\"\\n<c>" +3 +0\.262 +1 +0\.286 +0\.0476 +1 +1\n/);
  assert.match(table, /\nprod +1 +0 +0 +0\.19 +0\.19 +4 +-\n/);
  assert.match(table, /\nframework +model +offers +accepted +declined +launched +attempts +busyness\nf +batch +1 +1 +0 +1 +0 +0\.0357\n/);
});

test.run();
