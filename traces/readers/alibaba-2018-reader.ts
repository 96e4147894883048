// Alibaba cluster-trace-v2018: batch_task, batch_instance, container_meta and
// machine_meta, headerless CSV. Schema: docs/trace-sources.md §4 (from the
// published schema.txt).
//
// CPU is in hundredths of a core (100 = 1 core); memory is 0–100 % of the largest
// machine, scaled by the reference machine (alibaba/clusterdata#61: 17.17 is a
// percentage, not a multiple). There is no user: batch tasks take their task_type
// (1–12) as role, online containers take role "online".
import { BadField, checkFieldCount, optionalAmount, optionalNumber, requiredInteger, requiredNumber, requiredString } from "../input/bad-field.ts";
import { splitFields } from "../input/split-fields.ts";
import { alibabaEnd, alibabaStatus, alibabaTime } from "./alibaba-status.ts";
import { alibabaBatchTask } from "./alibaba-batch-task.ts";
import type { MachineRecord, TaskRecord } from "../canonical/trace-record.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const TABLES: readonly string[] = ["machine_meta", "container_meta", "batch_task", "batch_instance"];
/** `<table>.tar.gz` unpacks to `<table>.csv`; a gzip'd copy is read too (the tarball is not). */
const EXTENSIONS = [".csv", ".csv.gz"];

export const alibaba2018Reader: TraceReader = {
  format: "alibaba-2018",
  tables: TABLES,
  sourceTimeOriginUs: 0,
  extensions: EXTENSIONS,
  content: "csv",

  recognise(path) {
    const stem = publishedName(path, EXTENSIONS)?.stem;
    return stem !== undefined && TABLES.includes(stem) ? stem : null;
  },

  async read(inputs, ctx) {
    for (const input of inputs) {
      switch (input.table) {
        case "machine_meta":
          await readMachineMeta(input, ctx);
          break;
        case "container_meta":
          await readContainerMeta(input, ctx);
          break;
        case "batch_task":
          await readBatchTasks(input, ctx);
          break;
        default:
          await readBatchInstances(input, ctx);
      }
    }
  },
};

/** A normalised memory percentage, which must lie in 0–100 (−1 and 101 mark invalid values). */
function percent(fields: readonly string[], i: number, name: string): number | null {
  const v = optionalAmount(fields, i, name);
  if (v !== null && v > 100) throw new BadField(i + 1, name, `above 100 %: ${v}`);
  return v;
}

async function readBatchTasks(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 9, "batch_task");
    const task = requiredString(x, 0, "task_name");
    const instances = requiredInteger(x, 1, "instance_num");
    if (instances < 0) throw new BadField(2, "instance_num", `negative count ${instances}`);
    const job = requiredString(x, 2, "job_name");
    const taskType = requiredString(x, 3, "task_type");
    const status = alibabaStatus(x, 4, "status");
    const startS = requiredNumber(x, 5, "start_time");
    const endS = optionalNumber(x, 6, "end_time");
    const cpu = optionalAmount(x, 7, "plan_cpu");
    const mem = percent(x, 8, "plan_mem");
    // No separate submit time: a task is submitted when it starts (its DAG
    // predecessors decide readiness).
    const time = alibabaTime(startS);
    const end = alibabaEnd(time, endS);
    const started = status !== "pending" && status !== "cancelled" && startS > 0;
    ctx.emit(alibabaBatchTask({ time, end, job, task, initial: startS === 0, role: `type-${taskType}`, instances, status, started, planCpu: cpu, memFraction: (mem ?? 0) / 100 }, ref.mem));
  });
}

async function readBatchInstances(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 14, "batch_instance");
    const instance = requiredString(x, 0, "instance_name");
    const task = requiredString(x, 1, "task_name");
    const job = requiredString(x, 2, "job_name");
    const status = alibabaStatus(x, 4, "status");
    const startS = requiredNumber(x, 5, "start_time");
    const endS = optionalNumber(x, 6, "end_time");
    optionalNumber(x, 8, "seq_no");
    optionalNumber(x, 9, "total_seq_no");
    const cpuAvg = optionalAmount(x, 10, "cpu_avg");
    optionalAmount(x, 11, "cpu_max");
    const memAvg = optionalAmount(x, 12, "mem_avg");
    optionalAmount(x, 13, "mem_max");
    const time = alibabaTime(startS);
    ctx.emit({
      type: "usage",
      time,
      task: `${job}/${task}`,
      instance,
      end: alibabaEnd(time, endS),
      machine: x[7] === "" ? null : (x[7] as string),
      status,
      cpus: cpuAvg === null ? null : cpuAvg / 100,
      mem: memAvg === null ? null : (memAvg / 100) * ref.mem,
    });
  });
}

async function readContainerMeta(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  // container_meta repeats a container on every status change; the container is
  // one long-running task from its earliest row. One entry per container.
  const first = new Map<string, TaskRecord>();
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 8, "container_meta");
    const id = requiredString(x, 0, "container_id");
    const ts = requiredNumber(x, 2, "time_stamp");
    const app = requiredString(x, 3, "app_du");
    const cpu = optionalAmount(x, 5, "cpu_request");
    optionalAmount(x, 6, "cpu_limit");
    const mem = percent(x, 7, "mem_size");
    const time = alibabaTime(ts);
    const seen = first.get(id);
    if (seen !== undefined && seen.time <= time) return;
    first.set(id, {
      type: "task",
      time,
      id,
      job: app,
      initial: ts === 0,
      role: "online",
      user: null,
      instances: 1,
      start: time,
      end: null,
      duration: null,
      status: "running",
      request: { cpus: (cpu ?? 0) / 100, mem: ((mem ?? 0) / 100) * ref.mem, disk: 0, gpus: 0 },
      priority: null,
      constraints: [],
      machine: x[1] === "" ? null : (x[1] as string),
    });
  });
  for (const r of first.values()) ctx.emit(r);
}

async function readMachineMeta(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  // Several rows per machine (status changes). The earliest is the machine's add;
  // later ones are updates. The table is small (4k machines), so it is grouped in
  // memory rather than trusting the file's order.
  const rows = new Map<string, MachineRecord[]>();
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 7, "machine_meta");
    const id = requiredString(x, 0, "machine_id");
    const ts = requiredNumber(x, 1, "time_stamp");
    const cpus = optionalAmount(x, 4, "cpu_num");
    const mem = percent(x, 5, "mem_size");
    const status = requiredString(x, 6, "status");
    const record: MachineRecord = {
      type: "machine",
      time: alibabaTime(ts),
      id,
      initial: ts === 0,
      event: "update",
      capacity: cpus === null && mem === null ? null : { cpus: cpus ?? 0, mem: ((mem ?? 0) / 100) * ref.mem, disk: 0, gpus: 0 },
      attributes: { failure_domain_1: x[2] ?? "", failure_domain_2: x[3] ?? "", status },
    };
    const list = rows.get(id);
    if (list === undefined) rows.set(id, [record]);
    else list.push(record);
  });
  for (const list of rows.values()) {
    // Stable sort: equal times keep file order.
    list.sort((a, b) => a.time - b.time);
    (list[0] as MachineRecord).event = "add";
    for (const r of list) ctx.emit(r);
  }
}
