// The `load` QoS controller (src/slave/qos_controllers/load.cpp) and the load
// averages it reads.
//
// Mesos's agent asks its QoS controller for corrections continuously (the next
// poll `--qos_correction_interval_min` after each answer, default 0 s). The `load`
// controller reads the system's 5- and 15-minute load averages and, when either
// exceeds its threshold (`load->five > loadThreshold5Min`, absolute load averages as
// `os::loadavg` gives them, not per cpu), returns a KILL for every executor that
// holds any revocable resource. Polled continuously, it acts at the first instant a
// load average exceeds its threshold while a revocable task runs; that instant is
// what `nextCheck` computes, so the simulator needs no polling events.
//
// The load: the agent's load n(t) is the cpus its running tasks use (task-usage.ts),
// piecewise constant between task starts, ends and usage records. A load average is
// the kernel's exponentially damped average of n (kernel/sched/loadavg.c), taken in
// its continuous form: L(t) = n + (L(t₀) − n)·e^(−(t − t₀)/τ), τ = 300 s (5 min) or
// 900 s (15 min). (The kernel samples n every 5 s; the continuous form differs from
// it by at most one sample's step.)
import type { QosSettings } from "./oversubscription-schema.ts";

const TAU5 = 300e6;
const TAU15 = 900e6;

/** An agent's 5- and 15-minute load averages (in cores), exact between changes of its load. */
export class LoadAverage {
  private l5 = 0;
  private l15 = 0;
  private at = 0;
  /** The load now: cores in use (milli-cores). */
  private n = 0;

  constructor(now: number) {
    this.at = now;
  }

  /** The averages at `now` (≥ the last change). */
  advance(now: number): void {
    const dt = now - this.at;
    if (dt <= 0) return;
    const n = this.n / 1000;
    this.l5 = n + (this.l5 - n) * Math.exp(-dt / TAU5);
    this.l15 = n + (this.l15 - n) * Math.exp(-dt / TAU15);
    this.at = now;
  }

  /** The load changed to `milli` milli-cores at `now`. */
  setLoad(now: number, milli: number): void {
    this.advance(now);
    this.n = milli;
  }

  get load(): number {
    return this.n;
  }

  get five(): number {
    return this.l5;
  }

  get fifteen(): number {
    return this.l15;
  }

  /**
   * The first whole µs ≥ `now` at which the average with time constant `tau`,
   * at `l` now, is above `threshold` while the load stays as it is; Infinity when it
   * never will be (the average only moves towards the load).
   */
  static crossing(now: number, l: number, load: number, threshold: number, tau: number): number {
    if (l > threshold) return now;
    if (load <= threshold) return Infinity;
    // n + (l − n)e^(−dt/τ) = θ  ⇔  dt = τ·ln((n − l)/(n − θ)).
    return now + Math.max(0, Math.ceil(tau * Math.log((load - l) / (load - threshold))));
  }
}

export class LoadQosController {
  private readonly five: number | null;
  private readonly fifteen: number | null;

  constructor(s: QosSettings) {
    this.five = s.threshold5min;
    this.fifteen = s.threshold15min;
  }

  /** Whether the agent is overloaded now (the averages brought to now): then every revocable task is killed. */
  overloaded(avg: LoadAverage): boolean {
    return (this.five !== null && avg.five > this.five) || (this.fifteen !== null && avg.fifteen > this.fifteen);
  }

  /** When the agent, its load staying as it is, will be overloaded (≥ now), or Infinity. */
  nextCheck(avg: LoadAverage, now: number): number {
    const n = avg.load / 1000;
    const a = this.five === null ? Infinity : LoadAverage.crossing(now, avg.five, n, this.five, TAU5);
    const b = this.fifteen === null ? Infinity : LoadAverage.crossing(now, avg.fifteen, n, this.fifteen, TAU15);
    return Math.min(a, b);
  }
}
