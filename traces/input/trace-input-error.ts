// The one error type for bad trace input. `exitCode = 2` is the CLI's contract for
// bad input (cli/main.ts prints the message and exits with it).

import { InputError } from "../../common/input-error.ts";
import { FIELD_COUNT } from "./bad-field.ts";

export class TraceInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "TraceInputError";
  }
}

/** The message for a bad field: `file:line: field N (name): why`, or `file:line: field count: why`. */
export function badFieldMessage(file: string, line: number, field: number | null, fieldName: string, why: string): string {
  const where = field === null ? (fieldName === FIELD_COUNT ? FIELD_COUNT : `field ${fieldName}`) : `field ${field} (${fieldName})`;
  return `${file}:${line}: ${where}: ${why}`;
}
