// A cross-check between the two ways of driving the allocator: an experiment run
// by the simulator and a scenario file that makes the same calls must see the same
// offers. The scenario is the DRF paper's worked example
// (test/scenarios/drf-paper-example.json: Ghodsi et al., NSDI 2011, §4), in which
// each framework launches one task per offer and returns the rest with no filter.
// As an experiment: two batch frameworks with `maxTasksPerOffer: 1` and
// `refuseSeconds: 0`, never suppressed, with more tasks than fit.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { framework, machine, run, S, task } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");

interface Step {
  op: string;
  seconds?: number;
  offers?: Array<{ framework: string; agents: Record<string, string> }>;
}

/** The scenario's expected offers as `t=<s> <framework> <agent> <resources>` lines. */
function scenarioOffers(path: string): string[] {
  const steps = (JSON.parse(readFileSync(path, "utf8")) as { steps: Step[] }).steps;
  let t = 0;
  const out: string[] = [];
  for (const s of steps) {
    if (s.op === "advance") t += s.seconds ?? 0;
    if (s.op !== "expectOffers") continue;
    for (const o of s.offers ?? []) for (const [agent, res] of Object.entries(o.agents)) out.push(`t=${t} ${o.framework} ${agent} ${parseResources(res).toString()}`);
  }
  return out;
}

test("the DRF paper's example: the simulator makes the offers the scenario file expects, at the same times", async () => {
  const expected = scenarioOffers(join(ROOT, "test/scenarios/drf-paper-example.json"));
  assert.is(expected.length, 6);
  const a = framework("A", ["a"], { suppressWhenIdle: false, maxTasksPerOffer: 1, refuseSeconds: 0 });
  const b = framework("B", ["b"], { suppressWhenIdle: false, maxTasksPerOffer: 1, refuseSeconds: 0 });
  const records: TraceRecord[] = [machine(0, "agent1", 9, 18432)];
  for (let i = 0; i < 5; i++) records.push(task(0, `a${i}`, "a", 1, 4096, 100 * S), task(0, `b${i}`, "b", 3, 1024, 100 * S));
  const { log } = await run(records, { frameworks: [a, b], horizon: 5.5 * S });
  // offerMade lines: `t=<s> offerMade #<id> <framework> <role> <agent> cpus:<c>;mem:<m>`.
  const actual = log.grep("offerMade").map((l) => {
    const [t, , , fw, , agent, amounts] = l.split(" ") as string[];
    const [cpus, mem] = (amounts as string).split(";").map((x) => Number(x.split(":")[1]));
    return `${t} ${fw} ${agent} ${parseResources(`${cpus ? `cpus:${cpus};` : ""}mem:${mem}`).toString()}`;
  });
  assert.equal(actual, expected);
  // And the tasks the paper's allocation ends with: A runs 3, B runs 2.
  assert.is(log.grep("taskLaunched a").length, 3);
  assert.is(log.grep("taskLaunched b").length, 2);
});

test.run();
