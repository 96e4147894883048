// The shape of a scenario file (format v1, docs/scenario-format.md) as zod
// schemas: which fields each op takes, and each field's JSON type and range. The
// parser checks every step against its op's schema first (unknown, missing and
// wrongly typed fields, with the file's line and column), then reads its meaning
// (resources, roles, the agents and frameworks that exist at that step) with the
// Reader. `mesosim schema scenario` publishes the whole as JSON Schema
// (docs/schemas/scenario.schema.json) for editors.
import { z } from "zod";
import { object } from "../../common/validation.ts";
import { MAX_MICROS } from "../../allocators/allocator.ts";
import { MAX_SECONDS } from "./scenario-reader.ts";

// The wording of the scenario messages its tests pin ("expected a list", ">= 0").
const str = z.string({ error: "expected a string" });
const bool = z.boolean({ error: "expected true or false" });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: "expected a list" });
const num = z.number({ error: "expected a number" });
/** Seconds and shares: finite, ≥ 0, at most 1e9 (about 31.7 years; shares and tolerances are ≤ 1 in practice). */
const nonNegative = num.min(0, { error: "expected a number >= 0" }).max(1e9, { error: "expected a number <= 1e9" });
const positive = num.gt(0, { error: "expected a number > 0" }).max(1e9, { error: "expected a number <= 1e9" });
/** A time or duration in seconds: the clock's whole range (MAX_MICROS µs, 2^53 − 1). */
const clockSeconds = num.min(0, { error: "expected a number >= 0" }).max(MAX_MICROS / 1e6, { error: `expected at most ${MAX_SECONDS} seconds (the clock's range, 2^53 − 1 µs)` });
const map = <T extends z.ZodType>(value: T) => z.record(z.string(), value, { error: "expected an object" });

/** RES: Mesos's text syntax, or a list of v1 Resource objects and text strings (checked by the resource parser). */
const RES = z.union([z.string(), z.array(z.union([z.string(), z.record(z.string(), z.unknown())]))], {
  error: "expected resources (a string or a list)",
});
/** A role → RES map, or RES for the framework's only role (`used`). */
const USED = map(z.union([RES, map(RES)]));
const OPERATIONS = list(object({ type: str, resources: RES }));

/** Fields each op takes besides `op` (the Reader reads their meaning). */
export const OP_FIELDS = {
  addAgent: {
    id: str,
    resources: RES,
    attributes: str.optional(),
    capabilities: list(str).optional(),
    used: USED.optional(),
    unavailability: object({ start: clockSeconds, duration: clockSeconds.optional() }).optional(),
  },
  removeAgent: { id: str },
  updateAgent: { id: str, resources: RES.optional(), revocable: RES.optional(), attributes: str.optional(), capabilities: list(str).optional() },
  activateAgent: { id: str },
  deactivateAgent: { id: str },
  /** null: no whitelist. */
  updateWhitelist: { agents: list(str).nullable() },
  updateUnavailability: { agent: str, start: clockSeconds.optional(), duration: clockSeconds.optional() },
  addFramework: {
    id: str,
    roles: list(str),
    capabilities: list(str).optional(),
    active: bool.optional(),
    used: USED.optional(),
    suppressedRoles: list(str).optional(),
    minAllocatable: map(list(RES)).optional(),
  },
  updateFramework: { id: str, roles: list(str).optional(), capabilities: list(str).optional(), suppressedRoles: list(str).optional(), minAllocatable: map(list(RES)).optional() },
  removeFramework: { id: str },
  activateFramework: { id: str },
  deactivateFramework: { id: str },
  /** `resources: "all"`: everything the framework holds on the agent. */
  decline: { framework: str, agent: str, resources: RES, role: str.optional(), refuseSeconds: nonNegative.optional() },
  return: { framework: str, agent: str, resources: RES, role: str.optional() },
  suppress: { framework: str, roles: list(str).optional() },
  revive: { framework: str, roles: list(str).optional() },
  updateWeights: { weights: map(positive) },
  updateQuota: { role: str, quota: RES.optional(), guarantee: RES.optional(), limit: RES.optional() },
  updateAvailable: { agent: str, operations: OPERATIONS, expect: z.enum(["ok", "fail"], { error: 'expected "ok" or "fail"' }).optional() },
  updateAllocation: { framework: str, agent: str, role: str.optional(), operations: OPERATIONS },
  settle: {},
  advance: { seconds: clockSeconds },
  /** Each offer: `{framework, offers: {role: {agent: RES}}}`, `{framework, role?, agents: {agent: RES}}` or `{framework, role?, total: RES, agentCount?, agentIn?}`. */
  expectOffers: { offers: list(map(z.unknown())) },
  expectNoOffers: {},
  expectInverseOffers: { offers: list(object({ framework: str, agent: str, start: clockSeconds, duration: clockSeconds.optional() })) },
  expectShares: { roles: map(nonNegative).optional(), frameworks: map(z.union([nonNegative, map(nonNegative)])).optional(), tolerance: nonNegative.optional() },
} as const satisfies Record<string, z.core.$ZodLooseShape>;

export type StepOpName = keyof typeof OP_FIELDS;

/** The schema of one step of `op`, `op` included. */
export function stepSchema(op: StepOpName) {
  return object({ op: z.literal(op), ...OP_FIELDS[op] });
}

const STEP_SCHEMAS = new Map((Object.keys(OP_FIELDS) as StepOpName[]).map((op) => [op, stepSchema(op)]));

/** The cached schema of a step of `op`. */
export function stepSchemaOf(op: StepOpName) {
  return STEP_SCHEMAS.get(op) as ReturnType<typeof stepSchema>;
}

export const AllocatorSchema = object({
  sorter: z.enum(["drf", "random"], { error: (issue) => `unknown sorter ${JSON.stringify(issue.input)}, expected "drf" or "random"` }).optional(),
  /** Seconds between periodic allocation runs. */
  allocationInterval: num.gt(0, { error: "expected a number > 0" }).max(MAX_MICROS / 1e6, { error: `expected at most ${MAX_SECONDS} seconds (the clock's range, 2^53 − 1 µs)` }).optional(),
  minAllocatable: list(RES).optional(),
  fairnessExcludeResourceNames: list(str).optional(),
  filterGpuResources: bool.optional(),
  /** The seed of the one random source: an integer, as seeds of every mesosim input are. */
  seed: z
    .int({ error: "expected an integer in [0, 2^53-1]" })
    .min(0, { error: "expected an integer in [0, 2^53-1]" })
    .optional(),
});

/** The top level, with steps left to the per-step pass (which names the step and op in its errors). */
export const ScenarioTopSchema = object({
  /** Lets editors find the schema; not otherwise read. */
  $schema: str.optional(),
  name: str,
  description: str.optional(),
  allocator: AllocatorSchema.optional(),
  steps: list(z.unknown()),
});

/** The whole file, as published for editors. */
export const ScenarioSchema = ScenarioTopSchema.extend({
  steps: list(z.discriminatedUnion("op", [...STEP_SCHEMAS.values()] as unknown as [ReturnType<typeof stepSchema>, ...Array<ReturnType<typeof stepSchema>>])),
});
