// Fairness (docs/report-format.md, "Fairness"): a role's dominant share counts
// allocated plus offered over the cluster totals, leaving out
// fairnessExcludeResourceNames, as Mesos's DRF sorter does
// (src/master/allocator/mesos/sorter/drf/sorter.cpp, Node::calculateShare); the
// weighted share divides by the weight; Jain's index (Σx)²/(n·Σx²) over the active
// roles' weighted shares, time-averaged over the time with ≥ 2 active roles.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dominantShare } from "../../reports/dominant-share.ts";
import { jainIndex } from "../../reports/jain-index.ts";
import { amounts, finish, near, recorder, runTask, s, start } from "./record-stream.ts";

test("Jain's index is 1 for equal values, 1/n when one holds everything, 1 when all are 0", () => {
  near(jainIndex(Float64Array.of(0.3, 0.3, 0.3), 3), 1, "equal");
  near(jainIndex(Float64Array.of(0.9, 0, 0, 0), 4), 0.25, "one of four");
  near(jainIndex(Float64Array.of(0, 0), 2), 1, "all zero");
  // Only the first n values count.
  near(jainIndex(Float64Array.of(0.5, 0.5, 99), 2), 1, "prefix");
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

test.run();
