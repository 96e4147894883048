// Parsing and printing resources in Mesos's two forms
// (`Resources::fromSimpleString`, `Resources::fromJSON`, `Resources::validate`):
//
//   text: `cpus:2;mem:1024;ports:[31000-32000];cpus(role1):4;zones:{a,b}`
//         (`name(role)` is a STATIC reservation; spaces inside values are ignored)
//   JSON: an array of v1 `Resource` objects, e.g.
//         {"name":"cpus","type":"SCALAR","scalar":{"value":2},
//          "reservations":[{"type":"DYNAMIC","role":"a","principal":"ops"}]}
//         Items of the array may also be text-syntax strings.
//
// Every error names the resource at fault and what is wrong with it. Unknown JSON
// fields are errors: a typo must never be silently dropped.
import { Resource, DISK_SOURCE_TYPES, VALUE_TYPES } from "./resource.ts";
import type { DiskInfo, DiskSource, Label, Reservation, ResourceMeta, ValueType, Volume } from "./resource.ts";
import { Resources } from "./resources.ts";
import { coalesce } from "./ranges.ts";
import { scalarRangeError, toMilli } from "./quantities.ts";
import { roleError, isStrictSubroleOf } from "./role.ts";

export class ResourceParseError extends Error {
  override readonly name = "ResourceParseError";
  /** Bad input: the CLI exits with 2. */
  readonly exitCode = 2;
}

const fail = (msg: string): never => {
  throw new ResourceParseError(msg);
};

/** Parses either form. A string that is a JSON array is read as JSON. */
export function parseResources(input: string | readonly unknown[], defaultRole = "*"): Resources {
  if (typeof input === "string") {
    const t = input.trim();
    if (t.startsWith("[")) {
      // No resource name can start with '[' (checkName), so this is the JSON form:
      // broken JSON is reported as such, not as a bad resource name '[{"name"'.
      let json: unknown;
      try {
        json = JSON.parse(t);
      } catch (err) {
        return fail(`invalid JSON resources '${t}': ${(err as Error).message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")}`);
      }
      if (Array.isArray(json)) return parseResourcesJson(json, defaultRole);
    }
    return checkTypes(Resources.of(parseText(t, defaultRole)), input);
  }
  return parseResourcesJson(input, defaultRole);
}

/** The JSON form: v1 `Resource` objects, or text-syntax strings. */
export function parseResourcesJson(items: readonly unknown[], defaultRole = "*"): Resources {
  const out: Resource[] = [];
  items.forEach((item, i) => {
    if (typeof item === "string") out.push(...parseText(item, defaultRole));
    else out.push(parseJsonResource(item, `resource [${i}]`, defaultRole));
  });
  return checkTypes(Resources.of(out), JSON.stringify(items));
}

// Mesos rejects a name used with two types (`validateCommandLineResources`).
function checkTypes(resources: Resources, source: string): Resources {
  const types = new Map<string, ValueType>();
  for (const r of resources) {
    const t = types.get(r.name);
    if (t !== undefined && t !== r.type) fail(`resources with the same name ('${r.name}') but different types are not allowed in '${source}'`);
    types.set(r.name, r.type);
  }
  return resources;
}

function parseText(text: string, defaultRole: string): Resource[] {
  const out: Resource[] = [];
  for (const raw of text.split(";")) {
    const token = raw.trim();
    if (token === "") continue;
    const parts = token.split(":").filter((p) => p !== "");
    if (parts.length !== 2) fail(`bad resource '${token}': expected name:value (missing or extra ':')`);
    const [lhs, rhs] = parts as [string, string];
    let name: string;
    let role = defaultRole;
    const open = lhs.indexOf("(");
    if (open < 0) {
      name = lhs.trim();
    } else {
      const close = lhs.indexOf(")");
      if (close < open || close !== lhs.trimEnd().length - 1) fail(`bad resource '${token}': mismatched parentheses`);
      name = lhs.slice(0, open).trim();
      role = lhs.slice(open + 1, close).trim();
    }
    checkName(name, token);
    const re = roleError(role);
    if (re !== undefined) fail(`bad resource '${token}': ${re}`);
    const reservations: Reservation[] = role === "*" ? [] : [{ type: "STATIC", role }];
    const r = parseValue(name, rhs, token, { reservations });
    out.push(r);
  }
  return out;
}

function checkName(name: string, where: string): void {
  if (name === "") fail(`bad resource '${where}': empty resource name`);
  if (/[\s;:(){}[\]]/.test(name)) fail(`bad resource '${where}': invalid resource name '${name}'`);
}

/** Every `close` matches an earlier `open` and none is left open (stout's `checkBracketsMatching`). */
function bracketsMatch(v: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of v) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Parses a text value (`2`, `[1-3,5-6]`, `{a,b}`) as Mesos's `values::parse`:
 * brackets of every kind must balance; a value starting with `[` is ranges,
 * tokenised on `[`, `]`, `-` and `,` (so balanced inner brackets are ignored,
 * `ValuesTest.RangesCoalesceParse`); one starting with `{` is a set, tokenised on
 * `{`, `}` and `,`; anything else must be a number.
 */
function parseValue(name: string, raw: string, where: string, meta: ResourceMeta): Resource {
  const v = raw.replace(/\s+/g, "");
  if (v === "") fail(`bad resource '${where}': empty value`);
  if (!bracketsMatch(v, "{", "}") || !bracketsMatch(v, "[", "]") || !bracketsMatch(v, "(", ")")) {
    fail(`bad resource '${where}': mismatched brackets in value '${v}'`);
  }
  const bracket = v.indexOf("[");
  if (bracket === 0) {
    const tokens = v.split(/[[\]\-,]/).filter((t) => t !== "");
    if (tokens.length % 2 !== 0) fail(`bad resource '${where}': expected ranges like [1-5,7-9], got '${v}'`);
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < tokens.length; i += 2) {
      const tb = tokens[i] as string;
      const te = tokens[i + 1] as string;
      if (!/^\d+$/.test(tb) || !/^\d+$/.test(te)) fail(`bad resource '${where}': expected non-negative integers in range '${tb}-${te}'`);
      const b = Number(tb);
      const e = Number(te);
      if (!Number.isSafeInteger(b) || !Number.isSafeInteger(e)) fail(`bad resource '${where}': range bound too large in '${tb}-${te}'`);
      if (b > e) fail(`bad resource '${where}': invalid range ${b}-${e}: begin > end`);
      pairs.push([b, e]);
    }
    return new Resource(name, "RANGES", { ranges: coalesce(pairs) }, meta);
  }
  if (bracket > 0) fail(`bad resource '${where}': unexpected '[' in value '${v}'`);
  const brace = v.indexOf("{");
  if (brace === 0) {
    const items = v.split(/[{},]/).filter((x) => x !== "");
    if (new Set(items).size !== items.length) fail(`bad resource '${where}': duplicated set elements`);
    return new Resource(name, "SET", { set: [...items].sort() }, meta);
  }
  if (brace > 0) fail(`bad resource '${where}': unexpected '{' in value '${v}'`);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) fail(`bad resource '${where}': value '${v}' is not a number, ranges or set`);
  const x = Number(v);
  if (!Number.isFinite(x)) fail(`bad resource '${where}': value '${v}' is not finite`);
  return scalarResource(name, x, where, meta);
}

function scalarResource(name: string, x: number, where: string, meta: ResourceMeta): Resource {
  if (x < 0) fail(`bad resource '${where}': negative value ${x} (resources must be >= 0)`);
  // Mesos: "Invalid scalar resource" for non-finite values; ours also has an upper bound.
  const range = scalarRangeError(x);
  if (range !== undefined) fail(`bad resource '${where}': value ${range}`);
  const milli = toMilli(x);
  // Mesos rejects a non-zero value that fixed point would turn into zero.
  if (x !== 0 && milli <= 0) fail(`bad resource '${where}': value ${x} rounds to 0 at Mesos's 3-decimal precision`);
  return new Resource(name, "SCALAR", { scalar: milli }, meta);
}

// ---------------------------------------------------------------------------
// JSON

type Obj = Record<string, unknown>;

function obj(x: unknown, where: string): Obj {
  if (typeof x !== "object" || x === null || Array.isArray(x)) fail(`${where}: expected an object`);
  return x as Obj;
}

function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${where}: unknown field '${k}' (allowed: ${allowed.join(", ")})`);
  }
}

function str(x: unknown, where: string): string {
  if (typeof x !== "string") fail(`${where}: expected a string`);
  return x as string;
}

function num(x: unknown, where: string): number {
  const n = typeof x === "string" && x.trim() !== "" ? Number(x) : x;
  if (typeof n !== "number" || !Number.isFinite(n)) fail(`${where}: expected a number`);
  return n as number;
}

function labels(x: unknown, where: string): Label[] {
  const o = obj(x, where);
  onlyKeys(o, ["labels"], where);
  const arr = o.labels ?? [];
  if (!Array.isArray(arr)) fail(`${where}.labels: expected an array`);
  return (arr as unknown[]).map((l, i) => {
    const lo = obj(l, `${where}.labels[${i}]`);
    onlyKeys(lo, ["key", "value"], `${where}.labels[${i}]`);
    const key = str(lo.key, `${where}.labels[${i}].key`);
    return lo.value === undefined ? { key } : { key, value: str(lo.value, `${where}.labels[${i}].value`) };
  });
}

function reservation(x: unknown, where: string): Reservation {
  const o = obj(x, where);
  onlyKeys(o, ["type", "role", "principal", "labels"], where);
  const type = str(o.type, `${where}.type`);
  if (type !== "STATIC" && type !== "DYNAMIC") fail(`${where}.type: unknown reservation type '${type}' (STATIC or DYNAMIC)`);
  const role = str(o.role, `${where}.role`);
  const re = roleError(role);
  if (re !== undefined) fail(`${where}.role: ${re}`);
  if (role === "*") fail(`${where}.role: role "*" cannot be reserved`);
  const r: { type: "STATIC" | "DYNAMIC"; role: string; principal?: string; labels?: Label[] } = { type: type as "STATIC" | "DYNAMIC", role };
  if (o.principal !== undefined) r.principal = str(o.principal, `${where}.principal`);
  if (o.labels !== undefined) r.labels = labels(o.labels, `${where}.labels`);
  return r;
}

function diskInfo(x: unknown, where: string): DiskInfo {
  const o = obj(x, where);
  onlyKeys(o, ["persistence", "volume", "source"], where);
  const d: { persistence?: { id: string; principal?: string }; volume?: Volume; source?: DiskSource } = {};
  if (o.persistence !== undefined) {
    const p = obj(o.persistence, `${where}.persistence`);
    onlyKeys(p, ["id", "principal"], `${where}.persistence`);
    const id = str(p.id, `${where}.persistence.id`);
    d.persistence = p.principal === undefined ? { id } : { id, principal: str(p.principal, `${where}.persistence.principal`) };
  }
  if (o.volume !== undefined) {
    const v = obj(o.volume, `${where}.volume`);
    onlyKeys(v, ["container_path", "mode", "host_path"], `${where}.volume`);
    const mode = v.mode === undefined ? "RW" : str(v.mode, `${where}.volume.mode`);
    if (mode !== "RW" && mode !== "RO") fail(`${where}.volume.mode: expected RW or RO, got '${mode}'`);
    const vol: { containerPath: string; mode: "RW" | "RO"; hostPath?: string } = {
      containerPath: str(v.container_path, `${where}.volume.container_path`),
      mode: mode as "RW" | "RO",
    };
    if (v.host_path !== undefined) vol.hostPath = str(v.host_path, `${where}.volume.host_path`);
    d.volume = vol;
  }
  if (o.source !== undefined) {
    const s = obj(o.source, `${where}.source`);
    onlyKeys(s, ["type", "path", "mount", "id", "vendor", "profile", "metadata"], `${where}.source`);
    const type = str(s.type, `${where}.source.type`) as DiskSource["type"];
    if (!DISK_SOURCE_TYPES.includes(type)) fail(`${where}.source.type: unknown disk source type '${type}' (${DISK_SOURCE_TYPES.join(", ")})`);
    const src: { type: DiskSource["type"]; root?: string; id?: string; vendor?: string; profile?: string } = { type };
    for (const k of ["path", "mount"] as const) {
      if (s[k] === undefined) continue;
      if ((type === "BLOCK" || type === "RAW") && s[k] !== undefined) fail(`${where}.source.${k}: must not be set for a ${type} disk source`);
      const m = obj(s[k], `${where}.source.${k}`);
      onlyKeys(m, ["root"], `${where}.source.${k}`);
      if (m.root !== undefined) src.root = str(m.root, `${where}.source.${k}.root`);
    }
    if (s.id !== undefined) src.id = str(s.id, `${where}.source.id`);
    if (s.vendor !== undefined) src.vendor = str(s.vendor, `${where}.source.vendor`);
    if (s.profile !== undefined) src.profile = str(s.profile, `${where}.source.profile`);
    d.source = src;
  }
  return d;
}

function emptyObject(x: unknown, where: string): true {
  const o = obj(x, where);
  if (Object.keys(o).length > 0) fail(`${where}: expected {} (no fields)`);
  return true;
}

/** One v1 `Resource` object, validated as Mesos's `Resources::validate`. */
export function parseJsonResource(x: unknown, where: string, defaultRole = "*"): Resource {
  const o = obj(x, where);
  const name = str(o.name, `${where}.name`);
  checkName(name, where);
  const at = `${where} (${name})`;
  const type = (o.type === undefined ? undefined : str(o.type, `${at}.type`)) as ValueType | undefined;
  if (type === undefined) fail(`${at}.type: missing (SCALAR, RANGES or SET)`);
  if (!VALUE_TYPES.includes(type as ValueType)) fail(`${at}.type: unknown or unsupported resource type '${type}' (SCALAR, RANGES or SET)`);
  onlyKeys(
    o,
    ["name", "type", "scalar", "ranges", "set", "role", "reservation", "reservations", "disk", "revocable", "shared", "allocation_info", "provider_id"],
    at,
  );

  const meta: { reservations?: Reservation[]; allocationRole?: string; disk?: DiskInfo; revocable?: boolean; shared?: boolean; providerId?: string } = {};
  let reservations: Reservation[] = [];
  if (o.reservations !== undefined) {
    if (!Array.isArray(o.reservations)) fail(`${at}.reservations: expected an array`);
    reservations = (o.reservations as unknown[]).map((r, i) => reservation(r, `${at}.reservations[${i}]`));
  }
  // The pre-refinement format: `role` (+ `reservation` for a dynamic one).
  if (o.role !== undefined) {
    const role = str(o.role, `${at}.role`);
    const re = roleError(role);
    if (re !== undefined) fail(`${at}.role: ${re}`);
    if (reservations.length > 1) fail(`${at}.role: must not be set with more than one reservation`);
    if (reservations.length === 1 && (reservations[0] as Reservation).role !== role) {
      fail(`${at}.role: '${role}' does not match the reservation role '${(reservations[0] as Reservation).role}'`);
    }
    if (reservations.length === 0 && role !== "*") {
      if (o.reservation !== undefined) {
        const ro = obj(o.reservation, `${at}.reservation`);
        onlyKeys(ro, ["principal", "labels"], `${at}.reservation`);
        const r: { type: "DYNAMIC"; role: string; principal?: string; labels?: Label[] } = { type: "DYNAMIC", role };
        if (ro.principal !== undefined) r.principal = str(ro.principal, `${at}.reservation.principal`);
        if (ro.labels !== undefined) r.labels = labels(ro.labels, `${at}.reservation.labels`);
        reservations = [r];
      } else {
        reservations = [{ type: "STATIC", role }];
      }
    } else if (role === "*" && o.reservation !== undefined) {
      fail(`${at}.reservation: role "*" cannot be dynamically reserved`);
    }
  } else if (o.reservation !== undefined) {
    fail(`${at}.reservation: needs 'role' (or use 'reservations')`);
  } else if (reservations.length === 0 && defaultRole !== "*") {
    reservations = [{ type: "STATIC", role: defaultRole }];
  }
  for (let i = 1; i < reservations.length; i++) {
    const below = (reservations[i - 1] as Reservation).role;
    const r = reservations[i] as Reservation;
    if (r.type === "STATIC") fail(`${at}.reservations[${i}]: a refined reservation cannot be STATIC`);
    if (!isStrictSubroleOf(r.role, below)) fail(`${at}.reservations[${i}]: role '${r.role}' is not a refinement of '${below}'`);
  }
  meta.reservations = reservations;
  if (o.disk !== undefined) {
    if (name !== "disk") fail(`${at}.disk: DiskInfo should not be set for ${name} resource`);
    meta.disk = diskInfo(o.disk, `${at}.disk`);
  }
  if (o.revocable !== undefined) meta.revocable = emptyObject(o.revocable, `${at}.revocable`);
  if (o.shared !== undefined) {
    emptyObject(o.shared, `${at}.shared`);
    if (name !== "disk") fail(`${at}.shared: resource ${name} cannot be shared`);
    if (meta.disk?.persistence === undefined) fail(`${at}.shared: only persistent volumes can be shared`);
    meta.shared = true;
  }
  if (o.allocation_info !== undefined) {
    const a = obj(o.allocation_info, `${at}.allocation_info`);
    onlyKeys(a, ["role"], `${at}.allocation_info`);
    meta.allocationRole = str(a.role, `${at}.allocation_info.role`);
  }
  if (o.provider_id !== undefined) {
    const p = obj(o.provider_id, `${at}.provider_id`);
    onlyKeys(p, ["value"], `${at}.provider_id`);
    meta.providerId = str(p.value, `${at}.provider_id.value`);
  }

  const valueFields = (["scalar", "ranges", "set"] as const).filter((k) => o[k] !== undefined);
  const expected = type === "SCALAR" ? "scalar" : type === "RANGES" ? "ranges" : "set";
  if (valueFields.length !== 1 || valueFields[0] !== expected) fail(`${at}: a ${type} resource needs exactly the field '${expected}'`);
  switch (type) {
    case "SCALAR": {
      const s = obj(o.scalar, `${at}.scalar`);
      onlyKeys(s, ["value"], `${at}.scalar`);
      return scalarResource(name, num(s.value, `${at}.scalar.value`), at, meta);
    }
    case "RANGES": {
      const r = obj(o.ranges, `${at}.ranges`);
      onlyKeys(r, ["range"], `${at}.ranges`);
      const list = r.range ?? [];
      if (!Array.isArray(list)) fail(`${at}.ranges.range: expected an array`);
      const pairs = (list as unknown[]).map((x, i): [number, number] => {
        const ro = obj(x, `${at}.ranges.range[${i}]`);
        onlyKeys(ro, ["begin", "end"], `${at}.ranges.range[${i}]`);
        const b = num(ro.begin, `${at}.ranges.range[${i}].begin`);
        const e = num(ro.end, `${at}.ranges.range[${i}].end`);
        if (!Number.isSafeInteger(b) || !Number.isSafeInteger(e) || b < 0 || e < 0) fail(`${at}.ranges.range[${i}]: bounds must be non-negative integers`);
        if (b > e) fail(`${at}.ranges.range[${i}]: invalid range ${b}-${e}: begin > end`);
        return [b, e];
      });
      // Mesos rejects overlapping ranges in a Resource object (they coalesce only in text).
      const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 1; i < sorted.length; i++) {
        if ((sorted[i] as [number, number])[0] <= (sorted[i - 1] as [number, number])[1]) fail(`${at}.ranges: overlapping ranges`);
      }
      return new Resource(name, "RANGES", { ranges: coalesce(pairs) }, meta);
    }
    case "SET": {
      const s = obj(o.set, `${at}.set`);
      onlyKeys(s, ["item"], `${at}.set`);
      const items = s.item ?? [];
      if (!Array.isArray(items)) fail(`${at}.set.item: expected an array`);
      const strs = (items as unknown[]).map((x, i) => str(x, `${at}.set.item[${i}]`));
      if (new Set(strs).size !== strs.length) fail(`${at}.set: duplicated elements`);
      return new Resource(name, "SET", { set: strs.sort() }, meta);
    }
  }
  return fail(`${at}: unreachable`);
}
