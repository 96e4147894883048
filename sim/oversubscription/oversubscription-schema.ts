// The experiment's `oversubscription` key (docs/experiment-format.md,
// `oversubscription`): the agents' resource estimator (`--resource_estimator`,
// polled every `--oversubscribed_resources_interval`), their QoS controller
// (`--qos_controller`), and the model of what a task uses when the workload does not
// say. Mesos's design: its docs/oversubscription.md and src/slave/slave.cpp.
import { z } from "zod";
import { number, object } from "../../common/validation.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { positiveDuration, us } from "../experiment/duration-schema.ts";
import { agentSelectorSchema, normalizeSelector, type AgentSelector } from "../maintenance/agent-selector.ts";

export type EstimatorSettings =
  /** Mesos's `fixed` estimator: `resources` (a RES of unreserved scalars) always lent, less what revocable tasks hold. */
  | { readonly kind: "fixed"; readonly resources: string }
  /** Lends the cpus tasks hold and do not use, less `headroom` × the agent's cpus (a mesosim estimator). */
  | { readonly kind: "usage"; readonly headroom: number };

export interface QosSettings {
  readonly kind: "load";
  /** `--load_threshold_5min` / `--load_threshold_15min`: absolute load averages; null: not checked. */
  readonly threshold5min: number | null;
  readonly threshold15min: number | null;
}

export interface OversubscriptionSettings {
  /** The agents that run the estimator and the QoS controller. */
  readonly agents: AgentSelector;
  readonly estimator: EstimatorSettings;
  /** µs between two polls of the estimator (Mesos's default 15 s). */
  readonly interval: number;
  /** null: the `noop` QoS controller (never kills). */
  readonly qos: QosSettings | null;
  /** The cpus a task uses when no usage record of the workload says: this fraction of its cpus request. */
  readonly usageModel: { readonly cpusFraction: number };
}

export const DEFAULT_OVERSUBSCRIBED_INTERVAL = 15_000_000;
export const DEFAULT_CPUS_FRACTION = 0.5;

const fixedResources = z.string().superRefine((text, ctx) => {
  try {
    const r = parseResources(text);
    if (r.isEmpty()) ctx.addIssue({ code: "custom", message: "expected some resources to lend, e.g. \"cpus:4\"" });
    for (const item of r.items) {
      if (item.type !== "SCALAR" || item.reservations.length > 0 || item.disk !== undefined) {
        ctx.addIssue({ code: "custom", message: "expected unreserved scalars (cpus, mem, …): revocable resources are never reserved" });
        return;
      }
    }
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

export const oversubscriptionSchema = object({
  // Each agent runs its estimator from its registration on: a selector names agents
  // one by one, so it cannot pick a count or a fraction of them.
  agents: agentSelectorSchema
    .refine((a) => a === "all" || a.ids !== undefined || (a.count === undefined && a.fraction === undefined), {
      message: "expected \"all\", {ids: [...]} or {attribute: ...}: each agent runs its estimator from its registration on, so count and fraction do not apply",
    })
    .optional(),
  estimator: z.discriminatedUnion("kind", [
    object({ kind: z.literal("fixed"), resources: fixedResources }),
    object({ kind: z.literal("usage"), headroom: number(0, 1).optional() }),
  ]),
  interval: positiveDuration.optional(),
  qos: object({ kind: z.literal("load"), threshold5min: number(0, 1e6, { exclusiveMin: true }).optional(), threshold15min: number(0, 1e6, { exclusiveMin: true }).optional() })
    .refine((q) => q.threshold5min !== undefined || q.threshold15min !== undefined, { message: "expected threshold5min, threshold15min or both" })
    .nullable()
    .optional(),
  usageModel: object({ cpusFraction: number(0, 1000).optional() }).optional(),
});

export function normalizeOversubscription(o: z.infer<typeof oversubscriptionSchema> | undefined): OversubscriptionSettings | null {
  if (o === undefined) return null;
  return {
    agents: o.agents === undefined ? { kind: "all" } : normalizeSelector(o.agents),
    estimator: o.estimator.kind === "fixed" ? { kind: "fixed", resources: o.estimator.resources } : { kind: "usage", headroom: o.estimator.headroom ?? 0 },
    interval: o.interval === undefined ? DEFAULT_OVERSUBSCRIBED_INTERVAL : us(o.interval),
    qos: o.qos === undefined || o.qos === null ? null : { kind: "load", threshold5min: o.qos.threshold5min ?? null, threshold15min: o.qos.threshold15min ?? null },
    usageModel: { cpusFraction: o.usageModel?.cpusFraction ?? DEFAULT_CPUS_FRACTION },
  };
}
