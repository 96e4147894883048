// Entry point of the `mesosim` command: yargs with one module per command
// (cli/commands/*.ts), listed in cli/commands.ts.
//
// Exit codes: 0 success; 1 a check failed (e.g. a scenario expectation); 2 bad
// input (a usage error, or any error carrying `exitCode: 2`, which every parser in
// mesosim throws with the file, line and field at fault).
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands.ts";

export async function main(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName("mesosim")
    .usage("$0 <command> [options]")
    .strict()
    .demandCommand(1, "name a command; see mesosim --help")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`mesosim: ${msg}\n(see mesosim --help)\n`);
      process.exit(2);
    });
  for (const command of commands) cli = cli.command(command);
  await cli.help().version().parseAsync();
}

try {
  await main(hideBin(process.argv));
} catch (err) {
  const e = err as { message?: string; exitCode?: unknown };
  process.stderr.write(`mesosim: ${e.message ?? String(err)}\n`);
  process.exitCode = typeof e.exitCode === "number" ? e.exitCode : 1;
}
