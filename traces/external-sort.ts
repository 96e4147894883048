// Sorts canonical lines by (time, line text) in bounded memory: lines are buffered
// up to a byte budget, each full buffer is sorted and spilled to a run file, and
// the runs are merged with a heap. Memory is one buffer plus one read block per
// run (runs are merged in groups of FAN_IN, so a huge input never opens thousands
// of files), whatever the input size. Inputs that fit in one buffer never touch
// the disk.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";

const DEFAULT_BUFFER_BYTES = 96 * 1024 * 1024;
const FAN_IN = 64;
const READ_BLOCK = 1 << 20;

interface Entry {
  time: number;
  line: string;
}

/** The total order of a canonical trace: time, then the line's text (type, id, rest). */
function compareEntries(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time - b.time;
  return a.line < b.line ? -1 : a.line > b.line ? 1 : 0;
}

/** The time of a canonical line, which always starts `{"time":<digits>,`. */
export function lineTime(line: string): number {
  let t = 0;
  // 8 = '{"time":'.length; plain digit loop is several times faster than JSON.parse.
  for (let i = 8; i < line.length; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    t = t * 10 + c;
  }
  return t;
}

export class ExternalSorter {
  private buffer: Entry[] = [];
  private bufferedBytes = 0;
  private runs: string[] = [];
  private tmpDir: string | null = null;
  private nextRun = 0;
  count = 0;

  constructor(
    private readonly tmpParent: string,
    private readonly bufferBytes: number = DEFAULT_BUFFER_BYTES,
  ) {}

  push(time: number, line: string): void {
    this.buffer.push({ time, line });
    // Two bytes per UTF-16 code unit plus the entry: a deliberate over-estimate.
    this.bufferedBytes += line.length * 2 + 64;
    this.count++;
    if (this.bufferedBytes >= this.bufferBytes) this.spill();
  }

  /** Number of run files written so far (0 when everything fitted in memory). */
  get spilledRuns(): number {
    return this.nextRun;
  }

  private spill(): void {
    this.buffer.sort(compareEntries);
    const path = this.newRunPath();
    writeLines(path, this.buffer.map((e) => e.line));
    this.runs.push(path);
    this.buffer = [];
    this.bufferedBytes = 0;
  }

  private newRunPath(): string {
    if (this.tmpDir === null) this.tmpDir = mkdtempSync(join(this.tmpParent, ".mesosim-sort-"));
    return join(this.tmpDir, `run-${this.nextRun++}`);
  }

  /** Yields every line in order. Call once, after the last push. */
  *drain(): Generator<string> {
    if (this.runs.length === 0) {
      this.buffer.sort(compareEntries);
      const buffer = this.buffer;
      this.buffer = [];
      for (const e of buffer) yield e.line;
      return;
    }
    if (this.buffer.length > 0) this.spill();
    // Pre-merge in groups until one heap merge can take every run.
    while (this.runs.length > FAN_IN) {
      const group = this.runs.splice(0, FAN_IN);
      const path = this.newRunPath();
      const fd = openSync(path, "w");
      try {
        let out: string[] = [];
        for (const line of mergeRuns(group)) {
          out.push(line);
          if (out.length >= 16384) {
            writeSync(fd, out.join("\n") + "\n");
            out = [];
          }
        }
        if (out.length > 0) writeSync(fd, out.join("\n") + "\n");
      } finally {
        closeSync(fd);
      }
      for (const p of group) rmSync(p, { force: true });
      this.runs.push(path);
    }
    yield* mergeRuns(this.runs);
  }

  /** Removes run files. Safe to call more than once. */
  cleanup(): void {
    if (this.tmpDir !== null) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = null;
    this.runs = [];
    this.buffer = [];
  }
}

function writeLines(path: string, lines: string[]): void {
  const fd = openSync(path, "w");
  try {
    // Joined in slices so no single string approaches V8's maximum string length.
    for (let i = 0; i < lines.length; i += 65536) {
      writeSync(fd, lines.slice(i, i + 65536).join("\n") + "\n");
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads a run file line by line, synchronously, one block in memory. */
class RunReader {
  private readonly fd: number;
  private readonly block = Buffer.allocUnsafe(READ_BLOCK);
  private readonly decoder = new StringDecoder("utf8");
  private lines: string[] = [];
  private index = 0;
  private carry = "";
  private eof = false;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  next(): string | null {
    while (this.index >= this.lines.length) {
      if (this.eof) return null;
      const n = readSync(this.fd, this.block, 0, READ_BLOCK, null);
      if (n === 0) {
        this.eof = true;
        closeSync(this.fd);
        const rest = this.carry + this.decoder.end();
        this.lines = rest === "" ? [] : [rest];
      } else {
        const parts = (this.carry + this.decoder.write(this.block.subarray(0, n))).split("\n");
        this.carry = parts.pop() ?? "";
        this.lines = parts;
      }
      this.index = 0;
    }
    return this.lines[this.index++] as string;
  }
}

interface Head extends Entry {
  run: RunReader;
}

function* mergeRuns(paths: readonly string[]): Generator<string> {
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
    if (compareEntries(heap[parent] as Head, heap[i] as Head) <= 0) break;
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
    if (l < n && compareEntries(heap[l] as Head, heap[m] as Head) < 0) m = l;
    if (r < n && compareEntries(heap[r] as Head, heap[m] as Head) < 0) m = r;
    if (m === i) return;
    [heap[m], heap[i]] = [heap[i] as Head, heap[m] as Head];
    i = m;
  }
}
