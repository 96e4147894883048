// The experiment's `cluster.agents` groups, expanded to agents: `{i}` in `id` and
// `attributes` is the agent's index within its group, `{i%N}` its remainder; `id`
// defaults to `<group index>-<i>` (docs/experiment-format.md, `cluster`).
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { AgentGroup } from "../experiment/experiment.ts";

export interface AgentSpec {
  readonly id: string;
  readonly resources: Resources;
  readonly attributes: string;
}

/** Replaces `{i}` and `{i%N}` (N a positive integer) by `i` and `i % N`. */
export function expandTemplate(template: string, i: number): string {
  return template.replace(/\{i(?:%(\d+))?\}/g, (_, n: string | undefined) => String(n === undefined ? i : i % Number(n)));
}

/** The id of agent `i` of group `g`: the group's `id` template, or `<g>-<i>`. */
export function agentId(template: string | null | undefined, g: number, i: number): string {
  return template === null || template === undefined ? `${g}-${i}` : expandTemplate(template, i);
}

export function* agentsOfGroups(groups: readonly AgentGroup[]): Generator<AgentSpec> {
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as AgentGroup;
    // One parse per group: every agent of it has the same resources.
    const resources = parseResources(group.resources as string | readonly unknown[]);
    for (let i = 0; i < group.count; i++) {
      yield {
        id: agentId(group.id, g, i),
        resources,
        attributes: group.attributes === null ? "" : expandTemplate(group.attributes, i),
      };
    }
  }
}
