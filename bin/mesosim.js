#!/usr/bin/env node
// The `mesosim` command. It runs the JavaScript that `npm run build` compiles into
// dist/ (`npm ci` builds it, through `prepare`): compiling the TypeScript sources
// through tsx on every start cost about half a second per command.
//
// A dist/ older than the sources would run old code without saying so, so when
// any compiled file is missing or older than its source (after a pull, a checkout
// or an edit: bin/dist-freshness.js), the sources run through tsx instead, with a
// note saying why.
// MESOSIM_FROM_SOURCES=1 always runs the sources, quietly: the tests set it, so
// that they check the code in the tree whatever state dist/ is in.
import { fileURLToPath } from "node:url";
import { distStaleness } from "./dist-freshness.js";

const root = fileURLToPath(new URL("..", import.meta.url));

const fromSources = process.env.MESOSIM_FROM_SOURCES === "1";
const why = fromSources ? undefined : distStaleness(root);
if (!fromSources && why === undefined) {
  await import("../dist/cli/main.js");
} else {
  if (why !== undefined) process.stderr.write(`mesosim: ${why}; running the sources through tsx (npm run build to start fast again)\n`);
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
