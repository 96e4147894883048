// Google clusterdata-2011-2 (trace format v2.1): task_events, job_events,
// machine_events and task_usage. Headerless CSV shards, gzip'd, split by time.
// Schema and codes: docs/trace-sources.md §1 (from the v2.1 `schema.csv`).
//
// Times are µs; the trace proper starts at 600 s, and 0 means "before the trace"
// (initial state). Canonical time = raw − 600 s, with time-0 rows kept at 0 and
// marked initial. CPU, memory and disk are normalised to the largest machine and
// scaled here by the reference machine.
import { BadField, checkFieldCount, fieldCountError, optionalAmount, optionalNumber, requiredInteger } from "../input/bad-field.ts";
import { splitFields } from "../input/split-fields.ts";
import { DelimitedRow } from "../input/delimited-row.ts";
import { emptyFields, EventLifecycle, type EventKind, type Run } from "./event-lifecycle.ts";
import type { TaskStatus } from "../canonical/trace-record.ts";
import { scaledAmount } from "../canonical/canonical-range.ts";
import { publishedName, tableByStem } from "./published-name.ts";
import { forEachLine, forEachRow, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

/** Raw trace time of the trace start: 600 s (ClusterData2011_2.md). */
export const GOOGLE_TIME_ORIGIN_US = 600_000_000;

/** Event types of job_events and task_events in v2.1. Pinned here: 2019 renumbers them. */
const EVENT_KIND_2011: ReadonlyArray<readonly [EventKind, TaskStatus]> = [
  ["submit", "pending"], // 0 SUBMIT
  ["schedule", "running"], // 1 SCHEDULE
  ["end", "evicted"], // 2 EVICT
  ["end", "failed"], // 3 FAIL
  ["end", "finished"], // 4 FINISH
  ["end", "killed"], // 5 KILL
  ["end", "lost"], // 6 LOST
  ["update", "pending"], // 7 UPDATE_PENDING
  ["update", "running"], // 8 UPDATE_RUNNING
];

const MACHINE_EVENT_2011 = ["add", "remove", "update"] as const; // 0 ADD, 1 REMOVE, 2 UPDATE

/** Maps a raw Google timestamp to canonical µs, or null for the "after the trace" sentinel. */
export function googleTime(raw: number): number | null {
  // 2^63−1 marks "after the end of the window"; it is not representable exactly
  // and is not a time, so such events are dropped (the run stays open).
  if (raw > Number.MAX_SAFE_INTEGER) return null;
  if (raw < 0) throw new BadField(1, "time", `negative time: ${raw}`);
  return raw === 0 ? 0 : Math.max(0, raw - GOOGLE_TIME_ORIGIN_US);
}

function eventCode(fields: readonly string[], i: number, max: number): number {
  const code = requiredInteger(fields, i, "event type");
  if (code < 0 || code > max) throw new BadField(i + 1, "event type", `unknown event code ${code}`);
  return code;
}

const TABLES_2011 = ["machine_events", "job_events", "task_events", "task_usage"];
const EXTENSIONS_2011 = [".csv", ".csv.gz"];

export const google2011Reader: TraceReader = {
  format: "google-2011",
  tables: TABLES_2011,
  sourceTimeOriginUs: GOOGLE_TIME_ORIGIN_US,
  extensions: EXTENSIONS_2011,
  content: "csv",

  recognise(path) {
    const name = publishedName(path, EXTENSIONS_2011);
    if (name === null) return null;
    // As published, `task_events/part-00000-of-00500.csv.gz`; or a shard renamed
    // after its table (`task_events-00000.csv`). Other files in a table's folder
    // (and `task_constraints/`, `machine_attributes/`, `schema.csv`) are not read.
    if (/^part-\d+-of-\d+$/.test(name.stem) && TABLES_2011.includes(name.dir)) return name.dir;
    return tableByStem(name.stem, TABLES_2011);
  },

  async read(inputs, ctx) {
    const tasks = new EventLifecycle((run) => emitTask(run, ctx));
    const jobs = new EventLifecycle((run) => emitJob(run, ctx));
    for (const input of inputs) {
      switch (input.table) {
        case "machine_events":
          await readMachineEvents(input, ctx);
          break;
        case "job_events":
          await readJobEvents(input, ctx, jobs);
          break;
        case "task_events":
          await readTaskEvents(input, ctx, tasks);
          break;
        case "task_usage":
          await readTaskUsage(input, ctx);
          break;
        default:
          throw new Error(`google-2011: no table ${input.table}`);
      }
    }
    jobs.finish();
    tasks.finish();
  },
};

/** Task runs are keyed by the row's own `job,index` text; the record's id is `job/index`. */
function emitTask(run: Run, ctx: ReadContext): void {
  const comma = run.id.indexOf(",");
  const job = run.id.slice(0, comma);
  ctx.emit({
    type: "task",
    time: run.submit,
    id: `${job}/${run.id.slice(comma + 1)}`,
    job,
    initial: run.initial,
    role: run.user ?? "unknown",
    user: run.user,
    instances: 1,
    start: run.start,
    end: run.end,
    duration: run.start !== null && run.end !== null ? run.end - run.start : null,
    status: run.status,
    request: { cpus: run.cpus, mem: run.mem, disk: run.disk, gpus: 0 },
    priority: run.priority,
    constraints: run.distinct ? [{ name: "machine", op: "distinct", value: null }] : [],
    machine: run.machine,
  });
}

function emitJob(run: Run, ctx: ReadContext): void {
  ctx.emit({
    type: "job",
    time: run.submit,
    id: run.job,
    initial: run.initial,
    role: run.user ?? "unknown",
    user: run.user,
    name: run.name,
    start: run.start,
    end: run.end,
    status: run.status,
    priority: null,
  });
}

async function readTaskEvents(input: TableInput, ctx: ReadContext, tasks: EventLifecycle): Promise<void> {
  const ref = ctx.reference;
  // The hot path of the whole trace layer (task_events is billions of rows): the
  // row and the event fields are reused, nothing is split, and lines are parsed
  // from the input bytes without being decoded to strings.
  const f = emptyFields();
  // Rows come in runs of one job's tasks, so the user often repeats: comparing
  // bytes is cheaper than making the string again.
  let lastUser = "";
  await forEachRow(input.path, ctx, new DelimitedRow(13, "task_events"), (x) => {
    const raw = x.requiredInteger(0, "time");
    x.number(1, "missing info");
    x.requiredInteger(2, "job ID");
    x.requiredInteger(3, "task index");
    const code = x.requiredInteger(5, "event type");
    if (code < 0 || code > 8) throw new BadField(6, "event type", `unknown event code ${code}`);
    const priority = x.requiredInteger(8, "priority");
    if (priority < 0) throw new BadField(9, "priority", `negative priority ${priority}`);
    const cpu = x.amount(9, "CPU request");
    const mem = x.amount(10, "memory request");
    const disk = x.amount(11, "disk space request");
    const distinct = x.number(12, "different-machines restriction");
    const time = googleTime(raw);
    if (time === null) return;
    // Indexed, not destructured: no iterator protocol on the hot path.
    const ev = EVENT_KIND_2011[code] as readonly [EventKind, TaskStatus];
    // Fields 3 and 4 side by side, "job,index": one string keys the run (emitTask splits it).
    const key = x.span(2, 3);
    f.machine = x.isEmpty(4) ? null : x.string(4);
    if (x.isEmpty(6)) f.user = null;
    else f.user = x.equals(6, lastUser) ? lastUser : (lastUser = x.string(6));
    // Checked here, not when the run's record is emitted (a later row or the end).
    f.cpus = cpu === null ? null : scaledAmount(cpu * ref.cpus, 10, "CPU request");
    f.mem = mem === null ? null : scaledAmount(mem * ref.mem, 11, "memory request");
    f.disk = disk === null ? null : scaledAmount(disk * ref.disk, 12, "disk space request");
    f.priority = priority;
    f.distinct = distinct === null ? null : distinct !== 0;
    tasks.event(key, key, time, raw === 0, ev[0], ev[1], f);
  });
}

async function readJobEvents(input: TableInput, ctx: ReadContext, jobs: EventLifecycle): Promise<void> {
  const f = emptyFields();
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 8, "job_events");
    const raw = requiredInteger(x, 0, "time");
    optionalNumber(x, 1, "missing info");
    const job = x[2] as string;
    requiredInteger(x, 2, "job ID");
    const code = eventCode(x, 3, 8);
    optionalNumber(x, 5, "scheduling class");
    const time = googleTime(raw);
    if (time === null) return;
    const [kind, status] = EVENT_KIND_2011[code] as readonly [EventKind, TaskStatus];
    f.user = x[4] === "" ? null : (x[4] as string);
    f.name = x[6] === "" ? null : (x[6] as string);
    jobs.event(job, job, time, raw === 0, kind, status, f);
  });
}

async function readMachineEvents(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    checkFieldCount(x, 6, "machine_events");
    const raw = requiredInteger(x, 0, "time");
    const id = x[1] as string;
    requiredInteger(x, 1, "machine ID");
    const code = eventCode(x, 2, 2);
    const cpus = optionalAmount(x, 4, "CPUs");
    const mem = optionalAmount(x, 5, "memory");
    const time = googleTime(raw);
    if (time === null) return;
    ctx.emit({
      type: "machine",
      time,
      id,
      initial: raw === 0,
      event: MACHINE_EVENT_2011[code] as (typeof MACHINE_EVENT_2011)[number],
      capacity:
        cpus === null && mem === null ? null : { cpus: (cpus ?? 0) * ref.cpus, mem: (mem ?? 0) * ref.mem, disk: 0, gpus: 0 },
      attributes: x[3] === "" ? {} : { platform: x[3] as string },
    });
  });
}

async function readTaskUsage(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachLine(input.path, ctx, (line) => {
    const x = splitFields(line);
    // 20 fields in clusterdata-2011-2; 19 in -1, which lacks the sampled CPU usage.
    if (x.length !== 20 && x.length !== 19) {
      throw fieldCountError("20 (or 19)", x.length, "task_usage");
    }
    const rawStart = requiredInteger(x, 0, "start time");
    const rawEnd = requiredInteger(x, 1, "end time");
    requiredInteger(x, 2, "job ID");
    requiredInteger(x, 3, "task index");
    const cpu = optionalAmount(x, 5, "mean CPU usage rate");
    const mem = optionalAmount(x, 6, "canonical memory usage");
    const start = googleTime(rawStart);
    if (start === null) return;
    ctx.emit({
      type: "usage",
      time: start,
      task: `${x[2]}/${x[3]}`,
      instance: null,
      end: googleTime(rawEnd),
      machine: x[4] === "" ? null : (x[4] as string),
      status: null,
      cpus: cpu === null ? null : cpu * ref.cpus,
      mem: mem === null ? null : mem * ref.mem,
    });
  });
}
