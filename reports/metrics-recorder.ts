// The reports of a run, built from its record stream alone (sim/records/run-records.ts)
// as the records arrive: every metric of docs/report-format.md except `used` and
// `failures`, which later issues add. The experiment's `expect` checks are made on
// the summary at the end (reports/expect.ts); report.html is rendered by
// html/report-html.ts from the files written here.
//
// Time averages are exact integrals: the state is piecewise constant between
// record times, so when a record arrives at a later time than the last one, the
// state left by every record at the last time is integrated over the gap. The
// derived values (ratios, shares, Jain's index) are recomputed once per distinct
// record time, never for the transient states between records at one instant
// (an offer accepted and its tasks launched at t are one step). The entitlements
// (entitlement.ts) are recomputed only at the record times after a change of a
// demand, a weight or the cluster's total; stranded amounts per agent as that
// agent changes (stranded-resources.ts). Outstanding offers are kept by
// offer-book.ts, which adds an offer's amounts to what its scopes and agent hold
// only when the clock moves past the time it was made: at cell scale nearly every
// offer is declined at that very time, and then costs a few counters
// (docs/simulator.md, "What the reports cost").
//
// Memory is bounded by what is alive: pending and running tasks, jobs with a task
// alive, outstanding offers, agents, roles and frameworks. Finished tasks leave
// only their `tasks.csv` row (already written) and one 8-byte wait per launch in
// each of three columns (run, role, framework) for the percentiles.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  type Amounts,
  type FailureKind,
  type OfferEnd,
  REPORTED_RESOURCES,
  type RunRecorder,
  type RunStartInfo,
  type TaskEndState,
} from "../sim/records/run-records.ts";
import type { Expectation } from "../sim/records/summary-metrics.ts";
import type { InverseOfferEnd, MaintenanceMode, RescindCause, TaskStopCause } from "../sim/records/maintenance-records.ts";
import { MaintenanceMetrics, REVOCABLE_COLUMNS } from "./maintenance-metrics.ts";
import { CsvStream, type CsvCell, csvText } from "./csv-stream.ts";
import { dominantShare } from "./dominant-share.ts";
import { ProgressiveFilling } from "./entitlement.ts";
import { EventLog } from "./event-log.ts";
import { FailureMetrics } from "./failure-metrics.ts";
import { checkExpectations } from "./expect.ts";
import { renderReportHtml } from "./html/report-html.ts";
import { jainIndex } from "./jain-index.ts";
import { toMilli } from "../allocators/resources/quantities.ts";
import type { OperationType } from "../allocators/resources/resource-operations.ts";
import { addMilli } from "./milli-units.ts";
import { REPORT_FORMAT, type FrameworkSummary, type MeasuredSummary, type ReportSummary, type RoleSummary, summaryJson, type UtilizationSummary } from "./report-summary.ts";
import { ReportFiles } from "./report-files.ts";
import { roundSignificant } from "./round-significant.ts";
import { SampleBuffer } from "./sample-buffer.ts";
import { RoleRecord } from "./role-record.ts";
import { ScopeState } from "./scope-state.ts";
import { secondsText } from "./seconds-text.ts";
import { type AgentEntry, AgentTable } from "./stranded-resources.ts";
import { OfferBook } from "./offer-book.ts";

export interface MetricsRecorderOptions {
  /** The run directory, or null to keep only the summary (no files). */
  readonly dir: string | null;
  /** `report.sampleInterval` in whole µs (> 0): the time-series step. */
  readonly sampleInterval: number;
  /**
   * `report.formats` has `csv`: write timeseries.csv, tasks.csv and frameworks.csv
   * (default true). Without it report.html, when asked for, is still rendered from
   * them: they are written, read, and removed before summary.json.
   */
  readonly csv?: boolean;
  /** `report.tasks`: write tasks.csv, with `csv` (default true). */
  readonly tasks?: boolean;
  /** `report.events`: write events.jsonl (default false). */
  readonly events?: boolean;
  /** `report.formats` has `html`: write report.html (html/report-html.ts), just before summary.json (default false). */
  readonly html?: boolean;
}

/** What the caller adds at the end: the only inputs that are not records. */
export interface RunFinish {
  /** The normalised experiment, written as is to experiment.json. */
  readonly experiment: unknown;
  /** mesosim's version. */
  readonly mesosim: string;
  /** The experiment's `expect` checks, made on the summary and recorded in it (default none). */
  readonly expect?: readonly Expectation[];
  /** Wall-clock figures for timing.json (the one non-deterministic file). */
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
}

const R = REPORTED_RESOURCES.length;
/** timeseries.csv carries cpus, mem and gpus (report format), by index into REPORTED_RESOURCES. */
const SERIES_RESOURCES = ["cpus", "mem", "gpus"].map((name) => REPORTED_RESOURCES.indexOf(name as (typeof REPORTED_RESOURCES)[number]));

export const TIMESERIES_HEADER = [
  "time", "scope", "name",
  "cpus_total", "cpus_allocated", "cpus_offered",
  "mem_total", "mem_allocated", "mem_offered",
  "gpus_total", "gpus_allocated", "gpus_offered",
  "share", "weighted_share", "entitlement", "tasks_pending", "tasks_running", "offers_outstanding",
  ...REVOCABLE_COLUMNS,
] as const;
export const TASKS_HEADER = ["id", "job", "framework", "role", "submit", "launch", "end", "status", "agent", "wait", "attempts", "cpus", "mem", "disk", "gpus"] as const;
export const FRAMEWORKS_HEADER = [
  "name", "model", "roles", "offersReceived", "offersAccepted", "offersDeclined", "tasksLaunched", "attempts", "busyness",
  "waitMean", "waitP50", "waitP90", "waitP99", "waitMax", "waitCount",
] as const;

/** Terminal end states and the `summary.tasks` counter each one adds to. */
const END_COUNTER: Readonly<Record<TaskEndState, "finished" | "failed" | "killed" | "lost">> = {
  TASK_FINISHED: "finished",
  TASK_FAILED: "failed",
  TASK_KILLED: "killed",
  TASK_LOST: "lost",
  TASK_GONE: "lost",
  TASK_UNREACHABLE: "lost",
  TASK_DROPPED: "lost",
  TASK_GONE_BY_OPERATOR: "lost",
};

class FrameworkRecord extends ScopeState {
  registered = true;
  offersReceived = 0;
  offersAccepted = 0;
  offersDeclined = 0;
  tasksLaunched = 0;
  attempts = 0;
  /** Σ (end − start) of decisions, µs, and the last decision (one at a time). */
  busyUs = 0;
  lastDecisionStart = 0;
  lastDecisionEnd = 0;
  constructor(
    name: string,
    public model: string,
    public roles: readonly string[],
  ) {
    super(name);
  }
}

interface JobRecord {
  readonly role: RoleRecord;
  readonly framework: FrameworkRecord;
  readonly firstSubmit: number;
  launched: boolean;
  /** Tasks submitted and not yet ended for good or abandoned. */
  alive: number;
  abandoned: boolean;
  lastEnd: number;
  /** Longest final run of its tasks (launch to terminal end), µs. */
  maxRun: number;
}

interface TaskRecord {
  readonly id: string;
  readonly jobName: string;
  readonly job: JobRecord;
  readonly role: RoleRecord;
  readonly framework: FrameworkRecord;
  readonly request: Amounts;
  readonly submit: number;
  /** Submit time, or the time of the loss that requeued it. */
  pendingSince: number;
  phase: "pending" | "staging" | "running";
  /** Of the last launch; -1 / "" before the first. */
  launch: number;
  agent: string;
  /** The agent of the last launch (-1 before the first). */
  host: AgentEntry;
  wait: number;
  attempts: number;
}

function amountCell(milli: number): string {
  return String(roundSignificant(milli / 1000));
}

function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class MetricsRecorder implements RunRecorder {
  private readonly files: ReportFiles | null;
  private readonly timeseries: CsvStream | null;
  private readonly tasksCsv: CsvStream | null;
  private readonly eventLog: EventLog;
  private readonly interval: number;
  private readonly html: boolean;
  /** Keep the CSV files in the run directory (`csv`); they are written when kept or when report.html needs them. */
  private readonly csv: boolean;

  private start: RunStartInfo | null = null;
  private endTime = -1;
  /** The time of the last record; the state since then is the current state. */
  private now = 0;
  private dirty = true;
  private nextSample = 0;

  private readonly cluster = new ScopeState("");
  private readonly clusterTotal = new Float64Array(R);
  private readonly everHad: boolean[] = new Array<boolean>(R).fill(false);
  private readonly counted: boolean[] = new Array<boolean>(R).fill(true);
  private agents = new AgentTable([]);
  private agentsMax = 0;
  private readonly roles = new Map<string, RoleRecord>();
  private rolesSorted: RoleRecord[] = [];
  private readonly frameworks = new Map<string, FrameworkRecord>();
  /** The last framework and role looked up by name (`framework`, `role`). */
  private lastFramework: FrameworkRecord | null = null;
  private lastRole: RoleRecord | null = null;
  private frameworksSorted: FrameworkRecord[] = [];
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly jobs = new Map<string, JobRecord>();
  /** Outstanding offers; their amounts are counted when the clock moves on (`offers.count()`). */
  private readonly offers = new OfferBook<RoleRecord, FrameworkRecord>(this.cluster, {
    agentTable: () => this.agents,
    agentEntry: (call, name) => this.agent(call, name),
  });
  /** A demand, a weight or the cluster's total changed since the entitlements were computed. */
  private demandChanged = true;
  private entitlements = new Float64Array(8);
  private readonly filling = new ProgressiveFilling();
  /** `summary.failures` (failure-metrics.ts). */
  private failures = new FailureMetrics(false);
  /** `failures.maintenance`, `failures.oversubscription` and the revocable columns. */
  private readonly maintenance = new MaintenanceMetrics();
  /** The task of the last `taskRecovered`, until the next launch: its `taskRevocable` is no launch. */
  private recoveredTask: string | null = null;

  // Derived state after the last record time (see `evaluate`).
  private readonly ratioAllocated = new Float64Array(R);
  private readonly ratioOffered = new Float64Array(R);
  private readonly ratioIdle = new Float64Array(R);
  private readonly ratioStranded = new Float64Array(R);
  private jainNow: number | null = null;
  private activeShares = new Float64Array(8);
  // Running integrals, in (ratio × µs).
  private readonly integralAllocated = new Float64Array(R);
  private readonly integralOffered = new Float64Array(R);
  private readonly integralIdle = new Float64Array(R);
  private readonly integralStranded = new Float64Array(R);
  private jainIntegral = 0;
  private jainTime = 0;
  private jainMin: number | null = null;
  /** allocated/total at each sample, per resource, while some agent has it. */
  private readonly utilizationSamples = REPORTED_RESOURCES.map(() => new SampleBuffer());

  constructor(options: MetricsRecorderOptions) {
    if (!Number.isInteger(options.sampleInterval) || options.sampleInterval <= 0) {
      throw new RangeError(`sampleInterval: ${options.sampleInterval} is not a whole number of µs above 0`);
    }
    this.interval = options.sampleInterval;
    this.html = options.html === true;
    this.csv = options.csv !== false;
    this.files = options.dir === null ? null : new ReportFiles(options.dir);
    const csvFiles = this.files !== null && (this.csv || this.html);
    this.timeseries = csvFiles ? new CsvStream((this.files as ReportFiles).stream("timeseries.csv"), TIMESERIES_HEADER) : null;
    this.tasksCsv = csvFiles && options.tasks !== false ? new CsvStream((this.files as ReportFiles).stream("tasks.csv"), TASKS_HEADER) : null;
    this.eventLog = new EventLog(this.files !== null && options.events === true ? this.files.stream("events.jsonl") : null);
  }

  // ---- RunRecorder ----

  runStarted(info: RunStartInfo): void {
    if (this.start !== null) this.fail("runStarted", "came twice");
    this.start = info;
    this.agents = new AgentTable(info.minAllocatable);
    this.failures = new FailureMetrics(info.failures === true);
    for (let j = 0; j < R; j++) this.counted[j] = !info.fairnessExcludeResourceNames.includes(REPORTED_RESOURCES[j] as string);
    for (const r of info.roles) this.setWeight("runStarted", r.role, r.weight);
  }

  agentAdded(time: number, agent: string, total: Amounts, _attributes: string): void {
    this.advance("agentAdded", time);
    if (this.agents.entry(agent) !== undefined) this.fail("agentAdded", `agent '${agent}' is already registered`);
    this.agents.add(agent, total);
    addMilli(this.clusterTotal, total, 1);
    this.demandChanged = true;
    this.agentsMax = Math.max(this.agentsMax, this.agents.size);
    this.noteTotals();
  }

  agentUpdated(time: number, agent: string, total: Amounts): void {
    this.advance("agentUpdated", time);
    const host = this.agent("agentUpdated", agent);
    addMilli(this.clusterTotal, this.agents.total(host), -1);
    addMilli(this.clusterTotal, total, 1);
    this.agents.update(host, total);
    this.demandChanged = true;
    this.noteTotals();
  }

  agentRemoved(time: number, agent: string): void {
    this.advance("agentRemoved", time);
    // What its offers hold is counted first: its slot may go to another agent.
    this.offers.count();
    addMilli(this.clusterTotal, this.agents.total(this.agent("agentRemoved", agent)), -1);
    this.agents.remove(agent);
    this.demandChanged = true;
    this.maintenance.agentRemoved(time, agent);
  }

  roleWeight(time: number, role: string, weight: number): void {
    this.advance("roleWeight", time);
    this.setWeight("roleWeight", role, weight);
  }

  frameworkRegistered(time: number, framework: string, model: string, roles: readonly string[]): void {
    this.advance("frameworkRegistered", time);
    for (const r of roles) this.role("frameworkRegistered", r);
    const known = this.frameworks.get(framework);
    if (known !== undefined) {
      // Registering again after removal (a failed-over framework) continues its record.
      if (known.registered) this.fail("frameworkRegistered", `framework '${framework}' is already registered`);
      known.registered = true;
      known.model = model;
      known.roles = roles;
      return;
    }
    const f = new FrameworkRecord(framework, model, [...roles]);
    this.frameworks.set(framework, f);
    this.frameworksSorted = [...this.frameworks.values()].sort(byName);
  }

  frameworkRemoved(time: number, framework: string): void {
    this.advance("frameworkRemoved", time);
    const f = this.framework("frameworkRemoved", framework);
    if (!f.registered) this.fail("frameworkRemoved", `framework '${framework}' is not registered`);
    f.registered = false;
  }

  frameworkDecided(start: number, end: number, framework: string, _offers: number): void {
    this.live("frameworkDecided");
    if (!(end >= start && start >= 0)) this.fail("frameworkDecided", `[${start}, ${end}) µs is not an interval`);
    const f = this.framework("frameworkDecided", framework);
    f.busyUs += end - start;
    f.lastDecisionStart = start;
    f.lastDecisionEnd = end;
  }

  taskSubmitted(time: number, task: string, job: string, framework: string, role: string, request: Amounts): void {
    this.advance("taskSubmitted", time);
    if (this.tasks.has(task)) this.fail("taskSubmitted", `task '${task}' was already submitted`);
    const f = this.framework("taskSubmitted", framework);
    const r = this.role("taskSubmitted", role);
    let j = this.jobs.get(job);
    if (j === undefined) {
      j = { role: r, framework: f, firstSubmit: time, launched: false, alive: 0, abandoned: false, lastEnd: time, maxRun: 0 };
      this.jobs.set(job, j);
    }
    j.alive++;
    this.tasks.set(task, { id: task, jobName: job, job: j, role: r, framework: f, request, submit: time, pendingSince: time, phase: "pending", launch: -1, agent: "", host: -1, wait: -1, attempts: 0 });
    for (const s of [this.cluster, r, f]) {
      s.tasks.submitted++;
      s.pending++;
    }
    addMilli(r.demand, request, 1);
    this.demandChanged = true;
  }

  taskLaunched(time: number, task: string, agent: string, attempts: number): void {
    this.advance("taskLaunched", time);
    const t = this.task("taskLaunched", task);
    if (t.phase !== "pending") this.fail("taskLaunched", `task '${task}' is not pending`);
    this.recoveredTask = null;
    const host = this.agent("taskLaunched", agent);
    if (!(Number.isInteger(attempts) && attempts >= 0)) this.fail("taskLaunched", `attempts ${attempts} is not a count`);
    const first = t.launch < 0;
    t.phase = "staging";
    t.launch = time;
    t.agent = agent;
    t.host = host;
    t.wait = time - t.pendingSince;
    t.attempts = attempts;
    for (const s of [this.cluster, t.role, t.framework]) {
      if (first) s.tasks.launched++;
      s.pending--;
      s.running++;
      addMilli(s.allocated, t.request, 1);
      s.latency.launched(t.wait, attempts);
    }
    this.agents.hold(host, t.request, 1);
    t.framework.tasksLaunched++;
    t.framework.attempts += attempts;
    this.failures.taskLaunched(task);
    const j = t.job;
    if (!j.launched) {
      j.launched = true;
      for (const s of [this.cluster, j.role, j.framework]) s.latency.jobWaits.push(time - j.firstSubmit);
    }
  }

  taskRunning(time: number, task: string): void {
    this.advance("taskRunning", time);
    const t = this.task("taskRunning", task);
    if (t.phase !== "staging") this.fail("taskRunning", `task '${task}' is not staging`);
    t.phase = "running";
    this.failures.taskRunning(time, task, t.request[0] ?? 0);
  }

  taskEnded(time: number, task: string, state: TaskEndState, requeued: boolean, cause?: string): void {
    this.advance("taskEnded", time);
    const t = this.task("taskEnded", task);
    this.failures.taskEnded(time, task, state, requeued, cause);
    if (t.phase === "pending") this.fail("taskEnded", `task '${task}' is not launched`);
    const counter = END_COUNTER[state];
    if (counter === undefined) this.fail("taskEnded", `'${state}' is not a terminal task state`);
    this.maintenance.taskEnded(time, task, t.request[0] ?? 0, t.launch);
    for (const s of [this.cluster, t.role, t.framework]) {
      s.running--;
      addMilli(s.allocated, t.request, -1);
      if (requeued) s.pending++;
      else s.tasks[counter]++;
    }
    this.agents.hold(t.host, t.request, -1);
    if (requeued) {
      // Pending again from the loss: its next wait counts from here (report format, "Latency").
      t.phase = "pending";
      t.pendingSince = time;
      return;
    }
    const j = t.job;
    j.maxRun = Math.max(j.maxRun, time - t.launch);
    j.lastEnd = Math.max(j.lastEnd, time);
    this.finishTask(t, state, time);
    this.undemand(t);
  }

  taskAbandoned(time: number, task: string): void {
    this.advance("taskAbandoned", time);
    const t = this.task("taskAbandoned", task);
    if (t.phase !== "pending") this.fail("taskAbandoned", `task '${task}' is not pending`);
    for (const s of [this.cluster, t.role, t.framework]) {
      s.pending--;
      s.tasks.abandoned++;
    }
    t.job.abandoned = true;
    this.failures.taskAbandoned(task);
    this.finishTask(t, "abandoned", -1);
    this.undemand(t);
  }

  taskRecovered(time: number, task: string, agent: string): void {
    this.advance("taskRecovered", time);
    const t = this.task("taskRecovered", task);
    if (t.phase !== "pending") this.fail("taskRecovered", `task '${task}' is not pending`);
    const host = this.agent("taskRecovered", agent);
    // Running again where it ran before its loss: not a launch (no wait, no attempt).
    t.phase = "running";
    t.agent = agent;
    t.host = host;
    for (const s of [this.cluster, t.role, t.framework]) {
      s.pending--;
      s.running++;
      addMilli(s.allocated, t.request, 1);
    }
    this.agents.hold(host, t.request, 1);
    this.failures.taskRecovered(time, task, t.request[0] ?? 0);
    this.recoveredTask = task;
  }

  failureBegan(time: number, failure: string, kind: FailureKind, _detail: string): void {
    this.advance("failureBegan", time);
    this.failures.failureBegan(time, failure, kind);
  }

  agentLost(time: number, _agent: string, cause: string): void {
    this.advance("agentLost", time);
    this.failures.agentLost(cause);
  }

  agentBack(time: number, _agent: string, cause: string): void {
    this.advance("agentBack", time);
    this.failures.agentBack(cause);
  }

  offerMade(time: number, offer: number, framework: string, role: string, agent: string, amounts: Amounts): void {
    this.advance("offerMade", time);
    if (this.offers.has(offer)) this.fail("offerMade", `offer ${offer} is already outstanding`);
    const f = this.framework("offerMade", framework);
    // Its agent is looked up (and checked registered) when it is counted.
    this.offers.made(time, offer, this.role("offerMade", role), f, agent, amounts);
    f.offersReceived++;
  }

  offerEnded(time: number, offer: number, how: OfferEnd, cause?: string): void {
    this.advance("offerEnded", time);
    this.failures.offerEnded(how, cause);
    const f = this.offers.ended(time, offer, how);
    if (f === undefined) this.fail("offerEnded", `offer ${offer} is not outstanding`);
    this.maintenance.offerEnded(offer);
    if (how === "accepted") f.offersAccepted++;
    else if (how === "declined") f.offersDeclined++;
  }

  // ---- maintenance and oversubscription (reports/maintenance-metrics.ts) ----

  agentMaintenance(time: number, _agent: string, mode: MaintenanceMode, _start: number | null, _duration: number | null): void {
    this.advance("agentMaintenance", time);
    this.maintenance.agentMaintenance(mode);
  }

  inverseOfferMade(time: number, inverseOffer: number, framework: string, agent: string): void {
    this.advance("inverseOfferMade", time);
    this.framework("inverseOfferMade", framework);
    this.agent("inverseOfferMade", agent);
    this.maintenance.inverseOfferMade(inverseOffer);
  }

  inverseOfferEnded(time: number, inverseOffer: number, how: InverseOfferEnd): void {
    this.advance("inverseOfferEnded", time);
    if (!this.maintenance.inverseOfferEnded(inverseOffer, how)) this.fail("inverseOfferEnded", `inverse offer ${inverseOffer} is not outstanding`);
  }

  taskEndCause(time: number, task: string, cause: TaskStopCause): void {
    this.advance("taskEndCause", time);
    this.task("taskEndCause", task);
    this.maintenance.taskEndCause(task, cause);
  }

  offerRescindCause(time: number, offer: number, cause: RescindCause): void {
    this.advance("offerRescindCause", time);
    if (!this.offers.has(offer)) this.fail("offerRescindCause", `offer ${offer} is not outstanding`);
    this.maintenance.offerRescindCause(offer, cause);
  }

  taskRevocable(time: number, task: string, revocable: Amounts): void {
    this.advance("taskRevocable", time);
    const t = this.task("taskRevocable", task);
    const launched = this.recoveredTask !== task;
    this.recoveredTask = null;
    this.maintenance.taskRevocable(time, task, t.role.name, t.framework.name, revocable, launched);
  }

  offerOperation(time: number, offer: number, operation: OperationType, _resources: string): void {
    this.advance("offerOperation", time);
    if (!this.offers.has(offer)) this.fail("offerOperation", `${operation} on offer ${offer}, which is not outstanding`);
  }

  offerRevocable(time: number, offer: number, revocable: Amounts): void {
    this.advance("offerRevocable", time);
    const o = this.offers.get(offer);
    if (o === undefined) this.fail("offerRevocable", `offer ${offer} is not outstanding`);
    this.maintenance.offerRevocable(offer, o.role.name, o.framework.name, revocable);
  }

  agentRevocable(time: number, agent: string, revocable: Amounts): void {
    this.advance("agentRevocable", time);
    this.agent("agentRevocable", agent);
    this.maintenance.agentRevocable(time, agent, revocable);
  }

  event(time: number, kind: string, ids: string): void {
    this.advance("event", time);
    this.eventLog.add(time, kind, ids);
  }

  catchUp(time: number, max: number): boolean {
    // Only between instants: every record at `now` is in (the next event is later).
    if (this.start === null || this.endTime >= 0 || !(this.nextSample < time && time > this.now)) return true;
    return this.sampleBefore(time, max);
  }

  runEnded(time: number): void {
    this.advance("runEnded", time);
    this.offers.count();
    this.evaluate();
    while (this.nextSample <= time) this.sample();
    this.endTime = time;
    // What is still alive is reported as such (experiment format, "Order of events").
    for (const t of this.tasks.values()) this.writeTaskRow(t, t.phase === "pending" ? "pending" : t.phase === "staging" ? "TASK_STAGING" : "TASK_RUNNING", -1);
    for (const s of [this.cluster, ...this.rolesSorted, ...this.frameworksSorted]) {
      s.tasks.pendingAtEnd = s.pending;
      s.tasks.runningAtEnd = s.running;
    }
    // A decision still under way at the end counts up to the end only.
    for (const f of this.frameworksSorted) {
      if (f.lastDecisionEnd > time) f.busyUs -= f.lastDecisionEnd - Math.max(f.lastDecisionStart, time);
    }
  }

  // ---- the end ----

  /**
   * Builds the summary and, with a directory, writes frameworks.csv, timing.json,
   * experiment.json and summary.json (last), after renaming the streamed files
   * into place. On failure nothing more is renamed into place and the error is
   * thrown on.
   */
  finish(end: RunFinish): ReportSummary {
    try {
      if (this.endTime < 0) throw new Error("run records: finish() before runEnded");
      const experimentText = `${JSON.stringify(end.experiment, null, 2)}\n`;
      const measured = this.summary(end.mesosim, createHash("sha256").update(experimentText, "utf8").digest("hex"));
      const summary: ReportSummary = { ...measured, expect: checkExpectations(measured, end.expect ?? []) };
      if (this.files !== null) {
        const dir = this.files.dir;
        const summaryText = summaryJson(summary);
        const csvNames = ["timeseries.csv", ...(this.tasksCsv === null ? [] : ["tasks.csv"]), "frameworks.csv"];
        this.files.commit([
          ...(this.csv || this.html ? [["frameworks.csv", this.frameworksCsv()] as const] : []),
          ["timing.json", this.timingJson(end)],
          ["experiment.json", experimentText],
          // From the files now in place and the summary's text, as `mesosim report`
          // renders it; CSV files written only for it go before summary.json.
          ...(this.html
            ? [["report.html", () => {
                const page = renderReportHtml(dir, summaryText);
                if (!this.csv) for (const name of csvNames) rmSync(join(dir, name));
                return page;
              }] as const]
            : []),
          ["summary.json", summaryText],
        ]);
      }
      return summary;
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** What the recorder holds now: it is all that its memory grows with. */
  get alive(): { readonly tasks: number; readonly jobs: number; readonly offers: number; readonly agents: number } {
    return { tasks: this.tasks.size, jobs: this.jobs.size, offers: this.offers.size, agents: this.agents.size };
  }

  /** Drops every file not yet in place (a run that failed). */
  abort(): void {
    this.files?.abort();
  }

  // ---- time ----

  /** Moves the clock to `time`, integrating the state left by the records at `now`. */
  private advance(call: string, time: number): void {
    this.live(call);
    if (time === this.now) return;
    if (!(Number.isInteger(time) && time > this.now)) this.fail(call, `time ${time} µs is before the last record's ${this.now} µs (or not whole µs)`);
    this.sampleBefore(time, Infinity);
    const dt = time - this.now;
    for (let j = 0; j < R; j++) {
      this.integralAllocated[j] = (this.integralAllocated[j] as number) + (this.ratioAllocated[j] as number) * dt;
      this.integralOffered[j] = (this.integralOffered[j] as number) + (this.ratioOffered[j] as number) * dt;
      this.integralIdle[j] = (this.integralIdle[j] as number) + (this.ratioIdle[j] as number) * dt;
      this.integralStranded[j] = (this.integralStranded[j] as number) + (this.ratioStranded[j] as number) * dt;
    }
    for (const r of this.rolesSorted) r.integrate(dt);
    if (this.jainNow !== null) {
      this.jainIntegral += this.jainNow * dt;
      this.jainTime += dt;
    }
    this.now = time;
    this.dirty = true;
  }

  /**
   * Writes up to `max` of the samples at s in [now, time), each seeing the state
   * after the last record at or before s; true when none is left before `time`.
   */
  private sampleBefore(time: number, max: number): boolean {
    this.offers.count();
    this.evaluate();
    for (let k = 0; k < max && this.nextSample < time; k++) this.sample();
    return !(this.nextSample < time);
  }

  /** Recomputes ratios, shares and Jain's index for the state after the records at `now`. */
  private evaluate(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (let j = 0; j < R; j++) {
      const total = this.clusterTotal[j] as number;
      // While no agent has j, all three ratios count 0 (see docs/report-format.md).
      const a = total > 0 ? (this.cluster.allocated[j] as number) / total : 0;
      const o = total > 0 ? (this.cluster.offered[j] as number) / total : 0;
      this.ratioAllocated[j] = a;
      this.ratioOffered[j] = o;
      this.ratioIdle[j] = total > 0 ? 1 - a - o : 0;
      this.ratioStranded[j] = total > 0 ? (this.agents.stranded[j] as number) / total : 0;
    }
    if (this.demandChanged) this.fillEntitlements();
    if (this.activeShares.length < this.rolesSorted.length) this.activeShares = new Float64Array(this.rolesSorted.length * 2);
    let active = 0;
    for (const r of this.rolesSorted) {
      r.refreshHeld();
      r.share = dominantShare(r.held, this.clusterTotal, this.counted);
      r.weightedShare = r.share / r.weight;
      if (r.share > r.shareMax) r.shareMax = r.share;
      r.observeFairness(this.now);
      if (r.active) this.activeShares[active++] = r.weightedShare;
    }
    this.jainNow = active >= 2 ? jainIndex(this.activeShares, active) : null;
    if (this.jainNow !== null && (this.jainMin === null || this.jainNow < this.jainMin)) this.jainMin = this.jainNow;
  }

  /** Writes the rows of the sample at `nextSample` (state already evaluated) and moves on. */
  private sample(): void {
    const time = this.nextSample;
    this.nextSample += this.interval;
    for (let j = 0; j < R; j++) if ((this.clusterTotal[j] as number) > 0) (this.utilizationSamples[j] as SampleBuffer).push(this.ratioAllocated[j] as number);
    if (this.timeseries === null) return;
    const at = secondsText(time);
    this.timeseries.row(this.seriesRow(at, "cluster", this.cluster, true, "", ""));
    for (const r of this.rolesSorted) this.timeseries.row(this.seriesRow(at, "role", r, false, r.share, r.weightedShare, r.entitlement));
    for (const f of this.frameworksSorted) {
      if (!f.registered) continue;
      f.refreshHeld();
      // A framework's share within its role, as the framework sorter counts it: weight 1.
      const share = dominantShare(f.held, this.clusterTotal, this.counted);
      this.timeseries.row(this.seriesRow(at, "framework", f, false, share, share));
    }
  }

  private seriesRow(at: string, scope: string, s: ScopeState, withTotal: boolean, share: number | "", weighted: number | "", entitlement: number | "" = ""): CsvCell[] {
    const row: CsvCell[] = [at, scope, scope === "cluster" ? "" : s.name];
    for (const j of SERIES_RESOURCES) {
      const total = this.clusterTotal[j] as number;
      if (total <= 0) row.push("", "", "");
      else row.push(withTotal ? amountCell(total) : "", amountCell(s.allocated[j] as number), amountCell(s.offered[j] as number));
    }
    const num = (x: number | ""): string => (x === "" ? "" : String(roundSignificant(x)));
    row.push(num(share), num(weighted), num(entitlement), s.pending, s.running, s.offersOutstanding);
    row.push(...this.maintenance.seriesCells(scope as "cluster" | "role" | "framework", s.name));
    return row;
  }

  // ---- fairness ----

  /** A task left for good: its request is no longer part of its role's demand. */
  private undemand(t: TaskRecord): void {
    addMilli(t.role.demand, t.request, -1);
    this.demandChanged = true;
  }

  /** The entitlement of every role by progressive filling over their demands (entitlement.ts). */
  private fillEntitlements(): void {
    this.demandChanged = false;
    const roles = this.rolesSorted;
    if (this.entitlements.length < roles.length) this.entitlements = new Float64Array(roles.length * 2);
    this.filling.fill(roles, this.clusterTotal, this.counted, this.entitlements);
    for (let i = 0; i < roles.length; i++) (roles[i] as RoleRecord).entitlement = this.entitlements[i] as number;
  }

  // ---- tasks and jobs ----

  /** A task ended for good (`end` ≥ 0) or was abandoned (`end` = -1): its row, its job. */
  private finishTask(t: TaskRecord, status: string, end: number): void {
    this.tasks.delete(t.id);
    this.writeTaskRow(t, status, end);
    const j = t.job;
    if (--j.alive > 0) return;
    // No task of the job is alive: its figures are final. A later task with the same
    // job name starts a new job (memory stays bounded by what is alive).
    this.jobs.delete(t.jobName);
    if (j.abandoned) return;
    for (const s of [this.cluster, j.role, j.framework]) s.latency.jobCompleted(j.lastEnd - j.firstSubmit, j.maxRun);
  }

  private writeTaskRow(t: TaskRecord, status: string, end: number): void {
    if (this.tasksCsv === null) return;
    const launched = t.launch >= 0;
    const row: CsvCell[] = [
      t.id, t.jobName, t.framework.name, t.role.name,
      secondsText(t.submit), launched ? secondsText(t.launch) : "", end >= 0 ? secondsText(end) : "",
      status, t.agent, launched ? secondsText(t.wait) : "", launched ? t.attempts : "",
    ];
    // As Mesos holds them: fixed point to three decimals (milli-units.ts).
    for (let j = 0; j < R; j++) row.push(amountCell(toMilli(t.request[j] ?? 0)));
    this.tasksCsv.row(row);
  }

  // ---- lookups and checks ----

  private setWeight(call: string, role: string, weight: number): void {
    if (!(weight > 0 && Number.isFinite(weight))) this.fail(call, `role '${role}': weight ${weight} is not above 0`);
    let r = this.roles.get(role);
    if (r === undefined) {
      r = new RoleRecord(role);
      this.roles.set(role, r);
      this.rolesSorted = [...this.roles.values()].sort(byName);
    }
    r.weight = weight;
    this.dirty = true;
    this.demandChanged = true;
  }

  private noteTotals(): void {
    for (let j = 0; j < R; j++) if ((this.clusterTotal[j] as number) > 0) this.everHad[j] = true;
  }

  private live(call: string): void {
    if (this.start === null) this.fail(call, "came before runStarted");
    if (this.endTime >= 0) this.fail(call, "came after runEnded");
    this.dirty = true;
  }

  private agent(call: string, id: string): AgentEntry {
    const a = this.agents.entry(id);
    if (a === undefined) this.fail(call, `agent '${id}' is not registered`);
    return a;
  }

  private role(call: string, id: string): RoleRecord {
    // Offers come in runs to one role and framework: the last one found answers without a lookup.
    if (id === this.lastRole?.name) return this.lastRole;
    const r = this.roles.get(id);
    if (r === undefined) this.fail(call, `role '${id}' has no weight set (runStarted or roleWeight first)`);
    this.lastRole = r;
    return r;
  }

  private framework(call: string, id: string): FrameworkRecord {
    if (id === this.lastFramework?.name) return this.lastFramework;
    const f = this.frameworks.get(id);
    if (f === undefined) this.fail(call, `framework '${id}' was never registered`);
    this.lastFramework = f;
    return f;
  }

  private task(call: string, id: string): TaskRecord {
    const t = this.tasks.get(id);
    if (t === undefined) this.fail(call, `task '${id}' is not pending or running`);
    return t;
  }

  /** A record that breaks the stream's documented order: a simulator bug, not bad input. */
  private fail(call: string, what: string): never {
    throw new Error(`run records: ${call} at ${this.now} µs: ${what}`);
  }

  // ---- summary and small files ----

  private summary(mesosim: string, experimentSha256: string): MeasuredSummary {
    const start = this.start as RunStartInfo;
    const T = this.endTime;
    const avg = (integral: number): number => (T > 0 ? integral / T : 0);
    const total: Record<string, number> = {};
    const utilization: Record<string, UtilizationSummary> = {};
    for (let j = 0; j < R; j++) {
      if (!this.everHad[j]) continue;
      const name = REPORTED_RESOURCES[j] as string;
      total[name] = (this.clusterTotal[j] as number) / 1000;
      const samples = this.utilizationSamples[j] as SampleBuffer;
      utilization[name] = {
        mean: avg(this.integralAllocated[j] as number),
        offeredMean: avg(this.integralOffered[j] as number),
        idleMean: avg(this.integralIdle[j] as number),
        strandedMean: avg(this.integralStranded[j] as number),
        p50: samples.quantile(0.5),
        p95: samples.quantile(0.95),
      };
    }
    const roles: RoleSummary[] = this.rolesSorted.map((r) => ({
      role: r.name,
      weight: r.weight,
      tasks: { ...r.tasks },
      shareMean: avg(r.shareIntegral),
      shareMax: r.shareMax,
      entitlementMean: avg(r.entitlementIntegral),
      deficitMean: avg(r.deficitIntegral),
      starvedSeconds: r.starvedUs / 1e6,
      timeToFairShareSeconds: r.timeToFairShareSeconds,
      latency: r.latency.summary(),
    }));
    const frameworks: FrameworkSummary[] = this.frameworksSorted.map((f) => ({
      name: f.name,
      model: f.model,
      roles: [...f.roles],
      offersReceived: f.offersReceived,
      offersAccepted: f.offersAccepted,
      offersDeclined: f.offersDeclined,
      tasksLaunched: f.tasksLaunched,
      attempts: f.attempts,
      busyness: avg(f.busyUs),
      latency: f.latency.summary(),
    }));
    return {
      format: REPORT_FORMAT,
      name: start.name,
      seed: start.seed,
      mesosim,
      experimentSha256,
      digest: this.eventLog.digest(),
      simulatedSeconds: T / 1e6,
      events: this.eventLog.count,
      cluster: { agents: { max: this.agentsMax, end: this.agents.size }, total },
      tasks: { ...this.cluster.tasks },
      utilization,
      fairness: { jain: { mean: this.jainTime > 0 ? this.jainIntegral / this.jainTime : null, min: this.jainMin } },
      latency: this.cluster.latency.summary(),
      roles,
      frameworks,
      failures: { ...this.failures.summary(), ...this.maintenance.summary(T) },
    };
  }

  private frameworksCsv(): string {
    const T = this.endTime;
    const rows = this.frameworksSorted.map((f): CsvCell[] => {
      const w = f.latency.waits.distribution();
      const s = (us: number | null): string => (us === null ? "" : secondsText(us));
      return [
        f.name, f.model, f.roles.join(";"), f.offersReceived, f.offersAccepted, f.offersDeclined, f.tasksLaunched, f.attempts,
        String(roundSignificant(T > 0 ? f.busyUs / T : 0)),
        s(w.mean), s(w.p50), s(w.p90), s(w.p99), s(w.max), w.count,
      ];
    });
    return csvText(FRAMEWORKS_HEADER, rows);
  }

  private timingJson(end: RunFinish): string {
    const simulated = this.endTime / 1e6;
    const timing = {
      wallSeconds: end.wallSeconds,
      events: this.eventLog.count,
      eventsPerSecond: end.wallSeconds > 0 ? this.eventLog.count / end.wallSeconds : null,
      simulatedSeconds: simulated,
      simulatedToWall: end.wallSeconds > 0 ? simulated / end.wallSeconds : null,
      peakRssBytes: end.peakRssBytes,
    };
    return `${JSON.stringify(timing, (_k, v: unknown) => (typeof v === "number" ? roundSignificant(v) : v), 2)}\n`;
  }
}

