// `mesosim trace info` on a canonical trace whose conversion skipped bad lines:
// its header keeps their count (docs/trace-format.md, `badLines`) but not the lines,
// so info says the count and lists nothing (issue 10 §7: it printed
// `skipped 2 bad lines; the first 0:` and nothing after).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function mesosim(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/mesosim.js", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("trace info on a header with \"badLines\":2 says `skipped 2 bad lines` and lists none", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-info-bad-"));
  try {
    // Alibaba 2017 batch_task: field 7 (plan_cpu) may not be negative, so lines 2 and 3 are bad.
    const input = join(dir, "batch_task.csv");
    writeFileSync(input, "100,400,7,1,3,Terminated,50,0.01\n100,400,7,2,3,Terminated,-5,0.01\n100,400,7,3,3,Terminated,-6,0.01\n");
    const trace = join(dir, "o.jsonl");
    const convert = mesosim("trace", "convert", "--from", "alibaba-2017", input, "--out", trace, "--skip-bad");
    assert.is(convert.code, 0, convert.stderr);
    // The conversion itself still lists the lines it skipped.
    assert.match(convert.stderr, /^skipped 2 bad lines:\n {2}\S*batch_task\.csv:2: .*\n {2}\S*batch_task\.csv:3: /);
    assert.match(readFileSync(trace, "utf8").split("\n")[0] as string, /"badLines":2/);

    for (const args of [[], ["--json"]]) {
      const info = mesosim("trace", "info", trace, ...args);
      assert.is(info.code, 0, info.stderr);
      assert.is(info.stderr, "skipped 2 bad lines\n");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
