// Collapses Google-style event streams (SUBMIT, SCHEDULE, FINISH, …, per task or
// job) into one record per run: submit → start → end with a final status. A task
// that is resubmitted after EVICT/FAIL/KILL/LOST starts a new run with the same id
// and a later submit time. Runs still open when the input ends keep their status
// ("pending" if never scheduled, "running" if never ended).
//
// Several events of one task at the same timestamp are applied in lifecycle
// order, whatever order they arrive in: a trace's rows within one timestamp have no
// meaningful order (Google 2011 writes all time-0 SUBMITs before all time-0
// SCHEDULEs; the 2019 readers' sort breaks ties by event code, which puts SUBMIT (0)
// before EVICT (4)). Applied as they came, EVICT 800 s + SUBMIT 800 s of one
// instance gave a run that never ended plus a phantom evicted run with no start,
// instead of "evicted, then resubmitted at 800 s". So events are held until the
// time moves on, and then each task's events of that instant go in the order its
// state admits: the events that end the open run before a new SUBMIT, a SUBMIT
// before the SCHEDULE that starts it (`RANK`).
//
// Memory is one entry per *open* run, bounded by what is live at one time in the
// cluster, not by the input length, plus the events of one timestamp.
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

/** An event held until its timestamp is complete. */
interface HeldEvent {
  id: string;
  job: string;
  initial: boolean;
  kind: EventKind;
  status: TaskStatus;
  fields: EventFields;
}

/**
 * Where a task's lifecycle stands: no open run, open and not started, or started.
 * A pending run with a SUBMIT among the same instant's events is told apart: the
 * SUBMIT is a resubmission, so the SCHEDULE belongs to the new run and the
 * pending run's end comes first.
 */
const enum Phase {
  Closed = 0,
  Pending = 1,
  PendingBeforeSubmit = 2,
  Running = 3,
}

/** The lifecycle step an event is, for ordering: UPDATE_PENDING and UPDATE_RUNNING belong to different phases. */
const enum Step {
  Submit = 0,
  Noop = 1,
  UpdatePending = 2,
  Schedule = 3,
  UpdateRunning = 4,
  End = 5,
}

/**
 * RANK[phase][step]: among one task's events at one instant, the next applied is
 * the lowest rank in the task's current phase (ties in arrival order). From each
 * phase the lifecycle's own order, starting from that phase: a running task's
 * UPDATE_RUNNING, then its end, then the next SUBMIT and what follows it.
 */
const RANK: readonly (readonly number[])[] = [
  // Submit, Noop, UpdatePending, Schedule, UpdateRunning, End
  [0, 1, 2, 3, 4, 5], // Closed: SUBMIT → QUEUE/ENABLE → UPDATE_PENDING → SCHEDULE → UPDATE_RUNNING → end
  [5, 0, 1, 2, 3, 4], // Pending: … → SCHEDULE → UPDATE_RUNNING → end (a run of zero length)
  [3, 0, 1, 4, 5, 2], // PendingBeforeSubmit: … → end → SUBMIT → SCHEDULE → UPDATE_RUNNING
  [2, 3, 4, 5, 0, 1], // Running: UPDATE_RUNNING → end → SUBMIT → QUEUE/ENABLE → UPDATE_PENDING → SCHEDULE
];

function stepOf(kind: EventKind, status: TaskStatus): Step {
  switch (kind) {
    case "submit":
      return Step.Submit;
    case "noop":
      return Step.Noop;
    case "schedule":
      return Step.Schedule;
    case "update":
      return status === "running" ? Step.UpdateRunning : Step.UpdatePending;
    case "end":
      return Step.End;
  }
}

export class EventLifecycle {
  private readonly open = new Map<string, Run>();
  /** Events at `heldTime`, `held[0..heldCount)`; the objects are reused from instant to instant. */
  private readonly held: HeldEvent[] = [];
  private heldCount = 0;
  private heldTime = 0;

  constructor(private readonly close: (run: Run) => void) {}

  /**
   * Takes one event at canonical `time`. `status` is the terminal status for
   * kind "end". Events for a run never seen submitted (it began before this
   * input, or its SUBMIT is missing) open a run submitted at this event. Events
   * must come in time order for same-instant ordering to apply; an event at a
   * different time than the last one first applies all the events held.
   */
  event(id: string, job: string, time: number, initial: boolean, kind: EventKind, status: TaskStatus, f: EventFields): void {
    if (this.heldCount > 0 && time !== this.heldTime) this.flush();
    this.heldTime = time;
    let e = this.held[this.heldCount];
    if (e === undefined) {
      e = { id, job, initial, kind, status, fields: emptyFields() };
      this.held.push(e);
    } else {
      e.id = id;
      e.job = job;
      e.initial = initial;
      e.kind = kind;
      e.status = status;
    }
    // Copied: readers reuse one EventFields for every row.
    const g = e.fields;
    g.machine = f.machine;
    g.user = f.user;
    g.name = f.name;
    g.cpus = f.cpus;
    g.mem = f.mem;
    g.disk = f.disk;
    g.priority = f.priority;
    g.distinct = f.distinct;
    g.constraints = f.constraints;
    this.heldCount++;
  }

  /** Applies the events held for one instant, each task's in lifecycle order. */
  private flush(): void {
    const n = this.heldCount;
    this.heldCount = 0;
    const time = this.heldTime;
    const held = this.held;
    if (n === 1) {
      this.apply(held[0] as HeldEvent, time);
      return;
    }
    // Chains of each task's events in arrival order: first[id] → next[i] → …
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    const next = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const id = (held[i] as HeldEvent).id;
      const l = last.get(id);
      if (l === undefined) first.set(id, i);
      else next[l] = i;
      last.set(id, i);
    }
    const group: number[] = [];
    for (const start of first.values()) {
      if (next[start] === -1) {
        this.apply(held[start] as HeldEvent, time);
        continue;
      }
      group.length = 0;
      for (let i = start; i !== -1; i = next[i] as number) group.push(i);
      while (group.length > 0) {
        const run = this.open.get((held[start] as HeldEvent).id);
        const phase =
          run === undefined
            ? Phase.Closed
            : run.start !== null
              ? Phase.Running
              : group.some((i) => (held[i] as HeldEvent).kind === "submit")
                ? Phase.PendingBeforeSubmit
                : Phase.Pending;
        const rank = RANK[phase] as readonly number[];
        let best = 0;
        for (let k = 1; k < group.length; k++) {
          const a = held[group[k] as number] as HeldEvent;
          const b = held[group[best] as number] as HeldEvent;
          if ((rank[stepOf(a.kind, a.status)] as number) < (rank[stepOf(b.kind, b.status)] as number)) best = k;
        }
        this.apply(held[group[best] as number] as HeldEvent, time);
        group.splice(best, 1);
      }
    }
  }

  private apply(e: HeldEvent, time: number): void {
    const { id, job, initial, kind, status, fields: f } = e;
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
    if (this.heldCount > 0) this.flush();
    const ids = [...this.open.keys()].sort();
    for (const id of ids) this.close(this.open.get(id) as Run);
    this.open.clear();
  }

  get openRuns(): number {
    return this.open.size;
  }
}
