// Task counts (docs/report-format.md, "Tasks"; experiment format, "Invariants"):
// every task submitted is, at the end, in exactly one of pending, running,
// finished, failed, killed, lost, abandoned. Checked over random lifecycles that
// follow the record order of sim/records/run-records.ts, overall and per role and
// framework; and the recorder keeps nothing of a task once it is over.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { TaskCounts } from "../../reports/scope-state.ts";
import { TASK_END_STATES } from "../../sim/records/run-records.ts";
import { amounts, finish, recorder, s, start } from "./record-stream.ts";

/** One task's fate: launches (each ending in a requeue), then how it ends. */
const lifecycle = fc.record({
  role: fc.constantFrom("a", "b"),
  requeues: fc.nat(2),
  end: fc.constantFrom(...TASK_END_STATES, "abandoned", "pending", "running"),
});

function addsUp(t: TaskCounts): boolean {
  return t.submitted === t.finished + t.failed + t.killed + t.lost + t.abandoned + t.pendingAtEnd + t.runningAtEnd;
}

test("the task counts add up, overall, per role and per framework", () => {
  fc.assert(
    fc.property(fc.array(lifecycle, { maxLength: 30 }), (tasks) => {
      const r = recorder();
      start(r, [{ role: "a", weight: 1 }, { role: "b", weight: 2 }]);
      r.agentAdded(0, "x", amounts(1000, 1000), "");
      r.frameworkRegistered(0, "fa", "batch", ["a"]);
      r.frameworkRegistered(0, "fb", "batch", ["b"]);
      let now = 0;
      tasks.forEach((t, i) => {
        const id = `t${i}`;
        r.taskSubmitted(s(now++), id, `j${i % 4}`, `f${t.role}`, t.role, amounts(1, 1));
        for (let k = 0; k < t.requeues; k++) {
          r.taskLaunched(s(now++), id, "x", k);
          r.taskEnded(s(now++), id, "TASK_LOST", true);
        }
        if (t.end === "pending") return;
        if (t.end === "abandoned") return r.taskAbandoned(s(now++), id);
        r.taskLaunched(s(now++), id, "x", 0);
        if (t.end !== "running") r.taskEnded(s(now++), id, t.end, false);
      });
      r.runEnded(s(now));
      const alive = r.alive;
      const summary = finish(r);
      const expectAlive = tasks.filter((t) => t.end === "pending" || t.end === "running").length;
      const launched = tasks.filter((t) => t.requeues > 0 || (t.end !== "pending" && t.end !== "abandoned")).length;
      return (
        addsUp(summary.tasks) &&
        summary.roles.every((x) => addsUp(x.tasks)) &&
        summary.frameworks.length === 2 &&
        summary.tasks.submitted === tasks.length &&
        summary.tasks.launched === launched &&
        summary.tasks.lost === tasks.filter((t) => ["TASK_LOST", "TASK_GONE", "TASK_UNREACHABLE", "TASK_DROPPED", "TASK_GONE_BY_OPERATOR"].includes(t.end)).length &&
        alive.tasks === expectAlive
      );
    }),
    { numRuns: 150, seed: 11 },
  );
});

test("memory follows what is alive: after 20,000 finished tasks the recorder holds no task, job or offer", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }]);
  r.agentAdded(0, "x", amounts(10, 10), "");
  r.frameworkRegistered(0, "f", "batch", ["a"]);
  for (let i = 0; i < 20_000; i++) {
    r.offerMade(s(i), i, "f", "a", "x", amounts(10, 10));
    r.taskSubmitted(s(i), `t${i}`, `j${i}`, "f", "a", amounts(1, 1));
    r.offerEnded(s(i), i, "accepted");
    r.taskLaunched(s(i), `t${i}`, "x", 0);
    r.taskEnded(s(i + 0.5), `t${i}`, "TASK_FINISHED", false);
  }
  assert.equal(r.alive, { tasks: 0, jobs: 0, offers: 0, agents: 1 });
  r.runEnded(s(20_000));
  const summary = finish(r);
  assert.is(summary.tasks.finished, 20_000);
  assert.is(summary.latency.jobComplete.count, 20_000);
});

test("records out of the documented order are refused with the call, time and id named", () => {
  const r = recorder();
  assert.throws(() => r.agentAdded(0, "x", amounts(1, 1), ""), /agentAdded .*before runStarted/);
  start(r, [{ role: "a", weight: 1 }]);
  r.agentAdded(s(5), "x", amounts(1, 1), "");
  assert.throws(() => r.agentAdded(s(4), "y", amounts(1, 1), ""), /agentAdded at 5000000 µs: time 4000000 µs is before/);
  assert.throws(() => r.taskSubmitted(s(5), "t", "j", "nobody", "a", amounts(1, 1)), /framework 'nobody' was never registered/);
  r.frameworkRegistered(s(5), "f", "batch", ["a"]);
  assert.throws(() => r.taskSubmitted(s(5), "t", "j", "f", "zzz", amounts(1, 1)), /role 'zzz' has no weight set/);
  assert.throws(() => r.taskLaunched(s(5), "ghost", "x", 0), /task 'ghost' is not pending or running/);
  r.taskSubmitted(s(5), "t", "j", "f", "a", amounts(1, 1));
  assert.throws(() => r.taskLaunched(s(5), "t", "nowhere", 0), /agent 'nowhere' is not registered/);
  assert.throws(() => r.taskEnded(s(5), "t", "TASK_FINISHED", false), /task 't' is not launched/);
  assert.throws(() => r.offerEnded(s(5), 3, "declined"), /offer 3 is not outstanding/);
  assert.throws(() => r.roleWeight(s(5), "a", 0), /weight 0 is not above 0/);
  r.runEnded(s(6));
  assert.throws(() => r.event(s(7), "k", ""), /after runEnded/);
});

test("an offer on an agent that is not registered is refused once it outlives the instant it was made at, or at its agent's removal", () => {
  const r = recorder();
  start(r, [{ role: "a", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["a"]);
  r.agentAdded(0, "x", amounts(1, 1), "");
  r.offerMade(s(1), 1, "f", "a", "x", amounts(1, 1));
  r.offerMade(s(1), 2, "f", "a", "nowhere", amounts(1, 1));
  assert.throws(() => r.event(s(2), "k", ""), /offerMade at 1000000 µs: agent 'nowhere' is not registered/);
  const q = recorder();
  start(q, [{ role: "a", weight: 1 }]);
  q.frameworkRegistered(0, "f", "batch", ["a"]);
  q.agentAdded(0, "x", amounts(1, 1), "");
  q.offerMade(s(1), 1, "f", "a", "nowhere", amounts(1, 1));
  assert.throws(() => q.agentRemoved(s(1), "x"), /offerMade at 1000000 µs: agent 'nowhere' is not registered/);
});

test.run();
