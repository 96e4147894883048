// Master failover, each test one Mesos behaviour with its source (src/master/master.cpp
// `_recover`, `recoveredSlavesTimeout`, `reconcile`; the allocator's `recover`). Every
// run checks the invariants after every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_MASTER, type RoleSettings } from "../../sim/experiment/experiment.ts";
import { failure, framework, machine, run, S, task } from "./helpers.ts";

/** The times (s) of log lines. */
const times = (lines: string[]) => lines.map((l) => Number(l.slice(2, l.indexOf(" "))));

test("a master failover ends every outstanding offer and every filter: a framework that declined an agent for 1000 s is offered it once it re-subscribes (Master::_recover: a new allocator)", async () => {
  // `big` never fits, so f declines each offer with a 1000 s filter: offers at 0, then
  // after the failover at 10 (agents back at once) at its re-subscription, 15 s.
  // `slow` (role z) is offered the agent at 1 and decides for 20 s: that offer dies
  // with the old master at 10.
  const f = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1000 });
  const slow = framework("slow", ["z"], { suppressWhenIdle: false, decisionTime: { perCallback: 20 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "big", "r", 8, 512, null)], {
    frameworks: [f, slow],
    horizon: 100 * S,
    failures: [failure.master(10 * S, 0, 5 * S)],
  });
  assert.equal(times(log.grep("offerMade", " f ")), [0, 15]);
  const held = (log.grep("offerMade", " slow ")[0] as string).match(/#(\d+)/) as RegExpMatchArray;
  assert.equal(log.grep(`offerEnded #${held[1]} `), [`t=10 offerEnded #${held[1]} rescinded cause=0`]);
});

/** Five 1-cpu agents and a framework that never fits (it declines every offer), a failover at 10 s with agents back over 100 s. */
async function failoverWithQuota(quota: boolean, partitioned: string[] = []) {
  const records = [0, 1, 2, 3, 4].map((i) => machine(0, `a${i}`, 1, 1024));
  const roles = new Map<string, RoleSettings>(quota ? [["r", { weight: 1, guarantees: "cpus:1", limits: null }]] : []);
  const { log } = await run([...records, task(0, "big", "r", 8, 512, null)], {
    frameworks: [framework("f", ["r"], { suppressWhenIdle: false })],
    roles,
    horizon: 200 * S,
    master: { ...DEFAULT_MASTER, allocatorRecoveryTimeout: 60 * S },
    failures: [...partitioned.map((id) => failure.partition(5 * S, [id], null)), failure.master(10 * S, 100 * S, 0)],
  });
  // Each agent's re-registration (a random time within the spread), in order.
  const back = log.events.filter((e) => e.includes(" agent-reregister ")).map((e) => Number(e.split(" ")[0]) / S);
  const offers = times(log.grep("offerMade")).filter((t) => t > 10);
  return { back, firstOffer: offers[0] };
}

test("after a failover the allocator waits, exactly when quota is set, until ⌊5 agents × 0.8⌋ = 4 have re-registered (HierarchicalAllocatorProcess::recover, addSlave)", async () => {
  const withQuota = await failoverWithQuota(true);
  assert.is(withQuota.back.length, 5);
  assert.is(withQuota.firstOffer, withQuota.back[3], `re-registrations at ${withQuota.back.join(", ")}`);
  const without = await failoverWithQuota(false);
  assert.is(without.firstOffer, without.back[0], `re-registrations at ${without.back.join(", ")}`);
  assert.ok((withQuota.back[3] as number) > (withQuota.back[0] as number));
});

test("…or until allocatorRecoveryTimeout when too few agents come back: two of five cut off, the pause ends at 10 + 60 s (--allocator_recovery_timeout)", async () => {
  const r = await failoverWithQuota(true, ["a0", "a1"]);
  assert.is(r.back.length, 5, "each agent's turn comes, the cut-off ones do not take it");
  assert.is(r.firstOffer, 70);
});

test("agents not back within agentReregisterTimeout after a failover are marked unreachable; frameworks learn of their tasks by reconciling: TASK_UNREACHABLE, or TASK_LOST if not partition-aware (Master::recoveredSlavesTimeout, reconcile)", async () => {
  // a1 is cut off from 5 s on; the failover at 10 cancels the old master's health
  // checks (it would have marked a1 at 90). The new master marks a1 at 10 + 600 s. The
  // frameworks re-subscribed at 12 and reconciled: the answers come at the marking,
  // naming the partition that kept a1 away (failure 0). `late` failed over at 8 and
  // re-subscribes at 708: it learns then. (Its failover timeout is not carried over to
  // the new master: MESOS-4659.)
  const plain = framework("plain", ["p"], { suppressWhenIdle: false });
  const aware = framework("aware", ["w"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
  const late = framework("late", ["l"], { suppressWhenIdle: false, failoverTimeout: 3600 * S });
  const { log } = await run([machine(0, "a1", 3, 3072), task(0, "tp", "p", 1, 512, null), task(0, "tw", "w", 1, 512, null), task(0, "tl", "l", 1, 512, null)], {
    frameworks: [plain, aware, late],
    horizon: 800 * S,
    failures: [failure.partition(5 * S, ["a1"], null), failure.framework(8 * S, "late", 700 * S), failure.master(10 * S, 0, 2 * S)],
  });
  assert.equal(log.grep("taskEnded"), [
    "t=610 taskEnded tp TASK_LOST requeued cause=0",
    "t=610 taskEnded tw TASK_UNREACHABLE requeued cause=0",
    "t=708 taskEnded tl TASK_LOST requeued cause=0",
  ]);
  assert.equal(log.grep("agentLost"), ["t=610 agentLost a1 cause=0"]);
});

test("when more agents are missing than recoveryAgentRemovalLimit allows, none is marked (Mesos's master exits instead)", async () => {
  const records = [machine(0, "a1", 1, 1024), machine(0, "a2", 1, 1024), machine(0, "a3", 1, 1024)];
  const fails = [failure.partition(5 * S, ["a1"], null), failure.partition(5 * S, ["a2"], null), failure.master(10 * S)];
  const frameworks = [framework("f", ["r"])];
  // 2 of 3 missing: 0.67 > 0.5.
  const limited = await run(records, { frameworks, horizon: 700 * S, failures: fails, master: { ...DEFAULT_MASTER, recoveryAgentRemovalLimit: 0.5 } });
  assert.equal(limited.log.grep("agentLost"), []);
  const unlimited = await run(records, { frameworks, horizon: 700 * S, failures: fails });
  assert.equal(unlimited.log.grep("agentLost"), ["t=610 agentLost a1 cause=0", "t=610 agentLost a2 cause=1"]);
});

test("an agent that comes back after a failover without a task's executor reports it TASK_GONE (TASK_LOST if not partition-aware) when it re-registers", async () => {
  // Crash at 5 s with recovery_timeout 20 s: executors end at 25. The failover at 10
  // makes a1 one of the agents the new master waits for; it restarts at 65 and
  // re-registers then, without them.
  const plain = framework("plain", ["p"], { suppressWhenIdle: false });
  const aware = framework("aware", ["w"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
  const { log } = await run([machine(0, "a1", 2, 2048), task(0, "tp", "p", 1, 512, null), task(0, "tw", "w", 1, 512, null)], {
    frameworks: [plain, aware],
    horizon: 70 * S,
    failures: [failure.crash(5 * S, ["a1"], 60 * S, 20 * S), failure.master(10 * S)],
  });
  assert.equal(log.grep("taskEnded").sort(), ["t=65 taskEnded tp TASK_LOST requeued cause=0", "t=65 taskEnded tw TASK_GONE requeued cause=0"]);
  assert.equal(log.grep("agentLost"), []);
});

test.run();
