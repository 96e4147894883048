// Output files appear whole or not at all: everything is written to a temporary
// file in the destination directory (same filesystem, so rename is atomic), synced,
// then renamed over the destination. A crash or an error leaves the old file (if
// any) untouched and no partial output behind.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { InputError } from "./input-error.ts";

const BLOCK = 1 << 20;

/** An output path must name a file: the same error whether or not an AtomicFile is made for it. */
export function checkOutputName(path: string): void {
  if (path === "" || path.endsWith("/")) throw new InputError(`--out: "${path}" is not a file name`);
}

/** A buffered, optionally gzip'd, atomically renamed output file. */
export class AtomicFile {
  private readonly tmp: string;
  private fd: number | null;
  private readonly buf = Buffer.allocUnsafe(BLOCK);
  private pos = 0;

  constructor(
    readonly path: string,
    /** Gzip when the destination ends in `.gz`. */
    private readonly gzip: boolean = path.endsWith(".gz"),
  ) {
    checkOutputName(path);
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.fd = openSync(this.tmp, "w");
  }

  write(text: string): void {
    this.bytes(Buffer.from(text, "utf8"));
  }

  /**
   * Appends buf[start..end) (all of `buf` by default) and a newline. The bytes
   * are copied: the caller may reuse its buffer.
   */
  line(buf: Buffer, start = 0, end = buf.length): void {
    const n = end - start;
    if (this.pos + n + 1 > BLOCK) this.flush();
    if (n + 1 > BLOCK) {
      this.bytes(Buffer.concat([buf.subarray(start, end), Buffer.from("\n")]));
      return;
    }
    buf.copy(this.buf, this.pos, start, end);
    this.buf[this.pos + n] = 10;
    this.pos += n + 1;
  }

  /**
   * Appends buf[start..end), whole lines each ending in a newline: the same
   * bytes as passing each line to `line`. Uncompressed, large blocks go straight
   * to the file; gzip'd, line by line, so the members are the same too.
   */
  lines(buf: Buffer, start: number, end: number): void {
    if (this.gzip || end - start < BLOCK) {
      let s = start;
      while (s < end) {
        const nl = buf.indexOf(10, s);
        const e = nl < 0 || nl >= end ? end : nl;
        this.line(buf, s, e);
        s = e + 1;
      }
      return;
    }
    this.flush();
    this.out(buf.subarray(start, end));
  }

  /** Appends `b` as is. */
  bytes(b: Buffer): void {
    if (this.pos + b.length > BLOCK) this.flush();
    if (b.length > BLOCK) {
      this.out(b);
      return;
    }
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.out(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  private out(b: Buffer): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    // Each flush is one gzip member. Concatenated members are one valid gzip file
    // (RFC 1952 §2.2) that zcat and Node read whole, and a synchronous member per
    // megabyte costs well under 1 % in ratio against one stream.
    writeSync(this.fd, this.gzip ? gzipSync(b) : b);
  }

  /** Flushes, syncs and renames into place. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    try {
      renameSync(this.tmp, this.path);
    } catch (err) {
      rmSync(this.tmp, { force: true });
      throw err;
    }
  }

  /** Drops the temporary file; the destination is untouched. No-op after commit. */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
  }
}

/** Writes a whole small file atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const f = new AtomicFile(path);
  try {
    f.write(text);
    f.commit();
  } catch (err) {
    f.abort();
    throw err;
  }
}
