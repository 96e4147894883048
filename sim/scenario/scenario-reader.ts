// Typed access to the fields of a scenario file's JSON objects. Every accessor
// fails with a `ScenarioError` (exit 2) naming the file, the step and the field,
// so that a bad file is reported precisely and never half-read.
import { AGENT_CAPABILITIES, FRAMEWORK_CAPABILITIES, MAX_MICROS } from "../../allocators/allocator.ts";
import type { AgentCapability, FrameworkCapability, Micros } from "../../allocators/allocator.ts";
import { Limits, Quantities, parseQuantityText } from "../../allocators/resources/quantities.ts";
import { nameId } from "../../allocators/resources/resource-names.ts";
import { OPERATION_TYPES } from "../../allocators/resources/resource-operations.ts";
import type { Operation, OperationType } from "../../allocators/resources/resource-operations.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { roleError } from "../../allocators/resources/role.ts";
import { ScenarioError } from "./scenario-error.ts";
import type { KeyPath, Position } from "../../common/source-document.ts";

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

export const describe = (x: unknown): string => (x === null ? "null" : Array.isArray(x) ? "an array" : typeof x === "object" ? "an object" : `${typeof x} ${JSON.stringify(x)}`);

/** Seconds of simulated time as integer µs. */
export const micros = (seconds: number): Micros => Math.round(seconds * 1e6);

/** The clock's range in seconds (MAX_MICROS µs), written exactly: 9007199254.740991. */
export const MAX_SECONDS = `${Math.floor(MAX_MICROS / 1e6)}.${String(MAX_MICROS % 1e6).padStart(6, "0")}`;

/** Where a key path is in the file; undefined when the scenario did not come from a file. */
export type Locate = ((path: KeyPath) => Position) | undefined;

/**
 * A field as the messages name it (`offers[0].agents.agent1`) → key path. A key
 * may itself contain dots (a role `a.b`): the locator then falls back to the
 * deepest part of the path it finds, still the right step and line nearby.
 */
export function fieldPath(field: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of field.split(".")) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null) {
      out.push(part);
      continue;
    }
    if (m[1] !== "") out.push(m[1] as string);
    for (const i of (m[2] as string).matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

/** Reads typed values out of one JSON object, failing with the file, step and field. */
export class Reader {
  constructor(
    readonly path: string,
    readonly step: { index: number; op: string | undefined } | undefined,
    readonly locate: Locate = undefined,
  ) {}

  fail(field: string | undefined, problem: string): never {
    const base: KeyPath = this.step === undefined ? [] : ["steps", this.step.index];
    const position = this.locate?.(field === undefined ? base : [...base, ...fieldPath(field)]);
    throw new ScenarioError(this.path, this.step, field, problem, position);
  }

  /** Rejects any key of `o` not in `allowed` (names with a trailing `?` are optional) and any required one missing. */
  fields(o: Obj, allowed: readonly string[], prefix = ""): void {
    const names = allowed.map((a) => a.replace(/\?$/, ""));
    for (const k of Object.keys(o)) {
      if (!names.includes(k)) this.fail(prefix + k, `unknown field${names.length > 0 ? ` (allowed: ${names.join(", ")})` : " (this op takes no fields)"}`);
    }
    for (const a of allowed) if (!a.endsWith("?") && o[a] === undefined) this.fail(prefix + a, "missing");
  }

  obj(x: unknown, field: string): Obj {
    if (!isObj(x)) this.fail(field, `expected an object, got ${describe(x)}`);
    return x;
  }

  array(x: unknown, field: string): unknown[] {
    if (!Array.isArray(x)) this.fail(field, `expected a list, got ${describe(x)}`);
    return x;
  }

  str(x: unknown, field: string): string {
    if (typeof x !== "string") this.fail(field, `expected a string, got ${describe(x)}`);
    return x;
  }

  bool(x: unknown, field: string): boolean {
    if (typeof x !== "boolean") this.fail(field, `expected true or false, got ${describe(x)}`);
    return x;
  }

  num(x: unknown, field: string, check: "any" | "nonNegative" | "positive" | "count" = "any"): number {
    if (typeof x !== "number" || !Number.isFinite(x)) this.fail(field, `expected a number, got ${describe(x)}`);
    if (check === "nonNegative" && x < 0) this.fail(field, `expected a number >= 0, got ${x}`);
    if (check === "positive" && x <= 0) this.fail(field, `expected a number > 0, got ${x}`);
    if (check === "count" && (!Number.isInteger(x) || x < 0)) this.fail(field, `expected a non-negative integer, got ${x}`);
    return x;
  }

  strings(x: unknown, field: string): string[] {
    return this.array(x, field).map((s, i) => this.str(s, `${field}[${i}]`));
  }

  role(x: unknown, field: string): string {
    const role = this.str(x, field);
    const err = roleError(role);
    if (err !== undefined) this.fail(field, err);
    return role;
  }

  roles(x: unknown, field: string): string[] {
    return this.array(x, field).map((r, i) => this.role(r, `${field}[${i}]`));
  }

  /** RES: text syntax, or a JSON array of v1 Resource objects and text strings. */
  resources(x: unknown, field: string): Resources {
    if (typeof x !== "string" && !Array.isArray(x)) this.fail(field, `expected resources (a string or a list), got ${describe(x)}`);
    try {
      return parseResources(x);
    } catch (err) {
      return this.fail(field, `bad resources: ${(err as Error).message}`);
    }
  }

  /** A RES read as quantities (names and amounts only); zero entries kept if `keepZeros`. */
  quantityEntries(x: unknown, field: string, keepZeros: boolean): Array<[id: number, milli: number]> {
    try {
      if (typeof x === "string") return parseQuantityText(x, keepZeros).map(([name, milli]) => [nameId(name), milli]);
      if (Array.isArray(x)) {
        const r = parseResources(x);
        if (r.items.some((item) => item.type !== "SCALAR")) this.fail(field, "quantities must be scalars");
        return [...r.scalarQuantities().v.entries()].filter(([, m]) => m > 0);
      }
    } catch (err) {
      if (err instanceof ScenarioError) throw err;
      return this.fail(field, `bad quantities: ${(err as Error).message}`);
    }
    return this.fail(field, `expected quantities such as "cpus:1;mem:512", got ${describe(x)}`);
  }

  quantities(x: unknown, field: string): Quantities {
    const q = new Quantities();
    for (const [id, milli] of this.quantityEntries(x, field, false)) q.addId(id, milli);
    return q;
  }

  limits(x: unknown, field: string): Limits {
    const l = new Limits();
    for (const [id, milli] of this.quantityEntries(x, field, true)) l.set(id, milli);
    return l;
  }

  /** `[RES, ...]`: alternatives of a minimum allocatable. */
  alternatives(x: unknown, field: string): Quantities[] {
    return this.array(x, field).map((a, i) => this.quantities(a, `${field}[${i}]`));
  }

  frameworkCapabilities(x: unknown, field: string): FrameworkCapability[] {
    return this.strings(x, field).map((c, i) => {
      if (!(FRAMEWORK_CAPABILITIES as readonly string[]).includes(c)) {
        this.fail(`${field}[${i}]`, `unknown framework capability "${c}" (${FRAMEWORK_CAPABILITIES.join(", ")})`);
      }
      return c as FrameworkCapability;
    });
  }

  agentCapabilities(x: unknown, field: string): AgentCapability[] {
    return this.strings(x, field).map((c, i) => {
      if (!(AGENT_CAPABILITIES as readonly string[]).includes(c)) {
        this.fail(`${field}[${i}]`, `unknown agent capability "${c}" (${AGENT_CAPABILITIES.join(", ")})`);
      }
      return c as AgentCapability;
    });
  }

  /** Seconds of simulated time, as integer µs: at most MAX_MICROS (2^53 − 1 µs ≈ 285 years). */
  seconds(x: unknown, field: string): Micros {
    const s = this.num(x, field, "nonNegative");
    if (!(micros(s) <= MAX_MICROS)) this.fail(field, `expected at most ${MAX_SECONDS} seconds (2^53 − 1 µs, about 285 years: the clock's range), got ${s}`);
    return micros(s);
  }

  operations(x: unknown, field: string): Operation[] {
    return this.array(x, field).map((item, i) => {
      const at = `${field}[${i}]`;
      const o = this.obj(item, at);
      this.fields(o, ["type", "resources"], `${at}.`);
      const type = this.str(o.type, `${at}.type`);
      if (!(OPERATION_TYPES as readonly string[]).includes(type)) this.fail(`${at}.type`, `unknown operation type "${type}" (${OPERATION_TYPES.join(", ")})`);
      return { type: type as OperationType, resources: this.resources(o.resources, `${at}.resources`) };
    });
  }
}
