// Latency (docs/report-format.md, "Latency"): a task's wait is launch − submit, and
// after a loss it counts from the loss; job wait and completion; slowdown
// (complete − submit) / max(run time, 1 s) as in Feitelson's bounded slowdown;
// offer outcomes and the time offers were held; attempts; percentiles by R-7.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SampleBuffer } from "../../reports/sample-buffer.ts";
import { amounts, finish, near, recorder, runTask, s, scratchDir, start } from "./record-stream.ts";

test("percentiles are R-7 (linear between closest ranks), as d3-array's quantile, R and NumPy", () => {
  const b = new SampleBuffer();
  for (let i = 10; i >= 1; i--) b.push(i); // arrival order does not matter
  // rank (n−1)·p over 1..10: p50 → 4.5 → 5.5; p90 → 8.1 → 9.1; p99 → 8.91 → 9.91
  assert.equal(b.distribution(), { mean: 5.5, p50: 5.5, p90: 9.1, p99: 9.91, max: 10, count: 10 });
  assert.equal(new SampleBuffer().distribution(), { mean: null, p50: null, p90: null, p99: null, max: null, count: 0 });
});

test("a task requeued after a loss waits again from the loss, not from its submit", () => {
  const dir = scratchDir();
  const r = recorder({ dir });
  start(r, [{ role: "r", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.taskSubmitted(0, "t", "j", "f", "r", amounts(1, 10));
  r.taskLaunched(s(10), "t", "x", 2); // wait 10
  r.taskEnded(s(30), "t", "TASK_LOST", true);
  r.taskLaunched(s(45), "t", "x", 1); // wait 45 − 30 = 15, not 45
  r.taskRunning(s(46), "t");
  r.taskEnded(s(100), "t", "TASK_FINISHED", false);
  r.runEnded(s(100));
  const summary = finish(r);
  // waits 10, 15: mean 12.5, p90 = 10 + 0.9·5 = 14.5, p99 = 10 + 0.99·5 = 14.95
  assert.equal(summary.latency.wait, { mean: 12.5, p50: 12.5, p90: 14.5, p99: 14.95, max: 15, count: 2 });
  // attempts per launch: 2 and 1
  assert.equal(summary.latency.attempts, { mean: 1.5, max: 2 });
  // One task, launched (twice), finished once; the requeue is not a loss.
  assert.equal(summary.tasks, { submitted: 1, launched: 1, finished: 1, failed: 0, killed: 0, lost: 0, abandoned: 0, pendingAtEnd: 0, runningAtEnd: 0 });
  const rows = readFileSync(join(dir, "tasks.csv"), "utf8").split("\r\n");
  assert.is(rows[0], "id,job,framework,role,submit,launch,end,status,agent,wait,attempts,cpus,mem,disk,gpus");
  // The row describes the last run: launched at 45 after waiting 15.
  assert.is(rows[1], "t,j,f,r,0.000,45.000,100.000,TASK_FINISHED,x,15.000,1,1,10,0,0");
});

test("job wait, job completion and slowdown: from the first submit to the first launch and to the last end", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  // Job J: t1, t2 submitted at 0; t1 runs [5, 25) (20 s), t2 runs [10, 40) (30 s).
  r.taskSubmitted(0, "t1", "J", "f", "r", amounts(1, 1));
  r.taskSubmitted(0, "t2", "J", "f", "r", amounts(1, 1));
  r.taskLaunched(s(5), "t1", "x", 0);
  r.taskLaunched(s(10), "t2", "x", 0);
  r.taskEnded(s(25), "t1", "TASK_FINISHED", false);
  r.taskEnded(s(40), "t2", "TASK_FAILED", false);
  // Job K: one task submitted and launched at 50, runs 0.5 s.
  runTask(r, s(50), "k1", "f", "r", "x", amounts(1, 1), "K");
  r.taskEnded(s(50.5), "k1", "TASK_FINISHED", false);
  // Job A: its only task is abandoned: it never completes.
  r.taskSubmitted(s(60), "a1", "A", "f", "r", amounts(9, 1));
  r.taskAbandoned(s(70), "a1");
  // Job P: still pending at the end: launched never, complete never.
  r.taskSubmitted(s(80), "p1", "P", "f", "r", amounts(9, 1));
  r.runEnded(s(100));
  const l = finish(r).latency;
  // jobWait: J 5, K 0 (A and P never launched)
  assert.equal(l.jobWait, { mean: 2.5, p50: 2.5, p90: 4.5, p99: 4.95, max: 5, count: 2 });
  // jobComplete: J 40 − 0 = 40, K 0.5
  near(l.jobComplete.mean, 20.25, "jobComplete.mean");
  assert.is(l.jobComplete.count, 2);
  // slowdown: J 40 / max(30, 1) = 4/3; K 0.5 / max(0.5, 1) = 0.5 (the 1 s bound)
  // mean (4/3 + 0.5)/2 = 11/12; p99 at rank 0.99: 0.5 + 0.99·(4/3 − 0.5)
  near(l.slowdown.mean, 11 / 12, "slowdown.mean");
  near(l.slowdown.p99, 0.5 + 0.99 * (4 / 3 - 0.5), "slowdown.p99");
  assert.is(l.slowdown.count, 2);
});

test("a job's figures are final once none of its tasks is alive: a task of the same job submitted later starts a new job", () => {
  // Keeping every job ever seen would make memory grow with the run (an SWF trace has
  // a job per task); so the recorder keeps a job only while some task of it is alive.
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  runTask(r, 0, "s1", "f", "r", "x", amounts(1, 1), "D");
  r.taskEnded(s(10), "s1", "TASK_FINISHED", false);
  runTask(r, s(10), "s2", "f", "r", "x", amounts(1, 1), "D"); // the next stage, at the same instant
  r.taskEnded(s(30), "s2", "TASK_FINISHED", false);
  r.runEnded(s(30));
  const l = finish(r).latency;
  // Two jobs: [0, 10) and [10, 30), each waited 0, completed in 10 and 20 s.
  assert.is(l.jobComplete.count, 2);
  assert.is(l.jobComplete.max, 20);
  assert.is(l.jobWait.count, 2);
});

test("offer outcomes are counted, and decisionSeconds is the mean hold of answered offers only", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }, { role: "q", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.frameworkRegistered(0, "g", "batch", ["q"]);
  for (let o = 1; o <= 5; o++) r.offerMade(0, o, o === 5 ? "g" : "f", o === 5 ? "q" : "r", "x", amounts(0.5, 10));
  r.offerEnded(s(2), 1, "accepted");
  r.offerEnded(s(4), 2, "declined");
  r.offerEnded(s(5), 3, "rescinded");
  r.offerEnded(s(6), 5, "declined");
  r.offerEnded(s(9), 4, "timedOut");
  r.runEnded(s(10));
  const summary = finish(r);
  // answered: held 2, 4 and 6 → mean 4 s (rescinded and timed-out offers were never answered)
  assert.equal(summary.latency.offers, { made: 5, accepted: 1, declined: 2, rescinded: 1, timedOut: 1, decisionSeconds: 4 });
  // per role: r has offers 1–4 (held 2 and 4 → 3 s), q offer 5 (6 s)
  assert.equal(summary.roles.map((x) => [x.role, x.latency.offers.made, x.latency.offers.decisionSeconds]), [["q", 1, 6], ["r", 4, 3]]);
  assert.equal(summary.frameworks.map((f) => [f.name, f.offersReceived, f.offersAccepted, f.offersDeclined]), [["f", 4, 1, 1], ["g", 1, 0, 1]]);
});

test("waits split by role and by framework", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f1", "batch", ["a", "b"]);
  r.frameworkRegistered(0, "f2", "batch", ["b"]);
  r.taskSubmitted(0, "t1", "t1", "f1", "a", amounts(1, 1));
  r.taskSubmitted(0, "t2", "t2", "f1", "b", amounts(1, 1));
  r.taskSubmitted(0, "t3", "t3", "f2", "b", amounts(1, 1));
  r.taskLaunched(s(1), "t1", "x", 0);
  r.taskLaunched(s(2), "t2", "x", 0);
  r.taskLaunched(s(4), "t3", "x", 0);
  r.runEnded(s(5));
  const summary = finish(r);
  // a: [1]; b: [2, 4]; f1: [1, 2]; f2: [4]; all: [1, 2, 4]
  assert.equal(summary.roles.map((x) => x.latency.wait.mean), [1, 3]);
  assert.equal(summary.frameworks.map((x) => x.latency.wait.mean), [1.5, 4]);
  near(summary.latency.wait.mean, 7 / 3, "wait.mean");
  assert.is(summary.tasks.runningAtEnd, 3);
});

test.run();
