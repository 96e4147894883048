// Fairness (docs/report-format.md, "Fairness"): a role's dominant share counts
// allocated plus offered over the cluster totals, leaving out
// fairnessExcludeResourceNames, as Mesos's DRF sorter does
// (src/master/allocator/mesos/sorter/drf/sorter.cpp, Node::calculateShare); the
// weighted share divides by the weight; Jain's index (Σx)²/(n·Σx²) over the active
// roles' weighted shares, time-averaged over the time with ≥ 2 active roles; the
// entitlement (progressive filling over the roles' pending plus running demand,
// reports/entitlement.ts), the deficit max(0, entitlement − share), starved time and
// time to fair share.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dominantShare } from "../../reports/dominant-share.ts";
import { jainIndex } from "../../reports/jain-index.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { amounts, finish, near, recorder, runTask, s, scratchDir, start } from "./record-stream.ts";

test("Jain's index is 1 for equal values, 1/n when one holds everything, 1 when all are 0", () => {
  near(jainIndex(Float64Array.of(0.3, 0.3, 0.3), 3), 1, "equal");
  near(jainIndex(Float64Array.of(0.9, 0, 0, 0), 4), 0.25, "one of four");
  near(jainIndex(Float64Array.of(0, 0), 2), 1, "all zero");
  // Only the first n values count.
  near(jainIndex(Float64Array.of(0.5, 0.5, 99), 2), 1, "prefix");
});

test("Jain's index of weighted shares far outside [0, 1] (weights of 1e-300 or 1e-9) is still the index, never NaN", () => {
  // Scaling every value by one factor does not change the index.
  near(jainIndex(Float64Array.of(1.25e299, 1.25e299), 2), 1, "equal and huge");
  near(jainIndex(Float64Array.of(1.25e299, 0, 0, 0), 4), 0.25, "one huge of four");
  near(jainIndex(Float64Array.of(0.5e-300, 1e-300), 2), 0.9, "tiny: (1.5)²/(2·1.25)");
  near(jainIndex(Float64Array.of(1.25e299, 0.125), 2), 0.5, "one huge and one ordinary");
});

test("two roles with weights: Jain's index over weighted shares, averaged only while both are active", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 2 }]);
  r.agentAdded(0, "x", amounts(10, 100), "");
  r.frameworkRegistered(0, "fa", "batch", ["a"]);
  r.frameworkRegistered(0, "fb", "batch", ["b"]);
  // [0,40): a = max(2/10, 10/100) = 0.2; b = max(2/10, 40/100) = 0.4, weighted 0.2 → Jain 1
  runTask(r, 0, "a1", "fa", "a", "x", amounts(2, 10));
  runTask(r, 0, "b1", "fb", "b", "x", amounts(2, 40));
  // [40,60): b = max(6/10, 80/100) = 0.8, weighted 0.4 → Jain (0.2+0.4)²/(2·(0.04+0.16)) = 0.36/0.4 = 0.9
  runTask(r, s(40), "b2", "fb", "b", "x", amounts(4, 40));
  // [60,100): a has nothing pending or running: one active role, no Jain's index
  r.taskEnded(s(60), "a1", "TASK_FINISHED", false);
  r.runEnded(s(100));
  const summary = finish(r);
  // mean = (1·40 + 0.9·20) / 60 = 58/60
  near(summary.fairness.jain.mean, 58 / 60, "jain.mean");
  near(summary.fairness.jain.min, 0.9, "jain.min");
  const [a, b] = summary.roles;
  // a: 0.2 over [0,60) → 12/100; b: 0.4·40 + 0.8·60 = 64 → 0.64 (unweighted shares)
  near(a?.shareMean, 0.12, "a.shareMean");
  near(a?.shareMax, 0.2, "a.shareMax");
  near(b?.shareMean, 0.64, "b.shareMean");
  near(b?.shareMax, 0.8, "b.shareMax");
  assert.is(b?.weight, 2);
});

test("three roles: offered resources count in the share, and a pending role with nothing held counts as 0", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }, { role: "c", weight: 2 }]);
  r.agentAdded(0, "x", amounts(10, 100), "");
  for (const role of ["a", "b", "c"]) r.frameworkRegistered(0, `f${role}`, "batch", [role]);
  runTask(r, 0, "a1", "fa", "a", "x", amounts(2, 0));
  runTask(r, 0, "b1", "fb", "b", "x", amounts(3, 0));
  // c holds an offer of 5 cpus and has a task pending: share 0.5, weighted 0.25.
  r.offerMade(0, 7, "fc", "c", "x", amounts(5, 0));
  r.taskSubmitted(0, "c1", "c1", "fc", "c", amounts(6, 0));
  r.runEnded(s(10));
  const summary = finish(r);
  // Jain(0.2, 0.3, 0.25) = 0.75² / (3·(0.04 + 0.09 + 0.0625)) = 0.5625 / 0.5775
  near(summary.fairness.jain.mean, 0.5625 / 0.5775, "jain.mean");
  near(summary.roles[2]?.shareMean, 0.5, "c.shareMean");

  // The same with c's offer rescinded at 0: c is active with share 0 → Jain(0.2, 0.3, 0) = 0.25/(3·0.13)
  const q = recorder();
  start(q, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }, { role: "c", weight: 2 }]);
  q.agentAdded(0, "x", amounts(10, 100), "");
  for (const role of ["a", "b", "c"]) q.frameworkRegistered(0, `f${role}`, "batch", [role]);
  runTask(q, 0, "a1", "fa", "a", "x", amounts(2, 0));
  runTask(q, 0, "b1", "fb", "b", "x", amounts(3, 0));
  q.offerMade(0, 7, "fc", "c", "x", amounts(5, 0));
  q.taskSubmitted(0, "c1", "c1", "fc", "c", amounts(6, 0));
  q.offerEnded(0, 7, "rescinded");
  q.runEnded(s(10));
  near(finish(q).fairness.jain.mean, 0.25 / 0.39, "jain.mean without the offer");
});

test("fairnessExcludeResourceNames leaves a resource out of the dominant share (--fair_sharing_excluded_resource_names)", () => {
  const held = Float64Array.of(1000, 0, 0, 2000);
  const total = Float64Array.of(10000, 1000, 0, 2000);
  // gpus counted: max(1/10, 2/2) = 1; excluded: 1/10. disk has no total: never counted.
  near(dominantShare(held, total, [true, true, true, true]), 1, "with gpus");
  near(dominantShare(held, total, [true, true, true, false]), 0.1, "gpus excluded");
  const r = recorder();
  start(r, [{ role: "g", weight: 1 }], ["gpus"]);
  r.agentAdded(0, "x", amounts(10, 1000, 0, 2), "");
  r.frameworkRegistered(0, "f", "batch", ["g"]);
  runTask(r, 0, "t", "f", "g", "x", amounts(1, 0, 0, 2));
  r.runEnded(s(1));
  near(finish(r).roles[0]?.shareMax, 0.1, "shareMax with gpus excluded");
});

test("with fewer than two active roles at any time, Jain's index is null, not 1", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }]);
  r.agentAdded(0, "x", amounts(10, 100), "");
  r.frameworkRegistered(0, "fa", "batch", ["a"]);
  runTask(r, 0, "a1", "fa", "a", "x", amounts(2, 10));
  r.runEnded(s(10));
  assert.equal(finish(r).fairness.jain, { mean: null, min: null });
});

test("entitlement, deficit, starved time and time to fair share of two roles over two episodes, worked by hand", () => {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(25) });
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }]);
  r.agentAdded(0, "x", amounts(10, 100), "");
  r.frameworkRegistered(0, "fa", "batch", ["a"]);
  r.frameworkRegistered(0, "fb", "batch", ["b"]);
  // [0,10): a alone runs a1 {6, 10}: demand 6/10 = 0.6 → entitled to 0.6, share 0.6. Its episode
  // starts at 0 and reaches 0.9 × 0.6 at once: time to fair share 0.
  runTask(r, 0, "a1", "fa", "a", "x", amounts(6, 10));
  // [10,30): b1 {6, 10} pending. Demands 0.6 and 0.6 of the cpus: equal shares s, 2s = 1 → 0.5 each.
  //   b: share 0, deficit 0.5 > 0.5 × 0.5 → starved. a: share 0.6 ≥ 0.5, deficit 0.
  r.taskSubmitted(s(10), "b1", "b1", "fb", "b", amounts(6, 10));
  // [30,40): b2 {2, 0} runs: b's demand 0.8, still 0.5 each (cpus out at s = 0.5).
  //   b: share 0.2, deficit 0.3 > 0.25 → starved (b1 pending).
  runTask(r, s(30), "b2", "fb", "b", "x", amounts(2, 0));
  // [40,45): a1 ends: a demands nothing → 0; b alone → its demand 0.8; share 0.2, deficit 0.6 > 0.4: starved.
  r.taskEnded(s(40), "a1", "TASK_FINISHED", false);
  // [45,60): b1 launches: share 0.8 ≥ 0.9 × 0.8 → b reached its fair share 45 − 10 = 35 s after becoming active.
  r.taskLaunched(s(45), "b1", "x", 0);
  r.taskRunning(s(45), "b1");
  // [60,70): nothing runs; b inactive (entitled to 0). [70,72): b3 {1, 0} pending: a new episode;
  // entitled to 0.1, deficit 0.1 > 0.05: starved. At 72 it launches: share 0.1, reached after 2 s.
  r.taskEnded(s(60), "b1", "TASK_FINISHED", false);
  r.taskEnded(s(60), "b2", "TASK_FINISHED", false);
  r.taskSubmitted(s(70), "b3", "b3", "fb", "b", amounts(1, 0));
  r.taskLaunched(s(72), "b3", "x", 0);
  r.taskEnded(s(80), "b3", "TASK_FINISHED", false);
  r.runEnded(s(100));
  const [a, b] = finish(r).roles;
  // a: entitlement 0.6·10 + 0.5·30 = 21 → 21/100; never below it.
  near(a?.entitlementMean, 0.21, "a.entitlementMean");
  near(a?.deficitMean, 0, "a.deficitMean");
  near(a?.starvedSeconds, 0, "a.starvedSeconds");
  near(a?.timeToFairShareSeconds, 0, "a.timeToFairShareSeconds");
  // b: entitlement 0.5·30 + 0.8·20 + 0.1·10 = 32 → 0.32;
  //    deficit 0.5·20 + 0.3·10 + 0.6·5 + 0.1·2 = 16.2 → 0.162;
  //    starved [10,45) and [70,72): 37 s; time to fair share (35 + 2)/2 = 18.5 s.
  near(b?.entitlementMean, 0.32, "b.entitlementMean");
  near(b?.deficitMean, 0.162, "b.deficitMean");
  near(b?.starvedSeconds, 37, "b.starvedSeconds");
  near(b?.timeToFairShareSeconds, 18.5, "b.timeToFairShareSeconds");
  // The entitlement column at 0, 25, 50, 75, 100 (role rows only): a 0.6, 0.5, 0, 0, 0; b 0, 0.5, 0.8, 0.1, 0.
  const rows = readFileSync(join(dir, "timeseries.csv"), "utf8").trim().split("\r\n").slice(1).map((l) => l.split(","));
  const column = (scope: string, name: string) => rows.filter((x) => x[1] === scope && x[2] === name).map((x) => x[14]);
  assert.equal(column("role", "a"), ["0.6", "0.5", "0", "0", "0"]);
  assert.equal(column("role", "b"), ["0", "0.5", "0.8", "0.1", "0"]);
  assert.equal(column("cluster", ""), ["", "", "", "", ""]);
  assert.equal(column("framework", "fb"), ["", "", "", "", ""]);
});

test("the entitlement follows weight and total changes; an episode that never reaches its fair share is not counted", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 1 }, { role: "c", weight: 1 }]);
  r.agentAdded(0, "x", amounts(10, 100), "");
  for (const role of ["a", "b", "c"]) r.frameworkRegistered(0, `f${role}`, "batch", [role]);
  // a and b each want 20 cpus (more than the cluster), nothing launched; c wants 100 cpus and never gets any.
  // [0,10): three equal shares of the cpus: 1/3 each. [10,20): b's weight 2: s, s, 2s → 1/4, 1/2, 1/4.
  // [20,30): agent y {30, 100} joins: 40 cpus. a wants 20/40 = 0.5, b 0.5, c 2.5;
  //   s + 2s + s = 1 → s = 1/4: a's 0.25 and c's 0.25 below their demands, b 0.5 (= its demand).
  r.taskSubmitted(0, "a1", "a1", "fa", "a", amounts(20, 0));
  r.taskSubmitted(0, "b1", "b1", "fb", "b", amounts(20, 0));
  r.taskSubmitted(0, "c1", "c1", "fc", "c", amounts(100, 0));
  r.roleWeight(s(10), "b", 2);
  r.agentAdded(s(20), "y", amounts(30, 100), "");
  r.runEnded(s(30));
  const [a, b, c] = finish(r).roles;
  // a: (1/3·10 + 1/4·10 + 1/4·10)/30 = (10/3 + 5)/30; b: (10/3 + 5 + 5)/30; c like a.
  near(a?.entitlementMean, (10 / 3 + 5) / 30, "a.entitlementMean");
  near(b?.entitlementMean, (10 / 3 + 10) / 30, "b.entitlementMean");
  near(c?.entitlementMean, (10 / 3 + 5) / 30, "c.entitlementMean");
  // Nothing ever launched: the deficit is the entitlement, all 30 s starved, no episode reached its share.
  near(b?.deficitMean, (10 / 3 + 10) / 30, "b.deficitMean");
  near(c?.starvedSeconds, 30, "c.starvedSeconds");
  assert.is(c?.timeToFairShareSeconds, null);
});

test.run();
