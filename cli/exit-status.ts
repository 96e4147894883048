// How the `mesosim` command ends on an error (cli/main.ts): an error that carries
// its exit status (2 bad input, 3 a broken invariant, ...) prints its message; any
// other error is a bug in mesosim, printed with its stack, and exits 3, never 1,
// which a CI gate reads as "a check failed" (docs/experiment-format.md, "Exit status").

/** Writes the error's message to `write` and returns the exit status for it. */
export function exitStatusFor(err: unknown, write: (text: string) => void): number {
  const e = (typeof err === "object" && err !== null ? err : {}) as { message?: string; exitCode?: unknown; stack?: string };
  if (typeof e.exitCode === "number") {
    write(`mesosim: ${e.message ?? String(err)}\n`);
    return e.exitCode;
  }
  write(`mesosim: internal error (a bug in mesosim; please report it with this message):\n${e.stack ?? e.message ?? String(err)}\n`);
  return 3;
}
