// The one validation layer for input files and command-line options: zod schemas
// (published as JSON Schema by `mesosim schema`), and ONE error format,
//
//   file:line:column: key.path: what was expected (got …)
//   --option: what was expected (got …)
//
// always an InputError (exit 2). The schema builders below (`integer`, `number`,
// `object`) put the whole valid range into the message, whichever bound failed,
// and every object is strict: an unknown key is an error naming the keys allowed.
//
// Use `loadValidated(file, schema)` for a JSON or YAML file, `validate(doc,
// schema)` for a document already loaded, and `parseOption(name, raw, schema)`
// for an option's raw text.
import { z } from "zod";
import { InputError } from "./input-error.ts";
import { formatKeyPath, loadSourceDocument, type KeyPath, type SourceDocument } from "./source-document.ts";

/** Prints a bound: integers as written, 1e6 and above in exponent form when exact. */
function bound(x: number): string {
  if (Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x)))) return `${x < 0 ? "-" : ""}1e${Math.log10(Math.abs(x))}`;
  if (x === Number.MAX_SAFE_INTEGER) return "2^53-1";
  return String(x);
}

/** An integer in [min, max]. */
export function integer(min: number, max: number): z.ZodInt {
  const error = `expected an integer in [${bound(min)}, ${bound(max)}]`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A finite number in [min, max], or (min, max] with `{ exclusiveMin: true }`. */
export function number(min: number, max: number, opts: { exclusiveMin?: boolean } = {}): z.ZodNumber {
  const error = `expected a number in ${opts.exclusiveMin === true ? "(" : "["}${bound(min)}, ${bound(max)}]`;
  const n = z.number({ error });
  return (opts.exclusiveMin === true ? n.gt(min, { error }) : n.min(min, { error })).max(max, { error });
}

/** A strict object: an unknown key is an error listing the keys allowed. */
export function object<S extends z.core.$ZodLooseShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `unknown field (${allowed === "" ? "this object takes none" : `allowed: ${allowed}`})` : issue.code === "invalid_type" ? "expected an object" : undefined,
  });
}

/** What a value is, for the `(got …)` part of a message. */
export function describeValue(x: unknown): string {
  if (x === undefined) return "nothing: the field is missing";
  if (x === null) return "null";
  if (Array.isArray(x)) return `a list of ${x.length}`;
  if (typeof x === "object") return "an object";
  if (typeof x === "string") return JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
  return String(x);
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** One issue as `key.path: what was expected (got …)`, and the path it is about (paths written by `formatPath`). */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown, formatPath: (path: KeyPath) => string = formatKeyPath): { path: KeyPath; text: string } {
  let path: KeyPath = issue.path as KeyPath;
  let expected = issue.message;
  let got: string | undefined;
  switch (issue.code) {
    case "unrecognized_keys":
      // One issue per object: point at its first unknown key.
      path = [...path, issue.keys[0] as string];
      got = undefined;
      break;
    case "invalid_union": {
      if ("options" in issue && Array.isArray(issue.options)) {
        // A discriminated union whose discriminator (`kind`) matched no form.
        expected = `expected one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join(", ")}`;
        got = describeValue(valueAt(data, path));
        break;
      }
      const forms = "errors" in issue && Array.isArray(issue.errors) ? (issue.errors as z.core.$ZodIssue[][]) : [];
      // The forms the value is of the right kind for (an object for the object
      // forms, …): if there is one, its own problem is the one to name.
      const kindOf = (form: z.core.$ZodIssue[]) => form.find((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"));
      const fitting = forms.filter((form) => kindOf(form) === undefined);
      const inner = fitting.length === 1 ? fitting[0]?.[0] : undefined;
      if (inner !== undefined) return describeIssue({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, data, formatPath);
      const kinds = forms.map(kindOf).map((i) =>
        i?.code === "invalid_value" ? i.values.map((v) => JSON.stringify(v)).join(" or ") : i?.code === "invalid_type" ? `${/^[aeiou]/.test(i.expected) ? "an" : "a"} ${i.expected}` : undefined,
      );
      // A union the schema gave its own message keeps it.
      if (expected.startsWith("Invalid input")) {
        expected = fitting.length === 0 && kinds.every((k) => k !== undefined) ? `expected ${kinds.join(" or ")}` : "expected one of the forms the schema allows";
      }
      got = describeValue(valueAt(data, path));
      break;
    }
    case "invalid_value":
      if (expected.startsWith("Invalid option") || expected.startsWith("Invalid input")) expected = issue.values.length === 1 ? `expected ${JSON.stringify(issue.values[0])}` : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      got = describeValue(valueAt(data, path));
      break;
    default:
      got = describeValue(valueAt(data, path));
  }
  // zod's own wording ("Invalid input: expected number, received string") where no builder above set one.
  expected = expected.replace(/^Invalid input: expected (\w+), received \w+$/, "expected $1").replace(/^Too (small|big): /, "");
  const at = formatPath(path);
  return { path, text: `${at === "" ? "(top level)" : at}: ${expected}${got === undefined ? "" : ` (got ${got})`}` };
}

/** `workload.0.synth.roles.1`: a key path as `--set` takes it (list items by index). */
export function dottedKeyPath(path: KeyPath): string {
  return path.map(String).join(".");
}

export interface ValidateOptions {
  /**
   * Where the value to validate sits in the document (an inline document, such as
   * an experiment's `workload.0.synth` spec): it is validated on its own, and its
   * problems are named by their path from the document's top. Default: the top.
   */
  readonly at?: KeyPath;
  /** How a key path is written (default `formatKeyPath`: `roles[0].name`). */
  readonly formatPath?: (path: KeyPath) => string;
  /**
   * For a path whose value did not come from the file but from a command-line
   * option (`--set master.allocationInterval=0`), that option: it then names the
   * problem instead of `file:line:column`. Undefined: the file.
   */
  readonly origin?: (path: KeyPath) => string | undefined;
}

/**
 * The issues worth naming, in zod's order: one per key path (a negative duration
 * that is also below a minimum is one problem), and none from an object's own
 * cross-field check when the object has an unknown key (the misspelt key is the
 * problem: `qos: {threshold: 4}` is not also missing its thresholds).
 */
function relevantIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const key = (path: readonly PropertyKey[]) => JSON.stringify(path.map(String));
  const unknownKeysAt = new Set(issues.filter((i) => i.code === "unrecognized_keys").map((i) => key(i.path)));
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = key(i.path);
    if (i.code === "custom" && unknownKeysAt.has(k)) return false;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** At most this many problems are listed in one error, first in the file first. */
const MAX_LISTED = 5;

/**
 * Validates a loaded document (or the part of it at `opts.at`); returns the typed
 * data or throws the InputError (exit 2) naming each problem's line and column (or
 * the command-line option its value came from, `opts.origin`).
 */
export function validate<T extends z.ZodType>(doc: SourceDocument, schema: T, opts: ValidateOptions = {}): z.output<T> {
  const at = opts.at ?? [];
  const formatPath = opts.formatPath ?? formatKeyPath;
  const data = valueAt(doc.data, at);
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const problems = relevantIssues(r.error.issues).map((issue) => {
    const { path, text } = describeIssue({ ...issue, path: [...at, ...issue.path] } as z.core.$ZodIssue, doc.data, formatPath);
    const option = opts.origin?.(path);
    // Values a command-line option set come first (line 0): they are not in the file.
    if (option !== undefined) return { p: { line: 0, column: 0 }, line: `${option}: ${text}` };
    const p = doc.positionOf(path);
    return { p, line: `${doc.file}:${p.line}:${p.column}: ${text}` };
  });
  // First in the file first; ties keep zod's (schema) order, the sort being stable.
  problems.sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column);
  const lines = problems.slice(0, MAX_LISTED).map((x) => x.line);
  if (problems.length > MAX_LISTED) lines.push(`(${problems.length - MAX_LISTED} more problems)`);
  throw new InputError(lines.join("\n"));
}

/** Loads a JSON or YAML file and validates it against `schema`: typed data, or the one InputError. */
export function loadValidated<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  return validate(loadSourceDocument(file), schema);
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A numeric command-line option from its raw text (yargs' `coerce`): undefined stays
 * undefined; anything else must be one number the schema accepts, else an
 * InputError `--name: expected … (got …)`.
 */
export function parseOption<T extends z.ZodType>(name: string, raw: unknown, schema: T): z.output<T> {
  if (Array.isArray(raw)) throw new InputError(`--${name}: expected one value (got ${raw.length}: ${raw.map((x) => JSON.stringify(String(x))).join(", ")})`);
  let value: unknown = raw;
  if (typeof raw === "string") value = NUMERIC.test(raw.trim()) ? Number(raw) : raw;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { text } = describeIssue(r.error.issues[0] as z.core.$ZodIssue, value);
  throw new InputError(`--${name}${text.replace(/^\(top level\)/, "")}`);
}
