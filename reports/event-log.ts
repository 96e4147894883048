// The run's event log and its digest. Each `event(time, kind, ids)` record is one
// line, the same bytes whether or not `events.jsonl` is written:
//
//   {"timeUs":<time in whole µs>,"kind":<kind as a JSON string>,"ids":<ids as a JSON string>}\n
//
// and `digest` is the SHA-256 (hex) of all lines in order: `sha256sum events.jsonl`
// prints it. JSON strings make the line unambiguous whatever a name holds (a role
// named `a b\n` cannot fake a second event).
import { createHash, type Hash } from "node:crypto";
import type { AtomicFile } from "../common/output-files.ts";

/** One line of the event log, newline included. */
export function eventLine(time: number, kind: string, ids: string): string {
  return `{"timeUs":${time},"kind":${JSON.stringify(kind)},"ids":${JSON.stringify(ids)}}\n`;
}

export class EventLog {
  private readonly hash: Hash = createHash("sha256");
  private n = 0;

  /** `file`: where `events.jsonl` goes, or null when `report.events` is off. */
  constructor(private readonly file: AtomicFile | null) {}

  get count(): number {
    return this.n;
  }

  add(time: number, kind: string, ids: string): void {
    const line = eventLine(time, kind, ids);
    this.hash.update(line, "utf8");
    this.file?.write(line);
    this.n++;
  }

  /** The hex SHA-256 of the lines so far; call once, at the end. */
  digest(): string {
    return this.hash.digest("hex");
  }
}
