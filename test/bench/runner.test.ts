// `npm run bench` (bench/main.ts) end to end on one small instance: the
// Mesos-shaped lines, the summary table, and the JSON the issue asks for (name,
// parameters, per-round times, median, offers, peak RSS). This is also the
// command the README shows.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const test = suite("bench: the npm run bench runner");

function bench(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "bench/main.ts", ...args], { cwd: root, encoding: "utf8" });
}

test("--filter, --rounds and --json: Mesos-shaped lines, a summary row and the figures in JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-test-"));
  try {
    const file = join(dir, "bench.json");
    const r = bench(["--filter", "^DeclineOffers/agents=1000/", "--rounds", "2", "--json", file]);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /Added 100 frameworks in /);
    assert.match(r.stdout, /Added 1000 agents in /);
    // Round 0 declines the 1000 offers the agents' arrival made, and offers every agent again.
    assert.match(r.stdout, /round 0 allocate\(\) took \S+ to make 1000 offers after filtering 1000 offers/);
    assert.match(r.stdout, /round 1 allocate\(\) took \S+ to make 1000 offers after filtering 2000 offers/);
    assert.match(r.stdout, /\| DeclineOffers +\| agents=1000\/frameworks=100 +\| median +\|/);
    const json = JSON.parse(readFileSync(file, "utf8")) as {
      allocator: Array<{ name: string; params: Record<string, number>; rounds: number[]; median: number; offers: number[]; peakRssBytes: number }>;
    };
    const [one] = json.allocator;
    assert.ok(one !== undefined);
    assert.is(one.name, "DeclineOffers");
    assert.equal(one.params, { agents: 1000, frameworks: 100 });
    assert.is(one.rounds.length, 2);
    assert.ok(one.median > 0);
    assert.equal(one.offers, [1000, 1000]);
    assert.ok(one.peakRssBytes > 10 * 2 ** 20);
    // Written atomically: no temp file is left behind.
    assert.equal(readdirSync(dir), ["bench.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--help exits 0; an unknown option exits 2; a filter that matches nothing exits 1", () => {
  const help = bench(["--help"]);
  assert.is(help.status, 0);
  assert.match(help.stdout, /--full/);
  assert.is(bench(["--no-such-option"]).status, 2);
  assert.is(bench(["--filter", "^NoSuchBenchmark$"]).status, 1);
  assert.ok(!existsSync(join(root, "bench.json")));
});

test.run();
