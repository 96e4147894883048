// `mesosim report RUN_DIR [--format html|md|json] [--out FILE]` (docs/report-format.md,
// "report.html and mesosim report"; issue 12): renders a finished run again without
// running it; a missing or unfinished run directory, or a file in it that is not as
// the format says, is exit 2 naming the file (and its line or key path).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { reportCommand } from "../../cli/commands/report.ts";
import { InputError } from "../../common/input-error.ts";
import { renderReportHtml } from "../../reports/html/report-html.ts";
import { scratchDir } from "../reports/record-stream.ts";
import { tinyRun } from "../reports/report-run.ts";

const ROOT = resolve(import.meta.dirname, "../..");

function mesosim(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), ...args], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
}

/** Runs the command in-process: its output and exit code, or the InputError's message. */
function report(args: { run: string; format?: "html" | "md" | "json"; out?: string }): { code: number; out: string } | { error: string } {
  let out = "";
  try {
    const code = reportCommand({ format: "html", ...args }, (t) => (out += t));
    return { code, out };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message };
    throw err;
  }
}

test("html: report.html written into the run directory, the same bytes as the run wrote", () => {
  const dir = tinyRun();
  const before = readFileSync(join(dir, "report.html"), "utf8");
  rmSync(join(dir, "report.html"));
  assert.equal(report({ run: dir }), { code: 0, out: `wrote ${join(dir, "report.html")}\n` });
  assert.is(readFileSync(join(dir, "report.html"), "utf8"), before);
  // A run without report.html in its formats gets one on request.
  const plain = tinyRun(false);
  assert.equal(report({ run: plain }), { code: 0, out: `wrote ${join(plain, "report.html")}\n` });
  assert.ok(existsSync(join(plain, "report.html")));
});

test("json prints summary.json as it is; md a Markdown summary with every name escaped; --out writes the file instead", () => {
  const dir = tinyRun();
  assert.equal(report({ run: dir, format: "json" }), { code: 0, out: readFileSync(join(dir, "summary.json"), "utf8") });
  const md = report({ run: dir, format: "md" });
  assert.ok("out" in md);
  assert.match(md.out, /^### mesosim run tiny \(seed 1\)\n/);
  // Counts agree with their nouns: the tiny run has one agent.
  assert.match(md.out, /\n100 s simulated · 0 events · 1 agent at most · /);
  assert.match(md.out, /\n\| resource \| total \| mean \| offered \| idle \| stranded \| p50 \| p95 \|\n\| --- \| ---: \| ---: \| ---: \| ---: \| ---: \| ---: \| ---: \|\n\| cpus \| 4 \| 0\.375 \|/);
  // The role <img src=x onerror=alert(1)> as text in a comment: entities, and no raw tag.
  assert.ok(md.out.includes("\n| &lt;img src=x onerror=alert(1)&gt; | 1 | 2 | 2 | 2 | 0 |"), md.out);
  assert.not.ok(md.out.includes("<img"));
  const file = join(scratchDir(), "summary.md");
  assert.equal(report({ run: dir, format: "md", out: file }), { code: 0, out: "" });
  assert.is(readFileSync(file, "utf8"), md.out);
  const page = join(scratchDir(), "page.html");
  assert.equal(report({ run: dir, out: page }), { code: 0, out: "" });
  assert.is(readFileSync(page, "utf8"), renderReportHtml(dir));
});

test("a run without tasks.csv (report.tasks: false) renders without wait percentiles or slowest tasks, and says so", () => {
  const dir = tinyRun(true, false);
  const html = readFileSync(join(dir, "report.html"), "utf8");
  assert.not.ok(html.includes('"waits-all"'));
  assert.ok(html.includes("no tasks.csv (report.tasks: false), so no wait percentiles"));
  assert.ok(html.includes("No tasks.csv in the run directory (report.tasks: false)."));
});

test("a run kept without its CSV files (report.formats without csv) has its md and json summaries; html says why it cannot be drawn (exit 2)", () => {
  const dir = tinyRun(false);
  for (const f of ["timeseries.csv", "tasks.csv", "frameworks.csv"]) rmSync(join(dir, f));
  const md = report({ run: dir, format: "md" });
  assert.ok("out" in md && md.out.startsWith("### mesosim run tiny (seed 1)\n"), JSON.stringify(md));
  assert.equal(report({ run: dir }), {
    error: `${join(dir, "timeseries.csv")}: not found: report.html is drawn from the run's CSV files, which a run keeps only when its report.formats has csv (--format md and json need summary.json only)`,
  });
  assert.not.ok(existsSync(join(dir, "report.html")));
});

test("bad run directories are exit 2 naming the file: missing, unfinished, a bad field, a bad cell, an output that is an input", () => {
  const missing = join(scratchDir(), "nothing");
  assert.equal(report({ run: missing }), { error: `${missing}: no such run directory` });

  const unfinished = tinyRun();
  rmSync(join(unfinished, "summary.json"));
  assert.equal(report({ run: unfinished }), { error: `${join(unfinished, "summary.json")}: not found: ${unfinished} is not a finished run directory of mesosim run` });

  const badField = tinyRun();
  const summaryPath = join(badField, "summary.json");
  writeFileSync(summaryPath, readFileSync(summaryPath, "utf8").replace('"seed": 1,', '"seed": "one",'));
  const e1 = report({ run: badField });
  assert.ok("error" in e1);
  assert.match(e1.error, new RegExp(`^${summaryPath.replace(/[/.]/g, "\\$&")}:4:3: seed: expected number \\(got "one"\\)$`));

  const badCell = tinyRun();
  const series = join(badCell, "timeseries.csv");
  const lines = readFileSync(series, "utf8").split("\r\n");
  // Line 6: the header, then cluster, two roles and a framework at 0 s, then 10 s.
  assert.match(lines[5] as string, /^10\.000,cluster,/);
  lines[5] = (lines[5] as string).replace(/^10\.000,/, "ten,");
  writeFileSync(series, lines.join("\r\n"));
  assert.equal(report({ run: badCell }), { error: `${series}:6: time: expected a number (got "ten")` });

  const dir = tinyRun();
  const e2 = report({ run: dir, out: join(dir, "summary.json") });
  assert.ok("error" in e2 && /is the input .*summary\.json; writing it would destroy the input/.test(e2.error), JSON.stringify(e2));
});

test("from the command line: exit 2 and the message on stderr; --format takes only html, md, json", () => {
  const missing = join(scratchDir(), "nothing");
  const r = mesosim("report", missing);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`${missing}: no such run directory`));
  const f = mesosim("report", tinyRun(), "--format", "pdf");
  assert.is(f.status, 2, f.stderr);
  assert.match(f.stderr, /Invalid values:[\s\S]*format[\s\S]*"pdf"/);
});

test.run();
