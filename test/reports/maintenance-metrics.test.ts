// summary.failures.maintenance, summary.failures.oversubscription and the revocable
// columns of timeseries.csv (docs/report-format.md, "Failures" and `timeseries.csv`),
// from a record stream written by hand: every figure worked out below.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { amounts, finish, near, recorder, s, scratchDir, start } from "./record-stream.ts";

test("failures: drains, downs, inverse offers, revocable use, lending, kills and rescinds, each worked out from the records", () => {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(25) });
  start(r, [{ role: "r", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  // a: 4 cpus of its own, lends 2 from 0 s, 3 from 20 s; removed (down) at 60 s.
  r.agentAdded(0, "a", amounts(4, 4096), "");
  r.agentUpdated(0, "a", amounts(6, 4096));
  r.agentRevocable(0, "a", amounts(2, 0));
  // t1 (2 cpus) runs on the 2 lent cpus from 0 s.
  r.taskSubmitted(0, "t1", "j", "f", "r", amounts(2, 100));
  r.taskLaunched(0, "t1", "a", 0);
  r.taskRevocable(0, "t1", amounts(2, 0));
  r.taskRunning(0, "t1");
  r.offerMade(s(10), 1, "f", "r", "a", amounts(2, 1000));
  r.agentUpdated(s(20), "a", amounts(7, 4096));
  r.agentRevocable(s(20), "a", amounts(3, 0));
  r.offerMade(s(20), 2, "f", "r", "a", amounts(1, 0));
  r.offerRevocable(s(20), 2, amounts(1, 0));
  r.offerRescindCause(s(30), 2, "revocable");
  r.offerEnded(s(30), 2, "rescinded");
  // The QoS controller kills t1 at 40 s; it is run again at 50 s on a's own cpus.
  r.taskEndCause(s(40), "t1", "qos");
  r.taskEnded(s(40), "t1", "TASK_GONE", true);
  r.inverseOfferMade(s(40), 1, "f", "a");
  r.inverseOfferEnded(s(45), 1, "declined");
  r.agentMaintenance(s(50), "a", "draining", s(60), s(30));
  r.taskLaunched(s(50), "t1", "a", 0);
  r.taskRunning(s(50), "t1");
  r.agentMaintenance(s(55), "a", "drain", null, null);
  r.taskEndCause(s(60), "t1", "drain");
  r.taskEnded(s(60), "t1", "TASK_KILLED", false);
  r.agentMaintenance(s(60), "a", "down", null, null);
  r.offerRescindCause(s(60), 1, "down");
  r.offerEnded(s(60), 1, "rescinded");
  r.agentRemoved(s(60), "a");
  r.runEnded(s(100));
  const summary = finish(r);
  const o = summary.failures.oversubscription;
  // Held: 2 revocable cpus over [0, 40) = 80 cpu-s. Lent: 2 over [0, 20) + 3 over [20, 60) = 40 + 120 = 160.
  near(o.revocableCpuSeconds, 80, "revocableCpuSeconds");
  near(o.lentCpuSeconds, 160, "lentCpuSeconds");
  // t1 killed at 40 s, launched at 0 s, 2 cpus: 2 × 40 = 80 cpu-s lost.
  assert.equal({ ...o, revocableCpuSeconds: 0, lentCpuSeconds: 0 }, {
    revocableCpuSeconds: 0,
    lentCpuSeconds: 0,
    revocableTasksLaunched: 1,
    revocableKills: 1,
    workLostCpuSeconds: 80,
    offersRescinded: 1,
    estimates: 2,
  });
  // Drained at 60 s after its relaunch at 50 s: 2 × 10 = 20 cpu-s lost.
  assert.equal(summary.failures.maintenance, {
    agentsScheduled: 1,
    agentsDrained: 1,
    agentsDown: 1,
    agentsGone: 0,
    agentsUp: 0,
    inverseOffers: { sent: 1, accepted: 0, declined: 1, rescinded: 0, timedOut: 0 },
    tasksDrained: 1,
    tasksDown: 0,
    workLostCpuSeconds: 20,
    offersRescinded: 1,
  });
  assert.equal([summary.tasks.killed, summary.tasks.lost], [1, 0]);
  // At 25 s: a lends 3 cpus (total 7), t1 holds its 2 lent cpus, offer 2 holds 1
  // lent cpu (offer 1 holds 2 of a's own: 3 offered in all). Nothing of mem is lent:
  // its revocable columns are empty. (r alone is entitled to its demand, t1's 2 of
  // 7 cpus: 0.285714.) At 75 s no agent lends anything.
  const rows = readFileSync(join(dir, "timeseries.csv"), "utf8").split("\r\n");
  assert.equal(rows.slice(4, 7), [
    "25.000,cluster,,7,2,3,4096,100,1000,,,,,,,0,1,2,3,2,1,,,",
    "25.000,role,r,,2,3,,100,1000,,,,0.714286,0.714286,0.285714,0,1,2,,2,1,,,",
    "25.000,framework,f,,2,3,,100,1000,,,,0.714286,0.714286,,0,1,2,,2,1,,,",
  ]);
  assert.equal(rows[10], "75.000,cluster,,,,,,,,,,,,,,0,0,0,,,,,,");
});

test("failures: a run without maintenance or oversubscription reports zeros", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }]);
  r.runEnded(s(10));
  const f = finish(r).failures;
  assert.equal(f.oversubscription, { revocableCpuSeconds: 0, lentCpuSeconds: 0, revocableTasksLaunched: 0, revocableKills: 0, workLostCpuSeconds: 0, offersRescinded: 0, estimates: 0 });
  assert.is(f.maintenance.inverseOffers.sent, 0);
});

test("records out of order are simulator bugs: a cause for an offer that is not outstanding, an inverse offer ended twice", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.agentAdded(0, "a", amounts(4, 4096), "");
  assert.throws(() => r.offerRescindCause(0, 7, "revocable"), /offer 7 is not outstanding/);
  r.inverseOfferMade(0, 1, "f", "a");
  r.inverseOfferEnded(0, 1, "accepted");
  assert.throws(() => r.inverseOfferEnded(0, 1, "accepted"), /inverse offer 1 is not outstanding/);
});

test.run();
