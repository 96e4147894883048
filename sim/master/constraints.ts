// Placement constraints of a task on an agent (the canonical trace's `constraints`,
// docs/trace-format.md): comparisons on the agent's attributes, `machine` naming the
// agent itself, and `distinct` (no two tasks of a job on one agent, Marathon's
// UNIQUE / Aurora's limit 1).
import type { Constraint } from "../../traces/canonical/trace-record.ts";
import type { SimAgent } from "./master-records.ts";

/** Agents holding a task of the job, for jobs with a `distinct` constraint: job → agent → tasks there. */
export type DistinctIndex = Map<string, Map<SimAgent, number>>;

function attribute(agent: SimAgent, name: string): string | undefined {
  return name === "machine" ? agent.id : agent.attributes.get(name);
}

function compare(a: string, b: string): number {
  // Numbers compare as numbers (Google's attribute values are often integers), text as text.
  const x = Number(a);
  const y = Number(b);
  if (a !== "" && b !== "" && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function holds(c: Constraint, agent: SimAgent, job: string, distinct: DistinctIndex): boolean {
  const v = attribute(agent, c.name);
  switch (c.op) {
    case "present":
      return v !== undefined;
    case "absent":
      return v === undefined;
    case "distinct":
      return (distinct.get(job)?.get(agent) ?? 0) === 0;
    case "eq":
      return v !== undefined && v === c.value;
    case "ne":
      // An agent without the attribute is "not equal" (Google 2011 semantics).
      return v === undefined || v !== c.value;
    case "in":
      return v !== undefined && (c.value ?? "").split("|").includes(v);
    case "lt":
      return v !== undefined && compare(v, c.value ?? "") < 0;
    case "gt":
      return v !== undefined && compare(v, c.value ?? "") > 0;
    case "le":
      return v !== undefined && compare(v, c.value ?? "") <= 0;
    case "ge":
      return v !== undefined && compare(v, c.value ?? "") >= 0;
  }
}

/** Whether a task of `job` with `constraints` may run on `agent`. */
export function meetsConstraints(constraints: readonly Constraint[], agent: SimAgent, job: string, distinct: DistinctIndex): boolean {
  for (let i = 0; i < constraints.length; i++) if (!holds(constraints[i] as Constraint, agent, job, distinct)) return false;
  return true;
}

export function hasDistinct(constraints: readonly Constraint[]): boolean {
  return constraints.some((c) => c.op === "distinct");
}
