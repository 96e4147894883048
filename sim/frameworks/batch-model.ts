// The `batch` framework model (docs/experiment-format.md, `frameworks`): a FIFO
// queue of pending tasks. On each offer it walks the queue in order and launches
// every task whose resources fit what is left of the offer and whose constraints
// the agent meets, up to `maxTasksPerOffer`; the rest of the offer is declined with
// `refuseSeconds`. It suppresses while its queue is empty (from registration on,
// with `suppressWhenIdle`) and revives when work arrives. Lost tasks are requeued
// at the back, their wait counting from the loss.
//
// Attempts: a task examined on an offer that it did not fit counts one attempt.
// Examination of an offer stops when `maxTasksPerOffer` is reached or nothing is
// left of the offer; tasks not examined then do not count.
//
// Its `params` (docs/experiment-format.md, "The batch model's params"):
// - `inverseOffers`: how it answers an inverse offer (maintenance): `accept`
//   (default), `decline`, or `ignore` (no answer: it stays outstanding until it is
//   rescinded or times out). Answers are advisory in Mesos: the model keeps using
//   the agent until it goes.
// - `revocableTasks`: which of its tasks may run on revocable resources, when the
//   framework has REVOCABLE_RESOURCES: `all` (default), `none`, or
//   `{priority: {min, max}}` (a band of the tasks' priorities, inclusive; tasks
//   without a priority are outside every band).
import { z } from "zod";
import { object } from "../../common/validation.ts";
import type { FrameworkModel, InverseOfferAnswer, OfferAnswer, SchedulerDriver, TaskStatusReason } from "./framework-model.ts";
import type { SimOffer, SimTask } from "../master/master-records.ts";
import type { TaskEndState } from "../records/run-records.ts";

/** The states after which a batch framework runs the task again (it was not the task's doing). */
const RETRIED: ReadonlySet<string> = new Set<TaskEndState>(["TASK_LOST", "TASK_GONE", "TASK_UNREACHABLE", "TASK_DROPPED", "TASK_GONE_BY_OPERATOR"]);

export const batchParamsSchema = object({
  inverseOffers: z.enum(["accept", "decline", "ignore"]).optional(),
  revocableTasks: z
    .union([z.enum(["all", "none"]), object({ priority: object({ min: z.number().optional(), max: z.number().optional() }) })])
    .optional(),
});

export interface BatchParams {
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
  return { inverseOffers: p.inverseOffers ?? "accept", revocable };
}

/** Below this many dead entries, compacting the queue is not worth a pass. */
const MIN_DEAD_TO_COMPACT = 256;

export class BatchModel implements FrameworkModel {
  // The queue, in order; entries that stopped being pending are skipped and compacted
  // away lazily (a launch from the middle of a long queue is then O(1)).
  private queue: SimTask[] = [];
  private pending = 0;

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
    // A task killed by a drain was the operator's doing, not the task's: run it again.
    if (!RETRIED.has(state) && reason !== "REASON_SLAVE_DRAINING") return false;
    this.enqueue(task);
    this.driver.revive();
    return true;
  }

  offerRescinded(): void {}

  inverseOffer(): InverseOfferAnswer {
    return this.params.inverseOffers;
  }

  taskTimer(task: SimTask): void {
    // `abandonAfter.wait`: still pending after that long.
    if (task.state !== "pending") return;
    this.driver.abandon(task);
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
