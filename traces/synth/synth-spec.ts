// The `mesosim-synth/1` workload spec: what `trace synth` generates from and what
// `trace fit` writes. Per role: a job arrival process, a mix of task shapes, a
// tasks-per-job distribution, a duration distribution and a priority mix.
//
// The zod schema below is the spec's one definition: it validates files (with
// common/validation.ts's `loadValidated` or `validate`: `file:line:column:
// key.path: expected … (got …)`, exit 2),
// gives the TypeScript types, and is published as JSON Schema by
// `mesosim schema synth` (docs/schemas/synth.schema.json). Every number has a
// range; the ranges are listed in docs/traces.md.
import { z } from "zod";
import { integer, number, object } from "../../common/validation.ts";

export const SYNTH_FORMAT = "mesosim-synth/1";

/**
 * A job never has more tasks than this: a heavier-tailed draw (a Pareto of small
 * shape, a wide lognormal) is cut to it, so one job cannot be unbounded work, and
 * the mean tasks per job that bounds a spec's size is always finite.
 */
export const MAX_TASKS_PER_JOB = 1_000_000;
/** A task duration never exceeds this many seconds (~31.7 years); longer draws are cut to it. */
export const MAX_DURATION_SECONDS = 1e9;

const RATE = number(0, 1e6);
const SECONDS = number(0, 1e9);
const CPUS = number(0, 1e6);
const MIB = number(0, 1e12);
const GPUS = number(0, 1e4);
const WEIGHT = number(0, 1e9);

const weightsSum = (weights: readonly number[]) => weights.reduce((a, b) => a + b, 0) > 0;

const Arrivals = z.discriminatedUnion("kind", [
  /** Homogeneous Poisson job arrivals. */
  object({ kind: z.literal("poisson"), ratePerSecond: RATE }),
  /** Poisson with rate r·(1 + amplitude·cos(2π(t − peakSeconds)/periodSeconds)). */
  object({
    kind: z.literal("diurnal"),
    ratePerSecond: RATE,
    amplitude: number(0, 1),
    periodSeconds: number(0, 1e9, { exclusiveMin: true }).default(86400),
    peakSeconds: number(-1e9, 1e9).default(0),
  }),
  /** Poisson background plus Poisson bursts of `burstSize` jobs (mean, geometric) spread over `burstSpreadSeconds`. */
  object({
    kind: z.literal("bursts"),
    ratePerSecond: RATE,
    burstsPerSecond: RATE,
    burstSize: number(1, 1e6),
    burstSpreadSeconds: SECONDS.default(0),
  }),
]);

/** An empirical distribution: `values` drawn with probability weight / Σ weights (equal weights if none are given). */
function empirical<V extends z.ZodType<number>>(value: V) {
  return object({ kind: z.literal("empirical"), values: z.array(value).min(1).max(100_000), weights: z.array(WEIGHT).max(100_000).optional() })
    .superRefine((d, ctx) => {
      if (d.weights === undefined) return;
      if (d.weights.length !== d.values.length) ctx.addIssue({ code: "custom", path: ["weights"], message: `expected as many weights as values (${d.values.length})` });
      else if (!weightsSum(d.weights)) ctx.addIssue({ code: "custom", path: ["weights"], message: "expected weights that sum to more than 0" });
    })
    .transform((d) => ({ kind: d.kind, values: d.values as number[], weights: d.weights ?? d.values.map(() => 1) }));
}

/** Tasks per job: counts, so `fixed` and `empirical` values are integers; draws are rounded, at least 1 and at most MAX_TASKS_PER_JOB. */
const TasksPerJob = z.discriminatedUnion("kind", [
  object({ kind: z.literal("fixed"), value: integer(1, MAX_TASKS_PER_JOB) }),
  object({ kind: z.literal("lognormal"), mu: number(-50, 50), sigma: number(0, 20) }),
  object({ kind: z.literal("pareto"), scale: number(0, MAX_TASKS_PER_JOB, { exclusiveMin: true }), shape: number(0, 100, { exclusiveMin: true }) }),
  empirical(integer(1, MAX_TASKS_PER_JOB)),
]);

/** Task durations in seconds; draws are cut to MAX_DURATION_SECONDS. */
const Durations = z.discriminatedUnion("kind", [
  object({ kind: z.literal("fixed"), value: SECONDS }),
  object({ kind: z.literal("lognormal"), mu: number(-50, 50), sigma: number(0, 20) }),
  object({ kind: z.literal("pareto"), scale: number(0, 1e9, { exclusiveMin: true }), shape: number(0, 100, { exclusiveMin: true }) }),
  empirical(SECONDS),
]);

const PRIORITY = integer(0, 1_000_000);

/** A role's priorities: one for every job (or null: unknown), or a mix drawn per job. */
const Priority = z.union([
  PRIORITY,
  z.null(),
  object({ values: z.array(PRIORITY.nullable()).min(1).max(10_000), weights: z.array(WEIGHT) }).superRefine((d, ctx) => {
    if (d.weights.length !== d.values.length) ctx.addIssue({ code: "custom", path: ["weights"], message: `expected as many weights as values (${d.values.length})` });
    else if (!weightsSum(d.weights)) ctx.addIssue({ code: "custom", path: ["weights"], message: "expected weights that sum to more than 0" });
  }),
]);

const ShapeSchema = object({ weight: WEIGHT, cpus: CPUS, mem: MIB, disk: MIB.default(0), gpus: GPUS.default(0) });

const RoleSchema = object({
  name: z.string({ error: "expected a role name" }).min(1, { error: "expected a non-empty role name" }).max(200, { error: "expected a role name of at most 200 characters" }),
  arrivals: Arrivals,
  tasksPerJob: TasksPerJob.default({ kind: "fixed", value: 1 }),
  shapes: z
    .array(ShapeSchema)
    .min(1, { error: "expected at least one shape" })
    .max(100_000)
    .refine((shapes) => weightsSum(shapes.map((s) => s.weight)), { error: "expected shape weights that sum to more than 0" }),
  /** Task durations in seconds; null means unknown (tasks get `duration: null`). */
  durations: Durations.nullable().default(null),
  priority: Priority.default(null),
});

const MachineGroupSchema = object({
  count: integer(0, 1_000_000),
  cpus: CPUS,
  mem: MIB,
  disk: MIB.default(0),
  gpus: GPUS.default(0),
  attributes: z.record(z.string(), z.string({ error: "expected a string" })).default({}),
});

export const SynthSpecSchema = object({
  /** Lets editors find this schema; not otherwise read. */
  $schema: z.string().optional(),
  format: z.literal(SYNTH_FORMAT),
  durationSeconds: number(0, 1e9, { exclusiveMin: true }),
  machines: z.array(MachineGroupSchema).max(100_000).default([]),
  roles: z
    .array(RoleSchema)
    .max(10_000)
    .superRefine((roles, ctx) => {
      const seen = new Set<string>();
      roles.forEach((r, i) => {
        if (seen.has(r.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `expected a role name not used before (got "${r.name}" again)` });
        seen.add(r.name);
      });
    }),
});

export type Arrivals = z.output<typeof Arrivals>;
/** Seconds (durations) or counts (tasks per job). */
export type Distribution = z.output<typeof TasksPerJob> | z.output<typeof Durations>;
export type PriorityMix = z.output<typeof Priority>;
export type Shape = z.output<typeof ShapeSchema>;
export type RoleSpec = z.output<typeof RoleSchema>;
export type MachineGroup = z.output<typeof MachineGroupSchema>;
export type SynthSpec = Omit<z.output<typeof SynthSpecSchema>, "$schema">;
