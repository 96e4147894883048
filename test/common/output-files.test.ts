// common/output-files.ts in-process: the path checks made before any work, files
// and directories that appear whole or not at all, and scratch named after its
// owner so that a dead owner's leftovers can be told from a live one's. The
// faults are issue 10 §3's; their command-line examples are in
// test/traces/output-paths.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  AtomicDirectory,
  AtomicFile,
  checkInputs,
  checkOutput,
  makeScratchDir,
  pauseForSignals,
  removeScratch,
  sweepStaleScratch,
  writeFileAtomic,
} from "../../common/output-files.ts";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { scratchDir } from "../traces/helpers.ts";

/** The exit-2 error `fn` throws; fails the test if it throws nothing or something else. */
function badInput(fn: () => unknown, ...patterns: RegExp[]): string {
  try {
    fn();
  } catch (err) {
    const e = err as { message: string; exitCode?: number };
    assert.is(e.exitCode, 2, e.message);
    for (const p of patterns) assert.match(e.message, p);
    return e.message;
  }
  assert.unreachable("expected exit 2, but nothing was thrown");
  return "";
}

/** A pid that is surely dead: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  assert.ok(r.pid !== undefined && r.pid > 0);
  return r.pid as number;
}

/** The documented scratch name: `.<label>.mesosim-<pid>@<host>-<n>.tmp`. */
function scratchName(label: string, pid: number, host = hostname().replace(/[^\w.-]/g, "_")): string {
  return `.${label}.mesosim-${pid}@${host}-0.tmp`;
}

test("an output that is one of its inputs is refused (exit 2): the same path, a symlink, a hard link, a file in an input directory", () => {
  // Issue 10 §3: `trace fit in.jsonl --out in.jsonl` replaced a 9.3 MB trace by a spec and exited 0.
  const dir = scratchDir();
  const input = join(dir, "in.jsonl");
  writeFileSync(input, "trace\n");
  symlinkSync(input, join(dir, "link.jsonl"));
  linkSync(input, join(dir, "hard.jsonl"));
  mkdirSync(join(dir, "shards"));
  writeFileSync(join(dir, "shards", "part-00001.csv"), "x\n");
  badInput(() => checkOutput(input, { inputs: [input] }), /^--out .*in\.jsonl: is the input .*in\.jsonl; writing it would destroy the input/);
  badInput(() => checkOutput(join(dir, "link.jsonl"), { inputs: [input] }), /link\.jsonl: is the same file as the input .*in\.jsonl/);
  badInput(() => checkOutput(join(dir, "hard.jsonl"), { inputs: [input] }), /hard\.jsonl: is the same file as the input .*in\.jsonl/);
  badInput(() => checkOutput(join(dir, "shards", "part-00001.csv"), { inputs: [join(dir, "shards")] }), /part-00001\.csv: is the input/);
  // The input named through the link, the output by its real name: caught the other way round too.
  badInput(() => checkOutput(input, { inputs: [join(dir, "link.jsonl")] }), /is the same file as the input .*link\.jsonl/);
  // A new file, or a different existing one, is fine.
  checkOutput(join(dir, "new.jsonl"), { inputs: [input, join(dir, "shards")] });
  writeFileSync(join(dir, "other.jsonl"), "other\n");
  checkOutput(join(dir, "other.jsonl"), { inputs: [input] });
  assert.is(readFileSync(input, "utf8"), "trace\n");
  rmSync(dir, { recursive: true, force: true });
});

test("a convert whose --out is its input fails before reading anything, and the input is untouched", async () => {
  const dir = scratchDir();
  const input = join(dir, "batch_task.csv");
  const text = "100,400,7,1,3,Terminated,50,0.01\n";
  writeFileSync(input, text);
  let read = 0;
  try {
    await convertTrace({ format: "alibaba-2017", inputs: [input], out: input, reference: DEFAULT_REFERENCE_MACHINE, onBytes: (n) => (read += n) });
    assert.unreachable("converted over its own input");
  } catch (err) {
    assert.is((err as { exitCode?: number }).exitCode, 2);
    assert.match((err as Error).message, /batch_task\.csv: is the input/);
  }
  assert.is(read, 0);
  assert.is(readFileSync(input, "utf8"), text);
  assert.equal(readdirSync(dir), ["batch_task.csv"]);
  rmSync(dir, { recursive: true, force: true });
});

test("a missing folder, a folder as --out, or a device as --out is exit 2 naming the user's path, before anything is created", () => {
  // Issue 10 §3: these gave exit 1 and `ENOENT … .a.jsonl.25670.tmp` or `EISDIR … rename`.
  const dir = scratchDir();
  const missing = join(dir, "no-such-folder", "a.jsonl");
  const m = badInput(() => checkOutput(missing), /^--out .*no-such-folder\/a\.jsonl: the folder .*no-such-folder does not exist$/);
  assert.not.match(m, /\.tmp/);
  badInput(() => new AtomicFile(missing), /no-such-folder\/a\.jsonl: the folder .* does not exist/);
  badInput(() => writeFileAtomic(missing, "x"), /no-such-folder/);
  badInput(() => checkOutput(dir), /: is a directory; name the file to write$/);
  badInput(() => checkOutput(join(dir, "f.json", "x.json")), /f\.json\/x\.json: the folder .*f\.json does not exist/);
  writeFileSync(join(dir, "f.json"), "{}");
  badInput(() => checkOutput(join(dir, "f.json", "x.json")), /f\.json\/x\.json: .*f\.json is not a folder/);
  badInput(() => checkOutput("/dev/null"), /\/dev\/null: is not a regular file/);
  badInput(() => checkOutput(`${dir}/`), /is not a file name/);
  badInput(() => checkOutput(join(dir, "no", "x.json"), { flag: "--spec" }), /^--spec /);
  assert.equal(readdirSync(dir), ["f.json"]);
  rmSync(dir, { recursive: true, force: true });
});

test("inputs: a missing path, or a directory where a file is needed, is exit 2 naming the path; a directory of shards is checked file by file", () => {
  // Issue 10 §3: `trace info DIR` and `trace fit DIR` said `EISDIR: illegal operation on a directory, read`, without the path.
  const dir = scratchDir();
  badInput(() => checkInputs([join(dir, "none.jsonl")]), /none\.jsonl: no such file or directory$/);
  badInput(() => checkInputs([dir], { expected: "a mesosim-trace/1 file" }), /: is a directory; expected a mesosim-trace\/1 file$/);
  writeFileSync(join(dir, "a.csv"), "x\n");
  checkInputs([dir], { directories: true });
  checkInputs([join(dir, "a.csv")]);
  // A link back up the tree is walked once, not forever.
  mkdirSync(join(dir, "sub"));
  symlinkSync(dir, join(dir, "sub", "up"));
  checkInputs([dir], { directories: true });
  symlinkSync(join(dir, "gone.csv"), join(dir, "dangling.csv"));
  badInput(() => checkInputs([dir], { directories: true }), /dangling\.csv: no such file or directory/);
  rmSync(dir, { recursive: true, force: true });
});

test("AtomicDirectory: nothing at the path until commit, summary.json written last, abort leaves nothing", () => {
  // The run directory of `mesosim run --out DIR` (spec/experiment-format.md): written whole, summary.json last.
  const dir = scratchDir();
  const out = join(dir, "run");
  const d = new AtomicDirectory(out);
  d.writeFile("timeseries.csv", "t,cpus\n0,1\n");
  const tasks = d.file("tasks.csv");
  tasks.write("id\n");
  // While a file is being written, neither it nor the directory is visible.
  assert.not.ok(existsSync(out));
  assert.equal(readdirSync(d.tmp), ["timeseries.csv", readdirSync(d.tmp).find((n) => n.startsWith(".tasks.csv.mesosim-")) as string].sort());
  tasks.commit();
  d.writeFile("summary.json", "{}\n");
  assert.not.ok(existsSync(out));
  d.commit();
  assert.equal(readdirSync(out).sort(), ["summary.json", "tasks.csv", "timeseries.csv"]);
  assert.equal(readdirSync(dir), ["run"]);
  const aborted = new AtomicDirectory(join(dir, "aborted"));
  aborted.writeFile("summary.json", "{}\n");
  aborted.abort();
  assert.equal(readdirSync(dir), ["run"]);
  rmSync(dir, { recursive: true, force: true });
});

test("AtomicDirectory: an earlier output directory is replaced whole; any other directory, or one holding an input, is refused", () => {
  const dir = scratchDir();
  const out = join(dir, "run");
  const first = new AtomicDirectory(out, { replaceable: ["summary.json"] });
  first.writeFile("events.jsonl", "old\n");
  first.writeFile("summary.json", "{\"run\":1}\n");
  first.commit();
  const second = new AtomicDirectory(`${out}/`, { replaceable: ["summary.json"] });
  second.writeFile("summary.json", "{\"run\":2}\n");
  second.commit();
  // Replaced, not merged: the first run's events.jsonl is gone.
  assert.equal(readdirSync(out), ["summary.json"]);
  assert.is(readFileSync(join(out, "summary.json"), "utf8"), "{\"run\":2}\n");
  assert.equal(readdirSync(dir), ["run"]);
  // A directory that is not an earlier output (here, the user's notes) is never deleted.
  mkdirSync(join(dir, "notes"));
  writeFileSync(join(dir, "notes", "todo.txt"), "keep\n");
  badInput(() => new AtomicDirectory(join(dir, "notes"), { replaceable: ["summary.json"] }), /notes: the directory exists and is not an earlier output \(it has no summary\.json\); refusing to replace it/);
  // An experiment kept inside the run directory it would replace.
  writeFileSync(join(out, "experiment.json"), "{}\n");
  badInput(() => checkOutput(out, { kind: "directory", replaceable: ["summary.json"], inputs: [join(out, "experiment.json")] }), /run: holds the input .*experiment\.json/);
  writeFileSync(join(dir, "file"), "");
  badInput(() => new AtomicDirectory(join(dir, "file")), /file: is a file; name a directory/);
  badInput(() => new AtomicDirectory(join(dir, "missing", "run")), /the folder .*missing does not exist/);
  assert.equal(readdirSync(dir).sort(), ["file", "notes", "run"]);
  rmSync(dir, { recursive: true, force: true });
});

test("scratch is named after its owning pid; a dead owner's is removed when a run starts there, a live owner's and another host's are kept", () => {
  const dir = scratchDir();
  const dead = deadPid();
  const staleDir = join(dir, scratchName("sort", dead));
  mkdirSync(staleDir);
  writeFileSync(join(staleDir, "run-0"), "spilled\n");
  const staleFile = join(dir, scratchName("out.jsonl", dead));
  writeFileSync(staleFile, "partial");
  // The parent of this test process is alive; so, for all this host knows, is another host's process.
  const live = scratchName("sort", process.ppid);
  mkdirSync(join(dir, live));
  const remote = scratchName("sort", dead, "another-host");
  mkdirSync(join(dir, remote));
  const own = makeScratchDir(dir, "sort");
  assert.match(own, new RegExp(`/\\.sort\\.mesosim-${process.pid}@[\\w.-]+-\\d+\\.tmp$`));
  // Made in that folder: the dead owner's leftovers went first.
  assert.not.ok(existsSync(staleDir));
  assert.not.ok(existsSync(staleFile));
  assert.ok(existsSync(join(dir, live)));
  assert.ok(existsSync(join(dir, remote)));
  // Our own scratch survives a sweep; a name with our pid that we do not hold is an earlier process's.
  const reused = join(dir, scratchName("sort", process.pid).replace("-0.tmp", "-999999.tmp"));
  mkdirSync(reused);
  assert.equal(sweepStaleScratch(dir), [reused.slice(dir.length + 1)]);
  assert.ok(existsSync(own));
  removeScratch(own);
  assert.equal(readdirSync(dir).sort(), [live, remote].sort());
  rmSync(dir, { recursive: true, force: true });
});

test("the start of a run sweeps its output folder: a killed convert's sort runs and temporary output go", async () => {
  const dir = scratchDir();
  const dead = deadPid();
  mkdirSync(join(dir, scratchName("sort", dead)));
  writeFileSync(join(dir, scratchName("out.jsonl", dead)), "partial");
  const input = join(dir, "batch_task.csv");
  writeFileSync(input, "100,400,7,1,3,Terminated,50,0.01\n");
  await convertTrace({ format: "alibaba-2017", inputs: [input], out: join(dir, "out.jsonl"), reference: DEFAULT_REFERENCE_MACHINE });
  assert.equal(readdirSync(dir).sort(), ["batch_task.csv", "out.jsonl"]);
  rmSync(dir, { recursive: true, force: true });
});

test("SIGINT and SIGTERM are handled while scratch is held, and one turn of the event loop after, so the default action applies otherwise", async () => {
  await pauseForSignals(); // lets the tests before release theirs
  const dir = scratchDir();
  const listeners = () => [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
  const [int0 = 0, term0 = 0] = listeners();
  const a = makeScratchDir(dir, "a");
  const b = makeScratchDir(dir, "b");
  assert.equal(listeners(), [int0 + 1, term0 + 1]);
  removeScratch(a);
  await pauseForSignals();
  assert.equal(listeners(), [int0 + 1, term0 + 1]);
  removeScratch(b);
  removeScratch(b);
  // A signal that arrived during the synchronous work just done is delivered on
  // the next turn of the loop; its listener must still be there then.
  assert.equal(listeners(), [int0 + 1, term0 + 1]);
  await pauseForSignals();
  assert.equal(listeners(), [int0, term0]);
  const f = new AtomicFile(join(dir, "out.txt"));
  assert.equal(listeners(), [int0 + 1, term0 + 1]);
  f.write("whole\n");
  f.commit();
  await pauseForSignals();
  assert.equal(listeners(), [int0, term0]);
  assert.equal(readdirSync(dir), ["out.txt"]);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
