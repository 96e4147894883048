// Helpers for the report tests: tiny record streams written by hand, in the order
// sim/records/run-records.ts documents, driven straight through the RunRecorder
// interface (no simulator).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Amounts, RunRecorder, RunRoleInfo } from "../../sim/records/run-records.ts";
import { MetricsRecorder, type MetricsRecorderOptions } from "../../reports/metrics-recorder.ts";
import type { ReportSummary } from "../../reports/report-summary.ts";

/** Seconds to the records' whole µs. */
export const s = (seconds: number): number => Math.round(seconds * 1e6);

/** Amounts in REPORTED_RESOURCES order: cpus, mem, disk, gpus. */
export function amounts(cpus: number, mem: number, disk = 0, gpus = 0): Amounts {
  return Float64Array.of(cpus, mem, disk, gpus);
}

const scratch: string[] = [];
process.on("exit", () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed when the test process exits. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-report-test-"));
  scratch.push(dir);
  return dir;
}

export function recorder(options: Partial<MetricsRecorderOptions> = {}): MetricsRecorder {
  return new MetricsRecorder({ dir: null, sampleInterval: s(60), ...options });
}

/** `minAllocatable`: the master's alternatives as amounts (none by default: nothing is stranded). */
export function start(r: RunRecorder, roles: readonly RunRoleInfo[], fairnessExcludeResourceNames: readonly string[] = [], minAllocatable: readonly Amounts[] = []): void {
  r.runStarted({ name: "tiny", seed: 1, roles, fairnessExcludeResourceNames, minAllocatable, horizon: null });
}

/** Submits and launches at once (wait 0, no attempts). */
export function runTask(r: RunRecorder, time: number, task: string, framework: string, role: string, agent: string, request: Amounts, job = task): void {
  r.taskSubmitted(time, task, job, framework, role, request);
  r.taskLaunched(time, task, agent, 0);
  r.taskRunning(time, task);
}

export const FINISH = { experiment: { format: "mesosim-experiment/1", name: "tiny" }, mesosim: "0.0.0-test", wallSeconds: 2, peakRssBytes: 1000 } as const;

export function finish(r: MetricsRecorder): ReportSummary {
  return r.finish(FINISH);
}

/** |a − b| ≤ 1e-9 (or both null), with the arithmetic's expected value named. */
export function near(actual: number | null | undefined, expected: number, what: string): void {
  if (actual === null || actual === undefined || Math.abs(actual - expected) > 1e-9) {
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
  }
}
