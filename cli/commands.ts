// The registry of `mesosim` commands: one line per command module.
import type { CommandModule } from "yargs";
import { traceCommand } from "./commands/trace.ts";
import { resourcesCommand } from "./commands/resources.ts";
import { scenarioCommand } from "./commands/scenario.ts";
import { schemaCommand } from "./commands/schema.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: Array<CommandModule<any, any>> = [
  resourcesCommand,
  scenarioCommand,
  schemaCommand,
  traceCommand,
];
