// Scenario files (format v1) from JSON to typed steps, with the strict validation
// the spec demands: a file written to it must run unmodified, so anything the
// spec does not define is an error (exit 2), never silently ignored.
//
// Steps are checked in file order against the agents and frameworks that exist at
// that point, as the runner will meet them. The spec's exceptions are honoured:
// `used` may name agents or frameworks that do not exist yet, and a whitelist may
// name hosts that are not agents. Expectations may name agents and frameworks that
// have been removed since (their offers were made before), but not ones never added.
import { MAX_MICROS } from "../../allocators/allocator.ts";
import type { z } from "zod";
import { DocumentSyntaxError, loadSourceDocument, formatKeyPath, type KeyPath } from "../../common/source-document.ts";
import { describeIssue } from "../../common/validation.ts";
import type { AgentCapability, FrameworkCapability, SorterKind } from "../../allocators/allocator.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { ScenarioError } from "./scenario-error.ts";
import { MAX_SECONDS, Reader, isObj, type Locate } from "./scenario-reader.ts";
import { OP_FIELDS, ScenarioTopSchema, stepSchemaOf } from "./scenario-schema.ts";
import { World } from "./scenario-world.ts";
import type { FrameworkState } from "./scenario-world.ts";
import type { Obj } from "./scenario-reader.ts";
import type { ExpectedInverseOffer, ExpectedOffer, RecoverTarget, ScenarioAllocatorOptions, ScenarioFile, Step, UnavailabilitySpec } from "./scenario-file.ts";

/** Mesos's master default `--min_allocatable_resources` (`cpus:0.01|mem:32`). */
export const DEFAULT_MIN_ALLOCATABLE: readonly string[] = ["cpus:0.01", "mem:32"];

/**
 * Reads and parses a scenario file (JSON, or YAML if named `.yaml`/`.yml`); throws
 * `ScenarioError` (exit 2) if it is unreadable or invalid, with the line and
 * column of the fault.
 */
export function loadScenario(path: string): ScenarioFile {
  let doc;
  try {
    doc = loadSourceDocument(path);
  } catch (err) {
    if (err instanceof DocumentSyntaxError) {
      throw new ScenarioError(path, undefined, undefined, err.reason.replace(/^not valid (JSON|YAML)/, "invalid $1"), err.position);
    }
    // Unreadable: the message is `path: cannot read the file: …`.
    throw new ScenarioError(path, undefined, undefined, (err as Error).message.slice(path.length + 2));
  }
  return parseScenario(doc.data, path, (p) => doc.positionOf(p));
}

/** The first problem zod found, as the scenario messages put it: unknown fields first, as the spec's checks always did. */
function firstIssue(error: z.ZodError, data: unknown): { field: string; problem: string; path: KeyPath } {
  const issues = error.issues;
  const issue = issues.find((i) => i.code === "unrecognized_keys") ?? (issues[0] as z.core.$ZodIssue);
  const { path, text } = describeIssue(issue, data);
  const field = formatKeyPath(path);
  return { field, problem: text.slice(text.indexOf(": ") + 2), path };
}

const isOp = (op: string): op is Step["op"] => Object.prototype.hasOwnProperty.call(OP_FIELDS, op);

/** Tags every resource that carries no allocation role with `role`; explicit tags are kept. */
function tagUntagged(resources: Resources, role: string): Resources {
  return Resources.of(resources.items.map((r) => (r.allocationRole === undefined ? r.withMeta({ allocationRole: role }) : r)));
}

const allTagged = (resources: Resources): boolean => resources.items.every((r) => r.allocationRole !== undefined);


/** Parses a scenario's JSON value; `locate` (from the file) adds line and column to errors. */
export function parseScenario(json: unknown, path: string, locate: Locate = undefined): ScenarioFile {
  let reader = new Reader(path, undefined, locate);
  const top = reader.obj(json, "(file)");
  const checked = ScenarioTopSchema.safeParse(top);
  if (!checked.success) {
    const { field, problem, path: at } = firstIssue(checked.error, top);
    throw new ScenarioError(path, undefined, field, problem, locate?.(at));
  }
  const name = reader.str(top.name, "name");
  const description = top.description === undefined ? undefined : reader.str(top.description, "description");
  const allocator = parseAllocatorOptions(reader, top.allocator);
  const rawSteps = reader.array(top.steps, "steps");

  const world = new World(() => reader);
  const steps: Step[] = [];
  rawSteps.forEach((raw, index) => {
    reader = new Reader(path, { index, op: undefined }, locate);
    const o = reader.obj(raw, "(step)");
    const op = reader.str(o.op, "op");
    reader = new Reader(path, { index, op }, locate);
    if (!isOp(op)) return reader.fail("op", `unknown op "${op}" (known: ${Object.keys(OP_FIELDS).join(", ")})`);
    const fields = stepSchemaOf(op).safeParse(o);
    if (!fields.success) {
      const { field, problem, path: at } = firstIssue(fields.error, o);
      throw new ScenarioError(path, { index, op }, field, problem, locate?.(["steps", index, ...at]));
    }
    steps.push(parseStep(reader, world, index, op, o));
  });
  return description === undefined ? { path, name, allocator, steps } : { path, name, description, allocator, steps };
}

function parseAllocatorOptions(r: Reader, x: unknown): ScenarioAllocatorOptions {
  // The shape (fields, types, ranges) was checked by ScenarioTopSchema.
  const o = x === undefined ? {} : r.obj(x, "allocator");
  let sorter: SorterKind = "drf";
  if (o.sorter !== undefined) {
    const s = r.str(o.sorter, "allocator.sorter");
    if (s !== "drf" && s !== "random") r.fail("allocator.sorter", `unknown sorter "${s}" (drf or random)`);
    sorter = s;
  }
  return {
    sorter,
    allocationInterval: o.allocationInterval === undefined ? 1 : interval(r, o.allocationInterval),
    minAllocatable: r.alternatives(o.minAllocatable ?? DEFAULT_MIN_ALLOCATABLE, "allocator.minAllocatable"),
    fairnessExcludeResourceNames: o.fairnessExcludeResourceNames === undefined ? [] : r.strings(o.fairnessExcludeResourceNames, "allocator.fairnessExcludeResourceNames"),
    filterGpuResources: o.filterGpuResources === undefined ? true : r.bool(o.filterGpuResources, "allocator.filterGpuResources"),
    seed: o.seed === undefined ? 0 : r.num(o.seed, "allocator.seed", "count"),
  };
}

/** The allocation interval: seconds that are a whole number of µs from 1 µs up to the clock's range. */
function interval(r: Reader, x: unknown): number {
  const field = "allocator.allocationInterval";
  const s = r.seconds(x, field);
  if (s < 1) r.fail(field, `expected at least 0.000001 seconds (1 µs, the clock's resolution), got ${x as number}`);
  return x as number;
}

function parseUnavailability(r: Reader, start: unknown, duration: unknown, field: (name: string) => string): UnavailabilitySpec | undefined {
  if (start === undefined) {
    if (duration !== undefined) r.fail(field("duration"), `needs "start"`);
    return undefined;
  }
  const s = r.seconds(start, field("start"));
  return duration === undefined ? { start: s } : { start: s, duration: r.seconds(duration, field("duration")) };
}

/**
 * `used` of addAgent (keyed by framework) or addFramework (keyed by agent): a RES
 * (short form) or `{role: RES}`. `shortRole` gives the role of a short-form RES
 * for a key, or undefined when there is no single role; then every resource must
 * carry its own allocation role (`allocation_info`), else `fallback` if given.
 */
function parseUsed(
  r: Reader,
  x: unknown,
  shortRole: (key: string) => { role: string | undefined; why: string; fallback?: string },
): Map<string, Resources> {
  const used = new Map<string, Resources>();
  const o = r.obj(x, "used");
  for (const [key, value] of Object.entries(o)) {
    const field = `used.${key}`;
    let res: Resources;
    if (isObj(value)) {
      res = Resources.EMPTY;
      for (const [role, rv] of Object.entries(value)) {
        r.role(role, `${field}.${role}`);
        res = res.plus(r.resources(rv, `${field}.${role}`).allocate(role));
      }
    } else {
      const plain = r.resources(value, field);
      const { role, why, fallback } = shortRole(key);
      if (role !== undefined) res = tagUntagged(plain, role);
      else if (allTagged(plain)) res = plain;
      else if (fallback !== undefined) res = tagUntagged(plain, fallback);
      else return r.fail(field, `${why}: give {role: RES}`);
    }
    used.set(key, res);
  }
  return used;
}

function parseMinAllocatable(r: Reader, x: unknown): Map<string, Quantities[]> {
  const out = new Map<string, Quantities[]>();
  for (const [role, alts] of Object.entries(r.obj(x, "minAllocatable"))) {
    r.role(role, `minAllocatable.${role}`);
    out.set(role, r.alternatives(alts, `minAllocatable.${role}`));
  }
  return out;
}

function parseRecoverTarget(r: Reader, w: World, fw: string, o: Obj): RecoverTarget {
  const state = w.frameworks.get(fw) as FrameworkState;
  if (o.resources === "all") {
    return o.role === undefined ? { kind: "all" } : { kind: "all", role: r.role(o.role, "role") };
  }
  const res = r.resources(o.resources, "resources");
  if (o.role !== undefined) return { kind: "resources", resources: res.allocate(r.role(o.role, "role")) };
  if (state.roles.length === 1) return { kind: "resources", resources: tagUntagged(res, state.roles[0] as string) };
  if (allTagged(res)) return { kind: "resources", resources: res };
  return r.fail("role", `missing: framework "${fw}" has ${state.roles.length} roles (${state.roles.join(", ")}), so name the role`);
}

function parseExpectedOffer(r: Reader, w: World, x: unknown, field: string): ExpectedOffer {
  const o = r.obj(x, field);
  const [framework, state] = w.knownFramework(o.framework, `${field}.framework`);
  const agentResources = (v: unknown, at: string): Map<string, Resources> => {
    const m = new Map<string, Resources>();
    for (const [agent, res] of Object.entries(r.obj(v, at))) {
      w.knownAgent(agent, `${at}.${agent}`);
      m.set(agent, r.resources(res, `${at}.${agent}`));
    }
    return m;
  };
  if (o.offers !== undefined) {
    r.fields(o, ["framework", "offers"], `${field}.`);
    const offers = new Map<string, Map<string, Resources>>();
    for (const [role, agents] of Object.entries(r.obj(o.offers, `${field}.offers`))) {
      r.role(role, `${field}.offers.${role}`);
      offers.set(role, agentResources(agents, `${field}.offers.${role}`));
    }
    return { form: "offers", framework, offers };
  }
  if (o.agents !== undefined) {
    r.fields(o, ["framework", "role?", "agents"], `${field}.`);
    return { form: "agents", framework, role: w.role(framework, state, o.role, `${field}.role`), agents: agentResources(o.agents, `${field}.agents`) };
  }
  if (o.total !== undefined) {
    r.fields(o, ["framework", "role?", "total", "agentCount?", "agentIn?"], `${field}.`);
    const e: { form: "total"; framework: string; role: string; total: Resources; agentCount?: number; agentIn?: readonly string[] } = {
      form: "total",
      framework,
      role: w.role(framework, state, o.role, `${field}.role`),
      total: r.resources(o.total, `${field}.total`),
    };
    if (o.agentCount !== undefined) e.agentCount = r.num(o.agentCount, `${field}.agentCount`, "count");
    if (o.agentIn !== undefined) e.agentIn = r.strings(o.agentIn, `${field}.agentIn`);
    return e;
  }
  // None of the three forms: name what is missing, or the first field no form takes.
  r.fields(o, ["framework", "role?", "offers?", "agents?", "total?", "agentCount?", "agentIn?"], `${field}.`);
  return r.fail(field, `needs one of "offers", "agents" or "total"`);
}

function parseStep(r: Reader, w: World, index: number, op: Step["op"], o: Obj): Step {
  switch (op) {
    case "addAgent": {
      const id = r.str(o.id, "id");
      if (w.agents.has(id)) r.fail("id", `agent "${id}" already exists`);
      const step: {
        index: number;
        op: "addAgent";
        id: string;
        resources: Resources;
        attributes?: string;
        capabilities?: AgentCapability[];
        used: Map<string, Resources>;
        unavailability?: UnavailabilitySpec;
      } = {
        index,
        op,
        id,
        resources: r.resources(o.resources, "resources"),
        // The short form takes the framework's only role; a framework not known yet
        // has no role to take, so its resources go to their own allocation role or `*`.
        used:
          o.used === undefined
            ? new Map()
            : parseUsed(r, o.used, (fw) => {
                const state = w.frameworks.get(fw);
                if (state === undefined) return { role: undefined, why: `framework "${fw}" is not known yet`, fallback: "*" };
                if (state.roles.length === 1) return { role: state.roles[0] as string, why: "" };
                return { role: undefined, why: `framework "${fw}" has ${state.roles.length} roles (${state.roles.join(", ")})` };
              }),
      };
      if (o.attributes !== undefined) step.attributes = r.str(o.attributes, "attributes");
      if (o.capabilities !== undefined) step.capabilities = r.agentCapabilities(o.capabilities, "capabilities");
      if (o.unavailability !== undefined) {
        const u = r.obj(o.unavailability, "unavailability");
        r.fields(u, ["start", "duration?"], "unavailability.");
        const spec = parseUnavailability(r, u.start, u.duration, (n) => `unavailability.${n}`);
        if (spec !== undefined) step.unavailability = spec;
      }
      w.agents.add(id);
      w.removedAgents.delete(id);
      return step;
    }
    case "removeAgent": {
      const id = w.agent(o.id, "id");
      w.agents.delete(id);
      w.removedAgents.set(id, index);
      return { index, op, id };
    }
    case "activateAgent":
    case "deactivateAgent":
      return { index, op, id: w.agent(o.id, "id") };
    case "updateAgent": {
      const step: { index: number; op: "updateAgent"; id: string; resources?: Resources; revocable?: Resources; attributes?: string; capabilities?: AgentCapability[] } = {
        index,
        op,
        id: w.agent(o.id, "id"),
      };
      if (o.resources !== undefined) step.resources = r.resources(o.resources, "resources");
      if (o.revocable !== undefined) {
        // "revocable whether or not they are marked so"
        step.revocable = Resources.of(r.resources(o.revocable, "revocable").items.map((x) => (x.revocable ? x : x.withMeta({ revocable: true }))));
      }
      if (o.attributes !== undefined) step.attributes = r.str(o.attributes, "attributes");
      if (o.capabilities !== undefined) step.capabilities = r.agentCapabilities(o.capabilities, "capabilities");
      return step;
    }
    case "updateWhitelist":
      // Present but null: no whitelist. A whitelist may name hosts that are not agents.
      return { index, op, agents: o.agents === null ? undefined : r.strings(o.agents, "agents") };
    case "updateUnavailability":
      return { index, op, agent: w.agent(o.agent, "agent"), unavailability: parseUnavailability(r, o.start, o.duration, (n) => n) };
    case "addFramework": {
      const id = r.str(o.id, "id");
      if (w.frameworks.has(id)) r.fail("id", `framework "${id}" already exists`);
      const roles = r.roles(o.roles, "roles");
      const step = {
        index,
        op,
        id,
        roles,
        capabilities: o.capabilities === undefined ? [] : r.frameworkCapabilities(o.capabilities, "capabilities"),
        active: o.active === undefined ? true : r.bool(o.active, "active"),
        used:
          o.used === undefined
            ? new Map<string, Resources>()
            : parseUsed(r, o.used, () =>
                roles.length === 1 ? { role: roles[0] as string, why: "" } : { role: undefined, why: `framework "${id}" has ${roles.length} roles (${roles.join(", ")})` },
              ),
        suppressedRoles: o.suppressedRoles === undefined ? [] : r.roles(o.suppressedRoles, "suppressedRoles"),
        minAllocatable: o.minAllocatable === undefined ? new Map<string, Quantities[]>() : parseMinAllocatable(r, o.minAllocatable),
      } as const;
      w.frameworks.set(id, { roles });
      w.removedFrameworks.delete(id);
      return step;
    }
    case "updateFramework": {
      const id = w.framework(o.id, "id");
      const step: {
        index: number;
        op: "updateFramework";
        id: string;
        roles?: string[];
        capabilities?: FrameworkCapability[];
        suppressedRoles?: string[];
        minAllocatable?: Map<string, Quantities[]>;
      } = { index, op, id };
      if (o.roles !== undefined) {
        step.roles = r.roles(o.roles, "roles");
        w.frameworks.set(id, { roles: step.roles });
      }
      if (o.capabilities !== undefined) step.capabilities = r.frameworkCapabilities(o.capabilities, "capabilities");
      if (o.suppressedRoles !== undefined) step.suppressedRoles = r.roles(o.suppressedRoles, "suppressedRoles");
      if (o.minAllocatable !== undefined) step.minAllocatable = parseMinAllocatable(r, o.minAllocatable);
      return step;
    }
    case "removeFramework": {
      const id = w.framework(o.id, "id");
      w.removedFrameworks.set(id, { state: w.frameworks.get(id) as FrameworkState, at: index });
      w.frameworks.delete(id);
      return { index, op, id };
    }
    case "activateFramework":
    case "deactivateFramework":
      return { index, op, id: w.framework(o.id, "id") };
    case "decline":
    case "return": {
      const framework = w.framework(o.framework, "framework");
      const agent = w.agent(o.agent, "agent");
      const target = parseRecoverTarget(r, w, framework, o);
      // decline: 5 s unless told; 0 is passed through and means no filter.
      const refuseSeconds = op === "return" ? undefined : o.refuseSeconds === undefined ? 5 : r.num(o.refuseSeconds, "refuseSeconds", "nonNegative");
      return { index, op, framework, agent, target, refuseSeconds };
    }
    case "suppress":
    case "revive": {
      const framework = w.framework(o.framework, "framework");
      return o.roles === undefined ? { index, op, framework } : { index, op, framework, roles: r.roles(o.roles, "roles") };
    }
    case "updateWeights": {
      const weights = new Map<string, number>();
      for (const [role, weight] of Object.entries(r.obj(o.weights, "weights"))) {
        r.role(role, `weights.${role}`);
        weights.set(role, r.num(weight, `weights.${role}`, "positive"));
      }
      return { index, op, weights };
    }
    case "updateQuota": {
      const role = r.role(o.role, "role");
      if (o.quota === undefined && o.guarantee === undefined && o.limit === undefined) return { index, op, role, quota: undefined };
      // `quota` is guarantee = limit (Mesos's `createQuota`); `guarantee`/`limit`
      // set (or override) one side. No guarantee: none; no limit: unlimited.
      let guarantees = o.quota === undefined ? new Quantities() : r.quantities(o.quota, "quota");
      let limits = o.quota === undefined ? Limits.unlimited() : r.limits(o.quota, "quota");
      if (o.guarantee !== undefined) guarantees = r.quantities(o.guarantee, "guarantee");
      if (o.limit !== undefined) limits = r.limits(o.limit, "limit");
      return { index, op, role, quota: { guarantees, limits } };
    }
    case "updateAvailable": {
      const agent = w.agent(o.agent, "agent");
      let expect: "ok" | "fail" = "ok";
      if (o.expect !== undefined) {
        const e = r.str(o.expect, "expect");
        if (e !== "ok" && e !== "fail") r.fail("expect", `expected "ok" or "fail", got "${e}"`);
        expect = e;
      }
      return { index, op, agent, operations: r.operations(o.operations, "operations"), expect };
    }
    case "updateAllocation": {
      const framework = w.framework(o.framework, "framework");
      const agent = w.agent(o.agent, "agent");
      const role = w.role(framework, w.frameworks.get(framework) as FrameworkState, o.role, "role");
      return { index, op, framework, agent, role, operations: r.operations(o.operations, "operations") };
    }
    case "settle":
      return { index, op };
    case "advance": {
      // The clock adds up every advance; it must stay within the allocator's range.
      const us = r.seconds(o.seconds, "seconds");
      if (!(w.clock + us <= MAX_MICROS)) {
        r.fail("seconds", `advances the clock from ${w.clock} µs to ${w.clock + us} µs, past the latest time ${MAX_MICROS} µs (${MAX_SECONDS} s, 2^53 − 1 µs, about 285 years)`);
      }
      w.clock += us;
      return { index, op, seconds: o.seconds as number };
    }
    case "expectOffers":
      return { index, op, offers: r.array(o.offers, "offers").map((x, i) => parseExpectedOffer(r, w, x, `offers[${i}]`)) };
    case "expectNoOffers":
      return { index, op, offers: [] };
    case "expectInverseOffers": {
      const offers = r.array(o.offers, "offers").map((x, i): ExpectedInverseOffer => {
        const at = `offers[${i}]`;
        const io = r.obj(x, at);
        r.fields(io, ["framework", "agent", "start", "duration?"], `${at}.`);
        const e = {
          framework: w.knownFramework(io.framework, `${at}.framework`)[0],
          agent: w.knownAgent(io.agent, `${at}.agent`),
          start: r.seconds(io.start, `${at}.start`),
        };
        return io.duration === undefined ? e : { ...e, duration: r.seconds(io.duration, `${at}.duration`) };
      });
      return { index, op, offers };
    }
    case "expectShares": {
      const roles = new Map<string, number>();
      if (o.roles !== undefined) {
        for (const [role, share] of Object.entries(r.obj(o.roles, "roles"))) {
          r.role(role, `roles.${role}`);
          roles.set(role, r.num(share, `roles.${role}`, "nonNegative"));
        }
      }
      // `{id: share}` is the share in the framework's only role; `{id: {role: share}}` names roles.
      const frameworks = new Map<string, Map<string, number>>();
      if (o.frameworks !== undefined) {
        for (const [id, share] of Object.entries(r.obj(o.frameworks, "frameworks"))) {
          const field = `frameworks.${id}`;
          const [fw, state] = w.knownFramework(id, field);
          const byRole = new Map<string, number>();
          if (isObj(share)) {
            for (const [role, s] of Object.entries(share)) {
              r.role(role, `${field}.${role}`);
              byRole.set(role, r.num(s, `${field}.${role}`, "nonNegative"));
            }
          } else {
            byRole.set(w.role(fw, state, undefined, field), r.num(share, field, "nonNegative"));
          }
          frameworks.set(fw, byRole);
        }
      }
      const tolerance = o.tolerance === undefined ? 1e-6 : r.num(o.tolerance, "tolerance", "nonNegative");
      return { index, op, roles, frameworks, tolerance };
    }
  }
}
