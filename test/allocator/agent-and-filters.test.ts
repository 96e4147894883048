// The allocator's per-agent and per-framework state that the allocation loop's
// shortcuts rest on: offer filters kept in two indexes (the framework's, which
// revive and metrics read, and the agent's, which the loop reads), and offers
// that come back whole restoring the agent's very `available` collection.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AgentState } from "../../allocators/hierarchical/agent-state.ts";
import { FrameworkState } from "../../allocators/hierarchical/framework-state.ts";
import type { OfferFilter } from "../../allocators/hierarchical/offer-filter.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { TimerQueue } from "../../allocators/hierarchical/timer-queue.ts";

const R = parseResources;

function setup() {
  const timers = new TimerQueue();
  const a1 = new AgentState("a1", R("cpus:4;mem:1024;ports:[1-10]"), undefined, "");
  const a2 = new AgentState("a2", R("cpus:2;mem:512"), undefined, "");
  const fw = new FrameworkState("f1", { roles: ["r1", "r2"] }, true);
  const other = new FrameworkState("f2", { roles: ["r1"] }, true);
  return { timers, a1, a2, fw, other };
}

/** Filters the framework's index holds, as `role/agent` strings, sorted. */
function frameworkIndex(fw: FrameworkState): string[] {
  const out: string[] = [];
  for (const [role, set] of fw.offerFilters) for (const f of set) out.push(`${role}/${f.agent.id}`);
  return out.sort();
}

/** Filters the agents' indexes hold for `fw`, as `role/agent` strings, sorted. */
function agentIndex(fw: FrameworkState, agents: AgentState[]): string[] {
  const out: string[] = [];
  for (const a of agents) for (const f of a.offerFiltersOf(fw)) out.push(`${f.role}/${a.id}`);
  return out.sort();
}

/** Fires every timer due at or before `time`. */
function fireUntil(timers: TimerQueue, time: number): void {
  for (let t = timers.peekTime(); t !== undefined && t <= time; t = timers.peekTime()) timers.pop()?.fire();
}

test("a filter is found for its framework, role and agent only, and only while it covers the offer", () => {
  const { timers, a1, a2, fw, other } = setup();
  fw.addOfferFilter("r1", a1, R("cpus:4;mem:1024"), timers, 10);
  assert.ok(fw.isFilteredBy("r1", a1, R("cpus:2;mem:512")));
  assert.not.ok(fw.isFilteredBy("r1", a1, R("cpus:4;mem:1024;ports:[1-10]")), "more than was refused");
  assert.not.ok(fw.isFilteredBy("r2", a1, R("cpus:1")), "another role");
  assert.not.ok(fw.isFilteredBy("r1", a2, R("cpus:1")), "another agent");
  assert.not.ok(other.isFilteredBy("r1", a1, R("cpus:1")), "another framework");
});

test("both indexes agree after adds, expiry, revive of one role, and an agent change", () => {
  const { timers, a1, a2, fw, other } = setup();
  fw.addOfferFilter("r1", a1, R("cpus:1"), timers, 10);
  fw.addOfferFilter("r1", a1, R("mem:1"), timers, 20);
  fw.addOfferFilter("r2", a1, R("cpus:1"), timers, 30);
  fw.addOfferFilter("r1", a2, R("cpus:1"), timers, 40);
  other.addOfferFilter("r1", a1, R("cpus:1"), timers, 50);
  const agents = [a1, a2];
  assert.equal(agentIndex(fw, agents), frameworkIndex(fw));
  assert.equal(frameworkIndex(fw), ["r1/a1", "r1/a1", "r1/a2", "r2/a1"]);

  fireUntil(timers, 10);
  assert.equal(frameworkIndex(fw), ["r1/a1", "r1/a2", "r2/a1"]);
  assert.equal(agentIndex(fw, agents), frameworkIndex(fw));
  assert.ok(fw.isFilteredBy("r1", a1, R("mem:1")));
  assert.not.ok(fw.isFilteredBy("r1", a1, R("cpus:1")), "the expired filter no longer applies");

  fw.clearOfferFilters("r1");
  assert.equal(frameworkIndex(fw), ["r2/a1"]);
  assert.equal(agentIndex(fw, agents), frameworkIndex(fw));

  fw.clearAgentFilters(a1);
  assert.equal(frameworkIndex(fw), []);
  assert.equal(agentIndex(fw, agents), []);
  assert.equal(a1.offerFilterCount, 1, "only the other framework's filter is left on a1");
  assert.equal(agentIndex(other, agents), ["r1/a1"], "another framework's filter stays");

  // Cancelled timers fire nothing; the remaining one expires.
  fireUntil(timers, 100);
  assert.equal(agentIndex(other, agents), []);
  assert.equal(a1.offerFilterCount, 0);
});

test("clearing every filter of a framework empties its entries on every agent", () => {
  const { timers, a1, a2, fw } = setup();
  fw.addOfferFilter("r1", a1, R("cpus:1"), timers, 10);
  fw.addOfferFilter("r2", a2, R("cpus:1"), timers, 10);
  fw.clearOfferFilters();
  assert.equal(a1.offerFilterCount + a2.offerFilterCount, 0);
  assert.equal(fw.offerFilters.size, 0);
});

test("an expired filter reused for a later refusal covers only its new agent and role; a cancelled one is not reused", () => {
  const { timers, a1, a2, fw, other } = setup();
  const pool: OfferFilter[] = [];
  fw.addOfferFilter("r1", a1, R("cpus:4;mem:1024"), timers, 10, pool);
  const [first] = a1.offerFiltersOf(fw);
  fireUntil(timers, 10);
  assert.equal(pool, [first], "expired: free for reuse");
  assert.not.ok(fw.isFilteredBy("r1", a1, R("cpus:1")));

  other.addOfferFilter("r1", a2, R("cpus:2"), timers, 20, pool);
  assert.is(a2.offerFiltersOf(other)[0], first, "the same object, now other's filter on a2");
  assert.equal(pool, []);
  assert.ok(other.isFilteredBy("r1", a2, R("cpus:1")));
  assert.not.ok(fw.isFilteredBy("r1", a2, R("cpus:1")), "not fw's any more");
  assert.not.ok(other.isFilteredBy("r1", a1, R("cpus:1")), "not on a1 any more");
  assert.equal(agentIndex(fw, [a1, a2]), frameworkIndex(fw));
  assert.equal(agentIndex(other, [a1, a2]), frameworkIndex(other));
  assert.equal(frameworkIndex(other), ["r1/a2"]);

  // Cleared before it expires: its timer never fires, and it never comes back to the pool.
  other.clearOfferFilters("r1");
  fireUntil(timers, 100);
  assert.equal(pool, []);
  assert.equal(a1.offerFilterCount + a2.offerFilterCount, 0);
});

test("an offer of everything, returned whole, restores the same available collection", () => {
  const { a1 } = setup();
  const before = a1.available;
  const offer = before.allocate("r1");
  assert.is(before.allocate("r1"), offer, "tagging is cached");
  const other = before.allocate("r2");
  assert.ok(other.unallocate().equals(before));
  assert.ok([...other].every((r) => r.allocationRole === "r2"), "another role is tagged afresh");
  assert.ok([...before.allocate("r1")].every((r) => r.allocationRole === "r1"));
  a1.decreaseAvailable("f1", offer, offer.unallocate());
  assert.ok(a1.available.isEmpty());
  a1.increaseAvailable("f1", offer);
  assert.is(a1.available, before);
});

test("a return after anything else changed recomputes available", () => {
  const { a1 } = setup();
  const all = a1.available;
  const offer = all.allocate("r1");
  a1.decreaseAvailable("f1", offer, offer.unallocate());
  // A second holding arrives (e.g. a framework's `used`) while everything is offered.
  const used = R("cpus:1").allocate("r2");
  a1.decreaseAvailable("f2", used);
  a1.increaseAvailable("f1", offer);
  assert.ok(a1.available.equals(R("cpus:3;mem:1024;ports:[1-10]")), a1.available.toString());

  // A partial return is not the whole take either.
  const { a2 } = setup();
  const offer2 = a2.available.allocate("r1");
  a2.decreaseAvailable("f1", offer2, offer2.unallocate());
  a2.increaseAvailable("f1", R("cpus:1").allocate("r1"));
  assert.ok(a2.available.equals(R("cpus:1")), a2.available.toString());
});

test.run();
