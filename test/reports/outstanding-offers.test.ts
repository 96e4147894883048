// The recorder's index of outstanding offers (reports/outstanding-offers.ts) answers
// as a Map would, whatever ids come and in whatever order they end: ids in order
// ending soon (the master's), stragglers left far behind, ids behind the window,
// far ahead of it, negative or not whole.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OutstandingOffers } from "../../reports/outstanding-offers.ts";

/** A small deterministic generator (the test must not depend on Math.random). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function agree(index: OutstandingOffers<string>, model: Map<number, string>, probes: readonly number[], what: string): void {
  assert.is(index.size, model.size, `${what}: size`);
  for (const id of probes) {
    assert.is(index.get(id), model.get(id), `${what}: get(${id})`);
    assert.is(index.has(id), model.has(id), `${what}: has(${id})`);
  }
}

test("ids made in order and ended soon, with stragglers outstanding for a long time", () => {
  const index = new OutstandingOffers<string>();
  const model = new Map<number, string>();
  const rnd = lcg(7);
  const live: number[] = [];
  const stragglers = [1, 2, 500, 70_000];
  let next = 1;
  for (let step = 0; step < 400_000; step++) {
    if (rnd() < 0.5 || live.length === 0) {
      const id = next++;
      index.set(id, `o${id}`);
      model.set(id, `o${id}`);
      live.push(id);
    } else {
      // Mostly the oldest few; the stragglers only at the very end.
      const k = Math.min(live.length - 1, Math.floor(rnd() * rnd() * 40));
      const id = live[k] as number;
      if (stragglers.includes(id)) continue;
      live.splice(k, 1);
      assert.is(index.delete(id), model.delete(id), `delete(${id})`);
    }
    if (step % 9973 === 0) agree(index, model, [...stragglers, next - 1, next, next - 5, 0, -1], `step ${step}`);
  }
  agree(index, model, [...stragglers, ...live.slice(0, 50)], "before the stragglers end");
  for (const id of stragglers) assert.is(index.delete(id), model.delete(id), `straggler ${id}`);
  for (const id of [...live]) assert.is(index.delete(id), model.delete(id), `live ${id}`);
  agree(index, model, stragglers, "all ended");
  assert.is(index.size, 0);
  assert.is(index.delete(3), false, "an ended id is not there");
});

test("ids in any order: behind the window, far ahead, negative, not whole, and added again after ending", () => {
  const index = new OutstandingOffers<string>();
  const model = new Map<number, string>();
  const rnd = lcg(11);
  const pool = [0, -1, -7, 0.5, 2.25, 1e15, 2 ** 53 + 2, 3, 4, 5, 1000, 1024, 1025, 2047, 2048, 65_536, 65_537, 300_000, 300_001, 9, 10, 11, 12, 13];
  for (let i = 0; i < 200; i++) pool.push(Math.floor(rnd() * 200_000));
  for (let step = 0; step < 50_000; step++) {
    const id = pool[Math.floor(rnd() * pool.length)] as number;
    if (model.has(id)) {
      assert.is(index.delete(id), true, `delete(${id})`);
      model.delete(id);
    } else {
      assert.is(index.delete(id), false, `delete(${id}) of nothing`);
      index.set(id, `v${step}`);
      model.set(id, `v${step}`);
    }
    if (step % 997 === 0) agree(index, model, pool, `step ${step}`);
  }
  agree(index, model, pool, "end");
});

test.run();
