// synth is a pure function of (spec, seed), byte for byte; fit and synth
// round-trip within the tolerances fit promises (FIT_TOLERANCE): arrival rate
// within 10 %, shape mix within 0.05 total variation distance.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { convertTrace } from "../../traces/convert-trace.ts";
import { FIT_TOLERANCE, fitTrace } from "../../traces/synth/fit-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { SYNTH_FORMAT, type RoleSpec, type SynthSpec } from "../../traces/synth/synth-spec.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import { expectBadInput, REAL, scratchDir } from "./helpers.ts";

const SPEC: SynthSpec = {
  format: SYNTH_FORMAT,
  durationSeconds: 4 * 86400,
  machines: [{ count: 10, cpus: 32, mem: 131072, disk: 0, gpus: 0, attributes: {} }],
  roles: [
    {
      name: "prod",
      arrivals: { kind: "diurnal", ratePerSecond: 0.02, amplitude: 0.5, periodSeconds: 86400, peakSeconds: 50000 },
      tasksPerJob: { kind: "empirical", values: [1, 4, 16], weights: [0.6, 0.3, 0.1] },
      shapes: [
        { weight: 0.7, cpus: 1, mem: 2048, disk: 0, gpus: 0 },
        { weight: 0.3, cpus: 4, mem: 16384, disk: 0, gpus: 0 },
      ],
      durations: { kind: "lognormal", mu: 5, sigma: 1 },
      priority: 10,
    },
    {
      name: "batch",
      arrivals: { kind: "bursts", ratePerSecond: 0.01, burstsPerSecond: 0.0005, burstSize: 10, burstSpreadSeconds: 60 },
      tasksPerJob: { kind: "fixed", value: 2 },
      shapes: [{ weight: 1, cpus: 0.5, mem: 1024, disk: 0, gpus: 0.25 }],
      durations: { kind: "pareto", scale: 30, shape: 1.5 },
      priority: null,
    },
  ],
};

function writeSpec(dir: string, spec: SynthSpec): string {
  const p = join(dir, "spec.json");
  writeFileSync(p, JSON.stringify(spec));
  return p;
}

test("synth: the same spec and seed give a byte-identical file; another seed does not", async () => {
  const dir = scratchDir();
  const spec = writeSpec(dir, SPEC);
  await synthesizeTrace({ specPath: spec, seed: 42, out: join(dir, "a.jsonl") });
  await synthesizeTrace({ specPath: spec, seed: 42, out: join(dir, "b.jsonl") });
  await synthesizeTrace({ specPath: spec, seed: 43, out: join(dir, "c.jsonl") });
  const a = readFileSync(join(dir, "a.jsonl"));
  assert.ok(a.length > 100_000);
  assert.ok(a.equals(readFileSync(join(dir, "b.jsonl"))));
  assert.not.ok(a.equals(readFileSync(join(dir, "c.jsonl"))));
});

test("synth: adding a role does not change another role's records (one named stream per role and purpose)", async () => {
  const dir = scratchDir();
  const one: SynthSpec = { ...SPEC, roles: [SPEC.roles[0] as RoleSpec] };
  await synthesizeTrace({ specPath: writeSpec(dir, one), seed: 9, out: join(dir, "one.jsonl") });
  await synthesizeTrace({ specPath: writeSpec(dir, SPEC), seed: 9, out: join(dir, "two.jsonl") });
  const prod = (f: string) => readFileSync(join(dir, f), "utf8").split("\n").filter((l) => l.includes('"role":"prod"'));
  assert.equal(prod("one.jsonl"), prod("two.jsonl"));
});

test("synth: each arrival kind gives about its expected job count", async () => {
  const dir = scratchDir();
  await synthesizeTrace({ specPath: writeSpec(dir, SPEC), seed: 1, out: join(dir, "s.jsonl") });
  const { info } = await traceInfo({ paths: [join(dir, "s.jsonl")] });
  // prod: 0.02/s · 345,600 s = 6,912 jobs (the cosine integrates to ~0 over whole days).
  // batch: 0.01 · 345,600 = 3,456 background + 0.0005 · 345,600 · 10 = 1,728 in bursts = 5,184.
  const jobs = (role: string) => readFileSync(join(dir, "s.jsonl"), "utf8").split("\n").filter((l) => l.includes('"type":"job"') && l.includes(`"role":"${role}"`)).length;
  assert.ok(Math.abs(jobs("prod") / 6912 - 1) < 0.05, `prod jobs ${jobs("prod")}`);
  assert.ok(Math.abs(jobs("batch") / 5184 - 1) < 0.1, `batch jobs ${jobs("batch")}`);
  assert.is(info.machines, 10);
  // batch tasks ask for 0.25 GPU each: 2 tasks per job.
  assert.is(info.roles.find((r) => r.name === "batch")?.tasks, 2 * jobs("batch"));
});

/** Fit → synth → fit: compares rates and shape mixes of the two fitted specs. */
async function roundTrip(tracePath: string, dir: string): Promise<void> {
  const first = (await fitTrace({ tracePath, out: join(dir, "fit1.json") })).spec;
  await synthesizeTrace({ specPath: join(dir, "fit1.json"), seed: 5, out: join(dir, "regen.jsonl") });
  const second = (await fitTrace({ tracePath: join(dir, "regen.jsonl"), out: join(dir, "fit2.json") })).spec;
  assert.equal(second.roles.map((r) => r.name).sort(), first.roles.map((r) => r.name).sort());
  for (const a of first.roles) {
    const b = second.roles.find((r) => r.name === a.name) as RoleSpec;
    const expectedJobs = a.arrivals.ratePerSecond * first.durationSeconds;
    if (expectedJobs < 400) continue; // too few arrivals for a 10 % check to be meaningful
    const ratio = (b.arrivals.ratePerSecond * second.durationSeconds) / expectedJobs;
    assert.ok(Math.abs(ratio - 1) <= FIT_TOLERANCE.arrivalRate, `${a.name}: job count ratio ${ratio}`);
    // Total variation distance between the shape mixes.
    const key = (s: { cpus: number; mem: number; disk: number; gpus: number }) => `${s.cpus}|${s.mem}|${s.disk}|${s.gpus}`;
    const wa = new Map(a.shapes.map((s) => [key(s), s.weight]));
    const wb = new Map(b.shapes.map((s) => [key(s), s.weight]));
    let tv = 0;
    for (const k of new Set([...wa.keys(), ...wb.keys()])) tv += Math.abs((wa.get(k) ?? 0) - (wb.get(k) ?? 0));
    assert.ok(tv / 2 <= FIT_TOLERANCE.shapeMix, `${a.name}: shape mix distance ${tv / 2}`);
  }
}

test("fit recovers the parameters synth was given: rate, shape mix, lognormal durations, job sizes", async () => {
  const dir = scratchDir();
  await synthesizeTrace({ specPath: writeSpec(dir, SPEC), seed: 3, out: join(dir, "s.jsonl") });
  const fitted = (await fitTrace({ tracePath: join(dir, "s.jsonl"), out: join(dir, "f.json") })).spec;
  const prod = fitted.roles.find((r) => r.name === "prod") as RoleSpec;
  // Rate 0.02/s within 10 %; diurnal detected (4 days, amplitude 0.5 → first harmonic ≈ 0.5).
  assert.is(prod.arrivals.kind, "diurnal");
  assert.ok(Math.abs(prod.arrivals.ratePerSecond / 0.02 - 1) < FIT_TOLERANCE.arrivalRate);
  if (prod.arrivals.kind === "diurnal") assert.ok(Math.abs(prod.arrivals.amplitude - 0.5) < 0.1, `amplitude ${prod.arrivals.amplitude}`);
  // Shapes: 0.7 / 0.3 by task.
  const small = prod.shapes.find((s) => s.cpus === 1)?.weight ?? 0;
  assert.ok(Math.abs(small - 0.7) < FIT_TOLERANCE.shapeMix, `small-shape weight ${small}`);
  // Lognormal(5, 1) by maximum likelihood: durations are rounded to µs, so nearly exact.
  if (prod.durations?.kind !== "lognormal") throw new Error("expected lognormal");
  assert.ok(Math.abs(prod.durations.mu - 5) < 0.05 && Math.abs(prod.durations.sigma - 1) < 0.05);
  // Job sizes 1, 4, 16 at 0.6 / 0.3 / 0.1.
  if (prod.tasksPerJob.kind !== "empirical") throw new Error("expected empirical");
  assert.equal(prod.tasksPerJob.values, [1, 4, 16]);
  assert.ok(Math.abs((prod.tasksPerJob.weights[0] ?? 0) - 0.6) < 0.03);
  assert.is(fitted.machines[0]?.count, 10);
});

test("fit and synth round-trip on the genuine openb trace within the stated tolerances", async () => {
  const dir = scratchDir();
  const out = join(dir, "openb.jsonl");
  await convertTrace({
    format: "openb",
    inputs: [join(REAL, "alibaba-gpu-2023")],
    out,
    reference: DEFAULT_REFERENCE_MACHINE,
  });
  await roundTrip(out, dir);
});

test("fit and synth round-trip on a synthetic trace within the stated tolerances", async () => {
  const dir = scratchDir();
  await synthesizeTrace({ specPath: writeSpec(dir, SPEC), seed: 11, out: join(dir, "s.jsonl") });
  await roundTrip(join(dir, "s.jsonl"), dir);
});

test("a bad spec is exit 2 naming the file and the field", async () => {
  const dir = scratchDir();
  const bad = { ...SPEC, roles: [{ ...SPEC.roles[0], arrivals: { kind: "poisson", ratePerSecond: -1 } }] };
  const p = join(dir, "bad.json");
  writeFileSync(p, JSON.stringify(bad));
  await expectBadInput(() => synthesizeTrace({ specPath: p, seed: 1, out: join(dir, "o.jsonl") }), /bad\.json: roles\[0\]\.arrivals\.ratePerSecond/);
  writeFileSync(p, JSON.stringify({ ...SPEC, format: "other" }));
  await expectBadInput(() => synthesizeTrace({ specPath: p, seed: 1, out: join(dir, "o.jsonl") }), /format: expected "mesosim-synth\/1"/);
});

test.run();
