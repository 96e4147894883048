// The `batch` framework model (docs/experiment-format.md, `frameworks`): a FIFO
// queue of pending tasks. On each offer it walks the queue in order and launches
// every task whose resources fit what is left of the offer and whose constraints
// the agent meets, up to `maxTasksPerOffer`; the rest of the offer is declined with
// `refuseSeconds`. It suppresses while its queue is empty (from registration on,
// with `suppressWhenIdle`) and revives when work arrives. Tasks lost to failures are
// requeued at the back, their wait counting from the loss: TASK_LOST, TASK_GONE,
// TASK_UNREACHABLE, TASK_DROPPED, and TASK_KILLED when the master killed them because
// the framework was removed (REASON_FRAMEWORK_REMOVED; a task the workload ends as
// killed is not retried), up to `params.maxRetries` times each (default: no limit),
// as Spark's `spark.task.maxFailures` or Aurora's `max_task_failures` bound them.
// When an agent comes back with a copy of a task it still has queued, it takes that
// copy back (MESOS-7215); after subscribing again it reconciles and revives.
//
// Attempts: a task examined on an offer that it did not fit counts one attempt.
// Examination of an offer stops when `maxTasksPerOffer` is reached or nothing is
// left of the offer; tasks not examined then do not count.
import type { FrameworkModel, OfferAnswer, SchedulerDriver, TaskReason } from "./framework-model.ts";
import type { SimOffer, SimTask } from "../master/master-records.ts";
import type { TaskEndState } from "../records/run-records.ts";

/** The states after which a batch framework runs the task again (it was not the task's doing). */
const RETRIED: ReadonlySet<string> = new Set<TaskEndState>(["TASK_LOST", "TASK_GONE", "TASK_UNREACHABLE", "TASK_DROPPED"]);

/** The `batch` model's `params`: `maxRetries`, relaunches of one task after losses (null or absent: no limit). */
export interface BatchParams {
  readonly maxRetries?: number | null;
}

/** Below this many dead entries, compacting the queue is not worth a pass. */
const MIN_DEAD_TO_COMPACT = 256;

export class BatchModel implements FrameworkModel {
  // The queue, in order; entries that stopped being pending are skipped and compacted
  // away lazily (a launch from the middle of a long queue is then O(1)).
  private queue: SimTask[] = [];
  private pending = 0;
  /** Relaunches so far of tasks that were lost at least once and are not done. */
  private readonly retries = new Map<SimTask, number>();
  private readonly maxRetries: number;

  constructor(
    private readonly driver: SchedulerDriver,
    params: BatchParams = {},
  ) {
    this.maxRetries = params.maxRetries ?? Infinity;
  }

  private get spec() {
    return this.driver.framework.spec;
  }

  registered(): void {
    if (this.spec.suppressWhenIdle) this.driver.suppress();
  }

  workArrived(tasks: readonly SimTask[]): void {
    for (const t of tasks) {
      this.enqueue(t);
      if (t.amounts[3] !== undefined && t.amounts[3] > 0) this.driver.addCapability("GPU_RESOURCES");
    }
    if (this.pending > 0) this.driver.revive();
  }

  resourceOffers(offers: readonly SimOffer[], answer: OfferAnswer): void {
    const max = this.spec.maxTasksPerOffer;
    const abandonAt = this.spec.abandonAfter !== null && "attempts" in this.spec.abandonAfter ? this.spec.abandonAfter.attempts : Infinity;
    const q = this.queue;
    for (const offer of offers) {
      let launched = 0;
      for (let i = 0; i < q.length; i++) {
        const t = q[i] as SimTask;
        if (t.state !== "pending") continue;
        if ((max !== null && launched >= max) || answer.exhausted(offer)) break;
        if (answer.fits(offer, t)) {
          answer.launch(offer, t);
          launched++;
          this.pending--;
        } else if (++t.attempts >= abandonAt) {
          this.driver.abandon(t);
          this.retries.delete(t);
          this.pending--;
        }
      }
    }
    this.compact();
    if (this.pending === 0 && this.spec.suppressWhenIdle) this.driver.suppress();
  }

  launchFailed(tasks: readonly SimTask[]): void {
    // They were the oldest the offer could take; they go back to the front, in order.
    this.queue = [...tasks, ...this.queue];
    this.pending += tasks.length;
    this.driver.revive();
  }

  statusUpdate(task: SimTask, state: TaskEndState | "TASK_RUNNING", reason?: TaskReason): boolean {
    if (state === "TASK_RUNNING") return false;
    const retried = RETRIED.has(state) || (state === "TASK_KILLED" && reason === "REASON_FRAMEWORK_REMOVED");
    const n = (this.retries.get(task) ?? 0) + 1;
    if (!retried || n > this.maxRetries) {
      this.retries.delete(task);
      return false;
    }
    this.retries.set(task, n);
    this.enqueue(task);
    this.driver.revive();
    return true;
  }

  taskReappeared(task: SimTask): boolean {
    // Still queued: the copy that kept running is as good as a relaunch, and further along.
    if (task.state !== "pending") return false;
    this.pending--;
    return true;
  }

  reregistered(): void {
    this.driver.reconcile();
    if (this.pending > 0) this.driver.revive();
    else if (this.spec.suppressWhenIdle) this.driver.suppress();
  }

  offerRescinded(): void {}

  taskTimer(task: SimTask): void {
    // `abandonAfter.wait`: still pending after that long.
    if (task.state !== "pending") return;
    this.driver.abandon(task);
    this.retries.delete(task);
    this.pending--;
  }

  private enqueue(t: SimTask): void {
    this.queue.push(t);
    this.pending++;
    const a = this.spec.abandonAfter;
    if (a !== null && "wait" in a) this.driver.setTaskTimer(t, this.driver.now + a.wait);
  }

  private compact(): void {
    const dead = this.queue.length - this.pending;
    if (dead < MIN_DEAD_TO_COMPACT || dead < this.pending) return;
    this.queue = this.queue.filter((t) => t.state === "pending");
  }
}
