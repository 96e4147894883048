// Loads an experiment file, applies the command line's overrides (`--seed`,
// `--horizon`, `--set PATH=VALUE`), validates it against the contract and checks
// what the schema cannot (RES texts, quantities, role names, models and their
// params, unique names, inline synth specs), then normalises it
// (docs/experiment-format.md).
//
// A `.json` file is parsed as JSON (a trailing comma or a comment is an error at
// its line and column), anything else as YAML, whose 1.2 syntax also reads JSON.
// Every error is an InputError (exit 2) in the one format of common/validation.ts,
// with key paths written as `--set` takes them:
//
//   e.yaml:12:5: workload.0.from: expected one of "google-2011", … (got "nosuch")
//   --set master.allocationInterval=0: master.allocationInterval: expected …
//
// A value that a command-line option set is named by that option, not by the file.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { roleError } from "../../allocators/resources/role.ts";
import { InputError } from "../../common/input-error.ts";
import { parseSourceDocument, type KeyPath, type SourceDocument } from "../../common/source-document.ts";
import { dottedKeyPath, validate } from "../../common/validation.ts";
import { parseReferenceMachine } from "../../traces/canonical/reference-machine.ts";
import { readerFor } from "../../traces/readers/readers.ts";
import { SynthSpecSchema } from "../../traces/synth/synth-spec.ts";
import { FRAMEWORK_MODEL_PARAMS } from "../frameworks/models.ts";
import { permitInterval } from "../failures/removal-limiter.ts";
import { agentId } from "../run/agent-groups.ts";
import type { Experiment } from "./experiment.ts";
import { us } from "./duration-schema.ts";
import { experimentSchema, normalizeExperiment } from "./experiment-schema.ts";

export interface ExperimentOverrides {
  readonly seed?: number | undefined;
  /** A duration as the file would give it. */
  readonly horizon?: string | number | undefined;
  /** `PATH=VALUE` items: a dotted key path (list items by index), the value parsed as JSON, else taken as a string. */
  readonly set?: readonly string[] | undefined;
}

/** An experiment, and how to name a place in it for an error found after loading. */
export interface LoadedExperiment {
  readonly experiment: Experiment;
  /**
   * `file:line:column: key.path` for a key path of the experiment file (or
   * `--set ITEM: key.path` when a command-line option set it): the start of an
   * error message about that key, e.g. an inline synth spec whose generation fails.
   */
  readonly describe: (path: KeyPath) => string;
}

/**
 * A value the command line set: the key path it owns (the one it set, or the
 * first key on the way there that the file did not have, which the option made)
 * and the option that set it.
 */
interface Override {
  readonly path: readonly string[];
  readonly option: string;
}

/** Samples of `report.sampleInterval` a horizon may hold (timeseries.csv rows per scope). */
const MAX_SAMPLES = 10_000_000;

/**
 * Applies one `--set PATH=VALUE` to the parsed file; returns the key path it owns:
 * PATH, or PATH up to the first key it had to make (`--set master.nosuch.x=1` on a
 * file with `master` owns `master.nosuch`, so the error about that key names the
 * option, not the file).
 */
function applySet(doc: Record<string, unknown>, item: string): string[] {
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
  let owned = path.length;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) {
        throw new InputError(`--set ${item}: ${path.slice(0, i + 1).join(".")}: no list item ${JSON.stringify(key)} (the list has ${node.length})`);
      }
      if (last) node[index] = value;
      else node = node[index];
    } else if (node !== null && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (last) o[key] = value;
      else {
        if (o[key] === undefined) {
          // A list item of a list the file lacks: making an object there would
          // only be refused later as "expected array", which hides the cause.
          if (/^\d+$/.test(path[i + 1] as string)) {
            const list = path.slice(0, i + 1).join(".");
            throw new InputError(`--set ${item}: ${list}: not in the file, so it has no item ${path[i + 1]} (set the whole list instead: --set '${list}=[…]')`);
          }
          o[key] = {};
          owned = Math.min(owned, i + 1);
        }
        node = o[key];
      }
    } else throw new InputError(`--set ${item}: ${path.slice(0, i).join(".")}: is not an object or a list`);
  }
  return path.slice(0, owned);
}

function readDocument(path: string): SourceDocument {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${path}: is a directory, not an experiment file`);
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot read the experiment file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseSourceDocument(text, path, /\.json$/i.test(path) ? "json" : "yaml");
}

/** Loads, overrides, validates and normalises. */
export function loadExperiment(path: string, overrides: ExperimentOverrides = {}): Experiment {
  return loadExperimentFile(path, overrides).experiment;
}

/** `loadExperiment`, and how to name a key of the file in a later error. */
export function loadExperimentFile(path: string, overrides: ExperimentOverrides = {}): LoadedExperiment {
  const doc = readDocument(path);
  const data = doc.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new InputError(`${doc.where([])}: expected an object with format "mesosim-experiment/1"`);
  const top = data as Record<string, unknown>;
  const set: Override[] = [];
  if (overrides.seed !== undefined) {
    top["seed"] = overrides.seed;
    set.push({ path: ["seed"], option: "--seed" });
  }
  if (overrides.horizon !== undefined) {
    // `--horizon 90` is 90 seconds, as `horizon: 90` in the file: the command line gives text.
    const h = overrides.horizon;
    top["horizon"] = typeof h === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(h) ? Number(h) : h;
    set.push({ path: ["horizon"], option: "--horizon" });
  }
  for (const item of overrides.set ?? []) set.push({ path: applySet(top, item), option: `--set ${item}` });

  // The last override whose path holds `path` set its value. Else, when overrides
  // changed keys inside it (an object of the file, one field of it set), both: the
  // file's position of the object and those options.
  const origin = (path: KeyPath): string | undefined => {
    for (let i = set.length - 1; i >= 0; i--) {
      const o = set[i] as Override;
      if (o.path.length <= path.length && o.path.every((k, j) => k === String(path[j]))) return o.option;
    }
    const inside = set.filter((o) => o.path.length > path.length && path.every((k, j) => String(k) === o.path[j]));
    if (inside.length > 0 && path.length > 0) return `${doc.where(path)} (as changed by ${inside.map((o) => o.option).join(", ")})`;
    return undefined;
  };
  const describe = (path: KeyPath): string => `${origin(path) ?? doc.where(path)}: ${path.length === 0 ? "(top level)" : dottedKeyPath(path)}`;
  const opts = { formatPath: dottedKeyPath, origin };

  const f = validate(doc, experimentSchema, opts);
  const bad = (key: KeyPath, why: string): never => {
    throw new InputError(`${describe(key)}: ${why}`);
  };
  const validateRole = (role: string): void => {
    const why = roleError(role);
    if (why !== undefined) throw new Error(`invalid role "${role}": ${why}`);
  };
  const attempt = (key: KeyPath, check: () => void): void => {
    try {
      check();
    } catch (err) {
      bad(key, (err as Error).message);
    }
  };
  (f.master?.minAllocatable ?? []).forEach((q, i) => attempt(["master", "minAllocatable", i], () => Quantities.parse(q)));
  for (const [name, r] of Object.entries(f.roles ?? {})) {
    attempt(["roles", name], () => validateRole(name));
    // Mesos's master refuses quota on a nested role ("Updating quota on nested role
    // '…' is not supported yet", src/master/quota_handler.cpp, MESOS-7402), and its
    // allocator tracks the quota consumed by top-level roles only
    // (hierarchical.cpp, `__generateOffers`).
    if (r.quota !== undefined && name.includes("/")) {
      bad(["roles", name, "quota"], `quota on a nested role is not supported by Mesos (its master refuses it: MESOS-7402); set it on the top-level role "${name.slice(0, name.indexOf("/"))}"`);
    }
    if (r.quota?.guarantees !== undefined) attempt(["roles", name, "quota", "guarantees"], () => Quantities.parse(r.quota?.guarantees as string));
    if (r.quota?.limits !== undefined) attempt(["roles", name, "quota", "limits"], () => Limits.parse(r.quota?.limits as string));
    // Mesos refuses a quota whose guarantees exceed its limits (src/master/quota.cpp,
    // `validate(QuotaConfig)`: "'QuotaConfig.guarantees' … is not contained within
    // the 'QuotaConfig.limits'"); a name absent from the limits is unlimited.
    if (r.quota?.guarantees !== undefined && r.quota.limits !== undefined) {
      const guarantees = Quantities.parse(r.quota.guarantees);
      const limits = Limits.parse(r.quota.limits);
      const limitOf = new Map(limits.entries());
      const over = guarantees.entries().filter(([n, g]) => g > (limitOf.get(n) ?? Infinity));
      if (over.length > 0) {
        const why = over.map(([n, g]) => `${n}: guarantee ${g} above limit ${limitOf.get(n)}`).join("; ");
        bad(["roles", name, "quota"], `guarantees ${guarantees} are not within limits ${limits} (${why})`);
      }
    }
  }
  // A sampling step so small against the horizon that timeseries.csv would take
  // gigabytes (a row per sample and scope) is a slip of the unit, not a request.
  if (f.horizon !== undefined && f.report?.sampleInterval !== undefined) {
    const samples = Math.ceil(us(f.horizon) / us(f.report.sampleInterval));
    if (samples > MAX_SAMPLES) {
      bad(["report", "sampleInterval"], `${samples.toLocaleString("en-US")} samples over the horizon, more than ${MAX_SAMPLES.toLocaleString("en-US")}: timeseries.csv has a row per sample and role and framework; take a longer interval`);
    }
  }
  // `--agent_removal_rate_limit`: Mesos's master builds a RateLimiter(permits,
  // duration) from it (master.cpp, `Master::initialize`), so both must be above 0.
  const rate = f.master?.agentRemovalRateLimit;
  if (typeof rate === "string") {
    try {
      permitInterval(rate);
    } catch {
      bad(["master", "agentRemovalRateLimit"], `expected AGENTS/DURATION with both above 0, e.g. "1/10m" (got ${JSON.stringify(rate)})`);
    }
  }
  (f.cluster?.agents ?? []).forEach((a, i) => attempt(["cluster", "agents", i, "resources"], () => parseResources(a.resources as string)));
  const agentIds = new Set<string>();
  (f.cluster?.agents ?? []).forEach((a, g) => {
    for (let i = 0; i < a.count; i++) {
      const id = agentId(a.id, g, i);
      if (agentIds.has(id)) bad(["cluster", "agents", g, "id"], `agent id "${id}" is given twice (use {i} to number a group's agents)`);
      agentIds.add(id);
    }
  });
  f.workload.forEach((s, i) => {
    // The machine that normalised source units are scaled by: cpus, mem, disk and gpus, as `trace convert --reference-machine` takes it.
    if (s.referenceMachine !== undefined) {
      const text = s.referenceMachine;
      attempt(["workload", i, "referenceMachine"], () => {
        try {
          parseReferenceMachine(text);
        } catch (err) {
          throw new Error((err as Error).message.replace(/^--reference-machine: /, ""));
        }
      });
    }
    if (s.table !== undefined && s.from !== undefined) {
      const tables = readerFor(s.from).tables;
      if (!tables.includes(s.table)) bad(["workload", i, "table"], `${s.from} has the tables ${tables.join(", ")} (got ${JSON.stringify(s.table)})`);
    }
    if (s.roleMap !== undefined) for (const [from, to] of Object.entries(s.roleMap)) attempt(["workload", i, "roleMap", from], () => validateRole(to));
    // The prefix goes in front of trace roles: one that makes every role invalid
    // (whitespace, a leading "/" or ".") is this key's fault, not the first task's.
    if (s.rolePrefix !== undefined && s.rolePrefix !== "") {
      const why = roleError(`${s.rolePrefix}r`);
      if (why !== undefined) bad(["workload", i, "rolePrefix"], `"${s.rolePrefix}" in front of a role makes it invalid (${why.replace(/'[^']*'/, `'${s.rolePrefix}…'`)})`);
    }
    // An inline synth spec: its problems are named in this file, by their key path from its top.
    if (s.synth !== undefined && typeof s.synth !== "string") validate(doc, SynthSpecSchema, { ...opts, at: ["workload", i, "synth"] });
  });
  const names = new Set<string>();
  (f.frameworks ?? []).forEach((fw, i) => {
    if (names.has(fw.name)) bad(["frameworks", i, "name"], `framework "${fw.name}" is listed twice`);
    names.add(fw.name);
    fw.roles.forEach((r, j) => attempt(["frameworks", i, "roles", j], () => validateRole(r)));
    if (fw.tasks !== undefined && fw.tasks !== "*" && fw.tasks.source !== undefined && fw.tasks.source >= f.workload.length) {
      bad(["frameworks", i, "tasks", "source"], `there is no workload source ${fw.tasks.source} (the workload has ${f.workload.length}, from 0)`);
    }
    const model = fw.model ?? "batch";
    const params = FRAMEWORK_MODEL_PARAMS.get(model);
    if (params === undefined) bad(["frameworks", i, "model"], `unknown model "${model}" (known: ${[...FRAMEWORK_MODEL_PARAMS.keys()].join(", ")})`);
    if (params === undefined) return;
    if (fw.params !== undefined) validate(doc, params, { ...opts, at: ["frameworks", i, "params"] });
    else if (!params.safeParse({}).success) bad(["frameworks", i], `model "${model}" needs \`params\``);
  });
  // A framework-failover or an expect check names a listed framework, or one that
  // can be made for a role (named after it): a name that can be neither is a typo,
  // caught here; one that names a role no task of the workload has is caught at
  // the end of the run (run-simulation.ts).
  const catchAll = (f.frameworks ?? []).findIndex((fw) => fw.tasks === "*");
  /** Why no framework of the run can be named `name`, or undefined if one can (listed, or made for a role of that name). */
  const noFramework = (name: string): string | undefined => {
    if (names.has(name)) return undefined;
    const unknown = `no framework is named "${name}" (frameworks: ${[...names].join(", ") || "none"}), and`;
    if (catchAll >= 0) return `${unknown} none is made for a role: frameworks.${catchAll} takes every task`;
    if (roleError(name) !== undefined || name.includes("/")) return `${unknown} it is not a role a framework could be made for`;
    return undefined;
  };
  (f.failures ?? []).forEach((x, i) => {
    const why = x.kind === "framework-failover" ? noFramework(x.framework) : undefined;
    if (why !== undefined) bad(["failures", i, "framework"], why);
  });
  // An expect check names a summary row: a framework as the failovers do; a role
  // one of the experiment's when a framework takes every task (no role can be
  // added by the workload then). The rest is checked at the end of the run.
  const fixedRoles = catchAll < 0 ? null : new Set([...Object.keys(f.roles ?? {}), ...(f.frameworks ?? []).flatMap((fw) => fw.roles)]);
  (f.expect ?? []).forEach((e, i) => {
    const why = e.framework === undefined ? undefined : noFramework(e.framework);
    if (why !== undefined) bad(["expect", i, "framework"], why);
    if (e.role !== undefined && fixedRoles !== null && !fixedRoles.has(e.role)) {
      bad(["expect", i, "role"], `the run has no role "${e.role}" (roles: ${[...fixedRoles].sort().join(", ")}): frameworks.${catchAll} takes every task, so no other role can appear`);
    }
  });
  return { experiment: normalizeExperiment(f, dirname(resolve(path))), describe };
}
