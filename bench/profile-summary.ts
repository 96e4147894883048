// Summarises `.cpuprofile` files (from `npm run bench -- --profile DIR` or
// `node --cpu-prof`): self and inclusive time per function, summed over files.
//
//   node --import tsx bench/profile-summary.ts [--top N] FILE...
import { readFileSync } from "node:fs";

// `... | head` closes stdout early: end quietly.
process.stdout.on("error", () => process.exit(0));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
const files = args.filter((a, i) => a !== "--top" && i !== topAt + 1);
if (files.length === 0) {
  console.error("usage: profile-summary.ts [--top N] FILE...");
  process.exit(2);
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url.split("/").slice(-2).join("/");
  return `${f.functionName === "" ? "(anonymous)" : f.functionName} ${file}`;
};
for (const file of files) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const perNode = new Map<number, number>();
  p.samples.forEach((id, i) => perNode.set(id, (perNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  for (const [id, us] of perNode) {
    const node = byId.get(id) as ProfileNode;
    // The inspector's own start/stop calls (native `dispatch`) are not the benchmark's time.
    if (node.callFrame.functionName === "dispatch" && node.callFrame.url === "") continue;
    total += us;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    // Each function counts once per stack, however often it recurses.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
}

function show(title: string, m: Map<string, number>): void {
  console.log(`${title} (total ${(total / 1000).toFixed(1)} ms over ${files.length} profile(s))`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(10)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
  console.log("");
}
show("self time", self);
show("inclusive time", inclusive);
