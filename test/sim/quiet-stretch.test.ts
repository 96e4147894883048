// A long stretch without events (a task of years, the last thing left in a run
// without a horizon) is not crossed inside one kernel event: the run hands the
// recorder the stretch a slice at a time (`RunRecorder.catchUp`), with a turn of the
// event loop between slices, so that a SIGINT during it is handled (the run's
// scratch removed) instead of waiting for millions of time-series samples.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { runSimulation } from "../../sim/run/run-simulation.ts";
import { FINISH, scratchDir } from "../reports/record-stream.ts";
import { experiment, LogRecorder, machine, NO_OPTIONS, S, task, writeTrace } from "./helpers.ts";

const INTERVAL = 60 * S;

/** Counts the time-series samples a sampling recorder would write (one per INTERVAL before each record's time). */
class SamplingRecorder extends LogRecorder {
  samples = 0;
  private next = 0;
  override event(t: number, kind: string, ids: string): void {
    while (this.next < t) this.take();
    super.event(t, kind, ids);
  }
  catchUp(time: number, max: number): boolean {
    for (let k = 0; k < max && this.next < time; k++) this.take();
    return !(this.next < time);
  }
  private take(): void {
    this.samples++;
    this.next += INTERVAL;
  }
}

const YEAR = 365 * 86_400 * S;
// One task of a year on one agent, the last thing left: about 525,600 samples of 60 s.
const records = [machine(0, "a1", 4, 4096), task(S, "t1", "r", 1, 512, YEAR)];

/** The samples the recorder had written at each turn of the event loop during a run. */
async function turns(recorder: SamplingRecorder, trace: string, horizon: number | null): Promise<number[]> {
  const seen: number[] = [];
  let running = true;
  const tick = () => {
    seen.push(recorder.samples);
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const ex = experiment({ horizon, report: { sampleInterval: INTERVAL, formats: ["json", "csv"], tasks: true, events: false } });
  await runSimulation({ experiment: ex, workload: [{ path: trace, options: NO_OPTIONS }], recorder, checkEveryEvent: true });
  running = false;
  return seen;
}

test("with a horizon, the event loop turns while the year from the last event to the horizon is sampled", async () => {
  const recorder = new SamplingRecorder();
  const seen = await turns(recorder, writeTrace([machine(0, "a1", 4, 4096), task(S, "t1", "r", 1, 512, 60 * S)]), YEAR);
  const total = recorder.samples;
  assert.ok(total >= YEAR / INTERVAL - 1, `${total} samples`);
  const midway = seen.filter((n) => n > total * 0.1 && n < total * 0.9);
  assert.ok(midway.length >= 10, `turns of the event loop at ${seen.length} points, ${midway.length} within the stretch`);
});

test("the event loop turns while a year without events is sampled, not only before and after it", async () => {
  const recorder = new SamplingRecorder();
  const seen = await turns(recorder, writeTrace(records), null);
  const total = recorder.samples;
  assert.ok(total > YEAR / INTERVAL, `${total} samples`);
  const midway = seen.filter((n) => n > total * 0.1 && n < total * 0.9);
  assert.ok(midway.length >= 10, `turns of the event loop at ${seen.length} points, ${midway.length} within the stretch`);
  assert.equal(recorder.grep("taskEnded"), [`t=${(S + YEAR) / S} taskEnded t1 TASK_FINISHED`]);
});

test("the recorder's slices are what the next record would have written: the same files as a recorder without catchUp", async () => {
  // Two roles, a task ending after the first stretch, another arriving later;
  // samples of a day, so that the first stretch (40 years, 14,610 samples) takes
  // two slices.
  const DAY = 86_400 * S;
  const trace = writeTrace([
    machine(0, "a1", 4, 4096),
    task(S, "t1", "r", 1, 512, 40 * YEAR),
    task(2 * S, "t2", "q", 2, 1024, 60 * YEAR),
    task(50 * YEAR, "t3", "r", 1, 512, 60 * S),
  ]);
  let slices = 0;
  const filesOf = async (withCatchUp: boolean) => {
    const dir = scratchDir();
    const ex = experiment({ report: { sampleInterval: DAY, formats: ["json", "csv"], tasks: true, events: true } });
    const recorder = new MetricsRecorder({ dir, sampleInterval: DAY, events: true });
    const catchUp = recorder.catchUp.bind(recorder);
    Object.defineProperty(recorder, "catchUp", {
      value: withCatchUp
        ? (time: number, max: number) => {
            slices++;
            return catchUp(time, max);
          }
        : undefined,
    });
    await runSimulation({ experiment: ex, workload: [{ path: trace, options: NO_OPTIONS }], recorder, checkEveryEvent: true });
    recorder.finish(FINISH);
    return dir;
  };
  const sliced = await filesOf(true);
  const whole = await filesOf(false);
  assert.ok(slices >= 2, `${slices} slices`);
  const files = readdirSync(sliced).filter((f) => f !== "timing.json").sort();
  assert.equal(files, ["events.jsonl", "experiment.json", "frameworks.csv", "summary.json", "tasks.csv", "timeseries.csv"]);
  assert.ok(readFileSync(join(sliced, "timeseries.csv"), "utf8").split("\n").length > 3 * 21_000);
  for (const f of files) assert.ok(readFileSync(join(sliced, f)).equals(readFileSync(join(whole, f))), f);
});

test.run();
