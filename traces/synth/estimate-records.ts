// How many records a spec will generate, known before any is: machines, plus per
// role the expected jobs × (1 job record + mean tasks per job). `trace synth`
// refuses a spec above its bound (`--max-records`) up front, instead of running
// for hours or until V8 gives up.
//
// The mean tasks per job is the mean of what is actually drawn: a draw is rounded,
// at least 1 and at most MAX_TASKS_PER_JOB. For Pareto and lognormal job sizes
// that cut is what makes the mean finite (a Pareto of shape ≤ 1 has none); their
// means are computed for the cut distribution, +1 for the rounding and the floor
// of 1, so the figure is an upper bound up to Poisson noise.
import { MAX_TASKS_PER_JOB, type Arrivals, type RoleSpec, type SynthSpec } from "./synth-spec.ts";

/** Expected jobs arriving in [0, horizon) seconds. */
export function expectedJobs(a: Arrivals, horizon: number): number {
  switch (a.kind) {
    case "poisson":
      return a.ratePerSecond * horizon;
    case "diurnal": {
      // ∫₀ᴴ r(1 + A cos(2π(t − p)/P)) dt = r(H + A·P/2π·(sin(2π(H − p)/P) + sin(2πp/P)))
      const w = (2 * Math.PI) / a.periodSeconds;
      return a.ratePerSecond * (horizon + (a.amplitude / w) * (Math.sin(w * (horizon - a.peakSeconds)) + Math.sin(w * a.peakSeconds)));
    }
    case "bursts":
      // Burst jobs spread past the horizon are dropped: an upper bound.
      return a.ratePerSecond * horizon + a.burstsPerSecond * horizon * a.burstSize;
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Mean tasks per job as drawn (rounded, ≥ 1, ≤ MAX_TASKS_PER_JOB); an upper bound for the continuous kinds. */
export function meanTasksPerJob(d: RoleSpec["tasksPerJob"]): number {
  const cap = MAX_TASKS_PER_JOB;
  switch (d.kind) {
    case "fixed":
      return d.value;
    case "empirical": {
      let sum = 0;
      let total = 0;
      d.values.forEach((v, i) => {
        sum += v * (d.weights[i] as number);
        total += d.weights[i] as number;
      });
      return sum / total;
    }
    case "pareto": {
      // E[min(X, C)] = xm + ∫_xm^C (xm/x)^α dx
      const { scale: xm, shape: a } = d;
      if (xm >= cap) return cap;
      const tail = a === 1 ? xm * Math.log(cap / xm) : (Math.pow(xm, a) * (Math.pow(cap, 1 - a) - Math.pow(xm, 1 - a))) / (1 - a);
      return Math.min(cap, xm + tail + 1);
    }
    case "lognormal": {
      // E[min(X, C)] = e^(μ+σ²/2)·Φ((ln C − μ − σ²)/σ) + C·(1 − Φ((ln C − μ)/σ))
      const { mu, sigma } = d;
      const lc = Math.log(cap);
      if (sigma === 0) return Math.min(cap, Math.exp(mu) + 1);
      const below = Math.exp(mu + (sigma * sigma) / 2) * normalCdf((lc - mu - sigma * sigma) / sigma);
      const mean = (Number.isFinite(below) ? below : cap) + cap * (1 - normalCdf((lc - mu) / sigma));
      return Math.min(cap, mean + 1);
    }
  }
}

export interface RecordEstimate {
  /** Expected records in all (machines, jobs and tasks). */
  records: number;
  machines: number;
  /** Per role, in spec order. */
  roles: Array<{ name: string; jobs: number; tasksPerJob: number; records: number }>;
}

export function estimateRecords(spec: SynthSpec): RecordEstimate {
  const machines = spec.machines.reduce((a, g) => a + g.count, 0);
  const roles = spec.roles.map((r) => {
    const jobs = expectedJobs(r.arrivals, spec.durationSeconds);
    const tasksPerJob = meanTasksPerJob(r.tasksPerJob);
    return { name: r.name, jobs, tasksPerJob, records: jobs * (1 + tasksPerJob) };
  });
  return { records: machines + roles.reduce((a, r) => a + r.records, 0), machines, roles };
}
