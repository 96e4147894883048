// Sorts canonical lines by (time, line bytes) in bounded memory. Lines are encoded
// into one preallocated byte arena as they arrive (off the JS heap: no per-line
// string is kept alive, so the garbage collector has almost nothing to trace);
// when the arena is full its index is sorted and the lines are spilled to a run
// file, and at the end the runs are merged with a heap, in groups of FAN_IN so a
// huge input never opens thousands of files. Memory is the arena plus one read
// block per run, whatever the input size; inputs that fit never touch the disk.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

const DEFAULT_ARENA_BYTES = 64 * 1024 * 1024;
const FAN_IN = 64;
const READ_BLOCK = 1 << 20;
const NEWLINE = 10;
const COPY_BLOCK = 4 << 20;

/** The time of a canonical line, which always starts `{"time":<digits>,`. */
export function lineTime(line: string | Buffer): number {
  if (typeof line !== "string") return bytesTime(line, 0, line.length);
  let t = 0;
  // 8 = '{"time":'.length; a digit loop is several times faster than JSON.parse.
  for (let i = 8; i < line.length; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  return t;
}

/** lineTime of the line buf[start..end). */
function bytesTime(buf: Buffer, start: number, end: number): number {
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
interface LineCursor {
  buf: Buffer;
  start: number;
  end: number;
}

/** Buffered sequential writes to one file descriptor. */
class FileWriter {
  private readonly buf = Buffer.allocUnsafe(READ_BLOCK);
  private pos = 0;
  constructor(private readonly fd: number) {}

  line(src: Buffer, start: number, end: number): void {
    const n = end - start + 1;
    if (this.pos + n > this.buf.length) this.flush();
    if (n > this.buf.length) {
      writeSync(this.fd, src, start, end - start);
      writeSync(this.fd, "\n");
      return;
    }
    src.copy(this.buf, this.pos, start, end);
    this.buf[this.pos + n - 1] = NEWLINE;
    this.pos += n;
  }

  flush(): void {
    if (this.pos > 0) writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
}

export class ExternalSorter {
  private arena: Buffer;
  private used = 0;
  private times = new Float64Array(1 << 16);
  private starts = new Uint32Array(1 << 16);
  private ends = new Uint32Array(1 << 16);
  private n = 0;
  private runs: string[] = [];
  private tmpDir: string | null = null;
  private nextRun = 0;
  /**
   * The ordered prefix: while every line pushed sorts at or after the last line
   * written out, a full arena writes its lowest lines straight to this one file,
   * which is then the output's body in order (no spill and merge). A line that
   * sorts earlier ends it: the file becomes an ordinary sorted run.
   */
  private prefix: { path: string; fd: number; w: FileWriter } | null = null;
  private prefixOpen = true;
  /** Time and bytes of the last line written to the prefix. */
  private floorTime = -Infinity;
  private floorLine: Buffer = Buffer.alloc(0);
  count = 0;

  constructor(
    private readonly tmpParent: string,
    arenaBytes: number = DEFAULT_ARENA_BYTES,
  ) {
    this.arena = Buffer.allocUnsafe(arenaBytes);
  }

  push(time: number, line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const start = this.reserve(line.length * 3);
    this.commit(time, start + this.arena.write(line, start, "utf8"));
  }

  /**
   * Makes room for a line of at most `maxBytes` (spilling if the arena is full)
   * and returns the offset in `buffer` to write it at, for writers that encode
   * lines themselves; `commit` then adds it. Nothing else may run in between.
   */
  reserve(maxBytes: number): number {
    if (this.used + maxBytes > this.arena.length) {
      if (this.n > 0) {
        if (this.prefixOpen) this.extendPrefix();
        else this.spill();
      }
      if (this.used + maxBytes > this.arena.length && this.n > 0) this.spill();
      if (maxBytes > this.arena.length) this.arena = Buffer.allocUnsafe(maxBytes);
    }
    return this.used;
  }

  /** The arena that `reserve`'s offset points into (it changes after a spill). */
  get buffer(): Buffer {
    return this.arena;
  }

  /** Adds the line written at `reserve`'s offset up to `end` (exclusive, no newline). */
  commit(time: number, end: number): void {
    if (time <= this.floorTime) this.checkFloor(time, end);
    if (this.n === this.times.length) this.grow();
    this.times[this.n] = time;
    this.starts[this.n] = this.used;
    this.ends[this.n] = end;
    this.used = end;
    this.n++;
    this.count++;
  }

  /** Number of run files written so far (0 when everything fitted in memory). */
  get spilledRuns(): number {
    return this.nextRun;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const t = new Float64Array(size);
    t.set(this.times);
    this.times = t;
    const s = new Uint32Array(size);
    s.set(this.starts);
    this.starts = s;
    const e = new Uint32Array(size);
    e.set(this.ends);
    this.ends = e;
  }

  /** The arena's line indexes in canonical order: time, then bytes. */
  private order(): Uint32Array {
    const { times, starts, ends, arena } = this;
    const order = new Uint32Array(this.n);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => {
      const d = (times[a] as number) - (times[b] as number);
      if (d !== 0) return d;
      return arena.compare(arena, starts[b] as number, ends[b] as number, starts[a] as number, ends[a] as number);
    });
    return order;
  }

  /** A line at or before the last prefix line: the prefix stays ordered only if it is not earlier. */
  private checkFloor(time: number, end: number): void {
    if (time === this.floorTime && this.arena.compare(this.floorLine, 0, this.floorLine.length, this.used, end) >= 0) return;
    this.closePrefix();
  }

  /** Ends the ordered prefix: its file becomes the first sorted run. */
  private closePrefix(): void {
    this.prefixOpen = false;
    this.floorTime = -Infinity;
    const p = this.prefix;
    if (p === null) return;
    this.prefix = null;
    try {
      p.w.flush();
    } finally {
      closeSync(p.fd);
    }
    this.runs.push(p.path);
  }

  /**
   * The arena is full and every line so far sorts after the prefix: sorts it,
   * appends its lower part (all but the last eighth) to the prefix and keeps the
   * rest, moved to the front of the arena, for later lines to sort among.
   */
  private extendPrefix(): void {
    const order = this.order();
    const keep = this.n >> 3;
    const cut = this.n - keep;
    if (cut === 0) {
      this.closePrefix();
      return;
    }
    if (this.prefix === null) {
      const path = this.newRunPath();
      const fd = openSync(path, "w");
      this.prefix = { path, fd, w: new FileWriter(fd) };
    }
    const { arena, starts, ends, times } = this;
    const w = this.prefix.w;
    for (let k = 0; k < cut; k++) {
      const i = order[k] as number;
      w.line(arena, starts[i] as number, ends[i] as number);
    }
    const last = order[cut - 1] as number;
    this.floorTime = times[last] as number;
    this.floorLine = Buffer.from(arena.subarray(starts[last] as number, ends[last] as number));
    // Kept lines, in sorted order, copied to the front of a fresh arena.
    let bytes = 0;
    for (let k = cut; k < this.n; k++) {
      const i = order[k] as number;
      bytes += (ends[i] as number) - (starts[i] as number);
    }
    const kept = Buffer.allocUnsafe(bytes);
    const keptTimes = new Float64Array(keep);
    let pos = 0;
    for (let k = cut; k < this.n; k++) {
      const i = order[k] as number;
      pos += arena.copy(kept, pos, starts[i] as number, ends[i] as number);
      keptTimes[k - cut] = times[i] as number;
    }
    kept.copy(arena, 0, 0, bytes);
    pos = 0;
    // Rewrite the index for the kept lines (lengths taken from the copy order).
    const lens = new Uint32Array(keep);
    for (let k = 0; k < keep; k++) {
      const i = order[cut + k] as number;
      lens[k] = (ends[i] as number) - (starts[i] as number);
    }
    for (let k = 0; k < keep; k++) {
      times[k] = keptTimes[k] as number;
      starts[k] = pos;
      pos += lens[k] as number;
      ends[k] = pos;
    }
    this.n = keep;
    this.used = pos;
  }

  private spill(): void {
    if (this.prefixOpen) this.closePrefix();
    const order = this.order();
    const path = this.newRunPath();
    const fd = openSync(path, "w");
    try {
      const w = new FileWriter(fd);
      for (const i of order) w.line(this.arena, this.starts[i] as number, this.ends[i] as number);
      w.flush();
    } finally {
      closeSync(fd);
    }
    this.runs.push(path);
    this.n = 0;
    this.used = 0;
  }

  private newRunPath(): string {
    if (this.tmpDir === null) this.tmpDir = mkdtempSync(join(this.tmpParent, ".mesosim-sort-"));
    return join(this.tmpDir, `run-${this.nextRun++}`);
  }

  /**
   * Yields every line in order, without its newline. Each Buffer is a view that
   * is valid only until the next line is requested: copy it, don't keep it.
   * Call once, after the last push.
   */
  *drain(): Generator<Buffer> {
    for (const c of this.lines()) yield c.buf.subarray(c.start, c.end);
  }

  /**
   * Appends every line in order to `out`, each with its newline: drain without
   * a Buffer view per line. Call once, after the last push.
   */
  drainTo(out: LineSink): void {
    const body = this.finishPrefix();
    if (body !== null && out.lines !== undefined) {
      copyLines(body, out);
      return;
    }
    for (const c of this.lines()) out.line(c.buf, c.start, c.end);
  }

  /**
   * If the prefix is still ordered, appends the arena's lines to it and returns
   * its path: the whole sorted output. Otherwise null.
   */
  private finishPrefix(): string | null {
    if (!this.prefixOpen || this.prefix === null) return null;
    const p = this.prefix;
    for (const i of this.order()) p.w.line(this.arena, this.starts[i] as number, this.ends[i] as number);
    this.n = 0;
    this.used = 0;
    this.closePrefix();
    return p.path;
  }

  /** Every line in order, as one cursor object that moves (no allocation per line). */
  private *lines(): Generator<LineCursor> {
    this.finishPrefix();
    if (this.runs.length === 0) {
      const c: LineCursor = { buf: this.arena, start: 0, end: 0 };
      for (const i of this.order()) {
        c.start = this.starts[i] as number;
        c.end = this.ends[i] as number;
        yield c;
      }
      this.n = 0;
      return;
    }
    if (this.n > 0) this.spill();
    // Pre-merge in groups until one heap merge can take every run.
    while (this.runs.length > FAN_IN) {
      const group = this.runs.splice(0, FAN_IN);
      const path = this.newRunPath();
      const fd = openSync(path, "w");
      try {
        const w = new FileWriter(fd);
        for (const c of mergeRuns(group)) w.line(c.buf, c.start, c.end);
        w.flush();
      } finally {
        closeSync(fd);
      }
      for (const p of group) rmSync(p, { force: true });
      this.runs.push(path);
    }
    yield* mergeRuns(this.runs);
  }

  /** Removes run files and releases the arena. Safe to call more than once. */
  cleanup(): void {
    if (this.prefix !== null) closeSync(this.prefix.fd);
    this.prefix = null;
    if (this.tmpDir !== null) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = null;
    this.runs = [];
    this.n = 0;
    this.arena = Buffer.alloc(0);
  }
}

/** Passes a sorted file's lines to out.lines in large blocks of whole lines. */
function copyLines(path: string, out: LineSink): void {
  const fd = openSync(path, "r");
  try {
    let buf = Buffer.allocUnsafe(COPY_BLOCK);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
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

  constructor(path: string) {
    this.fd = openSync(path, "r");
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
      const n = readSync(this.fd, this.buf, this.filled, this.buf.length - this.filled, null);
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
function* mergeRuns(paths: readonly string[]): Generator<LineCursor> {
  const heap: RunReader[] = [];
  for (const p of paths) {
    const run = new RunReader(p);
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
