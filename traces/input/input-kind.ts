// What a trace file really is, from its first bytes, never from its name: Google's
// 2019 `*.parquet.gz` exports are plain Parquet, and renamed or re-compressed copies
// of traces are common.
import { closeSync, openSync, readSync } from "node:fs";
import { TraceInputError } from "./trace-input-error.ts";

export type InputKind = "gzip" | "text";

export function detectInputKind(path: string): InputKind {
  const head = Buffer.alloc(4);
  let n: number;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new TraceInputError(`${path}: cannot open: ${(err as Error).message}`);
  }
  try {
    n = readSync(fd, head, 0, 4, 0);
  } catch (err) {
    // A directory opens fine on Linux and fails only here (EISDIR): name the path.
    throw new TraceInputError(`${path}: cannot read: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (n === 4 && head.toString("latin1") === "PAR1") {
    throw new TraceInputError(
      `${path}: this is a Parquet file (magic PAR1), whatever its name says; export the table as JSON lines or CSV`,
    );
  }
  return "text";
}
