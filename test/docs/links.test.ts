// The README and docs/ are read in a clone of the repository, where nothing outside
// it exists (issue 10 §7: the contracts users rely on are in docs/ in full). So
// every Markdown link of every tracked .md file resolves to a file in the
// repository (and its #anchor to a heading there), and every repository path that
// the README or docs/ names in backticks exists.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((f) => f.endsWith(".md") && !f.startsWith("node_modules/"));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.*)$/gm)].map((m) => slug(m[1] as string)));
}

/** Problems with the links of `file`: outside the repository, missing, or a missing anchor. */
function linkProblems(file: string, markdown: string): string[] {
  const problems: string[] = [];
  const text = markdown.replace(/```[\s\S]*?```/g, "");
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = m[1] as string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
      problems.push(`${file}: ${link}: not a file of the repository`);
      continue;
    }
    const [path = "", anchor] = link.split("#");
    const target = path === "" ? file : relative(ROOT, resolve(ROOT, dirname(file), path));
    if (target.startsWith("..") || resolve(ROOT, target) !== join(ROOT, target)) problems.push(`${file}: ${link}: outside the repository`);
    else if (!existsSync(join(ROOT, target))) problems.push(`${file}: ${link}: no such file`);
    else if (anchor !== undefined && target.endsWith(".md") && !anchorsOf(target).has(anchor)) problems.push(`${file}: ${link}: no heading #${anchor}`);
  }
  return problems;
}

test("the link check sees a link out of the repository, a missing file and a missing heading", () => {
  assert.equal(linkProblems("docs/x.md", "[a](../../elsewhere/scenario-format.md) [b](nope.md) [c](scenarios.md#no-such) [d](scenarios.md#op-reference)"), [
    "docs/x.md: ../../elsewhere/scenario-format.md: outside the repository",
    "docs/x.md: nope.md: no such file",
    "docs/x.md: scenarios.md#no-such: no heading #no-such",
  ]);
});

test("every Markdown link in the repository's .md files points to a file (and heading) in it", () => {
  assert.ok(tracked.includes("README.md") && tracked.includes("docs/scenarios.md"));
  const problems = tracked.flatMap((f) => linkProblems(f, readFileSync(join(ROOT, f), "utf8")));
  assert.equal(problems, []);
});

test("every repository path that the README and docs/ name in backticks exists", () => {
  const TOP = /^(?:allocators|common|traces|sim|cli|bench|test|docs|bin)\/[\w./-]*\.\w+$/;
  const missing: string[] = [];
  for (const file of tracked.filter((f) => f === "README.md" || f.startsWith("docs/"))) {
    for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/`([^`\s]+)`/g)) {
      const path = m[1] as string;
      if (TOP.test(path) && !existsSync(join(ROOT, path))) missing.push(`${file}: ${path}`);
    }
  }
  assert.equal(missing, []);
});

test.run();
