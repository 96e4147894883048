// Issue 10 §3's examples through the `mesosim` command: an --out that names an
// input, a missing folder or a folder as --out, a directory or unreadable file as
// input, all exit 2 naming the user's path before any work; and a run stopped by
// SIGINT, SIGTERM or SIGKILL leaves neither scratch nor partial output behind
// (SIGKILL's leftovers go at the next run). The module behind them is
// common/output-files.ts (its own tests: test/common/output-files.test.ts).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { readCanonicalTrace } from "../../traces/canonical/canonical-reader.ts";
import { expectBadInput, REAL, scratchDir } from "./helpers.ts";

const BIN = resolve(import.meta.dirname, "../../bin/mesosim.js");

function mesosim(args: string[], uid?: number): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", ...(uid === undefined ? {} : { uid, gid: uid }) });
  return { status: r.status, stderr: r.stderr };
}

/** Expects exit 2 with a message matching `pattern` and no temporary name in it. */
function refused(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.not.match(r.stderr, /\.tmp|ENOENT|EISDIR/);
}

/** A spec whose synth writes millions of records: big enough to be stopped mid-run. */
const BIG_SPEC = JSON.stringify({
  format: "mesosim-synth/1",
  durationSeconds: 100000,
  machines: [{ count: 1, cpus: 4, mem: 4096, disk: 0, gpus: 0 }],
  roles: [
    {
      name: "batch",
      arrivals: { kind: "poisson", ratePerSecond: 0.1 },
      tasksPerJob: { kind: "fixed", value: 1000 },
      shapes: [{ weight: 1, cpus: 1, mem: 1024 }],
      durations: null,
      priority: null,
    },
  ],
});

const SMALL_SPEC = BIG_SPEC.replace('"durationSeconds":100000', '"durationSeconds":100');

test("--out naming the input is exit 2 and the input is untouched: convert same.csv --out same.csv, fit in.jsonl --out in.jsonl, synth spec.json --out spec.json", async () => {
  // The three examples, each of which used to replace its input and exit 0.
  const dir = scratchDir();
  const csv = join(dir, "batch_task.csv");
  const rows = "100,400,7,1,3,Terminated,50,0.01\n";
  writeFileSync(csv, rows);
  refused(mesosim(["trace", "convert", "--from", "alibaba-2017", csv, "--out", csv]), /--out .*batch_task\.csv: is the input .*batch_task\.csv/);
  assert.is(readFileSync(csv, "utf8"), rows);
  const trace = join(dir, "in.jsonl");
  await convertTrace({ format: "swf", inputs: [join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz")], out: trace, reference: DEFAULT_REFERENCE_MACHINE });
  const before = readFileSync(trace);
  refused(mesosim(["trace", "fit", trace, "--out", trace]), /--out .*in\.jsonl: is the input .*in\.jsonl/);
  assert.ok(readFileSync(trace).equals(before));
  const spec = join(dir, "spec.json");
  writeFileSync(spec, SMALL_SPEC);
  refused(mesosim(["trace", "synth", spec, "--seed", "1", "--out", spec]), /--out .*spec\.json: is the input .*spec\.json/);
  assert.is(readFileSync(spec, "utf8"), SMALL_SPEC);
  assert.equal(readdirSync(dir).sort(), ["batch_task.csv", "in.jsonl", "spec.json"]);
  rmSync(dir, { recursive: true, force: true });
});

test("a missing folder or a folder as --out is exit 2 naming the user's path, not a temporary file", () => {
  const dir = scratchDir();
  const spec = join(dir, "spec.json");
  writeFileSync(spec, SMALL_SPEC);
  // Issue 10 §3: `ENOENT … .a.jsonl.25670.tmp` and `EISDIR … rename`, both exit 1.
  refused(mesosim(["trace", "synth", spec, "--seed", "1", "--out", join(dir, "missing", "a.jsonl")]), /--out .*missing\/a\.jsonl: the folder .*missing does not exist/);
  refused(mesosim(["trace", "synth", spec, "--seed", "1", "--out", dir]), /--out .*: is a directory; name the file to write/);
  assert.equal(readdirSync(dir), ["spec.json"]);
  rmSync(dir, { recursive: true, force: true });
});

test("trace info DIR, trace fit DIR and an unreadable input are exit 2 naming the path", () => {
  // Issue 10 §3: both said `EISDIR: illegal operation on a directory, read`, without the path.
  const dir = scratchDir();
  refused(mesosim(["trace", "info", dir]), new RegExp(`${dir}: is a directory; expected a mesosim-trace/1 file`));
  refused(mesosim(["trace", "fit", dir, "--out", join(dir, "spec.json")]), new RegExp(`${dir}: is a directory; expected a mesosim-trace/1 file`));
  assert.equal(readdirSync(dir), []);
  // Unreadable: root reads anything, so as root the command runs as nobody.
  chmodSync(dir, 0o755);
  const locked = join(dir, "locked.jsonl");
  writeFileSync(locked, "{}\n");
  chmodSync(locked, 0);
  const asRoot = process.getuid?.() === 0;
  refused(mesosim(["trace", "info", locked], asRoot ? 65534 : undefined), /locked\.jsonl: cannot read: permission denied/);
  rmSync(dir, { recursive: true, force: true });
});

test("a reader handed a directory names it (exit 2) rather than saying EISDIR alone", async () => {
  // The commands check first; this is the readers' own guard, for library callers.
  const dir = scratchDir();
  const message = await expectBadInput(() => readCanonicalTrace(dir, () => {}, () => {}), new RegExp(`^${dir}: cannot read: EISDIR`));
  assert.ok(message.startsWith(dir));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts a large synth into `dir` and resolves once its scratch exists (the sort
 * has spilled: it is mid-run), with the child and the scratch's names.
 */
async function synthUntilScratch(dir: string): Promise<{ child: ReturnType<typeof spawn>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; scratch: string[] }> {
  const spec = join(dir, "big.json");
  writeFileSync(spec, BIG_SPEC);
  const child = spawn(process.execPath, [BIN, "trace", "synth", spec, "--seed", "1", "--max-records", "100000000", "--out", join(dir, "out.jsonl")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  let over = false;
  void exited.then(() => (over = true));
  // Generous: the machine is shared, and a loaded one takes many seconds to spill.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const scratch = readdirSync(dir).filter((n) => n.includes(".mesosim-"));
    if (scratch.length > 0) return { child, exited, scratch };
    if (over || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the synth ${over ? "ended" : "made no scratch in 180 s"} before it could be stopped: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${signal} stops a large synth with exit ${code}, leaving no scratch and no partial output`, async () => {
    const dir = scratchDir();
    const { child, exited, scratch } = await synthUntilScratch(dir);
    const pid = child.pid as number;
    assert.ok(scratch.every((n) => n.includes(`.mesosim-${pid}@`)), `scratch named with the owning pid ${pid}: ${scratch.join(", ")}`);
    child.kill(signal);
    const end = await exited;
    assert.equal(end, { code, signal: null });
    // Issue 10 §3: 3.6 and 5.8 GB of sort runs were left after killed synth runs.
    assert.equal(readdirSync(dir), ["big.json"]);
    rmSync(dir, { recursive: true, force: true });
  });
}

test("a synth killed outright (SIGKILL) leaves scratch that the next run in that folder removes", async () => {
  const dir = scratchDir();
  const { child, exited, scratch } = await synthUntilScratch(dir);
  child.kill("SIGKILL");
  await exited;
  // SIGKILL cannot be caught: the spilled runs stay, named after the dead pid.
  assert.ok(scratch.every((n) => existsSync(join(dir, n))));
  assert.ok(statSync(join(dir, scratch[0] as string)).isDirectory());
  const small = join(dir, "small.json");
  writeFileSync(small, SMALL_SPEC);
  const next = mesosim(["trace", "synth", small, "--seed", "1", "--out", join(dir, "small.jsonl")]);
  assert.is(next.status, 0, next.stderr);
  assert.equal(readdirSync(dir).sort(), ["big.json", "small.json", "small.jsonl"]);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
