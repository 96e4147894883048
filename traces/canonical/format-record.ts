// Serialises a record as one canonical JSON line. The key order is fixed and
// starts with `time`, then `type`, then the record's id, so the writer can order
// records by (time, line text), which is (time, type, id, rest): a total order that
// depends on content only, so it is the same for every input order and machine.
import type { Constraint, Request, TraceRecord } from "./trace-record.ts";

const str = JSON.stringify;

/** Rounds away float noise (0.1 * 3) so equal quantities print equally; -0 becomes 0. */
export function amount(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

function optStr(s: string | null): string {
  return s === null ? "null" : str(s);
}

function optNum(n: number | null): string {
  return n === null ? "null" : String(n);
}

function request(r: Request): string {
  return `{"cpus":${amount(r.cpus)},"mem":${amount(r.mem)},"disk":${amount(r.disk)},"gpus":${amount(r.gpus)}}`;
}

function constraints(cs: readonly Constraint[]): string {
  if (cs.length === 0) return "[]";
  let out = "[";
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as Constraint;
    out += `${i === 0 ? "" : ","}{"name":${str(c.name)},"op":"${c.op}","value":${optStr(c.value)}}`;
  }
  return out + "]";
}

function attributes(a: Record<string, string>): string {
  // Sorted keys: readers may fill attributes in any order.
  const keys = Object.keys(a).sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i === 0 ? "" : ","}${str(k)}:${str(a[k])}`;
  }
  return out + "}";
}

export function formatRecord(r: TraceRecord): string {
  switch (r.type) {
    case "task":
      return (
        `{"time":${r.time},"type":"task","id":${str(r.id)},"job":${str(r.job)},"initial":${r.initial},` +
        `"role":${str(r.role)},"user":${optStr(r.user)},"instances":${r.instances},"start":${optNum(r.start)},` +
        `"end":${optNum(r.end)},"duration":${optNum(r.duration)},"status":"${r.status}","request":${request(r.request)},` +
        `"priority":${optNum(r.priority)},"constraints":${constraints(r.constraints)},"machine":${optStr(r.machine)}}`
      );
    case "job":
      return (
        `{"time":${r.time},"type":"job","id":${str(r.id)},"initial":${r.initial},"role":${str(r.role)},` +
        `"user":${optStr(r.user)},"name":${optStr(r.name)},"start":${optNum(r.start)},"end":${optNum(r.end)},` +
        `"status":"${r.status}","priority":${optNum(r.priority)}}`
      );
    case "machine":
      return (
        `{"time":${r.time},"type":"machine","id":${str(r.id)},"initial":${r.initial},"event":"${r.event}",` +
        `"capacity":${r.capacity === null ? "null" : request(r.capacity)},"attributes":${attributes(r.attributes)}}`
      );
    case "usage":
      return (
        `{"time":${r.time},"type":"usage","task":${str(r.task)},"instance":${optStr(r.instance)},"end":${optNum(r.end)},` +
        `"machine":${optStr(r.machine)},"status":${r.status === null ? "null" : `"${r.status}"`},` +
        `"cpus":${r.cpus === null ? "null" : amount(r.cpus)},"mem":${r.mem === null ? "null" : amount(r.mem)}}`
      );
  }
}
