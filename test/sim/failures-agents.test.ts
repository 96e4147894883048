// Agent crashes and partitions, each test one Mesos behaviour with its source
// (src/master/master.cpp, src/slave/slave.cpp; docs/simulator.md, "Failures"). Every
// run checks the invariants after every event (helpers.run: checkEveryEvent).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_MASTER } from "../../sim/experiment/experiment.ts";
import { failure, framework, machine, run, S, task } from "./helpers.ts";

const plain = framework("plain", ["p"], { suppressWhenIdle: false });
const aware = framework("aware", ["w"], { suppressWhenIdle: false, capabilities: ["PARTITION_AWARE"] });
/** Lines of the log that are not about offers. */
const story = (lines: string[]) => lines.filter((l) => !l.includes("offer"));

test("a partitioned agent is marked unreachable after maxAgentPingTimeouts unanswered pings: 75 s after the first ping it misses, with the defaults (SlaveObserver::timeout)", async () => {
  // Pings every 15 s from registration at 0: 0, 15, 30, … A partition at 10 s makes
  // 15, 30, 45, 60, 75 go unanswered; the timeout after the fifth (75 + 15 = 90) marks
  // the agent: 90 − 15 = 75 s after the first missed ping, 80 s after the partition.
  // At 15 s exactly the partition comes first at that instant, so the ping at 15 is
  // missed too (90); 1 µs later the first missed ping is 30 (30 + 75 = 105).
  const { log } = await run([machine(0, "a1", 1, 1024), machine(0, "a2", 1, 1024), machine(0, "a3", 1, 1024)], {
    frameworks: [plain],
    horizon: 200 * S,
    failures: [failure.partition(10 * S, ["a1"], null), failure.partition(15 * S, ["a2"], null), failure.partition(15 * S + 1, ["a3"], null)],
  });
  assert.equal(log.grep("agentLost"), ["t=90 agentLost a1 cause=0", "t=90 agentLost a2 cause=1", "t=105 agentLost a3 cause=2"]);
  assert.equal(log.grep("agentRemoved"), ["t=90 agentRemoved a1", "t=90 agentRemoved a2", "t=105 agentRemoved a3"]);
});

test("an unreachable agent's tasks go TASK_UNREACHABLE to PARTITION_AWARE frameworks and TASK_LOST to the others; its offers are rescinded (Master::__removeSlave)", async () => {
  // Runs at 0, 1, 2 offer a1 to the roles in DRF order (all at share 0; p, w, z by
  // name, a role offered once sorts after): tp launched at 0, tw at 1, and `slow`
  // (role z) is offered the last cpu at 2 and decides for 200 s: still outstanding at 90.
  const slow = framework("slow", ["z"], { suppressWhenIdle: false, decisionTime: { perCallback: 200 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 3, 3072), task(0, "tp", "p", 1, 512, 1000 * S), task(0, "tw", "w", 1, 512, 1000 * S)], {
    frameworks: [plain, aware, slow],
    horizon: 120 * S,
    failures: [failure.partition(10 * S, ["a1"], null)],
  });
  assert.equal(log.grep("taskEnded"), ["t=90 taskEnded tp TASK_LOST requeued cause=0", "t=90 taskEnded tw TASK_UNREACHABLE requeued cause=0"]);
  const slowOffer = (log.grep("offerMade", " slow ")[0] as string).match(/#(\d+)/) as RegExpMatchArray;
  assert.equal(log.grep(`offerEnded #${slowOffer[1]} `), [`t=90 offerEnded #${slowOffer[1]} rescinded cause=0`]);
});

test("a partition that heals before the marking changes nothing: the ping after the heal is answered and resets the count (SlaveObserver::pong)", async () => {
  // a1: cut off 10–75 s: pings 15, 30, 45, 60 missed, the one at 75 answered (the heal
  // comes first at that instant). a2: healed 1 µs after 75: 15…75 are five misses,
  // marked at 90; it is back already, and re-registers when it notices the master
  // stopped pinging it: 75 s after the last ping it got (the one at 90), at 165
  // (Slave::pingTimeout), bringing its task back (MESOS-7215: nowhere else to run it).
  const { log } = await run([machine(0, "a1", 1, 1024), machine(0, "a2", 1, 1024), task(0, "t1", "p", 1, 512, 1000 * S), task(0, "t2", "p", 1, 512, 1000 * S)], {
    frameworks: [plain],
    horizon: 200 * S,
    failures: [failure.partition(10 * S, ["a1"], 65 * S), failure.partition(10 * S, ["a2"], 65 * S + 1)],
  });
  const where = (log.grep("taskLaunched", "t1")[0] as string).split(" ")[3];
  assert.equal(log.grep("agentLost"), ["t=90 agentLost a2 cause=1"]);
  assert.equal(log.grep("agentBack"), ["t=165 agentBack a2 cause=1"]);
  assert.equal(log.grep("taskEnded"), [`t=90 taskEnded ${where === "a2" ? "t1" : "t2"} TASK_LOST requeued cause=1`]);
  assert.equal(log.grep("taskRecovered"), [`t=165 taskRecovered ${where === "a2" ? "t1" : "t2"} a2`]);
});

test("agentRemovalRateLimit spaces the markings, and a pong before the permit cancels one (RateLimiter, SlaveObserver::markUnreachable)", async () => {
  // Three agents cut off at 10 s, all due at 90. With 1 permit per 60 s: a1 at 90, a2
  // at 150, a3 at 210. a2's partition heals at 100: its next ping (105) is answered
  // before its permit (150), so it is not marked, and the permit at 150 goes to a3.
  const { log } = await run([machine(0, "a1", 1, 1024), machine(0, "a2", 1, 1024), machine(0, "a3", 1, 1024)], {
    frameworks: [plain],
    horizon: 300 * S,
    master: { ...DEFAULT_MASTER, agentRemovalRateLimit: "1/60s" },
    failures: [failure.partition(10 * S, ["a1"], null), failure.partition(10 * S, ["a2"], 90 * S), failure.partition(10 * S, ["a3"], null)],
  });
  assert.equal(log.grep("agentLost"), ["t=90 agentLost a1 cause=0", "t=150 agentLost a3 cause=2"]);
});

test("MESOS-7215: an unreachable agent's tasks are not killed when it comes back; a framework that has not relaunched them takes them back, partition-aware or not", async () => {
  // One agent: nowhere to relaunch. tp launched at 0, tw at the run at 1. Crash at
  // 10 s (the checkpointing frameworks' executors wait up to recovery_timeout, 15
  // min), marked at 90, restarted at 210. tw's run time (150 s from 1) ran out while
  // it was away: its end is reported when the agent is back. tp runs on to 1000 s.
  const { log } = await run([machine(0, "a1", 2, 2048), task(0, "tp", "p", 1, 512, 1000 * S), task(0, "tw", "w", 1, 512, 150 * S)], {
    frameworks: [plain, aware],
    horizon: 1100 * S,
    failures: [failure.crash(10 * S, ["a1"], 200 * S)],
  });
  assert.equal(story(log.grep("t")).filter((l) => !l.startsWith("t=0 ")), [
    "t=1 taskLaunched tw a1 attempts=0",
    "t=1 taskRunning tw",
    "t=10 failureBegan 0 agent-crash a1",
    "t=90 taskEnded tp TASK_LOST requeued cause=0",
    "t=90 taskEnded tw TASK_UNREACHABLE requeued cause=0",
    "t=90 agentLost a1 cause=0",
    "t=90 agentRemoved a1",
    "t=210 agentAdded a1 cpus:2;mem:2048",
    "t=210 agentBack a1 cause=0",
    "t=210 taskRecovered tp a1",
    "t=210 taskRecovered tw a1",
    "t=210 taskEnded tw TASK_FINISHED",
    "t=1000 taskEnded tp TASK_FINISHED",
    "t=1100 runEnded",
  ]);
});

test("a task its framework relaunched elsewhere meanwhile: the copy on the returning agent is shut down, not taken back", async () => {
  // t1 on a1 (a2 joins at 1 s). a1 is cut off at 10, marked at 90. The framework
  // declined a2 at 1, 6, …, 86 (5 s filters; it never suppresses, so the requeue does
  // not revive): t1 is relaunched on a2 at the offer of 91. When a1 heals at 300 its
  // copy is not taken back.
  const { log } = await run([machine(0, "a1", 1, 1024), machine(S, "a2", 1, 1024), task(0, "t1", "p", 1, 512, 1000 * S)], {
    frameworks: [plain],
    horizon: 400 * S,
    failures: [failure.partition(10 * S, ["a1"], 290 * S)],
  });
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched t1 a1 attempts=0", "t=91 taskLaunched t1 a2 attempts=0"]);
  assert.equal(log.grep("agentBack"), ["t=300 agentBack a1 cause=0"]);
  assert.equal(log.grep("taskRecovered"), []);
  // a1 is whole again: offered in full after it is back.
  assert.ok(log.grep("offerMade", " a1 cpus:1;mem:1024").some((l) => Number(l.slice(2, l.indexOf(" "))) >= 300), log.lines.join("\n"));
});

test("a crash disconnects the agent: no offers for it, tasks of frameworks that do not checkpoint lost at once (TASK_LOST, REASON_SLAVE_DISCONNECTED); checkpointed ones run on across a restart before the marking (Master::exited)", async () => {
  const nocheck = framework("nocheck", ["n"], { suppressWhenIdle: false, checkpoint: false, capabilities: ["PARTITION_AWARE"] });
  const { log } = await run([machine(0, "a1", 2, 2048), task(0, "tp", "p", 1, 512, 100 * S), task(0, "tn", "n", 1, 512, 100 * S)], {
    frameworks: [plain, nocheck],
    horizon: 60 * S,
    failures: [failure.crash(10 * S, ["a1"], 30 * S)],
  });
  // TASK_LOST even to a partition-aware framework: `removeFramework(Slave*, Framework*)`.
  assert.equal(log.grep("taskEnded"), ["t=10 taskEnded tn TASK_LOST requeued cause=0"]);
  // Deactivated from 10 to 40 s: no offer in between; tn relaunched once it is back.
  assert.equal(log.grep("offerMade").filter((l) => { const t = Number(l.slice(2, l.indexOf(" "))); return t > 10 && t < 40; }), []);
  assert.equal(log.grep("taskLaunched", "tn"), ["t=0 taskLaunched tn a1 attempts=0", "t=40 taskLaunched tn a1 attempts=0"]);
  assert.equal(log.grep("agentLost"), []);
});

test("a restart after recovery_timeout: the executors ended while the agent was down, its tasks are TASK_GONE (TASK_LOST if not partition-aware) when it re-registers (Slave::reregisterExecutorTimeout)", async () => {
  // recoveryTimeout 30 s: executors end at 40; the agent restarts at 60, before the
  // marking at 90, and re-registers without them.
  const { log } = await run([machine(0, "a1", 2, 2048), task(0, "tp", "p", 1, 512, 1000 * S), task(0, "tw", "w", 1, 512, 1000 * S)], {
    frameworks: [plain, aware],
    horizon: 70 * S,
    failures: [failure.crash(10 * S, ["a1"], 50 * S, 30 * S)],
  });
  assert.equal(log.grep("taskEnded").sort(), ["t=60 taskEnded tp TASK_LOST requeued cause=0", "t=60 taskEnded tw TASK_GONE requeued cause=0"]);
});

test("agentReregisterTimeout: a disconnected agent that has not re-registered is marked unreachable, here before the health checks would (Master::agentReregisterTimeout)", async () => {
  // Pings every 15 min: the health checks would mark it 5 × 15 min after its first
  // missed ping; the 10 min re-registration timer from the disconnection at 10 s marks
  // it at 610 s.
  const { log } = await run([machine(0, "a1", 1, 1024)], {
    frameworks: [plain],
    horizon: 700 * S,
    master: { ...DEFAULT_MASTER, agentPingTimeout: 900 * S },
    failures: [failure.crash(10 * S, ["a1"], null)],
  });
  assert.equal(log.grep("agentLost"), ["t=610 agentLost a1 cause=0"]);
});

test("launches sent to a partitioned agent never arrive (TASK_DROPPED, or TASK_LOST if not partition-aware), and its tasks' ends wait for the heal (Slave::reregistered, status update retries)", async () => {
  // a1 is cut off at 10 but still offered (the master does not know yet); tasks that
  // arrive at 20 are launched there and never start. t0 ends at 30 on the agent; its
  // update reaches the master at the heal, 50 s.
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t0", "p", 1, 512, 30 * S), task(20 * S, "tp", "p", 1, 512, 100 * S), task(20 * S, "tw", "w", 1, 512, 100 * S)], {
    frameworks: [plain, aware],
    horizon: 55 * S,
    failures: [failure.partition(10 * S, ["a1"], 40 * S)],
  });
  // tp first runs at 50, relaunched after its launch was found lost.
  assert.equal(log.grep("taskRunning", " tp"), ["t=50 taskRunning tp"]);
  assert.equal(log.grep("taskEnded"), [
    "t=50 taskEnded t0 TASK_FINISHED",
    "t=50 taskEnded tp TASK_LOST requeued cause=0",
    "t=50 taskEnded tw TASK_DROPPED requeued cause=0",
  ]);
});

test("a random crash process on every agent draws its own times per agent, the same for the same seed (stream sim/failures/<index>)", async () => {
  const every = { kind: "agent-crash" as const, at: null, every: { mtbf: 100 * S, mttr: 10 * S, start: 0, end: 400 * S }, agents: { kind: "all" as const }, restartAfter: null, recoveryTimeout: 900 * S };
  const records = [machine(0, "a1", 1, 1024), machine(0, "a2", 1, 1024)];
  const one = await run(records, { frameworks: [plain], horizon: 500 * S, failures: [every] });
  const two = await run(records, { frameworks: [plain], horizon: 500 * S, failures: [every] });
  const other = await run(records, { frameworks: [plain], horizon: 500 * S, failures: [every], seed: 2 });
  const crashes = one.log.grep("failureBegan");
  assert.ok(crashes.length >= 2, crashes.join("\n"));
  assert.ok(crashes.some((l) => l.endsWith(" a1")) && crashes.some((l) => l.endsWith(" a2")), crashes.join("\n"));
  assert.equal(two.log.lines, one.log.lines);
  assert.equal(two.log.events, one.log.events);
  assert.not.equal(other.log.grep("failureBegan"), crashes);
});

test.run();
