// A progress bar for long conversions, drawn on stderr only when it is a terminal
// (so logs and pipes never receive carriage-return noise). Progress is measured in
// bytes read from the input files as stored, compressed or not, because that is
// the only total known before reading.

const REDRAW_MS = 200;

export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly startedAt = Date.now();
  private readonly enabled: boolean;

  constructor(
    private readonly totalBytes: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    enabled: boolean = out.isTTY === true,
  ) {
    this.enabled = enabled;
  }

  advance(bytes: number): void {
    this.done += bytes;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const fraction = this.totalBytes > 0 ? Math.min(1, this.done / this.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (now - this.startedAt) / 1000;
    const mbps = seconds > 0 ? this.done / 1e6 / seconds : 0;
    const bar = "=".repeat(filled) + " ".repeat(width - filled);
    this.out.write(
      `\r[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${(this.done / 1e6).toFixed(1)}/${(this.totalBytes / 1e6).toFixed(1)} MB ${mbps.toFixed(1)} MB/s`,
    );
  }

  /** Clears the bar so the next message starts on a clean line. */
  finish(): void {
    if (this.enabled && this.lastDraw > 0) this.out.write("\r\x1b[K");
  }
}
