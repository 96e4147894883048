// Output paths and scratch space, for every command that writes files
// (`trace convert`, `fit`, `synth`, and the simulator's run directory). It keeps
// four promises:
//
// 1. Paths are checked before any work starts, and a bad one is exit 2 naming the
//    user's path (never a temporary name): every input exists, is readable, and is
//    a file (or a directory, where shards are allowed); the output's folder exists
//    and is writable; a file output is not a folder; and no output is one of the
//    inputs. Inputs are compared by device and inode, so a symlink or a hard link
//    to an input is caught too, and a directory of shards counts for every file in
//    it. (`trace convert x.csv --out x.csv` used to replace its input and exit 0.)
// 2. Outputs appear whole or not at all: a file is written under a temporary name
//    beside it (same filesystem, so the rename is atomic), synced, then renamed; a
//    directory is filled in a temporary sibling and renamed in place as a whole.
// 3. Scratch (temporary outputs, sort runs) is named after its owner,
//    `.<label>.mesosim-<pid>@<host>-<n>.tmp`, so that a later run can tell a dead
//    owner's leftovers from a live one's: whenever scratch is made in a folder,
//    the leftovers of dead processes of this host in that folder are removed first.
// 4. While this process holds scratch, SIGINT and SIGTERM remove all of it (and so
//    every unfinished output) and exit with the conventional 130 or 143. Long
//    synchronous loops call `pauseForSignals` now and then so a signal is handled
//    promptly. SIGKILL cannot be caught: its leftovers go by rule 3.
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { InputError } from "./input-error.ts";

// ---------------------------------------------------------------------------
// Inputs

export interface InputCheck {
  /** Directories (of shards) are inputs too; otherwise a directory is refused. */
  directories?: boolean;
  /** What a file input should be, for the message about a directory ("a mesosim-trace/1 file"). */
  expected?: string;
}

/**
 * Checks that every input exists and can be read (a directory where allowed: it
 * and every file in it). Throws an InputError (exit 2) naming the path.
 */
export function checkInputs(paths: readonly string[], check: InputCheck = {}): void {
  for (const path of paths) inputFiles(path, check);
}

/** The files an input stands for (itself, or every file under a directory), checked, with their identity. */
function inputFiles(path: string, check: InputCheck, out: Array<{ path: string; st: Stats }> = [], seen = new Set<string>()): Array<{ path: string; st: Stats }> {
  const st = statInput(path, seen.size > 0); // seen is empty only at the top
  if (st === null) return out;
  if (st.isDirectory()) {
    if (check.directories !== true) {
      throw new InputError(`${path}: is a directory; expected ${check.expected ?? "a file"}`);
    }
    // A symlink back up the tree is walked once.
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return out;
    seen.add(id);
    readable(path, constants.R_OK | constants.X_OK);
    for (const name of readdirSync(path).sort()) {
      // Another run's scratch among the shards is not an input, and may vanish at any moment.
      if (!SCRATCH_NAME.test(name)) inputFiles(join(path, name), check, out, seen);
    }
    return out;
  }
  readable(path, constants.R_OK);
  out.push({ path, st });
  return out;
}

/** stat, or an exit-2 error naming the path; null for a file that vanished from a directory being walked. */
function statInput(path: string, inDirectory: boolean): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && inDirectory && lstatOrNull(path) === null) return null;
    if (code === "ENOENT") throw new InputError(`${path}: no such file or directory`);
    if (code === "ENOTDIR") throw new InputError(`${path}: no such file or directory (a part of the path is a file)`);
    throw new InputError(`${path}: cannot read: ${errorText(err)}`);
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function readable(path: string, mode: number): void {
  try {
    accessSync(path, mode);
  } catch (err) {
    throw new InputError(`${path}: cannot read: ${errorText(err)}`);
  }
}

/** "permission denied" rather than "EACCES: permission denied, access '/x'": the path is said once, first. */
function errorText(err: unknown): string {
  const m = /^[A-Z]+: ([^,]*)/.exec((err as Error).message);
  return m?.[1] ?? (err as Error).message;
}

// ---------------------------------------------------------------------------
// Outputs

export interface OutputCheck {
  /** Paths the command reads (files or directories of shards); the output may be none of them. */
  inputs?: readonly string[];
  /** The option that named the output, for messages. */
  flag?: string;
  /** A file (the default) or a directory written whole (AtomicDirectory). */
  kind?: "file" | "directory";
  /**
   * Directory outputs: an existing directory is replaced only if it is empty or
   * holds one of these names (it is an earlier output of the same kind, such as a
   * run directory); any other directory is refused rather than deleted.
   */
  replaceable?: readonly string[];
}

/** An output path must name a file: the same error whether or not an AtomicFile is made for it. */
export function checkOutputName(path: string, flag = "--out"): void {
  if (path === "" || path.endsWith("/")) throw new InputError(`${flag}: "${path}" is not a file name`);
}

/**
 * Checks an output path before any work starts; throws an InputError (exit 2)
 * naming the path. Input paths are checked as a side effect (see checkInputs).
 */
export function checkOutput(out: string, check: OutputCheck = {}): void {
  const flag = check.flag ?? "--out";
  const kind = check.kind ?? "file";
  if (kind === "file") checkOutputName(out, flag);
  else if (out === "") throw new InputError(`${flag}: "" is not a directory name`);
  const path = kind === "directory" ? out.replace(/(.)\/+$/, "$1") : out;
  checkFolder(path, flag);
  const st = statOrNull(path);
  if (st !== null && kind === "file" && st.isDirectory()) {
    throw new InputError(`${flag} ${out}: is a directory; name the file to write`);
  }
  // Renaming over a device or a pipe would replace it (/dev/null, as root).
  if (st !== null && kind === "file" && !st.isFile()) {
    throw new InputError(`${flag} ${out}: is not a regular file (a device, pipe or socket); name a file`);
  }
  if (st !== null && kind === "directory") {
    if (!st.isDirectory()) throw new InputError(`${flag} ${out}: is a file; name a directory`);
    const names = readdirSync(path);
    const marks = check.replaceable ?? [];
    if (names.length > 0 && !names.some((n) => marks.includes(n))) {
      throw new InputError(
        `${flag} ${out}: the directory exists and is not an earlier output` +
          `${marks.length > 0 ? ` (it has no ${marks.join(" or ")})` : ""}; refusing to replace it: name a new or empty directory`,
      );
    }
  }
  const files: Array<{ path: string; st: Stats }> = [];
  for (const p of check.inputs ?? []) inputFiles(p, { directories: true }, files, new Set());
  if (st !== null) {
    const real = realpathSync(path);
    for (const f of files) {
      if (kind === "file" && f.st.dev === st.dev && f.st.ino === st.ino) {
        const how = resolve(f.path) === resolve(path) ? "is" : "is the same file as";
        throw new InputError(`${flag} ${out}: ${how} the input ${f.path}; writing it would destroy the input: choose another output`);
      }
      if (kind === "directory" && isInside(realpathSync(f.path), real)) {
        throw new InputError(`${flag} ${out}: holds the input ${f.path}; replacing the directory would destroy it: choose another output`);
      }
    }
  }
  // The run starts here: leftovers of killed runs beside the output go first.
  sweepStaleScratch(dirname(path));
}

/** The output's folder exists, is a folder, and can be written. */
function checkFolder(path: string, flag: string): void {
  const folder = dirname(path);
  const st = statOrNull(folder);
  if (st === null) throw new InputError(`${flag} ${path}: the folder ${folder} does not exist`);
  if (!st.isDirectory()) throw new InputError(`${flag} ${path}: ${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new InputError(`${flag} ${path}: cannot write in the folder ${folder}: ${errorText(err)}`);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Whether `file` is inside directory `dir` (both absolute). */
function isInside(file: string, dir: string): boolean {
  const r = relative(dir, file);
  return r !== "" && !r.startsWith(".." + sep) && r !== ".." && !r.startsWith(sep);
}

// ---------------------------------------------------------------------------
// Scratch: owned names, cleanup on signals, leftovers of dead processes

const HOST = hostname().replace(/[^\w.-]/g, "_");
const SCRATCH_NAME = /^\..*\.mesosim-(\d+)@([\w.-]+)-\d+\.tmp$/;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
/** Every scratch path this process holds, removed on SIGINT and SIGTERM. */
const held = new Set<string>();
let nextScratch = 0;
let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const p of held) rmSync(p, { recursive: true, force: true });
  held.clear();
  process.stderr.write(`\nmesosim: stopped by ${signal}; unfinished output and scratch removed\n`);
  process.exit(SIGNAL_EXIT[signal] ?? 1);
}

function hold(path: string): void {
  held.add(path);
  if (listening) return;
  listening = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Forgets a scratch path (renamed into place, or removed); signals get their default action again when none is held. */
function release(path: string): void {
  held.delete(path);
  if (held.size > 0 || !listening) return;
  // Not at once: a signal that came during the synchronous work just finished is
  // still waiting for the event loop, and would be lost (the process going on and
  // exiting 0) if its listener went now. One turn of the loop delivers it first.
  setImmediate(() => {
    if (held.size > 0 || !listening) return;
    listening = false;
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes scratch left in `dir` by dead processes of this host (killed, or
 * crashed, before they could clean up). A live owner's scratch is kept, and so is
 * another host's (a shared filesystem: its pids mean nothing here). Returns the
 * names removed.
 */
export function sweepStaleScratch(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const m = SCRATCH_NAME.exec(name);
    if (m === null || m[2] !== HOST) continue;
    const pid = Number(m[1]);
    const path = join(dir, name);
    // Our own pid on a name we do not hold: an earlier process that had this pid.
    if (pid === process.pid ? held.has(path) : alive(pid)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** A fresh scratch name in `dir`, held (removed on a signal) from now on; stale scratch there is swept first. */
function claimScratch(dir: string, label: string): string {
  sweepStaleScratch(dir);
  const path = join(dir, `.${label}.mesosim-${process.pid}@${HOST}-${nextScratch++}.tmp`);
  hold(path);
  return path;
}

/** Makes a scratch directory in `parent` (e.g. for sort runs); give it back with removeScratch. */
export function makeScratchDir(parent: string, label: string): string {
  const path = claimScratch(parent, label);
  try {
    mkdirSync(path);
  } catch (err) {
    release(path);
    throw err;
  }
  return path;
}

/** Removes a scratch file or directory made here. Safe to call more than once. */
export function removeScratch(path: string): void {
  rmSync(path, { recursive: true, force: true });
  release(path);
}

/**
 * Lets the event loop turn, so that a pending SIGINT or SIGTERM is handled:
 * Node runs signal handlers only between tasks, never inside a synchronous loop.
 */
export function pauseForSignals(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

// ---------------------------------------------------------------------------
// Files written whole

const BLOCK = 1 << 20;

/** A buffered, optionally gzip'd output file that appears, renamed into place, only on commit. */
export class AtomicFile {
  /** The temporary name the bytes go to until commit. */
  readonly tmp: string;
  private fd: number | null;
  private readonly buf = Buffer.allocUnsafe(BLOCK);
  private pos = 0;

  constructor(
    readonly path: string,
    /** Gzip when the destination ends in `.gz`. */
    private readonly gzip: boolean = path.endsWith(".gz"),
  ) {
    checkOutputName(path);
    // Commands check their outputs up front (checkOutput); this is for library
    // callers, so that they too see their own path rather than the temporary one.
    checkFolder(path, "--out");
    this.tmp = claimScratch(dirname(path), basename(path));
    try {
      this.fd = openSync(this.tmp, "wx");
    } catch (err) {
      release(this.tmp);
      throw new InputError(`--out ${path}: cannot write: ${errorText(err)}`);
    }
  }

  write(text: string): void {
    this.bytes(Buffer.from(text, "utf8"));
  }

  /**
   * Appends buf[start..end) (all of `buf` by default) and a newline. The bytes
   * are copied: the caller may reuse its buffer.
   */
  line(buf: Buffer, start = 0, end = buf.length): void {
    const n = end - start;
    if (this.pos + n + 1 > BLOCK) this.flush();
    if (n + 1 > BLOCK) {
      this.bytes(Buffer.concat([buf.subarray(start, end), Buffer.from("\n")]));
      return;
    }
    buf.copy(this.buf, this.pos, start, end);
    this.buf[this.pos + n] = 10;
    this.pos += n + 1;
  }

  /**
   * Appends buf[start..end), whole lines each ending in a newline: the same
   * bytes as passing each line to `line`. Uncompressed, large blocks go straight
   * to the file; gzip'd, line by line, so the members are the same too.
   */
  lines(buf: Buffer, start: number, end: number): void {
    if (this.gzip || end - start < BLOCK) {
      let s = start;
      while (s < end) {
        const nl = buf.indexOf(10, s);
        const e = nl < 0 || nl >= end ? end : nl;
        this.line(buf, s, e);
        s = e + 1;
      }
      return;
    }
    this.flush();
    this.out(buf.subarray(start, end));
  }

  /** Appends `b` as is. */
  bytes(b: Buffer): void {
    if (this.pos + b.length > BLOCK) this.flush();
    if (b.length > BLOCK) {
      this.out(b);
      return;
    }
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.out(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  private out(b: Buffer): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    // Each flush is one gzip member. Concatenated members are one valid gzip file
    // (RFC 1952 §2.2) that zcat and Node read whole, and a synchronous member per
    // megabyte costs well under 1 % in ratio against one stream.
    writeSync(this.fd, this.gzip ? gzipSync(b) : b);
  }

  /** Flushes, syncs and renames into place. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    try {
      renameSync(this.tmp, this.path);
    } catch (err) {
      removeScratch(this.tmp);
      // E.g. a directory made at the output's path meanwhile (EISDIR).
      throw new InputError(`--out ${this.path}: cannot write: ${errorText(err)}`);
    }
    release(this.tmp);
  }

  /** Drops the temporary file; the destination is untouched. No-op after commit. */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    removeScratch(this.tmp);
  }
}

/** Writes a whole small file atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const f = new AtomicFile(path);
  try {
    f.write(text);
    f.commit();
  } catch (err) {
    f.abort();
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Directories written whole

/**
 * An output directory (a run directory) that appears whole or not at all: its
 * files are written in a temporary sibling, each itself renamed there when whole
 * (so the last one written, `summary.json`, is last inside too), and `commit`
 * renames the sibling into place. An earlier output directory at the path (see
 * OutputCheck.replaceable) is replaced whole on commit, never merged with.
 */
export class AtomicDirectory {
  readonly tmp: string;
  private open = true;

  constructor(
    readonly path: string,
    check: Omit<OutputCheck, "kind"> = {},
  ) {
    checkOutput(path, { ...check, kind: "directory" });
    this.path = path.replace(/(.)\/+$/, "$1");
    this.tmp = makeScratchDir(dirname(this.path), basename(this.path));
  }

  /** A file `name` in the directory, written whole (commit it before committing the directory). */
  file(name: string, gzip?: boolean): AtomicFile {
    if (!this.open) throw new Error(`${this.path}: already committed or aborted`);
    if (name === "" || name === "." || name === ".." || name.includes("/")) throw new Error(`${name}: not a file name in ${this.path}`);
    return new AtomicFile(join(this.tmp, name), gzip);
  }

  /** Writes a whole small file `name` in the directory. */
  writeFile(name: string, text: string): void {
    const f = this.file(name);
    try {
      f.write(text);
      f.commit();
    } catch (err) {
      f.abort();
      throw err;
    }
  }

  /** Renames the directory into place, replacing an earlier one. */
  commit(): void {
    if (!this.open) throw new Error(`${this.path}: already committed or aborted`);
    this.open = false;
    fsyncDirectory(this.tmp);
    // rename(2) replaces only an empty directory: an earlier one is moved aside
    // (as scratch, so a signal or the next run's sweep removes it) and removed
    // once the new one is in place.
    const old = statOrNull(this.path) === null ? null : claimScratch(dirname(this.path), `${basename(this.path)}.old`);
    try {
      if (old !== null) renameSync(this.path, old);
    } catch (err) {
      release(old as string);
      removeScratch(this.tmp);
      throw new InputError(`--out ${this.path}: cannot replace: ${errorText(err)}`);
    }
    try {
      renameSync(this.tmp, this.path);
    } catch (err) {
      if (old !== null) {
        renameSync(old, this.path);
        release(old);
      }
      removeScratch(this.tmp);
      throw new InputError(`--out ${this.path}: cannot write: ${errorText(err)}`);
    }
    release(this.tmp);
    if (old !== null) removeScratch(old);
    fsyncDirectory(dirname(this.path));
  }

  /** Removes everything written; the destination is untouched. No-op after commit. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    removeScratch(this.tmp);
  }
}

/** Makes a directory's entries (renames into it) durable. */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
