// report.html (docs/report-format.md, "report.html"): one self-contained page per
// run, rendered from the run directory's files only — summary.json,
// timeseries.csv, tasks.csv when there is one, frameworks.csv and experiment.json.
// `mesosim run` renders it just before it writes summary.json (then passing the
// summary's text, not yet on disk); `mesosim report` re-renders it from a finished
// run. Both give the same bytes.
//
// Self-contained: uPlot's script and style are inlined, the data is embedded as
// JSON, and a Content-Security-Policy allows no network at all and only the two
// scripts of the page (by their SHA-256), so the page opens from disk anywhere,
// and even a name that slipped through unescaped could not run as script.
// Deterministic: no clock, no random; the same files give the same bytes.
// Bounded: at most MAX_POINTS points per series, at most TOP_ROLES roles plus
// "other" per chart, SLOWEST tasks listed (a day of a 12,500-agent cell stays
// well under 2 MB).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { InputError } from "../../common/input-error.ts";
import { plural } from "../../common/plural.ts";
import { parseSourceDocument } from "../../common/source-document.ts";
import { forEachCsvRow, fieldsOf } from "../csv-records.ts";
import { headlineTables, roleTable, type TableModel } from "../report-tables.ts";
import { checkRunDirectory, loadRunSummary, parseRunSummary, readText, type RunSummary, runFile } from "../run-directory.ts";
import { type Chart, type PageData, rankRoles } from "./chart-data.ts";
import { definition } from "./definitions.ts";
import { type CellValue, escapeHtml, htmlTable, scriptJson } from "./html-text.ts";
import { PAGE_SCRIPT } from "./page-script.ts";
import { SLOWEST, type TaskWaits, taskWaits } from "./task-waits.ts";
import { MAX_POINTS, timeseriesCharts } from "./timeseries-charts.ts";

let uplot: { script: string; style: string } | null = null;

/** uPlot's browser build and stylesheet, read from the installed package (once). */
function uplotAssets(): { script: string; style: string } {
  if (uplot !== null) return uplot;
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const style = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
  // Inlined as they are: they must not be able to end their own element.
  if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) throw new Error("uPlot's files hold </script>, <!-- or </style>: they cannot be inlined as they are");
  uplot = { script, style };
  return uplot;
}

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("base64");

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1400px;padding:0 24px 48px;color:#1d1d1f;background:#fff}
h1{font-size:24px;margin:24px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:0 0 2px}
nav a{margin-right:14px}.meta{color:#555;margin:4px 0}.note{color:#555;margin:0 0 6px;font-size:13px}
table{border-collapse:collapse;margin:8px 0 18px;font-size:13px}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:left;white-space:nowrap}thead th{background:#f4f4f6;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}[title]{cursor:help}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:20px 28px}
figure{margin:0;min-width:0}.chart{width:100%;min-height:300px}
pre{background:#f6f6f8;padding:12px;overflow:auto;font-size:12px;max-height:600px}
.scroll{overflow-x:auto}
`;

/**
 * The page of the run directory `dir`. `summaryText` is the text of its
 * summary.json when that is not written yet (`mesosim run`); otherwise it is read.
 * Throws an InputError naming the file (and line or key path) that is missing or
 * not as docs/report-format.md says.
 */
export function renderReportHtml(dir: string, summaryText?: string): string {
  checkRunDirectory(dir);
  const summary = summaryText === undefined ? loadRunSummary(dir).summary : parseRunSummary(summaryText, runFile(dir, "summary.json"));
  const experimentFile = runFile(dir, "experiment.json");
  const experimentText = readText(experimentFile);
  const experiment = parseSourceDocument(experimentText, experimentFile).data;
  const description = experiment !== null && typeof experiment === "object" && typeof (experiment as Record<string, unknown>)["description"] === "string" ? ((experiment as Record<string, unknown>)["description"] as string) : "";
  const ranking = rankRoles(summary.roles);
  const seriesPath = runFile(dir, "timeseries.csv");
  if (!existsSync(seriesPath)) {
    throw new InputError(`${seriesPath}: not found: report.html is drawn from the run's CSV files, which a run keeps only when its report.formats has csv (--format md and json need summary.json only)`);
  }
  const series = timeseriesCharts(seriesPath, ranking);
  const tasksPath = runFile(dir, "tasks.csv");
  const waits = existsSync(tasksPath) ? taskWaits(tasksPath, ranking, summary.simulatedSeconds, summary.tasks.launched) : null;
  const data: PageData = { x: { samples: series.x, waits: waits?.x ?? [] }, charts: [...series.charts, ...(waits?.charts ?? [])] };
  const { script: uplotScript, style: uplotStyle } = uplotAssets();
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(uplotScript)}' 'sha256-${sha256(PAGE_SCRIPT)}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const name = escapeHtml(summary.name);
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mesosim report: ${name}</title>
<style>${uplotStyle}</style>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${name}</h1>
${description === "" ? "" : `<p class="meta">${escapeHtml(description)}</p>\n`}<p class="meta">${runFacts(summary)}</p>
<nav><a href="#headline">Headline</a><a href="#charts">Charts</a><a href="#roles">Roles</a><a href="#frameworks">Frameworks</a><a href="#slowest">Slowest tasks</a><a href="#experiment">Experiment</a></nav>
</header>`);
  parts.push(`<section id="headline">\n<h2>Headline</h2>\n<p class="note">Hover a figure for its definition (docs/report-format.md).</p>`);
  for (const t of headlineTables(summary)) parts.push(tableHtml(t, true));
  parts.push("</section>");
  parts.push(`<section id="charts">\n<h2>Over simulated time</h2>\n${chartsNote(series.samples, waits)}\n<div class="charts">`);
  for (const c of data.charts) parts.push(chartHtml(c));
  parts.push("</div>\n</section>");
  parts.push(`<section id="roles">\n<h2>Roles</h2>\n${tableHtml(roleTable(summary))}\n</section>`);
  parts.push(`<section id="frameworks">\n<h2>Frameworks</h2>\n${frameworksHtml(runFile(dir, "frameworks.csv"))}\n</section>`);
  parts.push(`<section id="slowest">\n<h2>Slowest tasks</h2>\n${slowestHtml(waits, summary)}\n</section>`);
  parts.push(`<section id="experiment">\n<h2>The experiment as run</h2>\n<p class="note">experiment.json: defaults filled in, --set applied, input files with their SHA-256 (SHA-256 of this text: ${escapeHtml(summary.experimentSha256)}).</p>\n<pre>${escapeHtml(experimentText)}</pre>\n</section>`);
  parts.push(`<script type="application/json" id="report-data">${scriptJson(data)}</script>`);
  parts.push(`<script>${uplotScript}</script>`);
  parts.push(`<script>${PAGE_SCRIPT}</script>`);
  parts.push("</body>\n</html>\n");
  return parts.join("\n");
}

function runFacts(s: RunSummary): string {
  const facts: [string, string, string][] = [
    ["seed", String(s.seed), ""],
    ["simulated", `${s.simulatedSeconds} s`, definition("simulatedSeconds")],
    ["events", String(s.events), definition("events")],
    ["agents", `${s.cluster.agents.max} at most, ${s.cluster.agents.end} at the end`, definition("agentsMax")],
    ["mesosim", s.mesosim, ""],
    ["digest", s.digest, definition("digest")],
  ];
  return facts.map(([k, v, title]) => `<span${title === "" ? "" : ` title="${escapeHtml(title)}"`}>${escapeHtml(k)} <b>${escapeHtml(v)}</b></span>`).join(" · ");
}

function tableHtml(t: TableModel, cellTitles = false): string {
  return `<div class="scroll">${htmlTable(t.id, t.columns, t.rows, t.caption, cellTitles)}</div>`;
}

function chartsNote(samples: number, waits: TaskWaits | null): string {
  const text = `From timeseries.csv (${samples} samples; long runs are drawn as the means of consecutive samples, at most ${MAX_POINTS} points)${waits === null ? "; no tasks.csv (report.tasks: false), so no wait percentiles" : " and tasks.csv (waits)"}. Drag across a chart to zoom, double-click to reset.`;
  return `<p class="note">${escapeHtml(text)}</p>`;
}

function chartHtml(c: Chart): string {
  return `<figure><h3>${escapeHtml(c.title)}</h3><p class="note">${escapeHtml(c.note)}</p><div class="chart" id="chart-${escapeHtml(c.id)}" data-series="${c.series.length}"></div></figure>`;
}

/** frameworks.csv as a table, every column it has (a model's own metrics too). */
function frameworksHtml(path: string): string {
  let header: string[] = [];
  const rows: CellValue[][] = [];
  forEachCsvRow(path, (row) => {
    if (row.line === 1) header = fieldsOf(row);
    else rows.push(fieldsOf(row).map((f, i) => (i > 0 && f !== "" && Number.isFinite(Number(f)) ? Number(f) : f)));
  });
  if (header.length === 0) throw new InputError(`${path}: empty; expected a header row (docs/report-format.md, frameworks.csv)`);
  const columns = header.map((h, i) => ({ label: h, title: definition(`framework.${h}`) || definition(h), numeric: i > 0 && rows.every((r) => typeof r[i] !== "string" || r[i] === "") }));
  return rows.length === 0 ? `<p class="note">No framework registered.</p>` : `<div class="scroll">${htmlTable("frameworks-table", columns, rows)}</div>`;
}

function slowestHtml(waits: TaskWaits | null, s: RunSummary): string {
  if (waits === null) return `<p class="note">No tasks.csv in the run directory (report.tasks: false).</p>`;
  const never = waits.tasks - waits.launched;
  const note = `The ${SLOWEST} launched tasks that waited longest (tasks.csv; each task's last launch), longest first.${never > 0 ? ` ${plural(never, "task")} ${never === 1 ? "was" : "were"} never launched (${s.tasks.pendingAtEnd} still pending at the end, ${s.tasks.abandoned} abandoned).` : ""}`;
  const columns = [
    { label: "task", title: "" },
    { label: "job", title: "" },
    { label: "framework", title: "" },
    { label: "role", title: "" },
    { label: "submit (s)", title: "Submit time, simulated seconds.", numeric: true },
    { label: "launch (s)", title: "Launch time (the last launch), simulated seconds.", numeric: true },
    { label: "wait (s)", title: definition("wait"), numeric: true },
    { label: "attempts", title: definition("attempts"), numeric: true },
    { label: "status", title: "The task's final state." },
    { label: "agent", title: "" },
  ];
  const rows = waits.slowest.map((t) => [t.id, t.job, t.framework, t.role, t.submit, t.launch, t.wait, t.attempts, t.status, t.agent]);
  return `<p class="note">${escapeHtml(note)}</p>${rows.length === 0 ? "" : `<div class="scroll">${htmlTable("slowest-table", columns, rows)}</div>`}`;
}
