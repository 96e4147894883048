// The target column of `npm run bench`'s simulator table (bench/simulator.ts,
// simulatorSummary): a verdict only where the target is defined. The reports' cost
// (≤ 1.10× CPU) and the report page (≤ 5 s CPU, ≤ 2 MB) are targets for the
// google-like day (docs/simulator.md, "What the reports cost"); an hour's figures are
// shown without a verdict.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LiveHeap } from "../../bench/live-heap.ts";
import { simulatorSummary, type SimulatorBenchRow } from "../../bench/simulator.ts";

const TARGET = 9;

function arm(horizon: string, reports: "on" | "off", cpu: number): SimulatorBenchRow {
  return {
    name: "Simulator/GoogleDay",
    params: { agents: 12583, horizon, reports },
    status: "ok",
    wallSeconds: cpu + 5,
    cpuSeconds: cpu + 5,
    recordsWallSeconds: cpu,
    recordsCpuSeconds: cpu,
    simulatedSeconds: horizon === "1d" ? 86400 : 3600,
    peakRssBytes: 1024 ** 3,
  };
}

function html(horizon: string, cpu: number, pageBytes: number): SimulatorBenchRow {
  return { name: "Reports/Html", params: { agents: 12583, horizon }, status: "ok", wallSeconds: cpu, cpuSeconds: cpu, pageBytes };
}

test("the reports' on/off ratio of the day is judged against ≤ 1.10×: met, and missed", () => {
  const met = [arm("1d", "off", 100), arm("1d", "on", 103)];
  assert.match(simulatorSummary(met[1] as SimulatorBenchRow, met)[TARGET] as string, /on\/off 1\.03× CPU.*≤ 1\.10× CPU met/);
  const missed = [arm("1d", "off", 100), arm("1d", "on", 120)];
  assert.match(simulatorSummary(missed[1] as SimulatorBenchRow, missed)[TARGET] as string, /on\/off 1\.20× CPU.*≤ 1\.10× CPU missed/);
});

test("an hour's on/off ratio is shown but not judged, whichever side of 1.10× it falls", () => {
  for (const on of [103, 120]) {
    const rows = [arm("1h", "off", 100), arm("1h", "on", on)];
    const cell = simulatorSummary(rows[1] as SimulatorBenchRow, rows)[TARGET] as string;
    assert.match(cell, new RegExp(`on/off ${(on / 100).toFixed(2)}× CPU`));
    assert.not.match(cell, /\b(met|missed)\b/, cell);
    assert.match(cell, /not judged/);
  }
});

test("Reports/Html: the day's page is judged against ≤ 5 s CPU and ≤ 2 MB; an hour's is not", () => {
  assert.match(simulatorSummary(html("1d", 1.1, 140e3), [])[TARGET] as string, /page 140 kB; ≤ 5 s CPU, ≤ 2 MB: met/);
  assert.match(simulatorSummary(html("1d", 6, 140e3), [])[TARGET] as string, /: missed/);
  const hour = simulatorSummary(html("1h", 0.2, 103e3), [])[TARGET] as string;
  assert.match(hour, /page 103 kB/);
  assert.not.match(hour, /\b(met|missed)\b/, hour);
  assert.match(hour, /not judged/);
});

function memory(horizon: string, rssMiB: number, liveMiB: number): SimulatorBenchRow {
  return { name: "Simulator/Memory", params: { agents: 1000, horizon }, status: "ok", wallSeconds: 10, peakRssBytes: rssMiB * 1024 ** 2, liveHeapBytes: liveMiB * 1024 ** 2 };
}

test("Simulator/Memory: the 7-day row judges the RSS ratio against ≤ 1.2× and shows the live-heap ratio unjudged", () => {
  const rows = [memory("1d", 260, 50), memory("7d", 360, 59)];
  const cell = simulatorSummary(rows[1] as SimulatorBenchRow, rows)[TARGET] as string;
  assert.match(cell, /7d\/1d RSS 1\.38× \(≤ 1\.2×: missed\)/);
  assert.match(cell, /live heap after full GC 59 MiB \(1d 50 MiB\): 7d\/1d 1\.18×, not judged/);
  const met = [memory("1d", 300, 50), memory("7d", 330, 50)];
  assert.match(simulatorSummary(met[1] as SimulatorBenchRow, met)[TARGET] as string, /RSS 1\.10× \(≤ 1\.2×: met\)/);
});

test("LiveHeap reads the largest heap after a Mark-Compact from --trace-gc lines, split anywhere", () => {
  const text = [
    "[1:0x1]      555 ms: Mark-Compact 16.2 (29.4) -> 12.7 (31.1) MB, 5.95 / 0.25 ms  (+ 1.7 ms in 11 steps) finalize incremental marking via task; GC in old space requested",
    "[1:0x1]     3128 ms: Scavenge 189.7 (211.4) -> 176.5 (212.4) MB, 11.69 / 0.00 ms  (average mu = 0.988) allocation failure;",
    "[1:0x1]    10547 ms: Mark-Compact (reduce) 129.5 (162.5) -> 60.2 (155.9) MB, 4.66 / 0.04 ms  (average mu = 0.99) memory reducer",
    "[1:0x1]    14052 ms: Mark-Compact 154.9 (176.4) -> 50.9 (180.3) MB, 14.48 / 0.01 ms",
    '{"summary": "not a gc line"}',
    "",
  ].join("\n");
  const live = new LiveHeap();
  for (let i = 0; i < text.length; i += 7) live.read(text.slice(i, i + 7));
  assert.is(live.maxBytes, 60.2 * 1024 ** 2);
  const none = new LiveHeap();
  none.read("no collections here\n");
  assert.is(none.maxBytes, undefined);
});

test.run();
