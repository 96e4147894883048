// The registry of `mesosim` commands: one line per command module, loaded only
// when it is needed (cli/main.ts), so that a run loads the code of the command it
// runs and not every other's (the trace readers, the simulator).
import type { CommandModule } from "yargs";

export interface CommandEntry {
  /** The command's first word, as typed. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly load: () => Promise<CommandModule<any, any>>;
}

export const commands: readonly CommandEntry[] = [
  { name: "compare", load: async () => (await import("./commands/compare.ts")).compareCommandModule },
  { name: "report", load: async () => (await import("./commands/report.ts")).reportCommandModule },
  { name: "resources", load: async () => (await import("./commands/resources.ts")).resourcesCommand },
  { name: "run", load: async () => (await import("./commands/run.ts")).runCommandModule },
  { name: "scenario", load: async () => (await import("./commands/scenario.ts")).scenarioCommand },
  { name: "schema", load: async () => (await import("./commands/schema.ts")).schemaCommand },
  { name: "trace", load: async () => (await import("./commands/trace.ts")).traceCommand },
];
