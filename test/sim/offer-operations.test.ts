// ACCEPT with RESERVE, UNRESERVE, CREATE and DESTROY (Master::_accept → Master::_apply,
// src/master/master.cpp; validation in src/master/validation.cpp): each test one
// behaviour, through a scripted framework model. Every run checks the invariants
// after every event (helpers.run), so the master's and the allocator's views of
// what each framework holds must agree after each operation.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Resource } from "../../allocators/resources/resource.ts";
import { OperationError, type OperationType } from "../../allocators/resources/resource-operations.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { toMilli } from "../../allocators/resources/quantities.ts";
import type { FrameworkModel, FrameworkModelFactory, OfferAnswer } from "../../sim/frameworks/framework-model.ts";
import type { SimOffer, SimTask } from "../../sim/master/master-records.ts";
import { framework, machine, run, S, task } from "./helpers.ts";

/** `name(role, DYNAMIC):value`, optionally a persistent volume `id` (disk only). */
function dyn(name: string, value: number, role: string, volume?: string): Resources {
  const meta = volume === undefined
    ? { reservations: [{ type: "DYNAMIC" as const, role }] }
    : { reservations: [{ type: "DYNAMIC" as const, role }], disk: { persistence: { id: volume }, volume: { containerPath: volume, mode: "RW" as const } } };
  return Resources.of([new Resource(name, "SCALAR", { scalar: toMilli(value) }, meta)]);
}

/** What a scripted callback sees: the offer, the answer, the callback's number (from 0), the pending tasks. */
type Step = (offer: SimOffer, answer: OfferAnswer, call: number, pending: SimTask[]) => void;

/** A framework model that runs `step` on every offer and launches nothing else; offers seen are kept as text. */
function scripted(step: Step, seen: string[]): FrameworkModelFactory {
  return (driver) => {
    const pending: SimTask[] = [];
    let call = 0;
    const model: FrameworkModel = {
      registered() {},
      workArrived(tasks) {
        pending.push(...tasks);
      },
      resourceOffers(offers, answer) {
        for (const o of offers) {
          seen.push(`t=${driver.now / S} ${o.framework.name} ${o.agent.id} ${o.resources.unallocate().toString()}`);
          step(o, answer, call, pending);
        }
        call++;
      },
      launchFailed(tasks) {
        pending.unshift(...tasks);
      },
      statusUpdate: () => false,
      offerRescinded() {},
      taskTimer() {},
    };
    return model;
  };
}

/** A model that declines everything (with `refuseSeconds` 1), keeping what it was offered. */
const watcher = (seen: string[]) => scripted(() => {}, seen);

const ops = (lines: string[]) => lines.filter((l) => l.includes("offerOperation"));

test("RESERVE converts the offer's resources in place: a launch in the same ACCEPT uses them, and the agent is offered reserved from then on (Master::_apply, Slave::apply)", async () => {
  const seen: string[] = [];
  const reserver = scripted((offer, answer, call, pending) => {
    if (call !== 0) return;
    answer.operate(offer, "RESERVE", dyn("cpus", 2, "r").plus(dyn("mem", 1024, "r")));
    const t = pending.shift() as SimTask;
    assert.ok(answer.fits(offer, t));
    answer.launch(offer, t);
  }, seen);
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1, model: "reserver" });
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "r", 1, 512, 100 * S)], { frameworks: [fw], horizon: 3.5 * S }, new Map([["reserver", reserver]]));
  assert.equal(ops(log.lines), ["t=0 offerOperation #1 RESERVE cpus(reservations: [(DYNAMIC,r)]):2; mem(reservations: [(DYNAMIC,r)]):1024"]);
  assert.equal(log.grep("taskLaunched", "t1"), ["t=0 taskLaunched t1 a1 attempts=0"]);
  // The rest came back with the 1 s filter and is offered again: the reservation is
  // part of the agent now (what the task does not hold of it, plus the unreserved rest).
  const later = seen.filter((l) => !l.startsWith("t=0 "));
  assert.ok(later.length > 0, seen.join("\n"));
  for (const l of later) assert.ok(l.includes("(DYNAMIC,r)"), l);
});

test("reserved resources are offered only to their role: another role's framework gets the unreserved rest, and them again after UNRESERVE (Resources::allocatableTo; Master::_apply)", async () => {
  const seen: string[] = [];
  // f reserves all 4 cpus at its first offer, holds them for a while, then unreserves
  // them at the offer it gets after 5 s.
  const reserver = scripted((offer, answer, call) => {
    const cpus = offer.resources.unallocate().get("cpus");
    if (call === 0) answer.operate(offer, "RESERVE", dyn("cpus", 4, "r"));
    else if (offer.madeAt >= 5 * S && cpus.reserved("r").scalar("cpus") === 4) answer.operate(offer, "UNRESERVE", dyn("cpus", 4, "r"));
  }, seen);
  const f = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1, model: "reserver" });
  const g = framework("g", ["s"], { suppressWhenIdle: false, refuseSeconds: 1, model: "watcher" });
  const { log } = await run([machine(0, "a1", 4, 4096)], { frameworks: [f, g], horizon: 10 * S }, new Map([["reserver", reserver], ["watcher", watcher(seen)]]));
  const [reserve, unreserve] = ops(log.lines);
  assert.ok(reserve?.startsWith("t=0 ") && reserve.includes("RESERVE"), ops(log.lines).join("\n"));
  assert.ok(unreserve?.includes("UNRESERVE"), ops(log.lines).join("\n"));
  const unreservedAt = Number((unreserve as string).split(" ")[0]?.slice(2));
  const toG = seen.filter((l) => l.includes(" g a1 ")).map((l) => [Number(l.split(" ")[0]?.slice(2)), l] as const);
  // Between the two operations g never sees a cpu; after the UNRESERVE it does.
  const between = toG.filter(([t]) => t > 0 && t < unreservedAt);
  const after = toG.filter(([t]) => t > unreservedAt);
  assert.ok(between.length > 0 && after.length > 0, seen.join("\n"));
  for (const [, l] of between) assert.not.ok(l.includes("cpus"), l);
  assert.ok(after.some(([, l]) => l.includes("cpus:4")), after.map(([, l]) => l).join("\n"));
});

test("CREATE makes a persistent volume of disk reserved for the role and DESTROY gives the disk back (Master::_apply; CREATE/DESTROY conversions)", async () => {
  const seen: string[] = [];
  const storer = scripted((offer, answer, call) => {
    if (call === 0) {
      answer.operate(offer, "RESERVE", dyn("disk", 100, "r"));
      answer.operate(offer, "CREATE", dyn("disk", 100, "r", "data"));
    } else if (call === 2) answer.operate(offer, "DESTROY", dyn("disk", 100, "r", "data"));
  }, seen);
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1, model: "storer" });
  const { log } = await run([machine(0, "a1", 4, 4096, { capacity: { cpus: 4, mem: 4096, disk: 1000, gpus: 0 } })], { frameworks: [fw], horizon: 7.5 * S }, new Map([["storer", storer]]));
  assert.equal(ops(log.lines).map((l) => l.split(" ").slice(0, 4).join(" ")), ["t=0 offerOperation #1 RESERVE", "t=0 offerOperation #1 CREATE", "t=4 offerOperation #3 DESTROY"]);
  const at = (t: number) => seen.find((l) => l.startsWith(`t=${t} `)) as string;
  assert.equal(at(2), "t=2 f a1 cpus:4; mem:4096; disk:900; disk(reservations: [(DYNAMIC,r)])[data:data]:100");
  // After DESTROY the disk is plain reserved disk again: no volume in the offers.
  assert.equal(at(6), "t=6 f a1 cpus:4; mem:4096; disk:900; disk(reservations: [(DYNAMIC,r)]):100");
});

test("a volume a task holds cannot be destroyed (validation::operation::validate(Destroy): persistent volumes in use)", async () => {
  const errors: string[] = [];
  const user = scripted((offer, answer, call, pending) => {
    if (call === 0) {
      answer.operate(offer, "RESERVE", dyn("disk", 100, "r"));
      answer.operate(offer, "CREATE", dyn("disk", 100, "r", "data"));
      answer.launch(offer, pending.shift() as SimTask);
    } else if (call === 1) {
      try {
        answer.operate(offer, "DESTROY", dyn("disk", 100, "r", "data"));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
  }, []);
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1, model: "user" });
  const { log } = await run(
    [machine(0, "a1", 4, 4096, { capacity: { cpus: 4, mem: 4096, disk: 100, gpus: 0 } }), task(0, "db", "r", 1, 512, 100 * S, { request: { cpus: 1, mem: 512, disk: 100, gpus: 0 } })],
    { frameworks: [fw], horizon: 3 * S },
    new Map([["user", user]]),
  );
  assert.equal(log.grep("taskLaunched", "db"), ["t=0 taskLaunched db a1 attempts=0"]);
  assert.equal(errors.length, 1);
  assert.match(errors[0] as string, /the volume is in use by task db/);
});

test("the master refuses what Mesos's validation refuses: another role's reservation, a static one unreserved, a volume on unreserved disk, resources not in the offer (validation.cpp)", async () => {
  const errors: string[] = [];
  const tryOp = (answer: OfferAnswer, offer: SimOffer, type: OperationType, r: Resources) => {
    try {
      answer.operate(offer, type, r);
      errors.push(`${type}: accepted`);
    } catch (e) {
      assert.instance(e, OperationError);
      errors.push(`${type}: ${(e as Error).message.slice((e as Error).message.indexOf("): ") + 3)}`);
    }
  };
  const bad = scripted((offer, answer, call) => {
    if (call !== 0) return;
    tryOp(answer, offer, "RESERVE", dyn("cpus", 1, "other"));
    tryOp(answer, offer, "RESERVE", dyn("cpus", 9, "r"));
    tryOp(answer, offer, "UNRESERVE", Resources.of([new Resource("cpus", "SCALAR", { scalar: toMilli(1) }, { reservations: [{ type: "STATIC", role: "r" }] })]));
    const plainVolume = Resources.of([new Resource("disk", "SCALAR", { scalar: toMilli(10) }, { disk: { persistence: { id: "v" }, volume: { containerPath: "v", mode: "RW" } } })]);
    tryOp(answer, offer, "CREATE", plainVolume);
    tryOp(answer, offer, "DESTROY", dyn("disk", 10, "r", "absent"));
  }, []);
  const fw = framework("f", ["r"], { suppressWhenIdle: false, model: "bad" });
  const { log } = await run([machine(0, "a1", 4, 4096, { capacity: { cpus: 4, mem: 4096, disk: 100, gpus: 0 } })], { frameworks: [fw], horizon: 1 * S }, new Map([["bad", bad]]));
  assert.equal(errors.length, 5);
  assert.match(errors[0] as string, /RESERVE: the reservation's role other is not the offer's allocation role/);
  assert.match(errors[1] as string, /RESERVE: cpus:9 is not left in the offer/);
  assert.match(errors[2] as string, /UNRESERVE: .* is not dynamically reserved/);
  assert.match(errors[3] as string, /CREATE: persistent volumes cannot be created from unreserved resources/);
  assert.match(errors[4] as string, /DESTROY: .* is not left in the offer/);
  // None of them was applied.
  assert.equal(ops(log.lines), []);
});

test("an offer rescinded while the framework decides drops its operations: nothing is reserved (Master::accept of an invalid offer)", async () => {
  const seen: string[] = [];
  const reserver = scripted((offer, answer) => {
    if (offer.resources.unallocate().reserved("r").isEmpty()) answer.operate(offer, "RESERVE", dyn("cpus", 2, "r"));
  }, seen);
  // Decisions take 3 s; offers time out after 2 s, so every answer comes too late.
  const fw = framework("f", ["r"], { suppressWhenIdle: false, refuseSeconds: 1, model: "reserver", decisionTime: { perCallback: 3 * S, perOffer: 0, perTask: 0 } });
  const { log } = await run([machine(0, "a1", 4, 4096)], { frameworks: [fw], horizon: 10 * S, master: { ...(await import("./helpers.ts")).experiment().master, offerTimeout: 2 * S } }, new Map([["reserver", reserver]]));
  assert.ok(log.grep("offerEnded", "timedOut").length >= 2, log.lines.join("\n"));
  assert.equal(ops(log.lines), []);
  for (const l of seen) assert.not.ok(l.includes("DYNAMIC"), l);
});

test.run();
