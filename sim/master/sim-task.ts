// A task of the workload, from its submission to its end. It lives only while it is
// pending or holds resources; the reports keep what they need of it from the record
// stream, so a finished task is garbage.
import type { Quantities } from "../../allocators/resources/quantities.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { Constraint } from "../../traces/canonical/trace-record.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { TaskEndState } from "../records/run-records.ts";
import type { SimAgent } from "./sim-agent.ts";
import type { SimFramework } from "./sim-framework.ts";

/**
 * - `pending`: in its framework's queue;
 * - `launching`: chosen for an offer, the framework's answer not yet delivered;
 * - `staging`, `running`: on an agent, holding resources (TASK_STAGING, TASK_RUNNING);
 * - `ended`, `abandoned`: done for good.
 */
export type SimTaskState = "pending" | "launching" | "staging" | "running" | "ended" | "abandoned";

export class SimTask {
  state: SimTaskState = "pending";
  agent: SimAgent | null = null;
  /** What it holds on `agent`, tagged with its role. */
  resources: Resources | null = null;
  /** Offers it was examined on and did not fit, since it last became pending. */
  attempts = 0;
  /** When it last became pending (submission, or the loss it is retried after), µs. */
  pendingSince: number;
  /** Its next own event: TASK_RUNNING, its end, or its `abandonAfter.wait` timer. */
  event: EventHandle | undefined = undefined;
  /** Its framework's model's own slot (the batch model keeps its queue position here). */
  modelData = 0;

  constructor(
    readonly id: string,
    readonly job: string,
    readonly framework: SimFramework,
    readonly role: string,
    /** Per-task request as allocator quantities, and as report amounts. */
    readonly request: Quantities,
    readonly amounts: Float64Array,
    /** Run time once running, µs; null: until killed or the horizon. */
    readonly duration: number | null,
    /** How it ends when its run time is over. */
    readonly endState: TaskEndState,
    readonly constraints: readonly Constraint[],
    readonly priority: number | null,
    submittedAt: number,
  ) {
    this.pendingSince = submittedAt;
  }
}
