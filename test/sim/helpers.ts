// Helpers for the simulator's tests: tiny canonical traces written to scratch,
// experiments with every default filled in, and a recorder that keeps the record
// stream as readable lines.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { formatHeader, TRACE_FORMAT } from "../../traces/canonical/trace-header.ts";
import { formatRecord } from "../../traces/canonical/format-record.ts";
import type { MachineRecord, TaskRecord, TraceRecord } from "../../traces/canonical/trace-record.ts";
import type { OperationType } from "../../allocators/resources/resource-operations.ts";
import type { FrameworkModelFactory } from "../../sim/frameworks/framework-model.ts";
import { DEFAULT_MASTER, defaultFramework, EXPERIMENT_FORMAT, type Experiment, type FrameworkSpec, type SourceOptions } from "../../sim/experiment/experiment.ts";
import type { Amounts, FailureKind, OfferEnd, RunRecorder, RunStartInfo, TaskEndState } from "../../sim/records/run-records.ts";
import type { InverseOfferEnd, MaintenanceMode, RescindCause, TaskStopCause } from "../../sim/records/maintenance-records.ts";
import { runSimulation, type RunResult } from "../../sim/run/run-simulation.ts";
import type { FailureSpec } from "../../sim/experiment/failure-spec.ts";

export const S = 1_000_000;

export function machine(time: number, id: string, cpus: number, mem: number, extra: Partial<MachineRecord> = {}): MachineRecord {
  return { type: "machine", time, id, initial: false, event: "add", capacity: { cpus, mem, disk: 0, gpus: 0 }, attributes: {}, ...extra };
}

export function task(time: number, id: string, role: string, cpus: number, mem: number, duration: number | null, extra: Partial<TaskRecord> = {}): TaskRecord {
  return {
    type: "task", time, id, job: extra.job ?? id, initial: false, role, user: null, instances: 1,
    start: null, end: null, duration, status: "finished", request: { cpus, mem, disk: 0, gpus: 0 },
    priority: null, constraints: [], machine: null, ...extra,
  };
}

/** Scratch folders of `writeTrace`, removed when the test process exits (the failures fuzz writes one per seed). */
const traceDirs: string[] = [];
process.on("exit", () => {
  for (const dir of traceDirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes a canonical trace (records sorted by time, stable) to a scratch file. */
export function writeTrace(records: readonly TraceRecord[]): string {
  const sorted = [...records].sort((a, b) => a.time - b.time);
  const dir = mkdtempSync(join(tmpdir(), "mesosim-sim-test-"));
  traceDirs.push(dir);
  const path = join(dir, "trace.jsonl");
  const header = formatHeader({ format: TRACE_FORMAT, source: "test", tables: [], referenceMachine: DEFAULT_REFERENCE_MACHINE, timeUnit: "us", sourceTimeOriginUs: 0, records: sorted.length, badLines: 0 });
  writeFileSync(path, [header, ...sorted.map(formatRecord)].join("\n") + "\n");
  return path;
}

export const NO_OPTIONS: SourceOptions = { window: null, timeScale: 1, roleMap: new Map(), rolePrefix: "", limit: null };

export function experiment(over: Partial<Experiment> = {}): Experiment {
  return {
    format: EXPERIMENT_FORMAT, name: "test", description: null, seed: 1, horizon: null,
    master: DEFAULT_MASTER, roles: new Map(), cluster: { agents: [], fromWorkload: true },
    workload: [], frameworks: [], failures: [], maintenance: [], oversubscription: null, report: { sampleInterval: 60 * S, formats: ["json", "csv"], tasks: true, events: false }, expect: [],
    ...over,
  };
}

export function framework(name: string, roles: string[], over: Partial<FrameworkSpec> = {}): FrameworkSpec {
  return { ...defaultFramework(name, roles, { kind: "roles", roles }), ...over };
}

const fmt = (a: Amounts) => `cpus:${a[0]};mem:${a[1]}${(a[3] ?? 0) > 0 ? `;gpus:${a[3]}` : ""}`;

/** Keeps the record stream as lines `t=<seconds> <call> <args>` (events apart). */
export class LogRecorder implements RunRecorder {
  readonly lines: string[] = [];
  readonly events: string[] = [];
  start: RunStartInfo | null = null;
  private at(t: number, s: string) {
    this.lines.push(`t=${t / S} ${s}`);
  }
  runStarted(info: RunStartInfo) { this.start = info; }
  agentAdded(t: number, agent: string, total: Amounts) { this.at(t, `agentAdded ${agent} ${fmt(total)}`); }
  agentUpdated(t: number, agent: string, total: Amounts) { this.at(t, `agentUpdated ${agent} ${fmt(total)}`); }
  agentRemoved(t: number, agent: string) { this.at(t, `agentRemoved ${agent}`); }
  roleWeight() {}
  frameworkRegistered(t: number, fw: string) { this.at(t, `frameworkRegistered ${fw}`); }
  frameworkRemoved(t: number, fw: string) { this.at(t, `frameworkRemoved ${fw}`); }
  frameworkDecided() {}
  taskSubmitted(t: number, id: string, _job: string, fw: string) { this.at(t, `taskSubmitted ${id} ${fw}`); }
  taskLaunched(t: number, id: string, agent: string, attempts: number) { this.at(t, `taskLaunched ${id} ${agent} attempts=${attempts}`); }
  taskRunning(t: number, id: string) { this.at(t, `taskRunning ${id}`); }
  taskEnded(t: number, id: string, state: TaskEndState, requeued: boolean, cause?: string) { this.at(t, `taskEnded ${id} ${state}${requeued ? " requeued" : ""}${cause === undefined ? "" : ` cause=${cause}`}`); }
  taskAbandoned(t: number, id: string) { this.at(t, `taskAbandoned ${id}`); }
  taskRecovered(t: number, id: string, agent: string) { this.at(t, `taskRecovered ${id} ${agent}`); }
  offerMade(t: number, offer: number, fw: string, role: string, agent: string, a: Amounts) { this.at(t, `offerMade #${offer} ${fw} ${role} ${agent} ${fmt(a)}`); }
  offerEnded(t: number, offer: number, how: OfferEnd, cause?: string) { this.at(t, `offerEnded #${offer} ${how}${cause === undefined ? "" : ` cause=${cause}`}`); }
  offerOperation(t: number, offer: number, op: OperationType, resources: string) { this.at(t, `offerOperation #${offer} ${op} ${resources}`); }
  failureBegan(t: number, failure: string, kind: FailureKind, detail: string) { this.at(t, `failureBegan ${failure} ${kind} ${detail}`); }
  agentLost(t: number, agent: string, cause: string) { this.at(t, `agentLost ${agent} cause=${cause}`); }
  agentBack(t: number, agent: string, cause: string) { this.at(t, `agentBack ${agent} cause=${cause}`); }
  agentMaintenance(t: number, agent: string, mode: MaintenanceMode, start: number | null, duration: number | null) {
    this.at(t, `agentMaintenance ${agent} ${mode}${start === null ? "" : ` start=${start / S} duration=${duration === null ? "forever" : duration / S}`}`);
  }
  inverseOfferMade(t: number, id: number, fw: string, agent: string) { this.at(t, `inverseOfferMade ~${id} ${fw} ${agent}`); }
  inverseOfferEnded(t: number, id: number, how: InverseOfferEnd) { this.at(t, `inverseOfferEnded ~${id} ${how}`); }
  taskEndCause(t: number, id: string, cause: TaskStopCause) { this.at(t, `taskEndCause ${id} ${cause}`); }
  offerRescindCause(t: number, offer: number, cause: RescindCause) { this.at(t, `offerRescindCause #${offer} ${cause}`); }
  taskRevocable(t: number, id: string, a: Amounts) { this.at(t, `taskRevocable ${id} ${fmt(a)}`); }
  offerRevocable(t: number, offer: number, a: Amounts) { this.at(t, `offerRevocable #${offer} ${fmt(a)}`); }
  agentRevocable(t: number, agent: string, a: Amounts) { this.at(t, `agentRevocable ${agent} ${fmt(a)}`); }
  event(t: number, kind: string, ids: string) { this.events.push(`${t} ${kind} ${ids}`); }
  runEnded(t: number) { this.at(t, "runEnded"); }
  /** The lines that contain every one of `words`. */
  grep(...words: string[]): string[] {
    return this.lines.filter((l) => words.every((w) => l.includes(w)));
  }
}

export async function run(
  records: readonly TraceRecord[],
  over: Partial<Experiment> = {},
  models?: ReadonlyMap<string, FrameworkModelFactory>,
): Promise<{ log: LogRecorder; result: RunResult }> {
  const log = new LogRecorder();
  const path = writeTrace(records);
  const ex = experiment(over);
  const result = await runSimulation({ experiment: ex, workload: [{ path, options: NO_OPTIONS }], recorder: log, checkEveryEvent: true, ...(models === undefined ? {} : { models }) });
  return { log, result };
}

/** One-off failures for the failure tests (sim/experiment/failure-spec.ts), agents by id. */
export const failure = {
  crash: (at: number, ids: string[], restartAfter: number | null, recoveryTimeout = 900 * S): FailureSpec =>
    ({ kind: "agent-crash", at, every: null, agents: { kind: "ids", ids }, restartAfter, recoveryTimeout }),
  partition: (at: number, ids: string[], healAfter: number | null): FailureSpec => ({ kind: "partition", at, every: null, agents: { kind: "ids", ids }, healAfter }),
  master: (at: number, agentsReregisterOver = 0, frameworksResubscribeAfter = 0): FailureSpec =>
    ({ kind: "master-failover", at, every: null, agentsReregisterOver, frameworksResubscribeAfter }),
  framework: (at: number, name: string, reconnectAfter: number | null): FailureSpec => ({ kind: "framework-failover", at, every: null, framework: name, reconnectAfter }),
};
