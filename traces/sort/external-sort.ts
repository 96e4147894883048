// Sorts canonical lines by (time, line bytes) in bounded memory. Lines are encoded
// into one preallocated byte arena as they arrive (off the JS heap: no per-line
// string is kept alive, so the garbage collector has almost nothing to trace);
// when the arena is full its index is sorted and the lines are spilled to a run
// file, and at the end the runs are merged with a heap, in groups of FAN_IN so a
// huge input never opens thousands of files. Memory is the arena plus one read
// block per run, whatever the input size; inputs that fit never touch the disk.
//
// Input that arrives almost in order (most traces) takes a shortcut: the
// "ordered prefix" file receives the sorted lines directly and is the output's
// body. Given a header guess, it starts with room for the header, so that the
// output can be that very file, renamed, instead of a copy of it.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { makeScratchDir, removeScratch } from "../../common/output-files.ts";
import { BackgroundSync } from "./background-sync.ts";
import { bytesTime, copyLines, FileWriter, mergeRuns, type LineCursor, type LineSink, type Run } from "./run-files.ts";

export type { LineSink } from "./run-files.ts";

const DEFAULT_ARENA_BYTES = 64 * 1024 * 1024;
const FAN_IN = 64;
/** Lines merged between two pauses of drainToPausing (about 16 MB of output). */
const PAUSE_LINES = 1 << 16;

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

export class ExternalSorter {
  private arena: Buffer;
  private used = 0;
  private times = new Float64Array(1 << 16);
  private starts = new Uint32Array(1 << 16);
  private ends = new Uint32Array(1 << 16);
  private n = 0;
  private runs: Run[] = [];
  private tmpDir: string | null = null;
  private nextRun = 0;
  /**
   * The ordered prefix: while every line pushed sorts at or after the last line
   * written out, a full arena writes its lowest lines straight to this one file,
   * which is then the output's body in order (no spill and merge). A line that
   * sorts earlier ends it: the file becomes an ordinary sorted run.
   */
  private prefix: { path: string; fd: number; w: FileWriter; skip: number; sync: BackgroundSync | null } | null = null;
  private prefixOpen = true;
  /** Time and bytes of the last line written to the prefix. */
  private floorTime = -Infinity;
  private floorLine: Buffer = Buffer.alloc(0);
  count = 0;

  constructor(
    private readonly tmpParent: string,
    arenaBytes: number = DEFAULT_ARENA_BYTES,
    /**
     * Bytes to reserve for the output's header (with its newline) at the start of
     * the prefix file, asked once when the file is made; see `commitInPlace`.
     */
    private readonly headerGuess?: () => number,
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
    p.sync?.release();
    try {
      p.w.flush();
    } finally {
      closeSync(p.fd);
    }
    this.runs.push({ path: p.path, skip: p.skip });
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
      const skip = this.headerGuess?.() ?? 0;
      // Placeholder bytes, overwritten by the header if the guess is right.
      if (skip > 0) writeSync(fd, Buffer.alloc(skip, 32));
      // A file that may become the output is written back as it grows (see BackgroundSync).
      const sync = skip > 0 ? new BackgroundSync(path) : null;
      this.prefix = { path, fd, w: new FileWriter(fd, sync === null ? undefined : (n) => sync.wrote(n)), skip, sync };
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
    this.runs.push({ path, skip: 0 });
    this.n = 0;
    this.used = 0;
  }

  private newRunPath(): string {
    // Scratch named after this process: removed on SIGINT/SIGTERM, and by a later
    // run if this one is killed outright.
    if (this.tmpDir === null) this.tmpDir = makeScratchDir(this.tmpParent, "sort");
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
   * drainTo, awaiting `pause` every PAUSE_LINES lines of a merge: a long merge
   * is synchronous work, and Node runs a SIGINT or SIGTERM handler (which removes
   * the run files) only between tasks. Same bytes as drainTo.
   */
  async drainToPausing(out: LineSink, pause: () => Promise<void>): Promise<void> {
    const body = this.finishPrefix();
    if (body !== null && out.lines !== undefined) {
      // One sequential block copy: fast enough not to need pauses.
      copyLines(body, out);
      return;
    }
    let n = 0;
    for (const c of this.lines()) {
      out.line(c.buf, c.start, c.end);
      if (++n === PAUSE_LINES) {
        n = 0;
        await pause();
      }
    }
  }

  /**
   * The shortcut for an output that is `header` then every line: if the prefix
   * is still ordered and its reserved room is exactly `header`'s length, appends
   * the arena's lines to it, writes `header` into the room, syncs the file and
   * renames it to `dest` (which must be on the same filesystem as the sort's
   * directory), and returns true. Otherwise changes nothing and returns false:
   * then write the header and `drainTo` as usual. Call once, after the last push.
   */
  commitInPlace(header: Buffer, dest: string): boolean {
    const p = this.prefix;
    if (!this.prefixOpen || p === null || p.skip !== header.length) return false;
    for (const i of this.order()) p.w.line(this.arena, this.starts[i] as number, this.ends[i] as number);
    this.n = 0;
    this.used = 0;
    this.prefix = null;
    this.prefixOpen = false;
    // Released first: whatever fails below, no sync descriptor is left behind.
    p.sync?.release();
    try {
      p.w.flush();
      writeSync(p.fd, header, 0, header.length, 0);
      fsyncSync(p.fd);
    } finally {
      closeSync(p.fd);
    }
    renameSync(p.path, dest);
    return true;
  }

  /**
   * If the prefix is still ordered, appends the arena's lines to it and returns
   * it: the whole sorted output. Otherwise null.
   */
  private finishPrefix(): Run | null {
    if (!this.prefixOpen || this.prefix === null) return null;
    const p = this.prefix;
    for (const i of this.order()) p.w.line(this.arena, this.starts[i] as number, this.ends[i] as number);
    this.n = 0;
    this.used = 0;
    this.closePrefix();
    return { path: p.path, skip: p.skip };
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
      for (const r of group) rmSync(r.path, { force: true });
      this.runs.push({ path, skip: 0 });
    }
    yield* mergeRuns(this.runs);
  }

  /** Removes run files and releases the arena. Safe to call more than once. */
  cleanup(): void {
    if (this.prefix !== null) {
      this.prefix.sync?.release();
      closeSync(this.prefix.fd);
    }
    this.prefix = null;
    if (this.tmpDir !== null) removeScratch(this.tmpDir);
    this.tmpDir = null;
    this.runs = [];
    this.n = 0;
    this.arena = Buffer.alloc(0);
  }
}
