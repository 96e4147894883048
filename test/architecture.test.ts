// The architecture, as tests: the layers import only downwards, no module imports
// itself back through others, the code that must be deterministic reads no clock
// and no unseeded randomness, and nothing in the repository reaches outside it.
//
//   allocators/   the allocation core: imports nothing else of ours, no I/O
//   common/       below everything but the core: the seeded source, output files
//   traces/       may use common/ and allocators/
//   sim/          may use traces/, common/ and allocators/
//   reports/      may use common/, allocators/resources/ and sim/records/ only: a
//                 run's records, never a live simulator object
//   cli/, bench/  on top
// (CONVENTIONS.md: `allocators <- sim <- cli/bench`, `traces -> sim`,
// `sim -> run records -> reports`.)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ROOT = resolve(import.meta.dirname, "..");
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  // Deleted but not yet committed files are listed by git, and are not there.
  .filter((f) => f !== "" && !f.startsWith("node_modules/") && existsSync(join(ROOT, f)));
const sources = tracked.filter((f) => /\.(ts|js|mjs)$/.test(f));

interface Import {
  readonly spec: string;
  /** Repository-relative path of the target, for a relative import. */
  readonly target: string | undefined;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2] ?? m[3]) as string;
    const target = spec.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : undefined;
    out.push({ spec, target });
  }
  return out;
}

const graph = new Map<string, Import[]>(sources.map((f) => [f, importsOf(f)]));
const layerOf = (path: string): string => path.split("/")[0] as string;

/** Which top folders of ours each layer may import from (its own always). */
const ALLOWED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["allocators", new Set<string>()],
  ["common", new Set<string>()],
  ["traces", new Set(["common", "allocators"])],
  ["sim", new Set(["traces", "common", "allocators"])],
  ["reports", new Set(["common", "allocators", "sim"])],
]);

/** Finer rules inside an allowed layer: the only folders of it a layer may import. */
const ALLOWED_FOLDERS: ReadonlyMap<string, readonly string[]> = new Map([
  ["reports", ["common/", "allocators/resources/", "sim/records/"]],
]);

test("the import scanner sees the imports it is meant to police", () => {
  const imports = graph.get("allocators/hierarchical/framework-state.ts") ?? [];
  assert.ok(imports.some((i) => i.target === "allocators/hierarchical/offer-filter.ts"), JSON.stringify(imports));
  assert.ok(sources.length > 100, `only ${sources.length} sources found`);
});

test("each layer imports only the layers below it", () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    const layer = layerOf(file);
    const allowed = ALLOWED.get(layer);
    if (allowed === undefined) continue;
    for (const i of imports) {
      if (i.target === undefined) continue;
      const to = layerOf(i.target);
      if (to !== layer && !allowed.has(to)) bad.push(`${file} imports ${i.spec} (${to}/)`);
      const folders = ALLOWED_FOLDERS.get(layer);
      if (to !== layer && folders !== undefined && !folders.some((f) => i.target?.startsWith(f))) bad.push(`${file} imports ${i.spec} (only ${folders.join(", ")})`);
    }
  }
  assert.equal(bad, []);
});

test("allocators/ does no I/O and depends on no package: it is the pure allocation core", () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    if (layerOf(file) !== "allocators") continue;
    for (const i of imports) if (i.target === undefined) bad.push(`${file} imports ${i.spec}`);
  }
  assert.equal(bad, []);
});

test("no module imports itself back through others (no import cycles)", () => {
  // Tarjan's strongly connected components over relative imports.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const i of graph.get(v) ?? []) {
      const w = i.target;
      if (w === undefined || !graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  assert.equal(cycles, []);
});

test("nothing in the repository reads ../shared: a clone stands alone", () => {
  const bad: string[] = [];
  for (const file of tracked) {
    if (/\.(gz|png|jpg)$/.test(file) || file === "test/architecture.test.ts") continue;
    const text = readFileSync(join(ROOT, file), "utf8");
    const lines = text.split("\n");
    for (let n = 0; n < lines.length; n++) {
      if (/\.\.\/shared\b|(?:^|[\s"'`(])shared\/(?:spec|reference|traces|hooks)\b/.test(lines[n] as string)) bad.push(`${file}:${n + 1}`);
    }
  }
  assert.equal(bad, []);
});

test("allocators/, sim/ and reports/ read no clock and no unseeded randomness", () => {
  const bad: string[] = [];
  for (const file of sources) {
    if (!["allocators", "sim", "reports"].includes(layerOf(file))) continue;
    const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
    for (let n = 0; n < lines.length; n++) {
      const code = (lines[n] as string).replace(/\/\/.*$/, "");
      if (/\bDate\.now\b|\bMath\.random\b|\bnew Date\(|\bperformance\.now\b|\bprocess\.hrtime\b/.test(code)) bad.push(`${file}:${n + 1}`);
    }
  }
  assert.equal(bad, []);
});

test.run();
