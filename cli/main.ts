// Entry point of the `mesosim` command: yargs with one module per command
// (cli/commands/*.ts), listed in cli/commands.ts. Only the command named on the
// line is loaded; `--help` and an unknown or missing command load them all (to
// list them, or to suggest the nearest), `--version` alone loads none.
//
// Exit codes: 0 success; 1 a check failed (e.g. a scenario expectation); 2 bad
// input (a usage error, or any error carrying `exitCode: 2`, which every parser in
// mesosim throws with the file, line and field at fault).
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands, type CommandEntry } from "./commands.ts";

/** The command modules a run needs: the global options take no values, so the first word is the command. */
function needed(argv: readonly string[]): readonly CommandEntry[] {
  const first = argv.find((a) => !a.startsWith("-"));
  const named = commands.find((c) => c.name === first);
  if (named !== undefined) return [named];
  if (first === undefined && argv.includes("--version") && !argv.some((a) => a === "--help" || a === "-h")) return [];
  return commands;
}

export async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName("mesosim")
    .usage("$0 <command> [options]")
    .strict()
    // The fail handler below adds the pointer to --help.
    .demandCommand(1, "name a command")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`mesosim: ${msg}\n(see mesosim --help)\n`);
      process.exit(2);
    });
  for (const command of await Promise.all(needed(argv).map((c) => c.load()))) cli = cli.command(command);
  await cli.help().version().parseAsync();
}

try {
  await main(hideBin(process.argv));
} catch (err) {
  const e = err as { message?: string; exitCode?: unknown };
  process.stderr.write(`mesosim: ${e.message ?? String(err)}\n`);
  process.exitCode = typeof e.exitCode === "number" ? e.exitCode : 1;
}
