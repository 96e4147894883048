// Framework failover and the batch model's retries, each test one Mesos behaviour
// with its source (src/master/master.cpp; docs/experiment-format.md, `frameworks`).
// Every run checks the invariants after every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../../common/input-error.ts";
import { failure, framework, machine, run, S, task } from "./helpers.ts";

/** The times (s) of log lines. */
const times = (lines: string[]) => lines.map((l) => Number(l.slice(2, l.indexOf(" "))));

test("a framework that fails over is deactivated: its offers are rescinded and it gets none while away; its tasks run on (Master::_exited → deactivate)", async () => {
  // f decides for 20 s: the offer made at 0 is outstanding at the failover at 10, and
  // rescinded (its launch never happens). Back at 40, within its failover timeout
  // (60 s): offered again at once, t1 launched then.
  const f = framework("f", ["r"], { suppressWhenIdle: false, failoverTimeout: 60 * S, decisionTime: { perCallback: 20 * S, perOffer: 0, perTask: 0 } });
  const g = framework("g", ["q"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "u1", "q", 1, 512, 1000 * S), task(0, "t1", "r", 1, 512, 100 * S)], {
    frameworks: [f, g],
    horizon: 70 * S,
    failures: [failure.framework(10 * S, "f", 30 * S)],
  });
  const first = (log.grep("offerMade", " f ")[0] as string).match(/#(\d+)/) as RegExpMatchArray;
  assert.equal(log.grep(`offerEnded #${first[1]} `), [`t=10 offerEnded #${first[1]} rescinded cause=0`]);
  assert.equal(times(log.grep("offerMade", " f ")).filter((t) => t > 10 && t < 40), []);
  // Offered again at its return (40); it decides for 20 s.
  assert.equal(times(log.grep("offerMade", " f ")).filter((t) => t >= 40).slice(0, 1), [40]);
  assert.equal(log.grep("taskLaunched", "t1"), ["t=60 taskLaunched t1 a1 attempts=0"]);
  assert.equal(log.grep("taskEnded"), []);
  assert.equal(log.grep("frameworkRemoved"), []);
});

test("deactivation clears the framework's offer filters: back from a failover, it is offered an agent it had declined for 1000 s (HierarchicalAllocatorProcess::deactivateFramework)", async () => {
  // `big` never fits: each offer is declined with a 1000 s filter. Offers at 0, then,
  // after the failover at 10 and the return at 20, at once at 20.
  const f = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1000, failoverTimeout: 60 * S });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "big", "r", 8, 512, null)], {
    frameworks: [f],
    horizon: 100 * S,
    failures: [failure.framework(10 * S, "f", 10 * S)],
  });
  assert.equal(times(log.grep("offerMade")), [0, 20]);
});

test("a framework not back within its failover timeout is removed and its tasks killed (TASK_KILLED, REASON_FRAMEWORK_REMOVED); the batch model relaunches them when it registers again (Master::frameworkFailoverTimeout, removeFramework)", async () => {
  // g's failover timeout is Mesos's default, 0: removed at the failover itself (10 s).
  // It comes back at 50, registers anew, and u1 runs again.
  const g = framework("g", ["q"], { suppressWhenIdle: true });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "u1", "q", 1, 512, 1000 * S)], {
    frameworks: [g],
    horizon: 60 * S,
    failures: [failure.framework(10 * S, "g", 40 * S)],
  });
  assert.equal(log.grep("t=").filter((l) => !l.includes("offer") && !l.startsWith("t=0 ")), [
    "t=10 failureBegan 0 framework-failover g",
    "t=10 taskEnded u1 TASK_KILLED requeued cause=0",
    "t=10 frameworkRemoved g",
    "t=50 frameworkRegistered g",
    "t=50 taskLaunched u1 a1 attempts=0",
    "t=50 taskRunning u1",
    "t=60 runEnded",
  ]);
});

test("a framework-failover that names no framework, listed or made for a role during the run, is an input error at the run's end (an unknown id is never silently accepted)", async () => {
  // "q" is a role a framework could be made for, but no task of it arrives; "r" gets one.
  const f = framework("f", ["r"], { tasks: { kind: "job", pattern: "^nomatch$" } });
  const inputs = [machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 10 * S)];
  const opts = { frameworks: [f], horizon: 60 * S };
  await run(inputs, { ...opts, failures: [failure.framework(10 * S, "r", 5 * S)] });
  try {
    await run(inputs, { ...opts, failures: [failure.framework(10 * S, "f", 5 * S), failure.framework(20 * S, "q", 5 * S)] });
    assert.unreachable("the run accepted a failover of a framework that never was");
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, /^failures\.1\.framework: no framework is named "q": it is not in `frameworks`, and no task of a role "q"/);
  }
});

test("work that arrives while a framework is away waits for it: no offers until it re-subscribes, then a revive", async () => {
  const f = framework("f", ["r"], { failoverTimeout: 600 * S });
  const { log } = await run([machine(0, "a1", 4, 4096), task(30 * S, "t2", "r", 1, 512, 10 * S)], {
    frameworks: [f],
    horizon: 100 * S,
    failures: [failure.framework(10 * S, "f", 60 * S)],
  });
  assert.equal(log.grep("taskLaunched"), ["t=70 taskLaunched t2 a1 attempts=0"]);
});

test("a scheduler back from a failover while its old decision is still due sends its REVIVE at once: calls the old instance would have sent with that answer died with it (Master::revive on arrival)", async () => {
  // f decides for 20 s from 0: it launches t1 and, its queue empty, suppresses. It
  // fails over at 5 s and subscribes again at 6 s (suppressed, as it believes). t2
  // arrives at 7 s: it revives, and the triggered run offers a1 at 7 s, not when the
  // dead instance's answer is processed at 20 s.
  const f = framework("f", ["r"], { failoverTimeout: 60 * S, decisionTime: { perCallback: 20 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 1000 * S), task(7 * S, "t2", "r", 1, 512, 1000 * S)], {
    frameworks: [f],
    horizon: 100 * S,
    failures: [failure.framework(5 * S, "f", 1 * S)],
  });
  assert.equal(times(log.grep("offerMade", " f ")).slice(0, 2), [0, 7]);
});

test("the batch model relaunches a lost task at most maxRetries times; a task the workload ends as killed is not relaunched", async () => {
  // One agent at a time: t1 is lost with a1 at 5 s, relaunched on a2 at 6 (its one
  // retry), lost again with a2 at 20 s: lost for good. tk ends TASK_KILLED by its own
  // record at 3 s.
  const f = framework("f", ["r"], { suppressWhenIdle: false, params: { maxRetries: 1 } });
  const { log } = await run(
    [
      machine(0, "a1", 2, 2048),
      task(0, "t1", "r", 1, 512, 100 * S),
      task(0, "tk", "r", 1, 512, 3 * S, { status: "killed" }),
      machine(5 * S, "a1", 0, 0, { event: "remove", capacity: null }),
      machine(6 * S, "a2", 1, 1024),
      machine(20 * S, "a2", 0, 0, { event: "remove", capacity: null }),
    ],
    { frameworks: [f], horizon: 30 * S },
  );
  assert.equal(log.grep("taskEnded"), ["t=3 taskEnded tk TASK_KILLED", "t=5 taskEnded t1 TASK_LOST requeued", "t=20 taskEnded t1 TASK_LOST"]);
  assert.equal(log.grep("taskLaunched", "t1"), ["t=0 taskLaunched t1 a1 attempts=0", "t=6 taskLaunched t1 a2 attempts=0"]);
});

test.run();
