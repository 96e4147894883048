// What a trace file holds, from its first bytes after decompression, checked
// against what its format ships before any line is read. Names and suffixes lie:
// Google's `*.parquet.gz` exports are plain Parquet, a re-compressed copy of one is
// gzip'd Parquet, and a file that is not JSON must not be taken for a CSV header
// just because it is not JSON (issue 10 §5). Without this check such files read as
// one long "line" and give exit 0 with no records.
import { closeSync, openSync, readSync } from "node:fs";
import { constants, gunzipSync } from "node:zlib";
import { TraceInputError } from "./trace-input-error.ts";

/**
 * The text a format ships:
 * - `csv`: comma-separated rows (with or without a header row);
 * - `csv-or-json`: JSON lines (one object per line) or CSV whose first line is a
 *   header naming the columns (Google 2019 exports);
 * - `tsv`: tab-separated rows;
 * - `swf`: SWF, `;` header comments and whitespace-separated numbers.
 */
export type TextShape = "csv" | "csv-or-json" | "tsv" | "swf";

/** Compressed bytes read to sniff a gzip file: enough for well over one line. */
const GZIP_HEAD = 16 * 1024;
/** Decompressed bytes looked at. */
const HEAD = 64 * 1024;

/** Throws a TraceInputError naming `path` unless its content is `shape`. */
export function checkTextShape(path: string, shape: TextShape, format: string): void {
  const head = contentHead(path);
  const what = binaryKind(head);
  if (what !== null) throw new TraceInputError(`${path}: ${what}, not ${format} text (${describe(shape)}); nothing was read`);
  const line = firstLine(head);
  if (line === null) return; // empty: no records, not a lie
  const why = mismatch(line, shape);
  if (why !== null) {
    throw new TraceInputError(`${path}:1: ${why}, so this is not ${format} (${describe(shape)}): ${JSON.stringify(clip(line))}`);
  }
}

/** The first HEAD bytes of the file's content, gunzipped if it is gzip. */
function contentHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new TraceInputError(`${path}: cannot open: ${(err as Error).message}`);
  }
  const raw = Buffer.alloc(HEAD);
  let n: number;
  try {
    n = readSync(fd, raw, 0, HEAD, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = raw.subarray(0, n);
  if (!(n >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  try {
    // SYNC_FLUSH: decompress what the head holds without requiring the stream's end.
    return gunzipSync(bytes.subarray(0, GZIP_HEAD), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, HEAD);
  } catch (err) {
    throw new TraceInputError(`${path}: corrupt gzip: ${(err as Error).message}`);
  }
}

/** What a binary head is, or null if it looks like text. */
function binaryKind(b: Buffer): string | null {
  const starts = (magic: number[], at = 0) => b.length >= at + magic.length && magic.every((m, i) => b[at + i] === m);
  if (starts([0x50, 0x41, 0x52, 0x31])) return "a Parquet file (magic PAR1); export the table as JSON lines or CSV";
  if (starts([0x1f, 0x8b])) return "gzip inside gzip (compressed twice); decompress it once first";
  if (starts([0x75, 0x73, 0x74, 0x61, 0x72], 257)) return "a tar archive; extract the table's file from it first";
  if (starts([0x50, 0x4b, 0x03, 0x04])) return "a zip archive; extract the table's file from it first";
  if (starts([0x42, 0x5a, 0x68])) return "bzip2-compressed (only gzip is read); recompress it with gzip";
  if (starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return "xz-compressed (only gzip is read); recompress it with gzip";
  if (starts([0x28, 0xb5, 0x2f, 0xfd])) return "zstd-compressed (only gzip is read); recompress it with gzip";
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    // Control bytes other than tab, newline, form feed and carriage return do not occur in text traces.
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return `binary data (byte 0x${c.toString(16).padStart(2, "0")} at offset ${i})`;
  }
  // A multi-byte character cut by the end of the head is not an error.
  const cut = b.length === HEAD ? Math.max(0, b.length - 3) : b.length;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, cut), { stream: true });
  } catch {
    return "not UTF-8 text";
  }
  return null;
}

/** The first non-blank line, without a UTF-8 byte-order mark or line end; null if there is none. */
function firstLine(b: Buffer): string | null {
  let text = b.toString("utf8");
  if (text.startsWith("\ufeff")) text = text.slice(1);
  for (const line of text.split("\n")) {
    const l = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (l.trim() !== "") return l;
  }
  return null;
}

/** A CSV header cell: a column name, optionally quoted (`time`, `resource_request.cpus`). */
const COLUMN = /^\s*("?)[A-Za-z_][A-Za-z0-9_.]*\1\s*$/;

function mismatch(line: string, shape: TextShape): string | null {
  const json = /^\s*[{[]/.test(line);
  switch (shape) {
    case "csv":
      if (json) return "the first line is JSON";
      if (!line.includes(",")) return "the first line has no comma";
      return null;
    case "csv-or-json": {
      if (/^\s*\{/.test(line)) return null;
      const cells = line.split(",");
      if (cells.length < 2 || !cells.every((c) => COLUMN.test(c))) return "the first line is neither a JSON object nor a CSV header of column names";
      return null;
    }
    case "tsv":
      if (json) return "the first line is JSON";
      if (!line.includes("\t")) return "the first line has no tab";
      return null;
    case "swf":
      if (!/^\s*(;|-?\d)/.test(line)) return "the first line is neither a `;` header comment nor a row of numbers";
      return null;
  }
}

function describe(shape: TextShape): string {
  switch (shape) {
    case "csv":
      return "comma-separated text";
    case "csv-or-json":
      return "JSON lines, or CSV with a header row";
    case "tsv":
      return "tab-separated text";
    case "swf":
      return "SWF text";
  }
}

function clip(line: string): string {
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
