// Cancelling events (sim/kernel/): an offer rescinded, a task killed. Cancellation
// is lazy (a mark, dropped when the entry reaches the top, or in a rebuild when the
// dead outnumber the live); these tests pin that it removes exactly the cancelled
// events and nothing else, whenever it happens.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { EventPriority } from "../../sim/kernel/event-priority.ts";
import type { EventHandle } from "../../sim/kernel/event-queue.ts";
import { Simulation } from "../../sim/kernel/simulation.ts";
import { CLASSES } from "./kernel-program.ts";

const RUNS = { numRuns: 200, seed: 23 } as const;

interface Planned {
  readonly time: number;
  readonly cls: number;
  /** Cancel it before the run (0), once the clock has passed `cancelAt` (1), or never (2). */
  readonly when: 0 | 1 | 2;
}

const planned: fc.Arbitrary<Planned> = fc.record({
  time: fc.nat(30),
  cls: fc.constantFrom(...CLASSES),
  when: fc.constantFrom(0 as const, 1 as const, 2 as const),
});

test("cancellation removes exactly the cancelled events; cancel is true once, and false once the event ran", () => {
  fc.assert(
    fc.property(fc.array(planned, { maxLength: 120 }), fc.nat(30), (plan, cancelAt) => {
      const sim = new Simulation();
      const ran: number[] = [];
      const kinds = CLASSES.map((cls) => sim.defineKind<null>(`class-${cls}`, cls, (_t, id) => ran.push(id)));
      const handles: EventHandle[] = plan.map((e, id) => sim.schedule(e.time, kinds[e.cls] as (typeof kinds)[number], null, id));
      const cancelled = new Set<number>();
      plan.forEach((e, id) => {
        if (e.when !== 0) return;
        assert.ok(sim.cancel(handles[id] as EventHandle));
        assert.not.ok(sim.cancel(handles[id] as EventHandle), "a second cancel does nothing");
        cancelled.add(id);
      });
      sim.runUntil(cancelAt);
      plan.forEach((e, id) => {
        if (e.when !== 1) return;
        const pending = e.time >= cancelAt; // runUntil leaves events at cancelAt and later
        assert.is(sim.isPending(handles[id] as EventHandle), pending);
        assert.is(sim.cancel(handles[id] as EventHandle), pending);
        if (pending) cancelled.add(id);
      });
      sim.runUntilEmpty();
      // Expected: every event not cancelled, in (time, class, id) order.
      const expected = plan
        .map((e, id) => ({ ...e, id }))
        .filter((e) => !cancelled.has(e.id))
        .sort((a, b) => a.time - b.time || a.cls - b.cls || a.id - b.id)
        .map((e) => e.id);
      assert.equal(ran, expected);
      assert.is(sim.processed, expected.length);
      assert.is(sim.pending, 0);
    }),
    RUNS,
  );
});

test("a handler can cancel an event due at its own instant (a task killed as it would end)", () => {
  const sim = new Simulation();
  const log: string[] = [];
  const ends = sim.defineKind<string>("task-end", EventPriority.TASK_END, (task) => log.push(`${task} ends`));
  const kill = sim.defineKind<EventHandle>("machine-lost", EventPriority.MACHINE, (end) => {
    log.push(`machine lost, killed: ${sim.cancel(end)}`);
  });
  const end = sim.schedule(5, ends, "t1");
  sim.schedule(5, ends, "t2");
  sim.schedule(5, kill, end);
  sim.runUntilEmpty();
  assert.equal(log, ["machine lost, killed: true", "t2 ends"]);
});

test("a stale handle names nothing: it cannot cancel the event that reuses its slot", () => {
  const sim = new Simulation();
  const ran: string[] = [];
  const kind = sim.defineKind<string>("e", EventPriority.WORKLOAD, (name) => ran.push(name));
  const first = sim.schedule(1, kind, "first");
  sim.runUntilEmpty();
  const second = sim.schedule(2, kind, "second"); // takes the slot `first` freed
  assert.not.ok(sim.isPending(first));
  assert.not.ok(sim.cancel(first));
  assert.ok(sim.isPending(second));
  sim.runUntilEmpty();
  assert.equal(ran, ["first", "second"]);
});

test("many cancellations (the heap rebuilt without them) keep the order of the rest", () => {
  // 5,000 events at times 0..499 (10 per µs, classes cycling); cancelling 4,000 of
  // them passes the rebuild threshold (dead ≥ 1,024 and dead > live) several times.
  const sim = new Simulation();
  const ran: number[] = [];
  const kinds = CLASSES.map((cls) => sim.defineKind<null>(`class-${cls}`, cls, (_t, id) => ran.push(id)));
  const time = (id: number): number => (id * 7919) % 500;
  const cls = (id: number): number => id % CLASSES.length;
  const handles = Array.from({ length: 5000 }, (_, id) => sim.schedule(time(id), kinds[cls(id)] as (typeof kinds)[number], null, id));
  const kept: number[] = [];
  for (let id = 0; id < 5000; id++) {
    if (id % 5 === 0) kept.push(id);
    else assert.ok(sim.cancel(handles[id] as EventHandle));
  }
  assert.is(sim.pending, 1000);
  sim.runUntilEmpty();
  kept.sort((a, b) => time(a) - time(b) || cls(a) - cls(b) || a - b);
  assert.equal(ran, kept);
});

test.run();
