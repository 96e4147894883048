// synth is a pure function of (spec, seed), byte for byte; fit and synth
// round-trip within the tolerances fit promises (FIT_TOLERANCE): arrival rate
// within 10 %, shape mix within 0.05 total variation distance, each role's total
// tasks within 5 % and its priority mix within 0.05 per band (issue 10 §6).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { convertTrace } from "../../traces/convert-trace.ts";
import { FIT_TOLERANCE, fitRecords, fitTrace, foldSizes } from "../../traces/synth/fit-trace.ts";
import { readCanonicalTrace } from "../../traces/canonical/canonical-reader.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
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
    {
      // A heavy job-size tail (hundreds of distinct sizes, the largest in the
      // hundreds) and a mix of priorities over Google's bands: what fit used to cut
      // to 32 sizes (a batch role lost 6 % of its tasks) and drop (priority).
      name: "tail",
      arrivals: { kind: "poisson", ratePerSecond: 0.03 },
      tasksPerJob: { kind: "lognormal", mu: 1, sigma: 1 },
      shapes: [{ weight: 1, cpus: 2, mem: 4096, disk: 0, gpus: 0 }],
      durations: null,
      priority: { values: [0, 4, 9, 10], weights: [0.2, 0.3, 0.4, 0.1] },
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

/** Google's priority bands (free 0–1, middle 2–8, production 9–11; docs/trace-sources.md), null apart. */
const band = (p: number | null): string => (p === null ? "none" : p <= 1 ? "free" : p <= 8 ? "middle" : "production");

/** Per role: tasks, and the share of tasks in each priority band. */
async function taskStats(path: string): Promise<Map<string, { tasks: number; bands: Map<string, number> }>> {
  const roles = new Map<string, { tasks: number; bands: Map<string, number> }>();
  await readCanonicalTrace(path, () => {}, (r) => {
    if (r.type !== "task" || r.initial) return;
    let s = roles.get(r.role);
    if (s === undefined) roles.set(r.role, (s = { tasks: 0, bands: new Map() }));
    s.tasks += r.instances;
    s.bands.set(band(r.priority), (s.bands.get(band(r.priority)) ?? 0) + r.instances);
  });
  return roles;
}

/** Fit → synth → fit: compares rates and shape mixes of the two fitted specs, and tasks and priority bands of the two traces. */
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
  // The acceptance test of issue 10 §6: each role's total tasks within 5 %, and its
  // priority mix within 0.05 per band, from the trace to its regenerated copy.
  const before = await taskStats(tracePath);
  const after = await taskStats(join(dir, "regen.jsonl"));
  for (const role of first.roles) {
    const a = before.get(role.name);
    const b = after.get(role.name);
    if (a === undefined || a.tasks < 1000) continue; // too few for a 5 % check; pooled "other" is compared below
    if (b === undefined) throw new Error(`${role.name}: no tasks regenerated`);
    assert.ok(Math.abs(b.tasks / a.tasks - 1) <= FIT_TOLERANCE.totalTasks, `${role.name}: ${a.tasks} tasks in the trace, ${b.tasks} regenerated`);
    for (const k of new Set([...a.bands.keys(), ...b.bands.keys()])) {
      const d = Math.abs((a.bands.get(k) ?? 0) / a.tasks - (b.bands.get(k) ?? 0) / b.tasks);
      assert.ok(d <= FIT_TOLERANCE.priorityBand, `${role.name}: priority band ${k} share differs by ${d}`);
    }
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

test("fit keeps the job-size tail: the largest job stays, and job and task counts are exact (issue 10 §6: 309 observed, 54 fitted)", () => {
  // 40 distinct sizes 1..39 and one job of 309: more than the 32 kept.
  const sizes = new Map<number, number>([[309, 1]]);
  for (let k = 1; k < 40; k++) sizes.set(k, 100 - 2 * k);
  const kept = foldSizes(sizes, 32);
  assert.is(kept.length, 32);
  assert.is(kept.at(-1)?.[0], 309, "the largest size is kept");
  assert.is(kept[0]?.[0], 1, "the smallest size is kept");
  const jobs = (m: Iterable<[number, number]>) => [...m].reduce((a, [, n]) => a + n, 0);
  const tasks = (m: Iterable<[number, number]>) => [...m].reduce((a, [k, n]) => a + k * n, 0);
  // Each dropped size k between kept lo < k < hi goes (hi−k)/(hi−lo) to lo and (k−lo)/(hi−lo) to hi.
  assert.ok(Math.abs(jobs(kept) - jobs(sizes)) < 1e-9);
  assert.ok(Math.abs(tasks(kept) - tasks(sizes)) < 1e-6, `${tasks(kept)} vs ${tasks(sizes)}`);
});

test("fit: a 2-day diurnal trace is fitted as diurnal over its declared 2-day window, not as Poisson up to its last submit", async () => {
  const dir = scratchDir();
  const twoDays: SynthSpec = { ...SPEC, durationSeconds: 2 * 86400, roles: [SPEC.roles[0] as RoleSpec] };
  await synthesizeTrace({ specPath: writeSpec(dir, twoDays), seed: 4, out: join(dir, "s.jsonl") });
  const fitted = (await fitTrace({ tracePath: join(dir, "s.jsonl"), out: join(dir, "f.json") })).spec;
  assert.is(fitted.durationSeconds, 2 * 86400, "the span is the window synth declared in the header");
  assert.is(fitted.roles[0]?.arrivals.kind, "diurnal");
});

test("fit: without a declared window the span runs to the last event, task ends included, not the last submit", () => {
  const task = (id: string, time: number, end: number | null): TraceRecord => ({
    type: "task", time, id, job: id, initial: false, role: "r", user: null, instances: 1, start: null, end, duration: null,
    status: "finished", request: { cpus: 1, mem: 1, disk: 0, gpus: 0 }, priority: null, constraints: [], machine: null,
  });
  // Last submit at 100 s, last end at 400 s: two jobs over 400 s.
  const spec = fitRecords([task("a", 0, 50e6), task("b", 100e6, 400e6)]);
  assert.is(spec.durationSeconds, 400);
  assert.is(spec.roles[0]?.arrivals.ratePerSecond, 2 / 400);
});

test("fit writes each role's priority mix and synth draws it (per job, from its own stream)", async () => {
  const dir = scratchDir();
  await synthesizeTrace({ specPath: writeSpec(dir, SPEC), seed: 2, out: join(dir, "s.jsonl") });
  const fitted = (await fitTrace({ tracePath: join(dir, "s.jsonl"), out: join(dir, "f.json") })).spec;
  const byName = new Map(fitted.roles.map((r) => [r.name, r.priority]));
  assert.is(byName.get("prod"), 10);
  assert.is(byName.get("batch"), null);
  const tail = byName.get("tail");
  if (tail === null || typeof tail !== "object") throw new Error(`expected a mix, got ${JSON.stringify(tail)}`);
  assert.equal(tail.values, [0, 4, 9, 10]);
  [0.2, 0.3, 0.4, 0.1].forEach((w, i) => assert.ok(Math.abs((tail.weights[i] as number) - w) < 0.02, `weight of ${tail.values[i]}: ${tail.weights[i]}`));
});

test("a bad spec is exit 2 naming the file and the field", async () => {
  const dir = scratchDir();
  const bad = { ...SPEC, roles: [{ ...SPEC.roles[0], arrivals: { kind: "poisson", ratePerSecond: -1 } }] };
  const p = join(dir, "bad.json");
  writeFileSync(p, JSON.stringify(bad));
  await expectBadInput(() => synthesizeTrace({ specPath: p, seed: 1, out: join(dir, "o.jsonl") }), /bad\.json:1:\d+: roles\[0\]\.arrivals\.ratePerSecond: expected a number in \[0, 1e6\] \(got -1\)/);
  writeFileSync(p, JSON.stringify({ ...SPEC, format: "other" }));
  await expectBadInput(() => synthesizeTrace({ specPath: p, seed: 1, out: join(dir, "o.jsonl") }), /bad\.json:1:\d+: format: expected "mesosim-synth\/1" \(got "other"\)/);
});

test.run();
