// Alibaba cluster-trace-gpu-v2020 (PAI): pai_job_table, pai_task_table,
// pai_instance_table, pai_group_tag_table and pai_machine_spec. Headerless CSV;
// the headers ship as separate `<table>.header` files. Schema:
// docs/trace-sources.md §5 (from the publisher's README and .header files).
//
// Columns are found by name (traces/input/table-columns.ts), from the first of: a
// header line at the top of the file (a re-export that kept it), the `.header`
// file beside it (`pai_job_table.csv` → `pai_job_table.header`), or else the
// published column order.
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
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BadField, fieldCountError, optionalAmount, optionalNumber, requiredNumber, requiredString } from "../input/bad-field.ts";
import { stripBom } from "../input/byte-order-mark.ts";
import { splitFields } from "../input/split-fields.ts";
import { ABSENT, defineColumns, isColumnName, mapColumns, type ColumnIndex, type TableColumns } from "../input/table-columns.ts";
import { TraceInputError } from "../input/trace-input-error.ts";
import type { TaskStatus } from "../canonical/trace-record.ts";
import { alibabaEnd, alibabaStatus, alibabaTime } from "./alibaba-status.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const GB_IN_MIB = 1024;

const JOB_COLUMNS = defineColumns(
  "pai_job",
  { job_name: { required: true }, inst_id: {}, user: { required: true }, status: {}, start_time: {}, end_time: {} },
);
const TASK_COLUMNS = defineColumns("pai_task", {
  job_name: { required: true },
  task_name: { required: true },
  inst_num: { required: true },
  status: {},
  start_time: {},
  end_time: {},
  plan_cpu: { required: true },
  plan_mem: { required: true },
  plan_gpu: { required: true },
}, ["gpu_type"]);
const INSTANCE_COLUMNS = defineColumns(
  "pai_instance",
  { job_name: { required: true }, task_name: { required: true }, inst_name: { required: true }, status: {}, start_time: {}, end_time: {}, machine: {} },
  ["worker_name", "inst_id"],
);
const GROUP_TAG_COLUMNS = defineColumns("pai_group_tag", { inst_id: { required: true }, user: {}, gpu_type_spec: {} }, ["group", "workload"]);
const MACHINE_COLUMNS = defineColumns(
  "pai_machine_spec",
  { machine: { required: true }, gpu_type: {}, cap_cpu: { required: true }, cap_mem: { required: true }, cap_gpu: { required: true } },
);

/** The published header of each table (its `.header` file), for files that come without one. */
const PUBLISHED: ReadonlyMap<string, string> = new Map([
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

/** The `.header` file beside a data file (`pai_job_table.csv.gz` → `pai_job_table.header`), if there is one. */
export function headerFileOf(path: string): string | null {
  const name = basename(path);
  const dot = name.indexOf(".");
  if (dot < 0) return null;
  const header = join(dirname(path), `${name.slice(0, dot)}.header`);
  return existsSync(header) ? header : null;
}

function headerFileColumns<N extends string>(spec: TableColumns<N>, path: string): ColumnIndex<N> {
  let text: string;
  try {
    text = stripBom(readFileSync(path, "utf8"));
  } catch (err) {
    throw new TraceInputError(`${path}: cannot read: ${(err as Error).message}`);
  }
  const line = (text.split("\n")[0] ?? "").replace(/\r$/, "");
  return mapColumns(spec, splitFields(line), path, 1);
}

/** Calls `onRow` with each data row's fields and the column map that applies to its file. */
async function forEachRow<N extends string>(
  input: TableInput,
  ctx: ReadContext,
  spec: TableColumns<N>,
  onRow: (x: string[], c: ColumnIndex<N>) => void,
): Promise<void> {
  const headerFile = headerFileOf(input.path);
  let c: ColumnIndex<N> | null = null;
  await forEachLine(input.path, ctx, (line, lineNo) => {
    const x = splitFields(line);
    if (c === null) {
      // An inline header starts with a column name; a data row starts with a hash.
      if (isColumnName(spec, x[0] as string)) {
        c = mapColumns(spec, x, input.path, lineNo);
        return;
      }
      c =
        headerFile !== null
          ? headerFileColumns(spec, headerFile)
          : mapColumns(spec, splitFields(PUBLISHED.get(input.table) as string), `published ${input.table} header`, 1);
    }
    if (x.length !== c.count) throw fieldCountError(c.count, x.length, spec.table);
    onRow(x, c);
  });
}

/** The status column, or "unknown" where the header has none. */
function statusOf(x: readonly string[], i: number): TaskStatus {
  return i === ABSENT ? "unknown" : alibabaStatus(x, i, "status");
}

async function readMachineSpec(input: TableInput, ctx: ReadContext): Promise<void> {
  await forEachRow(input, ctx, MACHINE_COLUMNS, (x, c) => {
    const id = requiredString(x, c.machine, "machine");
    const gpuType = x[c.gpu_type] ?? "";
    const cpus = optionalAmount(x, c.cap_cpu, "cap_cpu");
    const mem = optionalAmount(x, c.cap_mem, "cap_mem");
    const gpus = optionalAmount(x, c.cap_gpu, "cap_gpu");
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
  await forEachRow(input, ctx, GROUP_TAG_COLUMNS, (x, c) => {
    const instId = requiredString(x, c.inst_id, "inst_id");
    const spec = x[c.gpu_type_spec] ?? "";
    if (spec !== "") jobs.specByInstance.set(instId, jobs.gpuTypes.id(spec));
  });
}

async function readJobs(input: TableInput, ctx: ReadContext, jobs: JobIndex): Promise<void> {
  await forEachRow(input, ctx, JOB_COLUMNS, (x, c) => {
    const job = requiredString(x, c.job_name, "job_name");
    const user = requiredString(x, c.user, "user");
    const status = statusOf(x, c.status);
    const startS = optionalNumber(x, c.start_time, "start_time");
    const endS = optionalNumber(x, c.end_time, "end_time");
    // inst_id joins the job to its group tag, whose gpu_type_spec is its requirement.
    const instId = x[c.inst_id] ?? "";
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
  await forEachRow(input, ctx, TASK_COLUMNS, (x, c) => {
    const job = requiredString(x, c.job_name, "job_name");
    const task = requiredString(x, c.task_name, "task_name");
    const instances = requiredNumber(x, c.inst_num, "inst_num");
    if (instances < 0 || !Number.isInteger(instances)) throw new BadField(c.inst_num + 1, "inst_num", `not a count: ${x[c.inst_num]}`);
    const status = statusOf(x, c.status);
    const startS = optionalNumber(x, c.start_time, "start_time");
    const endS = optionalNumber(x, c.end_time, "end_time");
    const cpu = optionalAmount(x, c.plan_cpu, "plan_cpu");
    const mem = optionalAmount(x, c.plan_mem, "plan_mem");
    const gpu = optionalAmount(x, c.plan_gpu, "plan_gpu");
    // pai_task.gpu_type is where the task ran, not a requirement (see the top of this file).
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
  await forEachRow(input, ctx, INSTANCE_COLUMNS, (x, c) => {
    const job = requiredString(x, c.job_name, "job_name");
    const task = requiredString(x, c.task_name, "task_name");
    const inst = requiredString(x, c.inst_name, "inst_name");
    const status = statusOf(x, c.status);
    const startS = optionalNumber(x, c.start_time, "start_time");
    const endS = optionalNumber(x, c.end_time, "end_time");
    const machine = x[c.machine] ?? "";
    const time = alibabaTime(startS ?? 0);
    ctx.emit({
      type: "usage",
      time,
      task: `${job}/${task}`,
      instance: inst,
      end: alibabaEnd(time, endS),
      machine: machine === "" ? null : machine,
      status,
      cpus: null,
      mem: null,
    });
  });
}
