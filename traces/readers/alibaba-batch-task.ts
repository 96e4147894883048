// The canonical task record of an Alibaba batch_task row (v2017 and v2018 share
// it): a task of `instances` identical instances, started at its submit time if
// its status says it ran, with cpus in cores (plan_cpu is in 1/100 core) and
// memory as a fraction of the reference machine.
import type { TaskRecord, TaskStatus } from "../canonical/trace-record.ts";

export interface AlibabaBatchTask {
  time: number;
  end: number | null;
  job: string;
  task: string;
  initial: boolean;
  role: string;
  instances: number;
  status: TaskStatus;
  started: boolean;
  /** plan_cpu, 1/100 core. */
  planCpu: number | null;
  /** Memory as a fraction of the reference machine's. */
  memFraction: number;
}

export function alibabaBatchTask(t: AlibabaBatchTask, referenceMem: number): TaskRecord {
  return {
    type: "task",
    time: t.time,
    id: `${t.job}/${t.task}`,
    job: t.job,
    initial: t.initial,
    role: t.role,
    user: null,
    instances: t.instances,
    start: t.started ? t.time : null,
    end: t.end,
    duration: t.started && t.end !== null ? t.end - t.time : null,
    status: t.status,
    request: { cpus: (t.planCpu ?? 0) / 100, mem: t.memFraction * referenceMem, disk: 0, gpus: 0 },
    priority: null,
    constraints: [],
    machine: null,
  };
}
