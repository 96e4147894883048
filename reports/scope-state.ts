// What the reports keep of one scope of the run (the cluster, a role or a
// framework): what it holds now, its task counts and its latency figures. Only
// running sums and counters: the size does not grow with the length of the run
// (except the latency sample columns, 8 bytes per launch or job).
import { REPORTED_RESOURCES } from "../sim/records/run-records.ts";
import { LatencyAccumulator } from "./latency-accumulator.ts";

/** `summary.tasks`: they add up as `submitted = finished + failed + killed + lost + abandoned + pendingAtEnd + runningAtEnd`. */
export interface TaskCounts {
  submitted: number;
  /** Tasks launched at least once (a relaunch after a loss is not counted again). */
  launched: number;
  finished: number;
  failed: number;
  killed: number;
  /** Ended TASK_LOST, TASK_GONE, TASK_UNREACHABLE, TASK_DROPPED or TASK_GONE_BY_OPERATOR without being requeued. */
  lost: number;
  abandoned: number;
  pendingAtEnd: number;
  runningAtEnd: number;
}

export class ScopeState {
  /** Held by staging and running tasks, in thousandths, `REPORTED_RESOURCES` order. */
  readonly allocated = new Float64Array(REPORTED_RESOURCES.length);
  /** Held in outstanding offers, in thousandths. */
  readonly offered = new Float64Array(REPORTED_RESOURCES.length);
  /** allocated + offered, refreshed when the shares are (what DRF counts). */
  readonly held = new Float64Array(REPORTED_RESOURCES.length);
  pending = 0;
  /** Staging or running. */
  running = 0;
  offersOutstanding = 0;
  readonly tasks: TaskCounts = { submitted: 0, launched: 0, finished: 0, failed: 0, killed: 0, lost: 0, abandoned: 0, pendingAtEnd: 0, runningAtEnd: 0 };
  readonly latency = new LatencyAccumulator();
  /** Dominant share and weighted share in the state after the last event time. */
  share = 0;
  weightedShare = 0;
  /** ∫ share dt in µs, and the largest share seen. */
  shareIntegral = 0;
  shareMax = 0;

  constructor(readonly name: string) {}

  /** A role is active while it has a pending or running task (report format, "Fairness"). */
  get active(): boolean {
    return this.pending > 0 || this.running > 0;
  }

  refreshHeld(): void {
    for (let j = 0; j < this.held.length; j++) this.held[j] = (this.allocated[j] as number) + (this.offered[j] as number);
  }
}
