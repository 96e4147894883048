// Safe text for report.html. Every string that comes from a trace or an experiment
// (role, task, job, framework and agent names, descriptions, the experiment as run)
// goes through `escapeHtml` into the page, or through `scriptJson` into the data
// the charts are drawn from; nothing is ever inserted as markup. In the browser the
// page script sets only `textContent` (never innerHTML) with such strings.
import { show } from "../text-table.ts";

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` as HTML text or a quoted attribute value: & < > " ' as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/**
 * `value` as JSON that is safe inside `<script type="application/json">`: `<`, `>`
 * and `&` as \u escapes, so that no `</script>` or `<!--` can end or change the
 * element (HTML's script data state), and U+2028/U+2029 too. JSON.parse reads it
 * back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A table cell: a number (shown to 3 significant digits, whole numbers as they are), text, or null ("–"). */
export type CellValue = string | number | null;

export interface Column {
  /** The heading, as text. */
  readonly label: string;
  /** Its definition, shown on hover; "" for none. */
  readonly title: string;
  /** Right-aligned (numbers). */
  readonly numeric?: boolean;
}

function attr(name: string, value: string): string {
  return value === "" ? "" : ` ${name}="${escapeHtml(value)}"`;
}

/** A cell's text: numbers as the terminal table shows them (format-summary-table.ts), null as a dash. */
export function cellText(v: CellValue): string {
  return v === null ? "–" : typeof v === "number" ? show(v) : v;
}

/**
 * A whole table: headings carry their definition as `title`, and with
 * `cellTitles` so does each cell under them (hover a figure to read what it is;
 * for the few cells of the headline tables, not for long tables, where it would
 * repeat on every row). Every heading and cell is escaped.
 */
export function htmlTable(id: string, columns: readonly Column[], rows: readonly (readonly CellValue[])[], caption = "", cellTitles = false): string {
  const head = columns.map((c) => `<th scope="col"${attr("title", c.title)}${c.numeric === true ? ' class="num"' : ""}>${escapeHtml(c.label)}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = columns.map((c, i) => {
        const v = r[i] ?? null;
        const tag = i === 0 ? "th" : "td";
        return `<${tag}${i === 0 ? ' scope="row"' : ""}${cellTitles ? attr("title", c.title) : ""}${c.numeric === true ? ' class="num"' : ""}>${escapeHtml(cellText(v))}</${tag}>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table id="${escapeHtml(id)}">${caption === "" ? "" : `<caption>${escapeHtml(caption)}</caption>`}\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}
