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
//
// Its `params` (docs/experiment-format.md, "The batch model's params"):
// - `maxRetries`: how many times it relaunches a task lost to a failure (above;
//   null or absent: no limit).
// - `inverseOffers`: how it answers an inverse offer (maintenance): `accept`
//   (default), `decline`, or `ignore` (no answer: it stays outstanding until it is
//   rescinded or times out). Answers are advisory in Mesos: the model keeps using
//   the agent until it goes.
// - `revocableTasks`: which of its tasks may run on revocable resources, when the
//   framework has REVOCABLE_RESOURCES: `all` (default), `none`, or
//   `{priority: {min, max}}` (a band of the tasks' priorities, inclusive; tasks
//   without a priority are outside every band).
import { z } from "zod";
import { integer, object } from "../../common/validation.ts";
import type { FrameworkModel, InverseOfferAnswer, OfferAnswer, SchedulerDriver, TaskStatusReason } from "./framework-model.ts";
import type { SimOffer, SimTask } from "../master/master-records.ts";
import type { TaskEndState } from "../records/run-records.ts";

/** The states after which a batch framework runs the task again (it was not the task's doing). */
const RETRIED: ReadonlySet<string> = new Set<TaskEndState>(["TASK_LOST", "TASK_GONE", "TASK_UNREACHABLE", "TASK_DROPPED", "TASK_GONE_BY_OPERATOR"]);

export const batchParamsSchema = object({
  maxRetries: integer(0, 1_000_000_000).nullable().optional(),
  inverseOffers: z.enum(["accept", "decline", "ignore"]).optional(),
  revocableTasks: z
    .union([z.enum(["all", "none"]), object({ priority: object({ min: z.number().optional(), max: z.number().optional() }) })])
    .optional(),
});

export interface BatchParams {
  /** Relaunches of one task after losses (Infinity: no limit, the default). */
  readonly maxRetries: number;
  readonly inverseOffers: InverseOfferAnswer;
  /** Whether a task may run on revocable resources. */
  readonly revocable: (task: SimTask) => boolean;
}

/** The model's params (already validated by the experiment loader), with their defaults. */
export function batchParams(raw: Readonly<Record<string, unknown>>): BatchParams {
  const p = batchParamsSchema.parse(raw);
  const r = p.revocableTasks ?? "all";
  let revocable: (task: SimTask) => boolean;
  if (r === "all") revocable = () => true;
  else if (r === "none") revocable = () => false;
  else {
    const min = r.priority.min ?? -Infinity;
    const max = r.priority.max ?? Infinity;
    revocable = (t) => t.priority !== null && t.priority >= min && t.priority <= max;
  }
  return { maxRetries: p.maxRetries ?? Infinity, inverseOffers: p.inverseOffers ?? "accept", revocable };
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

  constructor(
    private readonly driver: SchedulerDriver,
    private readonly params: BatchParams = batchParams({}),
  ) {}

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
    const mayRevocable = this.params.revocable;
    for (const offer of offers) {
      let launched = 0;
      for (let i = 0; i < q.length; i++) {
        const t = q[i] as SimTask;
        if (t.state !== "pending") continue;
        if ((max !== null && launched >= max) || answer.exhausted(offer)) break;
        const revocable = mayRevocable(t);
        if (answer.fits(offer, t, revocable)) {
          answer.launch(offer, t, revocable);
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

  statusUpdate(task: SimTask, state: TaskEndState | "TASK_RUNNING", reason?: TaskStatusReason): boolean {
    if (state === "TASK_RUNNING") return false;
    // Not the task's doing: lost with its agent, killed by a drain (the operator's) or
    // by the master when the framework was removed.
    const retried = RETRIED.has(state) || reason === "REASON_SLAVE_DRAINING" || (state === "TASK_KILLED" && reason === "REASON_FRAMEWORK_REMOVED");
    const n = (this.retries.get(task) ?? 0) + 1;
    if (!retried || n > this.params.maxRetries) {
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

  inverseOffer(): InverseOfferAnswer {
    return this.params.inverseOffers;
  }

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
