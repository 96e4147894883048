// Writes a record's canonical JSON line (formatRecord's exact bytes, without the
// newline) straight into a byte buffer: no intermediate string, no rope to
// flatten, no JSON.stringify per field and no UTF-8 encoding call per line. This
// is the convert hot path's writer; formatRecord stays the readable definition,
// and test/traces/write-record.test.ts checks the two agree byte for byte.
import { amount } from "./format-record.ts";
import type { Constraint, Request, TraceRecord } from "./trace-record.ts";

/** Longest String(n) of a double is 24 bytes ("-1.2345678901234567e-123"). */
const NUMBER_BYTES = 32;

/**
 * An upper bound on the bytes writeRecord writes for `r`. A string's UTF-16
 * unit takes at most 6 bytes (`\uXXXX`), every number at most NUMBER_BYTES, and
 * the keys and punctuation of any record fit in 512.
 */
export function recordByteBound(r: TraceRecord): number {
  switch (r.type) {
    case "task": {
      let n = 512 + 12 * NUMBER_BYTES + 6 * (r.id.length + r.job.length + r.role.length + (r.user?.length ?? 0) + (r.machine?.length ?? 0));
      for (let i = 0; i < r.constraints.length; i++) {
        const c = r.constraints[i] as Constraint;
        n += 64 + 6 * (c.name.length + (c.value?.length ?? 0));
      }
      return n;
    }
    case "job":
      return 512 + 5 * NUMBER_BYTES + 6 * (r.id.length + r.role.length + (r.user?.length ?? 0) + (r.name?.length ?? 0));
    case "machine": {
      let n = 512 + 5 * NUMBER_BYTES + 6 * r.id.length;
      const a = r.attributes;
      for (const k of Object.keys(a)) n += 16 + 6 * (k.length + (a[k] as string).length);
      return n;
    }
    case "usage":
      return 512 + 4 * NUMBER_BYTES + 6 * (r.task.length + (r.instance?.length ?? 0) + (r.machine?.length ?? 0));
  }
}

// The fixed parts of each line, pre-encoded once (all ASCII).
const enc = (s: string): Uint8Array => Buffer.from(s, "latin1");
const TIME = enc('{"time":');
const TASK_ID = enc(',"type":"task","id":');
const JOB = enc(',"job":');
const INITIAL_TRUE = enc(',"initial":true,"role":');
const INITIAL_FALSE = enc(',"initial":false,"role":');
const USER = enc(',"user":');
const INSTANCES = enc(',"instances":');
const START = enc(',"start":');
const END = enc(',"end":');
const DURATION = enc(',"duration":');
const STATUS = enc(',"status":"');
const REQUEST = enc('","request":');
const PRIORITY = enc(',"priority":');
const CONSTRAINTS = enc(',"constraints":');
const MACHINE = enc(',"machine":');
const JOB_ID = enc(',"type":"job","id":');
const NAME = enc(',"name":');
const STATUS_Q = enc(',"status":"');
const PRIORITY_Q = enc('","priority":');
const MACHINE_ID = enc(',"type":"machine","id":');
const INITIAL_TRUE_EVENT = enc(',"initial":true,"event":"');
const INITIAL_FALSE_EVENT = enc(',"initial":false,"event":"');
const CAPACITY = enc('","capacity":');
const ATTRIBUTES = enc(',"attributes":');
const USAGE_TASK = enc(',"type":"usage","task":');
const INSTANCE = enc(',"instance":');
const STATUS_USAGE = enc(',"status":');
const CPUS_ONLY = enc(',"cpus":');
const MEM_ONLY = enc(',"mem":');
const REQ_CPUS = enc('{"cpus":');
const REQ_MEM = enc(',"mem":');
const REQ_DISK = enc(',"disk":');
const REQ_GPUS = enc(',"gpus":');
const NULL = enc("null");
const EMPTY_LIST = enc("[]");
const NAME_Q = enc('{"name":');
const OP = enc(',"op":"');
const VALUE = enc('","value":');

/** Copies pre-encoded bytes; a JS loop beats a native copy call at these lengths. */
function lit(b: Buffer, p: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) b[p + k] = bytes[k] as number;
  return p + bytes.length;
}

/** Copies a string known to be ASCII (enum values, number text). */
function ascii(b: Buffer, p: number, s: string): number {
  for (let k = 0; k < s.length; k++) b[p + k] = s.charCodeAt(k);
  return p + s.length;
}

/** A number as String(n) writes it. */
function num(b: Buffer, p: number, n: number): number {
  // Safe integers (times, ids, counts) by digits, without making a string.
  if (Number.isSafeInteger(n)) {
    if (n < 0) {
      b[p++] = 45; // '-'
      n = -n;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    for (let k = p + digits - 1; k >= p; k--) {
      const q = Math.floor(n / 10);
      b[k] = 48 + (n - q * 10);
      n = q;
    }
    return p + digits;
  }
  return ascii(b, p, String(n));
}

function optNum(b: Buffer, p: number, n: number | null): number {
  return n === null ? lit(b, p, NULL) : num(b, p, n);
}

// The last plain string str() wrote, and its bytes. Rows repeat strings record
// after record (Google's role and user are one string, a job's tasks share both),
// and copying known bytes skips the per-character escape test.
let lastString = "";
const lastBytes = new Uint8Array(256);

/** A string as JSON.stringify writes it, in UTF-8. */
function str(b: Buffer, p: number, s: string): number {
  const start = p;
  b[p++] = 34; // '"'
  const n = s.length;
  if (s === lastString) {
    for (let k = 0; k < n; k++) b[p + k] = lastBytes[k] as number;
    b[p + n] = 34;
    return p + n + 1;
  }
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    // Printable ASCII other than '"' and '\' is itself in JSON; anything else
    // (escapes, non-ASCII) is left to JSON.stringify and Buffer's UTF-8 encoder.
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return start + b.write(JSON.stringify(s), start, "utf8");
    b[p++] = c;
  }
  b[p++] = 34;
  // Remember long strings only: short ones cost no more to test than to copy.
  if (n >= 16 && n <= lastBytes.length) {
    lastString = s;
    for (let k = 0; k < n; k++) lastBytes[k] = b[start + 1 + k] as number;
  }
  return p;
}

function optStr(b: Buffer, p: number, s: string | null): number {
  return s === null ? lit(b, p, NULL) : str(b, p, s);
}

function request(b: Buffer, p: number, r: Request): number {
  p = num(b, lit(b, p, REQ_CPUS), amount(r.cpus));
  p = num(b, lit(b, p, REQ_MEM), amount(r.mem));
  p = num(b, lit(b, p, REQ_DISK), amount(r.disk));
  p = num(b, lit(b, p, REQ_GPUS), amount(r.gpus));
  b[p] = 125; // '}'
  return p + 1;
}

function constraints(b: Buffer, p: number, cs: readonly Constraint[]): number {
  if (cs.length === 0) return lit(b, p, EMPTY_LIST);
  b[p++] = 91; // '['
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as Constraint;
    if (i > 0) b[p++] = 44; // ','
    p = str(b, lit(b, p, NAME_Q), c.name);
    p = ascii(b, lit(b, p, OP), c.op);
    p = optStr(b, lit(b, p, VALUE), c.value);
    b[p++] = 125; // '}'
  }
  b[p] = 93; // ']'
  return p + 1;
}

function attributes(b: Buffer, p: number, a: Record<string, string>): number {
  // Sorted keys, as formatRecord: readers may fill attributes in any order.
  const keys = Object.keys(a).sort();
  b[p++] = 123; // '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) b[p++] = 44; // ','
    p = str(b, p, k);
    b[p++] = 58; // ':'
    p = str(b, p, a[k] as string);
  }
  b[p] = 125; // '}'
  return p + 1;
}

/**
 * Writes formatRecord(r)'s UTF-8 bytes into `b` at `p` and returns the offset
 * after them. `b` must have recordByteBound(r) bytes free from `p`.
 */
export function writeRecord(r: TraceRecord, b: Buffer, p: number): number {
  p = num(b, lit(b, p, TIME), r.time);
  switch (r.type) {
    case "task":
      p = str(b, lit(b, p, TASK_ID), r.id);
      p = str(b, lit(b, p, JOB), r.job);
      p = str(b, lit(b, p, r.initial ? INITIAL_TRUE : INITIAL_FALSE), r.role);
      p = optStr(b, lit(b, p, USER), r.user);
      p = num(b, lit(b, p, INSTANCES), r.instances);
      p = optNum(b, lit(b, p, START), r.start);
      p = optNum(b, lit(b, p, END), r.end);
      p = optNum(b, lit(b, p, DURATION), r.duration);
      p = ascii(b, lit(b, p, STATUS), r.status);
      p = request(b, lit(b, p, REQUEST), r.request);
      p = optNum(b, lit(b, p, PRIORITY), r.priority);
      p = constraints(b, lit(b, p, CONSTRAINTS), r.constraints);
      p = optStr(b, lit(b, p, MACHINE), r.machine);
      break;
    case "job":
      p = str(b, lit(b, p, JOB_ID), r.id);
      p = str(b, lit(b, p, r.initial ? INITIAL_TRUE : INITIAL_FALSE), r.role);
      p = optStr(b, lit(b, p, USER), r.user);
      p = optStr(b, lit(b, p, NAME), r.name);
      p = optNum(b, lit(b, p, START), r.start);
      p = optNum(b, lit(b, p, END), r.end);
      p = ascii(b, lit(b, p, STATUS_Q), r.status);
      p = optNum(b, lit(b, p, PRIORITY_Q), r.priority);
      break;
    case "machine":
      p = str(b, lit(b, p, MACHINE_ID), r.id);
      p = ascii(b, lit(b, p, r.initial ? INITIAL_TRUE_EVENT : INITIAL_FALSE_EVENT), r.event);
      p = lit(b, p, CAPACITY);
      p = r.capacity === null ? lit(b, p, NULL) : request(b, p, r.capacity);
      p = attributes(b, lit(b, p, ATTRIBUTES), r.attributes);
      break;
    case "usage":
      p = str(b, lit(b, p, USAGE_TASK), r.task);
      p = optStr(b, lit(b, p, INSTANCE), r.instance);
      p = optNum(b, lit(b, p, END), r.end);
      p = optStr(b, lit(b, p, MACHINE), r.machine);
      if (r.status === null) p = lit(b, lit(b, p, STATUS_USAGE), NULL);
      else {
        p = ascii(b, lit(b, p, STATUS_USAGE), '"');
        p = ascii(b, p, r.status);
        b[p++] = 34; // '"'
      }
      p = r.cpus === null ? lit(b, lit(b, p, CPUS_ONLY), NULL) : num(b, lit(b, p, CPUS_ONLY), amount(r.cpus));
      p = r.mem === null ? lit(b, lit(b, p, MEM_ONLY), NULL) : num(b, lit(b, p, MEM_ONLY), amount(r.mem));
      break;
  }
  b[p] = 125; // '}'
  return p + 1;
}
