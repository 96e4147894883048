// Reads a `mesosim-trace/1` file (gzip or not) and checks it against the format
// (docs/trace-format.md): the header first, then records of the known types with
// the right field types, in time order. Anything else is bad input naming the
// file, line and field, so that hand-written converters get told exactly where
// they went wrong.
import { TraceInputError, badFieldMessage } from "../input/trace-input-error.ts";
import { readLineBatches } from "../input/line-source.ts";
import { TRACE_FORMAT, type TraceHeader } from "./trace-header.ts";
import { recordRangeError, requestRangeError } from "./canonical-range.ts";
import {
  CONSTRAINT_OPS,
  MACHINE_EVENTS,
  TASK_STATUSES,
  type Request,
  type TraceRecord,
} from "./trace-record.ts";

class Invalid {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {}
}

type Obj = Record<string, unknown>;

function obj(v: unknown, field: string): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Invalid(field, "not an object");
  return v as Obj;
}
function int(o: Obj, k: string, nullable = false): number | null {
  const v = o[k];
  if (v === null && nullable) return null;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Invalid(k, `not a non-negative integer: ${JSON.stringify(v)}`);
  return v;
}
function num(o: Obj, k: string, nullable = false): number | null {
  const v = o[k];
  if (v === null && nullable) return null;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Invalid(k, `not a non-negative number: ${JSON.stringify(v)}`);
  return v;
}
function str(o: Obj, k: string, nullable = false): string | null {
  const v = o[k];
  if (v === null && nullable) return null;
  if (typeof v !== "string") throw new Invalid(k, `not a string: ${JSON.stringify(v)}`);
  return v;
}
function bool(o: Obj, k: string): boolean {
  const v = o[k];
  if (typeof v !== "boolean") throw new Invalid(k, `not a boolean: ${JSON.stringify(v)}`);
  return v;
}
function oneOf<T extends string>(o: Obj, k: string, allowed: readonly T[], nullable = false): T | null {
  const v = o[k];
  if (v === null && nullable) return null;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new Invalid(k, `not one of ${allowed.join(", ")}: ${JSON.stringify(v)}`);
  }
  return v as T;
}
function request(v: unknown, field: string): Request {
  const o = obj(v, field);
  return {
    cpus: num(o, "cpus") as number,
    mem: num(o, "mem") as number,
    disk: num(o, "disk") as number,
    gpus: num(o, "gpus") as number,
  };
}

/** Validates one parsed record line. */
export function toRecord(v: unknown): TraceRecord {
  const o = obj(v, "record");
  const time = int(o, "time") as number;
  const type = o["type"];
  switch (type) {
    case "task": {
      const cs = o["constraints"];
      if (!Array.isArray(cs)) throw new Invalid("constraints", "not an array");
      const instances = int(o, "instances") as number;
      if (instances < 0) throw new Invalid("instances", "negative");
      return {
        type,
        time,
        id: str(o, "id") as string,
        job: str(o, "job") as string,
        initial: bool(o, "initial"),
        role: str(o, "role") as string,
        user: str(o, "user", true),
        instances,
        start: int(o, "start", true),
        end: int(o, "end", true),
        duration: int(o, "duration", true),
        status: oneOf(o, "status", TASK_STATUSES) as (typeof TASK_STATUSES)[number],
        request: request(o["request"], "request"),
        priority: num(o, "priority", true),
        constraints: cs.map((c) => {
          const co = obj(c, "constraints");
          return { name: str(co, "name") as string, op: oneOf(co, "op", CONSTRAINT_OPS) as (typeof CONSTRAINT_OPS)[number], value: str(co, "value", true) };
        }),
        machine: str(o, "machine", true),
      };
    }
    case "job":
      return {
        type,
        time,
        id: str(o, "id") as string,
        initial: bool(o, "initial"),
        role: str(o, "role") as string,
        user: str(o, "user", true),
        name: str(o, "name", true),
        start: int(o, "start", true),
        end: int(o, "end", true),
        status: oneOf(o, "status", TASK_STATUSES) as (typeof TASK_STATUSES)[number],
        priority: num(o, "priority", true),
      };
    case "machine": {
      const attrs = obj(o["attributes"], "attributes");
      const attributes: Record<string, string> = {};
      for (const [k, a] of Object.entries(attrs)) {
        if (typeof a !== "string") throw new Invalid(`attributes.${k}`, "not a string");
        attributes[k] = a;
      }
      return {
        type,
        time,
        id: str(o, "id") as string,
        initial: bool(o, "initial"),
        event: oneOf(o, "event", MACHINE_EVENTS) as (typeof MACHINE_EVENTS)[number],
        capacity: o["capacity"] === null ? null : request(o["capacity"], "capacity"),
        attributes,
      };
    }
    case "usage":
      return {
        type,
        time,
        task: str(o, "task") as string,
        instance: str(o, "instance", true),
        end: int(o, "end", true),
        machine: str(o, "machine", true),
        status: oneOf(o, "status", TASK_STATUSES, true),
        cpus: num(o, "cpus", true),
        mem: num(o, "mem", true),
      };
    default:
      throw new Invalid("type", `unknown record type ${JSON.stringify(type)}`);
  }
}

function toHeader(v: unknown): TraceHeader {
  const o = obj(v, "header");
  if (o["format"] !== TRACE_FORMAT) {
    throw new Invalid("format", `expected "${TRACE_FORMAT}" on the first line, found ${JSON.stringify(o["format"])}`);
  }
  const tables = o["tables"];
  if (!Array.isArray(tables) || !tables.every((t) => typeof t === "string")) throw new Invalid("tables", "not an array of strings");
  if (o["timeUnit"] !== "us") throw new Invalid("timeUnit", `expected "us", found ${JSON.stringify(o["timeUnit"])}`);
  const reference = request(o["referenceMachine"], "referenceMachine");
  const range = requestRangeError("referenceMachine", reference);
  if (range !== undefined) throw new Invalid(range.field, range.why);
  const w = o["window"];
  let window: TraceHeader["window"];
  if (w !== undefined) {
    const wo = obj(w, "window");
    const startUs = int(wo, "startUs") as number;
    const endUs = int(wo, "endUs") as number;
    if (!(startUs >= 0 && endUs >= startUs)) throw new Invalid("window", `expected 0 <= startUs <= endUs, found ${JSON.stringify(w)}`);
    window = { startUs, endUs };
  }
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    source: str(o, "source") as string,
    tables: tables as string[],
    referenceMachine: reference,
    timeUnit: "us",
    sourceTimeOriginUs: int(o, "sourceTimeOriginUs") as number,
    records: int(o, "records") as number,
    badLines: int(o, "badLines") as number,
  };
  if (window !== undefined) header.window = window;
  return header;
}

/** What `canonicalBatches` yields: the header first, then records in file order, a batch at a time. */
export type CanonicalBatch = { readonly header: TraceHeader } | { readonly records: readonly TraceRecord[] };

/**
 * Streams a canonical trace, pull-based: the header, then the records batch by batch
 * (a batch is one read of the file, so memory stays bounded by the batch). Throws a
 * TraceInputError (exit 2) naming file, line and field on the first violation,
 * including records out of time order and a record count that disagrees with the
 * header (a truncated copy), which is found when the file ends.
 */
export async function* canonicalBatches(path: string): AsyncGenerator<CanonicalBatch> {
  let header: TraceHeader | null = null;
  let last = 0;
  let count = 0;
  for await (const { lines, firstLine } of readLineBatches(path)) {
    const records: TraceRecord[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const lineNo = firstLine + i;
      if (line === "") continue;
      try {
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch {
          throw new Invalid("line", "not valid JSON");
        }
        if (header === null) {
          header = toHeader(v);
          yield { header };
          continue;
        }
        const r = toRecord(v);
        const range = recordRangeError(r);
        if (range !== undefined) throw new Invalid(range.field, range.why);
        if (r.time < last) throw new Invalid("time", `records out of order: ${r.time} after ${last}`);
        last = r.time;
        count++;
        records.push(r);
      } catch (err) {
        if (!(err instanceof Invalid)) throw err;
        throw new TraceInputError(badFieldMessage(path, lineNo, null, err.field, err.why));
      }
    }
    if (records.length > 0) yield { records };
  }
  if (header === null) throw new TraceInputError(`${path}: empty file; expected a ${TRACE_FORMAT} header line`);
  if (count !== header.records) {
    throw new TraceInputError(`${path}: the header says ${header.records} records but the file has ${count}; the file is incomplete`);
  }
}

/**
 * Streams a canonical trace: `onHeader` once, then `onRecord` per record in file
 * order, with `canonicalBatches`'s checks.
 */
export async function readCanonicalTrace(
  path: string,
  onHeader: (h: TraceHeader) => void,
  onRecord: (r: TraceRecord) => void,
): Promise<TraceHeader> {
  let header: TraceHeader | null = null;
  for await (const batch of canonicalBatches(path)) {
    if ("header" in batch) {
      header = batch.header;
      onHeader(header);
    } else for (const r of batch.records) onRecord(r);
  }
  return header as TraceHeader;
}
