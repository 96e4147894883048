// Alibaba cluster-trace-gpu-v2020 (PAI): pai_job_table, pai_task_table,
// pai_instance_table, pai_group_tag_table and pai_machine_spec. Headerless CSV;
// the headers ship as separate `<table>.header` files. Schema:
// docs/trace-sources.md §5 (from the publisher's README and .header files).
//
// Requests are per instance (alibaba/clusterdata#129): plan_cpu in % of a core,
// plan_mem in GB, plan_gpu in % of a GPU (50 = half a GPU: sharing). Times are
// seconds on a shifted clock and are kept as they are. The user is on the job
// table only and is joined onto tasks by job_name when the job table is given.
//
// GPU type: `pai_task_table.gpu_type` is the type the task was *given* (where the
// source scheduler happened to put it), not what it asked for; the requirement is
// `pai_group_tag_table.gpu_type_spec`, keyed by the job's inst_id, and empty when
// the job accepts any type (the publisher's README). So the `gpu_type` constraint
// comes from the group tag table, joined through the job table; without both, a
// task has no GPU-type constraint rather than a made-up one.
import { BadField, checkFieldCount, optionalAmount, optionalNumber, requiredNumber, requiredString } from "../input/bad-field.ts";
import { alibabaEnd, alibabaStatus, alibabaTime } from "./alibaba-status.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const GB_IN_MIB = 1024;

/** The published header line of each table, skipped if a file carries it inline. */
const HEADERS: ReadonlyMap<string, string> = new Map([
  ["pai_job", "job_name,inst_id,user,status,start_time,end_time"],
  ["pai_task", "job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,gpu_type"],
  ["pai_instance", "job_name,task_name,inst_name,worker_name,inst_id,status,start_time,end_time,machine"],
  ["pai_group_tag", "inst_id,user,gpu_type_spec,group,workload"],
  ["pai_machine_spec", "machine,gpu_type,cap_cpu,cap_mem,cap_gpu"],
]);

/** Strings seen many times (users, GPU types), stored once and referred to by number. */
class Interned {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let i = this.ids.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.ids.set(value, i);
    }
    return i;
  }
}

/** What the task table needs from the job and group tag tables, kept compactly: 1M+ jobs. */
class JobIndex {
  private readonly index = new Map<string, number>();
  private readonly users = new Interned();
  private readonly jobUser: number[] = [];
  private readonly jobSubmit: number[] = [];
  /** The job's required GPU type (an index into `gpuTypes`), or −1 for none. */
  private readonly jobGpuType: number[] = [];
  readonly gpuTypes = new Interned();
  /** gpu_type_spec by inst_id, from pai_group_tag_table (read before the job table); non-empty specs only. */
  readonly specByInstance = new Map<string, number>();

  add(job: string, instId: string, user: string, submitUs: number): void {
    this.index.set(job, this.jobUser.length);
    this.jobUser.push(this.users.id(user));
    this.jobSubmit.push(submitUs);
    this.jobGpuType.push(this.specByInstance.get(instId) ?? -1);
  }

  user(job: string): string | null {
    const i = this.index.get(job);
    return i === undefined ? null : (this.users.values[this.jobUser[i] as number] as string);
  }

  /** The GPU type the job asked for, or null (any type, or not known). */
  gpuType(job: string): string | null {
    const i = this.index.get(job);
    const t = i === undefined ? -1 : (this.jobGpuType[i] as number);
    return t < 0 ? null : (this.gpuTypes.values[t] as string);
  }

  submit(job: string): number | null {
    const i = this.index.get(job);
    return i === undefined ? null : (this.jobSubmit[i] as number);
  }
}

const EXTENSIONS = [".csv", ".csv.gz"];

export const alibabaGpu2020Reader: TraceReader = {
  format: "alibaba-gpu-2020",
  // The group tag table before the job table, which joins it onto jobs by inst_id.
  tables: ["pai_machine_spec", "pai_group_tag", "pai_job", "pai_task", "pai_instance"],
  sourceTimeOriginUs: 0,
  extensions: EXTENSIONS,
  content: "csv",

  recognise(path) {
    // `pai_task_table.csv`, …, `pai_machine_spec.csv` as published; not the
    // `.header` files beside them, nor the sensor and metric tables.
    const stem = publishedName(path, EXTENSIONS)?.stem;
    const m = stem === undefined ? null : /^(pai_machine_spec|pai_job|pai_task|pai_instance|pai_group_tag)(?:_table)?$/.exec(stem);
    return m?.[1] ?? null;
  },

  async read(inputs, ctx) {
    const jobs = new JobIndex();
    for (const input of inputs) {
      switch (input.table) {
        case "pai_machine_spec":
          await readMachineSpec(input, ctx);
          break;
        case "pai_group_tag":
          await readGroupTags(input, ctx, jobs);
          break;
        case "pai_job":
          await readJobs(input, ctx, jobs);
          break;
        case "pai_task":
          await readTasks(input, ctx, jobs);
          break;
        default:
          await readInstances(input, ctx);
      }
    }
  },
};

async function forEachRow(input: TableInput, ctx: ReadContext, onRow: (x: string[]) => void): Promise<void> {
  const header = HEADERS.get(input.table);
  await forEachLine(input.path, ctx, (line, lineNo) => {
    if (lineNo === 1 && line === header) return;
    onRow(line.split(","));
  });
}

async function readMachineSpec(input: TableInput, ctx: ReadContext): Promise<void> {
  await forEachRow(input, ctx, (x) => {
    checkFieldCount(x, 5, "pai_machine_spec");
    const id = requiredString(x, 0, "machine");
    const gpuType = x[1] ?? "";
    const cpus = optionalAmount(x, 2, "cap_cpu");
    const mem = optionalAmount(x, 3, "cap_mem");
    const gpus = optionalAmount(x, 4, "cap_gpu");
    ctx.emit({
      type: "machine",
      time: 0,
      id,
      initial: true,
      event: "add",
      capacity: { cpus: cpus ?? 0, mem: (mem ?? 0) * GB_IN_MIB, disk: 0, gpus: gpus ?? 0 },
      attributes: gpuType === "" ? {} : { gpu_type: gpuType },
    });
  });
}

async function readGroupTags(input: TableInput, ctx: ReadContext, jobs: JobIndex): Promise<void> {
  await forEachRow(input, ctx, (x) => {
    checkFieldCount(x, 5, "pai_group_tag");
    const instId = requiredString(x, 0, "inst_id");
    requiredString(x, 1, "user");
    const spec = x[2] ?? "";
    if (spec !== "") jobs.specByInstance.set(instId, jobs.gpuTypes.id(spec));
  });
}

async function readJobs(input: TableInput, ctx: ReadContext, jobs: JobIndex): Promise<void> {
  await forEachRow(input, ctx, (x) => {
    checkFieldCount(x, 6, "pai_job");
    const job = requiredString(x, 0, "job_name");
    const instId = requiredString(x, 1, "inst_id");
    const user = requiredString(x, 2, "user");
    const status = alibabaStatus(x, 3, "status");
    const startS = optionalNumber(x, 4, "start_time");
    const endS = optionalNumber(x, 5, "end_time");
    // start_time is the submission (traces.md §5).
    const time = alibabaTime(startS ?? 0);
    jobs.add(job, instId, user, time);
    ctx.emit({
      type: "job",
      time,
      id: job,
      initial: startS === null || startS === 0,
      role: user,
      user,
      name: null,
      start: null,
      end: alibabaEnd(time, endS),
      status,
      priority: null,
    });
  });
}

async function readTasks(input: TableInput, ctx: ReadContext, jobs: JobIndex): Promise<void> {
  await forEachRow(input, ctx, (x) => {
    checkFieldCount(x, 10, "pai_task");
    const job = requiredString(x, 0, "job_name");
    const task = requiredString(x, 1, "task_name");
    const instances = requiredNumber(x, 2, "inst_num");
    if (instances < 0 || !Number.isInteger(instances)) throw new BadField(3, "inst_num", `not a count: ${x[2]}`);
    const status = alibabaStatus(x, 3, "status");
    const startS = optionalNumber(x, 4, "start_time");
    const endS = optionalNumber(x, 5, "end_time");
    const cpu = optionalAmount(x, 6, "plan_cpu");
    const mem = optionalAmount(x, 7, "plan_mem");
    const gpu = optionalAmount(x, 8, "plan_gpu");
    // x[9], gpu_type, is where the task ran, not a requirement (see the top of this file).
    const gpuType = jobs.gpuType(job);
    const start = startS === null || startS <= 0 ? null : alibabaTime(startS);
    // Submitted with its job; without the job table, when it started.
    const time = jobs.submit(job) ?? start ?? 0;
    const end = alibabaEnd(start ?? time, endS);
    const user = jobs.user(job);
    ctx.emit({
      type: "task",
      time,
      id: `${job}/${task}`,
      job,
      initial: time === 0,
      role: user ?? "unknown",
      user,
      instances,
      start,
      end,
      duration: start !== null && end !== null ? end - start : null,
      status,
      request: { cpus: (cpu ?? 0) / 100, mem: (mem ?? 0) * GB_IN_MIB, disk: 0, gpus: (gpu ?? 0) / 100 },
      priority: null,
      constraints: gpuType === null ? [] : [{ name: "gpu_type", op: "eq", value: gpuType }],
      machine: null,
    });
  });
}

async function readInstances(input: TableInput, ctx: ReadContext): Promise<void> {
  await forEachRow(input, ctx, (x) => {
    checkFieldCount(x, 9, "pai_instance");
    const job = requiredString(x, 0, "job_name");
    const task = requiredString(x, 1, "task_name");
    const inst = requiredString(x, 2, "inst_name");
    const status = alibabaStatus(x, 5, "status");
    const startS = optionalNumber(x, 6, "start_time");
    const endS = optionalNumber(x, 7, "end_time");
    const time = alibabaTime(startS ?? 0);
    ctx.emit({
      type: "usage",
      time,
      task: `${job}/${task}`,
      instance: inst,
      end: alibabaEnd(time, endS),
      machine: x[8] === "" ? null : (x[8] as string),
      status,
      cpus: null,
      mem: null,
    });
  });
}
