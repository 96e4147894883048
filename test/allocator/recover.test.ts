// The allocator's recovery after a master failover (HierarchicalAllocatorProcess::recover
// and addSlave in src/master/allocator/mesos/hierarchical.cpp; Mesos tests it only
// through the master, so these pin the source's arithmetic): with quota set,
// allocation pauses until ⌊expected agents × agentRecoveryFactor⌋ agents are added
// or recoveryTimeout has passed; without quota it does not pause.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Quota } from "../../allocators/allocator.ts";
import { HierarchicalAllocator } from "../../allocators/hierarchical/hierarchical-allocator.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { RandomSource } from "../../common/random-source.ts";

const S = 1_000_000;

function allocator(offers: string[]) {
  const random = new RandomSource(1);
  return new HierarchicalAllocator({
    allocationInterval: 1,
    recoveryTimeout: 600,
    agentRecoveryFactor: 0.8,
    random: (name) => random.stream(name),
    offer: (fw, byRole) => {
      for (const [, byAgent] of byRole) for (const agent of byAgent.keys()) offers.push(`${fw} ${agent}`);
    },
  });
}

const QUOTA: ReadonlyMap<string, Quota> = new Map([["r", { guarantees: Quantities.parse("cpus:1"), limits: Limits.unlimited() }]]);

test("with quota, recover(5) pauses until ⌊5 × 0.8⌋ = 4 agents are added; the 4th agent's addition resumes and triggers a run", () => {
  const offers: string[] = [];
  const a = allocator(offers);
  a.recover(5, QUOTA);
  a.addFramework("f", { roles: ["r"] }, new Map(), true);
  for (let i = 1; i <= 3; i++) a.addAgent(`a${i}`, { resources: parseResources("cpus:1;mem:1024") }, new Map());
  a.advanceTo(10 * S);
  assert.equal(offers, [], "paused with 3 of the 4 agents");
  a.addAgent("a4", { resources: parseResources("cpus:1;mem:1024") }, new Map());
  a.settle();
  // The run a4's addition triggers is for a4 only; the others wait for the next periodic run.
  assert.equal(offers, ["f a4"]);
  a.advanceTo(11 * S);
  assert.equal(offers.slice(1).sort(), ["f a1", "f a2", "f a3"]);
});

test("with quota, recover pauses until recoveryTimeout (600 s) when too few agents come back", () => {
  const offers: string[] = [];
  const a = allocator(offers);
  a.recover(5, QUOTA);
  a.addFramework("f", { roles: ["r"] }, new Map(), true);
  a.addAgent("a1", { resources: parseResources("cpus:1;mem:1024") }, new Map());
  a.advanceTo(600 * S - 1);
  assert.equal(offers, []);
  // The resume timer was set before the periodic run due at 600 s was re-armed: it fires first.
  a.advanceTo(600 * S);
  assert.equal(offers, ["f a1"]);
});

test("without quota recover does nothing: the first agent is offered at once; and ⌊1 × 0.8⌋ = 0 expected agents means no pause either", () => {
  const offers: string[] = [];
  const a = allocator(offers);
  a.recover(5, new Map());
  a.addFramework("f", { roles: ["r"] }, new Map(), true);
  a.addAgent("a1", { resources: parseResources("cpus:1;mem:1024") }, new Map());
  a.settle();
  assert.equal(offers, ["f a1"]);
  const more: string[] = [];
  const b = allocator(more);
  b.recover(1, QUOTA);
  b.addFramework("f", { roles: ["r"] }, new Map(), true);
  b.addAgent("a1", { resources: parseResources("cpus:1;mem:1024") }, new Map());
  b.settle();
  assert.equal(more, ["f a1"]);
});

test("recover after an agent was added is an error (Mesos CHECKs slaves.empty())", () => {
  const a = allocator([]);
  a.addAgent("a1", { resources: parseResources("cpus:1") }, new Map());
  assert.throws(() => a.recover(1, QUOTA), /before any agent/);
});

test.run();
