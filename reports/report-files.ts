// The files of one run directory, each written to a temporary name and renamed when
// whole (common/atomic-file.ts), with `summary.json` last: a directory without it
// is an unfinished run (experiment format, `--out`). On failure every file not yet
// renamed is dropped. (A common/ output-directory module is being built to replace
// this; the contract stays the same.)
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AtomicFile } from "../common/output-files.ts";

export class ReportFiles {
  private readonly open: AtomicFile[] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A file written as the run goes, renamed into place by `commit`. */
  stream(name: string): AtomicFile {
    const f = new AtomicFile(join(this.dir, name), false);
    this.open.push(f);
    return f;
  }

  /**
   * Renames every stream into place, then writes `files` in order, each whole;
   * the caller puts `summary.json` last. A file's text may be a function, called
   * when the files before it are in place (report.html is rendered from them).
   * Throws (after dropping whatever is not yet in place) if any write fails.
   */
  commit(files: readonly (readonly [name: string, text: string | (() => string)])[]): void {
    try {
      while (this.open.length > 0) {
        (this.open[0] as AtomicFile).commit();
        this.open.shift();
      }
      for (const [name, text] of files) {
        const f = new AtomicFile(join(this.dir, name), false);
        this.open.push(f);
        f.write(typeof text === "string" ? text : text());
        f.commit();
        this.open.pop();
      }
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Drops every file not yet renamed into place. */
  abort(): void {
    for (const f of this.open) f.abort();
    this.open.length = 0;
  }
}
