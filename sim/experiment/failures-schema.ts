// The experiment's `failures` key (docs/experiment-format.md, `failures`) as a zod
// schema, and its normalisation to `FailureSpec`s. Each entry is one kind (`agent-crash`,
// `partition`, `master-failover`, `framework-failover`) happening once `at` a time or
// as a random process `every: {mtbf, mttr?, start?, end?}`; unknown keys are errors.
import { z } from "zod";
import { object } from "../../common/validation.ts";
import { duration, positiveDuration, us } from "./duration-schema.ts";
import { agentSelectorSchema, normalizeSelector } from "../maintenance/agent-selector.ts";
import {
  DEFAULT_AGENTS_REREGISTER_OVER,
  DEFAULT_FRAMEWORKS_RESUBSCRIBE_AFTER,
  DEFAULT_RECOVERY_TIMEOUT,
  type FailureSpec,
  type FailureTiming,
} from "./failure-spec.ts";

/** The `failures` list's schema. */
export function failuresSchema() {
  // A listed framework's name, or a role's that a framework is made for ("*",
  // "x@y": any valid role without "/"); load-experiment.ts checks which.
  const name = z.string().min(1, "expected a framework's name");
  const agents = agentSelectorSchema;
  const every = object({ mtbf: positiveDuration, mttr: duration.optional(), start: duration.optional(), end: duration.optional() })
    .refine((e) => e.end === undefined || us(e.end) > (e.start === undefined ? 0 : us(e.start)), {
      message: "expected end after start (start defaults to 0: the run's start)",
      path: ["end"],
    });
  const timing = { at: duration.optional(), every: every.optional() };
  const repair = duration.nullable().optional();
  const entry = z.discriminatedUnion("kind", [
    object({ kind: z.literal("agent-crash"), ...timing, agents, restartAfter: repair, recoveryTimeout: duration.optional() }),
    object({ kind: z.literal("partition"), ...timing, agents, healAfter: repair }),
    object({ kind: z.literal("master-failover"), ...timing, agentsReregisterOver: duration.optional(), frameworksResubscribeAfter: duration.optional() }),
    object({ kind: z.literal("framework-failover"), ...timing, framework: name, reconnectAfter: repair }),
  ]);
  return z.array(
    entry.superRefine((f, ctx) => {
      if ((f.at === undefined) === (f.every === undefined)) ctx.addIssue({ code: "custom", path: [], message: "give `at` (once) or `every` (a random process), exactly one" });
      if (f.every !== undefined && "agents" in f && typeof f.agents === "object" && "count" in f.agents && f.agents.count !== undefined) {
        // A count is drawn among the agents there at one instant; a process runs on each agent on its own.
        ctx.addIssue({ code: "custom", path: ["agents", "count"], message: "a random process (`every`) runs on each selected agent: select with all, ids, attribute or fraction" });
      }
    }),
  );
}

export type FailuresFile = z.infer<ReturnType<typeof failuresSchema>>;

const opt = (d: number | string | null | undefined): number | null => (d === undefined || d === null ? null : us(d));

/** The validated `failures` list, normalised. */
export function normalizeFailures(list: FailuresFile | undefined): FailureSpec[] {
  return (list ?? []).map((f): FailureSpec => {
    const timing: FailureTiming = {
      at: opt(f.at),
      every:
        f.every === undefined
          ? null
          : { mtbf: us(f.every.mtbf), mttr: opt(f.every.mttr), start: f.every.start === undefined ? 0 : us(f.every.start), end: opt(f.every.end) },
    };
    switch (f.kind) {
      case "agent-crash":
        return { kind: f.kind, ...timing, agents: normalizeSelector(f.agents), restartAfter: opt(f.restartAfter), recoveryTimeout: opt(f.recoveryTimeout) ?? DEFAULT_RECOVERY_TIMEOUT };
      case "partition":
        return { kind: f.kind, ...timing, agents: normalizeSelector(f.agents), healAfter: opt(f.healAfter) };
      case "master-failover":
        return {
          kind: f.kind,
          ...timing,
          agentsReregisterOver: opt(f.agentsReregisterOver) ?? DEFAULT_AGENTS_REREGISTER_OVER,
          frameworksResubscribeAfter: opt(f.frameworksResubscribeAfter) ?? DEFAULT_FRAMEWORKS_RESUBSCRIBE_AFTER,
        };
      case "framework-failover":
        return { kind: f.kind, ...timing, framework: f.framework, reconnectAfter: opt(f.reconnectAfter) };
    }
  });
}
