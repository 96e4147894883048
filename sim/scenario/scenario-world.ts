// What exists at each step of a scenario while it is being parsed: steps are
// validated against the agents and frameworks that exist at that point, as the
// runner will meet them, and expectations may name ones removed since.
import type { Reader } from "./scenario-reader.ts";

export interface FrameworkState {
  roles: readonly string[];
}

/** What exists at the current step, and what ever existed (for expectations). */
export class World {
  readonly agents = new Set<string>();
  readonly frameworks = new Map<string, FrameworkState>();
  /** Agents and frameworks ever added, with the step that removed them, if any. */
  readonly removedAgents = new Map<string, number>();
  readonly removedFrameworks = new Map<string, { state: FrameworkState; at: number }>();
  /** The clock after the steps so far (µs): the sum of the advances. */
  clock = 0;

  constructor(private readonly r: () => Reader) {}

  agent(x: unknown, field: string): string {
    const id = this.r().str(x, field);
    if (!this.agents.has(id)) {
      const removed = this.removedAgents.get(id);
      this.r().fail(field, `unknown agent "${id}"${removed === undefined ? "" : ` (removed at step ${removed})`}`);
    }
    return id;
  }

  framework(x: unknown, field: string): string {
    const id = this.r().str(x, field);
    if (!this.frameworks.has(id)) {
      const removed = this.removedFrameworks.get(id);
      this.r().fail(field, `unknown framework "${id}"${removed === undefined ? "" : ` (removed at step ${removed.at})`}`);
    }
    return id;
  }

  /** An agent that exists or existed: expectations may check offers made before a removal. */
  knownAgent(x: unknown, field: string): string {
    const id = this.r().str(x, field);
    if (!this.agents.has(id) && !this.removedAgents.has(id)) this.r().fail(field, `unknown agent "${id}" (never added)`);
    return id;
  }

  knownFramework(x: unknown, field: string): [string, FrameworkState] {
    const id = this.r().str(x, field);
    const state = this.frameworks.get(id) ?? this.removedFrameworks.get(id)?.state;
    if (state === undefined) return this.r().fail(field, `unknown framework "${id}" (never added)`);
    return [id, state];
  }

  /** `role` if given, else the framework's only role. */
  role(id: string, state: FrameworkState, role: unknown, roleField: string): string {
    if (role !== undefined) return this.r().role(role, roleField);
    if (state.roles.length !== 1) {
      this.r().fail(roleField, `missing: framework "${id}" has ${state.roles.length} roles (${state.roles.join(", ")}), so name the role`);
    }
    return state.roles[0] as string;
  }
}
