// The simulated Mesos master: what Mesos's master does between the allocator and
// the frameworks (src/master/master.cpp), on the kernel's events.
//
// - The allocator's offer callbacks become offers, one per (framework, role, agent)
//   (`Master::offer`); an offer is outstanding until the framework answers it, it
//   times out (`--offer_timeout`), or it is rescinded.
// - ACCEPT with LAUNCH starts tasks on the agent (TASK_STAGING, then TASK_RUNNING
//   after `taskLaunchDelay`); what is left of the offer goes back with the accept's
//   filter (`Master::accept`: `allocator->recoverResources(…, accept.filters())`,
//   Mesos's default refuse_seconds 5 s). DECLINE recovers with its filter.
// - A task that ends sends its status update to its framework, and its resources go
//   back to the allocator with no filter: they wait for the next allocation run
//   (`Master::updateTask` → `recoverResources(…, None())`).
// - An agent removed with tasks on it: the allocator forgets the agent first (so
//   nothing is re-offered), its outstanding offers are rescinded, as in
//   `Master::_removeSlave`; its tasks are TASK_GONE to PARTITION_AWARE frameworks
//   and TASK_LOST to the others (Mesos sends TASK_LOST to all there: see
//   docs/simulator.md, "What the master does not reproduce").
// - SUPPRESS and REVIVE map to the allocator calls.
//
// The allocator keeps its own logical clock: its periodic runs and filter expiries
// fire through one ALLOCATION-class kernel event kept at `allocator.nextTimer()`,
// and a run that a call triggers (a new agent, a revive) is settled by an
// ALLOCATION-class event at the same time, so it sees everything else that
// happened at that microsecond (docs/experiment-format.md, "Order of events").
import { InputError } from "../../common/input-error.ts";
import type { Allocator, FrameworkCapability } from "../../allocators/allocator.ts";
import type { RandomStream } from "../../allocators/random-stream.ts";
import type { Quantities } from "../../allocators/resources/quantities.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { RESOURCE_KIND, Resources } from "../../allocators/resources/resources.ts";
import { shrinkToQuantities } from "../../allocators/resources/shrink.ts";
import type { RandomSource } from "../../common/random-source.ts";
import type { MasterSettings } from "../experiment/experiment.ts";
import type { FrameworkModel, FrameworkModelFactory, OfferAnswer, SchedulerDriver, TaskStatusReason } from "../frameworks/framework-model.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { Simulation } from "../kernel/simulation.ts";
import type { RunRecorder, TaskEndState } from "../records/run-records.ts";
import { takeFor, usableFor } from "../oversubscription/revocable-take.ts";
import { type DistinctIndex, hasDistinct, meetsConstraints } from "./constraints.ts";
import { amountsOf } from "./amounts.ts";
import { LiveTaskIds } from "./live-task-ids.ts";
import { HoldingsCheck } from "./holdings-check.ts";
import { agentTotalAfter, offerOperation } from "./offer-operations.ts";
import { SimAgent, SimFramework, SimOffer, type SimTask, taskRole } from "./master-records.ts";
import type { MasterHooks, MasterInternals } from "./master-hooks.ts";
import type { MasterObserver } from "./master-observer.ts";

/**
 * The report amounts of an offer on `agent`, shared by its offers of the same
 * resources: an agent is offered the same collection again and again (tagged for
 * each framework's role in turn, the same amounts), so they are computed once.
 */
function offerAmounts(agent: SimAgent, resources: Resources): Float64Array {
  const key = resources.soleRole() === undefined ? resources : resources.unallocate();
  if (agent.offerAmountsOf !== key) {
    agent.offerAmountsOf = key;
    agent.offerAmounts = amountsOf(resources);
  }
  return agent.offerAmounts;
}

export interface MasterOptions {
  readonly sim: Simulation;
  readonly random: RandomSource;
  readonly settings: MasterSettings;
  readonly recorder: RunRecorder;
  /** Builds the allocator with the master's offer callback. */
  readonly allocator: (offer: (frameworkId: string, offers: ReadonlyMap<string, ReadonlyMap<string, Resources>>) => void) => Allocator;
  readonly models: ReadonlyMap<string, FrameworkModelFactory>;
  /** Check the invariants after every event (tests) instead of after every allocation run. */
  readonly checkEveryEvent?: boolean;
  /** Called after every allocation run (the run's end-of-work check). */
  readonly afterAllocation?: () => void;
  /** The run's horizon, µs, or null (default): a task end past the clock's range is past it, or bad input without one. */
  readonly horizon?: number | null;
}

/** A task request, as the allocator and the reports take it. */
export interface TaskRequest {
  readonly quantities: Quantities;
  readonly resources: Resources;
}

/** Distinct request shapes kept (a trace has a few thousand); past this the cache starts over. */
const MAX_CACHED_REQUESTS = 100_000;

export class Master {
  readonly agents = new Map<string, SimAgent>();
  readonly frameworks = new Map<string, SimFramework>();
  /** `frameworks`' values, in registration order (a loop over them allocates no iterator). */
  private readonly frameworkList: SimFramework[] = [];
  /** Replaced by a new one when a new master is elected (sim/failures/master-failover.ts). */
  allocator: Allocator;
  /** The failure model, when the run has failures (sim/failures/). */
  hooks: MasterHooks | null = null;
  private readonly makeAllocator: MasterOptions["allocator"];
  private readonly sim: Simulation;
  private readonly settings: MasterSettings;
  private readonly recorder: RunRecorder;
  private readonly models: ReadonlyMap<string, FrameworkModelFactory>;
  private readonly random: RandomSource;
  private readonly carve: RandomStream;
  private readonly distinct: DistinctIndex = new Map();
  /** Ids of the tasks submitted and not ended for good (see live-task-ids.ts). */
  private readonly liveTaskIds = new LiveTaskIds();
  private nextOfferId = 1;
  private tick: EventHandle | undefined = undefined;
  private tickAt = Infinity;
  private readonly holdings: HoldingsCheck;
  private readonly afterAllocation: () => void;
  private readonly horizon: number | null;
  private readonly requests = new Map<string, TaskRequest>();
  /** Each framework's model (kept here so that the model interface can name the records). */
  private readonly models_ = new Map<SimFramework, FrameworkModel>();
  /** Time of the last launch, and of the last change to what is allocated, offered or pending (µs). */
  lastLaunch = 0;
  lastChange = 0;
  /** Tasks running with a finite run time left (the run cannot be over while there are any). */
  timedTasks = 0;
  /** Callbacks being decided or waiting. */
  openCallbacks = 0;
  /** The maintenance and oversubscription controllers, told of agents and tasks (master-observer.ts). */
  readonly observers: MasterObserver[] = [];

  private readonly kOfferTimeout: EventKind<SimOffer>;
  private readonly kDecide: EventKind<SimFramework>;
  private readonly kAnswer: EventKind<SimFramework>;
  private readonly kRunning: EventKind<SimTask>;
  private readonly kTaskEnd: EventKind<SimTask>;
  private readonly kTaskTimer: EventKind<SimTask>;
  private readonly kAllocator: EventKind<Master>;

  constructor(o: MasterOptions) {
    this.sim = o.sim;
    this.settings = o.settings;
    this.recorder = o.recorder;
    this.models = o.models;
    this.random = o.random;
    this.carve = o.random.stream("sim/master/carve");
    this.holdings = new HoldingsCheck(this, this.frameworkList, o.checkEveryEvent ?? false);
    this.afterAllocation = o.afterAllocation ?? (() => {});
    this.horizon = o.horizon ?? null;
    this.makeAllocator = o.allocator;
    this.allocator = o.allocator((fw, offers) => this.onOffers(fw, offers));
    const sim = o.sim;
    this.kOfferTimeout = sim.defineKind<SimOffer>("offer-timeout", EventPriority.FRAMEWORK, (offer) => this.offerTimedOut(offer));
    this.kDecide = sim.defineKind<SimFramework>("decide", EventPriority.FRAMEWORK, (fw) => this.decide(fw));
    this.kAnswer = sim.defineKind<SimFramework>("answer", EventPriority.FRAMEWORK, (fw) => this.answer(fw));
    this.kRunning = sim.defineKind<SimTask>("task-running", EventPriority.TASK_END, (task) => this.taskRunning(task));
    this.kTaskEnd = sim.defineKind<SimTask>("task-end", EventPriority.TASK_END, (task) => {
      // An agent that cannot report it, or that the master does not know its tasks of (sim/failures/).
      const a = task.agent;
      if (a !== null && (a.cutOff || a.status === "unreachable") && this.hooks !== null) this.hooks.taskEndHeld(task);
      else this.endTask(task, task.endState);
    });
    this.kTaskTimer = sim.defineKind<SimTask>("task-timer", EventPriority.FRAMEWORK, (task) => {
      task.event = undefined;
      this.modelOf(task.framework).taskTimer(task);
    });
    this.kAllocator = sim.defineKind<Master>("allocate", EventPriority.ALLOCATION, (m) => m.runAllocator());
  }

  private modelOf(fw: SimFramework): FrameworkModel {
    return this.models_.get(fw) as FrameworkModel;
  }

  /** The bookkeeping the failure model drives (master-hooks.ts). */
  internals(): MasterInternals {
    return {
      sync: () => this.syncAllocator(),
      triggered: () => this.triggered(),
      wake: () => this.wake(),
      changed: () => this.changed(),
      touch: (agent) => this.holdings.touch(agent),
      afterEvent: (event) => this.holdings.eventDone(event),
      model: (fw) => this.modelOf(fw),
      rescind: (offer, recover, cause) => this.rescind(offer, "rescinded", recover, cause),
      newAllocator: () => {
        if (this.tick !== undefined) this.sim.cancel(this.tick);
        this.tick = undefined;
        this.tickAt = Infinity;
        this.allocator = this.makeAllocator((fw, offers) => this.onOffers(fw, offers));
        this.allocator.advanceBefore(this.sim.now);
        return this.allocator;
      },
      resumeTask: (task, agent, resources, runningSince, endsAt) => {
        if (task.state !== "pending") throw new Error(`task ${task.id} resumed while ${task.state}`);
        if (task.event !== undefined) this.sim.cancel(task.event);
        task.state = "running";
        task.agent = agent;
        task.resources = resources;
        task.runningSince = runningSince;
        task.event = undefined;
        agent.tasks.add(task);
        agent.hold(task.framework.name, resources, 1);
        task.framework.tasks.add(task);
        this.noteDistinct(task, agent);
        if (endsAt !== null) this.scheduleEnd(task, Math.max(endsAt, this.now));
        this.holdings.touch(agent);
        for (const o of this.observers) o.taskStarted?.(task);
        this.changed();
      },
    };
  }

  get now(): number {
    return this.sim.now;
  }

  /**
   * A task request (cpus, mem, disk, gpus in Mesos units; zero amounts dropped), shared
   * by every task of that shape: tasks never change their request.
   */
  requestOf(r: { readonly cpus: number; readonly mem: number; readonly disk: number; readonly gpus: number }): TaskRequest {
    const key = `${r.cpus};${r.mem};${r.disk};${r.gpus}`;
    let req = this.requests.get(key);
    if (req === undefined) {
      const parts: string[] = [];
      if (r.cpus > 0) parts.push(`cpus:${r.cpus}`);
      if (r.mem > 0) parts.push(`mem:${r.mem}`);
      if (r.disk > 0) parts.push(`disk:${r.disk}`);
      if (r.gpus > 0) parts.push(`gpus:${r.gpus}`);
      const resources = parseResources(parts.join(";"));
      req = { quantities: resources.scalarQuantities(), resources };
      if (this.requests.size >= MAX_CACHED_REQUESTS) this.requests.clear();
      this.requests.set(key, req);
    }
    return req;
  }

  // ---- the allocator's clock ------------------------------------------------------

  /** Brings the allocator's clock to now without running what is due at now (that waits for the ALLOCATION event). */
  private syncAllocator(): void {
    if (this.allocator.now < this.sim.now) this.allocator.advanceBefore(this.sim.now);
  }

  /** A call that triggers an allocation was made: settle it at this microsecond, after everything else. */
  private triggered(): void {
    this.scheduleTick(this.sim.now);
  }

  /** Resources came back to the allocator: the next periodic run may have work again. */
  private wake(): void {
    const next = this.allocator.nextTimer();
    if (next !== undefined) this.scheduleTick(next);
  }

  private scheduleTick(time: number): void {
    if (time >= this.tickAt && this.tick !== undefined && this.sim.isPending(this.tick)) return;
    if (this.tick !== undefined) this.sim.cancel(this.tick);
    this.tickAt = time;
    this.tick = this.sim.schedule(time, this.kAllocator, this);
  }

  private runAllocator(): void {
    this.tick = undefined;
    this.tickAt = Infinity;
    this.allocator.advanceTo(this.sim.now);
    // While the allocator is idle (nothing it could offer), the kernel sleeps until
    // its next filter expiry or until a call frees resources (wake): idle periodic
    // runs are skipped, not stepped through.
    const next = this.allocator.nextActiveTimer();
    if (next !== undefined) this.scheduleTick(next);
    this.checkInvariants("allocate");
    this.afterAllocation();
  }

  // ---- agents ---------------------------------------------------------------------

  addAgent(id: string, total: Resources, attributes: string): void {
    if (this.agents.has(id)) throw new Error(`agent ${id} added twice`);
    this.syncAllocator();
    const agent = new SimAgent(id, total, attributes);
    this.agents.set(id, agent);
    this.allocator.addAgent(id, attributes === "" ? { resources: total } : { resources: total, attributes }, new Map());
    this.recorder.agentAdded(this.now, id, amountsOf(total), attributes);
    this.changed();
    this.holdings.touch(agent);
    this.triggered();
    for (const o of this.observers) o.agentAdded?.(agent);
    this.holdings.eventDone("agent-added");
  }

  /** A machine's capacity or attributes changed. Tasks that no longer fit are lost, newest first. */
  updateAgent(id: string, total: Resources | null, attributes: string | null): void {
    const agent = this.agents.get(id);
    if (agent === undefined) throw new Error(`update of unknown agent ${id}`);
    if (this.hooks !== null && (agent.status === "unreachable" || agent.status === "recovering")) return this.hooks.absentAgentUpdated(agent, total, attributes);
    this.syncAllocator();
    // Offers on it are rescinded first, so that only tasks hold anything (Mesos
    // rescinds offers whose resources an agent update affects).
    for (const offer of agent.offers) this.rescind(offer, "rescinded", true);
    if (total !== null) {
      // The machine's new capacity; revocable resources lent by its estimator stay
      // (they are the agent's, not the trace's: oversubscription).
      const lent = agent.total.revocable();
      if (!lent.isEmpty()) total = total.plus(lent);
      const tasks = [...agent.tasks];
      let held = Resources.EMPTY;
      for (const t of tasks) held = held.plus((t.resources as Resources).unallocate());
      for (let i = tasks.length - 1; i >= 0 && !total.contains(held); i--) {
        const t = tasks[i] as SimTask;
        held = held.minus((t.resources as Resources).unallocate());
        this.endTask(t, this.lossState(t.framework));
      }
      agent.total = total;
    }
    if (attributes !== null) agent.attributesText = attributes;
    const update: { resources?: Resources; attributes?: string } = {};
    if (total !== null) update.resources = total.nonRevocable();
    if (attributes !== null) update.attributes = attributes;
    this.allocator.updateAgent(id, update);
    if (total !== null) this.recorder.agentUpdated(this.now, id, amountsOf(total));
    this.changed();
    this.holdings.touch(agent);
    this.triggered();
    for (const o of this.observers) o.agentUpdated?.(agent);
    this.holdings.eventDone("agent-updated");
  }

  /** `lost`: the state its tasks end in (default TASK_GONE to PARTITION_AWARE frameworks, TASK_LOST to others). */
  removeAgent(id: string, lost: (fw: SimFramework) => TaskEndState = (fw) => this.lossState(fw)): void {
    const agent = this.agents.get(id);
    if (agent === undefined) throw new Error(`removal of unknown agent ${id}`);
    if (this.hooks !== null && (agent.status === "unreachable" || agent.status === "recovering")) return this.hooks.absentAgentRemoved(agent);
    this.syncAllocator();
    // Mesos's __removeSlave: the allocator first, so nothing freed here is offered again.
    this.allocator.removeAgent(id);
    this.agents.delete(id);
    for (const offer of agent.offers) this.rescind(offer, "rescinded", false);
    for (const task of [...agent.tasks]) this.endTask(task, lost(task.framework), false);
    this.holdings.forget(agent);
    for (const o of this.observers) o.agentRemoved?.(agent);
    this.recorder.agentRemoved(this.now, id);
    this.changed();
    this.holdings.eventDone("agent-removed");
  }

  private lossState(fw: SimFramework): TaskEndState {
    return fw.partitionAware ? "TASK_GONE" : "TASK_LOST";
  }

  // ---- frameworks -----------------------------------------------------------------

  registerFramework(fw: SimFramework): void {
    if (this.frameworks.has(fw.name)) throw new Error(`framework ${fw.name} registered twice`);
    const factory = this.models.get(fw.spec.model);
    if (factory === undefined) throw new Error(`unknown framework model "${fw.spec.model}"`);
    this.syncAllocator();
    this.frameworks.set(fw.name, fw);
    this.frameworkList.push(fw);
    this.models_.set(fw, factory(this.driverFor(fw), fw.spec.params));
    this.allocator.addFramework(fw.name, { roles: fw.spec.roles, capabilities: [...fw.capabilities] }, new Map(), true);
    this.recorder.frameworkRegistered(this.now, fw.name, fw.spec.model, fw.spec.roles);
    this.triggered();
    this.modelOf(fw).registered();
    this.holdings.eventDone("framework-registered");
  }

  /** Tasks submitted and not ended for good (pending, launching or running). */
  get liveTasks(): number {
    return this.liveTaskIds.size;
  }

  /**
   * Hands newly submitted tasks to their framework. `runningOn`: the tasks were
   * already running when the trace began (`initial`, docs/experiment-format.md
   * `workload`) on that agent; each that it has room for runs there from now, and
   * only the others go to the framework, to be placed through offers.
   */
  submit(fw: SimFramework, tasks: readonly SimTask[], runningOn: string | null = null): void {
    this.syncAllocator();
    for (const t of tasks) {
      // An id resubmitted while its earlier run is alive runs as ID#2 (#3, ...).
      t.id = this.liveTaskIds.add(t.id);
      this.recorder.taskSubmitted(this.now, t.id, t.job, fw.name, t.role, t.amounts);
    }
    this.changed();
    const agent = runningOn === null ? undefined : this.agents.get(runningOn);
    const pending = agent === undefined ? tasks : this.startOn(agent, tasks);
    if (pending.length > 0) this.modelOf(fw).workArrived(pending);
    this.holdings.eventDone("work-arrived");
  }

  /**
   * Starts each task that `agent` has room for (what its offers and tasks leave
   * free, in one of the framework's roles) as running there, without an offer;
   * returns the others. Mesos's allocator learns of tasks it did not offer when
   * their agent registers with them (`addSlave(…, used)`, as after a master
   * failover), so the agent registers with the allocator again, with its tasks as
   * its `used`. Only on an agent without outstanding offers (the allocator's view
   * of those would be lost): the initial state is loaded before the first offer.
   */
  private startOn(agent: SimAgent, tasks: readonly SimTask[]): SimTask[] {
    if (agent.offerCount > 0) return [...tasks];
    let free = agent.total.nonRevocable();
    for (const t of agent.tasks) free = free.minus((t.resources as Resources).unallocate());
    const rest: SimTask[] = [];
    for (const task of tasks) {
      const fw = task.framework;
      const role = taskRole(fw.spec.roles, task.role);
      const room = free.allocatableTo(role);
      if (!room.containsQuantities(task.request)) {
        rest.push(task);
        continue;
      }
      const taken = shrinkToQuantities(room, task.request, this.carve).allocate(role);
      free = free.minus(taken.unallocate());
      task.state = "staging";
      task.agent = agent;
      task.resources = taken;
      agent.tasks.add(task);
      agent.hold(fw.name, taken, 1);
      fw.tasks.add(task);
      this.noteDistinct(task, agent);
      // It ran GPUs before the trace began: its framework was GPU capable.
      if ((task.amounts[3] ?? 0) > 0) this.addCapability(fw, "GPU_RESOURCES");
      this.recorder.taskLaunched(this.now, task.id, agent.id, task.attempts);
      for (const o of this.observers) o.taskStarted?.(task);
      this.lastLaunch = this.now;
      // Already running: no launch delay.
      this.taskRunning(task);
    }
    if (rest.length < tasks.length) {
      const used = new Map<string, Resources>();
      for (const t of agent.tasks) used.set(t.framework.name, (used.get(t.framework.name) ?? Resources.EMPTY).plus(t.resources as Resources));
      this.allocator.removeAgent(agent.id);
      this.allocator.addAgent(agent.id, agent.attributesText === "" ? { resources: agent.total } : { resources: agent.total, attributes: agent.attributesText }, used);
      this.holdings.touch(agent);
      this.triggered();
    }
    return rest;
  }

  private addCapability(fw: SimFramework, capability: FrameworkCapability): void {
    if (fw.capabilities.has(capability)) return;
    fw.capabilities.add(capability);
    // Disconnected: the allocator learns it when the framework subscribes again (sim/failures/).
    if (!fw.connected) return;
    this.syncAllocator();
    this.allocator.updateFramework(fw.name, { roles: fw.spec.roles, capabilities: [...fw.capabilities], suppressedRoles: fw.suppressed ? fw.spec.roles : [] });
    this.triggered();
  }

  /** Where a job with a `distinct` constraint runs; kept only while it runs somewhere. */
  private noteDistinct(task: SimTask, agent: SimAgent): void {
    if (!hasDistinct(task.constraints)) return;
    let byAgent = this.distinct.get(task.job);
    if (byAgent === undefined) this.distinct.set(task.job, (byAgent = new Map()));
    byAgent.set(agent, (byAgent.get(agent) ?? 0) + 1);
  }

  /** A SUPPRESS or REVIVE call of a connected framework reaches the master (`Master::suppress`, `Master::revive`). */
  private call(fw: SimFramework, call: "suppress" | "revive"): void {
    this.syncAllocator();
    if (call === "suppress") this.allocator.suppressOffers(fw.name);
    else {
      this.allocator.reviveOffers(fw.name);
      this.triggered();
    }
  }

  private driverFor(fw: SimFramework): SchedulerDriver {
    const master = this;
    return {
      framework: fw,
      get now() {
        return master.sim.now;
      },
      random: (name) => master.random.stream(`sim/framework/${fw.name}/${name}`),
      // The framework's intent (`suppressed`) changes at once; the call reaches the
      // master now, or with the framework's answer while it is deciding (the
      // scheduler's calls leave in the order it makes them, after its think time).
      suppress: () => {
        if (fw.suppressed) return;
        fw.suppressed = true;
        // Disconnected: what it asks for when it subscribes again (sim/failures/).
        if (!fw.connected) return;
        if (fw.deferCalls) fw.deferredCalls.push("suppress");
        else master.call(fw, "suppress");
      },
      revive: () => {
        if (!fw.suppressed) return;
        fw.suppressed = false;
        if (!fw.connected) return;
        if (fw.deferCalls) fw.deferredCalls.push("revive");
        else master.call(fw, "revive");
      },
      abandon: (task) => {
        if (task.state !== "pending") throw new Error(`task ${task.id} abandoned while ${task.state}`);
        task.state = "abandoned";
        if (task.event !== undefined) master.sim.cancel(task.event);
        task.event = undefined;
        master.liveTaskIds.delete(task.id);
        master.recorder.taskAbandoned(master.sim.now, task.id);
        master.changed();
      },
      setTaskTimer: (task, time) => {
        if (task.event !== undefined) master.sim.cancel(task.event);
        task.event = master.sim.schedule(time, master.kTaskTimer, task);
      },
      addCapability: (capability: FrameworkCapability) => master.addCapability(fw, capability),
      // Without failures every task's state is the master's: nothing to learn.
      reconcile: () => master.hooks?.reconcile(fw),
    };
  }

  // ---- offers ---------------------------------------------------------------------

  private onOffers(frameworkId: string, offers: ReadonlyMap<string, ReadonlyMap<string, Resources>>): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw === undefined) throw new Error(`offer to unknown framework ${frameworkId}`);
    const made: SimOffer[] = [];
    // forEach, not for…of: no entry array per offer.
    offers.forEach((byAgent, role) => {
      byAgent.forEach((resources, agentId) => {
        const agent = this.agents.get(agentId);
        if (agent === undefined) throw new Error(`offer on unknown agent ${agentId}`);
        const offer = new SimOffer(this.nextOfferId++, fw, role, agent, resources, this.now);
        agent.addOffer(offer);
        this.holdings.touch(agent);
        this.recorder.offerMade(this.now, offer.id, fw.name, role, agentId, offerAmounts(agent, resources));
        if ((resources.kinds() & RESOURCE_KIND.revocable) !== 0) this.recorder.offerRevocable(this.now, offer.id, amountsOf(resources.revocable()));
        if (this.settings.offerTimeout !== null) offer.timeout = this.sim.schedule(this.now + this.settings.offerTimeout, this.kOfferTimeout, offer);
        made.push(offer);
      });
    });
    if (made.length === 0) return;
    this.changed();
    fw.callbacks.push(made);
    this.openCallbacks++;
    // Decided after the allocation run (never inside the allocator's callback).
    if (fw.deciding === null && fw.callbacks.length === 1) this.sim.schedule(this.now, this.kDecide, fw);
  }

  /** The framework takes its oldest callback and decides it; its answer comes after its decision time. */
  private decide(fw: SimFramework): void {
    const offers = fw.callbacks.shift();
    if (offers === undefined || fw.deciding !== null) return;
    const live = offers.filter((o) => o.outstanding);
    // Each offer carries its decision, marked with the callback (`live`) deciding it.
    for (const offer of live) {
      offer.callback = live;
      offer.tasks = null;
      offer.taken = null;
      offer.operations = null;
      offer.remainder = offer.resources;
      offer.refuseSeconds = fw.spec.refuseSeconds;
    }
    const master = this;
    const answer: OfferAnswer = {
      fits(offer, task, revocable = true) {
        return offer.callback === live && usableFor(offer.remainder, revocable).containsQuantities(task.request) && meetsConstraints(task.constraints, offer.agent, task.job, master.distinct);
      },
      launch(offer, task, revocable = true) {
        if (offer.callback !== live) throw new Error(`launch on offer ${offer.id}, which is not in this callback`);
        if (task.state !== "pending") throw new Error(`task ${task.id} launched while ${task.state}`);
        if (!usableFor(offer.remainder, revocable).containsQuantities(task.request)) throw new Error(`task ${task.id} does not fit offer ${offer.id}`);
        const taken = takeFor(offer.remainder, task.request, revocable, master.carve);
        offer.remainder = offer.remainder.minus(taken);
        (offer.tasks ??= []).push(task);
        (offer.taken ??= []).push(taken);
        task.state = "launching";
        if (task.event !== undefined) master.sim.cancel(task.event);
        task.event = undefined;
        master.noteDistinct(task, offer.agent);
      },
      exhausted(offer) {
        return offer.callback !== live || offer.remainder.isEmpty();
      },
      decline(offer, refuseSeconds) {
        if (offer.callback === live && refuseSeconds !== undefined) offer.refuseSeconds = refuseSeconds;
      },
      operate(offer, type, resources) {
        if (offer.callback !== live) throw new Error(`${type} on offer ${offer.id}, which is not in this callback`);
        const { operation, remainder } = offerOperation(offer, type, resources);
        (offer.operations ??= []).push(operation);
        offer.remainder = remainder;
      },
    };
    // Deciding from here: the scheduler's SUPPRESS and REVIVE go out with its answer.
    fw.deciding = live;
    fw.deferCalls = true;
    this.modelOf(fw).resourceOffers(live, answer);
    const t = fw.spec.decisionTime;
    let time = t.perCallback;
    for (const offer of live) time += t.perOffer + t.perTask * (offer.tasks?.length ?? 0);
    this.recorder.frameworkDecided(this.now, this.now + time, fw.name, live.length);
    this.sim.schedule(this.now + time, this.kAnswer, fw);
  }

  /** The framework's answer reaches the master: ACCEPTs and DECLINEs, one per offer. */
  private answer(fw: SimFramework): void {
    const decided = fw.deciding;
    if (decided === null) return;
    this.openCallbacks--;
    this.syncAllocator();
    for (const offer of decided) {
      offer.callback = null;
      const tasks = offer.tasks;
      if (!offer.outstanding) {
        // Rescinded while the framework decided: Mesos drops such a launch (TASK_DROPPED, or TASK_LOST if not PARTITION_AWARE).
        if (tasks !== null) {
          for (const t of tasks) this.undoDistinct(t, offer.agent);
          for (const t of tasks) t.state = "pending";
          this.modelOf(fw).launchFailed(tasks);
        }
        continue;
      }
      this.closeOffer(offer);
      if (offer.operations !== null) this.applyOperations(offer, offer.operations);
      if (tasks !== null) for (let i = 0; i < tasks.length; i++) this.launch(tasks[i] as SimTask, offer, (offer.taken as Resources[])[i] as Resources);
      if (!offer.remainder.isEmpty()) {
        this.allocator.recoverResources(fw.name, offer.agent.id, offer.remainder, offer.refuseSeconds);
        this.wake();
      }
      this.recorder.offerEnded(this.now, offer.id, tasks !== null ? "accepted" : "declined");
    }
    fw.deciding = null;
    fw.deferCalls = false;
    // The calls it made while deciding arrive after the ACCEPTs and DECLINEs it
    // decided (a REVIVE for work that arrived while it thought clears their filters),
    // and a launch dropped above revives it after them (still deferred: the batch
    // model suppresses as it launches its last task). A failover drops them
    // (sim/failures/): it asks again when it subscribes.
    const calls = fw.deferredCalls;
    for (let i = 0; i < calls.length; i++) this.call(fw, calls[i] as "suppress" | "revive");
    calls.length = 0;
    this.changed();
    if (fw.callbacks.length > 0) this.sim.schedule(this.now, this.kDecide, fw);
    this.holdings.eventDone("answer");
  }

  /**
   * The accept's RESERVE, UNRESERVE, CREATE and DESTROY, in order (`Master::_apply`):
   * the allocator converts what the framework holds (`updateAllocation`) and the
   * agent's total changes with them (`Slave::apply`, checkpointed on the agent).
   */
  private applyOperations(offer: SimOffer, operations: readonly Operation[]): void {
    const agent = offer.agent;
    for (const op of operations) {
      this.allocator.updateAllocation(offer.framework.name, agent.id, offer.role, [op]);
      agent.total = agentTotalAfter(agent.total, op);
      this.recorder.offerOperation(this.now, offer.id, op.type, op.resources.toString());
    }
    offer.operations = null;
  }

  private closeOffer(offer: SimOffer): void {
    offer.outstanding = false;
    offer.agent.removeOffer(offer);
    this.holdings.touch(offer.agent);
    if (offer.timeout !== undefined) this.sim.cancel(offer.timeout);
    offer.timeout = undefined;
  }

  /** Rescinds an outstanding offer (`recover`: give its resources back to the allocator, with no filter); `cause`: the failure behind it. */
  private rescind(offer: SimOffer, how: "rescinded" | "timedOut", recover: boolean, cause?: string): void {
    if (!offer.outstanding) return;
    this.closeOffer(offer);
    if (recover) {
      this.allocator.recoverResources(offer.framework.name, offer.agent.id, offer.resources, undefined);
      this.wake();
    }
    this.recorder.offerEnded(this.now, offer.id, how, cause);
    this.modelOf(offer.framework).offerRescinded(offer);
    this.changed();
  }

  private offerTimedOut(offer: SimOffer): void {
    offer.timeout = undefined;
    this.syncAllocator();
    this.rescind(offer, "timedOut", true);
    this.holdings.eventDone("offer-timeout");
  }

  // ---- tasks ----------------------------------------------------------------------

  private launch(task: SimTask, offer: SimOffer, taken: Resources): void {
    const agent = offer.agent;
    task.state = "staging";
    task.agent = agent;
    task.resources = taken;
    agent.tasks.add(task);
    agent.hold(task.framework.name, taken, 1);
    task.framework.tasks.add(task);
    this.allocator.transitionOfferedToAllocated(agent.id, taken);
    this.recorder.taskLaunched(this.now, task.id, agent.id, task.attempts);
    if ((taken.kinds() & RESOURCE_KIND.revocable) !== 0) this.recorder.taskRevocable(this.now, task.id, amountsOf(taken.revocable()));
    for (const o of this.observers) o.taskStarted?.(task);
    this.lastLaunch = this.now;
    if (agent.cutOff && this.hooks !== null) return this.hooks.launchLost(task);
    const delay = this.settings.taskLaunchDelay;
    if (delay > 0) task.event = this.sim.schedule(this.now + delay, this.kRunning, task);
    else this.taskRunning(task);
  }

  private taskRunning(task: SimTask): void {
    task.event = undefined;
    if (task.state !== "staging") return;
    task.state = "running";
    task.runningSince = this.now;
    this.recorder.taskRunning(this.now, task.id);
    this.modelOf(task.framework).statusUpdate(task, "TASK_RUNNING");
    if (task.duration !== null) this.scheduleEnd(task, this.now + task.duration);
  }

  /**
   * The end of a running task's run time at `time` µs. Past the clock's range (2^53 −
   * 1 µs, about 285 years: a trace squeezed by a `timeScale` below 1, then a task of
   * decades) it is past any horizon, so with one it is never reached and runs as a
   * task without a run time would; without one it is bad input (exit 2).
   */
  private scheduleEnd(task: SimTask, time: number): void {
    if (time > Number.MAX_SAFE_INTEGER) {
      // Still a timed task (endTask counts it off); with a horizon the count is not read.
      if (this.horizon !== null) {
        this.timedTasks++;
        return;
      }
      throw new InputError(
        `task ${task.id}: started at ${this.now / 1e6} s, its run time of ${(task.duration ?? 0) / 1e6} s ends past the simulator's clock range (2^53 − 1 µs, about 285 years): give the experiment a horizon, or a larger workload timeScale`,
      );
    }
    task.event = this.sim.schedule(time, this.kTaskEnd, task);
    this.timedTasks++;
  }

  /**
   * The task stops holding resources with `state`: its resources go back to the
   * allocator with no filter (unless its agent is gone: `recover` false), its
   * framework gets the status update (with Mesos's `reason`, if any), and may retry
   * it. `cause`: the failure that ended it, for the records.
   */
  endTask(task: SimTask, state: TaskEndState, recover = true, reason?: TaskStatusReason, cause?: string): void {
    if (task.state !== "staging" && task.state !== "running") return;
    const agent = task.agent as SimAgent;
    const fw = task.framework;
    if (task.event !== undefined) {
      if (task.state === "running" && task.duration !== null) this.timedTasks--;
      this.sim.cancel(task.event);
      task.event = undefined;
    } else if (task.state === "running" && task.duration !== null) this.timedTasks--;
    this.syncAllocator();
    if (recover) {
      this.allocator.recoverResources(fw.name, agent.id, task.resources as Resources, undefined, true);
      this.wake();
    }
    agent.tasks.delete(task);
    agent.hold(fw.name, task.resources as Resources, -1);
    fw.tasks.delete(task);
    this.holdings.touch(agent);
    this.undoDistinct(task, agent);
    task.agent = null;
    task.resources = null;
    task.state = "ended";
    task.runningSince = -1;
    const requeued = this.modelOf(fw).statusUpdate(task, state, reason);
    if (requeued) {
      task.state = "pending";
      task.attempts = 0;
      task.pendingSince = this.now;
    }
    if (!requeued) this.liveTaskIds.delete(task.id);
    this.recorder.taskEnded(this.now, task.id, state, requeued, cause);
    for (const o of this.observers) o.taskStopped?.(task, agent);
    this.changed();
    this.holdings.eventDone("task-end");
  }

  private undoDistinct(task: SimTask, agent: SimAgent): void {
    const byAgent = this.distinct.get(task.job);
    if (byAgent === undefined) return;
    const n = (byAgent.get(agent) ?? 0) - 1;
    if (n > 0) byAgent.set(agent, n);
    else byAgent.delete(agent);
    if (byAgent.size === 0) this.distinct.delete(task.job);
  }

  private changed(): void {
    this.lastChange = this.sim.now;
  }

  // ---- hooks for the maintenance and oversubscription controllers -------------------

  /** The allocator with its clock brought to now, for a controller's direct call. */
  syncedAllocator(): Allocator {
    this.syncAllocator();
    return this.allocator;
  }

  /** The controller's allocator call may trigger a run: settled after everything else at this instant. */
  allocationTriggered(): void {
    this.triggered();
  }

  /** The controller's allocator call may give the next periodic run something to do: the kernel does not sleep past it. */
  allocationWoken(): void {
    this.wake();
  }

  /**
   * Rescinds the agent's outstanding offers that `which` picks (all by default),
   * their resources recovered with no filter; `before` sees each one first (to
   * record why).
   */
  rescindOffers(agent: SimAgent, before: (offer: SimOffer) => void, which: (offer: SimOffer) => boolean = () => true): void {
    this.syncAllocator();
    for (const offer of [...agent.offers]) {
      if (!offer.outstanding || !which(offer)) continue;
      before(offer);
      this.rescind(offer, "rescinded", true);
    }
  }

  /** A controller changed the agent (its total): checked at the next invariant check, and a change of the run. */
  agentChanged(agent: SimAgent): void {
    this.holdings.touch(agent);
    this.changed();
  }

  /** The framework's model (a controller asks it, e.g. to answer an inverse offer). */
  modelFor(fw: SimFramework): FrameworkModel {
    return this.modelOf(fw);
  }

  /** After a controller's event: the invariants, when they are checked at every event. */
  eventDone(event: string): void {
    this.holdings.eventDone(event);
  }

  /** The conservation invariants on the agents touched since the last check (holdings-check.ts); throws InvariantError. */
  checkInvariants(event: string): void {
    this.holdings.check(event);
  }
}
