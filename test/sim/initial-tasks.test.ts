// Tasks that were already running when the trace began (docs/experiment-format.md,
// `workload`: "`initial: true` tasks … the run starts in a state where they already
// run, placed before any other task is submitted (on their recorded `machine` when
// the trace names one and it has room, otherwise by their framework's placement),
// with `end − 0` of run time left (their `duration` when `end` is unknown)").
// Every invariant is checked at every event (helpers.ts), so the allocator's view of
// the agents the initial tasks hold equals the master's.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import { experiment, LogRecorder, machine, NO_OPTIONS, run, S, task, writeTrace } from "./helpers.ts";

test("initial tasks run on their recorded machine from time 0 while it has room; the others, and those on unknown machines, are placed through offers", async () => {
  const { log } = await run([
    machine(0, "m1", 4, 4096, { initial: true }),
    machine(0, "m2", 4, 4096, { initial: true }),
    // Not initial, and first in the trace's own order: submitted after every initial task.
    task(0, "a0", "web", 4, 1024, 3 * S),
    task(0, "i1", "web", 2, 1024, null, { initial: true, machine: "m2", start: 0, end: 10 * S }),
    task(0, "i2", "web", 2, 1024, 7 * S, { initial: true, machine: "m2" }),
    // m2 holds 2 + 2 = 4 of its 4 cpus once i1 and i2 run there: no room for i3.
    task(0, "i3", "web", 1, 1024, 5 * S, { initial: true, machine: "m2" }),
    task(0, "i4", "batch", 1, 512, 2 * S, { initial: true, machine: "m9" }),
  ]);
  const firstOffer = log.lines.findIndex((l) => l.includes("offerMade"));
  assert.equal(log.lines.slice(0, firstOffer), [
    "t=0 agentAdded m1 cpus:4;mem:4096",
    "t=0 agentAdded m2 cpus:4;mem:4096",
    "t=0 frameworkRegistered web",
    "t=0 taskSubmitted i1 web",
    "t=0 taskLaunched i1 m2 attempts=0",
    "t=0 taskRunning i1",
    "t=0 taskSubmitted i2 web",
    "t=0 taskLaunched i2 m2 attempts=0",
    "t=0 taskRunning i2",
    "t=0 taskSubmitted i3 web",
    "t=0 frameworkRegistered batch",
    "t=0 taskSubmitted i4 batch",
    "t=0 taskSubmitted a0 web",
  ]);
  // The allocator knows what i1 and i2 hold: m2's first offer has no cpus left (4 − 2 − 2)
  // and 4096 − 1024 − 1024 = 2048 MiB.
  assert.match(log.grep("offerMade", "m2")[0] ?? "", /cpus:0;mem:2048$/);
  // i3 and i4 went through their frameworks' placement: launched on m1 after an offer.
  for (const id of ["i3", "i4"]) assert.equal(log.grep(`taskLaunched ${id} `).map((l) => l.split(" ")[3]), ["m1"], id);
  assert.ok(log.lines.indexOf(log.grep("taskLaunched i4")[0] as string) > firstOffer);
  // Run time left: i1 `end − 0` = 10 s; i2 has no end, so its duration, 7 s.
  assert.equal(log.grep("taskEnded i1"), ["t=10 taskEnded i1 TASK_FINISHED"]);
  assert.equal(log.grep("taskEnded i2"), ["t=7 taskEnded i2 TASK_FINISHED"]);
});

test("an initial task finds its machine when another workload source adds it (machines of every source come first at time 0)", async () => {
  const tasks = writeTrace([task(0, "i1", "web", 2, 1024, 5 * S, { initial: true, machine: "x1" })]);
  const machines = writeTrace([machine(0, "x0", 8, 8192, { initial: true }), machine(0, "x1", 8, 8192, { initial: true })]);
  const log = new LogRecorder();
  await runSimulation({
    experiment: experiment(),
    workload: [
      { path: tasks, options: NO_OPTIONS },
      { path: machines, options: NO_OPTIONS },
    ],
    recorder: log,
    checkEveryEvent: true,
  });
  assert.equal(log.lines.slice(0, 6), [
    "t=0 agentAdded x0 cpus:8;mem:8192",
    "t=0 agentAdded x1 cpus:8;mem:8192",
    "t=0 frameworkRegistered web",
    "t=0 taskSubmitted i1 web",
    "t=0 taskLaunched i1 x1 attempts=0",
    "t=0 taskRunning i1",
  ]);
});

test("an initial task does not take resources reserved to another role: it goes to its framework instead", async () => {
  const { log } = await run(
    [task(0, "i1", "web", 2, 1024, 5 * S, { initial: true, machine: "r0" })],
    // r0's 4 cpus: 3 reserved to `prod`, so web may use 1 of them.
    { cluster: { agents: [{ count: 1, resources: "cpus:1;cpus(prod):3;mem:4096", attributes: null, id: "r{i}" }], fromWorkload: true } },
  );
  assert.equal(log.grep("taskLaunched i1"), []);
  assert.equal(log.grep("taskSubmitted i1"), ["t=0 taskSubmitted i1 web"]);
});

test.run();
