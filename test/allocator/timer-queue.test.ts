// The allocator's logical timers (allocators/hierarchical/timer-queue.ts): timers
// fire in (time, creation) order, so that timers due at one instant fire in the
// order they were created, the rule Mesos's paused-clock tests depend on; cancelled
// timers never fire; `peekTimeExcept` is the earliest live timer but one. The queue
// keeps timers added in time order in a FIFO lane and the others in a heap; these
// property tests check the merged order against a plain sort over random programs
// that mix both (in-order refusals, earlier periodic runs, cancellations).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { type Timer, TimerQueue } from "../../allocators/hierarchical/timer-queue.ts";

type Op = { op: "add"; dt: number } | { op: "cancel"; pick: number } | { op: "pop" } | { op: "peekExcept"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  // Small delays make equal times (ties broken by creation) common.
  fc.record({ op: fc.constant("add" as const), dt: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.constant({ op: "pop" as const }),
  fc.record({ op: fc.constant("peekExcept" as const), pick: fc.nat() }),
);

/** Plain model: every live timer, and the order they must come out in. */
function earliest(live: readonly Timer[], except?: Timer): Timer | undefined {
  let best: Timer | undefined;
  for (const t of live) {
    if (t === except) continue;
    if (best === undefined || t.time < best.time || (t.time === best.time && t.seq < best.seq)) best = t;
  }
  return best;
}

test("timers come out in (time, creation) order, cancelled ones never, whether added in time order or not", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 0, max: 20 }), (ops, base) => {
      const q = new TimerQueue();
      let live: Timer[] = [];
      let clock = base;
      const fired: number[] = [];
      for (const o of ops) {
        switch (o.op) {
          case "add": {
            // Alternate between times after the last one (the lane) and earlier ones (the heap).
            const time = o.dt % 2 === 0 ? clock + 10 + o.dt : clock + o.dt;
            const t = q.schedule(time, () => fired.push(t.seq));
            live.push(t);
            break;
          }
          case "cancel": {
            if (live.length === 0) break;
            const t = live[o.pick % live.length] as Timer;
            t.cancelled = true;
            live = live.filter((x) => x !== t);
            break;
          }
          case "pop": {
            const want = earliest(live);
            assert.is(q.peekTime(), want?.time);
            if (want === undefined) break;
            const got = q.pop() as Timer;
            assert.is(got, want);
            got.fire();
            live = live.filter((x) => x !== got);
            clock = Math.max(clock, got.time);
            break;
          }
          case "peekExcept": {
            const except = live.length === 0 ? undefined : live[o.pick % live.length];
            assert.is(q.peekTimeExcept(except), earliest(live, except)?.time);
            break;
          }
        }
      }
      // Drain: the rest fire in order, each once.
      const order = [...live].sort((a, b) => a.time - b.time || a.seq - b.seq);
      for (const want of order) {
        assert.is(q.peekTime(), want.time);
        const got = q.pop() as Timer;
        assert.is(got, want);
      }
      assert.is(q.peekTime(), undefined);
      assert.is(new Set(fired).size, fired.length, "no timer fired twice");
    }),
    { numRuns: 300 },
  );
});

test("timers due at one instant fire in the order they were created, across the lane and the heap", () => {
  const q = new TimerQueue();
  const out: string[] = [];
  q.schedule(10, () => out.push("a")); // lane
  q.schedule(20, () => out.push("b")); // lane
  q.schedule(10, () => out.push("c")); // earlier than the lane's last: heap
  q.schedule(20, () => out.push("d")); // lane
  q.schedule(10, () => out.push("e")); // heap
  for (let t = q.peekTime(); t !== undefined; t = q.peekTime()) q.pop()?.fire();
  assert.equal(out, ["a", "c", "e", "b", "d"]);
});

test("a timer created earlier fires first at a tie even when the lane emptied in between", () => {
  const q = new TimerQueue();
  const out: string[] = [];
  const x = q.schedule(20, () => out.push("x")); // lane
  q.schedule(10, () => out.push("h")); // earlier than the lane's last: heap
  x.cancelled = true;
  assert.is(q.peekTime(), 10); // drops x: the lane is empty again
  q.schedule(10, () => out.push("l")); // lane, created after h
  for (let t = q.peekTime(); t !== undefined; t = q.peekTime()) q.pop()?.fire();
  assert.equal(out, ["h", "l"]);
});

test.run();
