// `ActiveList` (allocators/sorter-tree.ts), the order of a node's active children:
// an Int32Array of slot numbers over stable slots. Checked against a plain array
// over random push/remove/move/sort sequences (fast-check, fixed seed), and with a
// DRF sorter whose 1,000 flat clients move front-to-end (the DeclineOffers shape).
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DRFSorter } from "../../allocators/sorters/drf-sorter.ts";
import { ActiveList, SorterNode } from "../../allocators/sorters/sorter-tree.ts";
import { Q } from "./helpers.ts";

const RUNS = { numRuns: 300, seed: 42 } as const;

type Op =
  | { op: "push"; n: number }
  | { op: "remove"; n: number }
  | { op: "move"; from: number; to: number }
  | { op: "sort" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("push" as const), n: fc.nat(39) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("remove" as const), n: fc.nat(39) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("move" as const), from: fc.nat(50), to: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("sort" as const) }) },
);

function contents(list: ActiveList<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) out.push(list.at(i).name);
  return out;
}

test("ActiveList: push, remove, move and sort behave as on a plain array", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const root = new SorterNode<string>("", "internal", null, 1);
      const pool = Array.from({ length: 40 }, (_, i) => new SorterNode<string>(`n${String(i).padStart(2, "0")}`, "active", root, 1));
      const list = new ActiveList<string>();
      const model: SorterNode<string>[] = [];
      const other = new ActiveList<string>(); // a node is in at most one list: check it is not found elsewhere
      for (const o of ops) {
        if (o.op === "push") {
          const node = pool[o.n] as SorterNode<string>;
          if (model.includes(node)) continue;
          list.push(node);
          model.push(node);
        } else if (o.op === "remove") {
          const node = pool[o.n] as SorterNode<string>;
          const i = model.indexOf(node);
          assert.is(list.remove(node), i >= 0);
          if (i >= 0) model.splice(i, 1);
        } else if (o.op === "move") {
          if (model.length === 0) continue;
          const from = o.from % model.length;
          const to = o.to % model.length;
          list.move(from, to);
          const [node] = model.splice(from, 1);
          model.splice(to, 0, node as SorterNode<string>);
        } else {
          const byNameDesc = (a: SorterNode<string>, b: SorterNode<string>): number => (a.name < b.name ? 1 : -1);
          list.sort(byNameDesc);
          model.sort(byNameDesc);
        }
        assert.equal(contents(list), model.map((n) => n.name));
        assert.equal(list.toArray(), model);
        for (const node of pool) {
          assert.is(list.indexOf(node), model.indexOf(node));
          assert.is(other.indexOf(node), -1);
        }
      }
    }),
    RUNS,
  );
});

test("ActiveList: grows past its initial capacity and reuses freed slots", () => {
  const root = new SorterNode<string>("", "internal", null, 1);
  const nodes = Array.from({ length: 100 }, (_, i) => new SorterNode<string>(`c${i}`, "active", root, 1));
  const list = new ActiveList<string>();
  for (const n of nodes) list.push(n);
  for (let i = 0; i < 100; i += 2) assert.ok(list.remove(nodes[i] as SorterNode<string>));
  for (let i = 0; i < 100; i += 2) list.push(nodes[i] as SorterNode<string>);
  const want = [...nodes.filter((_, i) => i % 2 === 1), ...nodes.filter((_, i) => i % 2 === 0)];
  assert.equal(list.toArray(), want);
  assert.is(list.length, 100);
  assert.ok(!list.remove(new SorterNode<string>("stranger", "active", root, 1)));
});

test("DRFSorter: 1,000 flat clients allocated front-to-end keep the full-sort order", () => {
  const s = new DRFSorter<string>();
  s.addTotal(Q("cpus:240000;mem:40960000"));
  const N = 1000;
  for (let i = 0; i < N; i++) {
    s.add(`framework${i}`, `framework${i}`);
    s.activate(`framework${i}`);
  }
  const q = Q("cpus:8;mem:2000");
  const held = new Map<string, number>();
  for (let k = 0; k < 3000; k++) {
    const first = s.sort()[0] as string;
    s.allocated(first, q);
    held.set(first, (held.get(first) ?? 0) + 1);
    if (k % 7 === 3) {
      const victim = `framework${(k * 31) % N}`;
      if ((held.get(victim) ?? 0) > 0) {
        s.unallocated(victim, q);
        held.set(victim, (held.get(victim) as number) - 1);
      }
    }
  }
  const got = [...s.sort()];
  const view = s.view();
  assert.equal(Array.from({ length: view.length }, (_, i) => view.at(i)), got);
  s.updateWeight("nonexistent", 1); // dirties the tree: the next sort() re-sorts from scratch
  assert.equal([...s.sort()], got);
});

test.run();
