// `mesosim trace synth`: a seeded synthetic workload in the canonical format.
// Every random draw comes from a named stream of the one RandomSource, one stream
// per role and purpose (`traces/synth/<role>/arrivals`, …), so adding a role or
// drawing more shapes never shifts another role's numbers; the same spec and seed
// give byte-identical files. Output goes through the same sorted, atomic writer
// as `convert`.
//
// The work is bounded before it starts: a spec whose expected record count
// (estimate-records.ts) is above `maxRecords` is refused (exit 2), and arrivals are
// generated lazily, so a large permitted spec streams through the external sorter
// in bounded memory instead of building arrays V8 cannot hold.
import { dirname } from "node:path";
import { RandomSource, type RandomStream } from "../../common/random-source.ts";
import { AtomicFile, checkInputs, checkOutput, pauseForSignals } from "../../common/output-files.ts";
import { recordRangeError } from "../canonical/canonical-range.ts";
import { TraceInputError } from "../input/trace-input-error.ts";
import { ExternalSorter } from "../sort/external-sort.ts";
import { formatRecord } from "../canonical/format-record.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../canonical/reference-machine.ts";
import { MAX_DURATION_SECONDS, MAX_TASKS_PER_JOB, SynthSpecSchema, type Arrivals, type Distribution, type RoleSpec, type Shape, type SynthSpec } from "./synth-spec.ts";
import { estimateRecords } from "./estimate-records.ts";
import { InputError } from "../../common/input-error.ts";
import { formatKeyPath, loadSourceDocument, type KeyPath } from "../../common/source-document.ts";
import { validate } from "../../common/validation.ts";
import { formatHeader, TRACE_FORMAT } from "../canonical/trace-header.ts";
import type { TraceRecord } from "../canonical/trace-record.ts";

/** Exponential variate with the given rate; 1 − u keeps log away from 0. */
function exponential(rng: RandomStream, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

/** Standard normal by Box–Muller (one of the pair; the stream stays simple). */
function normal(rng: RandomStream): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Index drawn with probability weights[i] / Σ weights. */
function weighted(rng: RandomStream, weights: readonly number[], total: number): number {
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

export function sample(rng: RandomStream, d: Distribution): number {
  switch (d.kind) {
    case "fixed":
      return d.value;
    case "lognormal":
      return Math.exp(d.mu + d.sigma * normal(rng));
    case "pareto":
      return d.scale / Math.pow(1 - rng(), 1 / d.shape);
    case "empirical":
      return d.values[weighted(rng, d.weights, d.weights.reduce((a, b) => a + b, 0))] as number;
  }
}

/** Tasks in a job: a draw rounded, at least 1, at most MAX_TASKS_PER_JOB (estimate-records.ts counts on this cut). */
export function sampleTasks(rng: RandomStream, d: RoleSpec["tasksPerJob"]): number {
  return Math.min(MAX_TASKS_PER_JOB, Math.max(1, Math.round(sample(rng, d))));
}

/** A duration in µs: a draw in seconds cut to MAX_DURATION_SECONDS, at least 1 µs. */
function sampleDurationUs(rng: RandomStream, d: Distribution): number {
  return Math.max(1, Math.round(Math.min(MAX_DURATION_SECONDS, sample(rng, d)) * 1e6));
}

/** Job arrival times (s) in [0, horizon), in generation order, one at a time (a large spec never holds them all). */
export function* arrivalTimes(rng: RandomStream, a: Arrivals, horizon: number): Generator<number> {
  if (a.ratePerSecond > 0) {
    // Diurnal by thinning: candidates at the peak rate, kept with rate(t)/peak.
    const peak = a.kind === "diurnal" ? a.ratePerSecond * (1 + a.amplitude) : a.ratePerSecond;
    for (let t = exponential(rng, peak); t < horizon; t += exponential(rng, peak)) {
      if (a.kind === "diurnal") {
        const rate = a.ratePerSecond * (1 + a.amplitude * Math.cos((2 * Math.PI * (t - a.peakSeconds)) / a.periodSeconds));
        if (rng() * peak >= rate) continue;
      }
      yield t;
    }
  }
  if (a.kind === "bursts" && a.burstsPerSecond > 0) {
    for (let t = exponential(rng, a.burstsPerSecond); t < horizon; t += exponential(rng, a.burstsPerSecond)) {
      // Geometric size with mean burstSize (≥ 1).
      const p = 1 / a.burstSize;
      const size = p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - p));
      for (let i = 0; i < size; i++) {
        const at = t + rng() * a.burstSpreadSeconds;
        if (at < horizon) yield at;
      }
    }
  }
}

/** The bound on a spec's expected records unless `--max-records` raises it: about 2.6 GB of output (1e6 records measured 260 MB). */
export const DEFAULT_MAX_RECORDS = 10_000_000;

/** A spec given inline in another file (an experiment's `workload.N.synth`), validated there. */
export interface InlineSynthSpec {
  readonly spec: SynthSpec;
  /** `file:line:column: key.path` of a path of the spec, as the file that holds it names it: the start of an error about it. */
  readonly describe: (path: KeyPath) => string;
}

export type SynthOptions = (
  | {
      /** The spec file (JSON, or YAML when named `.yaml`/`.yml`). */
      specPath: string;
    }
  | { inline: InlineSynthSpec }
) & {
  seed: number | string;
  out: string;
  /** Refuse a spec expected to generate more records than this (default DEFAULT_MAX_RECORDS). */
  maxRecords?: number;
};

export interface SynthResult {
  records: number;
  jobs: number;
  tasks: number;
}

/** Generates every record of `spec` under `seed` into `emit` (any order). */
export function generateRecords(spec: SynthSpec, seed: number | string, emit: (r: TraceRecord) => void): { jobs: number; tasks: number } {
  const records = synthRecords(spec, seed);
  for (let step = records.next(); ; step = records.next()) {
    if (step.done === true) return step.value;
    emit(step.value);
  }
}

/** Every record of `spec` under `seed` (any order); returns the job and task counts. */
export function* synthRecords(spec: SynthSpec, seed: number | string): Generator<TraceRecord, { jobs: number; tasks: number }> {
  const source = new RandomSource(seed);
  let machineNo = 0;
  for (const g of spec.machines) {
    for (let i = 0; i < g.count; i++) {
      yield {
        type: "machine",
        time: 0,
        id: `m-${machineNo++}`,
        initial: true,
        event: "add",
        capacity: { cpus: g.cpus, mem: g.mem, disk: g.disk, gpus: g.gpus },
        attributes: { ...g.attributes },
      };
    }
  }
  let jobs = 0;
  let tasks = 0;
  for (const role of spec.roles) {
    const n = yield* roleRecords(source, role, spec.durationSeconds);
    jobs += n.jobs;
    tasks += n.tasks;
  }
  return { jobs, tasks };
}

function* roleRecords(source: RandomSource, role: RoleSpec, horizon: number): Generator<TraceRecord, { jobs: number; tasks: number }> {
  const stream = (what: string) => source.stream(`traces/synth/${role.name}/${what}`);
  const arrivalsRng = stream("arrivals");
  const shapeRng = stream("shapes");
  const sizeRng = stream("tasks-per-job");
  const durationRng = stream("durations");
  const weights = role.shapes.map((s) => s.weight);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  // A priority mix draws from its own stream; a single priority draws nothing, so
  // specs without a mix generate exactly what they did before mixes existed.
  const mix = role.priority !== null && typeof role.priority === "object" ? role.priority : null;
  const priorityRng = mix === null ? null : stream("priorities");
  const mixTotal = mix === null ? 0 : mix.weights.reduce((a, b) => a + b, 0);
  let tasks = 0;
  let j = 0;
  for (const at of arrivalTimes(arrivalsRng, role.arrivals, horizon)) {
    const time = Math.round(at * 1e6);
    const job = `${role.name}-${j++}`;
    const shape = role.shapes[weighted(shapeRng, weights, totalWeight)] as Shape;
    const count = sampleTasks(sizeRng, role.tasksPerJob);
    const priority = mix === null ? (role.priority as number | null) : (mix.values[weighted(priorityRng as RandomStream, mix.weights, mixTotal)] as number | null);
    yield { type: "job", time, id: job, initial: false, role: role.name, user: null, name: null, start: null, end: null, status: "finished", priority };
    for (let i = 0; i < count; i++) {
      const duration = role.durations === null ? null : sampleDurationUs(durationRng, role.durations);
      yield {
        type: "task",
        time,
        id: `${job}/${i}`,
        job,
        initial: false,
        role: role.name,
        user: null,
        instances: 1,
        start: null,
        end: null,
        duration,
        status: "finished",
        request: { cpus: shape.cpus, mem: shape.mem, disk: shape.disk, gpus: shape.gpus },
        priority,
        constraints: [],
        machine: null,
      };
    }
    tasks += count;
  }
  return { jobs: j, tasks };
}

/**
 * Refuses (exit 2) a spec expected to generate more than `maxRecords` records,
 * naming the role that weighs most; `describe` gives the start of the message for
 * a path of the spec (`spec.json:4:3: roles[0]`).
 */
export function checkSize(spec: SynthSpec, maxRecords: number, describe: (path: KeyPath) => string): void {
  const e = estimateRecords(spec);
  if (e.records <= maxRecords) return; // NaN (never expected) refuses too
  const fmt = (x: number) => (x < 1e6 ? String(Math.round(x)) : x.toPrecision(3).replace("+", ""));
  let worst = -1;
  e.roles.forEach((r, i) => {
    if (worst < 0 || r.records > (e.roles[worst] as { records: number }).records) worst = i;
  });
  const role = e.roles[worst];
  const at: Array<string | number> = role === undefined || role.records < e.machines ? ["machines"] : ["roles", worst];
  const why =
    role === undefined || role.records < e.machines
      ? `${fmt(e.machines)} machines`
      : `role "${role.name}": ${fmt(role.jobs)} jobs × (1 + ${fmt(role.tasksPerJob)} tasks per job)`;
  throw new InputError(
    `${describe(at)}: expected at most ${maxRecords} records in all (--max-records) ` +
      `(got an estimated ${fmt(e.records)}; ${why} over ${spec.durationSeconds} s)`,
  );
}

/** Records generated between two turns of the event loop, so that Ctrl-C stops a long synth promptly. */
const PAUSE_EVERY = 1 << 14;

/** The spec of `opts`, validated, and how to name a path of it in an error. */
function specOf(opts: SynthOptions): InlineSynthSpec {
  if ("inline" in opts) {
    checkOutput(opts.out, { inputs: [] });
    return opts.inline;
  }
  checkInputs([opts.specPath], { expected: "a mesosim-synth/1 JSON spec" });
  checkOutput(opts.out, { inputs: [opts.specPath] });
  const doc = loadSourceDocument(opts.specPath);
  return { spec: validate(doc, SynthSpecSchema), describe: (path) => `${doc.where(path)}: ${formatKeyPath(path)}` };
}

export async function synthesizeTrace(opts: SynthOptions): Promise<SynthResult> {
  const { spec, describe } = specOf(opts);
  checkSize(spec, opts.maxRecords ?? DEFAULT_MAX_RECORDS, describe);
  const sorter = new ExternalSorter(dirname(opts.out));
  let out: AtomicFile | null = null;
  try {
    // Generation and the final merge are synchronous and can take minutes; the
    // pauses let a SIGINT or SIGTERM in to remove the scratch (common/output-files.ts).
    const records = synthRecords(spec, opts.seed);
    let step = records.next();
    for (let k = 1; step.done !== true; step = records.next(), k++) {
      const r = step.value;
      // What synth writes, `info` must read: a spec whose draws leave the format's
      // ranges (a heavy-tailed duration past 285 years, a shape beyond 10^12) is
      // bad input, named by the record and field it produced.
      const range = recordRangeError(r);
      if (range !== undefined) {
        const what = r.type === "machine" ? `machine ${r.id}` : r.type === "usage" ? `usage of ${r.task}` : `role "${r.role}": ${r.type} ${r.id}`;
        const source = "inline" in opts ? opts.inline.describe([]) : opts.specPath;
        throw new TraceInputError(`${source}: ${what}: field ${range.field}: ${range.why}; the spec must keep generated values within the ranges of docs/trace-format.md`);
      }
      sorter.push(r.time, formatRecord(r));
      if (k % PAUSE_EVERY === 0) await pauseForSignals();
    }
    const n = step.value;
    out = new AtomicFile(opts.out);
    out.write(
      formatHeader({
        format: TRACE_FORMAT,
        source: "synth",
        tables: [],
        referenceMachine: DEFAULT_REFERENCE_MACHINE,
        timeUnit: "us",
        sourceTimeOriginUs: 0,
        records: sorter.count,
        badLines: 0,
        window: { startUs: 0, endUs: Math.round(spec.durationSeconds * 1e6) },
      }) + "\n",
    );
    await sorter.drainToPausing(out, pauseForSignals);
    out.commit();
    return { records: sorter.count, ...n };
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    sorter.cleanup();
  }
}
