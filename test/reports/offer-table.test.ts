// The reports' table of outstanding offers (reports/offer-table.ts) answers like a
// Map from offer id to what was stored for it, whatever the order in which offers
// are made and end: ids made in order and ended first-in-first-out (as a
// simulated master makes and declines them), in random order, long-lived
// outliers, ids far apart or sharing low bits, and ids beyond 2^32.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { IdSlots, OfferTable, SLOT_COUNTED, SLOT_FREE, SLOT_UNCOUNTED } from "../../reports/offer-table.ts";

type Op = { add: number } | { end: number };

/** Runs `ops` on an IdSlots and on a Map; every answer must agree. */
function agree(ops: readonly Op[]): void {
  const t = new IdSlots();
  const model = new Map<number, number>();
  let next = 0;
  for (const op of ops) {
    if ("add" in op) {
      if (model.has(op.add)) continue;
      t.set(op.add, next);
      model.set(op.add, next++);
    } else {
      const ids = [...model.keys()];
      if (ids.length === 0) continue;
      const id = ids[op.end % ids.length] as number;
      t.delete(id);
      model.delete(id);
      assert.is(t.get(id), -1, `${id} after its removal`);
    }
    assert.is(t.size, model.size);
  }
  for (const [id, slot] of model) assert.is(t.get(id), slot, `slot of ${id}`);
}

const id = fc.oneof(fc.nat({ max: 300 }), fc.nat(), fc.integer({ min: 2 ** 32 - 5, max: 2 ** 32 + 5 }), fc.constantFrom(0, 128, 256, 1024, 2 ** 40, 2 ** 40 + 128, Number.MAX_SAFE_INTEGER));
const op: fc.Arbitrary<Op> = fc.oneof(id.map((add) => ({ add })), fc.nat().map((end) => ({ end })));

test("IdSlots answers as a Map under any sequence of additions and removals", () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => agree(ops)), { numRuns: 300 });
});

test("IdSlots: a long run of ids made in order and ended first in first out, with a few that stay outstanding", () => {
  const t = new IdSlots();
  const model = new Map<number, number>();
  const window: number[] = [];
  for (let i = 1; i <= 50_000; i++) {
    t.set(i, i % 7919);
    model.set(i, i % 7919);
    window.push(i);
    // About 3,000 outstanding at once; every 997th id is never ended.
    if (window.length > 3000) {
      const old = window.shift() as number;
      if (old % 997 !== 0) {
        t.delete(old);
        model.delete(old);
      }
    }
    if (i % 5000 === 0) for (const probe of [i, i - 1, i - 3000, i - 3001, 997, i + 1]) assert.is(t.get(probe), model.get(probe) ?? -1, `id ${probe} at ${i}`);
  }
  assert.is(t.size, model.size);
  for (const [k, v] of model) assert.is(t.get(k), v);
});

test("OfferTable keeps each outstanding offer's fields in its slot, its amounts in thousandths once counted, and reuses the slots of ended offers", () => {
  const offers = new OfferTable<string, string>();
  const a = offers.add(10, 5, "role-a", "fw-a", "agent-3", Float64Array.of(1, 2.0004, 0, 0.0005));
  const b = offers.add(11, 6, "role-b", "fw-b", "agent-4", Float64Array.of(0, 0, 0, 0));
  assert.is.not(a, b);
  assert.is(offers.slot(10), a);
  assert.is(offers.state[a], SLOT_UNCOUNTED);
  assert.is(offers.time[a], 5);
  assert.is(offers.agentName[a], "agent-3");
  assert.is(offers.agent[a], -1, "no agent slot before it is counted");
  assert.is(offers.role[b], "role-b");
  assert.is(offers.framework[b], "fw-b");
  offers.count(a, 3);
  assert.is(offers.state[a], SLOT_COUNTED);
  assert.is(offers.agent[a], 3);
  // As Mesos rounds to three decimals (convertToFixed): 2.0004 → 2000, 0.0005 → 1.
  assert.equal([...offers.milli.subarray(a * 4, a * 4 + 4)], [1000, 2000, 0, 1]);
  offers.remove(10, a);
  assert.is(offers.slot(10), -1);
  assert.is(offers.state[a], SLOT_FREE);
  assert.is(offers.size, 1);
  assert.is(offers.add(12, 7, "role-c", "fw-c", "agent-5", Float64Array.of(3, 0, 0, 0)), a, "the freed slot first");
  assert.is(offers.role[a], "role-c");
  assert.is(offers.state[a], SLOT_UNCOUNTED);
  assert.is(offers.agent[a], -1);
  // Growing past the first arrays keeps what the slots hold.
  offers.count(a, 5);
  const slots = new Map<number, number>();
  for (let i = 100; i < 400; i++) slots.set(i, offers.add(i, i * 2, `r${i}`, `f${i}`, `agent-${i}`, Float64Array.of(i, 0, 0, 0)));
  assert.is(offers.size, 302);
  assert.is(offers.time[a], 7);
  assert.equal([...offers.milli.subarray(a * 4, a * 4 + 4)], [3000, 0, 0, 0]);
  assert.is(offers.agent[a], 5);
  for (const [i, s] of slots) {
    assert.is(offers.slot(i), s);
    assert.is(offers.time[s], i * 2);
    assert.is(offers.agentName[s], `agent-${i}`);
    assert.is(offers.role[s], `r${i}`);
    assert.is(offers.state[s], SLOT_UNCOUNTED);
  }
});

test.run();
