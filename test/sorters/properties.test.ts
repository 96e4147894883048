// Laws of the sorters, checked over random operation sequences (fast-check, fixed
// seed so that CI runs are reproducible).
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Quantities } from "../../allocators/resources/quantities.ts";
import type { Sorter } from "../../allocators/sorters/sorter.ts";
import { KINDS, Q, make, type SorterKind } from "./helpers.ts";

const RUNS = { numRuns: 300, seed: 42 } as const;
const NAMES = ["cpus", "mem", "disk"] as const;

const quantities = fc
  .tuple(fc.nat(8), fc.nat(8), fc.nat(8))
  .map(([c, m, d]) => Q(`cpus:${c};mem:${m * 16};disk:${d * 10}`));

type Op =
  | { op: "add" | "remove" | "activate" | "deactivate"; path: string }
  | { op: "allocated" | "unallocated"; path: string; q: Quantities }
  | { op: "weight"; path: string; w: number }
  | { op: "addTotal" | "removeTotal"; q: Quantities };

function ops(paths: readonly string[]): fc.Arbitrary<Op[]> {
  const path = fc.constantFrom(...paths);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("add" as const), path }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("remove" as const), path }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("activate" as const, "deactivate" as const), path }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constantFrom("allocated" as const, "unallocated" as const), path, q: quantities }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("weight" as const), path, w: fc.constantFrom(0.5, 1, 2, 3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("addTotal" as const, "removeTotal" as const), q: quantities }) },
  );
  return fc.array(op, { maxLength: 60 });
}

/** What a client holds and whether it is active: the model the laws are checked against. */
type Model = { active: Map<string, boolean>; held: Map<string, Quantities>; count: Map<string, number>; total: Quantities };

/** Applies `o` where it is legal (skips what would throw), to the sorter and the model. */
function apply(s: Sorter<string>, m: Model, o: Op): void {
  switch (o.op) {
    case "add":
      if (m.active.has(o.path)) return;
      s.add(o.path, o.path);
      m.active.set(o.path, false);
      m.held.set(o.path, new Quantities());
      m.count.set(o.path, 0);
      return;
    case "remove":
      if (!m.active.has(o.path)) return;
      s.remove(o.path);
      m.active.delete(o.path);
      m.held.delete(o.path);
      m.count.delete(o.path);
      return;
    case "activate":
    case "deactivate":
      if (!m.active.has(o.path)) return;
      s[o.op](o.path);
      m.active.set(o.path, o.op === "activate");
      return;
    case "allocated": {
      const held = m.held.get(o.path);
      if (held === undefined) return;
      s.allocated(o.path, o.q);
      held.add(o.q);
      m.count.set(o.path, (m.count.get(o.path) ?? 0) + 1);
      return;
    }
    case "unallocated": {
      const held = m.held.get(o.path);
      if (held === undefined || !held.contains(o.q)) return;
      s.unallocated(o.path, o.q);
      held.subtract(o.q);
      return;
    }
    case "weight":
      s.updateWeight(o.path, o.w);
      return;
    case "addTotal":
      s.addTotal(o.q);
      m.total.add(o.q);
      return;
    case "removeTotal":
      if (!m.total.contains(o.q)) return;
      s.removeTotal(o.q);
      m.total.subtract(o.q);
  }
}

/** Applies `list`, checking after every `every`-th operation and at the end. */
function run(kind: SorterKind, list: Op[], check: (s: Sorter<string>, m: Model) => void, every = 1): void {
  const s = make(kind);
  const m: Model = { active: new Map(), held: new Map(), count: new Map(), total: new Quantities() };
  list.forEach((o, i) => {
    apply(s, m, o);
    if ((i + 1) % every === 0 || i === list.length - 1) check(s, m);
  });
}

const NESTED = ["a", "b", "a/b", "a/c", "a/b/c", "b/x", "c/d/e"];
const FLAT = ["a", "b", "c", "d", "e"];

for (const kind of KINDS) {
  test(`[${kind}] sort() returns every active client exactly once, and only those`, () => {
    fc.assert(
      fc.property(ops(NESTED), (list) =>
        run(kind, list, (s, m) => {
          const got = [...s.sort()].sort();
          const want = [...m.active].filter(([, a]) => a).map(([p]) => p).sort();
          assert.equal(got, want);
          assert.is(s.count(), m.active.size);
        }),
      ),
      RUNS,
    );
  });

  test(`[${kind}] the root's allocation is the sum of every client's, and each client's is what it holds`, () => {
    fc.assert(
      fc.property(ops(NESTED), (list) =>
        run(kind, list, (s, m) => {
          const sum = new Quantities();
          for (const [p, q] of m.held) {
            assert.ok(s.allocation(p).equals(q), p);
            sum.add(q);
          }
          assert.ok(s.allocation("").equals(sum));
        }),
      ),
      RUNS,
    );
  });

  test(`[${kind}] allocating then unallocating the same quantities restores every share and allocation`, () => {
    fc.assert(
      fc.property(ops(NESTED), fc.constantFrom(...NESTED), quantities, (list, path, q) =>
        run(kind, list, (s, m) => {
          if (!m.held.has(path)) return;
          const before = [...m.held.keys()].map((p) => [s.share(p), s.allocation(p).clone()] as const);
          s.allocated(path, q);
          s.unallocated(path, q);
          m.count.set(path, (m.count.get(path) ?? 0) + 1);
          [...m.held.keys()].forEach((p, i) => {
            const [share, alloc] = before[i] as readonly [number, Quantities];
            assert.is(s.share(p), share);
            assert.ok(s.allocation(p).equals(alloc));
          });
        }),
      ),
      { ...RUNS, numRuns: 100 },
    );
  });
}

/** The DRF share as Mesos computes it, written independently: max over counted names, then / weight. */
function modelShare(held: Quantities, total: Quantities, weight: number): number {
  let share = 0;
  for (const name of NAMES) {
    const id = Q(`${name}:1`).v.findIndex((x) => x > 0);
    const t = total.get(id);
    if (t > 0) share = Math.max(share, held.get(id) / 1000 / (t / 1000));
  }
  return share / weight;
}

test("[drf] a flat order is non-decreasing in (share, allocation count, path)", () => {
  fc.assert(
    fc.property(ops(FLAT.filter((p) => p !== "e")), (list) => {
      // Weights are left at 1 here: the model would have to track them, and the
      // nested law below covers weighted orders.
      const noWeights = list.filter((o) => o.op !== "weight");
      run("drf", noWeights, (s, m) => {
        const order = s.sort();
        for (let i = 1; i < order.length; i++) {
          const a = order[i - 1] as string;
          const b = order[i] as string;
          const ka = [modelShare(m.held.get(a) as Quantities, m.total, 1), m.count.get(a) as number, a] as const;
          const kb = [modelShare(m.held.get(b) as Quantities, m.total, 1), m.count.get(b) as number, b] as const;
          const le = ka[0] < kb[0] || (ka[0] === kb[0] && (ka[1] < kb[1] || (ka[1] === kb[1] && ka[2] < kb[2])));
          assert.ok(le, `${JSON.stringify(ka)} before ${JSON.stringify(kb)}`);
          assert.is(s.share(a), ka[0]);
        }
      });
    }),
    RUNS,
  );
});

test("[drf] the incrementally kept order equals a full re-sort", () => {
  // Checked after every 1st, 3rd or 7th operation, so that runs of several
  // incremental updates (allocations, activations) happen between two checks.
  fc.assert(
    fc.property(ops(NESTED), fc.constantFrom(1, 3, 7), (list, every) =>
      run(
        "drf",
        list,
        (s) => {
          const incremental = [...s.sort()];
          // A weight on a path no client uses changes no share but dirties the
          // sorter, so the next sort() recomputes every share and re-sorts.
          s.updateWeight("unused/path", 1);
          assert.equal([...s.sort()], incremental);
        },
        every,
      ),
    ),
    { ...RUNS, numRuns: 1000 },
  );
});

test("[drf] sort() returns the same array object until something changes the order", () => {
  fc.assert(
    fc.property(ops(NESTED), (list) =>
      run("drf", list, (s) => {
        const a = s.sort();
        assert.is(s.sort(), a);
      }),
    ),
    { ...RUNS, numRuns: 50 },
  );
});

test.run();
