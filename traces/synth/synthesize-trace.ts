// `mesosim trace synth`: a seeded synthetic workload in the canonical format.
// Every random draw comes from a named stream of the one RandomSource, one stream
// per role and purpose (`traces/synth/<role>/arrivals`, …), so adding a role or
// drawing more shapes never shifts another role's numbers; the same spec and seed
// give byte-identical files. Output goes through the same sorted, atomic writer
// as `convert`.
import { readFileSync } from "node:fs";
import { stripBom } from "../input/byte-order-mark.ts";
import { dirname } from "node:path";
import { RandomSource, type RandomStream } from "../../common/random-source.ts";
import { AtomicFile } from "../../common/atomic-file.ts";
import { ExternalSorter } from "../sort/external-sort.ts";
import { formatRecord } from "../canonical/format-record.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../canonical/reference-machine.ts";
import { parseSynthSpec, type Arrivals, type Distribution, type RoleSpec, type Shape, type SynthSpec } from "./synth-spec.ts";
import { TraceInputError } from "../input/trace-input-error.ts";
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

/** Job arrival times (s) in [0, horizon), in generation order. */
export function arrivalTimes(rng: RandomStream, a: Arrivals, horizon: number): number[] {
  const out: number[] = [];
  if (a.ratePerSecond > 0) {
    // Diurnal by thinning: candidates at the peak rate, kept with rate(t)/peak.
    const peak = a.kind === "diurnal" ? a.ratePerSecond * (1 + a.amplitude) : a.ratePerSecond;
    for (let t = exponential(rng, peak); t < horizon; t += exponential(rng, peak)) {
      if (a.kind === "diurnal") {
        const rate = a.ratePerSecond * (1 + a.amplitude * Math.cos((2 * Math.PI * (t - a.peakSeconds)) / a.periodSeconds));
        if (rng() * peak >= rate) continue;
      }
      out.push(t);
    }
  }
  if (a.kind === "bursts" && a.burstsPerSecond > 0) {
    for (let t = exponential(rng, a.burstsPerSecond); t < horizon; t += exponential(rng, a.burstsPerSecond)) {
      // Geometric size with mean burstSize (≥ 1).
      const p = 1 / a.burstSize;
      const size = p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng()) / Math.log(1 - p));
      for (let i = 0; i < size; i++) {
        const at = t + rng() * a.burstSpreadSeconds;
        if (at < horizon) out.push(at);
      }
    }
  }
  return out;
}

export interface SynthOptions {
  specPath: string;
  seed: number | string;
  out: string;
}

export interface SynthResult {
  records: number;
  jobs: number;
  tasks: number;
}

/** Generates every record of `spec` under `seed` into `emit` (any order). */
export function generateRecords(spec: SynthSpec, seed: number | string, emit: (r: TraceRecord) => void): { jobs: number; tasks: number } {
  const source = new RandomSource(seed);
  let machineNo = 0;
  for (const g of spec.machines) {
    for (let i = 0; i < g.count; i++) {
      emit({
        type: "machine",
        time: 0,
        id: `m-${machineNo++}`,
        initial: true,
        event: "add",
        capacity: { cpus: g.cpus, mem: g.mem, disk: g.disk, gpus: g.gpus },
        attributes: { ...g.attributes },
      });
    }
  }
  let jobs = 0;
  let tasks = 0;
  for (const role of spec.roles) {
    const n = generateRole(source, role, spec.durationSeconds, emit);
    jobs += n.jobs;
    tasks += n.tasks;
  }
  return { jobs, tasks };
}

function generateRole(source: RandomSource, role: RoleSpec, horizon: number, emit: (r: TraceRecord) => void): { jobs: number; tasks: number } {
  const stream = (what: string) => source.stream(`traces/synth/${role.name}/${what}`);
  const arrivalsRng = stream("arrivals");
  const shapeRng = stream("shapes");
  const sizeRng = stream("tasks-per-job");
  const durationRng = stream("durations");
  const weights = role.shapes.map((s) => s.weight);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const times = arrivalTimes(arrivalsRng, role.arrivals, horizon);
  let tasks = 0;
  for (let j = 0; j < times.length; j++) {
    const time = Math.round((times[j] as number) * 1e6);
    const job = `${role.name}-${j}`;
    const shape = role.shapes[weighted(shapeRng, weights, totalWeight)] as Shape;
    const count = Math.max(1, Math.round(sample(sizeRng, role.tasksPerJob)));
    emit({ type: "job", time, id: job, initial: false, role: role.name, user: null, name: null, start: null, end: null, status: "finished", priority: role.priority });
    for (let i = 0; i < count; i++) {
      const duration = role.durations === null ? null : Math.max(1, Math.round(sample(durationRng, role.durations) * 1e6));
      emit({
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
        priority: role.priority,
        constraints: [],
        machine: null,
      });
    }
    tasks += count;
  }
  return { jobs: times.length, tasks };
}

export async function synthesizeTrace(opts: SynthOptions): Promise<SynthResult> {
  let text: string;
  try {
    text = stripBom(readFileSync(opts.specPath, "utf8"));
  } catch (err) {
    throw new TraceInputError(`${opts.specPath}: cannot read: ${(err as Error).message}`);
  }
  const spec = parseSynthSpec(text, opts.specPath);
  const sorter = new ExternalSorter(dirname(opts.out));
  let out: AtomicFile | null = null;
  try {
    const n = generateRecords(spec, opts.seed, (r) => sorter.push(r.time, formatRecord(r)));
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
      }) + "\n",
    );
    for (const line of sorter.drain()) out.line(line);
    out.commit();
    return { records: sorter.count, ...n };
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    sorter.cleanup();
  }
}
