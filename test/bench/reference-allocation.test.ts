// Every ported allocator benchmark, at a small size, run through
// `HierarchicalAllocator` and through the slow reference loop
// (reference-allocator.ts) with the same seed: the offers of every phase must be
// the same (issue 4: "no shortcut may change an outcome").
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ALLOCATOR_BENCHMARKS, paramsLabel } from "../../bench/allocator/index.ts";
import type { OfferedResources, RunOptions } from "../../bench/allocator/harness.ts";
import { ReferenceAllocator } from "./reference-allocator.ts";

/** One line per offer, resources as a sorted item list: item order is not an outcome. */
function canonical(offers: readonly OfferedResources[]): string[] {
  return offers
    .map((o) => `${o.frameworkId} ${o.role} ${o.agentId} ${o.resources.items.map((r) => r.toString()).sort().join("; ")}`)
    .sort();
}

function record(params: Readonly<Record<string, number | string | boolean>>, run: (opts: RunOptions) => unknown, reference: boolean) {
  const phases: Array<{ phase: string; offers: string[] }> = [];
  const opts: RunOptions = {
    log: () => {},
    seed: 7,
    // Two or three rounds of each: enough to see filters, suppression and quota act.
    maxRounds: 3,
    onOffers: (phase, offers) => phases.push({ phase, offers: canonical(offers) }),
    ...(reference ? { allocator: ReferenceAllocator.factory } : {}),
  };
  const result = run(opts);
  return { phases, result, params };
}

const test = suite("bench: each ported benchmark's offers match the reference allocation loop");

for (const bench of ALLOCATOR_BENCHMARKS) {
  for (const params of bench.small) {
    test(`${bench.name}/${paramsLabel(params)}: same offers in every phase as the reference loop`, () => {
      const real = record(params, (o) => bench.run(params, o), false);
      const ref = record(params, (o) => bench.run(params, o), true);
      assert.ok(real.phases.length > 0, "the benchmark reports its offers");
      assert.ok(
        real.phases.some((p) => p.offers.length > 0),
        "the small instance makes offers at all (else it checks nothing)",
      );
      assert.equal(
        real.phases.map((p) => p.phase),
        ref.phases.map((p) => p.phase),
      );
      real.phases.forEach((p, i) => {
        assert.equal(p.offers, ref.phases[i]?.offers, `phase '${p.phase}'`);
      });
    });
  }
}

test.run();
