// The records of a canonical `mesosim-trace/1` trace (docs/trace-format.md).
//
// Every reader maps its source format onto these four record types, and the
// simulator replays only these. Times are integer microseconds on the trace's own
// timeline, where 0 is the start of the trace; a record with `initial: true` was
// already present when the trace began (state, not an arrival).

/** What became of a task or job. Tasks that never ran or never ended keep that status. */
export const TASK_STATUSES = [
  "pending", // submitted, never started before the trace ended
  "running", // started, never ended before the trace ended
  "finished",
  "failed",
  "killed",
  "evicted",
  "lost", // presumably ended, but the record of it is missing
  "cancelled", // withdrawn before it started
  "unknown", // the source does not say
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const MACHINE_EVENTS = ["add", "remove", "update"] as const;
export type MachineEvent = (typeof MACHINE_EVENTS)[number];

export const CONSTRAINT_OPS = ["eq", "ne", "lt", "gt", "le", "ge", "present", "absent", "in", "distinct"] as const;
export type ConstraintOp = (typeof CONSTRAINT_OPS)[number];

/** Absolute resources: cores, MiB (Mesos's "MB"), MiB of disk, GPUs (fractions allowed). */
export interface Request {
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
}

export interface Constraint {
  /** An attribute name, or "machine" for the machine itself. */
  name: string;
  op: ConstraintOp;
  /** Absent for `present`, `absent` and `distinct`. For `in`, values are `|`-separated. */
  value: string | null;
}

export interface JobRecord {
  type: "job";
  /** Submit time, µs. */
  time: number;
  id: string;
  initial: boolean;
  role: string;
  user: string | null;
  name: string | null;
  start: number | null;
  end: number | null;
  status: TaskStatus;
  priority: number | null;
}

export interface TaskRecord {
  type: "task";
  /** Submit time, µs. */
  time: number;
  id: string;
  job: string;
  initial: boolean;
  role: string;
  user: string | null;
  /** How many identical schedulable units this record stands for (Alibaba instance_num). */
  instances: number;
  start: number | null;
  end: number | null;
  /** end − start when both are known, else null (µs). */
  duration: number | null;
  status: TaskStatus;
  /** Per instance. 0 means "not given by the source". */
  request: Request;
  priority: number | null;
  constraints: Constraint[];
  machine: string | null;
}

export interface MachineRecord {
  type: "machine";
  time: number;
  id: string;
  initial: boolean;
  event: MachineEvent;
  /** null when the source gives none on this event: keep the last known capacity. */
  capacity: Request | null;
  attributes: Record<string, string>;
}

/** An observed run or usage window of a task instance. Informative; never an arrival. */
export interface UsageRecord {
  type: "usage";
  /** Start of the window, µs. */
  time: number;
  /** The task record's id. */
  task: string;
  instance: string | null;
  end: number | null;
  machine: string | null;
  status: TaskStatus | null;
  /** Mean cores used over the window, or null. */
  cpus: number | null;
  /** Mean MiB used over the window, or null. */
  mem: number | null;
}

export type TraceRecord = JobRecord | TaskRecord | MachineRecord | UsageRecord;
export type RecordType = TraceRecord["type"];
export const RECORD_TYPES: readonly RecordType[] = ["job", "machine", "task", "usage"];
