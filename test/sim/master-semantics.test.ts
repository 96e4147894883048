// The simulated master's behaviour, each test one Mesos behaviour with its source.
// Every run checks the invariants after every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { framework, machine, run, S, task } from "./helpers.ts";

test("a declined offer is not re-offered to that framework before its filter expires (Filters.refuse_seconds, master.cpp decline)", async () => {
  // One 4-cpu agent; a task of 8 cpus never fits. Each offer is declined with the
  // default 5 s filter, so offers come at 0, 5, 10 (the filter's expiry timer was
  // created before the periodic run due at the same time, so it fires first).
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "big", "r", 8, 512, null)], { frameworks: [fw], horizon: 12 * S });
  assert.equal(log.grep("offerMade").map((l) => l.split(" ")[0]), ["t=0", "t=5", "t=10"]);
  assert.equal(log.grep("offerEnded", "declined").length, 3 - 1 + 1);
});

test("refuseSeconds 0 installs no filter: the offer comes back at the next periodic run", async () => {
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 0 });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "big", "r", 8, 512, null)], { frameworks: [fw], horizon: 3.5 * S });
  assert.equal(log.grep("offerMade").map((l) => l.split(" ")[0]), ["t=0", "t=1", "t=2", "t=3"]);
});

test("a refuseSeconds of a few hundred ns still installs a filter, which lasts an allocation interval (recoverResources: Duration::create truncates to whole ns and only 0 ns means no filter; MESOS-4302)", async () => {
  // Declines land at 0.5 s past each offer; the filter (max(1 s, 400 ns)) is still on
  // at the next run, so the agent is offered every other run: 0, 2, 4.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 4e-7, decisionTime: { perCallback: 0.5 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "big", "r", 8, 512, null)], { frameworks: [fw], horizon: 4.2 * S });
  assert.equal(log.grep("offerMade").map((l) => l.split(" ")[0]), ["t=0", "t=2", "t=4"]);
});

test("the remainder of an accepted offer carries the accept's filter (Master::accept recovers it with accept.filters, default 5 s)", async () => {
  // t=0: offer of 4 cpus, t1 (1 cpu) launched, the 3 cpus left are filtered for 5 s.
  // t2 arrives at 2 s (no revive: the framework was never suppressed), so it waits for
  // the filter to expire at 5 s.
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S), task(2 * S, "t2", "r", 1, 512, 1 * S)], { frameworks: [fw], horizon: 20 * S });
  assert.equal(log.grep("taskLaunched", "t1"), ["t=0 taskLaunched t1 a1 attempts=0"]);
  assert.equal(log.grep("taskLaunched", "t2"), ["t=5 taskLaunched t2 a1 attempts=0"]);
});

test("a suppressed framework gets no offers, and a revive triggers an allocation run at once (SUPPRESS/REVIVE, MESOS-6904 batching)", async () => {
  // suppressWhenIdle: suppressed from registration; the task at 2.5 s revives it and
  // the triggered run offers at 2.5 s, not at the next periodic run (3 s).
  const { log } = await run([machine(0, "a1", 4, 4096), task(2.5 * S, "t1", "r", 1, 512, 1 * S)], { frameworks: [framework("f", ["r"])] });
  const offers = log.grep("offerMade");
  assert.ok(offers.length >= 1);
  assert.ok((offers[0] as string).startsWith("t=2.5 "), offers.join("\n"));
  assert.equal(log.grep("taskLaunched"), ["t=2.5 taskLaunched t1 a1 attempts=0"]);
});

test("a SUPPRESS the scheduler makes while it decides reaches the master with its answer, not before (the scheduler's calls leave in order after its think time; Master::suppress acts on arrival)", async () => {
  // f decides for 3 s. At 0 s it launches its only task and, its queue empty,
  // suppresses: the ACCEPT and the SUPPRESS arrive at 3 s. Agent a2 registers at 1 s
  // (a triggered run for it): f is not suppressed at the master yet, so it is
  // offered a2 at 1 s. After 3 s it is, and nothing more is offered.
  const fw = framework("f", ["r"], { decisionTime: { perCallback: 3 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S), machine(1 * S, "a2", 4, 4096)], { frameworks: [fw], horizon: 20 * S });
  assert.equal(log.grep("offerMade").map((l) => l.split(" ").slice(0, 1).concat(l.includes(" a2 ") ? "a2" : "a1").join(" ")), ["t=0 a1", "t=1 a2"]);
  assert.equal(log.grep("taskLaunched"), ["t=3 taskLaunched t1 a1 attempts=0"]);
});

test("calls made while deciding reach the master in the order they were made: a launch dropped on a rescinded offer revives the framework after the SUPPRESS it made with the launch", async () => {
  // f decides for 3 s on a1's offer and suppresses; a1 is removed at 1 s, rescinding
  // the offer, so the launch is dropped at 3 s: the task goes back to the queue and f
  // revives, after its SUPPRESS. So it is not suppressed when a2 registers at 5 s, is
  // offered a2 then, and launches t1 there after its 3 s decision.
  const fw = framework("f", ["r"], { decisionTime: { perCallback: 3 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run(
    [machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S), machine(1 * S, "a1", 0, 0, { event: "remove", capacity: null }), machine(5 * S, "a2", 4, 4096)],
    { frameworks: [fw], horizon: 20 * S },
  );
  assert.equal(log.grep("taskLaunched"), ["t=8 taskLaunched t1 a2 attempts=0"]);
});

test("a REVIVE made while the framework decides (work arriving during its think time) reaches the master after its answer, so it clears the answer's decline filters (the scheduler sends the ACCEPT it decided first; Master::revive clears filters)", async () => {
  // f decides for 3 s. At 0 s it launches t1 on a1, declines the rest with a 100 s
  // filter and, its queue empty, suppresses. t2 arrives at 1 s: f revives. At 3 s the
  // master gets the ACCEPT (filter on a1's remainder), the SUPPRESS, then the REVIVE,
  // which clears the filter: a1 is offered again at 3 s and t2 launched at 6 s.
  const fw = framework("f", ["r"], { refuseSeconds: 100, decisionTime: { perCallback: 3 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 1000 * S), task(1 * S, "t2", "r", 1, 512, 1000 * S)], { frameworks: [fw], horizon: 50 * S });
  assert.equal(log.grep("taskLaunched"), ["t=3 taskLaunched t1 a1 attempts=0", "t=6 taskLaunched t2 a1 attempts=0"]);
});

test("resources freed by a task wait for the next periodic run (Master::updateTask recovers them with no filter; nothing triggers a run)", async () => {
  // One 1-cpu agent: t1 runs 0–2.5 s; t2 waits. t1's cpu comes back at 2.5 s and is
  // offered by the periodic run at 3 s. (t2 was examined once at 0 s, on the 512 MB
  // that t1 left of the offer, and did not fit: one attempt.)
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 1, 1024), task(0, "t1", "r", 1, 512, 2.5 * S), task(0, "t2", "r", 1, 512, 1 * S)], { frameworks: [fw] });
  assert.equal(log.grep("taskEnded", "t1"), ["t=2.5 taskEnded t1 TASK_FINISHED"]);
  assert.equal(log.grep("taskLaunched", "t2"), ["t=3 taskLaunched t2 a1 attempts=1"]);
});

test("an agent removal rescinds its outstanding offers and loses its tasks (Master::_removeSlave): TASK_GONE to PARTITION_AWARE frameworks, TASK_LOST to others (the simulator's states: docs/simulator.md, What the master does not reproduce)", async () => {
  const plain = framework("plain", ["a"], { suppressWhenIdle: false });
  const aware = framework("aware", ["b"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
  // `slow` decides for 20 s, so its offer of a1 is still outstanding when a1 goes at 5 s.
  const slow = framework("slow", ["c"], { suppressWhenIdle: false, decisionTime: { perCallback: 20 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run(
    [
      machine(0, "a1", 6, 6144),
      task(0, "ta", "a", 2, 1024, 100 * S),
      task(0, "tb", "b", 2, 1024, 100 * S),
      task(0, "tc", "c", 2, 1024, 100 * S),
      machine(5 * S, "a1", 0, 0, { event: "remove", capacity: null }),
    ],
    { frameworks: [plain, aware, slow], horizon: 30 * S },
  );
  assert.equal(log.grep("taskEnded", " ta "), ["t=5 taskEnded ta TASK_LOST requeued"]);
  assert.equal(log.grep("taskEnded", " tb "), ["t=5 taskEnded tb TASK_GONE requeued"]);
  const slowOffer = log.grep("offerMade", " slow ")[0] as string;
  const id = (slowOffer.match(/#(\d+)/) as RegExpMatchArray)[1];
  assert.equal(log.grep(`offerEnded #${id} `), [`t=5 offerEnded #${id} rescinded`]);
  // Its launch never happened: the task was never launched.
  assert.equal(log.grep("taskLaunched", " tc "), []);
  assert.equal(log.grep("agentRemoved"), ["t=5 agentRemoved a1"]);
});

test("a lost task is requeued and launched again when room returns; its wait restarts at the loss", async () => {
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run(
    [machine(0, "a1", 2, 2048), task(0, "t1", "r", 1, 512, 100 * S), machine(5 * S, "a1", 0, 0, { event: "remove", capacity: null }), machine(8 * S, "a2", 2, 2048)],
    { frameworks: [fw], horizon: 20 * S },
  );
  assert.equal(log.grep("t1"), [
    "t=0 taskSubmitted t1 f",
    "t=0 taskLaunched t1 a1 attempts=0",
    "t=0 taskRunning t1",
    "t=5 taskEnded t1 TASK_LOST requeued",
    "t=8 taskLaunched t1 a2 attempts=0",
    "t=8 taskRunning t1",
  ]);
});

test("offerTimeout rescinds an unanswered offer and recovers it without a filter (--offer_timeout)", async () => {
  // The framework decides for 10 s; its offer times out at 3 s and comes back with no
  // filter, so the periodic run at 3 s (allocation runs come last at an instant) offers
  // it again (a decline would have filtered it until 5 s).
  const slow = framework("slow", ["r"], { suppressWhenIdle: false, decisionTime: { perCallback: 10 * S, perOffer: 0, perTask: 0 } });
  const { DEFAULT_MASTER } = await import("../../sim/experiment/experiment.ts");
  const { log } = await run([machine(0, "a1", 2, 2048), task(0, "t1", "r", 1, 512, 1 * S)], {
    frameworks: [slow],
    horizon: 12 * S,
    master: { ...DEFAULT_MASTER, offerTimeout: 3 * S },
  });
  assert.equal(log.grep("offerEnded", "#1 "), ["t=3 offerEnded #1 timedOut"]);
  assert.ok((log.grep("offerMade", "#2 ")[0] as string).startsWith("t=3 "), log.lines.join("\n"));
  // Every offer times out before the 10 s decision is answered: nothing is ever launched.
  assert.equal(log.grep("taskLaunched"), []);
});

test("a framework answers one callback at a time: callbacks wait while it decides (docs/experiment-format.md, decisionTime)", async () => {
  // Two agents added at 0 and 0.5 s: one callback each. With perCallback 2 s the
  // second is decided only after the first is answered at 2 s, answered at 4 s. (t2 was
  // examined on what t1 left of a1's offer, 512 MB, and did not fit: one attempt.)
  const fw = framework("f", ["r"], { suppressWhenIdle: false, decisionTime: { perCallback: 2 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 1, 1024), machine(0.5 * S, "a2", 1, 1024), task(0, "t1", "r", 1, 512, 100 * S), task(0, "t2", "r", 1, 512, 100 * S)], { frameworks: [fw], horizon: 10 * S });
  assert.equal(log.grep("taskLaunched"), ["t=2 taskLaunched t1 a1 attempts=0", "t=4 taskLaunched t2 a2 attempts=1"]);
});

test("a job's `distinct` constraint keeps its tasks on different agents (Marathon UNIQUE, Google 2011 different-machines)", async () => {
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const distinct = { job: "j", constraints: [{ name: "machine", op: "distinct" as const, value: null }] };
  const { log } = await run(
    [machine(0, "a1", 8, 8192), task(0, "t1", "r", 1, 512, 10 * S, distinct), task(0, "t2", "r", 1, 512, 10 * S, distinct), machine(3 * S, "a2", 8, 8192)],
    { frameworks: [fw], horizon: 20 * S },
  );
  // a1 has room for both, but t2 must wait for another agent (its one attempt: a1 at 0 s).
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched t1 a1 attempts=0", "t=3 taskLaunched t2 a2 attempts=1"]);
});

test("a task id submitted again while its earlier run is alive runs as ID#2; once the earlier has ended the id is free again (docs/trace-format.md: resubmissions repeat the id)", async () => {
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run(
    [machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 10 * S), task(2 * S, "t1", "r", 1, 512, 1 * S), task(20 * S, "t1", "r", 1, 512, 1 * S)],
    { frameworks: [fw], horizon: 30 * S },
  );
  assert.equal(log.grep("taskSubmitted").map((l) => l.split(" ").slice(0, 3).join(" ")), ["t=0 taskSubmitted t1", "t=2 taskSubmitted t1#2", "t=20 taskSubmitted t1"]);
  assert.equal(log.grep("taskEnded").length, 3);
});

test("a resubmitted id takes the lowest free suffix: one freed between live ones, past a trace's own ID#k (docs/experiment-format.md: resubmissions run as ID#2, #3, ...)", async () => {
  // One 4-cpu agent, offered at every periodic run (refuseSeconds 0). The first t1
  // runs 0–100 s; the 4-cpu ones never fit and stay pending (#2, #4); #3 runs 2–4 s;
  // the trace's own "t1#5" is live too. So at 5 s t1 takes #3 again, and at 6 s #6.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 0 });
  const { log } = await run(
    [
      machine(0, "a1", 4, 4096),
      task(0, "t1", "r", 1, 512, 100 * S),
      task(1 * S, "t1", "r", 4, 512, 1 * S),
      task(2 * S, "t1", "r", 1, 512, 2 * S),
      task(3 * S, "t1", "r", 4, 512, 1 * S),
      task(3.5 * S, "t1#5", "r", 4, 512, 1 * S),
      task(5 * S, "t1", "r", 4, 512, 1 * S),
      task(6 * S, "t1", "r", 4, 512, 1 * S),
    ],
    { frameworks: [fw], horizon: 10 * S },
  );
  assert.equal(log.grep("taskEnded"), ["t=4 taskEnded t1#3 TASK_FINISHED"]);
  assert.equal(log.grep("taskSubmitted").map((l) => l.split(" ").slice(0, 3).join(" ")), [
    "t=0 taskSubmitted t1",
    "t=1 taskSubmitted t1#2",
    "t=2 taskSubmitted t1#3",
    "t=3 taskSubmitted t1#4",
    "t=3.5 taskSubmitted t1#5",
    "t=5 taskSubmitted t1#3",
    "t=6 taskSubmitted t1#6",
  ]);
});

test("resubmissions of one id while its earlier runs are alive look up a number of ids linear in the resubmissions, not quadratic", async () => {
  // 2,000 submissions of one id, all alive (the one agent runs the first for good):
  // probing ID#2, ID#3, ... afresh for each took about 2,000²/2 = 2 million lookups.
  const n = 2000;
  const records = [machine(0, "a1", 1, 4096), ...Array.from({ length: n }, (_, k) => task(k * 1000, "t1", "r", 1, 512, null))];
  let probes = 0;
  const has = Set.prototype.has;
  Set.prototype.has = function (this: Set<unknown>, v: unknown) {
    if (typeof v === "string" && v.startsWith("t1#")) probes++;
    return has.call(this, v);
  };
  try {
    const { log } = await run(records, { frameworks: [framework("f", ["r"], { suppressWhenIdle: false })], horizon: 10 * S });
    assert.equal(log.grep("taskSubmitted", `t1#${n} `).length, 1);
  } finally {
    Set.prototype.has = has;
  }
  assert.ok(probes <= 4 * n, `${probes} lookups of t1#k for ${n} submissions`);
});

test.run();
