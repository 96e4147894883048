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

test("--filter, --rounds, --json and --verbose: Mesos-shaped lines, a summary row and the figures in JSON", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-test-"));
  try {
    const file = join(dir, "bench.json");
    const r = bench(["--filter", "^DeclineOffers/agents=1000/", "--rounds", "2", "--json", file, "--verbose"]);
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

test("without --verbose, no per-round or per-phase line: the progress lines and the summary tables only (issue 10 §7)", () => {
  // One allocator instance, one sorter instance, one resources case: each would
  // print its Mesos-shaped lines (rounds, phases, `Took ...`) with --verbose.
  const r = bench(["--filter", "^(DeclineOffers/agents=1000/|DRFSorter.FullSort/agents=1000/clients=100/active=no|Resources_Filter\\.Filters/op=r\\.revocable)", "--rounds", "2"]);
  assert.is(r.status, 0, r.stderr);
  assert.not.match(r.stdout, /round \d+ allocate\(\)|Added \d+ (agents|frameworks|clients)|Full sort of|^Took /m);
  assert.match(r.stdout, /\[ RUN {6}\] DeclineOffers\/agents=1000\/frameworks=100\n/);
  assert.match(r.stdout, /\| DeclineOffers +\| agents=1000\/frameworks=100 +\| median +\|/);
  assert.match(r.stdout, /\| DRFSorter\.FullSort\/agents=1000\/clients=100\/active=no +\| \S+ +\| \S+ +\| - +\|/);
  assert.match(r.stdout, /\| Resources_Filter\.Filters\/op=r\.revocable\(\) +\|/);
  assert.ok(r.stdout.split("\n").length < 40, r.stdout);
});

test("--filter says when the whole grid has matches that the quick set lacks, and exits 1 if the quick set has none", () => {
  // DeclineOffers 10k agents / 3k frameworks is in Mesos's grid (and the README's
  // full-grid example), not in the quick set.
  const r = bench(["--filter", "^DeclineOffers/agents=10000/frameworks=3000$"]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /--filter '\^DeclineOffers\/agents=10000\/frameworks=3000\$' matches 1 benchmark that only --full runs \(DeclineOffers\/agents=10000\/frameworks=3000\); add --full/);
  assert.match(r.stderr, /no benchmark of the quick set matches .*run with --full/);
  assert.not.match(r.stdout, /\[ RUN/);
});

test("--help exits 0; an unknown option exits 2; a filter that matches nothing exits 1", () => {
  const help = bench(["--help"]);
  assert.is(help.status, 0);
  assert.match(help.stdout, /--full/);
  assert.is(bench(["--no-such-option"]).status, 2);
  const none = bench(["--filter", "^NoSuchBenchmark$"]);
  assert.is(none.status, 1);
  assert.match(none.stderr, /no benchmark matches '\^NoSuchBenchmark\$', in the quick set or in the whole grid/);
  assert.ok(!existsSync(join(root, "bench.json")));
});

test.run();
