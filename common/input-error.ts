// The error of bad input, whatever the command: a file, option or field that is not
// what the format says. It carries `exitCode = 2`, which cli/main.ts turns into the
// exit status; its message names the file (or option), the line or key path, and
// the field at fault. Format-specific errors (TraceInputError, ScenarioError)
// extend or mirror it.

export class InputError extends Error {
  /** Bad input: the CLI exits with 2. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
