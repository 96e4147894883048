// Collapses Google-style event streams (SUBMIT, SCHEDULE, FINISH, …, per task or
// job) into one record per run: submit → start → end with a final status. A task
// that is resubmitted after EVICT/FAIL/KILL/LOST starts a new run with the same id
// and a later submit time. Runs still open when the input ends keep their status
// ("pending" if never scheduled, "running" if never ended).
//
// Memory is one entry per *open* run, bounded by what is live at one time in the
// cluster, not by the input length.
import type { Constraint, TaskStatus } from "../canonical/trace-record.ts";

export type EventKind = "submit" | "schedule" | "end" | "update" | "noop";

export interface Run {
  readonly id: string;
  readonly job: string;
  submit: number;
  initial: boolean;
  start: number | null;
  end: number | null;
  status: TaskStatus;
  machine: string | null;
  user: string | null;
  name: string | null;
  cpus: number;
  mem: number;
  disk: number;
  priority: number | null;
  distinct: boolean;
  constraints: Constraint[];
}

/**
 * What one event row says besides its kind. null means "not given on this row":
 * the run keeps its last value (requests are carried forward, as Google's rows
 * often leave them empty).
 */
export interface EventFields {
  machine: string | null;
  user: string | null;
  name: string | null;
  cpus: number | null;
  mem: number | null;
  disk: number | null;
  priority: number | null;
  distinct: boolean | null;
  constraints: Constraint[] | null;
}

export function emptyFields(): EventFields {
  return { machine: null, user: null, name: null, cpus: null, mem: null, disk: null, priority: null, distinct: null, constraints: null };
}

export class EventLifecycle {
  private readonly open = new Map<string, Run>();

  constructor(private readonly close: (run: Run) => void) {}

  /**
   * Applies one event at canonical `time`. `status` is the terminal status for
   * kind "end". Events for a run never seen submitted (it began before this
   * input, or its SUBMIT is missing) open a run submitted at this event.
   */
  event(id: string, job: string, time: number, initial: boolean, kind: EventKind, status: TaskStatus, f: EventFields): void {
    let run = this.open.get(id);
    if (kind === "submit" && run !== undefined) {
      // A new SUBMIT while a run is open: the previous run's end was not recorded.
      // It keeps the status it had, as the trace leaves it.
      this.open.delete(id);
      this.close(run);
      run = undefined;
    }
    if (run === undefined) {
      run = {
        id,
        job,
        submit: time,
        initial,
        start: null,
        end: null,
        status: "pending",
        machine: null,
        user: null,
        name: null,
        cpus: 0,
        mem: 0,
        disk: 0,
        priority: null,
        distinct: false,
        constraints: [],
      };
      this.open.set(id, run);
    }
    if (f.machine !== null) run.machine = f.machine;
    if (f.user !== null) run.user = f.user;
    if (f.name !== null) run.name = f.name;
    if (f.cpus !== null) run.cpus = f.cpus;
    if (f.mem !== null) run.mem = f.mem;
    if (f.disk !== null) run.disk = f.disk;
    if (f.priority !== null) run.priority = f.priority;
    if (f.distinct !== null) run.distinct = f.distinct;
    if (f.constraints !== null) run.constraints = f.constraints;
    if (kind === "schedule") {
      run.start = time;
      run.status = "running";
    } else if (kind === "end") {
      run.end = time;
      run.status = status;
      this.open.delete(id);
      this.close(run);
    }
  }

  /** Closes every open run (trace end), in id order so the emit order is stable. */
  finish(): void {
    const ids = [...this.open.keys()].sort();
    for (const id of ids) this.close(this.open.get(id) as Run);
    this.open.clear();
  }

  get openRuns(): number {
    return this.open.size;
  }
}
