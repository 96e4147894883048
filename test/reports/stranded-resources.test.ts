// Stranded resources (docs/report-format.md, "Utilization", `strandedMean`): the
// time average, over total, of the idle part of a resource on agents where another
// resource's idle amount is below its minimum allocatable (the master's
// `minAllocatable`, Mesos's --min_allocatable_resources, default cpus:0.01|mem:32:
// each resource's minimum is the least amount an alternative names).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { minimumPerResource } from "../../reports/stranded-resources.ts";
import { amounts, finish, near, recorder, runTask, s, start } from "./record-stream.ts";

/** Mesos's default --min_allocatable_resources, cpus:0.01|mem:32, as the records carry it. */
const MESOS_DEFAULT = [amounts(0.01, 0), amounts(0, 32)];

test("each resource's minimum is the least amount an alternative names; a resource none names has none", () => {
  // cpus:0.01|mem:32 → cpus 10 thousandths, mem 32 000; disk and gpus none (0).
  assert.equal([...minimumPerResource(MESOS_DEFAULT)], [10, 32000, 0, 0]);
  // cpus:1;mem:100|cpus:0.5;gpus:1 → cpus min(1, 0.5) = 0.5, mem 100, gpus 1.
  assert.equal([...minimumPerResource([amounts(1, 100), amounts(0.5, 0, 0, 1)])], [500, 100000, 0, 1000]);
  assert.equal([...minimumPerResource([])], [0, 0, 0, 0]);
});

test("an agent with no cpus left strands its idle memory; one with under 32 MB left strands its idle cpus (worked by hand)", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }], [], MESOS_DEFAULT);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.agentAdded(0, "x", amounts(4, 1000), "");
  r.agentAdded(0, "y", amounts(4, 1000), "");
  // [0,60): t1 {4, 200} takes all of x's cpus: 0 < 0.01 idle cpus, so x's 800 idle MB are stranded.
  runTask(r, 0, "t1", "f", "r", "x", amounts(4, 200));
  // [20,30): all of y is offered: nothing idle on y, nothing of y stranded (offered is not idle).
  r.offerMade(s(20), 1, "f", "r", "y", amounts(4, 1000));
  r.offerEnded(s(30), 1, "declined");
  // [40,80): t2 {1, 990} on y leaves 10 MB < 32: y's 3 idle cpus are stranded (its memory is the short
  // resource, not stranded by itself).
  runTask(r, s(40), "t2", "f", "r", "y", amounts(1, 990));
  r.taskEnded(s(60), "t1", "TASK_FINISHED", false);
  // At 80 t2 ends and y leaves: 4 cpus, 1000 MB from then on, none of it stranded.
  r.taskEnded(s(80), "t2", "TASK_FINISHED", false);
  r.agentRemoved(s(80), "y");
  r.runEnded(s(100));
  const u = finish(r).utilization;
  // mem: 800/2000 = 0.4 over [0,60) → ∫ = 24 → 24/100 = 0.24.
  near(u.mem?.strandedMean, 0.24, "mem.strandedMean");
  // cpus: 3/8 over [40,80) → ∫ = 15 → 0.15.
  near(u.cpus?.strandedMean, 0.15, "cpus.strandedMean");
  // Stranded is part of idle: cpus idle = [0,20) 4/8, [20,30) 0, [30,40) 4/8, [40,60) 3/8, [60,80) 7/8,
  // [80,100) 1: ∫ = 10 + 0 + 5 + 7.5 + 17.5 + 20 = 60 → 0.6.
  near(u.cpus?.idleMean, 0.6, "cpus.idleMean");
});

test("without a minimum allocatable nothing is stranded; a total shrunk below what is held strands no negative amount", () => {
  const none = recorder();
  start(none, [{ role: "r", weight: 1 }]);
  none.frameworkRegistered(0, "f", "batch", ["r"]);
  none.agentAdded(0, "x", amounts(4, 1000), "");
  runTask(none, 0, "t1", "f", "r", "x", amounts(4, 200));
  none.runEnded(s(10));
  near(finish(none).utilization.mem?.strandedMean, 0, "no minimum: mem not stranded");

  // x {4, 1000} runs t1 {2, 1000}: mem idle 0 < 32 → 2 cpus stranded over [0,10) of 4.
  // At 10 x shrinks to {1, 1000}: cpus idle 1 − 2 = −1 → counted as 0 stranded; mem idle 0 (not
  // stranded: cpus short too, but nothing idle). ∫ cpus = 2/4·10 = 5 → 5/20 = 0.25.
  const shrink = recorder();
  start(shrink, [{ role: "r", weight: 1 }], [], MESOS_DEFAULT);
  shrink.frameworkRegistered(0, "f", "batch", ["r"]);
  shrink.agentAdded(0, "x", amounts(4, 1000), "");
  runTask(shrink, 0, "t1", "f", "r", "x", amounts(2, 1000));
  shrink.agentUpdated(s(10), "x", amounts(1, 1000));
  shrink.runEnded(s(20));
  const u = finish(shrink).utilization;
  near(u.cpus?.strandedMean, 0.25, "cpus.strandedMean");
  near(u.mem?.strandedMean, 0, "mem.strandedMean");
});

test("an agent that leaves takes its stranded resources with it; one that joins after it starts with nothing stranded", () => {
  const r = recorder();
  start(r, [{ role: "r", weight: 1 }], [], MESOS_DEFAULT);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  // [0,10): x has 0.005 cpus (under 0.01): its 1000 idle MB are stranded, with nothing on it.
  r.agentAdded(0, "x", amounts(0.005, 1000), "");
  r.agentRemoved(s(10), "x");
  // [10,50): y, the same memory: all of it offered over [20,30) (nothing idle, nothing
  // stranded), t {4, 500} over [30,40) (no cpus left: its 500 idle MB stranded).
  r.agentAdded(s(10), "y", amounts(4, 1000), "");
  r.offerMade(s(20), 1, "f", "r", "y", amounts(4, 1000));
  r.offerEnded(s(30), 1, "declined");
  runTask(r, s(30), "t", "f", "r", "y", amounts(4, 500));
  r.taskEnded(s(40), "t", "TASK_FINISHED", false);
  r.runEnded(s(50));
  const u = finish(r).utilization;
  // mem (1000 MB all along): ∫ stranded = 1000·10 + 500·10 = 15,000 → 15,000 / (1000·50) = 0.3.
  near(u.mem?.strandedMean, 0.3, "mem.strandedMean");
  near(u.cpus?.strandedMean, 0, "cpus.strandedMean");
});

test.run();
