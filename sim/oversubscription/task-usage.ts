// What a task uses of its cpus, for the `usage` estimator and the load that the QoS
// controller reads: the mean cpus of the task's latest `usage` record of the
// workload (Google 2011 task_usage, Alibaba batch_instance and pai_instance, as the
// trace readers give them), from the record's time on; before one arrives, and for
// tasks of which the workload has none, `cpusFraction` × its cpus request (the
// stated model, `oversubscription.usageModel`).
//
// A usage record names its task record (`task`); it applies to every instance of that
// record submitted by then (a record with `instances: N` is N tasks). Memory: the
// index from a task record's id to its tasks is swept of tasks that are over once it
// has doubled, so it stays proportional to the tasks alive.
import { toMilli } from "../../allocators/resources/quantities.ts";
import type { UsageRecord } from "../../traces/canonical/trace-record.ts";
import type { SimTask } from "../master/master-records.ts";

const MIN_SWEEP = 1024;

export class TaskUsage {
  private readonly measured = new WeakMap<SimTask, number>();
  private readonly byRecord = new Map<string, SimTask[]>();
  private sweepAt = MIN_SWEEP;

  constructor(
    private readonly cpusFraction: number,
    /** Called when a task's use changed, with what it was (milli-cpus). */
    private readonly changed: (task: SimTask, before: number) => void,
  ) {}

  /** Milli-cpus the task uses. */
  cpus(task: SimTask): number {
    return this.measured.get(task) ?? Math.round(this.cpusFraction * toMilli(task.amounts[0] ?? 0));
  }

  /** The tasks of one task record, as submitted. */
  submitted(recordId: string, tasks: readonly SimTask[]): void {
    const known = this.byRecord.get(recordId);
    if (known === undefined) this.byRecord.set(recordId, [...tasks]);
    else known.push(...tasks);
    if (this.byRecord.size >= this.sweepAt) this.sweep();
  }

  record(r: UsageRecord): void {
    if (r.cpus === null) return;
    const tasks = this.byRecord.get(r.task);
    if (tasks === undefined) return;
    const milli = toMilli(r.cpus);
    for (const t of tasks) {
      if (t.state === "ended" || t.state === "abandoned") continue;
      const before = this.cpus(t);
      this.measured.set(t, milli);
      if (before !== milli) this.changed(t, before);
    }
  }

  private sweep(): void {
    for (const [id, tasks] of this.byRecord) {
      if (tasks.every((t) => t.state === "ended" || t.state === "abandoned")) this.byRecord.delete(id);
    }
    this.sweepAt = Math.max(MIN_SWEEP, this.byRecord.size * 2);
  }
}
