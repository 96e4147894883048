// Reads a trace file as batches of lines, gzip or not (by magic bytes), with
// bounded memory: one input chunk and one batch at a time. Batches rather than
// single lines because an `await` per line would cost more than parsing it.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { detectInputKind } from "./input-kind.ts";
import { TraceInputError } from "./trace-input-error.ts";

/** Shared across all inputs of one conversion: `--limit` and the progress bar. */
export interface LineSourceOptions {
  /** Stop after this many lines in total over every file read with these options. */
  limit?: LineBudget;
  onBytes?: (bytes: number) => void;
  /** Incremented by the number of lines read (for records/s figures). */
  counter?: { lines: number };
}

export class LineBudget {
  constructor(public remaining: number) {}
  get exhausted(): boolean {
    return this.remaining <= 0;
  }
}

export interface LineBatch {
  lines: string[];
  /** 1-based line number of lines[0]. */
  firstLine: number;
}

const CHUNK = 1 << 20;

export async function* readLineBatches(path: string, options: LineSourceOptions = {}): AsyncGenerator<LineBatch> {
  const kind = detectInputKind(path);
  const limit = options.limit;
  if (limit?.exhausted) return;
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const onBytes = options.onBytes;
  if (onBytes) file.on("data", (b) => onBytes(b.length));
  const stream = kind === "gzip" ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (stream !== file) file.on("error", (e) => stream.destroy(e));
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let lineNo = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = carry + decoder.write(chunk);
      const lines = text.split("\n");
      carry = lines.pop() ?? "";
      if (lines.length === 0) continue;
      if (text.includes("\r")) stripCarriageReturns(lines);
      if (limit) {
        if (lines.length >= limit.remaining) lines.length = limit.remaining;
        limit.remaining -= lines.length;
      }
      if (options.counter) options.counter.lines += lines.length;
      yield { lines, firstLine: lineNo };
      lineNo += lines.length;
      if (limit?.exhausted) return;
    }
    const last = carry + decoder.end();
    if (last !== "" && !(limit?.exhausted ?? false)) {
      if (limit) limit.remaining--;
      if (options.counter) options.counter.lines++;
      yield { lines: [last.endsWith("\r") ? last.slice(0, -1) : last], firstLine: lineNo };
    }
  } catch (err) {
    throw inputError(path, kind, err);
  } finally {
    stream.destroy();
    file.destroy();
  }
}

function stripCarriageReturns(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.endsWith("\r")) lines[i] = l.slice(0, -1);
  }
}

function inputError(path: string, kind: string, err: unknown): Error {
  if (err instanceof TraceInputError) return err;
  const e = err as NodeJS.ErrnoException;
  if (kind === "gzip" && (e.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(e.message))) {
    return new TraceInputError(`${path}: truncated gzip: the compressed data ends before the end of the stream; the file is incomplete`);
  }
  if (kind === "gzip" && typeof e.code === "string" && e.code.startsWith("Z_")) {
    return new TraceInputError(`${path}: corrupt gzip: ${e.message}`);
  }
  if (typeof e.code === "string" && (e.code === "ENOENT" || e.code === "EACCES" || e.code === "EISDIR")) {
    return new TraceInputError(`${path}: cannot read: ${e.message}`);
  }
  return err as Error;
}
