// Entry point of the `mesosim` command: yargs with one module per command
// (cli/commands/*.ts), listed in cli/commands.ts. Only the command named on the
// line is loaded; `--help` and an unknown or missing command load them all (to
// list them, or to suggest the nearest), and `--version` alone loads none, nor
// yargs itself: it is what scripts call to check for the command, so it starts
// as fast as Node does.
//
// Exit codes: 0 success; 1 a check failed (e.g. a scenario expectation); 2 bad
// input (a usage error, or any error carrying `exitCode: 2`, which every parser in
// mesosim throws with the file, line and field at fault); 3 a bug (a broken
// invariant of `mesosim run`, or any error mesosim did not expect).
import { readFileSync } from "node:fs";
import { commands, type CommandEntry } from "./commands.ts";
import { exitStatusFor } from "./exit-status.ts";

/** The version in mesosim's package.json, the first one above this file (cli/ in the sources, dist/cli/ in the build). */
function packageVersion(): string {
  for (let dir = new URL(".", import.meta.url); ; dir = new URL("..", dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "mesosim" && pkg.version !== undefined) return pkg.version;
    } catch {
      // No package.json here (or not ours): look further up.
    }
    if (new URL("..", dir).href === dir.href) return "unknown";
  }
}

/** The command modules a run needs: the global options take no values, so the first word is the command. */
function needed(argv: readonly string[]): readonly CommandEntry[] {
  const first = argv.find((a) => !a.startsWith("-"));
  const named = commands.find((c) => c.name === first);
  if (named !== undefined) return [named];
  if (first === undefined && argv.includes("--version") && !argv.some((a) => a === "--help" || a === "-h")) return [];
  return commands;
}

export async function main(argv: string[]): Promise<void> {
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const { default: yargs } = await import("yargs");
  let cli = yargs(argv)
    .scriptName("mesosim")
    .usage("$0 <command> [options]")
    .strict()
    // The fail handler below adds the pointer to --help.
    .demandCommand(1, "name a command")
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs's own usage errors (an option given without its value, ...) come as a
      // YError with the message: bad input, exit 2. Any other error was thrown by a
      // command's check or handler and carries its own exit status (or is a bug).
      if (err && err.name !== "YError") throw err;
      process.stderr.write(`mesosim: ${msg || err?.message}\n(see mesosim --help)\n`);
      process.exit(2);
    });
  for (const command of await Promise.all(needed(argv).map((c) => c.load()))) cli = cli.command(command);
  await cli.help().version(packageVersion()).parseAsync();
}

try {
  // As yargs's hideBin for Node: the arguments after `node` and the script.
  await main(process.argv.slice(2));
} catch (err) {
  process.exitCode = exitStatusFor(err, (t) => process.stderr.write(t));
}
