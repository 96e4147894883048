// The error of an invalid scenario file: unknown op or field, missing field, wrong
// type, bad RES, or a step acting on an agent or framework that does not exist.
// Its message names the file, with the line and column when the file was read
// from disk (the one error format of common/validation.ts), the step index and
// the field, e.g.
//   test/scenarios/x.json:9:66: step 4 (decline): field "agent": unknown agent "agent9"
// and it carries `exitCode = 2`, which the CLI turns into the exit status.

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  /** Bad input: the CLI exits with 2. */
  readonly exitCode = 2;
  readonly path: string;
  /** Index into `steps` (from 0); undefined for a file-level error. */
  readonly step: number | undefined;
  /** The field at fault (a path such as `offers[0].agents.agent1`), if any. */
  readonly field: string | undefined;

  constructor(
    path: string,
    step: { index: number; op: string | undefined } | undefined,
    field: string | undefined,
    problem: string,
    position?: { line: number; column: number },
  ) {
    const at = step === undefined ? "" : ` step ${step.index}${step.op === undefined ? "" : ` (${step.op})`}:`;
    const where = position === undefined ? path : `${path}:${position.line}:${position.column}`;
    super(`${where}:${at}${field === undefined ? "" : ` field "${field}":`} ${problem}`);
    this.path = path;
    this.step = step?.index;
    this.field = field;
  }
}
