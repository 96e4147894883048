// `mesosim report RUN_DIR [--format html|md|json] [--out FILE]`: renders a finished
// run again from its run directory, without running it (docs/report-format.md,
// "report.html and mesosim report").
//
//   html (default)  report.html, written whole into RUN_DIR, or to FILE with --out
//   md              a Markdown summary for a CI comment, on stdout (or FILE)
//   json            summary.json as it is, on stdout (or FILE)
//
// Exit: 0 done; 2 the run directory is missing, unfinished (no summary.json) or a
// file in it is not as the report format says (the file, line or key path named),
// or --out cannot be written.
import { existsSync } from "node:fs";
import type { Argv, CommandModule } from "yargs";
import { checkOutput, writeFileAtomic } from "../../common/output-files.ts";
import { renderReportHtml } from "../../reports/html/report-html.ts";
import { loadRunSummary, runFile } from "../../reports/run-directory.ts";
import { summaryMarkdown } from "../../reports/summary-markdown.ts";

export const REPORT_FORMATS = ["html", "md", "json"] as const;

interface Args {
  run: string;
  format: (typeof REPORT_FORMATS)[number];
  out?: string;
}

/** Runs the command; returns the exit code. Exported for tests. */
export function reportCommand(a: Args, write: (text: string) => void = (t) => process.stdout.write(t)): number {
  const { text, summary } = loadRunSummary(a.run);
  // The files read may not be overwritten (an earlier report.html may be).
  const read = ["summary.json", "experiment.json", "timeseries.csv", "tasks.csv", "frameworks.csv"].map((f) => runFile(a.run, f)).filter((f) => existsSync(f));
  if (a.out !== undefined) checkOutput(a.out, { inputs: read });
  let output: string;
  switch (a.format) {
    case "html":
      output = renderReportHtml(a.run, text);
      break;
    case "md":
      output = summaryMarkdown(summary);
      break;
    case "json":
      output = text;
      break;
  }
  if (a.out !== undefined) {
    writeFileAtomic(a.out, output);
    return 0;
  }
  if (a.format !== "html") {
    write(output);
    return 0;
  }
  const path = runFile(a.run, "report.html");
  checkOutput(path, { flag: "report.html in RUN_DIR", inputs: read });
  writeFileAtomic(path, output);
  write(`wrote ${path}\n`);
  return 0;
}

export const reportCommandModule: CommandModule<object, Args> = {
  command: "report <run>",
  describe: "render a finished run directory again: report.html, a Markdown summary for CI, or its summary.json",
  builder: (y) =>
    y
      .positional("run", { type: "string", demandOption: true, describe: "the run directory (what mesosim run --out wrote)" })
      .option("format", { choices: REPORT_FORMATS, requiresArg: true, default: "html" as const, describe: "html: report.html in the run directory; md: a Markdown summary on stdout; json: summary.json on stdout" })
      .option("out", { type: "string", requiresArg: true, describe: "write to FILE instead (written whole, or not at all)" })
      .example("$0 report mesosim-runs/openb-gpu", "writes mesosim-runs/openb-gpu/report.html")
      .example("$0 report runs/pr --format md >> $GITHUB_STEP_SUMMARY", "a Markdown summary for a CI job") as unknown as Argv<Args>,
  handler: (a) => {
    process.exitCode = reportCommand(a);
  },
};
