// Routing workload tasks to frameworks (docs/experiment-format.md, `frameworks`):
// "Every workload task goes to the first framework whose `tasks` selector matches
// … A task that matches none goes to a framework created for its role, named after
// the role, with the `batch` model and the defaults above." The workload's roles are
// known only as it is read, so a role that cannot have such a framework is bad
// input (exit 2) when its first unmatched task arrives, never a crash.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { framework, machine, run, S, task } from "./helpers.ts";

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { message: string; exitCode?: number };
    assert.is(e.exitCode, 2, e.message);
    return e.message;
  }
  throw new Error("the run completed");
}

test("a task that matches no selector goes to a framework made for its role, never to a listed framework that shares the role's name", async () => {
  // Listed: "web", subscribed to role batch, taking batch's tasks. A task of role
  // web matches no selector; its framework would be named "web" too.
  const msg = await failure(run([machine(0, "m1", 4, 4096), task(0, "t1", "web", 1, 512, S)], { frameworks: [framework("web", ["batch"])] }));
  assert.is(msg, 'workload.0: task t1: matches no framework\'s `tasks`, and a framework made for its role "web" would be named "web", as frameworks.0 is: rename that framework, or give the role a framework');
  // Matched by a listed framework's selector, it is that framework's, whatever its name.
  const { log } = await run([machine(0, "m1", 4, 4096), task(0, "t1", "web", 1, 512, S)], { frameworks: [framework("web", ["batch"], { tasks: { kind: "roles", roles: ["web"] } })] });
  assert.equal(log.grep("taskSubmitted"), ["t=0 taskSubmitted t1 web"]);
  assert.equal(log.grep("frameworkRegistered"), ["t=0 frameworkRegistered web"]);
});

test("a workload role that is not a valid Mesos role is exit 2 naming the source and task, not an allocator error", async () => {
  const msg = await failure(run([machine(0, "m1", 4, 4096), task(0, "t1", "bad role", 1, 512, S)]));
  assert.match(msg, /^workload\.0: task t1: matches no framework's `tasks`, and a framework made for its role "bad role" would be in an invalid role \(.*whitespace\): rename the role with `roleMap`/);
});

test("a hierarchical workload role (team/web) with no listed framework is exit 2 naming the role, not an allocator error: a framework's name cannot hold its '/'", async () => {
  const msg = await failure(run([machine(0, "m1", 4, 4096), task(0, "t1", "team/web", 1, 512, S)]));
  assert.is(
    msg,
    'workload.0: task t1: matches no framework\'s `tasks`, and a framework made for its role "team/web" would be named "team/web", and a framework\'s name cannot contain "/": give the role a framework (e.g. {name: team-web, roles: [team/web], tasks: {role: team/web}})',
  );
  // With the framework the message suggests, the task runs in its hierarchical role.
  const { log } = await run([machine(0, "m1", 4, 4096), task(0, "t1", "team/web", 1, 512, S)], { frameworks: [framework("team-web", ["team/web"], { tasks: { kind: "roles", roles: ["team/web"] } })] });
  assert.equal(log.grep("taskLaunched"), ["t=0 taskLaunched t1 m1 attempts=0"]);
});

test.run();
