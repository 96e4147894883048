// The shipped examples, run as a user runs them, with their figures pinned: the
// README quotes these (golden runs: a change to any outcome changes a digest here
// and must be deliberate). The same seed gives the same digest; another seed
// changes it where randomness matters (which agent an openb pod lands on).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ROOT = resolve(import.meta.dirname, "../..");

interface Summary {
  digest: string;
  tasks: Record<string, number>;
  latency: { wait: { mean: number; max: number; count: number } };
  utilization: Record<string, { mean: number }>;
}

function run(...args: string[]): Summary {
  const out = join(mkdtempSync(join(tmpdir(), "mesosim-example-")), "run");
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), "run", ...args, "--out", out, "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, MESOSIM_FROM_SOURCES: "1" },
  });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Summary;
}

test("examples/nasa-ipsc.yaml: the NASA iPSC/860 log on its 128 processors (README figures)", () => {
  const s = run("examples/nasa-ipsc.yaml");
  assert.equal(s.tasks, { submitted: 18239, launched: 18239, finished: 18239, failed: 0, killed: 0, lost: 0, abandoned: 0, pendingAtEnd: 0, runningAtEnd: 0 });
  assert.is(s.latency.wait.mean, 4.02878);
  assert.is(s.latency.wait.max, 23753);
  assert.is(s.utilization["cpus"]?.mean, 0.466093);
  assert.is(s.digest, "1adac54d78cf1c21f2eeac3ec8374aeb8eb3a5be44a6888ad6ffade8bfa3bfcc");
  // The README's table quotes these figures: it must say what the run says.
  const row = readFileSync(join(ROOT, "README.md"), "utf8").split("\n").find((l) => l.startsWith("| `examples/nasa-ipsc.yaml`"));
  assert.ok(row !== undefined, "the README's examples table has a nasa-ipsc row");
  const fmt = (x: number, digits: number) => x.toLocaleString("en-US", { maximumFractionDigits: digits });
  for (const figure of [`${fmt(s.tasks["submitted"] as number, 0)} submitted`, `${fmt(s.latency.wait.mean, 2)} s`, `${fmt(s.latency.wait.max, 0)} s`, `${fmt((s.utilization["cpus"]?.mean ?? 0) * 100, 1)} %`]) {
    assert.ok(row.includes(figure), `README's nasa-ipsc row quotes ${figure}: ${row}`);
  }
});

test("examples/openb-gpu.yaml cut to 1,700 records: golden digest per seed; another seed places pods elsewhere", () => {
  const one = run("examples/openb-gpu.yaml", "--set", "workload.0.limit=1700");
  assert.equal(one.tasks, { submitted: 177, launched: 177, finished: 104, failed: 58, killed: 0, lost: 0, abandoned: 0, pendingAtEnd: 0, runningAtEnd: 15 });
  assert.is(one.digest, "1d67e40b04d2fc9d1ea60bdad928ea987a0f80f695aaee3da968ca0e817d041e");
  const two = run("examples/openb-gpu.yaml", "--set", "workload.0.limit=1700", "--seed", "2");
  assert.is(two.digest, "8fcf65ff5849d131a521a6923d3a7f19d5488903e6af12a09584a82fd9fc21ae");
  assert.equal(two.tasks, one.tasks);
});

test.run();
