// The `load` QoS controller (src/slave/qos_controllers/load.cpp) and the load
// averages it reads.
//
// Mesos's agent asks its QoS controller for corrections continuously (the next
// poll `--qos_correction_interval_min` after each answer, default 0 s). The `load`
// controller reads the system's 5- and 15-minute load averages and, when either
// exceeds its threshold (`load->five > loadThreshold5Min`: absolute load averages as
// `os::loadavg` gives them, not per cpu), returns a KILL for every executor that
// holds any revocable resource.
//
// The load averages are the kernel's (kernel/sched/loadavg.c): every 5 s
// (LOAD_FREQ) the load n is sampled and each average moves towards it,
// L ← L·a + n·(1 − a), a = e^(−5/300) for 5 minutes and e^(−5/900) for 15 (the
// kernel does this in 11-bit fixed point; here in doubles). The agent's load n is the
// cpus its running tasks use (task-usage.ts); a sample at time t sees the load just
// before t. Ticks are at the agent's registration time plus multiples of 5 s.
//
// A controller polled continuously sees a new average only at a tick, so it acts at
// ticks: at the first tick at which an average exceeds its threshold while a
// revocable task runs. (A revocable task launched between two ticks on an agent
// already over its threshold is killed at the next tick, not at once: this keeps a
// framework that relaunches at once from being killed again within the same
// instant, which Mesos's own latencies prevent.) Between changes of the load the
// averages follow in closed form, so the simulator schedules only the ticks at which
// the controller acts.
import type { QosSettings } from "./oversubscription-schema.ts";

/** LOAD_FREQ: the kernel samples the load every 5 s. */
export const LOAD_TICK = 5_000_000;
const A5 = Math.exp(-5 / 300);
const A15 = Math.exp(-5 / 900);

/** An agent's 5- and 15-minute load averages, in cores, as of its last tick. */
export class LoadAverage {
  /** The last tick taken into account (tick k is at phase + k × LOAD_TICK; tick 0 is the start, averages 0). */
  private k = 0;
  private l5 = 0;
  private l15 = 0;
  /** The load now: cores in use, milli-cores. */
  private n = 0;

  constructor(readonly phase: number) {}

  /** Takes every tick at or before `now` into account, with the load as it was before `now`. */
  advance(now: number): void {
    const last = Math.floor((now - this.phase) / LOAD_TICK);
    const m = last - this.k;
    if (m <= 0) return;
    const n = this.n / 1000;
    this.l5 = n + (this.l5 - n) * A5 ** m;
    this.l15 = n + (this.l15 - n) * A15 ** m;
    this.k = last;
  }

  /** The load changed to `milli` milli-cores at `now`. */
  setLoad(now: number, milli: number): void {
    this.advance(now);
    this.n = milli;
  }

  get load(): number {
    return this.n;
  }

  get tick(): number {
    return this.k;
  }

  get five(): number {
    return this.l5;
  }

  get fifteen(): number {
    return this.l15;
  }

  /** The time of tick `k`, µs. */
  timeOf(k: number): number {
    return this.phase + k * LOAD_TICK;
  }

  /** The first tick at or after `time`. */
  tickAtOrAfter(time: number): number {
    return Math.ceil((time - this.phase) / LOAD_TICK);
  }
}

/**
 * The first tick k ≥ `from` at which an average, `l` at tick `j` (≤ from) and moving
 * towards the load `n` by `a` per tick, is above `threshold`; Infinity if none.
 */
function firstAbove(l: number, n: number, threshold: number, a: number, j: number, from: number): number {
  const at = (k: number): number => n + (l - n) * a ** (k - j);
  if (at(from) > threshold) return from;
  // Below at `from`: it gets above only if it rises towards a load above the threshold.
  if (n <= threshold) return Infinity;
  // n + (l − n)·a^m > θ  ⇔  a^m < (n − θ)/(n − l)  ⇔  m > ln((n − θ)/(n − l)) / ln a.
  let k = Math.max(from, j + Math.floor(Math.log((n - threshold) / (n - l)) / Math.log(a)) + 1);
  // The closed form in doubles may be one tick off either way.
  while (at(k) <= threshold) k++;
  while (k > from && at(k - 1) > threshold) k--;
  return k;
}

export class LoadQosController {
  private readonly five: number | null;
  private readonly fifteen: number | null;

  constructor(s: QosSettings) {
    this.five = s.threshold5min;
    this.fifteen = s.threshold15min;
  }

  /** Whether the averages (as of their last tick) are over a threshold: then every revocable task is killed. */
  overloaded(avg: LoadAverage): boolean {
    return (this.five !== null && avg.five > this.five) || (this.fifteen !== null && avg.fifteen > this.fifteen);
  }

  /** The first tick ≥ `from` at which the agent will be overloaded if its load stays as it is, or Infinity. */
  nextTick(avg: LoadAverage, from: number): number {
    const n = avg.load / 1000;
    const a = this.five === null ? Infinity : firstAbove(avg.five, n, this.five, A5, avg.tick, from);
    const b = this.fifteen === null ? Infinity : firstAbove(avg.fifteen, n, this.fifteen, A15, avg.tick, from);
    return Math.min(a, b);
  }
}
