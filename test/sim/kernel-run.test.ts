// Running the kernel (sim/kernel/simulation.ts): the clock in whole µs and its guard
// against time travel, `step`, `runUntil` (a horizon: nothing at or after it runs,
// as the experiment contract's "Order of events and the run's span" says), `stop`,
// the count of events processed, and reproducibility: the same schedule and seed
// give the same event log (the contract's run digest rests on it).
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RandomSource } from "../../common/random-source.ts";
import { EventPriority } from "../../sim/kernel/event-priority.ts";
import { Simulation } from "../../sim/kernel/simulation.ts";
import { program, runOnKernel } from "./kernel-program.ts";

const RUNS = { numRuns: 200, seed: 31 } as const;

test("scheduling before now throws, names the kind and the times, and schedules nothing", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 1e12 }), (now, back) => {
      const sim = new Simulation();
      const kind = sim.defineKind<null>("offer-timeout", EventPriority.FRAMEWORK, () => {});
      sim.runUntil(now);
      assert.throws(() => sim.schedule(now - back, kind, null), (e: Error) => e instanceof RangeError && e.message.includes("'offer-timeout'") && e.message.includes(`now is ${now} µs`));
      assert.throws(() => sim.scheduleAfter(-back, kind, null), RangeError);
      assert.is(sim.pending, 0);
      sim.schedule(now, kind, null); // now itself is allowed
      assert.is(sim.pending, 1);
    }),
    RUNS,
  );
});

test("times are whole µs: a fraction, NaN or infinity is refused", () => {
  const sim = new Simulation();
  const kind = sim.defineKind<null>("k", EventPriority.WORKLOAD, () => {});
  for (const bad of [1.5, Number.NaN, Infinity, 2 ** 53]) assert.throws(() => sim.schedule(bad, kind, null), /not a whole number of µs/);
  assert.throws(() => sim.runUntil(2.5), RangeError);
  assert.throws(() => new Simulation({ start: -1 }), RangeError);
  assert.throws(() => sim.schedule(1, 99 as typeof kind, null), /no event kind 99/);
});

test("runUntil(T) runs the events before T, leaves those at T, and sets the clock to T; going back throws", () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const kind = sim.defineKind<null>("k", EventPriority.WORKLOAD, (_t, at) => ran.push(at));
  for (const at of [0, 5, 9, 10, 10, 11]) sim.schedule(at, kind, null, at);
  sim.runUntil(10);
  assert.equal(ran, [0, 5, 9]);
  assert.is(sim.now, 10);
  assert.is(sim.pending, 3);
  assert.is(sim.nextTime(), 10);
  assert.throws(() => sim.runUntil(9), /now is 10 µs/);
  sim.runUntil(100);
  assert.equal(ran, [0, 5, 9, 10, 10, 11]);
  assert.is(sim.now, 100);
  assert.is(sim.nextTime(), Infinity);
});

test("step runs one event and moves the clock to it; false when nothing is left", () => {
  const sim = new Simulation({ start: 3 });
  const kind = sim.defineKind<null>("k", EventPriority.WORKLOAD, () => {});
  sim.schedule(8, kind, null);
  assert.is(sim.now, 3);
  assert.ok(sim.step());
  assert.is(sim.now, 8);
  assert.not.ok(sim.step());
  assert.is(sim.now, 8);
  assert.is(sim.processed, 1);
});

test("processed counts the events dispatched, never the cancelled ones", () => {
  const sim = new Simulation();
  const kind = sim.defineKind<null>("k", EventPriority.WORKLOAD, () => {});
  const handles = Array.from({ length: 10 }, (_, i) => sim.schedule(i, kind, null));
  sim.cancel(handles[3] as (typeof handles)[number]);
  sim.cancel(handles[9] as (typeof handles)[number]);
  sim.runUntilEmpty();
  assert.is(sim.processed, 8);
});

test("stop ends the run after the event that asked, with the clock at that event", () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const kind = sim.defineKind<null>("k", EventPriority.WORKLOAD, (_t, at) => {
    ran.push(at);
    if (at === 4) sim.stop();
  });
  for (let at = 0; at < 8; at++) sim.schedule(at * 2, kind, null, at);
  sim.runUntil(1000);
  assert.equal(ran, [0, 1, 2, 3, 4]);
  assert.is(sim.now, 8);
  sim.runUntilEmpty(); // a new run goes on
  assert.equal(ran, [0, 1, 2, 3, 4, 5, 6, 7]);
});

test("a kind is defined once", () => {
  const sim = new Simulation();
  sim.defineKind<null>("task-end", EventPriority.TASK_END, () => {});
  assert.throws(() => sim.defineKind<null>("task-end", EventPriority.TASK_END, () => {}), /defined twice/);
  assert.is(sim.kindName(0), "task-end");
});

test("a kind takes only the target its handler expects (checked by the typechecker: an unused expect-error fails npm test)", () => {
  const sim = new Simulation();
  const ran: string[] = [];
  const taskEnds = sim.defineKind<{ readonly taskId: string }>("task-end", EventPriority.TASK_END, (task) => ran.push(task.taskId));
  // Never called: only its type matters.
  // @ts-expect-error: an offer is not a task
  const wrong = (): unknown => sim.schedule(1, taskEnds, { offerId: 3 });
  assert.type(wrong, "function");
  sim.schedule(1, taskEnds, { taskId: "t1" });
  sim.runUntilEmpty();
  assert.equal(ran, ["t1"]);
});

test("a run is reproducible: the same schedule gives the same event log", () => {
  fc.assert(
    fc.property(program, (p) => {
      assert.equal(runOnKernel(p), runOnKernel(p));
    }),
    RUNS,
  );
});

test("a run is reproducible with randomness: the same seed gives the same log, through the observer", () => {
  // A hold model whose delays come from the run's own named stream.
  const run = (seed: number): string[] => {
    const sim = new Simulation({ seed });
    const log: string[] = [];
    sim.observe((time, kind, _target, arg) => log.push(`${time} ${sim.kindName(kind)} ${arg}`));
    const delays = sim.random.stream("sim/test/delays");
    const arrive = sim.defineKind<null>("arrive", EventPriority.WORKLOAD, (_t, n) => {
      if (n < 200) sim.scheduleAfter(Math.floor(delays() * 1000), arrive, null, n + 1);
    });
    for (let i = 0; i < 5; i++) sim.schedule(0, arrive, null, i * 40);
    sim.runUntilEmpty();
    return log;
  };
  const a = run(7);
  // Five chains, from 0, 40, 80, 120 and 160 up to 200 inclusive: 201 + 161 + 121 + 81 + 41 events.
  assert.is(a.length, 605);
  assert.equal(run(7), a);
  assert.not.equal(run(8), a);
});

test("the kernel exposes the run's random source: the one given, or one seeded from `seed`", () => {
  const source = new RandomSource(5);
  assert.is(new Simulation({ random: source }).random, source);
  assert.is(new Simulation({ seed: 5 }).random.stream("x")(), RandomSource.fresh(5, "x")());
});

test.run();
