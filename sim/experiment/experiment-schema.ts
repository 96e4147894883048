// The `mesosim-experiment/1` file as a zod schema (docs/experiment-format.md): every
// key the contract lists, with its type and valid range, and nothing else (unknown
// keys are errors). `normalizeExperiment` turns a validated file into the
// `Experiment` the simulator runs: defaults filled in, durations in integer µs,
// paths resolved against the experiment file's folder.
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { FRAMEWORK_CAPABILITIES } from "../../allocators/allocator.ts";
import { integer, number, object } from "../../common/validation.ts";
import { roleError } from "../../allocators/resources/role.ts";
import { TRACE_FORMATS } from "../../traces/readers/trace-reader.ts";
import { SynthSpecSchema } from "../../traces/synth/synth-spec.ts";
import { durationMicros } from "./duration.ts";
import { duration, positiveDuration, us, type Duration } from "./duration-schema.ts";
import { maintenanceSchema, normalizeMaintenance } from "../maintenance/maintenance-schema.ts";
import { normalizeOversubscription, oversubscriptionSchema } from "../oversubscription/oversubscription-schema.ts";
import { expectationScope, findMetric, unknownMetricReason } from "../records/summary-metrics.ts";
import { failuresSchema, normalizeFailures } from "./failures-schema.ts";
import {
  DEFAULT_MASTER,
  EXPERIMENT_FORMAT,
  defaultFramework,
  type AbandonAfter,
  type Experiment,
  type FrameworkSpec,
  type SourceOptions,
  type TaskSelector,
  type WorkloadSource,
} from "./experiment.ts";

/** `{i}` and `{i%N}` templates: N is a whole number ≥ 1. */
const template = z.string().refine((t) => !/\{i%0*\}/.test(t), { message: "{i%N} needs N ≥ 1" });

const res = z.union([z.string(), z.array(z.unknown())]);
const count = integer(1, 10_000_000);

const master = object({
  allocator: z.literal("hierarchical").optional(),
  sorter: z.enum(["drf", "random"]).optional(),
  allocationInterval: positiveDuration.optional(),
  minAllocatable: z.array(z.string()).optional(),
  fairnessExcludeResourceNames: z.array(z.string()).optional(),
  filterGpuResources: z.boolean().optional(),
  offerTimeout: positiveDuration.nullable().optional(),
  agentPingTimeout: duration.optional(),
  maxAgentPingTimeouts: integer(1, 1000).optional(),
  agentReregisterTimeout: duration.optional(),
  // AGENTS/DURATION ("1/10m"): checked by load-experiment.ts as the removal limiter reads it.
  agentRemovalRateLimit: z.string().nullable().optional(),
  recoveryAgentRemovalLimit: number(0, 1).optional(),
  allocatorRecoveryTimeout: duration.optional(),
  allocatorAgentRecoveryFactor: number(0, 1).optional(),
  taskLaunchDelay: duration.optional(),
});

const role = object({
  weight: number(0, 1e9, { exclusiveMin: true }).optional(),
  quota: object({ guarantees: z.string().optional(), limits: z.string().optional() }).optional(),
});

const agentGroup = object({
  count,
  resources: res,
  attributes: template.optional(),
  id: template.pipe(z.string().min(1)).optional(),
});

const sourceOptions = {
  window: z
    .strictObject({ start: duration.optional(), end: duration.optional() })
    .refine((w) => w.start === undefined || w.end === undefined || us(w.end) > us(w.start), { message: "expected end after start" })
    .optional(),
  timeScale: number(0, 1e6, { exclusiveMin: true }).optional(),
  roleMap: z.record(z.string(), z.string().min(1)).optional(),
  rolePrefix: z.string().optional(),
  limit: integer(1, Number.MAX_SAFE_INTEGER).optional(),
};

// One object with every key of the three forms, and a check of which keys go
// together, rather than a union of three: a union that fails names no key (or the
// wrong form's), while this names the key at fault (`workload.0.from: expected one
// of "google-2011", …`).
const source = object({
  trace: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  from: z.enum(TRACE_FORMATS).optional(),
  referenceMachine: z.string().optional(),
  table: z.string().optional(),
  synth: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  ...sourceOptions,
}).superRefine((s, ctx) => {
  const only = (key: "from" | "referenceMachine" | "table" | "trace", why: string) => {
    if (s[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: why });
  };
  if (s.synth !== undefined) {
    only("trace", "a source is either `trace` or `synth`, not both");
    only("from", "`from` goes with `trace` (raw source files), not with `synth`");
    only("referenceMachine", "`referenceMachine` goes with `trace` and `from`, not with `synth`");
    only("table", "`table` goes with `trace` and `from`, not with `synth`");
  } else if (s.trace === undefined) {
    ctx.addIssue({ code: "custom", path: ["trace"], message: "expected `trace` (a canonical trace, or raw files with `from`) or `synth` (a mesosim-synth/1 spec)" });
  } else if (s.from === undefined) {
    if (Array.isArray(s.trace)) ctx.addIssue({ code: "custom", path: ["from"], message: `a list of trace files is raw source files: name their format (one of ${TRACE_FORMATS.map((f) => JSON.stringify(f)).join(", ")})` });
    only("referenceMachine", "`referenceMachine` goes with `from` (raw source files): a canonical trace carries its own");
    only("table", "`table` goes with `from` (raw source files)");
  }
});

/** Exactly one of `keys` is given: none is an error at the object, a second one at that key. */
function oneKeyOf<K extends string>(s: Partial<Record<K, unknown>>, keys: readonly K[], ctx: z.RefinementCtx, alternative = ""): void {
  const given = keys.filter((k) => s[k] !== undefined);
  if (given.length === 0) ctx.addIssue({ code: "custom", message: `expected one of the keys ${keys.join(", ")}${alternative}` });
  else if (given.length > 1) ctx.addIssue({ code: "custom", path: [given[1] as string], message: `give one of ${keys.join(", ")}, not two (${given[0]} is given too)` });
}

// `"*"`, or an object with one key (one object rather than a union of five, so an
// error names the key at fault).
const selectorKeys = ["role", "roles", "job", "priority", "source"] as const;
const selector = z.union([
  z.literal("*"),
  object({
    role: z.string().min(1).optional(),
    roles: z.array(z.string().min(1)).min(1).optional(),
    job: z
      .string()
      .superRefine((p, ctx) => {
        try {
          new RegExp(p);
        } catch {
          ctx.addIssue({ code: "custom", message: `not a regular expression: ${JSON.stringify(p)}` });
        }
      })
      .optional(),
    priority: object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    source: integer(0, Number.MAX_SAFE_INTEGER).optional(),
  }).superRefine((s, ctx) => oneKeyOf(s, selectorKeys, ctx, ', or "*"')),
]);

const frameworkSchema = object({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected a name of letters, digits, '.', '_' and '-'"),
  model: z.string().optional(),
  roles: z.array(z.string().min(1)).min(1),
  tasks: selector.optional(),
  capabilities: z.array(z.enum(FRAMEWORK_CAPABILITIES)).optional(),
  refuseSeconds: number(0, 365 * 24 * 3600).optional(),
  maxTasksPerOffer: integer(1, Number.MAX_SAFE_INTEGER).nullable().optional(),
  suppressWhenIdle: z.boolean().optional(),
  decisionTime: object({ perCallback: duration.optional(), perOffer: duration.optional(), perTask: duration.optional() }).optional(),
  abandonAfter: object({ attempts: integer(1, Number.MAX_SAFE_INTEGER).optional(), wait: duration.optional() })
    .superRefine((a, ctx) => oneKeyOf(a, ["attempts", "wait"], ctx))
    .nullable()
    .optional(),
  failoverTimeout: duration.optional(),
  checkpoint: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** A bound of an `expect` check: a number, or a duration (compared in seconds) for a metric in seconds. */
const bound = z.union([z.number(), z.string()]);

/**
 * One `expect` check: a metric of the catalogue (sim/records/summary-metrics.ts) in
 * the scope that `role` or `framework` picks, and at least one inclusive bound. A
 * metric that does not exist is an invalid experiment, not a failed check.
 */
const expectation = object({
  metric: z.string(),
  role: z.string().optional(),
  framework: z.string().min(1).optional(),
  min: bound.optional(),
  max: bound.optional(),
}).superRefine((e, ctx) => {
  if (e.role !== undefined && e.framework !== undefined) ctx.addIssue({ code: "custom", path: ["framework"], message: "give role or framework, not both" });
  const roleWhy = e.role === undefined ? undefined : roleError(e.role);
  if (roleWhy !== undefined) ctx.addIssue({ code: "custom", path: ["role"], message: roleWhy });
  const scope = expectationScope({ role: e.role ?? null, framework: e.framework ?? null });
  const info = findMetric(scope, e.metric);
  if (info === undefined) {
    ctx.addIssue({ code: "custom", path: ["metric"], message: unknownMetricReason(scope, e.metric) });
    return;
  }
  if (e.min === undefined && e.max === undefined) ctx.addIssue({ code: "custom", path: [], message: "expected min, max or both" });
  for (const key of ["min", "max"] as const) {
    const b = e[key];
    if (typeof b !== "string") continue;
    if (info.unit !== "seconds") ctx.addIssue({ code: "custom", path: [key], message: `expected a number: ${e.metric} is not a time` });
    else if (durationMicros(b) === null) ctx.addIssue({ code: "custom", path: [key], message: `expected a number of seconds or a duration ("30s", "1.5h")` });
  }
  const lo = e.min === undefined ? null : boundValue(e.min);
  const hi = e.max === undefined ? null : boundValue(e.max);
  if (lo !== null && hi !== null && lo > hi) ctx.addIssue({ code: "custom", path: ["max"], message: `expected max ≥ min (${hi} < ${lo})` });
});

/** A bound in the metric's unit: durations in seconds. Null for a string that is not a duration. */
function boundValue(b: number | string): number | null {
  if (typeof b === "number") return b;
  const micros = durationMicros(b);
  return micros === null ? null : micros / 1e6;
}

export const experimentSchema = object({
  format: z.literal(EXPERIMENT_FORMAT),
  // It names the default run directory, mesosim-runs/<name>/: "." and ".." would be
  // mesosim-runs/ itself and the folder the command runs in.
  name: z.string().regex(/^(?!\.\.?$)[A-Za-z0-9._-]+$/, `expected a name of letters, digits, '.', '_' and '-', other than "." and ".."`),
  description: z.string().optional(),
  seed: integer(0, Number.MAX_SAFE_INTEGER).optional(),
  horizon: positiveDuration.optional(),
  master: master.optional(),
  roles: z.record(z.string(), role).optional(),
  cluster: object({ agents: z.array(agentGroup).optional(), fromWorkload: z.boolean().optional() }).optional(),
  workload: z.array(source).min(1, "a run with no work is an error: give at least one source"),
  frameworks: z.array(frameworkSchema).optional(),
  failures: failuresSchema().optional(),
  maintenance: maintenanceSchema.optional(),
  oversubscription: oversubscriptionSchema.optional(),
  report: z
    .strictObject({
      sampleInterval: positiveDuration.optional(),
      formats: z
        .array(z.enum(["json", "csv", "html"]))
        .superRefine((fs, ctx) => {
          fs.forEach((x, i) => {
            const first = fs.indexOf(x);
            if (first < i) ctx.addIssue({ code: "custom", path: [i], message: `listed already, as item ${first}` });
          });
        })
        .optional(),
      tasks: z.boolean().optional(),
      events: z.boolean().optional(),
    })
    .optional(),
  expect: z.array(expectation).optional(),
}).superRefine((f, ctx) => {
  // Without a horizon the run ends once nothing more can happen, which a random
  // process without an end never allows.
  if (f.horizon !== undefined) return;
  (f.failures ?? []).forEach((x, i) => {
    if (x.every !== undefined && x.every.end === undefined) ctx.addIssue({ code: "custom", path: ["failures", i, "every"], message: "a random process needs an `end` when the experiment has no `horizon`" });
  });
});

export type ExperimentFile = z.infer<typeof experimentSchema>;

function selectorOf(s: z.infer<typeof selector> | undefined, roles: readonly string[]): TaskSelector {
  if (s === undefined) return { kind: "roles", roles };
  if (s === "*") return { kind: "all" };
  if (s.role !== undefined) return { kind: "roles", roles: [s.role] };
  if (s.roles !== undefined) return { kind: "roles", roles: s.roles };
  if (s.job !== undefined) return { kind: "job", pattern: s.job };
  if (s.priority !== undefined) return { kind: "priority", min: s.priority.min ?? null, max: s.priority.max ?? null };
  return { kind: "source", index: s.source as number };
}

function optionsOf(s: z.infer<typeof source>): SourceOptions {
  const roleMap = new Map<string, string>();
  if (s.roleMap !== undefined) for (const k of Object.keys(s.roleMap).sort()) roleMap.set(k, s.roleMap[k] as string);
  return {
    window: s.window === undefined ? null : { start: s.window.start === undefined ? 0 : us(s.window.start), end: s.window.end === undefined ? null : us(s.window.end) },
    timeScale: s.timeScale ?? 1,
    roleMap,
    rolePrefix: s.rolePrefix ?? "",
    limit: s.limit ?? null,
  };
}

function sourceOf(s: z.infer<typeof source>, base: string): WorkloadSource {
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const options = optionsOf(s);
  if (s.synth !== undefined) {
    // An inline spec was validated where it stands (load-experiment.ts, with its
    // lines and columns); parsed again here for its defaults.
    if (typeof s.synth === "string") return { kind: "synth", path: path(s.synth), spec: null, ...options };
    return { kind: "synth", path: null, spec: SynthSpecSchema.parse(s.synth), ...options };
  }
  if (s.from !== undefined) {
    return {
      kind: "raw",
      paths: (typeof s.trace === "string" ? [s.trace] : (s.trace ?? [])).map(path),
      from: s.from,
      referenceMachine: s.referenceMachine ?? null,
      table: s.table ?? null,
      ...options,
    };
  }
  return { kind: "trace", path: path(s.trace as string), ...options };
}

function frameworkOf(f: z.infer<typeof frameworkSchema>): FrameworkSpec {
  const d = defaultFramework(f.name, f.roles, selectorOf(f.tasks, f.roles));
  const a = f.abandonAfter;
  const abandon: AbandonAfter = a === undefined || a === null ? null : a.wait !== undefined ? { wait: us(a.wait) } : { attempts: a.attempts as number };
  return {
    ...d,
    model: f.model ?? d.model,
    capabilities: f.capabilities ?? d.capabilities,
    refuseSeconds: f.refuseSeconds ?? d.refuseSeconds,
    maxTasksPerOffer: f.maxTasksPerOffer ?? null,
    suppressWhenIdle: f.suppressWhenIdle ?? d.suppressWhenIdle,
    decisionTime: {
      perCallback: f.decisionTime?.perCallback === undefined ? 0 : us(f.decisionTime.perCallback),
      perOffer: f.decisionTime?.perOffer === undefined ? 0 : us(f.decisionTime.perOffer),
      perTask: f.decisionTime?.perTask === undefined ? 0 : us(f.decisionTime.perTask),
    },
    abandonAfter: abandon,
    failoverTimeout: f.failoverTimeout === undefined ? 0 : us(f.failoverTimeout),
    checkpoint: f.checkpoint ?? true,
    params: f.params ?? {},
  };
}

/** A validated file, normalised. `base` is the experiment file's folder. */
export function normalizeExperiment(f: ExperimentFile, base: string): Experiment {
  const m = f.master ?? {};
  const opt = (d: Duration | undefined, fallback: number) => (d === undefined ? fallback : us(d));
  const roles = new Map<string, { weight: number; guarantees: string | null; limits: string | null }>();
  if (f.roles !== undefined) {
    for (const name of Object.keys(f.roles).sort()) {
      const r = f.roles[name] as z.infer<typeof role>;
      roles.set(name, { weight: r.weight ?? 1, guarantees: r.quota?.guarantees ?? null, limits: r.quota?.limits ?? null });
    }
  }
  return {
    format: EXPERIMENT_FORMAT,
    name: f.name,
    description: f.description ?? null,
    seed: f.seed ?? 0,
    horizon: f.horizon === undefined ? null : us(f.horizon),
    master: {
      allocator: "hierarchical",
      sorter: m.sorter ?? DEFAULT_MASTER.sorter,
      allocationInterval: opt(m.allocationInterval, DEFAULT_MASTER.allocationInterval),
      minAllocatable: m.minAllocatable ?? DEFAULT_MASTER.minAllocatable,
      fairnessExcludeResourceNames: m.fairnessExcludeResourceNames ?? DEFAULT_MASTER.fairnessExcludeResourceNames,
      filterGpuResources: m.filterGpuResources ?? DEFAULT_MASTER.filterGpuResources,
      offerTimeout: m.offerTimeout === undefined || m.offerTimeout === null ? null : us(m.offerTimeout),
      agentPingTimeout: opt(m.agentPingTimeout, DEFAULT_MASTER.agentPingTimeout),
      maxAgentPingTimeouts: m.maxAgentPingTimeouts ?? DEFAULT_MASTER.maxAgentPingTimeouts,
      agentReregisterTimeout: opt(m.agentReregisterTimeout, DEFAULT_MASTER.agentReregisterTimeout),
      agentRemovalRateLimit: m.agentRemovalRateLimit ?? null,
      recoveryAgentRemovalLimit: m.recoveryAgentRemovalLimit ?? DEFAULT_MASTER.recoveryAgentRemovalLimit,
      allocatorRecoveryTimeout: opt(m.allocatorRecoveryTimeout, DEFAULT_MASTER.allocatorRecoveryTimeout),
      allocatorAgentRecoveryFactor: m.allocatorAgentRecoveryFactor ?? DEFAULT_MASTER.allocatorAgentRecoveryFactor,
      taskLaunchDelay: opt(m.taskLaunchDelay, DEFAULT_MASTER.taskLaunchDelay),
    },
    roles,
    cluster: {
      agents: (f.cluster?.agents ?? []).map((a) => ({ count: a.count, resources: a.resources, attributes: a.attributes ?? null, id: a.id ?? null })),
      fromWorkload: f.cluster?.fromWorkload ?? true,
    },
    workload: f.workload.map((s) => sourceOf(s, base)),
    frameworks: (f.frameworks ?? []).map(frameworkOf),
    failures: normalizeFailures(f.failures),
    maintenance: normalizeMaintenance(f.maintenance),
    oversubscription: normalizeOversubscription(f.oversubscription),
    report: {
      sampleInterval: opt(f.report?.sampleInterval, 60_000_000),
      formats: f.report?.formats ?? ["json", "csv"],
      tasks: f.report?.tasks ?? true,
      events: f.report?.events ?? false,
    },
    expect: (f.expect ?? []).map((e) => ({
      metric: e.metric,
      role: e.role ?? null,
      framework: e.framework ?? null,
      min: e.min === undefined ? null : (boundValue(e.min) as number),
      max: e.max === undefined ? null : (boundValue(e.max) as number),
    })),
  };
}
