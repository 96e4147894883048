// The entitlement by progressive filling (docs/report-format.md, "Fairness" and "How
// each metric is computed"): weighted max-min fair dominant shares over the roles'
// demands, each capped by its demand and limited by the capacity of each resource,
// as in the DRF paper (Ghodsi et al., NSDI 2011, §4 "progressive filling", §5.3
// weighted DRF).
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { type FillingInput, progressiveFilling } from "../../reports/entitlement.ts";
import { near } from "./record-stream.ts";

const ALL = [true, true, true, true];

/** Entitlements of roles given as [cpus, mem] demands and weights, on a cluster of [cpus, mem]. */
function fill(total: readonly number[], roles: readonly { demand: readonly number[]; weight?: number }[], counted = ALL): number[] {
  const inputs: FillingInput[] = roles.map((r) => ({ demand: [...r.demand, 0, 0].slice(0, 4), weight: r.weight ?? 1 }));
  const out = new Float64Array(roles.length);
  progressiveFilling(inputs, [...total, 0, 0].slice(0, 4), counted, out);
  return [...out];
}

test("the DRF paper's example: 9 CPUs, 18 GB; A's tasks <1 CPU, 4 GB>, B's <3 CPUs, 1 GB>: both at 2/3 (A 3 tasks, B 2)", () => {
  // Ghodsi et al. 2011, §4: A and B each have ten tasks waiting (more than fits).
  // Per unit of dominant share A uses 0.5 of the CPUs (its dominant resource is memory:
  // 1/9 ÷ 4/18) and all of memory; B all of the CPUs and 1/6 of memory (1/18 ÷ 3/9).
  // Equal shares s: CPUs 0.5s + s = 1 at s = 2/3; memory s + s/6 = 1 at 6/7. CPUs run
  // out first, and both use them: both stop at 2/3. A: 2/3 of 18 GB = 12 GB = 3 tasks;
  // B: 2/3 of 9 CPUs = 6 CPUs = 2 tasks.
  const [a, b] = fill([9, 18], [{ demand: [10 * 1, 10 * 4] }, { demand: [10 * 3, 10 * 1] }]);
  near(a, 2 / 3, "A");
  near(b, 2 / 3, "B");
  near(((a as number) * 18) / 4, 3, "A's tasks: 12 GB / 4 GB");
  near(((b as number) * 9) / 3, 2, "B's tasks: 6 CPUs / 3 CPUs");
});

test("weights: weighted dominant shares s/w are equal (weighted DRF, §5.3)", () => {
  // One resource, 10 CPUs; a (weight 1) and b (weight 3) both want more than all of it.
  // s_a = λ, s_b = 3λ; λ + 3λ = 1 → λ = 1/4: a 0.25, b 0.75.
  const [a, b] = fill([10, 100], [{ demand: [20, 0] }, { demand: [20, 0], weight: 3 }]);
  near(a, 0.25, "a");
  near(b, 0.75, "b");
  // The paper's example with A at weight 2: s_A = 2λ, s_B = λ. CPUs: 0.5·2λ + λ = 2λ → λ = 1/2;
  // memory: 2λ + λ/6 = 13λ/6 → λ = 6/13, first. Both use memory: A 12/13, B 6/13.
  const [A, B] = fill([9, 18], [{ demand: [10, 40], weight: 2 }, { demand: [30, 10] }]);
  near(A, 12 / 13, "A at weight 2");
  near(B, 6 / 13, "B");
});

test("a role's demand caps it, and what it leaves goes to the others", () => {
  // 10 CPUs. a wants 1 CPU (cap 0.1), c 3 CPUs (cap 0.3), b 20 CPUs (cap 2).
  // λ = 0.1: a capped (CPUs used 0.3 of 1); λ = 0.3: c capped (used 0.1 + 0.3 + 0.3 = 0.7);
  // b alone then: 0.1 + 0.3 + s_b = 1 → b 0.6.
  const [a, b, c] = fill([10, 100], [{ demand: [1, 0] }, { demand: [20, 0] }, { demand: [3, 0] }]);
  near(a, 0.1, "a");
  near(b, 0.6, "b");
  near(c, 0.3, "c");
  // A role alone that wants twice the cluster gets all of it; one that wants half gets half.
  near(fill([10, 100], [{ demand: [20, 0] }])[0], 1, "alone, more than the cluster");
  near(fill([10, 100], [{ demand: [5, 10] }])[0], 0.5, "alone, half of the CPUs");
});

test("a role that does not use the exhausted resource keeps growing (filling stops per resource)", () => {
  // 10 CPUs, 100 GB. a <20 CPUs, 0 GB>: per unit of share 1 of CPUs. b <10 CPUs, 200 GB>:
  // dominant memory (2), so per unit 0.5 of CPUs and 1 of memory. c <0, 200 GB>: 1 of memory.
  // Memory: b + c = 2λ → out at λ = 1/2: b and c stop at 0.5. CPUs then hold 0.5·0.5 = 0.25
  // (b's); a alone: 0.25 + s_a = 1 → a 0.75. CPUs 7.5 + 2.5 = 10; memory 50 + 50 = 100 GB.
  const [a, b, c] = fill([10, 100], [{ demand: [20, 0] }, { demand: [10, 200] }, { demand: [0, 200] }]);
  near(a, 0.75, "a");
  near(b, 0.5, "b");
  near(c, 0.5, "c");
});

test("a demand of nothing counted is entitled to 0 and takes nothing from the others", () => {
  // gpus excluded (fairnessExcludeResourceNames): a role that wants only gpus has no
  // dominant share to grow; disk has no total: not counted either.
  const counted = [true, true, true, false];
  const inputs: FillingInput[] = [
    { demand: [0, 0, 0, 4], weight: 1 },
    { demand: [0, 0, 5, 0], weight: 1 },
    { demand: [20, 0, 0, 0], weight: 1 },
  ];
  const out = new Float64Array(3);
  progressiveFilling(inputs, [10, 100, 0, 8], counted, out);
  assert.equal([...out], [0, 0, 1]);
});

test("property: the result is weighted max-min fair with demand caps (each role capped, or bottlenecked on an exhausted resource where it is among the largest)", () => {
  // The characterisation of (weighted) max-min fairness by bottlenecks (Bertsekas and
  // Gallager, Data Networks, §6.5.2; DRF paper §4): every role either gets its demand, or
  // uses a resource that is exhausted and on which no role has a larger weighted share.
  const role = fc.record({
    demand: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })),
    weight: fc.integer({ min: 1, max: 4 }),
  });
  fc.assert(
    fc.property(fc.array(role, { minLength: 1, maxLength: 7 }), fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })), (roles, totalT) => {
      const total = [...totalT, 0];
      const inputs: FillingInput[] = roles.map((r) => ({ demand: [...r.demand, 0], weight: r.weight }));
      const out = new Float64Array(roles.length);
      progressiveFilling(inputs, total, ALL, out);
      const cap = inputs.map((r) => Math.max(...[0, 1, 2].map((j) => (r.demand[j] as number) / (total[j] as number))));
      // Use of resource j by role i at entitlement e_i: e_i·(d_ij/C_j)/c_i.
      const use = (i: number, j: number): number => ((cap[i] as number) === 0 ? 0 : ((out[i] as number) * ((inputs[i] as FillingInput).demand[j] as number)) / (total[j] as number) / (cap[i] as number));
      const used = [0, 1, 2].map((j) => inputs.reduce((sum, _r, i) => sum + use(i, j), 0));
      for (const u of used) if (u > 1 + 1e-9) return false;
      for (let i = 0; i < roles.length; i++) {
        const e = out[i] as number;
        if (e < -1e-12 || e > (cap[i] as number) + 1e-9) return false;
        if (Math.abs(e - (cap[i] as number)) <= 1e-9) continue;
        const level = e / (inputs[i] as FillingInput).weight;
        const bottleneck = [0, 1, 2].some((j) => use(i, j) > 0 && (used[j] as number) >= 1 - 1e-9 && inputs.every((r, k) => use(k, j) === 0 || (out[k] as number) / r.weight <= level + 1e-9));
        if (!bottleneck) return false;
      }
      return true;
    }),
    { seed: 12, numRuns: 500 },
  );
});

test.run();
