// Sorted run files, the external sort's disk side: writing lines to a file in
// large blocks, reading a run back line by line, merging runs with a heap, and
// copying a sorted file out in blocks of whole lines. A run may start `skip`
// bytes in (the sort's ordered prefix reserves room for the output's header).
import { closeSync, openSync, readSync, writeSync } from "node:fs";

export const READ_BLOCK = 1 << 20;
const NEWLINE = 10;
const COPY_BLOCK = 4 << 20;

/** A sorted run on disk: its lines start `skip` bytes into the file. */
export interface Run {
  readonly path: string;
  readonly skip: number;
}

/** lineTime of the line buf[start..end). */
export function bytesTime(buf: Buffer, start: number, end: number): number {
  let t = 0;
  for (let i = start + 8; i < end; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  return t;
}
/** Where drainTo writes: buf[start..end) is one line, without its newline. */
export interface LineSink {
  line(buf: Buffer, start: number, end: number): void;
  /**
   * Optional: appends buf[start..end), which is whole lines each ending in a
   * newline, exactly as the same lines passed one by one to `line` would be.
   */
  lines?(buf: Buffer, start: number, end: number): void;
}
/** One line: buf[start..end), valid until the cursor moves. */
export interface LineCursor {
  buf: Buffer;
  start: number;
  end: number;
}
/** Buffered sequential writes to one file descriptor. */
export class FileWriter {
  private readonly buf = Buffer.allocUnsafe(READ_BLOCK);
  private pos = 0;
  constructor(
    private readonly fd: number,
    /** Told the size of every block written. */
    private readonly onWrite?: (bytes: number) => void,
  ) {}

  line(src: Buffer, start: number, end: number): void {
    const n = end - start + 1;
    if (this.pos + n > this.buf.length) this.flush();
    if (n > this.buf.length) {
      writeSync(this.fd, src, start, end - start);
      writeSync(this.fd, "\n");
      this.onWrite?.(n);
      return;
    }
    src.copy(this.buf, this.pos, start, end);
    this.buf[this.pos + n - 1] = NEWLINE;
    this.pos += n;
  }

  flush(): void {
    if (this.pos > 0) {
      writeSync(this.fd, this.buf, 0, this.pos);
      this.onWrite?.(this.pos);
    }
    this.pos = 0;
  }
}

/** Passes a sorted file's lines to out.lines in large blocks of whole lines. */
export function copyLines(run: Run, out: LineSink): void {
  const fd = openSync(run.path, "r");
  try {
    let buf = Buffer.allocUnsafe(COPY_BLOCK);
    let filled = 0;
    let position = run.skip;
    for (;;) {
      const n = readSync(fd, buf, filled, buf.length - filled, position);
      position += n;
      filled += n;
      if (n === 0) {
        // A last line without its newline cannot happen: FileWriter ends every line.
        if (filled > 0) (out.lines as NonNullable<LineSink["lines"]>)(buf, 0, filled);
        return;
      }
      const cut = buf.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut === 0) {
        if (filled === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, filled);
          buf = bigger;
        }
        continue;
      }
      (out.lines as NonNullable<LineSink["lines"]>)(buf, 0, cut);
      buf.copy(buf, 0, cut, filled);
      filled -= cut;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a run file line by line, synchronously, one block in memory. It is its
 * own cursor: after next() returns true, block[lineStart..lineEnd) is the line,
 * valid until the next call.
 */
class RunReader implements LineCursor {
  private readonly fd: number;
  buf = Buffer.allocUnsafe(READ_BLOCK);
  start = 0;
  end = 0;
  /** Time of the current line. */
  time = 0;
  private pos = 0;
  private filled = 0;
  private eof = false;

  private position: number;

  constructor(run: Run) {
    this.fd = openSync(run.path, "r");
    this.position = run.skip;
  }

  /** Moves to the next line; false at the end of the run. */
  next(): boolean {
    for (;;) {
      const nl = this.buf.indexOf(NEWLINE, this.pos);
      if (nl >= 0 && nl < this.filled) return this.take(nl, nl + 1);
      if (this.eof) return this.pos < this.filled ? this.take(this.filled, this.filled) : false;
      // Move the partial line to the front (growing the block for a very long
      // line), then fill the rest.
      const rest = this.filled - this.pos;
      if (rest === this.buf.length) {
        const bigger = Buffer.allocUnsafe(this.buf.length * 2);
        this.buf.copy(bigger, 0, this.pos, this.filled);
        this.buf = bigger;
      } else {
        this.buf.copy(this.buf, 0, this.pos, this.filled);
      }
      this.pos = 0;
      this.filled = rest;
      const n = readSync(this.fd, this.buf, this.filled, this.buf.length - this.filled, this.position);
      this.position += n;
      if (n === 0) {
        this.eof = true;
        closeSync(this.fd);
      }
      this.filled += n;
    }
  }

  private take(end: number, next: number): boolean {
    this.start = this.pos;
    this.end = end;
    this.pos = next;
    this.time = bytesTime(this.buf, this.start, end);
    return true;
  }
}

function before(a: RunReader, b: RunReader): boolean {
  if (a.time !== b.time) return a.time < b.time;
  return a.buf.compare(b.buf, b.start, b.end, a.start, a.end) < 0;
}

/** Merges sorted runs; yields the run whose line is next (each reader is its own cursor). */
export function* mergeRuns(runs: readonly Run[]): Generator<LineCursor> {
  const heap: RunReader[] = [];
  for (const r of runs) {
    const run = new RunReader(r);
    if (run.next()) heapPush(heap, run);
  }
  while (heap.length > 0) {
    const top = heap[0] as RunReader;
    yield top;
    if (top.next()) siftDown(heap, 0);
    else {
      const last = heap.pop() as RunReader;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    }
  }
}

function heapPush(heap: RunReader[], h: RunReader): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as RunReader, heap[parent] as RunReader)) break;
    [heap[parent], heap[i]] = [heap[i] as RunReader, heap[parent] as RunReader];
    i = parent;
  }
}

function siftDown(heap: RunReader[], i: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && before(heap[l] as RunReader, heap[m] as RunReader)) m = l;
    if (r < n && before(heap[r] as RunReader, heap[m] as RunReader)) m = r;
    if (m === i) return;
    [heap[m], heap[i]] = [heap[i] as RunReader, heap[m] as RunReader];
    i = m;
  }
}
