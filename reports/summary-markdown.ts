// `mesosim report RUN_DIR --format md`: a run's summary as GitHub-flavoured
// Markdown, short enough for a CI comment on a pull request: the run's facts, the
// headline tables and the per-role table of report.html (report-tables.ts).
//
// Names come from traces and experiments, and a comment renders Markdown and some
// HTML, so every text cell is escaped: `& < >` as entities, Markdown's
// punctuation (`\ ` * _ [ ] | ~ #`) with a backslash, line breaks as spaces.
import { plural } from "../common/plural.ts";
import { cellText, type CellValue } from "./html/html-text.ts";
import { headlineTables, roleTable, type TableModel } from "./report-tables.ts";
import type { RunSummary } from "./run-directory.ts";

/** `text` as Markdown text that renders as itself (inline: no line breaks). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
}

function cell(v: CellValue): string {
  return typeof v === "number" || v === null ? cellText(v) : escapeMarkdown(v);
}

/** One table: a bold caption line, then a pipe table (numbers right-aligned). */
export function markdownTable(t: TableModel): string {
  const head = `| ${t.columns.map((c) => (c.label === "" ? " " : escapeMarkdown(c.label))).join(" | ")} |`;
  const rule = `|${t.columns.map((c) => (c.numeric === true ? " ---: " : " --- ")).join("|")}|`;
  const rows = t.rows.map((r) => `| ${t.columns.map((_, i) => cell(r[i] ?? null)).join(" | ")} |`);
  return [`**${escapeMarkdown(t.caption)}**`, "", head, rule, ...rows].join("\n");
}

/** The Markdown summary of a run (its summary.json, checked by run-directory.ts). */
export function summaryMarkdown(s: RunSummary): string {
  const out: string[] = [];
  out.push(`### mesosim run ${escapeMarkdown(s.name)} (seed ${s.seed})`);
  out.push("");
  out.push(
    `${cellText(s.simulatedSeconds)} s simulated · ${plural(s.events, "event")} · ${plural(s.cluster.agents.max, "agent")} at most · mesosim ${escapeMarkdown(s.mesosim)} · digest \`${s.digest.replace(/`/g, "")}\``,
  );
  for (const t of [...headlineTables(s), roleTable(s)]) {
    out.push("");
    out.push(markdownTable(t));
  }
  out.push("");
  out.push("Times in seconds of simulated time; each figure is defined in docs/report-format.md (`mesosim-report/1`).");
  return `${out.join("\n")}\n`;
}
