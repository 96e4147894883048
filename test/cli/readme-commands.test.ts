// The README is the user's manual, so every command in its ```sh blocks is run
// here: a command that stops working fails the suite instead of going stale.
// `npx mesosim` is run as `node bin/mesosim.js` (the same entry point), through a
// shell so that globs expand as they would for a user.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function shellCommands(markdown: string): string[] {
  const out: string[] = [];
  const re = /```sh\n([\s\S]*?)```/g;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) {
    for (const line of (m[1] as string).split("\n")) {
      const cmd = line.trim();
      if (cmd !== "" && !cmd.startsWith("#")) out.push(cmd);
    }
  }
  return out;
}

const commands = shellCommands(readme).filter((c) => c.startsWith("npx mesosim"));

test("the README shows the two set-up commands and runnable mesosim commands", () => {
  const all = shellCommands(readme);
  assert.ok(all.includes("npm ci"));
  assert.ok(all.includes("npm test"));
  assert.ok(commands.length >= 3, `found ${commands.length} mesosim commands`);
});

for (const cmd of commands) {
  test(`README command runs: ${cmd}`, () => {
    const run = cmd.replace(/^npx mesosim/, "node bin/mesosim.js");
    // Through a shell, so that globs expand; it must exit 0 and say something
    // (results go to stdout, progress and summaries of writes to stderr).
    const r = spawnSync("sh", ["-c", run], { cwd: root, encoding: "utf8" });
    assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}`);
    assert.ok(r.stdout.length + r.stderr.length > 0);
  });
}

test("the README's resources example prints what the README says", () => {
  const out = execSync("node bin/mesosim.js resources 'cpus(a):1;cpus:2;ports:[1-3,2-5]'", { cwd: root, encoding: "utf8" });
  assert.ok(readme.includes("`cpus(a):1;cpus:2;ports:[1-5]`"));
  assert.ok(readme.includes("`quantities: cpus:3;ports:5`"));
  assert.is(out, "cpus(a):1;cpus:2;ports:[1-5]\nquantities: cpus:3;ports:5\n");
});

test.run();
