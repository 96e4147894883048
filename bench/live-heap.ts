// Reads V8's `--trace-gc` lines, which `npm run bench` asks of its child runs
// (bench/simulator.ts: Simulator/Scale and Simulator/Memory).

/**
 * The largest heap after a full collection in V8's `--trace-gc` lines, fed in
 * chunks as they arrive: `Mark-Compact 245.5 (281.6) -> 83.4 (247.6) MB, …` is
 * 83.4 MiB of heap in use once the collection is done (V8's "MB" is 2^20 bytes;
 * the figures in brackets are the heap's committed size).
 */
export class LiveHeap {
  private rest = "";
  maxBytes: number | undefined = undefined;

  read(chunk: string): void {
    const lines = (this.rest + chunk).split("\n");
    this.rest = lines.pop() ?? "";
    for (const line of lines) {
      const m = /Mark-Compact(?: \([^)]*\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
      if (m === null) continue;
      const bytes = Number(m[1]) * 1024 ** 2;
      if (this.maxBytes === undefined || bytes > this.maxBytes) this.maxBytes = bytes;
    }
  }
}
