// Reads a trace file as batches of lines, gzip or not (by magic bytes), with
// bounded memory: one input chunk and one batch at a time. Batches rather than
// single lines because an `await` per line would cost more than parsing it.
// `readLineChunks` gives the same lines as raw bytes, for byte-level parsers.
// Both drop a leading UTF-8 byte-order mark (byte-order-mark.ts), so that no
// reader ever sees one.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { bomLength, mayBeBomPrefix, stripBom } from "./byte-order-mark.ts";
import { detectInputKind, type InputKind } from "./input-kind.ts";
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
  const limit = options.limit;
  if (limit?.exhausted) return;
  const { kind, file, stream } = openInput(path, options);
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let lineNo = 1;
  // Until the first character is decoded: a leading BOM is dropped, not read as text.
  let atStart = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text = carry + decoder.write(chunk);
      if (atStart && text !== "") {
        text = stripBom(text);
        atStart = false;
      }
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
    const last = atStart ? stripBom(carry + decoder.end()) : carry + decoder.end();
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

/**
 * The raw bytes of a trace file (gunzipped), as buffers that each hold whole
 * lines: every buffer but the last ends in `\n`, and a line never straddles two.
 * For hot readers that parse bytes directly instead of decoding every line to a
 * string; the caller splits lines and applies `options` (limit, counter) itself,
 * since only it knows where lines end. A buffer is valid until the next is asked for.
 */
export async function* readLineChunks(path: string, options: LineSourceOptions = {}): AsyncGenerator<Buffer> {
  if (options.limit?.exhausted) return;
  const { kind, file, stream } = openInput(path, options);
  // The bytes after the last newline seen, waiting for the rest of their line.
  let carry: Buffer | null = null;
  // The file's first bytes, held until they show whether they begin with a BOM.
  let head: Buffer | null = Buffer.alloc(0);
  try {
    for await (const input of stream as AsyncIterable<Buffer>) {
      let chunk = input;
      if (head !== null) {
        const start: Buffer = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        if (mayBeBomPrefix(start)) {
          head = Buffer.from(start);
          continue;
        }
        head = null;
        chunk = start.subarray(bomLength(start));
      }
      const last = chunk.lastIndexOf(NEWLINE);
      if (last < 0) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        continue;
      }
      let from = 0;
      if (carry !== null) {
        // Only the straddling line is copied, not the whole chunk.
        const first = chunk.indexOf(NEWLINE);
        yield Buffer.concat([carry, chunk.subarray(0, first + 1)]);
        carry = null;
        from = first + 1;
      }
      if (from <= last) yield chunk.subarray(from, last + 1);
      // Copied: the stream may reuse the chunk's memory once we ask for the next.
      if (last + 1 < chunk.length) carry = Buffer.from(chunk.subarray(last + 1));
      if (options.limit?.exhausted) return;
    }
    // A file of one or two bytes that only began like a BOM is plain text.
    if (head !== null && head.length > 0) carry = carry === null ? head : Buffer.concat([carry, head]);
    if (carry !== null) yield carry;
  } catch (err) {
    throw inputError(path, kind, err);
  } finally {
    stream.destroy();
    file.destroy();
  }
}

const NEWLINE = 10;

function openInput(path: string, options: LineSourceOptions): { kind: InputKind; file: Readable; stream: Readable } {
  const kind = detectInputKind(path);
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const onBytes = options.onBytes;
  if (onBytes) file.on("data", (b) => onBytes(b.length));
  const stream = kind === "gzip" ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  if (stream !== file) file.on("error", (e) => stream.destroy(e));
  return { kind, file, stream };
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
