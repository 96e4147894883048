// Matching offer callbacks against ALLOC expectations: each of the three forms,
// RES equality as Mesos's `==` without allocation info, and multiset semantics.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { formatOfferDiff } from "../../sim/scenario/format-diff.ts";
import { matchOffers, offerMatches } from "../../sim/scenario/match-offers.ts";
import type { ActualOffer } from "../../sim/scenario/match-offers.ts";
import type { ExpectedOffer } from "../../sim/scenario/scenario-file.ts";

const R = (text: string): Resources => parseResources(text);
const actual = (framework: string, byRole: Record<string, Record<string, string>>): ActualOffer => ({
  framework,
  offers: new Map(Object.entries(byRole).map(([role, agents]) => [role, new Map(Object.entries(agents).map(([a, r]) => [a, R(r)]))])),
});
const agents = (framework: string, role: string, m: Record<string, string>): ExpectedOffer => ({
  form: "agents", framework, role, agents: new Map(Object.entries(m).map(([a, r]) => [a, R(r)])),
});

test("the offers form matches exactly that role → agent → RES map", () => {
  const e: ExpectedOffer = { form: "offers", framework: "f", offers: new Map([["r1", new Map([["a1", R("cpus:1")]])], ["r2", new Map([["a2", R("mem:64")]])]]) };
  assert.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1" }, r2: { a2: "mem:64" } })));
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1" } })), "a role missing");
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1" }, r2: { a2: "mem:64", a3: "mem:1" } })), "an agent too many");
  assert.not.ok(offerMatches(e, actual("g", { r1: { a1: "cpus:1" }, r2: { a2: "mem:64" } })), "another framework");
});

test("the agents form: exactly these agents, all for the one role", () => {
  const e = agents("f", "r1", { a1: "cpus:1;mem:32", a2: "cpus:2" });
  assert.ok(offerMatches(e, actual("f", { r1: { a2: "cpus:2", a1: "mem:32;cpus:1" } })), "order does not matter");
  assert.not.ok(offerMatches(e, actual("f", { r2: { a1: "cpus:1;mem:32", a2: "cpus:2" } })), "another role");
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1;mem:32", a2: "cpus:2" }, r2: { a3: "cpus:1" } })), "a second role too");
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1;mem:32" } })), "an agent missing");
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1;mem:33", a2: "cpus:2" } })), "other amounts");
});

test("RES equality is Mesos's ==: reservations count, allocation info does not", () => {
  const e = agents("f", "r1", { a1: "cpus(r1):1" });
  assert.not.ok(offerMatches(e, actual("f", { r1: { a1: "cpus:1" } })), "unreserved is not reserved");
  const tagged: ActualOffer = { framework: "f", offers: new Map([["r1", new Map([["a1", R("cpus(r1):1").allocate("r1").unallocate()]])]]) };
  assert.ok(offerMatches(e, tagged));
});

test("the total form: sum, agent count and allowed agents", () => {
  const e: ExpectedOffer = { form: "total", framework: "f", role: "r", total: R("cpus:3;mem:96"), agentCount: 2, agentIn: ["a1", "a2", "a3"] };
  assert.ok(offerMatches(e, actual("f", { r: { a1: "cpus:1;mem:32", a3: "cpus:2;mem:64" } })));
  assert.not.ok(offerMatches(e, actual("f", { r: { a1: "cpus:3;mem:96" } })), "one agent, not two");
  assert.not.ok(offerMatches(e, actual("f", { r: { a1: "cpus:1;mem:32", a4: "cpus:2;mem:64" } })), "a4 is not allowed");
  assert.not.ok(offerMatches(e, actual("f", { r: { a1: "cpus:1;mem:32", a2: "cpus:2" } })), "sums differ");
  const loose: ExpectedOffer = { form: "total", framework: "f", role: "r", total: R("cpus:3") };
  assert.ok(offerMatches(loose, actual("f", { r: { a1: "cpus:1", a2: "cpus:1", a9: "cpus:1" } })), "no count, no agentIn: any agents");
});

test("multiset: ignores order, counts duplicates, and finds a matching a greedy pass would miss", () => {
  const one = agents("f", "r", { a1: "cpus:1" });
  const x = actual("f", { r: { a1: "cpus:1" } });
  const y = actual("f", { r: { a2: "cpus:1" } });
  assert.ok(matchOffers([one, one], [x, x]).passed);
  assert.not.ok(matchOffers([one, one], [x]).passed, "one callback cannot satisfy two expectations");
  assert.not.ok(matchOffers([one], [x, x]).passed, "an extra callback is unexpected");
  // The total form matches both x and y; the agents form only x. Greedy would give
  // x to the total form first and fail; the augmenting path reassigns it.
  const anyAgent: ExpectedOffer = { form: "total", framework: "f", role: "r", total: R("cpus:1") };
  const m = matchOffers([anyAgent, one], [x, y]);
  assert.ok(m.passed);
  assert.equal(m.expectedTo, [1, 0]);
});

test("the diff shows every expected and actual line, marking missing and unexpected", () => {
  const expected = [agents("f1", "r1", { a1: "cpus:2;mem:512" }), agents("f2", "r2", { a2: "cpus:1" })];
  const got = [actual("f1", { r1: { a1: "cpus:2;mem:1024" } }), actual("f2", { r2: { a2: "cpus:1" } })];
  const text = formatOfferDiff(expected, got, matchOffers(expected, got));
  assert.equal(text.split("\n"), [
    "offers differ: 1 expected offer missing, 1 offer unexpected",
    "  expected (- missing):",
    "    - [1]  f1  r1  a1  cpus:2;mem:512",
    "      [2]  f2  r2  a2  cpus:1",
    "  actual (+ unexpected):",
    "    + [1]  f1  r1  a1  cpus:2;mem:1024",
    "      [2]  f2  r2  a2  cpus:1",
  ]);
});

test.run();
