// An agent's holdings by framework id (allocators/hierarchical/holdings.ts) behave
// as a Map: same entries, same order (an id deleted and set again goes last),
// whatever the sequence of sets and deletes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Holdings } from "../../allocators/hierarchical/holdings.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function same(h: Holdings, m: Map<string, Resources>, what: string): void {
  assert.is(h.size, m.size, `${what}: size`);
  assert.equal([...h.keys()], [...m.keys()], `${what}: keys in order`);
  assert.equal([...h.values()], [...m.values()], `${what}: values in order`);
  assert.equal([...h], [...m], `${what}: entries`);
  const seen: string[] = [];
  h.forEach((v, k, map) => {
    assert.is(map, h);
    assert.is(v, m.get(k));
    seen.push(k);
  });
  assert.equal(seen, [...m.keys()], `${what}: forEach order`);
  for (const id of ["f0", "f1", "f2", "f3", "f4", "f5"]) {
    assert.is(h.get(id), m.get(id), `${what}: get ${id}`);
    assert.is(h.has(id), m.has(id), `${what}: has ${id}`);
  }
}

test("sets and deletes in any order give a Map's entries in a Map's order", () => {
  const values = ["cpus:1", "cpus:2;mem:10", "mem:5", "disk:3"].map((t) => parseResources(t));
  const h = new Holdings();
  const m = new Map<string, Resources>();
  const rnd = lcg(3);
  for (let step = 0; step < 5000; step++) {
    const id = `f${Math.floor(rnd() * 6)}`;
    if (rnd() < 0.45) {
      assert.is(h.delete(id), m.delete(id), `delete ${id}`);
    } else {
      const v = values[Math.floor(rnd() * values.length)] as Resources;
      assert.is(h.set(id, v), h);
      m.set(id, v);
    }
    same(h, m, `step ${step}`);
  }
});

test.run();
