// `mesosim compare RUN_A RUN_B [--max-regression METRIC=PCT]... [--json]`: two run
// directories' summaries side by side (docs/report-format.md, "Compare"), with what
// differs in their experiments, and the CI gate: exit 1 when a metric named by
// `--max-regression` got worse from A to B by more than PCT % of A's value.
//
// Exit: 0 compared, every bound held; 1 a bound failed (the comparison is printed
// all the same, and each failure on stderr); 2 bad input: a METRIC that is not a
// metric or cannot be worse, a bad PCT, a role or framework neither run has, or a
// directory that is not a finished run directory (the file named).
import type { CommandModule } from "yargs";
import { compareRuns, parseRegressionBound } from "../../reports/compare.ts";
import { comparisonJson, formatComparison, gateFailures } from "../../reports/compare-format.ts";
import { readRunDirectory } from "../../reports/run-directory.ts";

interface Args {
  a: string;
  b: string;
  maxRegression?: string[];
  json: boolean;
}

/** Runs the command; returns the exit code. Exported for tests. */
export function compareCommand(a: Args, write: (text: string) => void = (t) => process.stdout.write(t), warn: (text: string) => void = (t) => process.stderr.write(t)): number {
  // Every bound is checked before any file is read: a typo fails fast.
  const bounds = (a.maxRegression ?? []).map(parseRegressionBound);
  const c = compareRuns(readRunDirectory(a.a), readRunDirectory(a.b), bounds);
  write(a.json ? comparisonJson(c) : formatComparison(c));
  for (const line of gateFailures(c)) warn(`${line}\n`);
  return c.passed ? 0 : 1;
}

export const compareCommandModule: CommandModule<object, Args> = {
  command: "compare <a> <b>",
  describe: "compare two run directories metric by metric (B against A) and gate on regressions",
  builder: (y) =>
    y
      .positional("a", { type: "string", demandOption: true, describe: "the run directory to compare against (the baseline, e.g. the main branch's run)" })
      .positional("b", { type: "string", demandOption: true, describe: "the run directory compared (e.g. the pull request's run)" })
      .option("max-regression", {
        type: "string",
        array: true,
        requiresArg: true, // a gate given without its bound must not pass as no gate
        describe: "METRIC=PCT: exit 1 when METRIC got worse by more than PCT % of A's value; METRIC is a summary.json path (latency.wait.p99), role:NAME:METRIC or framework:NAME:METRIC",
      })
      .option("json", { type: "boolean", default: false, describe: "print one JSON document (format mesosim-compare/1) instead of the table" })
      .example("$0 compare main-run pr-run --max-regression latency.wait.p99=10", "fails (exit 1) when the p99 wait of pr-run is more than 10 % above main-run's"),
  handler: (args) => {
    process.exitCode = compareCommand(args);
  },
};
