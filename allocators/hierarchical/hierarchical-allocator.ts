// Mesos's hierarchical DRF allocator (`HierarchicalAllocatorProcess` in
// src/master/allocator/mesos/hierarchical.cpp), reimplemented call for call.
//
// This file holds the API and the bookkeeping behind it: frameworks, agents, the
// role tree, the sorters, offer filters and the logical timers. The allocation
// run itself is in allocation-run.ts. Every mutating call is applied at once, as
// Mesos's actor applies a message; calls that trigger an allocation only queue
// it, and queued triggers merge into one run at the next `settle()` (MESOS-6904).
import type {
  AgentInfo,
  AgentUpdate,
  Allocator,
  AllocatorMetrics,
  AllocatorOptions,
  FrameworkInfo,
  Micros,
  Quota,
  Unavailability,
} from "../allocator.ts";
import { MAX_MICROS } from "../allocator.ts";
import { AgentState } from "./agent-state.ts";
import { AgentSet } from "./agent-set.ts";
import { runAllocation } from "./allocation-run.ts";
import type { AllocationContext } from "./allocation-run.ts";
import { FrameworkState } from "./framework-state.ts";
import type { FilterPool } from "./offer-filter.ts";
import { AllocationTracker } from "./allocation-tracker.ts";
import { collectMetrics } from "./allocator-metrics.ts";
import type { RoleEntry } from "./role-entry.ts";
import { refusalMicros } from "./refusal.ts";
import type { Quantities } from "../resources/quantities.ts";
import type { Operation } from "../resources/resource-operations.ts";
import { applyConversions, applyOperations, conversionsOf, OperationError } from "../resources/resource-operations.ts";
import { Resources, RESOURCE_KIND } from "../resources/resources.ts";
import { defaultQuota, isDefaultQuota } from "./role-tree.ts";
import type { RoleNode } from "./role-tree.ts";
import { roleError } from "../resources/role.ts";
import { TimerQueue } from "./timer-queue.ts";
import type { Timer } from "./timer-queue.ts";
import type { RandomStream } from "../random-stream.ts";

const SECOND: Micros = 1_000_000;

export class AllocatorError extends Error {
  override readonly name = "AllocatorError";
}

export class HierarchicalAllocator implements Allocator {
  private now_: Micros = 0;
  private readonly timers = new TimerQueue();
  /** The periodic allocation timer now armed. */
  private periodic!: Timer;
  private readonly interval: Micros;
  private readonly minAllocatable: readonly Quantities[];
  private readonly filterGpuResources: boolean;
  private readonly shuffle: RandomStream;
  private readonly shrink: RandomStream;
  /** `AllocatorOptions.skipIdleRuns`. */
  private readonly skipIdle: boolean;
  /** `AllocatorOptions.trackDormancy`. */
  private readonly trackDormancy: boolean;

  private readonly frameworks = new Map<string, FrameworkState>();
  /** Sorters, role tree and holdings: what every offer and return updates. */
  private readonly tracker: AllocationTracker;
  private readonly agents = new Map<string, AgentState>();
  /** The agents whose total holds revocable resources (see AllocationContext.revocableAgents). */
  private readonly revocableAgents = new Set<AgentState>();
  private whitelist: ReadonlySet<string> | undefined;

  private readonly candidates = new AgentSet("candidateSlot");
  /**
   * Agents not known to be dormant (AgentState.dormant): what a periodic run
   * considers. A superset of the agents `couldOffer` accepts, kept so by waking
   * agents on every change that could make them offerable.
   */
  private readonly awake = new AgentSet("awakeSlot");
  /** An agent's `onWake` (set while it is registered: `removeAgent` clears it). */
  private readonly wakeAgent = (agent: AgentState) => {
    this.awake.add(agent);
  };
  /** Expired offer filters, reused by later declines (see offer-filter.ts). */
  private readonly spareFilters: FilterPool = [];
  private agentSeq = 0;
  /** What `couldOffer` asks `wants` about (fields, so that no closure is made per agent and role). */
  private probeAgent: AgentState | undefined;
  private probeRole = "";
  private probeResources: Resources = Resources.EMPTY;
  /** Would `fw` take `probeResources` of `probeAgent` for `probeRole` (see `couldOffer`)? */
  private readonly wants = (fw: FrameworkState): boolean => {
    const agent = this.probeAgent as AgentState;
    const mine = this.probeResources;
    return (
      !(fw.multiRole && !agent.multiRole) &&
      !(this.filterGpuResources && agent.hasGpu && !fw.has("GPU_RESOURCES")) &&
      this.allocatable(mine, this.probeRole, fw) &&
      !fw.isFilteredBy(this.probeRole, agent, mine)
    );
  };
  private runPending = false;
  private paused = false;
  /** While recovering (`recover`): the agents whose addition ends the pause. */
  private expectedAgentCount: number | undefined = undefined;
  private allocationRuns = 0;
  private readonly context: AllocationContext;

  constructor(private readonly options: AllocatorOptions) {
    this.interval = Math.round((options.allocationInterval ?? 1) * SECOND);
    if (!(this.interval > 0) || !(this.interval <= MAX_MICROS)) throw new AllocatorError(`allocation interval must be between 1 µs and ${MAX_MICROS} µs`);
    this.minAllocatable = options.minAllocatable ?? [];
    this.filterGpuResources = options.filterGpuResources ?? true;
    this.shuffle = options.random("allocator/shuffle");
    this.shrink = options.random("allocator/shrink");
    this.skipIdle = options.skipIdleRuns ?? true;
    this.trackDormancy = options.trackDormancy ?? true;
    this.tracker = new AllocationTracker(options.sorter ?? "drf", options.fairnessExcludeResourceNames ?? [], options.random);
    this.schedulePeriodic();
    const self = this;
    this.context = {
      shuffle: this.shuffle,
      shrink: this.shrink,
      filterGpuResources: this.filterGpuResources,
      roleSorter: this.tracker.roleSorter,
      roles: this.tracker.roles,
      totalScalarQuantities: this.tracker.totalScalarQuantities,
      revocableAgents: this.revocableAgents,
      role: (p) => self.tracker.roleTree.get(p),
      topLevelRoles: () => self.tracker.roleTree.topLevel(),
      rootNode: () => self.tracker.roleTree.root,
      isWhitelisted: (a) => self.whitelist === undefined || self.whitelist.has(a.id),
      allocatable: (res, role, fw) => self.allocatable(res, role, fw),
      flushSorterUpdates: () => self.tracker.flushSorterUpdates(),
      trackAllocated: (agent, fw, role, res, untagged) => {
        agent.decreaseAvailable(fw.id, res, untagged);
        self.tracker.trackAllocatedResources(agent, fw, role, res);
      },
    };
  }

  // ---------------------------------------------------------------- time

  get now(): Micros {
    return this.now_;
  }

  nextTimer(): Micros | undefined {
    return this.timers.peekTime();
  }

  advanceTo(time: Micros): void {
    this.settle();
    this.advance(time, time);
  }


  advanceBefore(time: Micros): void {
    this.advance(time, time - 1);
  }

  nextActiveTimer(): Micros | undefined {
    if (!this.skipIdle || !this.idleRun()) return this.timers.peekTime();
    return this.timers.peekTimeExcept(this.periodic);
  }

  /** Fires the timers due at or before `last` in order (idle periodic runs skipped), then sets the clock to `time`. */
  private advance(time: Micros, last: Micros): void {
    if (!Number.isSafeInteger(time)) throw new AllocatorError(`time must be an integer number of µs up to ${MAX_MICROS} (2^53 − 1), got ${time}`);
    if (time < this.now_) throw new AllocatorError(`time cannot go back: ${time} < ${this.now_}`);
    for (;;) {
      const t = this.timers.peekTime();
      if (t === undefined || t > last) break;
      const timer = this.timers.pop();
      if (timer === undefined) break;
      this.now_ = timer.time;
      if (timer === this.periodic && this.skipIdle && this.idleRun()) this.skipIdleRuns(timer.time, last);
      else timer.fire();
      this.settle();
    }
    this.now_ = time;
  }


  /**
   * Passes over the periodic runs due from `first` (the periodic timer, just
   * popped) while nothing can change what they would do: up to `limit` and
   * strictly before the next other timer (a filter expiry), which fires first at a
   * tie because it was created before the loop re-armed for that instant. Each
   * run it stands for would have been an idle run (see `runCanAct`), or none at
   * all while paused, so only their count and the re-arm are left to do: the
   * loop re-arms after the last one, with a fresh sequence number, as stepping
   * would. This makes `advanceTo` over idle time cost O(timers), not O(intervals).
   */
  private skipIdleRuns(first: Micros, limit: Micros): void {
    const other = this.timers.peekTime();
    const i = this.interval;
    let n: number;
    if (other !== undefined && other <= limit) {
      // Runs at first + k·i < other, and always the first (it won the tie at `other`).
      n = Math.max(1, Math.ceil((other - first) / i));
      while (n > 1 && first + (n - 1) * i >= other) n--;
      while (first + n * i < other) n++;
    } else {
      n = Math.floor((limit - first) / i) + 1;
      while (n > 1 && first + (n - 1) * i > limit) n--;
      while (first + n * i <= limit) n++;
    }
    const last = first + (n - 1) * i;
    if (!this.paused) {
      // What `n` idle runs leave behind: their count, no candidates, nothing queued
      // (an idle run draws nothing: see `allocate`).
      this.allocationRuns += n;
      this.candidates.clear();
      this.runPending = false;
    }
    this.now_ = last;
    this.schedulePeriodic();
  }

  settle(): void {
    if (!this.runPending) return;
    this.runPending = false;
    // Mesos's `_generateOffers` skips a run dispatched before a pause; the
    // candidates stay and join the next run.
    if (this.paused) return;
    this.allocate();
  }

  /**
   * Mesos's `Allocator::pause()`: until `resume()`, triggers are dropped (not
   * queued) and periodic runs are skipped. No-op if already paused. Mesos's
   * benchmarks pause while adding frameworks and setting quota, so that the
   * first timed cycle is the one that allocates.
   */
  pause(): void {
    this.paused = true;
  }

  /** Mesos's `Allocator::resume()`; no-op if not paused. Triggers nothing by itself. */
  resume(): void {
    this.paused = false;
  }

  private schedulePeriodic(): void {
    this.periodic = this.timers.schedule(this.now_ + this.interval, () => {
      if (!this.paused) {
        this.addAwakeToCandidates();
        this.allocate();
        this.runPending = false;
      }
      // The loop re-arms after the run completes, so timers created before this
      // point (e.g. filters set during the last interval) fire first at a tie.
      this.schedulePeriodic();
    });
  }

  /** Queues a run for `agents` (all when undefined); merges with a queued one. */
  private trigger(agent?: AgentState): void {
    // Mesos's `generateOffers` returns at once while paused: nothing is queued.
    if (this.paused) return;
    if (agent === undefined) this.addAwakeToCandidates();
    else this.candidates.add(agent);
    this.runPending = true;
  }

  /** Every awake agent becomes a candidate of the next run (in the awake order). */
  private addAwakeToCandidates(): void {
    const awake = this.awake;
    for (let i = 0; i < awake.length; i++) {
      const a = awake.at(i);
      if (a !== null) this.candidates.add(a);
    }
  }

  private allocate(): void {
    this.allocationRuns++;
    const candidates = this.candidates.toArray();
    // The run's agents: the candidates some framework could be offered something
    // on (`couldOffer`), in registration order. Leaving out the others changes no
    // offer (none could be made there) and only which agents the shuffle permutes:
    // the order of the agents that can be offered is uniformly random either way.
    // At 12,500 agents with most of them filtered or full, this is what keeps a
    // run's cost proportional to what it can do.
    const live: AgentState[] = [];
    let inverse = false;
    for (let i = 0; i < candidates.length; i++) {
      const agent = candidates[i] as AgentState;
      if (this.couldOffer(agent)) live.push(agent);
      if (agent.maintenance !== undefined && this.wouldInverseOffer(agent)) inverse = true;
    }
    // A run that provably cannot offer anything does nothing, and draws nothing:
    // its shuffle could not matter. So idle time costs the same whether it is
    // stepped run by run or skipped (`skipIdleRuns`), which is what lets the
    // simulator pass days of an idle cluster in O(timers).
    if (live.length === 0 && !inverse) {
      this.candidates.clear();
      return;
    }
    live.sort((a, b) => a.seq - b.seq);
    let offerable;
    this.tracker.deferSorters = true;
    try {
      offerable = runAllocation(this.context, live);
    } finally {
      this.tracker.deferSorters = false;
      this.tracker.flushSorterUpdates();
    }
    offerable.forEach((byRole, fw) => this.options.offer(fw.id, byRole));
    this.generateInverseOffers(candidates);
    this.candidates.clear();
  }

  /** Whether the periodic run now due would be idle: paused (no run at all), or `runCanAct` says no offer and no inverse offer is possible. */
  private idleRun(): boolean {
    return this.paused || !this.runCanAct(this.awake);
  }


  /**
   * Could a run over `candidates` make an offer or an inverse offer? False only
   * when provably not: every candidate the loop would visit (activated,
   * whitelisted) has nothing available, or no framework sorter has an active
   * client (every framework inactive or suppressed in every role), and no
   * candidate under maintenance has a framework to send an inverse offer to.
   * Cheap when a run is busy: the first agent with something available settles it.
   */
  private runCanAct(candidates: AgentSet): boolean {
    for (let i = 0; i < candidates.length; i++) {
      const agent = candidates.at(i);
      if (agent === null) continue;
      if (agent.maintenance !== undefined && this.wouldInverseOffer(agent)) return true;
      if (this.couldOffer(agent)) return true;
    }
    return false;
  }

  /**
   * Could a run offer anything on `agent` now? False only when provably not: it
   * is deactivated, not whitelisted or has nothing available, or for every role
   * and every framework the loop would visit there (active in the role's sorter),
   * the framework's checks fail on all the agent's available resources (MULTI_ROLE
   * and HIERARCHICAL_ROLE, GPU_RESOURCES under filterGpuResources, the minimum
   * allocatable) or its offer filters refuse all of them. An offer is a subset of
   * those resources, so each check fails for it as well (a filter refusing a set
   * refuses its subsets). A false answer marks the agent dormant (left out of
   * periodic runs) unless it is under maintenance (inverse offers consider it).
   * Source: allocation-run.ts's stage loops (Mesos's `__generateOffers`).
   */
  private couldOffer(agent: AgentState): boolean {
    if (agent.dormant) return false;
    if (agent.activated && (this.whitelist === undefined || this.whitelist.has(agent.id))) {
      const available = agent.available;
      if (!available.isEmpty()) {
        for (const e of this.tracker.roles.values()) {
          if (!e.sorter.hasActive()) continue;
          if (e.nested && !agent.hierarchicalRole) continue;
          const role = e.path;
          const mine = available.allocatableTo(role);
          if (mine.isEmpty()) continue;
          this.probeAgent = agent;
          this.probeRole = role;
          this.probeResources = mine;
          if (e.sorter.someActive(this.wants)) return true;
        }
      }
    }
    if (agent.maintenance === undefined && this.trackDormancy) {
      agent.dormant = true;
      this.awake.delete(agent);
    }
    return false;
  }

  /** Wakes every dormant agent: a change to the frameworks or the whitelist may make any of them offerable. */
  private wakeAll(): void {
    for (const agent of this.agents.values()) agent.wake();
  }

  /** Would `generateInverseOffers` send `agent`'s maintenance to some framework now? */
  private wouldInverseOffer(agent: AgentState): boolean {
    const m = agent.maintenance;
    if (m === undefined || !this.agents.has(agent.id)) return false;
    for (const fwId of agent.offeredOrAllocated.keys()) {
      const fw = this.frameworks.get(fwId);
      if (fw === undefined || !fw.active) continue;
      if (m.offersOutstanding.has(fwId)) continue;
      if ((fw.inverseOfferFilters.get(agent.id)?.size ?? 0) > 0) continue;
      return true;
    }
    return false;
  }

  private generateInverseOffers(candidates: readonly AgentState[]): void {
    for (let i = 0; i < candidates.length; i++) {
      const agent = candidates[i] as AgentState;
      const m = agent.maintenance;
      if (m === undefined || !this.agents.has(agent.id)) continue;
      for (const fwId of agent.offeredOrAllocated.keys()) {
        const fw = this.frameworks.get(fwId);
        if (fw === undefined || !fw.active) continue;
        if (m.offersOutstanding.has(fwId)) continue;
        if ((fw.inverseOfferFilters.get(agent.id)?.size ?? 0) > 0) continue;
        m.offersOutstanding.add(fwId);
        this.options.inverseOffer?.(fwId, agent.id, m.unavailability);
      }
    }
  }

  // ---------------------------------------------------------------- frameworks

  addFramework(id: string, info: FrameworkInfo, used: ReadonlyMap<string, Resources>, active: boolean): void {
    if (this.frameworks.has(id)) throw new AllocatorError(`framework '${id}' already exists`);
    if (id.includes("/")) throw new AllocatorError(`framework id '${id}' must not contain '/'`);
    for (const role of info.roles) this.checkRole(role);
    const fw = new FrameworkState(id, info, active);
    this.frameworks.set(id, fw);
    for (const role of fw.roles) {
      this.tracker.trackFrameworkUnderRole(fw, role);
      const sorter = (this.tracker.roles.get(role) as RoleEntry).sorter;
      if (fw.suppressedRoles.has(role)) sorter.deactivate(id);
      else sorter.activate(id);
    }
    for (const [agentId, resources] of used) {
      const agent = this.agents.get(agentId);
      if (agent === undefined) continue;
      // Normally the agent was added with these as its own `used`; if not, take
      // them now so that availability and shares agree.
      const held = agent.offeredOrAllocated.get(id);
      if (held === undefined || !held.contains(resources)) {
        agent.decreaseAvailable(id, resources);
        agent.totalAllocated = agent.totalAllocated.plus(resources);
      }
      this.tracker.trackUsed(agent, fw, resources);
    }
    this.wakeAll();
    if (active) this.trigger();
    else this.deactivateFramework(id);
  }

  removeFramework(id: string): void {
    const fw = this.framework(id);
    for (const agent of this.agents.values()) {
      const held = agent.offeredOrAllocated.get(id);
      if (held !== undefined) {
        this.tracker.untrackAllocatedResources(agent, fw, held);
        agent.increaseAvailable(id, held);
      }
      agent.dropRoleHeld(fw);
    }
    for (const role of fw.roles) this.tracker.tryUntrackFrameworkUnderRole(fw, role);
    fw.clearOfferFilters();
    fw.clearInverseOfferFilters();
    this.frameworks.delete(id);
  }

  activateFramework(id: string): void {
    const fw = this.framework(id);
    fw.active = true;
    for (const role of fw.roles) if (!fw.suppressedRoles.has(role)) this.tracker.roles.get(role)?.sorter?.activate(id);
    this.wakeAll();
    this.trigger();
  }

  deactivateFramework(id: string): void {
    const fw = this.framework(id);
    for (const role of fw.roles) this.tracker.roles.get(role)?.sorter?.deactivate(id);
    fw.active = false;
    fw.clearOfferFilters();
    fw.clearInverseOfferFilters();
  }

  updateFramework(id: string, info: FrameworkInfo): void {
    const fw = this.framework(id);
    for (const role of info.roles) this.checkRole(role);
    const oldRoles = fw.roles;
    const newRoles = new Set(info.roles);
    const oldSuppressed = new Set(fw.suppressedRoles);
    for (const role of newRoles) {
      if (oldRoles.has(role)) continue;
      if (!this.tracker.roleTree.get(role)?.frameworks.has(fw)) this.tracker.trackFrameworkUnderRole(fw, role);
      this.tracker.roles.get(role)?.sorter?.activate(id);
    }
    for (const role of oldRoles) {
      if (newRoles.has(role)) continue;
      this.tracker.roles.get(role)?.sorter?.deactivate(id);
      this.tracker.tryUntrackFrameworkUnderRole(fw, role);
      fw.clearOfferFilters(role);
      fw.suppressedRoles.delete(role);
    }
    fw.roles = newRoles;
    fw.capabilities = new Set(["MULTI_ROLE", ...(info.capabilities ?? [])]);
    fw.minAllocatable = info.minAllocatable ?? new Map();
    const wanted = new Set(info.suppressedRoles ?? []);
    this.suppressRoles(fw, [...wanted].filter((r) => !oldSuppressed.has(r)));
    this.reviveRoles(fw, [...oldSuppressed].filter((r) => !wanted.has(r) && newRoles.has(r)));
    this.wakeAll();
  }

  suppressOffers(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.framework(frameworkId);
    this.suppressRoles(fw, roles === undefined || roles.length === 0 ? [...fw.roles] : roles);
  }

  reviveOffers(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.framework(frameworkId);
    this.reviveRoles(fw, roles === undefined || roles.length === 0 ? [...fw.roles] : roles);
    this.trigger();
  }

  private suppressRoles(fw: FrameworkState, roles: readonly string[]): void {
    for (const role of roles) {
      const sorter = this.tracker.roles.get(role)?.sorter;
      if (sorter === undefined) throw new AllocatorError(`framework '${fw.id}' is not subscribed to role '${role}'`);
      sorter.deactivate(fw.id);
      fw.suppressedRoles.add(role);
    }
  }

  private reviveRoles(fw: FrameworkState, roles: readonly string[]): void {
    // MESOS-9856: a revive clears inverse-offer filters and the revived roles' filters only.
    fw.clearInverseOfferFilters();
    for (const role of roles) fw.clearOfferFilters(role);
    for (const role of roles) {
      const sorter = this.tracker.roles.get(role)?.sorter;
      if (sorter === undefined) throw new AllocatorError(`framework '${fw.id}' is not subscribed to role '${role}'`);
      // As in Mesos, even an inactive framework is activated in the sorter here.
      sorter.activate(fw.id);
      fw.suppressedRoles.delete(role);
    }
    if (roles.length > 0) this.wakeAll();
  }

  // ---------------------------------------------------------------- agents

  addAgent(id: string, info: AgentInfo, used: ReadonlyMap<string, Resources>): void {
    if (this.agents.has(id)) throw new AllocatorError(`agent '${id}' already exists`);
    const agent = new AgentState(id, info.resources, info.capabilities, info.attributes ?? "");
    if (info.unavailability !== undefined) agent.maintenance = newMaintenance(info.unavailability);
    agent.seq = this.agentSeq++;
    agent.onWake = this.wakeAgent;
    this.agents.set(id, agent);
    this.noteRevocable(agent);
    this.awake.add(agent);
    for (const [fwId, res] of used) {
      agent.decreaseAvailable(fwId, res);
      agent.totalAllocated = agent.totalAllocated.plus(res);
    }
    this.tracker.roleTree.trackReservations(info.resources.reserved());
    this.tracker.addTotal(agent.totalQuantities());
    for (const [fwId, res] of used) {
      const fw = this.frameworks.get(fwId);
      if (fw === undefined) continue;
      this.tracker.trackUsed(agent, fw, res);
    }
    // Mesos's addSlave: enough agents are back to end a recovery pause.
    if (this.paused && this.expectedAgentCount !== undefined && this.agents.size >= this.expectedAgentCount) {
      this.expectedAgentCount = undefined;
      this.resume();
    }
    this.trigger(agent);
  }

  removeAgent(id: string): void {
    const agent = this.agent(id);
    for (const [role, res] of agent.totalAllocated.allocations()) if (role !== undefined) this.tracker.roleTree.trackAllocated(role, res, -1);
    for (const [fwId, res] of agent.offeredOrAllocated) {
      const fw = this.frameworks.get(fwId);
      if (fw !== undefined) this.tracker.untrackAllocatedResources(agent, fw, res);
    }
    this.tracker.removeTotal(agent.totalQuantities());
    this.tracker.roleTree.untrackReservations(agent.total.reserved());
    this.agents.delete(id);
    this.revocableAgents.delete(agent);
    this.candidates.delete(agent);
    this.awake.delete(agent);
    agent.onWake = undefined;
    for (const fw of this.frameworks.values()) fw.clearAgentFilters(agent);
  }

  updateAgent(id: string, update: AgentUpdate): void {
    const agent = this.agent(id);
    let updated = false;
    if (update.attributes !== undefined && update.attributes !== agent.attributes) {
      updated = true;
      agent.attributes = update.attributes;
      for (const fw of this.frameworks.values()) fw.clearAgentFilters(agent);
    }
    if (update.capabilities !== undefined) {
      const next = new Set(update.capabilities);
      if (next.size !== agent.capabilities.size || [...next].some((c) => !agent.capabilities.has(c))) updated = true;
      agent.capabilities = next;
    }
    if (update.resources !== undefined || update.revocable !== undefined) {
      const nonRevocable = update.resources ?? agent.total.nonRevocable();
      const revocable = update.revocable !== undefined ? markRevocable(update.revocable) : agent.total.revocable();
      updated = this.updateAgentTotal(agent, nonRevocable.plus(revocable)) || updated;
    }
    if (updated) this.trigger(agent);
  }

  activateAgent(id: string): void {
    const agent = this.agent(id);
    agent.activated = true;
    agent.wake();
  }

  deactivateAgent(id: string): void {
    this.agent(id).activated = false;
  }

  updateWhitelist(agents: readonly string[] | undefined): void {
    this.whitelist = agents === undefined ? undefined : new Set(agents);
    this.wakeAll();
  }

  updateUnavailability(agentId: string, unavailability: Unavailability | undefined): void {
    this.agent(agentId).wake();
    const agent = this.agent(agentId);
    for (const fw of this.frameworks.values()) fw.clearInverseOfferFilters(agentId);
    agent.maintenance = unavailability === undefined ? undefined : newMaintenance(unavailability);
    this.trigger(agent);
  }

  updateInverseOffer(agentId: string, frameworkId: string, accepted: boolean | undefined, refuseSeconds?: number): void {
    const fw = this.framework(frameworkId);
    const agent = this.agent(agentId);
    const m = agent.maintenance;
    if (m === undefined) throw new AllocatorError(`agent '${agentId}' has no maintenance scheduled`);
    if (m.offersOutstanding.delete(frameworkId) && accepted !== undefined) m.statuses.set(frameworkId, accepted);
    if (refuseSeconds === undefined) return;
    const timeout = refusalMicros(refuseSeconds);
    if (timeout === 0) return;
    fw.addInverseOfferFilter(agentId, this.timers, this.now_ + timeout);
  }

  // ---------------------------------------------------------------- resources

  recoverResources(frameworkId: string, agentId: string, resources: Resources, refuseSeconds: number | undefined, isAllocated = false): void {
    if (resources.isEmpty()) return;
    const agent = this.agents.get(agentId);
    // Offers and the tasks launched on them carry one role (`soleRole`): no groups to build.
    const sole = resources.soleRole();
    if (isAllocated && agent !== undefined) {
      agent.totalAllocated = agent.totalAllocated.minus(resources);
      if (sole !== undefined) this.tracker.roleTree.trackAllocated(sole, resources, -1);
      else for (const [role, res] of resources.allocations()) if (role !== undefined) this.tracker.roleTree.trackAllocated(role, res, -1);
    }
    const fw = this.frameworks.get(frameworkId);
    if (fw === undefined || agent === undefined) return;
    let role = sole;
    if (role === undefined) {
      const groups = resources.allocations();
      if (groups.size !== 1 || groups.has(undefined)) {
        throw new AllocatorError(`recovered resources must carry exactly one allocation role: ${resources.toString()}`);
      }
      role = groups.keys().next().value as string;
    }
    agent.increaseAvailable(frameworkId, resources);
    if (this.tracker.roles.get(role)?.sorter?.contains(frameworkId)) this.tracker.untrackAllocatedResources(agent, fw, resources);
    if (refuseSeconds === undefined) return;
    const timeout = refusalMicros(refuseSeconds);
    if (timeout === 0) return;
    // MESOS-4302: a filter lasts at least until the next periodic run.
    fw.addOfferFilter(role, agent, resources.unallocate(), this.timers, this.now_ + Math.max(this.interval, timeout), this.spareFilters);
  }

  transitionOfferedToAllocated(agentId: string, resources: Resources): void {
    const agent = this.agent(agentId);
    agent.totalAllocated = agent.totalAllocated.plus(resources);
    const sole = resources.soleRole();
    if (sole !== undefined) this.tracker.roleTree.trackAllocated(sole, resources, 1);
    else for (const [role, res] of resources.allocations()) if (role !== undefined) this.tracker.roleTree.trackAllocated(role, res, 1);
  }

  updateAvailable(agentId: string, operations: readonly Operation[]): void {
    const agent = this.agent(agentId);
    // Throws OperationError if the operations do not apply to what is free.
    applyOperations(agent.available, operations);
    this.updateAgentTotal(agent, applyOperations(agent.total, operations));
  }

  updateAllocation(frameworkId: string, agentId: string, role: string, operations: readonly Operation[]): void {
    const fw = this.framework(frameworkId);
    const agent = this.agent(agentId);
    const offered = fw.held(role, agent);
    if (offered.isEmpty()) throw new OperationError(`framework '${frameworkId}' holds nothing on agent '${agentId}' for role '${role}'`);
    // Operations name resources as offered: tag them with the offer's role.
    const conversions = operations.flatMap((op) =>
      conversionsOf({ type: op.type, resources: op.resources.allocate(role) }).map((c) => ({
        ...c,
        consumed: c.consumed.allocate(role),
        converted: c.converted.allocate(role),
      })),
    );
    const updated = applyConversions(offered, conversions);
    agent.increaseAvailable(frameworkId, offered);
    agent.decreaseAvailable(frameworkId, updated);
    this.tracker.updateAllocated(agent, fw, role, offered, updated);
    const stripped = conversions.map((c) => ({ consumed: c.consumed.unallocate(), converted: c.converted.unallocate() }));
    this.updateAgentTotal(agent, applyConversions(agent.total, stripped));
  }

  // ---------------------------------------------------------------- roles

  updateWeights(weights: ReadonlyMap<string, number>): void {
    for (const [role, weight] of weights) {
      this.checkRole(role);
      if (!(weight > 0) || !Number.isFinite(weight)) throw new AllocatorError(`weight of role '${role}' must be a positive number, got ${weight}`);
      this.tracker.roleTree.ensure(role).weight = weight;
      this.tracker.roleTree.tryRemove(role);
      this.tracker.roleSorter.updateWeight(role, weight);
    }
  }

  recover(expectedAgentCount: number, quotas: ReadonlyMap<string, Quota>): void {
    if (this.agents.size > 0) throw new AllocatorError("recover() must come before any agent is added");
    if (!(Number.isSafeInteger(expectedAgentCount) && expectedAgentCount >= 0)) throw new AllocatorError(`expected agent count must be a whole number ≥ 0, got ${expectedAgentCount}`);
    if (quotas.size === 0) return;
    for (const [role, quota] of quotas) this.updateQuota(role, quota);
    const factor = this.options.agentRecoveryFactor ?? 0.8;
    const expected = Math.floor(expectedAgentCount * factor);
    if (expected === 0) return;
    this.expectedAgentCount = expected;
    this.pause();
    // Mesos `delay(recoveryTimeout, self(), &Self::resume)`: resumes even if agents are still missing.
    this.timers.schedule(this.now_ + Math.round((this.options.recoveryTimeout ?? 600) * SECOND), () => this.resume());
  }

  updateQuota(role: string, quota: Quota | undefined): void {
    this.checkRole(role);
    const q = quota ?? defaultQuota();
    const node = this.tracker.roleTree.ensure(role);
    node.quota = q;
    node.hasQuota = !isDefaultQuota(q);
    this.tracker.roleTree.tryRemove(role);
  }

  // ---------------------------------------------------------------- queries

  allocation(frameworkId: string, agentId: string): Resources {
    return this.agents.get(agentId)?.offeredOrAllocated.get(frameworkId) ?? Resources.EMPTY;
  }

  allocationsOn(agentId: string): ReadonlyMap<string, Resources> {
    return this.agents.get(agentId)?.offeredOrAllocated ?? NOTHING_HELD;
  }

  metrics(): AllocatorMetrics {
    return collectMetrics(this.tracker, this.frameworks.values(), this.agents.values(), this.allocationRuns);
  }

  // ---------------------------------------------------------------- internals

  private framework(id: string): FrameworkState {
    const fw = this.frameworks.get(id);
    if (fw === undefined) throw new AllocatorError(`unknown framework '${id}'`);
    return fw;
  }

  private agent(id: string): AgentState {
    const a = this.agents.get(id);
    if (a === undefined) throw new AllocatorError(`unknown agent '${id}'`);
    return a;
  }

  private checkRole(role: string): void {
    const e = roleError(role);
    if (e !== undefined) throw new AllocatorError(e);
  }

  /** Keeps `revocableAgents` in step with the agent's total. */
  private noteRevocable(agent: AgentState): void {
    if ((agent.total.kinds() & RESOURCE_KIND.revocable) !== 0) this.revocableAgents.add(agent);
    else this.revocableAgents.delete(agent);
  }

  /** Mesos's `allocatable`: non-empty and holding one minimum alternative in full. */
  private allocatable(resources: Resources, role: string, fw: FrameworkState): boolean {
    if (resources.isEmpty()) return false;
    const mins = (fw.minAllocatable.size === 0 ? undefined : fw.minAllocatable.get(role)) ?? this.minAllocatable;
    if (mins.length === 0) return true;
    for (const q of mins) if (resources.containsQuantities(q)) return true;
    return false;
  }

  private updateAgentTotal(agent: AgentState, total: Resources): boolean {
    const old = agent.total;
    if (old.equals(total)) return false;
    this.tracker.removeTotal(old.scalarQuantities());
    agent.setTotal(total);
    this.noteRevocable(agent);
    this.tracker.roleTree.untrackReservations(old.reserved());
    this.tracker.roleTree.trackReservations(total.reserved());
    this.tracker.addTotal(total.scalarQuantities());
    return true;
  }


}


/** `allocationsOn` of an unknown agent. */
const NOTHING_HELD: ReadonlyMap<string, Resources> = new Map();

function newMaintenance(unavailability: Unavailability) {
  return { unavailability, statuses: new Map<string, boolean>(), offersOutstanding: new Set<string>() };
}

function markRevocable(r: Resources): Resources {
  return Resources.of(r.items.map((x) => (x.revocable ? x : x.withMeta({ revocable: true }))));
}

export type { RoleNode };
