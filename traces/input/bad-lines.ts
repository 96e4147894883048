// The policy for malformed input lines: by default the first one is an error
// (exit 2) naming file, line and field; with `--skip-bad` they are counted, the
// first ten are kept for display, and the count goes into the output header and
// into `mesosim trace info`.
import { TraceInputError, badFieldMessage } from "./trace-input-error.ts";

/** How many skipped lines are kept verbatim for the user to look at. */
export const SHOWN_BAD_LINES = 10;

export class BadLines {
  count = 0;
  readonly first: string[] = [];
  /**
   * The line being read (set by forEachLine/forEachRow): a record found bad where
   * it is emitted is reported at this line while `inLine`, else (a record a reader
   * completes after its input ends) as of the last line read.
   */
  readonly at = { path: "", line: 0, inLine: false };

  constructor(readonly skip: boolean) {}

  /** Throws unless skipping; when skipping, counts the line and remembers the first ten. */
  report(file: string, line: number, field: number | null, fieldName: string, why: string): void {
    const message = badFieldMessage(file, line, field, fieldName, why);
    if (!this.skip) throw new TraceInputError(message);
    this.count++;
    if (this.first.length < SHOWN_BAD_LINES) this.first.push(message);
  }
}
