// What `mesosim trace info` reports about a trace. `tasks` counts schedulable
// units (a record with `instances: N` is N tasks); `jobs` and `machines` count
// distinct ids; submit times are the first and last task submits (job submits
// when a trace has no tasks), initial state included.
import type { ReferenceMachine } from "./reference-machine.ts";
import type { TaskStatus, TraceRecord } from "./trace-record.ts";

export interface TraceInfo {
  format: string;
  source: string;
  records: number;
  tasks: number;
  taskRecords: number;
  initialTasks: number;
  jobs: number;
  machines: number;
  usage: number;
  firstSubmitSeconds: number | null;
  lastSubmitSeconds: number | null;
  request: { cpus: number; mem: number; disk: number; gpus: number };
  statuses: Partial<Record<TaskStatus, number>>;
  roles: Array<{ name: string; tasks: number }>;
  badLines: number;
  referenceMachine: ReferenceMachine | null;
}

export class TraceSummary {
  private records = 0;
  private tasks = 0;
  private taskRecords = 0;
  private initialTasks = 0;
  private usage = 0;
  private readonly jobs = new Set<string>();
  private readonly machines = new Set<string>();
  private firstTask = Number.POSITIVE_INFINITY;
  private lastTask = Number.NEGATIVE_INFINITY;
  private firstJob = Number.POSITIVE_INFINITY;
  private lastJob = Number.NEGATIVE_INFINITY;
  private readonly request = { cpus: 0, mem: 0, disk: 0, gpus: 0 };
  private readonly statuses = new Map<TaskStatus, number>();
  private readonly roles = new Map<string, number>();

  add(r: TraceRecord): void {
    this.records++;
    switch (r.type) {
      case "task": {
        const n = r.instances;
        this.taskRecords++;
        this.tasks += n;
        if (r.initial) this.initialTasks += n;
        this.jobs.add(r.job);
        if (r.time < this.firstTask) this.firstTask = r.time;
        if (r.time > this.lastTask) this.lastTask = r.time;
        this.request.cpus += r.request.cpus * n;
        this.request.mem += r.request.mem * n;
        this.request.disk += r.request.disk * n;
        this.request.gpus += r.request.gpus * n;
        this.statuses.set(r.status, (this.statuses.get(r.status) ?? 0) + n);
        this.roles.set(r.role, (this.roles.get(r.role) ?? 0) + n);
        break;
      }
      case "job":
        this.jobs.add(r.id);
        if (r.time < this.firstJob) this.firstJob = r.time;
        if (r.time > this.lastJob) this.lastJob = r.time;
        break;
      case "machine":
        this.machines.add(r.id);
        break;
      case "usage":
        this.usage++;
        break;
    }
  }

  result(format: string, source: string, badLines: number, referenceMachine: ReferenceMachine | null): TraceInfo {
    const hasTasks = this.taskRecords > 0;
    const first = hasTasks ? this.firstTask : this.firstJob;
    const last = hasTasks ? this.lastTask : this.lastJob;
    const statuses: Partial<Record<TaskStatus, number>> = {};
    for (const [s, n] of [...this.statuses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) statuses[s] = n;
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      format,
      source,
      records: this.records,
      tasks: this.tasks,
      taskRecords: this.taskRecords,
      initialTasks: this.initialTasks,
      jobs: this.jobs.size,
      machines: this.machines.size,
      usage: this.usage,
      firstSubmitSeconds: Number.isFinite(first) ? first / 1e6 : null,
      lastSubmitSeconds: Number.isFinite(last) ? last / 1e6 : null,
      request: {
        cpus: round(this.request.cpus),
        mem: round(this.request.mem),
        disk: round(this.request.disk),
        gpus: round(this.request.gpus),
      },
      statuses,
      // Most tasks first, then by name: a total order.
      roles: [...this.roles]
        .map(([name, tasks]) => ({ name, tasks }))
        .sort((a, b) => b.tasks - a.tasks || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      badLines,
      referenceMachine,
    };
  }
}

/** The human-readable form of `info`. */
export function formatInfo(i: TraceInfo): string {
  const lines = [
    `format:        ${i.format}${i.source !== i.format ? ` (source ${i.source})` : ""}`,
    `records:       ${i.records}`,
    `tasks:         ${i.tasks} (${i.taskRecords} records, ${i.initialTasks} initial)`,
    `jobs:          ${i.jobs}`,
    `machines:      ${i.machines}`,
    `usage records: ${i.usage}`,
    `submits:       ${i.firstSubmitSeconds ?? "-"} s .. ${i.lastSubmitSeconds ?? "-"} s`,
    `request:       cpus ${i.request.cpus}, mem ${i.request.mem} MiB, disk ${i.request.disk} MiB, gpus ${i.request.gpus}`,
    `statuses:      ${Object.entries(i.statuses).map(([s, n]) => `${s} ${n}`).join(", ") || "-"}`,
    `roles:         ${i.roles.length}${i.roles.length > 0 ? ` (top: ${i.roles.slice(0, 5).map((r) => `${r.name.slice(0, 16)} ${r.tasks}`).join(", ")})` : ""}`,
    `bad lines:     ${i.badLines}`,
  ];
  return lines.join("\n") + "\n";
}
