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

/** Printable ASCII without `"` or backslash: JSON.stringify only adds the quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `JSON.stringify(s)`, without its call for the plain names and ids a run is made of. */
function jsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** One line of the event log, newline included. */
export function eventLine(time: number, kind: string, ids: string): string {
  return `{"timeUs":${time},"kind":${jsonString(kind)},"ids":${jsonString(ids)}}\n`;
}

/** Characters of lines gathered before they are hashed (one hash update per block, not per event). */
const HASH_BLOCK = 1 << 16;

export class EventLog {
  private readonly hash: Hash = createHash("sha256");
  private n = 0;
  /** Lines not hashed yet: hashing a block at once gives the same digest as line by line. */
  private pending = "";

  /** `file`: where `events.jsonl` goes, or null when `report.events` is off. */
  constructor(private readonly file: AtomicFile | null) {}

  get count(): number {
    return this.n;
  }

  add(time: number, kind: string, ids: string): void {
    const line = eventLine(time, kind, ids);
    this.pending += line;
    if (this.pending.length >= HASH_BLOCK) this.flush();
    this.file?.write(line);
    this.n++;
  }

  /** The hex SHA-256 of the lines so far; call once, at the end. */
  digest(): string {
    this.flush();
    return this.hash.digest("hex");
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.hash.update(this.pending, "utf8");
    this.pending = "";
  }
}
