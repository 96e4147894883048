// Mesos's `CommonSorterTest.*` (run there over DRFSorter and RandomSorter), written
// once as contract tests and run over both of our sorters. They check membership
// and bookkeeping, never an order (the random sorter's order is random).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Q, KINDS, addActive, make, members, type SorterKind } from "./helpers.ts";

for (const kind of KINDS) {
  const test = suite(`CommonSorterTest [${kind}]`);
  const sorter = (k: SorterKind = kind) => make(k);

  test("CommonSorterTest.RemoveLeafCollapseParent: removing the only child turns the parent back into a client leaf", () => {
    const s = sorter();
    s.addTotal(Q("cpus:100;mem:100"));
    addActive(s, "a");
    s.allocated("a", Q("cpus:10;mem:10"));
    addActive(s, "b");
    s.allocated("b", Q("cpus:6;mem:6"));
    addActive(s, "a/c");
    s.allocated("a/c", Q("cpus:5;mem:5"));
    assert.equal(members(s), ["a", "a/c", "b"]);

    s.remove("a/c");
    assert.equal(members(s), ["a", "b"]);
    // a keeps its own allocation; the root lost a/c's.
    assert.ok(s.allocation("a").equals(Q("cpus:10;mem:10")));
    assert.ok(s.allocation("").equals(Q("cpus:16;mem:16")));
  });

  test("CommonSorterTest.RemoveLeafCollapseParentInactive: the collapsed leaf keeps the client's inactivity", () => {
    const s = sorter();
    s.addTotal(Q("cpus:100;mem:100"));
    addActive(s, "a");
    s.allocated("a", Q("cpus:10;mem:10"));
    addActive(s, "b");
    s.allocated("b", Q("cpus:6;mem:6"));
    addActive(s, "a/c");
    s.allocated("a/c", Q("cpus:5;mem:5"));
    s.deactivate("a");
    assert.equal(members(s), ["a/c", "b"]);

    s.remove("a/c");
    assert.equal([...s.sort()], ["b"]);
    s.activate("a");
    assert.equal(members(s), ["a", "b"]);
  });

  test("CommonSorterTest.UpdateAllocation: a quantity-preserving update leaves the sums alone; an update to empty clears them", () => {
    // Mesos's update(client, agent, old, new) with CREATE(volume) keeps the scalar
    // quantities (disk stays 10), so our caller makes no call at all; an update to
    // empty is an unallocation of everything.
    const s = sorter();
    addActive(s, "a", "b");
    s.addTotal(Q("cpus:10;mem:10;disk:10"));
    s.allocated("a", Q("cpus:10;mem:10;disk:10"));
    assert.ok(s.allocation("a").equals(Q("cpus:10;mem:10;disk:10")));
    assert.ok(s.allocation("").equals(Q("cpus:10;mem:10;disk:10")));

    addActive(s, "c");
    s.addTotal(Q("cpus:10;mem:10;disk:10"));
    s.allocated("c", Q("cpus:10;mem:10;disk:10"));
    s.unallocated("c", Q("cpus:10;mem:10;disk:10"));
    assert.ok(s.allocation("c").isEmpty());
    assert.ok(s.allocation("").equals(Q("cpus:10;mem:10;disk:10")));
  });

  test("CommonSorterTest.UpdateAllocationNestedClient: nested clients' sums reach the root", () => {
    const s = sorter();
    addActive(s, "a/x", "b/y");
    s.addTotal(Q("cpus:10;mem:10;disk:10"));
    s.allocated("a/x", Q("cpus:10;mem:10;disk:10"));
    assert.ok(s.allocation("a/x").equals(Q("cpus:10;mem:10;disk:10")));
    assert.ok(s.allocation("a").equals(Q("cpus:10;mem:10;disk:10")));
    assert.ok(s.allocation("b").isEmpty());
    assert.ok(s.allocation("").equals(Q("cpus:10;mem:10;disk:10")));
  });

  test("CommonSorterTest.AllocationForInactiveClient: inactive clients' allocations are reported and summed", () => {
    const s = sorter();
    s.addTotal(Q("cpus:10;mem:10"));
    s.add("a", "a");
    s.add("b", "b");
    s.activate("b"); // a stays inactive
    s.allocated("a", Q("cpus:2;mem:2"));
    s.allocated("b", Q("cpus:3;mem:3"));
    assert.ok(s.allocation("a").equals(Q("cpus:2;mem:2")));
    assert.ok(s.allocation("b").equals(Q("cpus:3;mem:3")));
    assert.ok(s.allocation("").equals(Q("cpus:5;mem:5")));
    assert.equal([...s.sort()], ["b"]);
  });

  test("CommonSorterTest.MultipleSlaves: allocations on several agents add up", () => {
    // Ports are not scalars and never reach a sorter.
    const s = sorter();
    addActive(s, "framework");
    const agent = Q("cpus:2;mem:512");
    s.addTotal(agent);
    s.addTotal(agent);
    s.allocated("framework", agent);
    s.allocated("framework", agent);
    // 2 × (cpus:2;mem:512)
    assert.ok(s.allocation("framework").equals(Q("cpus:4;mem:1024")));
    assert.ok(s.allocation("").equals(Q("cpus:4;mem:1024")));
  });

  test("CommonSorterTest.MultipleSlavesUpdateAllocation: quantity-preserving updates on several agents change nothing", () => {
    const s = sorter();
    addActive(s, "framework");
    const agent = Q("cpus:2;mem:512;disk:10");
    s.addTotal(agent);
    s.addTotal(agent);
    s.allocated("framework", agent);
    s.allocated("framework", agent);
    // CREATE(volume) on each agent keeps disk:10 per agent: no sorter call.
    assert.ok(s.allocation("framework").equals(Q("cpus:4;mem:1024;disk:20")));
    assert.ok(s.allocation("").equals(Q("cpus:4;mem:1024;disk:20")));
  });

  test("add throws for an existing client; remove and activate throw for an unknown one", () => {
    const s = sorter();
    s.add("a", "a");
    assert.throws(() => s.add("a", "a"));
    assert.throws(() => s.remove("zz"));
    assert.throws(() => s.activate("zz"));
    assert.throws(() => s.allocated("zz", Q("cpus:1")));
  });

  test("activate and deactivate are idempotent; count and contains see inactive clients", () => {
    const s = sorter();
    s.add("a", "a");
    s.add("b/c", "b/c");
    assert.equal([...s.sort()], []);
    s.activate("a");
    s.activate("a");
    assert.equal([...s.sort()], ["a"]);
    s.deactivate("a");
    s.deactivate("a");
    assert.equal([...s.sort()], []);
    assert.is(s.count(), 2);
    assert.ok(s.contains("b/c"));
    assert.not.ok(s.contains("b")); // an internal node is not a client
  });

  test("unallocating more than a client holds throws", () => {
    const s = sorter();
    addActive(s, "a");
    s.allocated("a", Q("cpus:1"));
    assert.throws(() => s.unallocated("a", Q("cpus:2")));
    assert.throws(() => s.removeTotal(Q("cpus:1")));
  });

  test("a removed and re-added client starts from nothing", () => {
    const s = sorter();
    s.addTotal(Q("cpus:10"));
    addActive(s, "a", "b");
    s.allocated("a", Q("cpus:4"));
    s.remove("a");
    assert.ok(s.allocation("").isEmpty());
    addActive(s, "a");
    assert.ok(s.allocation("a").isEmpty());
    assert.is(s.share("a"), 0);
    assert.equal(members(s), ["a", "b"]);
  });

  test("share() is the weighted dominant share", () => {
    const s = sorter();
    s.addTotal(Q("cpus:10;mem:100"));
    addActive(s, "a");
    s.updateWeight("a", 2);
    s.allocated("a", Q("cpus:1;mem:50"));
    // max(1/10, 50/100) / 2 = .25
    assert.is(s.share("a"), 0.25);
  });

  test.run();
}
