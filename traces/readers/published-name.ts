// A trace file's published name, split into the parts readers recognise tables by.
// Only a file with one of its format's published extensions is a table at all:
// publishers' folders also hold schema files, READMEs, `.header` files, YAML node
// lists and, once unpacked on a Mac, `.DS_Store` files (alibaba/clusterdata's own
// folders contain them), none of which is a shard.
import { basename, dirname } from "node:path";

export interface PublishedName {
  /** The name of the folder the file is in (`task_events` for `task_events/part-…`). */
  dir: string;
  /** The file name without its extension (`part-00000-of-00500`). */
  stem: string;
}

/**
 * The folder and stem of `path` if its name ends in one of `extensions` (case as
 * published) and is not a dotfile; null otherwise.
 */
export function publishedName(path: string, extensions: readonly string[]): PublishedName | null {
  const base = basename(path);
  if (base.startsWith(".")) return null;
  let ext: string | null = null;
  // Longest first, so `.csv.gz` wins over `.gz`.
  for (const e of extensions) if (base.endsWith(e) && base.length > e.length && (ext === null || e.length > ext.length)) ext = e;
  if (ext === null) return null;
  return { dir: basename(dirname(path)), stem: base.slice(0, base.length - ext.length) };
}

/**
 * The table named by `stem` as `<table>` or `<table><sep><shard>` (sep one of
 * `-`, `_`, `.`: `instance_events-000000000000`), the longest such table name.
 */
export function tableByStem(stem: string, tables: readonly string[]): string | null {
  let best: string | null = null;
  for (const t of tables) {
    if (stem !== t && !(stem.startsWith(t) && "-_.".includes(stem[t.length] as string))) continue;
    if (best === null || t.length > best.length) best = t;
  }
  return best;
}
