// Plain text tables for the terminal (`mesosim run`'s summary, `mesosim compare`):
// numbers to 3 significant digits for reading (the files keep 6), names as typed.

export type Cell = string | number | null;

/** A number for reading: whole numbers as they are, others to 3 significant digits, null as "-". */
export function show(x: Cell): string {
  if (x === null) return "-";
  if (typeof x === "string") return x;
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(3)));
}

/** A name as typed: JSON-quoted when it holds a control character (a newline would break the table). */
export function label(name: string): string {
  return /[\u0000-\u001f\u007f]/.test(name) ? JSON.stringify(name) : name;
}

/** Left-aligned first column (and the first `left` columns), right-aligned others, two spaces apart. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[], left = 1): string {
  const text = [header, ...rows.map((r) => r.map(show))];
  const widths = header.map((_, c) => Math.max(...text.map((r) => (r[c] ?? "").length)));
  return text
    .map((r) => r.map((cell, c) => (c < left ? (cell ?? "").padEnd(widths[c] as number) : (cell ?? "").padStart(widths[c] as number))).join("  ").trimEnd())
    .join("\n");
}
