// Issue 10 §2–3: nothing is written that our own readers reject. Whatever
// `convert` and `synth` write, `info` (the canonical reader) reads with success;
// otherwise they refuse the input with exit 2 and write nothing. Rows are
// hostile but parseable: huge, tiny, negative, NaN-ish and exponent values in
// the numeric fields of a few formats; synth specs span their documented ranges
// and beyond (heavy tails, huge shapes).
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import { SYNTH_FORMAT, type Distribution, type SynthSpec } from "../../traces/synth/synth-spec.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import { expectBadInput, scratchDir } from "./helpers.ts";

/** Number text a source could hold: ordinary, huge, tiny, negative, NaN-ish, odd exponents. */
const hostileNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0", "1", "-1", "-0", "0.5", "1e308", "1.7976931348623157e308", "1e20", "1e-300", "4.9e-324", "9".repeat(25),
    "9007199254740993", "NaN", "Infinity", "-Infinity", "inf", "1e", "0x10", "2.5e+3", "1E-5", "",
  ),
  fc.integer({ min: -1000, max: 100000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
  fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -330, max: 330 })).map(([m, e]) => `${m}e${e}`),
);
const small = (min: number, max: number) => fc.integer({ min, max }).map(String);

interface Format {
  format: TraceFormat;
  /** A published file name, so the table is recognised. */
  file: string;
  header: string[];
  row: fc.Arbitrary<string>;
}

const FORMATS: Format[] = [
  {
    format: "google-2011",
    file: "task_events/part-00000-of-00001.csv",
    header: [],
    // time, missing info, job, index, machine, event, user, class, priority, cpu, mem, disk, distinct
    row: fc
      .tuple(hostileNumber, small(1, 3), small(0, 2), small(0, 8), small(0, 11), hostileNumber, hostileNumber, hostileNumber, small(0, 1))
      .map(([t, job, index, ev, prio, cpu, mem, disk, d]) => `${t},,${job},${index},,${ev},alice,2,${prio},${cpu},${mem},${disk},${d}`),
  },
  {
    format: "swf",
    file: "log.swf",
    header: ["; Version: 2.2"],
    // id, submit, wait, run, procs, cpu, mem, req procs, req time, req mem, status, user, group, 5 more
    row: fc
      .tuple(small(1, 5), hostileNumber, hostileNumber, hostileNumber, hostileNumber, hostileNumber, hostileNumber, fc.constantFrom("0", "1", "5", "-1"))
      .map(([id, submit, wait, run, procs, reqProcs, reqMem, status]) => `${id} ${submit} ${wait} ${run} ${procs} -1 -1 ${reqProcs} -1 ${reqMem} ${status} 1 1 -1 -1 -1 -1 -1`),
  },
  {
    format: "alibaba-2017",
    file: "batch_task.csv",
    header: [],
    // create time, end time, job, task, instances, status, plan_cpu, plan_mem
    row: fc
      .tuple(hostileNumber, hostileNumber, small(1, 3), small(1, 3), hostileNumber, fc.constantFrom("Terminated", "Failed", "Running", "Waiting"), hostileNumber, hostileNumber)
      .map(([c, e, job, task, n, s, cpu, mem]) => `${c},${e},${job},${task},${n},${s},${cpu},${mem}`),
  },
  {
    format: "openb",
    file: "openb_pod_list_default.csv",
    header: ["name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time"],
    row: fc
      .tuple(small(0, 5), hostileNumber, hostileNumber, hostileNumber, hostileNumber, fc.constantFrom("Running", "Succeeded", "Failed", "Pending"), hostileNumber, hostileNumber, hostileNumber)
      .map(([n, cpu, mem, gpus, gpuMilli, phase, c, d, s]) => `openb-pod-${n},${cpu},${mem},${gpus},${gpuMilli},,LS,${phase},${c},${d},${s}`),
  },
];

/** Runs `write` (convert or synth into `out`): exit 2 and no file, or a file `info` reads. */
async function writtenIsReadable(out: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const e = err as { exitCode?: number; message?: string };
    if (e.exitCode !== 2) throw err;
    assert.not.ok(existsSync(out), `refused (${e.message}) but wrote ${out}`);
    return;
  }
  // Throws (and so fails the property) if info rejects what was written.
  await traceInfo({ paths: [out] });
}

for (const f of FORMATS) {
  test(`${f.format}: what convert writes from hostile rows, info reads (or convert refuses with exit 2), with and without --skip-bad`, async () => {
    const dir = scratchDir();
    try {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(f.row, { minLength: 1, maxLength: 6 }), fc.boolean(), async (rows, skipBad) => {
          const sub = join(dir, String(run++));
          const input = join(sub, f.file);
          mkdirSync(join(input, ".."), { recursive: true });
          writeFileSync(input, [...f.header, ...rows].join("\n") + "\n");
          const out = join(sub, "out.jsonl");
          await writtenIsReadable(out, () => convertTrace({ format: f.format, inputs: [input], out, reference: DEFAULT_REFERENCE_MACHINE, skipBad }));
        }),
        { numRuns: 12, seed: 10 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const distribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc.record({ kind: fc.constant("fixed" as const), value: fc.oneof(fc.double({ min: 0.001, max: 1e4, noNaN: true }), fc.constantFrom(1e10, 1e12, 1e300)) }),
  fc.record({ kind: fc.constant("lognormal" as const), mu: fc.double({ min: -5, max: 60, noNaN: true }), sigma: fc.double({ min: 0.01, max: 5, noNaN: true }) }),
  fc.record({ kind: fc.constant("pareto" as const), scale: fc.double({ min: 0.01, max: 1e6, noNaN: true }), shape: fc.double({ min: 0.05, max: 5, noNaN: true }) }),
);
const amountArb = fc.oneof(fc.double({ min: 0, max: 512, noNaN: true }), fc.constantFrom(0, 1e12, 1e13, 1e300));
const specArb: fc.Arbitrary<SynthSpec> = fc.record({
  format: fc.constant(SYNTH_FORMAT),
  durationSeconds: fc.integer({ min: 1, max: 3600 }),
  machines: fc.array(fc.record({ count: fc.integer({ min: 0, max: 3 }), cpus: amountArb, mem: amountArb, disk: fc.constant(0), gpus: fc.constant(0), attributes: fc.constant({}) }), { maxLength: 2 }),
  roles: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom("a", "b"),
      arrivals: fc.record({ kind: fc.constant("poisson" as const), ratePerSecond: fc.double({ min: 0, max: 0.05, noNaN: true }) }),
      tasksPerJob: fc.record({ kind: fc.constant("fixed" as const), value: fc.integer({ min: 1, max: 3 }) }),
      shapes: fc.array(fc.record({ weight: fc.double({ min: 0.1, max: 1, noNaN: true }), cpus: amountArb, mem: amountArb, disk: fc.constant(0), gpus: fc.constant(0) }), { minLength: 1, maxLength: 2 }),
      durations: fc.option(distribution, { nil: null }),
      priority: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 2, selector: (r) => r.name },
  ),
});

test("synth: what it writes from random specs (heavy tails, huge shapes), info reads, or it refuses the spec with exit 2", async () => {
  const dir = scratchDir();
  try {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(specArb, fc.integer({ min: 0, max: 1000 }), async (spec, seed) => {
        const sub = join(dir, String(run++));
        mkdirSync(sub);
        const specPath = join(sub, "spec.json");
        writeFileSync(specPath, JSON.stringify(spec));
        const out = join(sub, "out.jsonl");
        await writtenIsReadable(out, () => synthesizeTrace({ specPath, seed, out }));
      }),
      { numRuns: 30, seed: 10 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("synth refuses a duration past the clock's range instead of writing it (a fixed 10^12 s is past 2^53 − 1 µs)", async () => {
  const dir = scratchDir();
  const spec: SynthSpec = {
    format: SYNTH_FORMAT,
    durationSeconds: 100,
    machines: [],
    roles: [{ name: "r", arrivals: { kind: "poisson", ratePerSecond: 1 }, tasksPerJob: { kind: "fixed", value: 1 }, shapes: [{ weight: 1, cpus: 1, mem: 1, disk: 0, gpus: 0 }], durations: { kind: "fixed", value: 1e12 }, priority: null }],
  };
  const specPath = join(dir, "spec.json");
  writeFileSync(specPath, JSON.stringify(spec));
  await expectBadInput(() => synthesizeTrace({ specPath, seed: 1, out: join(dir, "o.jsonl") }), /spec\.json/, /duration/);
  assert.not.ok(existsSync(join(dir, "o.jsonl")));
});

test.run();
