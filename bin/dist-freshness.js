// Whether the compiled dist/ may run: shared by bin/mesosim.js and the benchmarks'
// child processes (bench/simulator-child.js), so that both run the same build.
//
// A dist/ older than the sources would run old code without saying so, so when
// any compiled file is missing or older than its source (after a pull, a checkout
// or an edit), the sources run through tsx instead.
import { readdirSync, statSync } from "node:fs";

// The folders `npm run build` compiles (tsconfig.build.json's "include").
export const BUILT = ["allocators", "common", "traces", "sim", "reports", "cli"];

/**
 * Why `${root}dist/` cannot be run (a source with no compiled file, or a newer
 * one), or undefined when it can. `root` ends with a slash.
 */
export function distStaleness(root) {
  const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  if (mtime(`${root}dist/cli/main.js`) === undefined) return "dist/ is not built";
  let found;
  const walk = (dir) => {
    for (const entry of readdirSync(`${root}${dir}`, { withFileTypes: true })) {
      if (found !== undefined) return;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        const built = mtime(`${root}dist/${path.slice(0, -3)}.js`);
        if (built === undefined || built < (mtime(`${root}${path}`) ?? 0)) found = `dist/ is older than ${path}`;
      }
    }
  };
  // A published copy without sources has nothing to compare with.
  for (const dir of BUILT) if (mtime(`${root}${dir}`) !== undefined) walk(dir);
  return found;
}
