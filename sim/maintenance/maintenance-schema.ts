// The experiment's `maintenance` key (docs/experiment-format.md, `maintenance`): a
// list of windows, each a set of agents that the simulated operator takes down for
// maintenance, with Mesos's maintenance primitives (master/http.cpp: the schedule
// makes machines DRAINING, `/machine/down` DOWN, `/machine/up` UP) and, optionally,
// DRAIN_AGENT (Mesos 1.9+) before the window.
import { z } from "zod";
import { object } from "../../common/validation.ts";
import { duration, positiveDuration, us } from "../experiment/duration-schema.ts";
import { agentSelectorSchema, normalizeSelector, type AgentSelector } from "./agent-selector.ts";

/** One window, normalised: times in µs from the run's start. */
export interface MaintenanceWindow {
  /** When the machines go DOWN (the unavailability's start). */
  readonly start: number;
  /** How long they stay down; null: for good (an unavailability without duration). */
  readonly duration: number | null;
  readonly agents: AgentSelector;
  /** When the operator posts the schedule: the agents are DRAINING (and inverse offers flow) from here. */
  readonly scheduledAt: number;
  /** DRAIN_AGENT at `start − gracePeriod`, or null: the machines go down with their tasks on them. */
  readonly drain: { readonly gracePeriod: number; readonly markGone: boolean } | null;
}

/**
 * A drain without `gracePeriod` (DRAIN_AGENT without max_grace_period) kills each
 * task by its own kill policy; simulated tasks have none, so the executor's
 * default applies: 3 s (src/launcher/executor.cpp and default_executor.cpp).
 */
export const DEFAULT_GRACE_PERIOD = 3_000_000;

const windowSchema = object({
  start: duration,
  duration: positiveDuration.nullable().optional(),
  agents: agentSelectorSchema,
  scheduledAt: duration.optional(),
  drain: object({ gracePeriod: duration.optional(), markGone: z.boolean().optional() }).nullable().optional(),
}).superRefine((w, ctx) => {
  const start = us(w.start);
  const posted = w.scheduledAt === undefined ? 0 : us(w.scheduledAt);
  if (posted > start) ctx.addIssue({ code: "custom", path: ["scheduledAt"], message: `the schedule must be posted at or before the window's start (${posted / 1e6} s > ${start / 1e6} s)` });
  const grace = w.drain?.gracePeriod === undefined ? DEFAULT_GRACE_PERIOD : us(w.drain.gracePeriod);
  if (w.drain !== undefined && w.drain !== null && start - grace < posted) {
    ctx.addIssue({
      code: "custom",
      path: ["drain", "gracePeriod"],
      message: `the drain starts gracePeriod before the window (at ${(start - grace) / 1e6} s), which is before the schedule is posted (${posted / 1e6} s)`,
    });
  }
});

export const maintenanceSchema = z.array(windowSchema);

export function normalizeMaintenance(m: z.infer<typeof maintenanceSchema> | undefined): MaintenanceWindow[] {
  return (m ?? []).map((w) => ({
    start: us(w.start),
    duration: w.duration === undefined || w.duration === null ? null : us(w.duration),
    agents: normalizeSelector(w.agents),
    scheduledAt: w.scheduledAt === undefined ? 0 : us(w.scheduledAt),
    drain: w.drain === undefined || w.drain === null ? null : { gracePeriod: w.drain.gracePeriod === undefined ? DEFAULT_GRACE_PERIOD : us(w.drain.gracePeriod), markGone: w.drain.markGone ?? false },
  }));
}
