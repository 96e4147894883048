// Maintenance in the simulated master, each test one Mesos behaviour with its source
// (docs/experiment-format.md, `maintenance`). Every run checks the invariants after
// every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Experiment } from "../../sim/experiment/experiment.ts";
import type { MaintenanceWindow } from "../../sim/maintenance/maintenance-schema.ts";
import { DEFAULT_MASTER } from "../../sim/experiment/experiment.ts";
import { failure, framework, machine, run, S, task } from "./helpers.ts";

const window = (over: Partial<MaintenanceWindow>): MaintenanceWindow => ({
  start: 20 * S,
  duration: 10 * S,
  agents: { kind: "ids", ids: ["a1"] },
  scheduledAt: 5 * S,
  drain: null,
  ...over,
});

const slow = (name: string, role: string, seconds: number, over: Parameters<typeof framework>[2] = {}) =>
  framework(name, [role], { suppressWhenIdle: false, decisionTime: { perCallback: seconds * S, perOffer: 0, perTask: 0 }, ...over });

const times = (lines: string[]): string[] => lines.map((l) => l.split(" ")[0] as string);

test("a posted schedule rescinds the agent's outstanding offers and inverse-offers it to each framework holding resources there (Master::updateUnavailability; allocator inverse offers, mesos-allocator §11)", async () => {
  // `holder` runs t1 on a1 from 0 s; `slow` decides for 30 s, so its offer of a1 (made
  // at 1 s) is outstanding when the schedule is posted at 5 s. The posting rescinds
  // that offer (Mesos rescinds so that frameworks learn of the unavailability at once);
  // the run it triggers offers a1 to `slow` again, then sends an inverse offer to
  // each framework with resources offered or allocated on a1: `holder` and `slow`.
  // `idle` (suppressed, no work) holds nothing there and gets none; a2 is not in the
  // window.
  const holder = framework("holder", ["a"], { suppressWhenIdle: false });
  const idle = framework("idle", ["c"]);
  const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "a", 1, 512, 100 * S)], {
    frameworks: [holder, slow("slow", "b", 30), idle],
    maintenance: [window({})],
    horizon: 8 * S,
  });
  assert.equal(log.grep("agentMaintenance"), ["t=5 agentMaintenance a1 draining start=20 duration=10"]);
  const slowA1 = log.grep("offerMade", " slow ", " a1 ");
  const id = ((slowA1[0] as string).split(" ")[2] as string);
  assert.equal(log.grep(`${id} `).slice(1), [`t=5 offerRescindCause ${id} maintenance`, `t=5 offerEnded ${id} rescinded`]);
  assert.equal(log.grep("inverseOfferMade"), ["t=5 inverseOfferMade ~1 holder a1", "t=5 inverseOfferMade ~2 slow a1"]);
});

test("an answered inverse offer carries the framework's refuseSeconds filter: the next comes when it expires (Master::acceptInverseOffers / declineInverseOffers → updateInverseOffer with the call's filters)", async () => {
  // refuseSeconds 5: answered at 5, 10, 15 (each answer filters a1's inverse offers
  // for 5 s; the run at the filter's expiry sends the next). The drain at 17 s
  // deactivates a1: no inverse offer after that.
  for (const [answer, ended] of [
    ["accept", "accepted"],
    ["decline", "declined"],
  ] as const) {
    const fw = framework("f", ["r"], { suppressWhenIdle: false, params: { inverseOffers: answer } });
    const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S)], {
      frameworks: [fw],
      maintenance: [window({ drain: { gracePeriod: 3 * S, markGone: false } })],
      horizon: 19 * S,
    });
    assert.equal(times(log.grep("inverseOfferMade")), ["t=5", "t=10", "t=15"], answer);
    assert.equal(log.grep("inverseOfferEnded").map((l) => l.split(" ").slice(0, 1).concat(l.split(" ").slice(3)).join(" ")), ["t=5 " + ended, "t=10 " + ended, "t=15 " + ended]);
  }
});

test("an unanswered inverse offer stays outstanding, so no other is sent for that agent; offerTimeout ends it (allocator offersOutstanding; Master::inverseOfferTimeout)", async () => {
  // `ignore`: the inverse offer made at 5 s is never answered. With offerTimeout 7 s
  // it times out at 12 s (no filter), and the next allocation run (12 s, after the
  // framework answers at that instant) sends another.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, params: { inverseOffers: "ignore" } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S)], {
    frameworks: [fw],
    master: { ...DEFAULT_MASTER, offerTimeout: 7 * S },
    maintenance: [window({ start: 40 * S })],
    horizon: 15 * S,
  });
  assert.equal(log.grep("inverseOffer"), ["t=5 inverseOfferMade ~1 f a1", "t=12 inverseOfferEnded ~1 timedOut", "t=12 inverseOfferMade ~2 f a1"]);
});

test("DRAIN_AGENT deactivates the agent: its outstanding offers and inverse offers are rescinded and it is offered nothing more (Master::deactivate)", async () => {
  // The drain starts at 20 − 3 = 17 s. `slow` (decides for 30 s) holds an offer of a1
  // made at the posting's run (5 s); it is rescinded at 17 s. Both frameworks ignore
  // their inverse offers, so the ones made at 5 s are outstanding until the drain
  // rescinds them.
  const keeper = framework("keeper", ["a"], { suppressWhenIdle: false, params: { inverseOffers: "ignore" } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "a", 1, 512, 100 * S)], {
    frameworks: [keeper, slow("slow", "b", 30, { params: { inverseOffers: "ignore" } })],
    maintenance: [window({ drain: { gracePeriod: 3 * S, markGone: false } })],
    horizon: 19 * S,
  });
  assert.equal(log.grep("agentMaintenance", "drain").slice(1), ["t=17 agentMaintenance a1 drain"]);
  assert.equal(log.grep("offerRescindCause", "drain").length, 1, log.lines.join("\n"));
  assert.equal(log.grep("inverseOfferEnded"), ["t=17 inverseOfferEnded ~1 rescinded", "t=17 inverseOfferEnded ~2 rescinded"]);
  // Nothing is offered on a1 from the drain on.
  assert.equal(log.grep("offerMade", " a1 ").filter((l) => Number(l.slice(2, l.indexOf(" "))) >= 17), []);
});

test("a drain kills what still runs when its grace period is over: TASK_KILLED (REASON_SLAVE_DRAINING), or TASK_GONE_BY_OPERATOR with markGone to PARTITION_AWARE frameworks (Slave::drain, Slave::statusUpdate while draining); the batch model runs them again", async () => {
  // Drain 17–20 s with markGone. `plain` and `aware` each run a task on a1; both are
  // still running at 20 s. The drained agent is marked gone: it never comes back,
  // even at the window's end (30 s); the tasks are relaunched on a2, which joins at
  // 21 s: the run at 21 s offers all of a2 to one framework (one offer per agent),
  // which takes 2 cpus and declines the rest with its filter; the run at 22 s offers
  // that rest to the other.
  const plain = framework("plain", ["a"], { suppressWhenIdle: false });
  const aware = framework("aware", ["b"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
  const { log } = await run(
    [machine(0, "a1", 4, 4096), task(0, "tp", "a", 2, 512, 100 * S), task(0, "ta", "b", 2, 512, 100 * S), machine(21 * S, "a2", 4, 4096)],
    { frameworks: [plain, aware], maintenance: [window({ drain: { gracePeriod: 3 * S, markGone: true } })], horizon: 40 * S },
  );
  assert.equal(log.grep("taskEnded"), ["t=20 taskEnded tp TASK_KILLED requeued", "t=20 taskEnded ta TASK_GONE_BY_OPERATOR requeued"]);
  assert.equal(log.grep("taskEndCause"), ["t=20 taskEndCause tp drain", "t=20 taskEndCause ta drain"]);
  assert.equal(log.grep("taskLaunched", " a2 "), ["t=21 taskLaunched tp a2 attempts=0", "t=22 taskLaunched ta a2 attempts=0"]);
  assert.equal(log.grep("agentMaintenance").slice(2), ["t=20 agentMaintenance a1 gone"]);
  assert.equal(log.grep("agentAdded", "a1"), ["t=0 agentAdded a1 cpus:4;mem:4096"]);
});

test("a task whose run time ends within the grace period ends as it would have (Slave::drain kills with the grace period; the task exits first)", async () => {
  // t1 runs 0–18 s; the drain runs 17–20 s: t1 finishes at 18 s.
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 18 * S)], {
    frameworks: [fw],
    maintenance: [window({ drain: { gracePeriod: 3 * S, markGone: false } })],
    horizon: 25 * S,
  });
  assert.equal(log.grep("taskEnded"), ["t=18 taskEnded t1 TASK_FINISHED"]);
  assert.equal(log.grep("taskEndCause"), []);
});

test("without a drain the machine goes down with its tasks: TASK_LOST to every framework, PARTITION_AWARE or not (http.cpp _startMaintenance → Master::removeSlave → _removeSlave, REASON_SLAVE_REMOVED)", async () => {
  const plain = framework("plain", ["a"], { suppressWhenIdle: false });
  const aware = framework("aware", ["b"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "tp", "a", 2, 512, 100 * S), task(0, "ta", "b", 2, 512, 100 * S)], {
    frameworks: [plain, aware],
    maintenance: [window({})],
    horizon: 25 * S,
  });
  assert.equal(log.grep("taskEnded"), ["t=20 taskEnded tp TASK_LOST requeued", "t=20 taskEnded ta TASK_LOST requeued"]);
  assert.equal(log.grep("taskEndCause"), ["t=20 taskEndCause tp down", "t=20 taskEndCause ta down"]);
  assert.equal(log.grep("a1").slice(-2), ["t=20 agentMaintenance a1 down", "t=20 agentRemoved a1"]);
});

test("the machine comes back up at the window's end, empty, with what the trace said of it while it was down (/machine/up: the schedule entry deleted, the agent registers again)", async () => {
  // a1 is down 20–30 s; the trace grows it to 8 cpus at 25 s: it comes back with 8.
  // t1 (lost at 20 s) waits for it: a1 was the only agent.
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run(
    [machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S), machine(25 * S, "a1", 8, 4096, { event: "update" })],
    { frameworks: [fw], maintenance: [window({})], horizon: 35 * S },
  );
  assert.equal(log.grep("agentAdded"), ["t=0 agentAdded a1 cpus:4;mem:4096", "t=30 agentAdded a1 cpus:8;mem:4096"]);
  assert.equal(log.grep("agentMaintenance", "up"), ["t=30 agentMaintenance a1 up"]);
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched t1 a1 attempts=0", "t=30 taskLaunched t1 a1 attempts=0"]);
  // Up again, a1 has no unavailability: no inverse offer after 30 s.
  assert.equal(log.grep("inverseOfferMade").filter((l) => !l.startsWith("t=5 ") && !l.startsWith("t=10 ") && !l.startsWith("t=15 ")), []);
});

test("a machine is in one window at a time: a second window does not pick an agent already in one (Mesos rejects a schedule naming a machine twice)", async () => {
  const fw = framework("f", ["r"], { suppressWhenIdle: false });
  const second = window({ agents: { kind: "all" }, start: 22 * S, scheduledAt: 6 * S });
  const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 1, 512, 5 * S)], {
    frameworks: [fw],
    maintenance: [window({}), second],
    horizon: 40 * S,
  });
  assert.equal(log.grep("draining"), ["t=5 agentMaintenance a1 draining start=20 duration=10", "t=6 agentMaintenance a2 draining start=22 duration=10"]);
});

test("maintenance keeps the run open until its last event: without a horizon the run ends after the machine is back up (docs/experiment-format.md, the run's span)", async () => {
  const fw = framework("f", ["r"]);
  const { log, result } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 1 * S)], {
    frameworks: [fw],
    maintenance: [window({ start: 100 * S, duration: 50 * S, scheduledAt: 0 })],
  } satisfies Partial<Experiment>);
  assert.equal(log.grep("agentMaintenance", "up"), ["t=150 agentMaintenance a1 up"]);
  assert.ok(result.span >= 150 * S, String(result.span));
});

// ---- with failures (sim/failures/): the schedule and the drain are the master's, in its registry ----

test("a drained agent back from unreachable stays drained: it is offered nothing and no task is launched there (DRAIN_AGENT is kept in the registry; docs/maintenance.md)", async () => {
  // a1 is drained from 100 s (window 400–500 s, grace 300 s), cut off at 110 s, marked
  // unreachable at 195 s (t1 runs again on a2) and back at 210 s. t2 (4 cpus) arrives at
  // 300 s: only a1 has room, and it is still being drained, so t2 waits for a1 to come
  // back up at 500 s.
  const f = framework("f", ["r"], { suppressWhenIdle: false });
  const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 1, 512, 10000 * S), task(300 * S, "t2", "r", 4, 512, 1000 * S)], {
    frameworks: [f],
    maintenance: [window({ start: 400 * S, duration: 100 * S, scheduledAt: 0, drain: { gracePeriod: 300 * S, markGone: false } })],
    failures: [failure.partition(110 * S, ["a1"], 100 * S)],
    horizon: 600 * S,
  });
  assert.equal(log.grep("agentBack"), ["t=210 agentBack a1 cause=0"]);
  assert.equal(log.grep("offerMade", " a1 ").filter((l) => { const t = Number(l.slice(2, l.indexOf(" "))); return t >= 100 && t < 500; }), []);
  assert.equal(log.grep("taskLaunched", "t2"), ["t=500 taskLaunched t2 a1 attempts=40"]);
});

test("a scheduled agent back from unreachable gets inverse offers again; one outstanding when it was lost is rescinded then, not timed out later (Master::__removeSlave removes its inverse offers)", async () => {
  // f ignores inverse offers, so the one of 0 s stays outstanding (offerTimeout 120 s).
  // a1 is cut off at 10 s and marked unreachable at 90 s: the inverse offer goes with it.
  // Back at 310 s, a1 is DRAINING again: offered to f, so f gets a new inverse offer,
  // which the window's start rescinds.
  const f = framework("f", ["r"], { suppressWhenIdle: false, params: { inverseOffers: "ignore" } });
  const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 1, 512, 10000 * S)], {
    frameworks: [f],
    master: { ...DEFAULT_MASTER, offerTimeout: 120 * S },
    maintenance: [window({ start: 400 * S, duration: 100 * S, scheduledAt: 0 })],
    failures: [failure.partition(10 * S, ["a1"], 300 * S)],
    horizon: 600 * S,
  });
  assert.equal(log.grep("inverseOffer"), [
    "t=0 inverseOfferMade ~1 f a1",
    "t=90 inverseOfferEnded ~1 rescinded",
    "t=310 inverseOfferMade ~2 f a1",
    "t=400 inverseOfferEnded ~2 rescinded",
  ]);
});

test("a schedule posted during a master failover covers the agents not re-registered yet, and a new master's allocator gets the unavailability when each re-registers (the schedule is in the registry; docs/maintenance.md)", async () => {
  // The master fails over at 1 s; a1 re-registers at 7.0 s (a seeded time within 10 s).
  // The schedule posted at 2 s names a1 all the same: DRAINING, so f, which runs t1
  // there, is sent an inverse offer once a1 is back, and another each time its 20 s
  // filter has expired. A second failover at 50 s: a1 re-registers at 58.5 s, and the
  // new master's allocator sends one at once.
  const f = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 20 });
  const { log } = await run([machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096), task(0, "t1", "r", 4, 512, 10000 * S), task(0, "t2", "r", 4, 512, 10000 * S)], {
    frameworks: [f],
    maintenance: [window({ start: 100 * S, duration: 100 * S, scheduledAt: 2 * S })],
    failures: [failure.master(1 * S, 10 * S, 0), failure.master(50 * S, 10 * S, 0)],
    horizon: 150 * S,
  });
  assert.equal(log.grep("taskLaunched", "t1"), ["t=0 taskLaunched t1 a1 attempts=0"]);
  assert.equal(log.grep("agentMaintenance"), ["t=2 agentMaintenance a1 draining start=100 duration=100", "t=100 agentMaintenance a1 down"]);
  assert.equal(times(log.grep("inverseOfferMade")), ["t=7.003694", "t=28", "t=48", "t=58.517251", "t=79", "t=99"]);
});

test.run();
