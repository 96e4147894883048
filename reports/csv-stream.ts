// A CSV file written row by row as the run goes (tasks.csv holds a row per task of a
// run of millions: rows are never gathered in memory). RFC 4180: fields holding a
// comma, a quote, CR or LF are quoted with quotes doubled, records end in CRLF,
// through csv-stringify. Numbers are formatted by the caller.
import { stringify } from "csv-stringify/sync";
import { AtomicFile } from "../common/output-files.ts";

export type CsvCell = string | number;

const OPTIONS = { record_delimiter: "windows" } as const;

export class CsvStream {
  constructor(
    private readonly file: AtomicFile,
    header: readonly string[],
  ) {
    this.row(header);
  }

  row(cells: readonly CsvCell[]): void {
    this.file.write(stringify([cells as CsvCell[]], OPTIONS));
  }
}

/** A whole small CSV text (header and rows), as `CsvStream` would write it. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header as string[], ...(rows as CsvCell[][])], OPTIONS);
}
