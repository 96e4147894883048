// Early write-back of a large file being written: every `every` bytes, an
// fdatasync of what is written so far is started on libuv's thread pool and the
// writer goes on at once. The disk then writes while the converter parses, and
// the fsync that makes the finished file durable (still the caller's, and still
// synchronous) waits only for the tail. Without this, an 800 MB output spent more
// than a second in that one final fsync.
//
// The syncs use a descriptor of their own, closed only once none is running, so
// the writer closing its descriptor can never race with them. An early sync's
// error is ignored: the final fsync reports any that still matter.
import { close, fdatasync, openSync } from "node:fs";

export class BackgroundSync {
  private fd: number | null = null;
  private running = 0;
  private released = false;
  private unsynced = 0;

  constructor(
    private readonly path: string,
    private readonly every: number = 64 << 20,
  ) {}

  /** Counts `bytes` more written; starts a sync when enough have gathered and none is running. */
  wrote(bytes: number): void {
    this.unsynced += bytes;
    if (this.unsynced < this.every || this.running > 0 || this.released) return;
    this.unsynced = 0;
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, "r");
      } catch {
        // Best effort (e.g. out of descriptors): the final fsync still makes the file durable.
        this.released = true;
        return;
      }
    }
    this.running++;
    fdatasync(this.fd, () => {
      this.running--;
      this.closeIfIdle();
    });
  }

  /** No more syncs; the descriptor closes when the running one (if any) ends. */
  release(): void {
    this.released = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.released || this.running > 0 || this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    close(fd, () => {});
  }
}
