// The `mesosim-synth/1` workload spec: what `trace synth` generates from and what
// `trace fit` writes. Per role: a job arrival process, a mix of task shapes, a
// tasks-per-job distribution and a duration distribution. Documented in
// docs/traces.md. A bad spec is bad input (exit 2) naming the file and field.
import { TraceInputError } from "../input/trace-input-error.ts";

export const SYNTH_FORMAT = "mesosim-synth/1";

export type Arrivals =
  /** Homogeneous Poisson job arrivals. */
  | { kind: "poisson"; ratePerSecond: number }
  /** Poisson with rate r·(1 + amplitude·cos(2π(t − peakSeconds)/periodSeconds)). */
  | { kind: "diurnal"; ratePerSecond: number; amplitude: number; periodSeconds: number; peakSeconds: number }
  /** Poisson background plus Poisson bursts of `burstSize` jobs (mean, geometric) spread over `burstSpreadSeconds`. */
  | { kind: "bursts"; ratePerSecond: number; burstsPerSecond: number; burstSize: number; burstSpreadSeconds: number };

/** Seconds (durations) or counts (tasks per job). */
export type Distribution =
  | { kind: "fixed"; value: number }
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "pareto"; scale: number; shape: number }
  | { kind: "empirical"; values: number[]; weights: number[] };

export interface Shape {
  weight: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
}

export interface RoleSpec {
  name: string;
  arrivals: Arrivals;
  tasksPerJob: Distribution;
  shapes: Shape[];
  /** Task durations in seconds; null means unknown (tasks get `duration: null`). */
  durations: Distribution | null;
  priority: number | null;
}

export interface MachineGroup {
  count: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  attributes: Record<string, string>;
}

export interface SynthSpec {
  format: typeof SYNTH_FORMAT;
  durationSeconds: number;
  machines: MachineGroup[];
  roles: RoleSpec[];
}

class SpecError extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new SpecError(`${at}: not an object`);
  return v as Obj;
}
function num(o: Obj, k: string, at: string, min = 0, def?: number): number {
  const v = o[k] ?? def;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) throw new SpecError(`${at}.${k}: expected a number ≥ ${min}, found ${JSON.stringify(v)}`);
  return v;
}
function arr(o: Obj, k: string, at: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new SpecError(`${at}.${k}: expected an array`);
  return v;
}

function distribution(v: unknown, at: string): Distribution {
  const o = obj(v, at);
  switch (o["kind"]) {
    case "fixed":
      return { kind: "fixed", value: num(o, "value", at) };
    case "lognormal":
      return { kind: "lognormal", mu: num(o, "mu", at, -Infinity), sigma: num(o, "sigma", at) };
    case "pareto": {
      const scale = num(o, "scale", at);
      const shape = num(o, "shape", at);
      if (scale <= 0 || shape <= 0) throw new SpecError(`${at}: pareto scale and shape must be > 0`);
      return { kind: "pareto", scale, shape };
    }
    case "empirical": {
      const values = arr(o, "values", at).map((x, i) => num({ x }, "x", `${at}.values[${i}]`));
      const weights = o["weights"] === undefined ? values.map(() => 1) : arr(o, "weights", at).map((x, i) => num({ x }, "x", `${at}.weights[${i}]`));
      if (values.length === 0 || weights.length !== values.length) throw new SpecError(`${at}: empirical needs values, and as many weights`);
      if (!(weights.reduce((a, b) => a + b, 0) > 0)) throw new SpecError(`${at}: weights sum to 0`);
      return { kind: "empirical", values, weights };
    }
    default:
      throw new SpecError(`${at}.kind: expected fixed, lognormal, pareto or empirical, found ${JSON.stringify(o["kind"])}`);
  }
}

function arrivals(v: unknown, at: string): Arrivals {
  const o = obj(v, at);
  switch (o["kind"]) {
    case "poisson":
      return { kind: "poisson", ratePerSecond: num(o, "ratePerSecond", at) };
    case "diurnal": {
      const amplitude = num(o, "amplitude", at);
      if (amplitude > 1) throw new SpecError(`${at}.amplitude: must be ≤ 1 (a rate cannot go negative)`);
      const periodSeconds = num(o, "periodSeconds", at, 0, 86400);
      if (periodSeconds <= 0) throw new SpecError(`${at}.periodSeconds: must be > 0`);
      return { kind: "diurnal", ratePerSecond: num(o, "ratePerSecond", at), amplitude, periodSeconds, peakSeconds: num(o, "peakSeconds", at, -Infinity, 0) };
    }
    case "bursts":
      return {
        kind: "bursts",
        ratePerSecond: num(o, "ratePerSecond", at),
        burstsPerSecond: num(o, "burstsPerSecond", at),
        burstSize: num(o, "burstSize", at, 1),
        burstSpreadSeconds: num(o, "burstSpreadSeconds", at, 0, 0),
      };
    default:
      throw new SpecError(`${at}.kind: expected poisson, diurnal or bursts, found ${JSON.stringify(o["kind"])}`);
  }
}

function attributes(v: unknown, at: string): Record<string, string> {
  if (v === undefined) return {};
  const o = obj(v, at);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== "string") throw new SpecError(`${at}.${k}: not a string`);
    out[k] = x;
  }
  return out;
}

export function parseSynthSpec(text: string, file: string): SynthSpec {
  try {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new SpecError(`not valid JSON (${(err as Error).message})`);
    }
    const o = obj(v, "spec");
    if (o["format"] !== SYNTH_FORMAT) throw new SpecError(`format: expected "${SYNTH_FORMAT}", found ${JSON.stringify(o["format"])}`);
    const machines = (o["machines"] === undefined ? [] : arr(o, "machines", "spec")).map((m, i) => {
      const at = `machines[${i}]`;
      const g = obj(m, at);
      const count = num(g, "count", at);
      if (!Number.isInteger(count)) throw new SpecError(`${at}.count: not an integer`);
      return { count, cpus: num(g, "cpus", at), mem: num(g, "mem", at), disk: num(g, "disk", at, 0, 0), gpus: num(g, "gpus", at, 0, 0), attributes: attributes(g["attributes"], `${at}.attributes`) };
    });
    const names = new Set<string>();
    const roles = arr(o, "roles", "spec").map((r, i) => {
      const at = `roles[${i}]`;
      const ro = obj(r, at);
      const name = ro["name"];
      if (typeof name !== "string" || name === "") throw new SpecError(`${at}.name: expected a non-empty string`);
      if (names.has(name)) throw new SpecError(`${at}.name: duplicate role "${name}"`);
      names.add(name);
      const shapes = arr(ro, "shapes", at).map((s, j) => {
        const sa = `${at}.shapes[${j}]`;
        const so = obj(s, sa);
        return { weight: num(so, "weight", sa), cpus: num(so, "cpus", sa), mem: num(so, "mem", sa), disk: num(so, "disk", sa, 0, 0), gpus: num(so, "gpus", sa, 0, 0) };
      });
      if (shapes.length === 0 || !(shapes.reduce((a, s) => a + s.weight, 0) > 0)) throw new SpecError(`${at}.shapes: need at least one shape with weight > 0`);
      const pr = ro["priority"];
      if (pr !== undefined && pr !== null && typeof pr !== "number") throw new SpecError(`${at}.priority: not a number`);
      return {
        name,
        arrivals: arrivals(ro["arrivals"], `${at}.arrivals`),
        tasksPerJob: ro["tasksPerJob"] === undefined ? ({ kind: "fixed", value: 1 } as const) : distribution(ro["tasksPerJob"], `${at}.tasksPerJob`),
        shapes,
        durations: ro["durations"] === null || ro["durations"] === undefined ? null : distribution(ro["durations"], `${at}.durations`),
        priority: typeof pr === "number" ? pr : null,
      };
    });
    return { format: SYNTH_FORMAT, durationSeconds: num(o, "durationSeconds", "spec"), machines, roles };
  } catch (err) {
    if (err instanceof SpecError) throw new TraceInputError(`${file}: ${err.message}`);
    throw err;
  }
}
