// `mesosim resources RES`: run as a user would, from the repository root.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function mesosim(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/mesosim.js", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("mesosim resources prints the normalised form and its quantities", () => {
  const r = mesosim("resources", "cpus(a):1;cpus:2;ports:[1-3,2-5]");
  assert.is(r.code, 0, r.stderr);
  // ports [1-3] ∪ [2-5] = [1-5]: 5 ports; cpus 1 (reserved) + 2 = 3
  assert.is(r.stdout, "cpus(a):1;cpus:2;ports:[1-5]\nquantities: cpus:3;ports:5\n");
});

test("mesosim resources --json prints v1 Resource objects, the text form and the quantities", () => {
  const r = mesosim("resources", "cpus(a):1;cpus:2;ports:[1-3,2-5]", "--json");
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { resources: unknown[]; text: string; quantities: Record<string, number> };
  assert.is(out.text, "cpus(a):1;cpus:2;ports:[1-5]");
  assert.equal(out.quantities, { cpus: 3, ports: 5 });
  assert.equal(out.resources, [
    { name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "STATIC", role: "a" }] },
    { name: "cpus", type: "SCALAR", scalar: { value: 2 } },
    { name: "ports", type: "RANGES", ranges: { range: [{ begin: 1, end: 5 }] } },
  ]);
});

test("mesosim resources exits 2 with a clear message for mem:-1", () => {
  const r = mesosim("resources", "mem:-1");
  assert.is(r.code, 2);
  assert.is(r.stdout, "");
  assert.match(r.stderr, /mem:-1/);
  assert.match(r.stderr, /negative/);
});

test("mesosim resources exits 2 for cpus:99999999999999999999 instead of printing cpus:99999999999999980000 (issue 10 §2)", () => {
  const r = mesosim("resources", "cpus:99999999999999999999");
  assert.is(r.code, 2, r.stdout);
  assert.is(r.stdout, "");
  assert.match(r.stderr, /bad resource 'cpus:99999999999999999999': value .* more than 1000000000000/);
});

test.run();
