// Routes each workload task to its framework: the first framework whose `tasks`
// selector matches; a task that matches none goes to a framework made for its role
// (named after the role, `batch` model, the defaults), registered when the first
// task of that role arrives (docs/experiment-format.md, `frameworks`). A role that
// is not a valid Mesos role, is hierarchical (a framework's name cannot hold its
// "/"), or whose name a listed framework already has, is bad input (exit 2) when
// its first unmatched task arrives.
import { roleError } from "../../allocators/resources/role.ts";
import { InputError } from "../../common/input-error.ts";
import type { TaskRecord } from "../../traces/canonical/trace-record.ts";
import { defaultFramework, type FrameworkSpec, type TaskSelector } from "../experiment/experiment.ts";
import type { SimFramework } from "../master/master-records.ts";

function matches(s: TaskSelector, r: TaskRecord, source: number, pattern: RegExp | null): boolean {
  switch (s.kind) {
    case "all":
      return true;
    case "roles":
      return s.roles.includes(r.role);
    case "job":
      return (pattern as RegExp).test(r.job);
    case "priority":
      return r.priority !== null && (s.min === null || r.priority >= s.min) && (s.max === null || r.priority <= s.max);
    case "source":
      return s.index === source;
  }
}

export class Router {
  private readonly patterns: (RegExp | null)[];
  /** The frameworks made for a role, by role. */
  private readonly made = new Map<string, SimFramework>();

  constructor(
    private readonly specs: readonly FrameworkSpec[],
    private readonly find: (name: string) => SimFramework | undefined,
    private readonly register: (spec: FrameworkSpec) => SimFramework,
  ) {
    this.patterns = specs.map((s) => (s.tasks.kind === "job" ? new RegExp(s.tasks.pattern) : null));
  }

  route(r: TaskRecord, source: number): SimFramework {
    for (let i = 0; i < this.specs.length; i++) {
      const spec = this.specs[i] as FrameworkSpec;
      if (matches(spec.tasks, r, source, this.patterns[i] as RegExp | null)) return this.find(spec.name) as SimFramework;
    }
    let fw = this.made.get(r.role);
    if (fw === undefined) {
      // Bad input, not a bug: the workload's roles are only known as it is read.
      const where = `workload.${source}: task ${r.id}: matches no framework's \`tasks\`, and a framework made for its role "${r.role}"`;
      const why = roleError(r.role);
      if (why !== undefined) throw new InputError(`${where} would be in an invalid role (${why}): rename the role with \`roleMap\`, or give the task a framework`);
      // Framework ids cannot hold "/" (allocator); a hierarchical role needs a listed framework.
      if (r.role.includes("/")) {
        throw new InputError(
          `${where} would be named "${r.role}", and a framework's name cannot contain "/": give the role a framework (e.g. {name: ${r.role.replace(/\//g, "-")}, roles: [${r.role}], tasks: {role: ${r.role}}})`,
        );
      }
      const listed = this.specs.findIndex((s) => s.name === r.role);
      if (listed >= 0) throw new InputError(`${where} would be named "${r.role}", as frameworks.${listed} is: rename that framework, or give the role a framework`);
      fw = this.register(defaultFramework(r.role, [r.role], { kind: "roles", roles: [r.role] }));
      this.made.set(r.role, fw);
    }
    return fw;
  }

  /** Whether a framework was made for `role` (a task of it matched no listed framework). */
  madeFor(role: string): boolean {
    return this.made.has(role);
  }
}
