// One run: an experiment plus its seed, turned into the record stream of what the
// simulated cluster did (docs/experiment-format.md). It builds the kernel, the
// allocator, the master, the agents and the frameworks, streams the workload in
// time order, and stops at the horizon or once nothing more can happen.
//
// A run is a pure function of the experiment (CONVENTIONS.md): nothing here reads a
// clock, and every random number comes from the experiment's seed through named
// streams.
import { getHeapStatistics } from "node:v8";
import type { AllocatorOptions, Quota, Unavailability } from "../../allocators/allocator.ts";
import { HierarchicalAllocator } from "../../allocators/hierarchical/hierarchical-allocator.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { pauseForSignals } from "../../common/output-files.ts";
import { RandomSource } from "../../common/random-source.ts";
import type { MachineRecord, TaskRecord, TraceRecord } from "../../traces/canonical/trace-record.ts";
import type { Experiment, FrameworkSpec } from "../experiment/experiment.ts";
import type { FrameworkModelFactory } from "../frameworks/framework-model.ts";
import { FRAMEWORK_MODELS } from "../frameworks/models.ts";
import { Failures } from "../failures/failures.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import { Simulation } from "../kernel/simulation.ts";
import { amountsOf } from "../master/amounts.ts";
import { Master } from "../master/master.ts";
import { SimFramework, SimOffer, SimTask, taskRole } from "../master/master-records.ts";
import { formatAttributes } from "../master/attributes.ts";
import type { RunRecorder, TaskEndState } from "../records/run-records.ts";
import { agentsOfGroups } from "./agent-groups.ts";
import { Router } from "./router.ts";
import { InputError } from "../../common/input-error.ts";
import type { KeyPath } from "../../common/source-document.ts";
import { dottedKeyPath } from "../../common/validation.ts";
import { MaintenanceController } from "../maintenance/maintenance.ts";
import { OversubscriptionController } from "../oversubscription/oversubscription.ts";
import { WorkloadStream, type WorkloadInput, type WorkloadItem } from "../workload/workload-stream.ts";

export interface RunOptions {
  readonly experiment: Experiment;
  /** The workload as canonical traces, one per experiment source, in order. */
  readonly workload: readonly WorkloadInput[];
  readonly recorder: RunRecorder;
  /** Check the invariants after every event (tests), not only after every allocation run. */
  readonly checkEveryEvent?: boolean;
  /**
   * The straightforward path (tests): the allocator steps every periodic run and
   * checks every agent at every run (no idle-run skipping, no dormant agents).
   * Same outcomes and draws as the default path, which the tests pin by digest.
   */
  readonly straightforward?: boolean;
  /** Called now and then with the simulated time reached (µs), for a progress bar. */
  readonly onProgress?: (time: number) => void;
  /**
   * Framework models by name (default: the registered ones, sim/frameworks/models.ts).
   * For embedding and tests: an experiment file can only name registered models.
   */
  readonly models?: ReadonlyMap<string, FrameworkModelFactory>;
  /**
   * Where a key of the experiment came from, for an error the run finds (a
   * framework-failover naming no framework): `file:line:column: key.path`, or the
   * `--set` that gave it (loadExperimentFile's `describe`). Default: the dotted key
   * path alone.
   */
  readonly describe?: (path: KeyPath) => string;
  /**
   * Heap the run may fill, bytes (default: this process's V8 heap limit): a task
   * record whose instances would make the tasks alive at once need more, at
   * TASK_BYTES each, is refused (InputError) before they are made.
   */
  readonly heapLimit?: number;
}

export interface RunResult {
  /** Kernel events run. */
  readonly events: number;
  /** The run's span T, µs. */
  readonly span: number;
}

/** Kernel events between two turns of the event loop. */
const PAUSE_EVERY = 1 << 8;

/**
 * Heap a live task takes, bytes, all told (its SimTask, id, queue slot and the
 * recorder's row): a record of 1,000,000 pending instances took a run to 689 MB.
 * Rounded up, so that a run is refused before V8 runs out of memory rather than after.
 */
const TASK_BYTES = 1024;

/** Time-series samples (`report.sampleInterval`) written between two turns of the event loop in a stretch without events. */
const QUIET_SAMPLES = 10_000;

const END_STATES: Readonly<Record<string, TaskEndState>> = {
  finished: "TASK_FINISHED",
  failed: "TASK_FAILED",
  killed: "TASK_KILLED",
};

/** Distinct machine capacities kept (a trace has a handful of machine classes); past this the cache starts over. */
const MAX_CACHED_CAPACITIES = 10_000;

/**
 * Machine capacity in Mesos units as a RES (zero amounts dropped), one shared
 * collection per distinct capacity (`cache`). Collections are immutable, so
 * sharing changes no value; what it changes is memory: the agents of one machine
 * class, idle, offer the very same collections (and their tagged copies, and the
 * quantities cached on them), which stay in the processor's cache, instead of one
 * set per agent scattered over the heap. An offer on a cell of 12,583 agents in
 * ten classes then reads a few hot objects rather than a dozen cold ones.
 */
function machineResources(c: { cpus: number; mem: number; disk: number; gpus: number }, cache: Map<string, Resources>): Resources {
  const key = `${c.cpus};${c.mem};${c.disk};${c.gpus}`;
  let r = cache.get(key);
  if (r === undefined) {
    const parts: string[] = [];
    if (c.cpus > 0) parts.push(`cpus:${c.cpus}`);
    if (c.mem > 0) parts.push(`mem:${c.mem}`);
    if (c.disk > 0) parts.push(`disk:${c.disk}`);
    if (c.gpus > 0) parts.push(`gpus:${c.gpus}`);
    r = parseResources(parts.join(";"));
    if (cache.size >= MAX_CACHED_CAPACITIES) cache.clear();
    cache.set(key, r);
  }
  return r;
}

function machineAttributes(a: Record<string, string>): string {
  // Sorted: a plain object's key order is not a contract.
  return formatAttributes(Object.keys(a).sort().map((k) => [k, a[k] as string] as const));
}

export async function runSimulation(o: RunOptions): Promise<RunResult> {
  const ex = o.experiment;
  const heapLimit = o.heapLimit ?? getHeapStatistics().heap_size_limit;
  const maxLiveTasks = Math.floor(heapLimit / TASK_BYTES);
  const random = new RandomSource(ex.seed);
  const sim = new Simulation({ random });
  const m = ex.master;
  const allocatorOptions = (offer: AllocatorOptions["offer"]): AllocatorOptions => ({
    allocationInterval: m.allocationInterval / 1e6,
    minAllocatable: m.minAllocatable.map((q) => Quantities.parse(q)),
    fairnessExcludeResourceNames: m.fairnessExcludeResourceNames,
    filterGpuResources: m.filterGpuResources,
    sorter: m.sorter,
    random: (name) => random.stream(name),
    offer,
    recoveryTimeout: m.allocatorRecoveryTimeout / 1e6,
    agentRecoveryFactor: m.allocatorAgentRecoveryFactor,
    ...(o.straightforward === true ? { skipIdleRuns: false, trackDormancy: false } : {}),
    ...(ex.maintenance.length > 0 ? { inverseOffer: (fw: string, agent: string, u: Unavailability) => maintenance?.inverseOffer(fw, agent, u) } : {}),
  });
  let finished = false;
  const master = new Master({
    sim,
    random,
    settings: m,
    recorder: o.recorder,
    allocator: (offer) => new HierarchicalAllocator(allocatorOptions(offer)),
    models: o.models ?? FRAMEWORK_MODELS,
    checkEveryEvent: o.checkEveryEvent ?? false,
    horizon: ex.horizon,
    afterAllocation: () => {
      // Without a horizon, the run is over once nothing more can happen: the workload
      // is exhausted, no running task has a finite run time left, no framework is
      // deciding, and a whole allocation interval has passed without a launch.
      if (ex.horizon !== null || !stream.exhausted || arrival !== null) return;
      if (master.timedTasks > 0 || master.openCallbacks > 0 || failures?.busy() === true) return;
      if (maintenance !== null && maintenance.pending > 0) return;
      if (sim.now - master.lastLaunch < m.allocationInterval) return;
      finished = true;
      sim.stop();
    },
  });

  // Maintenance and oversubscription watch the master's agents and tasks from the start.
  const maintenance = ex.maintenance.length > 0 ? new MaintenanceController(sim, master, o.recorder, random, m.offerTimeout) : null;
  const oversubscription = ex.oversubscription === null ? null : new OversubscriptionController(sim, master, o.recorder, ex.oversubscription);

  // The event log: every event the kernel runs, with the ids it concerns. Every
  // PAUSE_EVERY events (an allocation event can make thousands of offers) the kernel
  // stops for one turn of the event loop, so that a
  // SIGINT or SIGTERM is handled (and the run's scratch removed) even in a long run.
  let pauseDue = false;
  let sincePause = 0;
  sim.observe((time, kind, target) => {
    o.recorder.event(time, sim.kindName(kind), labelOf(target));
    if (++sincePause >= PAUSE_EVERY) {
      sincePause = 0;
      pauseDue = true;
      sim.stop();
    }
  });

  const roles = [...ex.roles.keys()];
  for (const fw of ex.frameworks) for (const r of fw.roles) if (!roles.includes(r)) roles.push(r);
  roles.sort();
  o.recorder.runStarted({
    name: ex.name,
    seed: ex.seed,
    roles: roles.map((role) => ({ role, weight: ex.roles.get(role)?.weight ?? 1 })),
    fairnessExcludeResourceNames: m.fairnessExcludeResourceNames,
    minAllocatable: m.minAllocatable.map((q) => amountsOf(parseResources(q))),
    horizon: ex.horizon,
    failures: ex.failures.length > 0,
  });
  const weights = new Map<string, number>();
  for (const [role, s] of ex.roles) if (s.weight !== 1) weights.set(role, s.weight);
  if (weights.size > 0) master.allocator.updateWeights(weights);
  for (const role of roles) o.recorder.roleWeight(0, role, ex.roles.get(role)?.weight ?? 1);
  const quotas = new Map<string, Quota>();
  for (const [role, s] of ex.roles) {
    if (s.guarantees === null && s.limits === null) continue;
    const quota = {
      guarantees: s.guarantees === null ? new Quantities() : Quantities.parse(s.guarantees),
      limits: s.limits === null ? Limits.unlimited() : Limits.parse(s.limits),
    };
    quotas.set(role, quota);
    master.allocator.updateQuota(role, quota);
  }
  // The failure model, only when the experiment has failures (sim/failures/).
  const failures = ex.failures.length === 0 ? null : new Failures({ sim, master, random, recorder: o.recorder, settings: m, failures: ex.failures, registry: { weights, quotas } });

  for (const a of agentsOfGroups(ex.cluster.agents)) master.addAgent(a.id, a.resources, a.attributes);
  maintenance?.start(ex.maintenance);
  const frameworks: SimFramework[] = [];
  const knownRoles = new Set(roles);
  const register = (spec: FrameworkSpec): SimFramework => {
    // The records name a role (weight 1 unless set) before anything of it appears.
    for (const r of spec.roles) {
      if (knownRoles.has(r)) continue;
      knownRoles.add(r);
      o.recorder.roleWeight(sim.now, r, 1);
    }
    const fw = new SimFramework(spec, frameworks.length);
    frameworks.push(fw);
    master.registerFramework(fw);
    return fw;
  };
  for (const spec of ex.frameworks) register(spec);
  failures?.start();
  const router = new Router(ex.frameworks, (name) => master.frameworks.get(name), register);

  const stream = new WorkloadStream(o.workload);
  let arrival: TraceRecord | null = null;
  let needFill = false;
  let arrivals = 0;

  const kMachine: EventKind<MachineRecord> = sim.defineKind<MachineRecord>("machine", EventPriority.MACHINE, (r) => {
    arrival = null;
    machineChanged(r);
    pullNext();
  });
  const kArrive: EventKind<WorkloadItem> = sim.defineKind<WorkloadItem>("arrive", EventPriority.WORKLOAD, (item) => {
    arrival = null;
    if (item.record.type === "task") taskArrived(item.record, item.source);
    else if (item.record.type === "usage") oversubscription?.usageRecord(item.record);
    pullNext();
  });

  const capacities = new Map<string, Resources>();
  function machineChanged(r: MachineRecord): void {
    if (!ex.cluster.fromWorkload) return;
    // A machine that is down for maintenance keeps what the trace says for when it comes up.
    if (maintenance?.absorbs(r.id, r.event, r.capacity === null ? null : machineResources(r.capacity, capacities), machineAttributes(r.attributes)) === true) return;
    const known = master.agents.get(r.id);
    switch (r.event) {
      case "add":
        if (r.capacity === null) return;
        if (known === undefined) master.addAgent(r.id, machineResources(r.capacity, capacities), machineAttributes(r.attributes));
        else master.updateAgent(r.id, machineResources(r.capacity, capacities), machineAttributes(r.attributes));
        return;
      case "update":
        if (known !== undefined) master.updateAgent(r.id, r.capacity === null ? null : machineResources(r.capacity, capacities), machineAttributes(r.attributes));
        return;
      case "remove":
        if (known !== undefined) master.removeAgent(r.id);
        return;
    }
  }

  function taskArrived(r: TaskRecord, source: number): void {
    const fw = router.route(r, source);
    const q = master.requestOf(r.request);
    const amounts = amountsOf(q.resources);
    // `initial` tasks were running when the trace began: their run time left is end − 0.
    const duration = r.initial && r.end !== null ? Math.max(0, r.end - r.time) : r.duration;
    const endState = END_STATES[r.status] ?? "TASK_FINISHED";
    // The role the task is allocated in: its own when its framework is subscribed to
    // it, else its framework's first role (a framework in role "*", Mesos's default
    // role, that takes tasks of any role, runs them all in "*").
    const role = taskRole(fw.spec.roles, r.role);
    // Every instance is a task object from its arrival on: refused before they are
    // made if the tasks alive at once would outgrow the process's heap, which would
    // otherwise end the run with V8's out-of-memory abort after a long wait.
    if (r.instances > 1 && master.liveTasks + r.instances > maxLiveTasks) {
      throw new InputError(
        `${(o.describe ?? dottedKeyPath)(["workload", source])}: task ${r.id} at ${r.time / 1e6} s has instances ${r.instances}: with the ${master.liveTasks} tasks alive, the run would hold ${master.liveTasks + r.instances} tasks at once, more than this process can keep (at most ${maxLiveTasks}: ${TASK_BYTES} bytes a task in its ${(heapLimit / 2 ** 30).toFixed(1)} GiB heap); split the record, or give node more heap (\`node --max-old-space-size=MiB bin/mesosim.js run …\`)`,
      );
    }
    const tasks: SimTask[] = [];
    for (let k = 0; k < r.instances; k++) {
      const id = r.instances === 1 ? r.id : `${r.id}/${k}`;
      tasks.push(new SimTask(id, r.job, fw, role, q.quantities, amounts, duration, endState, r.constraints, r.priority, sim.now));
    }
    oversubscription?.usage.submitted(r.id, tasks);
    // Initial tasks run where they ran when the machine is there with room.
    master.submit(fw, tasks, r.initial ? (r.machine ?? null) : null);
    if ((++arrivals & 4095) === 0) o.onProgress?.(sim.now);
  }

  /** Schedules the next workload record (the initial state first), or stops the kernel to read more of the trace. */
  function pullNext(): void {
    const item = initial.length > 0 ? (initial.pop() as WorkloadItem) : stream.next();
    if (item === null) {
      if (!stream.exhausted) {
        needFill = true;
        sim.stop();
      }
      return;
    }
    arrival = item.record;
    if (item.record.time > Number.MAX_SAFE_INTEGER) {
      // Only a `timeScale` below 1 stretches a trace's times (at most 2^53 − 1 µs)
      // past the clock's range. With a horizon, which is within it, this record and
      // every later one are past the horizon: none would run, so none is scheduled.
      if (ex.horizon !== null) return;
      const path = ["workload", item.source, "timeScale"];
      throw new InputError(
        `${(o.describe ?? dottedKeyPath)(path)}: ${o.workload[item.source]?.options.timeScale} puts a ${item.record.type} record at ${item.record.time} µs, past the simulator's clock range (2^53 − 1 µs, about 285 years): give the experiment a horizon, or a larger timeScale`,
      );
    }
    if (item.record.type === "machine") sim.schedule(Math.max(item.record.time, sim.now), kMachine, item.record);
    else sim.schedule(Math.max(item.record.time, sim.now), kArrive, item);
  }

  // The initial state (docs/experiment-format.md, `workload`): the records at run
  // time 0, machines first (of every source), then the tasks that were already
  // running, then the rest in merged order, so that initial tasks find their
  // machines and are placed before any other task is submitted. (Jobs go with the
  // machines, where a trace's own order already has them.) Bounded by what is
  // alive at time 0. Held last-first, to be popped.
  const initial = await initialState(stream);

  for (;;) {
    if (arrival === null) {
      await stream.fill();
      needFill = false;
      pullNext();
    }
    // The kernel runs in slices of at most QUIET_SAMPLES samples of simulated time
    // past the next event: a stretch without events longer than that (a task of 30
    // years, the last thing left in a run without a horizon) is not crossed inside
    // one event, whose record would write all its samples without a turn of the
    // event loop, deaf to SIGINT; the recorder writes them below, a slice at a time.
    const limit = ex.horizon ?? Infinity;
    const sliceEnd = sim.nextTime() + QUIET_SAMPLES * ex.report.sampleInterval;
    if (sliceEnd < limit) sim.runBefore(sliceEnd);
    else if (ex.horizon !== null) sim.runUntil(ex.horizon);
    else sim.runUntilEmpty();
    if (pauseDue && !finished) {
      pauseDue = false;
      await pauseForSignals();
      continue;
    }
    if (needFill && !finished) continue;
    if (sliceEnd < limit && !finished) {
      if (sim.nextTime() < limit) {
        while (o.recorder.catchUp?.(Math.min(sim.nextTime(), limit), QUIET_SAMPLES) === false) await pauseForSignals();
        await pauseForSignals();
        continue;
      }
      // Nothing left before the horizon: the clock goes to it, as runUntil leaves it.
      if (ex.horizon !== null) sim.runUntil(ex.horizon);
    }
    break;
  }
  // The stretch from the last event to the horizon, likewise a slice at a time.
  if (ex.horizon !== null) while (o.recorder.catchUp?.(ex.horizon, QUIET_SAMPLES) === false) await pauseForSignals();
  // The span: the horizon, or the last event the run executed (every record is at
  // an event's time, so nothing recorded lies past it).
  const span = ex.horizon ?? sim.now;
  // A framework-failover or an expect check naming a framework that is neither
  // listed nor made for a role, or an expect check naming a role the run did not
  // have, named nothing: a typo (experiment format: "a metric that does not exist
  // is an invalid experiment"), not a failure that did not happen or a failed gate.
  const describe = o.describe ?? dottedKeyPath;
  const noFramework = (name: string, path: KeyPath): InputError | undefined =>
    ex.frameworks.some((s) => s.name === name) || router.madeFor(name)
      ? undefined
      : new InputError(`${describe(path)}: no framework is named "${name}": it is not in \`frameworks\`, and no task of a role "${name}" went to a framework made for its role by the end of the run`);
  ex.failures.forEach((f, i) => {
    const err = f.kind === "framework-failover" ? noFramework(f.framework, ["failures", i, "framework"]) : undefined;
    if (err !== undefined) throw err;
  });
  ex.expect.forEach((e, i) => {
    const err = e.framework === null ? undefined : noFramework(e.framework, ["expect", i, "framework"]);
    if (err !== undefined) throw err;
    if (e.role !== null && !knownRoles.has(e.role)) {
      throw new InputError(`${describe(["expect", i, "role"])}: the run has no role "${e.role}" (its roles: ${[...knownRoles].sort().join(", ") || "none"})`);
    }
  });
  master.checkInvariants("end");
  o.recorder.runEnded(span);
  return { events: sim.processed, span };
}

/** The records at run time 0, in the order the run takes them (see the caller), last first. */
async function initialState(stream: WorkloadStream): Promise<WorkloadItem[]> {
  const state: WorkloadItem[] = [];
  const running: WorkloadItem[] = [];
  const rest: WorkloadItem[] = [];
  for (;;) {
    const t = stream.peekTime();
    if (Number.isNaN(t)) {
      await stream.fill();
      continue;
    }
    if (t !== 0) break;
    const item = stream.next() as WorkloadItem;
    const r = item.record;
    if (r.type === "machine" || r.type === "job") state.push(item);
    else if (r.type === "task" && r.initial) running.push(item);
    else rest.push(item);
  }
  return [...state, ...running, ...rest].reverse();
}

function labelOf(target: unknown): string {
  // A task's event names its agent too: where it runs is part of what a run did.
  if (target instanceof SimTask) return target.agent === null ? target.id : `${target.id} ${target.agent.id}`;
  if (target instanceof SimOffer) return `${target.id} ${target.framework.name} ${target.agent.id}`;
  if (target instanceof SimFramework) return target.name;
  // Maintenance windows, inverse offers, lending agents.
  if (target !== null && typeof target === "object" && "label" in target) return String((target as { label: unknown }).label);
  if (target !== null && typeof target === "object" && "record" in target) {
    const r = (target as WorkloadItem).record;
    return r.type === "usage" ? r.task : r.id;
  }
  if (target !== null && typeof target === "object" && "type" in target && "id" in target) return String((target as { id: unknown }).id);
  return "";
}
