// Frameworks (docs/report-format.md, "Frameworks"): offers received, accepted and
// declined, launches, attempts, and busyness = Σ decision time / T, as the Omega
// paper (Schwarzkopf et al., EuroSys 2013, §5) measures scheduler busyness.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { amounts, finish, near, recorder, s, scratchDir, start } from "./record-stream.ts";

test("busyness is the time spent deciding over the run's span; a decision running past the end counts up to the end", () => {
  const dir = scratchDir();
  const r = recorder({ dir });
  start(r, [{ role: "r", weight: 1 }]);
  r.agentAdded(0, "x", amounts(4, 100), "");
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.frameworkRegistered(0, "g", "marathon", ["r"]);
  r.frameworkDecided(0, s(2), "f", 1);
  r.frameworkDecided(s(5), s(8), "f", 3);
  r.frameworkDecided(s(18), s(25), "g", 1);
  r.taskSubmitted(s(1), "t", "j", "f", "r", amounts(1, 1));
  r.taskLaunched(s(8), "t", "x", 4);
  r.runEnded(s(20));
  const summary = finish(r);
  // f: (2 + 3) / 20 = 0.25; g: [18, 25) cut at T = 20 → 2 / 20 = 0.1
  near(summary.frameworks[0]?.busyness, 0.25, "f.busyness");
  near(summary.frameworks[1]?.busyness, 0.1, "g.busyness");
  assert.equal(
    summary.frameworks.map((f) => [f.name, f.model, f.roles, f.tasksLaunched, f.attempts]),
    [["f", "batch", ["r"], 1, 4], ["g", "marathon", ["r"], 0, 0]],
  );
  assert.is(
    readFileSync(join(dir, "frameworks.csv"), "utf8"),
    "name,model,roles,offersReceived,offersAccepted,offersDeclined,tasksLaunched,attempts,busyness,waitMean,waitP50,waitP90,waitP99,waitMax,waitCount\r\n" +
      "f,batch,r,0,0,0,1,4,0.25,7.000,7.000,7.000,7.000,7.000,1\r\n" +
      "g,marathon,r,0,0,0,0,0,0.1,,,,,,0\r\n",
  );
});

test("a removed framework keeps its row and leaves the time series", () => {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(10) });
  start(r, [{ role: "r", weight: 1 }]);
  r.frameworkRegistered(0, "f", "batch", ["r"]);
  r.frameworkRemoved(s(5), "f");
  r.runEnded(s(10));
  assert.is(finish(r).frameworks.length, 1);
  const rows = readFileSync(join(dir, "timeseries.csv"), "utf8").trimEnd().split("\r\n");
  assert.equal(rows.map((x) => x.split(",").slice(0, 3).join(",")), ["time,scope,name", "0.000,cluster,", "0.000,role,r", "0.000,framework,f", "10.000,cluster,", "10.000,role,r"]);
});

test.run();
