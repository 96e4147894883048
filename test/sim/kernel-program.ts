// A random event program for the kernel's property tests, and a plainly correct
// reference to run it against: a list scanned for its minimum (time, class, seq)
// at every step, O(n²), with nothing clever to get wrong.
import fc from "fast-check";
import { EventPriority } from "../../sim/kernel/event-priority.ts";
import { Simulation } from "../../sim/kernel/simulation.ts";

export const CLASSES = Object.values(EventPriority);

/** One event to schedule: `delay` µs after the scheduler's now, in class `cls`. */
export interface Step {
  readonly delay: number;
  readonly cls: number;
}

/**
 * Initial events (scheduled at time 0), and what each event schedules when it runs:
 * event number i (in scheduling order) schedules `children[i]` (none past the end),
 * so events scheduled from handlers, at the handler's own time included, are covered.
 */
export interface Program {
  readonly initial: readonly Step[];
  readonly children: ReadonlyArray<readonly Step[]>;
}

// Small delays so that equal times (the case that matters) are common.
const step: fc.Arbitrary<Step> = fc.record({ delay: fc.nat(5), cls: fc.constantFrom(...CLASSES) });
export const program: fc.Arbitrary<Program> = fc.record({
  initial: fc.array(step, { maxLength: 40 }),
  children: fc.array(fc.array(step, { maxLength: 3 }), { maxLength: 80 }),
});

/** One dispatched event: its number in scheduling order, time, class, and the now it was scheduled at. */
export interface Ran {
  readonly id: number;
  readonly time: number;
  readonly cls: number;
  readonly scheduledAt: number;
}

/** Runs the program on the kernel: one kind per class, the event's number as `arg`. */
export function runOnKernel(p: Program, sim = new Simulation()): Ran[] {
  const log: Ran[] = [];
  const scheduledAt: number[] = [];
  let next = 0;
  const kinds = CLASSES.map((cls) =>
    sim.defineKind<null>(`class-${cls}`, cls, (_target, id) => {
      log.push({ id, time: sim.now, cls, scheduledAt: scheduledAt[id] as number });
      for (const c of p.children[id] ?? []) add(c);
    }),
  );
  const add = (s: Step): void => {
    scheduledAt.push(sim.now);
    sim.schedule(sim.now + s.delay, kinds[s.cls] as (typeof kinds)[number], null, next++);
  };
  for (const s of p.initial) add(s);
  sim.runUntilEmpty();
  return log;
}

/** Runs the program on the reference: the minimum by (time, class, number) first. */
export function runOnReference(p: Program): Ran[] {
  const pending: Ran[] = [];
  const log: Ran[] = [];
  let now = 0;
  let next = 0;
  const add = (s: Step): void => {
    pending.push({ id: next++, time: now + s.delay, cls: s.cls, scheduledAt: now });
  };
  for (const s of p.initial) add(s);
  while (pending.length > 0) {
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i] as Ran;
      const b = pending[best] as Ran;
      if (a.time < b.time || (a.time === b.time && (a.cls < b.cls || (a.cls === b.cls && a.id < b.id)))) best = i;
    }
    const [e] = pending.splice(best, 1) as [Ran];
    now = e.time;
    log.push(e);
    for (const c of p.children[e.id] ?? []) add(c);
  }
  return log;
}
