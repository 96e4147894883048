// A CSV file written row by row as the run goes (tasks.csv holds a row per task of a
// run of millions: rows are never gathered in memory). RFC 4180: fields holding a
// comma, a quote, CR or LF are quoted with quotes doubled, records end in CRLF,
// as csv-stringify writes them with `record_delimiter: "windows"`. Numbers are
// formatted by the caller.
//
// Rows are formatted by `csvRow`, the same bytes as csv-stringify's with these
// options (test/reports/csv-stream.test.ts checks it on arbitrary cells): its
// synchronous API sets up a whole stringifier per call, and with a few objects
// per cell it allocated about 7 kB per tasks.csv row, most of the garbage the
// reports made in a google-like run.
import { stringify } from "csv-stringify/sync";
import { AtomicFile } from "../common/output-files.ts";

export type CsvCell = string | number;

const OPTIONS = { record_delimiter: "windows" } as const;

/**
 * One cell as csv-stringify writes it with OPTIONS: a number as `"" + n`; a string
 * quoted, its quotes doubled, when it holds a quote, a comma or the record
 * delimiter CRLF (a lone CR or LF is left as it is: csv-stringify quotes those
 * only when no record delimiter is given).
 */
function csvCell(cell: CsvCell): string {
  const v = typeof cell === "number" ? `${cell}` : cell;
  if (v === "") return v;
  const quote = v.includes('"');
  if (quote || v.includes(",") || v.includes("\r\n")) return `"${quote ? v.replaceAll('"', '""') : v}"`;
  return v;
}

/** One record, CRLF included, as `stringify([cells], OPTIONS)` gives it. */
export function csvRow(cells: readonly CsvCell[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ",";
    line += csvCell(cells[i] as CsvCell);
  }
  return `${line}\r\n`;
}

export class CsvStream {
  constructor(
    private readonly file: AtomicFile,
    header: readonly string[],
  ) {
    this.row(header);
  }

  row(cells: readonly CsvCell[]): void {
    this.file.write(csvRow(cells));
  }
}

/** A whole small CSV text (header and rows), as `CsvStream` would write it. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header as string[], ...(rows as CsvCell[][])], OPTIONS);
}
