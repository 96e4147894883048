// The `mesosim` command runs the build (issue 10 §7: every command took 1.3–2 s to
// start while tsx compiled the sources): `npm run build` (tsconfig.build.json)
// compiles the command's sources into dist/, which runs on plain Node, and
// bin/mesosim.js runs it only while no source is newer than its compiled file, so
// a stale dist/ never runs old code without saying so. Checked in a scratch copy
// of the repository (sources, package.json, bin/, dist/ built there), so that
// nothing here touches the real dist/ or the sources' times.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const BUILT = ["allocators", "common", "traces", "sim", "reports", "cli"];
const scratch = mkdtempSync(join(tmpdir(), "mesosim-build-"));

// The sources first, then the build: a fresh dist/ is newer than every source.
for (const dir of BUILT) cpSync(join(ROOT, dir), join(scratch, dir), { recursive: true });
cpSync(join(ROOT, "bin"), join(scratch, "bin"), { recursive: true });
cpSync(join(ROOT, "package.json"), join(scratch, "package.json"));
symlinkSync(join(ROOT, "node_modules"), join(scratch, "node_modules"));
const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(scratch, "dist")], {
  encoding: "utf8",
});

/** Runs the scratch copy's bin/mesosim.js as a user would: plain node, no tsx, MESOSIM_FROM_SOURCES unset unless given. */
function mesosim(args: string[], env: Record<string, string> = {}) {
  const { MESOSIM_FROM_SOURCES: _, ...rest } = process.env;
  const r = spawnSync(process.execPath, [join(scratch, "bin", "mesosim.js"), ...args], { cwd: tmpdir(), encoding: "utf8", env: { ...rest, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RESOURCES = ["resources", "cpus(a):1;cpus:2;ports:[1-3,2-5]"];
const PRINTED = "cpus(a):1;cpus:2;ports:[1-5]\nquantities: cpus:3;ports:5\n";

test("npm run build's configuration compiles the command, which runs on plain Node (no tsx)", () => {
  assert.is(tsc.status, 0, tsc.stdout + tsc.stderr);
  const r = spawnSync(process.execPath, [join(scratch, "dist", "cli", "main.js"), ...RESOURCES], { encoding: "utf8" });
  assert.is(r.stderr, "");
  assert.is(r.stdout, PRINTED);
  const version = spawnSync(process.execPath, [join(scratch, "dist", "cli", "main.js"), "--version"], { encoding: "utf8" });
  assert.is(version.stdout, "0.1.0\n");
});

test("bin/mesosim.js runs dist/ when it is up to date, quietly", () => {
  // A mark only the compiled code prints (appending keeps the file newer than its source).
  appendFileSync(join(scratch, "dist", "cli", "main.js"), '\nprocess.stderr.write("(dist)\\n");\n');
  const r = mesosim(RESOURCES);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, PRINTED);
  assert.is(r.stderr, "(dist)\n");
});

test("MESOSIM_FROM_SOURCES=1 (set by test/run.ts) runs the sources through tsx, quietly", () => {
  const r = mesosim(RESOURCES, { MESOSIM_FROM_SOURCES: "1" });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, PRINTED);
  assert.is(r.stderr, "");
});

test("a source newer than its compiled file: the sources run, with a note naming it", () => {
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(scratch, "allocators", "resources", "resource-parse.ts"), later, later);
  const r = mesosim(RESOURCES);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, PRINTED);
  assert.is(r.stderr, "mesosim: dist/ is older than allocators/resources/resource-parse.ts; running the sources through tsx (npm run build to start fast again)\n");
});

test("a source with no compiled file, or no dist/ at all: the sources run, with a note", () => {
  rmSync(join(scratch, "dist", "allocators", "resources", "resource-parse.js"));
  utimesSync(join(scratch, "allocators", "resources", "resource-parse.ts"), new Date(0), new Date(0));
  const missing = mesosim(RESOURCES);
  assert.is(missing.stdout, PRINTED);
  assert.match(missing.stderr, /^mesosim: dist\/ is older than allocators\/resources\/resource-parse\.ts; running the sources/);
  rmSync(join(scratch, "dist"), { recursive: true });
  const none = mesosim(RESOURCES);
  assert.is(none.stdout, PRINTED);
  assert.is(none.stderr, "mesosim: dist/ is not built; running the sources through tsx (npm run build to start fast again)\n");
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
