// Google clusterdata-2019 (trace format v3): collection_events (jobs),
// instance_events (tasks) and machine_events, as exported JSON lines or CSV with a
// header. Schema: docs/trace-sources.md §2 (from clusterdata_trace_format_v3.proto).
//
// The exports are not time-sorted, and a task's lifecycle can only be followed in
// time order, so collection and instance events first go through an external sort
// (bounded memory) and are then collapsed into runs. Users live on collections only:
// instance roles are joined from collection_events when given, else fall back to
// the priority band.
import { BadField } from "../input/bad-field.ts";
import { emptyFields, EventLifecycle, type EventKind, type Run } from "./event-lifecycle.ts";
import { ExternalSorter } from "../sort/external-sort.ts";
import { GOOGLE_TIME_ORIGIN_US, googleTime } from "./google-2011-reader.ts";
import { Google2019Row, type Google2019Table } from "./google-2019-row.ts";
import type { Constraint, ConstraintOp, MachineEvent, TaskStatus } from "../canonical/trace-record.ts";
import { scaledAmount } from "../canonical/canonical-range.ts";
import { publishedName, tableByStem } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

/** v3 event types, renumbered from 2011 (QUEUE and ENABLE are new). */
const EVENT_KIND_2019: ReadonlyArray<readonly [EventKind, TaskStatus]> = [
  ["submit", "pending"], // 0 SUBMIT
  ["noop", "pending"], // 1 QUEUE
  ["noop", "pending"], // 2 ENABLE
  ["schedule", "running"], // 3 SCHEDULE
  ["end", "evicted"], // 4 EVICT
  ["end", "failed"], // 5 FAIL
  ["end", "finished"], // 6 FINISH
  ["end", "killed"], // 7 KILL
  ["end", "lost"], // 8 LOST
  ["update", "pending"], // 9 UPDATE_PENDING
  ["update", "running"], // 10 UPDATE_RUNNING
];

/** v3 machine event types: 0 UNKNOWN, 1 ADD, 2 REMOVE, 3 UPDATE (2011 + 1). */
const MACHINE_EVENT_2019: readonly MachineEvent[] = ["update", "add", "remove", "update"];

const RELATIONS: readonly ConstraintOp[] = ["eq", "ne", "lt", "gt", "le", "ge", "present", "absent"];

/** Priority bands of v3 (a documented fallback role when users are unknown). */
export function priorityBand(p: number): string {
  if (p <= 99) return "free";
  if (p <= 115) return "best-effort-batch";
  if (p <= 119) return "mid";
  if (p <= 359) return "production";
  return "monitoring";
}

// Sorted event payload: fields joined by TAB after the canonical `{"time":T,`
// prefix that ExternalSorter orders by. Ids come right after the time so equal-time
// events of one instance stay together; the 2-digit type after them only makes the
// order total. It is not the lifecycle order (SUBMIT 0 sorts before EVICT 4):
// EventLifecycle orders one instant's events itself.
const SEP = "\t";

const TABLES_2019 = ["machine_events", "collection_events", "instance_events"];
/** JSON lines as published (`instance_events-000000000000.json.gz`), or CSV exports. Never Parquet. */
const EXTENSIONS_2019 = [".json", ".json.gz", ".csv", ".csv.gz"];

export const google2019Reader: TraceReader = {
  format: "google-2019",
  tables: TABLES_2019,
  sourceTimeOriginUs: GOOGLE_TIME_ORIGIN_US,
  extensions: EXTENSIONS_2019,
  content: "csv-or-json",

  recognise(path) {
    const name = publishedName(path, EXTENSIONS_2019);
    if (name === null) return null;
    // `<table>-000000000000.json.gz` as in the buckets; or numbered shards in a
    // folder named after the table (a BigQuery export to `<table>/*.json.gz`).
    if (/^(\d+|part-[\w-]+)$/.test(name.stem) && TABLES_2019.includes(name.dir)) return name.dir;
    return tableByStem(name.stem, TABLES_2019);
  },

  async read(inputs, ctx) {
    const users = new Map<string, string>();
    // Collections whose instances must each be on a different machine (max_per_machine 1).
    const onePerMachine = new Set<string>();
    const tables = (t: string) => inputs.filter((i) => i.table === t);
    for (const input of tables("machine_events")) await readMachineEvents(input, ctx);
    const collections = tables("collection_events");
    if (collections.length > 0) {
      const sorter = new ExternalSorter(ctx.tmpDir, 32 * 1024 * 1024);
      try {
        for (const input of collections) await sortCollectionEvents(input, ctx, sorter, users, onePerMachine);
        replayCollections(sorter, ctx);
      } finally {
        sorter.cleanup();
      }
    }
    const instances = tables("instance_events");
    if (instances.length > 0) {
      const sorter = new ExternalSorter(ctx.tmpDir, 32 * 1024 * 1024);
      try {
        for (const input of instances) await sortInstanceEvents(input, ctx, sorter);
        replayInstances(sorter, ctx, users, onePerMachine);
      } finally {
        sorter.cleanup();
      }
    }
  },
};

/** Reads one file with a Google2019Row, handling the CSV header line. */
async function forEachRow(input: TableInput, ctx: ReadContext, onRow: (row: Google2019Row, raw: number) => void): Promise<void> {
  const row = new Google2019Row(input.table as Google2019Table);
  let first = true;
  await forEachLine(input.path, ctx, (line, lineNo) => {
    if (first) {
      first = false;
      if (row.begin(line, input.path, lineNo)) return;
    }
    row.load(line);
    const raw = row.integer("time");
    if (raw < 0) throw new BadField(null, "time", `negative time: ${raw}`);
    onRow(row, raw);
  });
}

function eventType(row: Google2019Row, max: number): number {
  const t = row.integer("type");
  if (t < 0 || t > max) throw new BadField(null, "type", `unknown event code ${t}`);
  return t;
}

async function readMachineEvents(input: TableInput, ctx: ReadContext): Promise<void> {
  const ref = ctx.reference;
  await forEachRow(input, ctx, (row, raw) => {
    const id = row.string("machine_id");
    if (id === null) throw new BadField(null, "machine_id", "missing value");
    const type = eventType(row, 3);
    const cpus = row.amount("capacity.cpus");
    const mem = row.amount("capacity.memory");
    const time = googleTime(raw);
    if (time === null) return;
    const attributes: Record<string, string> = {};
    const platform = row.string("platform_id");
    const sw = row.string("switch_id");
    if (platform !== null) attributes["platform"] = platform;
    if (sw !== null) attributes["switch"] = sw;
    ctx.emit({
      type: "machine",
      time,
      id,
      initial: raw === 0,
      event: MACHINE_EVENT_2019[type] as MachineEvent,
      // 459 ADD rows of cell a carry no capacity at all: null, not zero, so a replay
      // keeps the last known capacity instead of adding an empty machine.
      capacity: cpus === null && mem === null ? null : { cpus: (cpus ?? 0) * ref.cpus, mem: (mem ?? 0) * ref.mem, disk: 0, gpus: 0 },
      attributes,
    });
  });
}

async function sortCollectionEvents(
  input: TableInput,
  ctx: ReadContext,
  sorter: ExternalSorter,
  users: Map<string, string>,
  onePerMachine: Set<string>,
): Promise<void> {
  await forEachRow(input, ctx, (row, raw) => {
    const id = row.string("collection_id");
    if (id === null) throw new BadField(null, "collection_id", "missing value");
    const type = eventType(row, 10);
    const collectionType = row.optionalInteger("collection_type");
    const priority = row.optionalInteger("priority");
    if (priority !== null && priority < 0) throw new BadField(null, "priority", `negative priority ${priority}`);
    const user = row.string("user") ?? "";
    const name = row.string("collection_name") ?? "";
    const time = googleTime(raw);
    // Alloc sets (collection_type 1) are reservations, not jobs. A CSV without the
    // column cannot tell them apart, so all its collections are read as jobs.
    if (time === null || (collectionType !== null && collectionType !== 0)) return;
    if (user !== "") users.set(id, user);
    // max_per_machine (v3 proto): at most N of the collection's instances on one
    // machine. N = 1 is the canonical `distinct` constraint (2011's different-machines
    // restriction); larger N has no canonical form and is not kept.
    if (row.optionalInteger("max_per_machine") === 1) onePerMachine.add(id);
    sorter.push(time, `{"time":${time},${id}${SEP}${String(type).padStart(2, "0")}${SEP}${raw === 0 ? 1 : 0}${SEP}${priority ?? ""}${SEP}${user}${SEP}${name}`);
  });
}

function replayCollections(sorter: ExternalSorter, ctx: ReadContext): void {
  const f = emptyFields();
  const jobs = new EventLifecycle((run: Run) =>
    ctx.emit({
      type: "job",
      time: run.submit,
      id: run.job,
      initial: run.initial,
      role: run.user ?? (run.priority === null ? "unknown" : priorityBand(run.priority)),
      user: run.user,
      name: run.name,
      start: run.start,
      end: run.end,
      status: run.status,
      priority: run.priority,
    }),
  );
  for (const bytes of sorter.drain()) {
    const line = bytes.toString("utf8");
    const comma = line.indexOf(",");
    const time = Number(line.slice(8, comma));
    const [id, type, initial, priority, user, name] = line.slice(comma + 1).split(SEP) as [string, string, string, string, string, string];
    const [kind, status] = EVENT_KIND_2019[Number(type)] as readonly [EventKind, TaskStatus];
    f.priority = priority === "" ? null : Number(priority);
    f.user = user === "" ? null : user;
    f.name = name === "" ? null : name;
    jobs.event(id, id, time, initial === "1", kind, status, f);
  }
  jobs.finish();
}

function constraintsOf(row: Google2019Row): Constraint[] {
  const out: Constraint[] = [];
  for (const c of row.array("constraint")) {
    if (c === null || typeof c !== "object") throw new BadField(null, "constraint", "not an object");
    const o = c as Record<string, unknown>;
    const relation = o["relation"] === undefined ? 0 : Number(o["relation"]);
    const op = RELATIONS[relation];
    if (op === undefined || !Number.isInteger(relation)) throw new BadField(null, "constraint.relation", `unknown relation ${String(o["relation"])}`);
    const value = o["value"] === undefined || o["value"] === null ? null : String(o["value"]);
    out.push({ name: String(o["name"] ?? ""), op, value: op === "present" || op === "absent" ? null : value });
  }
  return out;
}

async function sortInstanceEvents(input: TableInput, ctx: ReadContext, sorter: ExternalSorter): Promise<void> {
  const ref = ctx.reference;
  await forEachRow(input, ctx, (row, raw) => {
    const collection = row.string("collection_id");
    if (collection === null) throw new BadField(null, "collection_id", "missing value");
    const type = eventType(row, 10);
    const collectionType = row.optionalInteger("collection_type");
    const index = row.integer("instance_index");
    const priority = row.optionalInteger("priority");
    if (priority !== null && priority < 0) throw new BadField(null, "priority", `negative priority ${priority}`);
    const machine = row.string("machine_id");
    const cpus = row.amount("resource_request.cpus");
    const mem = row.amount("resource_request.memory");
    const constraints = constraintsOf(row);
    const time = googleTime(raw);
    // As for collections: without the column, every instance is read as a task.
    if (time === null || (collectionType !== null && collectionType !== 0)) return;
    sorter.push(
      time,
      `{"time":${time},${collection}${SEP}${index}${SEP}${String(type).padStart(2, "0")}${SEP}${raw === 0 ? 1 : 0}${SEP}` +
        // machine_id 0 is NO_MACHINE and −1 DEDICATED_MACHINE (v3 proto): neither is a machine.
        `${priority ?? ""}${SEP}${machine === null || machine === "0" || machine === "-1" ? "" : machine}${SEP}` +
        // Checked here, not when the run's record is emitted (after the sort).
        `${cpus === null ? "" : scaledAmount(cpus * ref.cpus, null, "resource_request.cpus")}${SEP}` +
        `${mem === null ? "" : scaledAmount(mem * ref.mem, null, "resource_request.memory")}${SEP}` +
        `${constraints.length === 0 ? "" : JSON.stringify(constraints)}`,
    );
  });
}

const DISTINCT_MACHINE: Constraint = { name: "machine", op: "distinct", value: null };

function replayInstances(sorter: ExternalSorter, ctx: ReadContext, users: Map<string, string>, onePerMachine: Set<string>): void {
  const f = emptyFields();
  const tasks = new EventLifecycle((run: Run) => {
    const user = users.get(run.job) ?? null;
    ctx.emit({
      type: "task",
      time: run.submit,
      id: run.id,
      job: run.job,
      initial: run.initial,
      role: user ?? (run.priority === null ? "unknown" : priorityBand(run.priority)),
      user,
      instances: 1,
      start: run.start,
      end: run.end,
      duration: run.start !== null && run.end !== null ? run.end - run.start : null,
      status: run.status,
      request: { cpus: run.cpus, mem: run.mem, disk: 0, gpus: 0 },
      priority: run.priority,
      constraints: onePerMachine.has(run.job) ? [...run.constraints, DISTINCT_MACHINE] : run.constraints,
      machine: run.machine,
    });
  });
  for (const bytes of sorter.drain()) {
    const line = bytes.toString("utf8");
    const comma = line.indexOf(",");
    const time = Number(line.slice(8, comma));
    const [collection, index, type, initial, priority, machine, cpus, mem, constraints] = line.slice(comma + 1).split(SEP) as [
      string, string, string, string, string, string, string, string, string,
    ];
    const [kind, status] = EVENT_KIND_2019[Number(type)] as readonly [EventKind, TaskStatus];
    f.priority = priority === "" ? null : Number(priority);
    f.machine = machine === "" ? null : machine;
    f.cpus = cpus === "" ? null : Number(cpus);
    f.mem = mem === "" ? null : Number(mem);
    f.constraints = constraints === "" ? null : (JSON.parse(constraints) as Constraint[]);
    tasks.event(`${collection}/${index}`, collection, time, initial === "1", kind, status, f);
  }
  tasks.finish();
}
