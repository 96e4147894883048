// Loads an experiment file (JSON or YAML, same structure), applies the command
// line's overrides (`--seed`, `--horizon`, `--set PATH=VALUE`), validates it
// against the contract and checks what the schema cannot (RES texts, quantities,
// role names, models and their params, unique names), then normalises it.
// Every error is an InputError (exit 2) naming the file and the key path.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { roleError } from "../../allocators/resources/role.ts";
import { InputError } from "../../common/input-error.ts";
import { FRAMEWORK_MODEL_PARAMS } from "../frameworks/models.ts";
import { agentId } from "../run/agent-groups.ts";
import type { Experiment } from "./experiment.ts";
import { experimentSchema, normalizeExperiment } from "./experiment-schema.ts";

export interface ExperimentOverrides {
  readonly seed?: number | undefined;
  /** A duration as the file would give it. */
  readonly horizon?: string | number | undefined;
  /** `PATH=VALUE` items: a dotted key path (list items by index), the value parsed as JSON, else taken as a string. */
  readonly set?: readonly string[] | undefined;
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

/** Applies one `--set PATH=VALUE` to the parsed file. */
export function applySet(doc: Record<string, unknown>, item: string): void {
  const eq = item.indexOf("=");
  if (eq <= 0) throw new InputError(`--set ${JSON.stringify(item)}: expected PATH=VALUE, e.g. master.allocationInterval=2s`);
  const path = item.slice(0, eq).split(".");
  const text = item.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) {
        throw new InputError(`--set ${path.slice(0, i + 1).join(".")}: no list item ${JSON.stringify(key)} (the list has ${node.length})`);
      }
      if (last) node[index] = value;
      else node = node[index];
    } else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (last) o[key] = value;
      else {
        if (o[key] === undefined) o[key] = {};
        node = o[key];
      }
    } else throw new InputError(`--set ${path.slice(0, i).join(".")}: is not an object or a list`);
  }
}

function parseFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, not an experiment file`);
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read the experiment file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    // YAML 1.2 is a superset of JSON: one parser for both.
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      throw new InputError(`${path}${at === undefined ? "" : `:${at.line}:${at.col}`}: not valid JSON or YAML: ${err.message.split("\n")[0]}`);
    }
    throw err;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`${path}: expected an object with format "mesosim-experiment/1"`);
  return doc as Record<string, unknown>;
}

/** Loads, overrides, validates and normalises. */
export function loadExperiment(path: string, overrides: ExperimentOverrides = {}): Experiment {
  const file = resolve(path);
  const doc = parseFile(file);
  if (overrides.seed !== undefined) doc["seed"] = overrides.seed;
  if (overrides.horizon !== undefined) doc["horizon"] = overrides.horizon;
  for (const item of overrides.set ?? []) applySet(doc, item);
  const parsed = experimentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as { path: readonly PropertyKey[]; message: string };
    throw new InputError(`${path}: ${keyPath(issue.path)}: ${issue.message}`);
  }
  const f = parsed.data;
  const bad = (key: string, why: string): never => {
    throw new InputError(`${path}: ${key}: ${why}`);
  };
  const validateRole = (role: string): void => {
    const why = roleError(role);
    if (why !== undefined) throw new Error(`invalid role "${role}": ${why}`);
  };
  const attempt = (key: string, check: () => void): void => {
    try {
      check();
    } catch (err) {
      bad(key, (err as Error).message);
    }
  };
  (f.master?.minAllocatable ?? []).forEach((q, i) => attempt(`master.minAllocatable.${i}`, () => Quantities.parse(q)));
  for (const [name, r] of Object.entries(f.roles ?? {})) {
    attempt(`roles.${name}`, () => validateRole(name));
    if (r.quota?.guarantees !== undefined) attempt(`roles.${name}.quota.guarantees`, () => Quantities.parse(r.quota?.guarantees as string));
    if (r.quota?.limits !== undefined) attempt(`roles.${name}.quota.limits`, () => Limits.parse(r.quota?.limits as string));
  }
  (f.cluster?.agents ?? []).forEach((a, i) => attempt(`cluster.agents.${i}.resources`, () => parseResources(a.resources as string)));
  const agentIds = new Set<string>();
  (f.cluster?.agents ?? []).forEach((a, g) => {
    for (let i = 0; i < a.count; i++) {
      const id = agentId(a.id, g, i);
      if (agentIds.has(id)) bad(`cluster.agents.${g}.id`, `agent id "${id}" is given twice (use {i} to number a group's agents)`);
      agentIds.add(id);
    }
  });
  f.workload.forEach((s, i) => {
    if ("referenceMachine" in s && s.referenceMachine !== undefined) attempt(`workload.${i}.referenceMachine`, () => parseResources(s.referenceMachine as string));
  });
  const names = new Set<string>();
  (f.frameworks ?? []).forEach((fw, i) => {
    if (names.has(fw.name)) bad(`frameworks.${i}.name`, `framework "${fw.name}" is listed twice`);
    names.add(fw.name);
    fw.roles.forEach((r, j) => attempt(`frameworks.${i}.roles.${j}`, () => validateRole(r)));
    const model = fw.model ?? "batch";
    const params = FRAMEWORK_MODEL_PARAMS.get(model);
    if (params === undefined) bad(`frameworks.${i}.model`, `unknown model "${model}" (known: ${[...FRAMEWORK_MODEL_PARAMS.keys()].join(", ")})`);
    const p = params?.safeParse(fw.params ?? {});
    if (p !== undefined && !p.success) {
      const issue = p.error.issues[0] as { path: readonly PropertyKey[]; message: string };
      bad(`frameworks.${i}.params${issue.path.length > 0 ? "." + keyPath(issue.path) : ""}`, issue.message);
    }
  });
  return normalizeExperiment(f, dirname(file));
}
