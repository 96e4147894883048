// The conservation invariants (docs/experiment-format.md, "Invariants"), as the
// master checks them on the agents it touched (sim/master/holdings-check.ts): no
// agent is offered or allocated more than its total, and the allocator's view of
// each framework's holding on an agent equals the master's. A break is an
// InvariantError naming the invariant, the simulated time and the event (exit 3).
// The simulator's own runs never break them (every test run checks them at every
// event), so here the master's view is built by hand and made to disagree.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { HoldingsCheck, InvariantError } from "../../sim/master/holdings-check.ts";
import { SimAgent, SimFramework, SimOffer } from "../../sim/master/master-records.ts";
import { framework, S } from "./helpers.ts";

/** One agent of `total`, one framework in role `r`, an allocator that reports `theirs` for it there. */
function world(total: string, theirs: string | null) {
  const agent = new SimAgent("a1", parseResources(total), "");
  const fw = new SimFramework(framework("f", ["r"]), 0);
  const held = new Map<string, Resources>();
  if (theirs !== null) held.set("f", parseResources(theirs).allocate("r"));
  const master = {
    agents: new Map([["a1", agent]]),
    allocator: {
      allocation: (f: string) => held.get(f) ?? parseResources(""),
      allocationsOn: () => held,
    },
    now: 7 * S,
  };
  const offer = (res: string) => agent.addOffer(new SimOffer(1, fw, "r", agent, parseResources(res).allocate("r"), 0));
  return { agent, fw, master, offer, frameworks: [fw] };
}

/** The error `check` throws, or null when the invariants hold. */
function checked(w: ReturnType<typeof world>, everyEvent: boolean, touch = true): InvariantError | null {
  const check = new HoldingsCheck(w.master, w.frameworks, everyEvent);
  if (touch) check.touch(w.agent);
  try {
    check.check("answer");
    return null;
  } catch (err) {
    if (err instanceof InvariantError) return err;
    throw err;
  }
}

for (const everyEvent of [false, true]) {
  const mode = everyEvent ? "checked at every event" : "checked after allocation runs";

  test(`an offer within the agent's total that the allocator also holds keeps both invariants (${mode})`, () => {
    const w = world("cpus:4;mem:1024", "cpus:4;mem:1024");
    w.offer("cpus:4;mem:1024");
    assert.is(checked(w, everyEvent), null);
  });

  test(`offers beyond the agent's total break "no agent holds more than its total", naming time, event and amounts (${mode})`, () => {
    const w = world("cpus:4;mem:1024", "cpus:5;mem:1024");
    w.offer("cpus:5;mem:1024");
    const err = checked(w, everyEvent);
    assert.ok(err !== null);
    assert.is(err.invariant, "no agent holds more than its total");
    assert.is(err.time, 7 * S);
    assert.is(err.event, "answer");
    assert.is(err.exitCode, 3);
    assert.match(err.message, /^invariant "no agent holds more than its total" broken at 7\.000000 s \(event answer\): agent a1 holds cpus:5; mem:1024 of cpus:4; mem:1024$/);
  });

  test(`the allocator holding other than the master's offers breaks "the allocator's view equals the master's" (${mode})`, () => {
    const w = world("cpus:4;mem:1024", "cpus:1;mem:1024");
    w.offer("cpus:2;mem:1024");
    const err = checked(w, everyEvent);
    assert.ok(err !== null);
    assert.is(err.invariant, "the allocator's view equals the master's");
    assert.match(err.message, /framework f on agent a1: master cpus\(allocated: r\):2; mem\(allocated: r\):1024, allocator cpus\(allocated: r\):1; mem\(allocated: r\):1024$/);
  });

  test(`the allocator holding something the master does not know of breaks the second invariant too (${mode})`, () => {
    const w = world("cpus:4;mem:1024", "cpus:1");
    assert.is(checked(w, everyEvent)?.invariant, "the allocator's view equals the master's");
  });
}

test("only the agents touched since the last check are checked, and a removed agent (forget) is not", () => {
  const w = world("cpus:4;mem:1024", "cpus:1");
  assert.is(checked(w, false, false), null);
  const check = new HoldingsCheck(w.master, w.frameworks, false);
  check.touch(w.agent);
  check.forget(w.agent);
  check.check("agent-removed");
});

test.run();
