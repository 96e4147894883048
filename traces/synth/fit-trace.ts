// `mesosim trace fit`: fits a `mesosim-synth/1` spec to a canonical trace, so a
// real workload can be regenerated, scaled (edit the rates) or extended. Per role:
// - arrivals: jobs that arrive during the trace (initial state excluded), as a
//   Poisson rate over the trace's span; when the span is at least two days and the
//   daily cycle's first harmonic is ≥ 0.1, a diurnal process instead. The span is
//   the window the header declares (`window`, written by `synth`), else from time
//   0 (the trace's start, by the format) to its last event, task ends included:
//   not to its last submit, which falls short of the window by about one
//   inter-arrival gap and made a 2-day trace look shorter than 2 days;
// - shapes: the most common (cpus, mem, disk, gpus) request vectors with their
//   task weights; rarer shapes are folded into the nearest kept one, so the
//   weights still cover every task;
// - tasks per job: the empirical distribution of job sizes. At most 32 sizes are
//   kept: the smallest, the largest (so the tail stays) and the most common; each
//   other size is split between the kept sizes just below and above it, in the
//   proportions that keep both the job count and the total tasks exact;
// - priority: the mix of job priorities (a job's priority is its first task's),
//   a single value when there is one;
// - durations: lognormal by maximum likelihood on the known positive durations.
// Roles beyond `maxRoles` (by task count) are pooled into one role "other".
import { readCanonicalTrace } from "../canonical/canonical-reader.ts";
import { InputError } from "../../common/input-error.ts";
import { plural } from "../../common/plural.ts";
import { checkInputs, checkOutput, writeFileAtomic } from "../../common/output-files.ts";
import { SYNTH_FORMAT, type Distribution, type MachineGroup, type PriorityMix, type RoleSpec, type Shape, type SynthSpec } from "./synth-spec.ts";
import type { TraceHeader } from "../canonical/trace-header.ts";
import type { TraceRecord } from "../canonical/trace-record.ts";

const DAY = 86400;
const MAX_JOB_SIZES = 32;

/** Round-trip tolerances that `fit` promises and test/traces/synth-fit.test.ts checks. */
export const FIT_TOLERANCE = {
  /** |rate_regenerated / rate_fitted − 1| */
  arrivalRate: 0.1,
  /** Total variation distance between shape mixes. */
  shapeMix: 0.05,
  /** |tasks_regenerated / tasks_in_trace − 1|, per role. */
  totalTasks: 0.05,
  /** |share_regenerated − share_in_trace| of each priority band, per role. */
  priorityBand: 0.05,
} as const;

/** Ten significant digits: stable text, no float noise. */
function tidy(x: number): number {
  return Number(x.toPrecision(10));
}

interface RoleStats {
  tasks: number;
  jobs: Map<string, { time: number; tasks: number; priority: number | null }>;
  shapes: Map<string, number>;
  logSum: number;
  logSqSum: number;
  durations: number;
  cos: number;
  sin: number;
}

function newStats(): RoleStats {
  return { tasks: 0, jobs: new Map(), shapes: new Map(), logSum: 0, logSqSum: 0, durations: 0, cos: 0, sin: 0 };
}

const shapeKey = (r: { cpus: number; mem: number; disk: number; gpus: number }) => `${r.cpus}|${r.mem}|${r.disk}|${r.gpus}`;

function parseShape(key: string, weight: number): Shape {
  const [cpus, mem, disk, gpus] = key.split("|").map(Number) as [number, number, number, number];
  return { weight, cpus, mem, disk, gpus };
}

const byCountThenKey = <K extends string | number>(a: [K, number], b: [K, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Keeps the `max` most common keys; each dropped key's count goes to its nearest kept key. */
function fold<K extends string | number>(counts: Map<K, number>, max: number, distance: (a: K, b: K) => number): Array<[K, number]> {
  const all = [...counts].sort(byCountThenKey);
  const kept = all.slice(0, max).map(([k, n]) => [k, n] as [K, number]);
  for (const [k, n] of all.slice(max)) {
    let best = 0;
    for (let i = 1; i < kept.length; i++) {
      if (distance(k, (kept[i] as [K, number])[0]) < distance(k, (kept[best] as [K, number])[0])) best = i;
    }
    (kept[best] as [K, number])[1] += n;
  }
  return kept;
}

function shapeDistance(a: string, b: string): number {
  const x = a.split("|").map(Number);
  const y = b.split("|").map(Number);
  let d = 0;
  // Relative distance per dimension, so cores and MiB weigh alike.
  for (let i = 0; i < 4; i++) {
    const p = x[i] as number;
    const q = y[i] as number;
    d += Math.abs(p - q) / Math.max(1e-9, Math.abs(p), Math.abs(q));
  }
  return d;
}

export interface FitOptions {
  tracePath: string;
  out: string;
  maxRoles?: number;
  maxShapes?: number;
}

export interface FitResult {
  spec: SynthSpec;
  roles: number;
  jobs: number;
  /** Tasks already running at the trace's start (initial records, instances counted): left out of the fit. */
  initialTasks: number;
}

/** Fits a spec to records already read (any order); `window` as a header would declare it. */
export function fitRecords(records: Iterable<TraceRecord>, opts: { maxRoles?: number; maxShapes?: number; window?: TraceHeader["window"] } = {}): SynthSpec {
  const fitter = new SpecFitter();
  if (opts.window !== undefined) fitter.declareWindow(opts.window);
  for (const r of records) fitter.add(r);
  return fitter.spec(opts.maxRoles ?? 8, opts.maxShapes ?? 16);
}

export class SpecFitter {
  private readonly roles = new Map<string, RoleStats>();
  private readonly machines = new Map<string, string>();
  /** µs; the last time anything happens in the trace. */
  private lastEvent = 0;
  private window: { startUs: number; endUs: number } | undefined;
  /** Tasks already running at the trace's start (instances counted), which the fit leaves out. */
  initialTasks = 0;

  /** The trace's declared observation window (its header's `window`), which then is the span. */
  declareWindow(window: TraceHeader["window"]): void {
    if (window !== undefined) this.window = window;
  }

  add(r: TraceRecord): void {
    // Every event counts for the span: submits, starts, ends, machine changes, usage.
    this.lastEvent = Math.max(this.lastEvent, r.time, "end" in r && r.end !== null ? r.end : 0);
    if (r.type === "machine") {
      if (r.capacity !== null && !this.machines.has(r.id)) this.machines.set(r.id, shapeKey(r.capacity));
      return;
    }
    if (r.type !== "task") return;
    if (r.initial) {
      this.initialTasks += r.instances;
      return;
    }
    let s = this.roles.get(r.role);
    if (s === undefined) {
      s = newStats();
      this.roles.set(r.role, s);
    }
    const n = r.instances;
    if (n === 0) return;
    s.tasks += n;
    const job = s.jobs.get(r.job);
    if (job === undefined) {
      s.jobs.set(r.job, { time: r.time, tasks: n, priority: r.priority });
      const w = (2 * Math.PI * (r.time / 1e6)) / DAY;
      s.cos += Math.cos(w);
      s.sin += Math.sin(w);
    } else {
      job.tasks += n;
      if (r.time < job.time) job.time = r.time;
    }
    const key = shapeKey(r.request);
    s.shapes.set(key, (s.shapes.get(key) ?? 0) + n);
    if (r.duration !== null && r.duration > 0) {
      const l = Math.log(r.duration / 1e6);
      s.logSum += l * n;
      s.logSqSum += l * l * n;
      s.durations += n;
    }
  }

  spec(maxRoles: number, maxShapes: number): SynthSpec {
    const span = this.window === undefined ? this.lastEvent : this.window.endUs - this.window.startUs;
    const horizon = Math.max(1, span / 1e6);
    const ranked = [...this.roles].sort((a, b) => b[1].tasks - a[1].tasks || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const kept = ranked.slice(0, maxRoles);
    const rest = ranked.slice(maxRoles);
    if (rest.length > 0) {
      const other = newStats();
      for (const [, s] of rest) merge(other, s);
      // "other" may also be a real role's name; pooled stats then join it.
      const same = kept.find(([name]) => name === "other");
      if (same) merge(same[1], other);
      else kept.push(["other", other]);
    }
    const roles: RoleSpec[] = kept.map(([name, s]) => roleSpec(name, s, horizon, maxShapes));
    const machineCounts = new Map<string, number>();
    for (const key of this.machines.values()) machineCounts.set(key, (machineCounts.get(key) ?? 0) + 1);
    const machines: MachineGroup[] = [...machineCounts].sort(byCountThenKey).map(([key, count]) => {
      const { cpus, mem, disk, gpus } = parseShape(key, 0);
      return { count, cpus, mem, disk, gpus, attributes: {} };
    });
    return { format: SYNTH_FORMAT, durationSeconds: tidy(horizon), machines, roles };
  }
}

function merge(into: RoleStats, s: RoleStats): void {
  into.tasks += s.tasks;
  for (const [id, j] of s.jobs) into.jobs.set(id, j);
  for (const [k, n] of s.shapes) into.shapes.set(k, (into.shapes.get(k) ?? 0) + n);
  into.logSum += s.logSum;
  into.logSqSum += s.logSqSum;
  into.durations += s.durations;
  into.cos += s.cos;
  into.sin += s.sin;
}

function roleSpec(name: string, s: RoleStats, horizon: number, maxShapes: number): RoleSpec {
  const jobs = s.jobs.size;
  const rate = jobs / horizon;
  // First harmonic of the daily cycle: for rate r(1 + a cos(ωt − φ)), E[cos ωt] = a/2.
  const amplitude = jobs > 0 ? (2 * Math.hypot(s.cos, s.sin)) / jobs : 0;
  const arrivals =
    horizon >= 2 * DAY && amplitude >= 0.1
      ? {
          kind: "diurnal" as const,
          ratePerSecond: tidy(rate),
          amplitude: tidy(Math.min(1, amplitude)),
          periodSeconds: DAY,
          peakSeconds: tidy((((Math.atan2(s.sin, s.cos) / (2 * Math.PI)) * DAY) % DAY + DAY) % DAY),
        }
      : { kind: "poisson" as const, ratePerSecond: tidy(rate) };
  const shapes = fold(s.shapes, maxShapes, shapeDistance).map(([key, n]) => parseShape(key, tidy(n / s.tasks)));
  const sizes = new Map<number, number>();
  for (const j of s.jobs.values()) sizes.set(j.tasks, (sizes.get(j.tasks) ?? 0) + 1);
  const keptSizes = foldSizes(sizes, MAX_JOB_SIZES);
  const tasksPerJob: Distribution =
    keptSizes.length === 1
      ? { kind: "fixed", value: (keptSizes[0] as [number, number])[0] }
      : { kind: "empirical", values: keptSizes.map(([v]) => v), weights: keptSizes.map(([, n]) => tidy(n / jobs)) };
  let durations: Distribution | null = null;
  if (s.durations > 0) {
    const mu = s.logSum / s.durations;
    const variance = Math.max(0, s.logSqSum / s.durations - mu * mu);
    durations = { kind: "lognormal", mu: tidy(mu), sigma: tidy(Math.sqrt(variance)) };
  }
  return { name, arrivals, tasksPerJob, shapes, durations, priority: priorityMix(s) };
}

/**
 * Job sizes → at most `max` (size, jobs) pairs, ascending: the smallest and largest
 * sizes and the most common others. A dropped size k between kept sizes lo < k < hi
 * goes to lo and hi with weights (hi − k)/(hi − lo) and (k − lo)/(hi − lo) of its
 * jobs, which keeps the job count and the task count (Σ size·jobs) exactly, so the
 * regenerated total tasks match the trace's, tail included.
 */
export function foldSizes(counts: ReadonlyMap<number, number>, max: number): Array<[number, number]> {
  const all = [...counts].sort((a, b) => a[0] - b[0]);
  if (all.length <= max) return all.map(([k, n]) => [k, n]);
  const ends = new Set([(all[0] as [number, number])[0], (all[all.length - 1] as [number, number])[0]]);
  const common = all.filter(([k]) => !ends.has(k)).sort(byCountThenKey).slice(0, Math.max(0, max - ends.size));
  const kept = new Map<number, number>([...ends, ...common.map(([k]) => k)].map((k) => [k, 0]));
  const keys = [...kept.keys()].sort((a, b) => a - b);
  let hiIndex = 0;
  for (const [k, n] of all) {
    while ((keys[hiIndex] as number) < k) hiIndex++;
    const hi = keys[hiIndex] as number;
    if (hi === k) {
      kept.set(k, (kept.get(k) as number) + n);
      continue;
    }
    const lo = keys[hiIndex - 1] as number;
    kept.set(lo, (kept.get(lo) as number) + (n * (hi - k)) / (hi - lo));
    kept.set(hi, (kept.get(hi) as number) + (n * (k - lo)) / (hi - lo));
  }
  return keys.map((k) => [k, kept.get(k) as number]);
}

/** The role's job priorities: one value, or the mix by job (values ascending, null last). */
function priorityMix(s: RoleStats): PriorityMix {
  const counts = new Map<number | null, number>();
  for (const j of s.jobs.values()) counts.set(j.priority, (counts.get(j.priority) ?? 0) + 1);
  if (counts.size === 0) return null;
  const values = [...counts.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  if (values.length === 1) return values[0] as number | null;
  return { values, weights: values.map((v) => tidy((counts.get(v) as number) / s.jobs.size)) };
}

export async function fitTrace(opts: FitOptions): Promise<FitResult> {
  checkInputs([opts.tracePath], { expected: "a mesosim-trace/1 file" });
  checkOutput(opts.out, { inputs: [opts.tracePath] });
  const fitter = new SpecFitter();
  await readCanonicalTrace(opts.tracePath, (h) => fitter.declareWindow(h.window), (r) => fitter.add(r));
  const spec = fitter.spec(opts.maxRoles ?? 8, opts.maxShapes ?? 16);
  const initialTasks = fitter.initialTasks;
  // A spec with no role generates no task: the trace had nothing to fit (only
  // machines, or only tasks running at its start), which is bad input, not a result.
  if (spec.roles.length === 0) {
    const running = initialTasks === 0 ? "" : ` (${plural(initialTasks, "task")} already running at its start, which fit leaves out)`;
    throw new InputError(`${opts.tracePath}: no task is submitted after the trace's start${running}: nothing to fit`);
  }
  writeFileAtomic(opts.out, JSON.stringify(spec, null, 2) + "\n");
  const jobs = spec.roles.reduce((a, r) => a + Math.round((r.arrivals.ratePerSecond ?? 0) * spec.durationSeconds), 0);
  return { spec, roles: spec.roles.length, jobs, initialTasks };
}
