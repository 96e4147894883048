// Which agents an experiment entry names (docs/experiment-format.md, "Agent
// selectors"): every agent, a list of ids, or the agents with some attributes,
// optionally cut down to a seeded random `count` or `fraction` of them. Used by
// `maintenance` windows and `oversubscription.agents`.
//
// A selector is evaluated against the agents registered at that moment, in
// registration order, so that the pick is a function of the run's seed alone.
import { z } from "zod";
import { integer, number, object } from "../../common/validation.ts";
import { shuffleInPlace, type RandomStream } from "../../allocators/random-stream.ts";
import { parseAttributes } from "../master/attributes.ts";

/** A selector, normalised. `attributes` is `name:value;…` text: an agent must have every one. */
export type AgentSelector =
  | { readonly kind: "all" }
  | { readonly kind: "ids"; readonly ids: readonly string[] }
  | { readonly kind: "pick"; readonly attributes: string | null; readonly count: number | null; readonly fraction: number | null };

/**
 * The file's form: `"all"`, `{ids: [...]}`, or `{attribute?, count?, fraction?}`
 * (count and fraction exclusive). The two object forms are one object whose keys
 * are checked together, so that an error names the key at fault (`ids.0: expected
 * string (got 5)`), where a union of two objects named the other form's keys
 * (`ids: unknown field (allowed: attribute, count, fraction)`).
 */
export const agentSelectorSchema = z.union([
  z.literal("all"),
  object({
    ids: z.array(z.string().min(1)).min(1).optional(),
    attribute: z
      .string()
      .regex(/^[^:;]+:[^;]*(;[^:;]+:[^;]*)*$/, 'expected "name:value" attributes separated by ";" (e.g. "rack:r1" or "rack:r1;zone:a")')
      .optional(),
    count: integer(1, 10_000_000).optional(),
    fraction: number(0, 1, { exclusiveMin: true }).optional(),
  }).superRefine((s, ctx) => {
    if (s.ids !== undefined) {
      for (const key of ["attribute", "count", "fraction"] as const) {
        if (s[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "give ids, or attribute, count and fraction, not both" });
      }
      return;
    }
    if (s.count !== undefined && s.fraction !== undefined) ctx.addIssue({ code: "custom", path: ["fraction"], message: "give count or fraction, not both" });
    if (s.attribute === undefined && s.count === undefined && s.fraction === undefined) {
      ctx.addIssue({ code: "custom", message: 'expected "all", {ids: [...]}, or at least one of attribute, count and fraction' });
    }
  }),
]);

export function normalizeSelector(s: z.infer<typeof agentSelectorSchema>): AgentSelector {
  if (s === "all") return { kind: "all" };
  if (s.ids !== undefined) return { kind: "ids", ids: [...s.ids] };
  return { kind: "pick", attributes: s.attribute ?? null, count: s.count ?? null, fraction: s.fraction ?? null };
}

/** What a selector reads of an agent. */
export interface SelectableAgent {
  readonly id: string;
  readonly attributes: ReadonlyMap<string, string>;
}

function hasAttributes(attributes: string | null, a: SelectableAgent): boolean {
  if (attributes === null) return true;
  for (const [k, v] of parseAttributes(attributes)) if (a.attributes.get(k) !== v) return false;
  return true;
}

/**
 * Whether `s` names `a` on its own, for a selector without `count` or `fraction`
 * (those pick among a set of agents: see `selectAgents`).
 */
export function agentMatches(s: AgentSelector, a: SelectableAgent): boolean {
  if (s.kind === "all") return true;
  if (s.kind === "ids") return s.ids.includes(a.id);
  if (s.count !== null || s.fraction !== null) throw new Error("agentMatches: a selector with count or fraction picks among agents");
  return hasAttributes(s.attributes, a);
}

/**
 * The agents `s` picks among `agents` (registration order), in that order. `count`
 * and `fraction` (`round(fraction × n)` of the n matching agents) are a uniform
 * random subset drawn from `rng` (a partial Fisher–Yates shuffle); fewer matching
 * agents than `count` picks them all. `ids` not registered are skipped.
 */
export function selectAgents<A extends SelectableAgent>(s: AgentSelector, agents: readonly A[], rng: RandomStream): A[] {
  if (s.kind === "all") return [...agents];
  if (s.kind === "ids") {
    const wanted = new Set(s.ids);
    return agents.filter((a) => wanted.has(a.id));
  }
  const matching = agents.filter((a) => hasAttributes(s.attributes, a));
  const n = s.count ?? (s.fraction === null ? matching.length : Math.round(s.fraction * matching.length));
  if (n >= matching.length) return matching;
  // Which ones: a seeded shuffle of their positions, then back in registration order.
  const positions = shuffleInPlace(
    matching.map((_, i) => i),
    rng,
  ).slice(0, n);
  positions.sort((a, b) => a - b);
  return positions.map((i) => matching[i] as A);
}
