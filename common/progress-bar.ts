// A progress bar for long work (trace conversion, simulation runs), drawn on stderr
// only when it is a terminal, so that logs and pipes never receive carriage-return
// noise. Drawing is cli-progress's (see the README's dependency list); this file
// only fixes the one look every command shares: a bar, percent, amount done of
// the total in the command's unit, and the rate.
import cliProgress from "cli-progress";

export interface ProgressUnit {
  /** Shown after the amounts, e.g. "MB" or "s simulated". */
  readonly name: string;
  /** Divides raw amounts for display (1e6 turns bytes into MB). */
  readonly scale: number;
}

export const BYTES_AS_MB: ProgressUnit = { name: "MB", scale: 1e6 };

export class ProgressBar {
  private readonly bar: cliProgress.SingleBar | undefined;
  private done = 0;
  private started = false;
  private startedAt = 0;

  /**
   * @param total amount of work in raw units (bytes read, µs simulated); 0 if unknown
   * @param enabled draw at all; by default only when `out` is a terminal
   */
  constructor(
    private readonly total: number,
    out: NodeJS.WriteStream = process.stderr,
    enabled: boolean = out.isTTY === true,
    private readonly unit: ProgressUnit = BYTES_AS_MB,
  ) {
    if (!enabled) return;
    this.bar = new cliProgress.SingleBar(
      {
        stream: out,
        format: `[{bar}] {percentage}% {shown}/{totalShown} ${unit.name} {rate} ${unit.name}/s`,
        barsize: 30,
        fps: 5,
        hideCursor: false,
        clearOnComplete: true,
        // Draw whenever stderr is given; the caller already decided it is a terminal.
        noTTYOutput: true,
        notTTYSchedule: 200,
      },
      cliProgress.Presets.legacy,
    );
  }

  advance(amount: number): void {
    this.done += amount;
    if (this.bar === undefined) return;
    if (!this.started) {
      this.started = true;
      this.startedAt = Date.now();
      this.bar.start(Math.max(this.total, 1), Math.min(this.done, this.total), this.payload());
    } else this.bar.update(Math.min(this.done, this.total), this.payload());
  }

  /** Clears the bar so the next message starts on a clean line. */
  finish(): void {
    if (this.bar !== undefined && this.started) this.bar.stop();
  }

  private payload(): Record<string, string> {
    const s = this.unit.scale;
    const seconds = (Date.now() - this.startedAt) / 1000;
    return {
      shown: (this.done / s).toFixed(1),
      totalShown: (this.total / s).toFixed(1),
      rate: seconds > 0 ? (this.done / s / seconds).toFixed(1) : "-",
    };
  }
}
