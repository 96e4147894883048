// The kernel's event order (sim/kernel/): total, by (time, priority class, sequence
// number), so equal-time events of one class run in the order they were scheduled,
// and time never goes backwards. Property tests over random programs (fast-check,
// fixed seed) against a plainly correct reference (kernel-program.ts). The rule is
// the experiment contract's ("Order of events", experiment-format.md) and
// CONVENTIONS.md's ("The event order is total: (time, priority, sequence number)").
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { EventPriority } from "../../sim/kernel/event-priority.ts";
import { Simulation } from "../../sim/kernel/simulation.ts";
import { program, runOnKernel, runOnReference, type Ran } from "./kernel-program.ts";

const RUNS = { numRuns: 300, seed: 11 } as const;

test("any schedule runs in the total order (time, priority class, sequence number)", () => {
  fc.assert(
    fc.property(program, (p) => {
      assert.equal(runOnKernel(p), runOnReference(p));
    }),
    RUNS,
  );
});

test("equal-time events of one class run in the order they were scheduled (FIFO), handlers' own included", () => {
  fc.assert(
    fc.property(program, (p) => {
      const log = runOnKernel(p);
      for (let i = 1; i < log.length; i++) {
        const a = log[i - 1] as Ran;
        const b = log[i] as Ran;
        if (a.time === b.time && a.cls === b.cls) assert.ok(a.id < b.id, `event ${b.id} ran after ${a.id} though scheduled first`);
        // Within one instant the classes never go back: a lower class scheduled by a
        // handler runs before the higher classes still waiting at that instant.
        if (a.time === b.time && b.cls < a.cls) assert.ok(b.scheduledAt === b.time && b.id > a.id, `class ${b.cls} ran after class ${a.cls} at ${a.time} µs`);
      }
    }),
    RUNS,
  );
});

test("time never decreases, and no event runs before the time it was scheduled at", () => {
  fc.assert(
    fc.property(program, (p) => {
      const log = runOnKernel(p);
      for (let i = 0; i < log.length; i++) {
        const e = log[i] as Ran;
        assert.ok(e.time >= e.scheduledAt);
        if (i > 0) assert.ok(e.time >= (log[i - 1] as Ran).time, `time went from ${(log[i - 1] as Ran).time} to ${e.time} µs`);
      }
    }),
    RUNS,
  );
});

test("at one instant: machine changes, task ends, workload arrivals, framework answers, then allocation runs (experiment-format.md, Order of events)", () => {
  const sim = new Simulation();
  const log: string[] = [];
  const kinds = (["ALLOCATION", "FRAMEWORK", "WORKLOAD", "TASK_END", "MACHINE"] as const).map((name) =>
    sim.defineKind<null>(name, EventPriority[name], () => log.push(name)),
  );
  // Scheduled in the reverse order, all at 7 µs: the class alone decides.
  for (const kind of kinds) sim.schedule(7, kind, null);
  sim.runUntilEmpty();
  assert.equal(log, ["MACHINE", "TASK_END", "WORKLOAD", "FRAMEWORK", "ALLOCATION"]);
});

test("resources freed by a task end at t are seen by an allocation run at t, whichever was scheduled first", () => {
  const sim = new Simulation();
  let free = 0;
  const seen: number[] = [];
  const allocate = sim.defineKind<null>("allocate", EventPriority.ALLOCATION, () => seen.push(free));
  const taskEnds = sim.defineKind<null>("task-end", EventPriority.TASK_END, (_t, cpus) => (free += cpus));
  sim.schedule(1_000_000, allocate, null); // the periodic run, scheduled long before
  sim.schedule(1_000_000, taskEnds, null, 4);
  sim.runUntilEmpty();
  assert.equal(seen, [4]);
});

test.run();
