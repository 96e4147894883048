// Alibaba cluster-trace-v2017: batch_task and server_event, headerless CSV.
// Schema: docs/trace-sources.md §3 (from the published schema.csv).
//
// plan_cpu is in hundredths of a core despite the schema's "number of cpus"
// (alibaba/clusterdata#11, confirmed); memory and disk are normalised and scaled
// by the reference machine. There is no user: every batch task is role "batch".
import { BadField, checkFieldCount, optionalAmount, requiredInteger, requiredNumber, requiredString } from "../input/bad-field.ts";
import { splitFields } from "../input/split-fields.ts";
import { alibabaEnd, alibabaStatus, alibabaTime } from "./alibaba-status.ts";
import { alibabaBatchTask } from "./alibaba-batch-task.ts";
import type { MachineEvent } from "../canonical/trace-record.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const SERVER_EVENT = new Map<string, MachineEvent>([
  ["add", "add"],
  ["softerror", "update"],
  ["harderror", "remove"],
]);

/** The tarballs unpack to `<table>.csv`; a gzip'd copy is read too. */
const ALIBABA_EXTENSIONS = [".csv", ".csv.gz"];

export const alibaba2017Reader: TraceReader = {
  format: "alibaba-2017",
  tables: ["server_event", "batch_task"],
  sourceTimeOriginUs: 0,
  extensions: ALIBABA_EXTENSIONS,
  content: "csv",

  recognise(path) {
    // `batch_task.csv` and `server_event.csv` as in the publisher's tarball.
    const stem = publishedName(path, ALIBABA_EXTENSIONS)?.stem;
    return stem === "server_event" || stem === "batch_task" ? stem : null;
  },

  async read(inputs, ctx) {
    for (const input of inputs) {
      if (input.table === "server_event") await readServerEvents(input, ctx);
      else await readBatchTasks(input, ctx);
    }
  },
};

async function readBatchTasks(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 8, "batch_task");
    const created = requiredNumber(x, 0, "task create time");
    const ended = requiredNumber(x, 1, "task end time");
    const job = requiredString(x, 2, "job id");
    const task = requiredString(x, 3, "task id");
    const instances = requiredInteger(x, 4, "number of instances");
    if (instances < 0) throw new BadField(5, "number of instances", `negative count ${instances}`);
    const status = alibabaStatus(x, 5, "status");
    const cpu = optionalAmount(x, 6, "plan_cpu");
    const mem = optionalAmount(x, 7, "plan_mem");
    const time = alibabaTime(created);
    const end = alibabaEnd(time, ended);
    const started = status !== "pending" && status !== "cancelled";
    // v2017 has no task start: a started task is taken to start when created.
    ctx.emit(alibabaBatchTask({ time, end, job, task, initial: created === 0, role: "batch", instances, status, started, planCpu: cpu, memFraction: mem ?? 0 }, ref.mem));
  });
}

async function readServerEvents(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 7, "server_event");
    const ts = requiredNumber(x, 0, "timestamp");
    const id = requiredString(x, 1, "machine id");
    const word = x[2] ?? "";
    const event = SERVER_EVENT.get(word);
    if (event === undefined) throw new BadField(3, "event type", `unknown event code "${word}"`);
    const cpus = optionalAmount(x, 4, "CPUs");
    const mem = optionalAmount(x, 5, "memory");
    const disk = optionalAmount(x, 6, "disk");
    const attributes: Record<string, string> = {};
    if (event === "update") attributes["error"] = word;
    if (x[3] !== "") attributes["detail"] = x[3] as string;
    ctx.emit({
      type: "machine",
      time: alibabaTime(ts),
      id,
      initial: ts === 0,
      event,
      capacity:
        cpus === null && mem === null && disk === null
          ? null
          : { cpus: cpus ?? 0, mem: (mem ?? 0) * ref.mem, disk: (disk ?? 0) * ref.disk, gpus: 0 },
      attributes,
    });
  });
}
