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

/** The time of a canonical line, which always starts `{"time":<digits>,`. */
export function lineTime(line: string | Buffer): number {
  let t = 0;
  // 8 = '{"time":'.length; a digit loop is several times faster than JSON.parse.
  if (typeof line === "string") {
    for (let i = 8; i < line.length; i++) {
      const c = line.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      t = t * 10 + c;
    }
  } else {
    for (let i = 8; i < line.length; i++) {
      const c = (line[i] as number) - 48;
      if (c < 0 || c > 9) break;
      t = t * 10 + c;
    }
  }
  return t;
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
      if (this.n > 0) this.spill();
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

  private spill(): void {
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
    if (this.runs.length === 0) {
      for (const i of this.order()) yield this.arena.subarray(this.starts[i] as number, this.ends[i] as number);
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
        for (const line of mergeRuns(group)) w.line(line, 0, line.length);
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
    if (this.tmpDir !== null) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = null;
    this.runs = [];
    this.n = 0;
    this.arena = Buffer.alloc(0);
  }
}

/** Reads a run file line by line, synchronously, one block in memory. */
class RunReader {
  private readonly fd: number;
  private block = Buffer.allocUnsafe(READ_BLOCK);
  private start = 0;
  private end = 0;
  private eof = false;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  /** The next line (a view into the block, valid until the next call), or null at the end. */
  next(): Buffer | null {
    for (;;) {
      const nl = this.block.indexOf(NEWLINE, this.start);
      if (nl >= 0 && nl < this.end) {
        const line = this.block.subarray(this.start, nl);
        this.start = nl + 1;
        return line;
      }
      if (this.eof) {
        if (this.start < this.end) {
          const line = this.block.subarray(this.start, this.end);
          this.start = this.end;
          return line;
        }
        return null;
      }
      // Move the partial line to the front (growing the block for a very long
      // line), then fill the rest.
      const rest = this.end - this.start;
      if (rest === this.block.length) {
        const bigger = Buffer.allocUnsafe(this.block.length * 2);
        this.block.copy(bigger, 0, this.start, this.end);
        this.block = bigger;
      } else {
        this.block.copy(this.block, 0, this.start, this.end);
      }
      this.start = 0;
      this.end = rest;
      const n = readSync(this.fd, this.block, this.end, this.block.length - this.end, null);
      if (n === 0) {
        this.eof = true;
        closeSync(this.fd);
      }
      this.end += n;
    }
  }
}

interface Head {
  time: number;
  line: Buffer;
  run: RunReader;
}

function before(a: Head, b: Head): boolean {
  if (a.time !== b.time) return a.time < b.time;
  return Buffer.compare(a.line, b.line) < 0;
}

function* mergeRuns(paths: readonly string[]): Generator<Buffer> {
  const heap: Head[] = [];
  for (const p of paths) {
    const run = new RunReader(p);
    const line = run.next();
    if (line !== null) heapPush(heap, { time: lineTime(line), line, run });
  }
  while (heap.length > 0) {
    const top = heap[0] as Head;
    yield top.line;
    const line = top.run.next();
    if (line === null) {
      const last = heap.pop() as Head;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else {
      // Reuse the head object: no allocation per merged line.
      top.time = lineTime(line);
      top.line = line;
      siftDown(heap, 0);
    }
  }
}

function heapPush(heap: Head[], h: Head): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Head, heap[parent] as Head)) break;
    [heap[parent], heap[i]] = [heap[i] as Head, heap[parent] as Head];
    i = parent;
  }
}

function siftDown(heap: Head[], i: number): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < n && before(heap[l] as Head, heap[m] as Head)) m = l;
    if (r < n && before(heap[r] as Head, heap[m] as Head)) m = r;
    if (m === i) return;
    [heap[m], heap[i]] = [heap[i] as Head, heap[m] as Head];
    i = m;
  }
}
