// `summary.failures` (docs/report-format.md, "Failures") from hand-written record
// streams: losses per cause and end state, the work a loss throws away (given back
// when the agent returns with the task: MESOS-7215), time to recover, rescinded
// offers, agents lost and back.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { amounts, finish, recorder, s } from "./record-stream.ts";

function started(failures: boolean) {
  const r = recorder();
  r.runStarted({ name: "tiny", seed: 1, roles: [{ role: "a", weight: 1 }], fairnessExcludeResourceNames: [], minAllocatable: [], horizon: null, failures });
  r.agentAdded(0, "x", amounts(10, 10240), "");
  r.agentAdded(0, "y", amounts(10, 10240), "");
  r.frameworkRegistered(0, "f", "batch", ["a"]);
  return r;
}

test("losses by cause and state, work lost, relaunches, recoveries, time to recover, rescinded offers (hand-worked)", () => {
  const r = started(true);
  r.taskSubmitted(0, "t1", "j", "f", "a", amounts(2, 512));
  r.taskSubmitted(0, "t2", "j", "f", "a", amounts(1, 512));
  r.taskSubmitted(0, "t3", "j", "f", "a", amounts(4, 512));
  for (const t of ["t1", "t2", "t3"]) r.taskLaunched(0, t, "x", 0);
  r.taskRunning(0, "t1");
  r.taskRunning(0, "t3");
  r.taskRunning(s(10), "t2");
  // Failure 0, an agent crash at 100 s; x is marked unreachable at 190 s.
  r.failureBegan(s(100), "0", "agent-crash", "x");
  r.offerMade(s(150), 1, "f", "a", "x", amounts(3, 512));
  r.taskEnded(s(190), "t1", "TASK_LOST", true, "0"); // 2 cpus × 190 s = 380 cpu-s
  r.taskEnded(s(190), "t2", "TASK_UNREACHABLE", true, "0"); // 1 cpu × (190 − 10) s = 180 cpu-s
  r.taskEnded(s(190), "t3", "TASK_LOST", true, "0"); // 4 cpus × 190 s = 760 cpu-s
  r.offerEnded(s(190), 1, "rescinded", "0");
  r.agentLost(s(190), "x", "0");
  r.agentRemoved(s(190), "x");
  // t1 and t3 relaunched on y; x back at 300 s with t2, taken back: its 180 cpu-s were not lost.
  r.taskLaunched(s(250), "t1", "y", 0);
  r.taskLaunched(s(250), "t3", "y", 0);
  r.taskRunning(s(250), "t3");
  r.taskRunning(s(260), "t1");
  r.agentAdded(s(300), "x", amounts(10, 10240), "");
  r.agentBack(s(300), "x", "0");
  r.taskRecovered(s(300), "t2", "x");
  // Failure 1, a master failover: an offer dies with the master, no task is lost.
  r.offerMade(s(350), 2, "f", "a", "y", amounts(1, 512));
  r.failureBegan(s(400), "1", "master-failover", "");
  r.offerEnded(s(400), 2, "rescinded", "1");
  // Failure 2, a framework failover: t3 killed (4 cpus × (500 − 250) s = 1000 cpu-s) and later given up.
  r.failureBegan(s(500), "2", "framework-failover", "f");
  r.taskEnded(s(500), "t3", "TASK_KILLED", true, "2");
  r.taskAbandoned(s(600), "t3");
  r.runEnded(s(700));
  // The failures' own figures (maintenance and oversubscription follow them: maintenance-metrics.test.ts).
  const { maintenance: _m, oversubscription: _o, ...f } = finish(r).failures;
  // Failure 0 recovered when its last task ran again: t2 at 300 s → 300 − 100 = 200 s.
  const crash = { events: 1, agents: { lost: 1, back: 1 }, tasks: { lost: 2, unreachable: 1, gone: 0, killed: 0, relaunched: 2, recovered: 1 }, workLostCpuSeconds: 380 + 760, timeToRecover: { p50: 200, max: 200, count: 1, unrecovered: 0 }, offersRescinded: 1 };
  const fw = { events: 1, agents: { lost: 0, back: 0 }, tasks: { lost: 0, unreachable: 0, gone: 0, killed: 1, relaunched: 0, recovered: 0 }, workLostCpuSeconds: 1000, timeToRecover: { p50: null, max: null, count: 0, unrecovered: 1 }, offersRescinded: 0 };
  const master = { events: 1, agents: { lost: 0, back: 0 }, tasks: { lost: 0, unreachable: 0, gone: 0, killed: 0, relaunched: 0, recovered: 0 }, workLostCpuSeconds: 0, timeToRecover: { p50: null, max: null, count: 0, unrecovered: 0 }, offersRescinded: 1 };
  assert.equal(f, {
    events: 3,
    agents: { lost: 1, back: 1 },
    tasks: { lost: 2, unreachable: 1, gone: 0, killed: 1, relaunched: 2, recovered: 1 },
    workLostCpuSeconds: 380 + 760 + 1000,
    timeToRecover: { p50: 200, max: 200, count: 1, unrecovered: 1 },
    offersRescinded: 2,
    causes: [
      { cause: "agent-crash", ...crash },
      { cause: "framework-failover", ...fw },
      { cause: "master-failover", ...master },
    ],
  });
});

test("a failure whose losses come at different times recovers when the last of its tasks runs again; losses without a cause are not the failures'", () => {
  const r = started(true);
  r.taskSubmitted(0, "t1", "j", "f", "a", amounts(1, 512));
  r.taskSubmitted(0, "t2", "j", "f", "a", amounts(1, 512));
  r.taskSubmitted(0, "t3", "j", "f", "a", amounts(1, 512));
  for (const t of ["t1", "t2", "t3"]) {
    r.taskLaunched(0, t, "x", 0);
    r.taskRunning(0, t);
  }
  r.failureBegan(s(100), "0.1", "agent-crash", "x");
  r.taskEnded(s(100), "t1", "TASK_LOST", true, "0.1");
  r.taskLaunched(s(110), "t1", "y", 0);
  r.taskRunning(s(110), "t1");
  r.taskEnded(s(190), "t2", "TASK_LOST", true, "0.1");
  r.taskLaunched(s(200), "t2", "y", 0);
  r.taskRunning(s(200), "t2");
  // A machine removal of the workload: not a failure's.
  r.taskEnded(s(250), "t3", "TASK_GONE", false);
  r.runEnded(s(300));
  const f = finish(r).failures;
  // 200 − 100 = 100 s; work: 1 × 100 + 1 × 190 cpu-s.
  assert.equal(f.timeToRecover, { p50: 100, max: 100, count: 1, unrecovered: 0 });
  assert.is(f.workLostCpuSeconds, 290);
  assert.equal(f.tasks, { lost: 2, unreachable: 0, gone: 0, killed: 0, relaunched: 2, recovered: 0 });
});

test("a run without failures reports zeros and no causes", () => {
  const r = started(false);
  r.runEnded(s(10));
  const { maintenance: _m, oversubscription: _o, ...f } = finish(r).failures;
  assert.equal(f, {
    events: 0,
    agents: { lost: 0, back: 0 },
    tasks: { lost: 0, unreachable: 0, gone: 0, killed: 0, relaunched: 0, recovered: 0 },
    workLostCpuSeconds: 0,
    timeToRecover: { p50: null, max: null, count: 0, unrecovered: 0 },
    offersRescinded: 0,
    causes: [],
  });
});

test.run();
