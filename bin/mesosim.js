#!/usr/bin/env node
// The `mesosim` command. It runs the JavaScript that `npm run build` compiles into
// dist/ (`npm ci` builds it, through `prepare`): compiling the TypeScript sources
// through tsx on every start cost about half a second per command.
//
// A dist/ older than the sources would run old code without saying so, so when
// any compiled file is missing or older than its source (after a pull, a checkout
// or an edit), the sources run through tsx instead, with a note saying why.
// MESOSIM_FROM_SOURCES=1 always runs the sources, quietly: the tests set it, so
// that they check the code in the tree whatever state dist/ is in.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// The folders `npm run build` compiles (tsconfig.build.json's "include").
const BUILT = ["allocators", "common", "traces", "sim", "reports", "cli"];

/** Why dist/ cannot be run (a source with no compiled file, or a newer one), or undefined when it can. */
function staleness() {
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

const fromSources = process.env.MESOSIM_FROM_SOURCES === "1";
const why = fromSources ? undefined : staleness();
if (!fromSources && why === undefined) {
  await import("../dist/cli/main.js");
} else {
  if (why !== undefined) process.stderr.write(`mesosim: ${why}; running the sources through tsx (npm run build to start fast again)\n`);
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
