// A plain, slow reference for the allocation runs the benchmarks exercise, to
// check `HierarchicalAllocator`'s offers against (issue 4: "no shortcut may change
// an outcome").
//
// It keeps only primary state — each agent's total, what each framework holds on
// each agent, subscriptions, suppression, filters, quota, allocation counts — and
// derives everything else from scratch whenever it is read: availability, every
// DRF share and sort order, quota consumption and headroom. Nothing is cached,
// nothing is incremental, so that a bookkeeping shortcut in the real allocator
// shows up as a different offer.
//
// Semantics follow Mesos's `HierarchicalAllocatorProcess::__generateOffers`:
// shuffle the candidate agents; stage 1 (quota guarantees) visits agents, then
// roles in role-sorter order, then frameworks in framework-sorter order; stage 2
// (fair share up to quota limits and headroom) reshuffles and does the same.
// DRF order is (share, allocation count, name). It draws from the same named
// random streams as the real allocator, in the same order, so that the shuffles
// agree.
//
// Scope: flat roles, the DRF sorter, no weights, no whitelist, no maintenance;
// filters expire by time but never tie with a run (the benchmarks refuse for
// 365 days or not at all).
import type { AgentInfo, AgentUpdate, FrameworkCapability, FrameworkInfo, Micros, Quota } from "../../allocators/allocator.ts";
import type { AllocatorFactory, BenchAllocator } from "../../bench/allocator/harness.ts";
import { defaultMinAllocatable } from "../../bench/allocator/harness.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import type { Resource } from "../../allocators/resources/resource.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { GPUS } from "../../allocators/resources/resource-names.ts";
import { applyConversions, conversionsOf } from "../../allocators/resources/resource-operations.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import { shuffleInPlace } from "../../allocators/random-stream.ts";
import type { RandomStream } from "../../allocators/random-stream.ts";
import { RandomSource } from "../../common/random-source.ts";

const SECOND = 1_000_000;

interface Agent {
  readonly id: string;
  total: Resources;
  /** framework id → resources held (offered or allocated), tagged with their role. */
  readonly held: Map<string, Resources>;
}

interface Filter {
  readonly role: string;
  readonly agentId: string;
  readonly refused: Resources;
  readonly expires: Micros;
}

interface Framework {
  readonly id: string;
  readonly roles: Set<string>;
  readonly suppressed: Set<string>;
  readonly capabilities: Set<FrameworkCapability>;
  active: boolean;
  readonly filters: Filter[];
}

type OfferCallback = Parameters<AllocatorFactory>[0]["offer"];

export class ReferenceAllocator implements BenchAllocator {
  now: Micros = 0;
  private nextPeriodic: Micros = SECOND;
  private readonly agents = new Map<string, Agent>();
  private readonly frameworks = new Map<string, Framework>();
  private readonly quotas = new Map<string, Quota>();
  /** Allocation counts (`Sorter::allocated` calls) per role, and per role per framework. */
  private readonly roleCounts = new Map<string, number>();
  private readonly frameworkCounts = new Map<string, Map<string, number>>();
  /** Roles with a framework sorter, in creation order (subscribed or holding frameworks). */
  private readonly candidates = new Set<string>();
  private pending = false;
  private paused = false;
  private runs = 0;
  private readonly shuffleRng: RandomStream;
  private readonly shrinkRng: RandomStream;
  private readonly minAllocatable = defaultMinAllocatable();

  constructor(
    seed: number,
    private readonly offer: OfferCallback,
  ) {
    const source = new RandomSource(seed);
    this.shuffleRng = source.stream("allocator/shuffle");
    this.shrinkRng = source.stream("allocator/shrink");
  }

  static factory: AllocatorFactory = ({ seed, sorter, offer }) => {
    if (sorter !== "drf") throw new Error("the reference allocator models the DRF sorter only");
    return new ReferenceAllocator(seed, offer);
  };

  // ------------------------------------------------------------ time and runs

  advanceTo(time: Micros): void {
    this.settle();
    while (this.nextPeriodic <= time) {
      this.now = this.nextPeriodic;
      if (!this.paused) {
        for (const id of this.agents.keys()) this.candidates.add(id);
        this.run();
        this.pending = false;
      }
      this.nextPeriodic += SECOND;
      this.settle();
    }
    this.now = time;
  }

  settle(): void {
    if (!this.pending) return;
    this.pending = false;
    if (!this.paused) this.run();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  private trigger(agentId?: string): void {
    if (this.paused) return;
    if (agentId === undefined) for (const id of this.agents.keys()) this.candidates.add(id);
    else this.candidates.add(agentId);
    this.pending = true;
  }

  metrics(): { allocationRuns: number } {
    return { allocationRuns: this.runs };
  }

  // ------------------------------------------------------------ API

  addFramework(id: string, info: FrameworkInfo, used: ReadonlyMap<string, Resources>, active: boolean): void {
    if (used.size > 0) throw new Error("reference: frameworks with used resources are not modelled");
    this.frameworks.set(id, {
      id,
      roles: new Set(info.roles),
      suppressed: new Set(info.suppressedRoles ?? []),
      capabilities: new Set<FrameworkCapability>(["MULTI_ROLE", ...(info.capabilities ?? [])]),
      active,
      filters: [],
    });
    if (active) this.trigger();
  }

  addAgent(id: string, info: AgentInfo, used: ReadonlyMap<string, Resources>): void {
    const agent: Agent = { id, total: info.resources, held: new Map() };
    this.agents.set(id, agent);
    for (const [fwId, res] of used) {
      agent.held.set(fwId, (agent.held.get(fwId) ?? Resources.EMPTY).plus(res));
      // `trackAllocatedResources`: one `allocated()` per role of the used resources.
      if (this.frameworks.has(fwId)) for (const role of res.allocations().keys()) this.bump(role as string, fwId);
    }
    this.trigger(id);
  }

  updateAgent(id: string, update: AgentUpdate): void {
    const agent = this.agents.get(id) as Agent;
    if (update.resources !== undefined || update.attributes !== undefined || update.capabilities !== undefined) {
      throw new Error("reference: only revocable updates are modelled");
    }
    if (update.revocable === undefined) return;
    const revocable = Resources.of(update.revocable.items.map((r) => (r.revocable ? r : r.withMeta({ revocable: true }))));
    const next = agent.total.nonRevocable().plus(revocable);
    if (next.equals(agent.total)) return;
    agent.total = next;
    this.trigger(id);
  }

  recoverResources(frameworkId: string, agentId: string, resources: Resources, refuseSeconds: number | undefined): void {
    if (resources.isEmpty()) return;
    const agent = this.agents.get(agentId) as Agent;
    const held = agent.held.get(frameworkId) as Resources;
    const left = held.minus(resources);
    if (left.isEmpty()) agent.held.delete(frameworkId);
    else agent.held.set(frameworkId, left);
    if (refuseSeconds === undefined) return;
    let seconds = refuseSeconds < 0 ? 5 : Math.min(refuseSeconds, 365 * 24 * 3600);
    if (seconds === 0) return;
    seconds = Math.max(1, seconds); // MESOS-4302: at least one allocation interval
    const role = [...resources.allocations().keys()][0] as string;
    const fw = this.frameworks.get(frameworkId) as Framework;
    fw.filters.push({ role, agentId, refused: resources.unallocate(), expires: this.now + Math.round(seconds * SECOND) });
  }

  suppressOffers(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.frameworks.get(frameworkId) as Framework;
    for (const role of roles === undefined || roles.length === 0 ? fw.roles : roles) fw.suppressed.add(role);
  }

  reviveOffers(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.frameworks.get(frameworkId) as Framework;
    const revived = roles === undefined || roles.length === 0 ? [...fw.roles] : roles;
    for (const role of revived) {
      fw.suppressed.delete(role);
      // MESOS-9856: a revive clears the revived roles' filters.
      for (let i = fw.filters.length - 1; i >= 0; i--) if ((fw.filters[i] as Filter).role === role) fw.filters.splice(i, 1);
    }
    this.trigger();
  }

  updateQuota(role: string, quota: Quota | undefined): void {
    if (quota === undefined) this.quotas.delete(role);
    else this.quotas.set(role, quota);
  }

  updateAllocation(frameworkId: string, agentId: string, role: string, operations: readonly Operation[]): void {
    const agent = this.agents.get(agentId) as Agent;
    const held = agent.held.get(frameworkId) as Resources;
    const offered = held.allocatedToRoleSubtree(role).filter((r) => r.allocationRole === role);
    const conversions = operations.flatMap((op) =>
      conversionsOf({ type: op.type, resources: op.resources.allocate(role) }).map((c) => ({
        consumed: c.consumed.allocate(role),
        converted: c.converted.allocate(role),
      })),
    );
    const updated = applyConversions(offered, conversions);
    agent.held.set(frameworkId, held.minus(offered).plus(updated));
    agent.total = applyConversions(
      agent.total,
      conversions.map((c) => ({ consumed: c.consumed.unallocate(), converted: c.converted.unallocate() })),
    );
  }

  allocation(frameworkId: string, agentId: string): Resources {
    return this.agents.get(agentId)?.held.get(frameworkId) ?? Resources.EMPTY;
  }

  // ------------------------------------------------------------ derived state

  private bump(role: string, fwId: string): void {
    this.roleCounts.set(role, (this.roleCounts.get(role) ?? 0) + 1);
    let m = this.frameworkCounts.get(role);
    if (m === undefined) this.frameworkCounts.set(role, (m = new Map()));
    m.set(fwId, (m.get(fwId) ?? 0) + 1);
  }

  /** What the agent can still give: total minus everything held, shared volumes always included. */
  private available(agent: Agent): Resources {
    let taken = Resources.EMPTY;
    for (const r of agent.held.values()) taken = taken.plus(r);
    taken = taken.unallocate();
    const shared = agent.total.shared();
    return shared.isEmpty() ? agent.total.minus(taken) : agent.total.nonShared().minus(taken.nonShared()).plus(shared);
  }

  /** Scalars of the cluster total: what every share is measured against. */
  private clusterTotal(): Quantities {
    const q = new Quantities();
    for (const a of this.agents.values()) q.add(a.total.scalarQuantities());
    return q;
  }

  /**
   * Scalar quantities `role` (and, if given, one framework in it) holds, a
   * shared volume counted once per agent.
   */
  private heldIn(role: string, fwId?: string): Quantities {
    const q = new Quantities();
    for (const agent of this.agents.values()) {
      const sharedSeen: Resource[] = [];
      for (const [id, res] of agent.held) {
        // Sorters track known frameworks only.
        if ((fwId !== undefined && id !== fwId) || !this.frameworks.has(id)) continue;
        for (const r of res) {
          if (r.allocationRole !== role || r.type !== "SCALAR") continue;
          if (r.shared) {
            if (sharedSeen.some((s) => s.equals(r))) continue;
            sharedSeen.push(r);
          }
          q.addId(r.nameId, r.scalar);
        }
      }
    }
    return q;
  }

  /** Mesos's `DRFSorter::calculateShare`: max over names of allocation / total. */
  private static share(alloc: Quantities, total: Quantities): number {
    let share = 0;
    for (let id = 0; id < total.v.length; id++) {
      const t = total.v[id] as number;
      if (t <= 0) continue;
      const s = alloc.get(id) / 1000 / (t / 1000);
      if (s > share) share = s;
    }
    return share;
  }

  /** Roles with a framework sorter: some framework subscribes to or holds something in it. */
  private roles(): string[] {
    const roles = new Set<string>();
    for (const fw of this.frameworks.values()) for (const r of fw.roles) roles.add(r);
    for (const a of this.agents.values()) {
      for (const [fwId, res] of a.held) {
        if (!this.frameworks.has(fwId)) continue;
        for (const r of res) if (r.allocationRole !== undefined) roles.add(r.allocationRole);
      }
    }
    return [...roles];
  }

  /** The role sorter's order, computed from scratch: (share, count, name). */
  private sortedRoles(): string[] {
    const total = this.clusterTotal();
    const keyed = this.roles().map((role) => ({
      role,
      share: ReferenceAllocator.share(this.heldIn(role), total),
      count: this.roleCounts.get(role) ?? 0,
    }));
    keyed.sort((a, b) => (a.share !== b.share ? a.share - b.share : a.count !== b.count ? a.count - b.count : a.role < b.role ? -1 : 1));
    return keyed.map((k) => k.role);
  }

  /** The framework sorter of `role`: active, subscribed, unsuppressed frameworks in (share, count, id) order. */
  private sortedFrameworks(role: string): Framework[] {
    const total = this.clusterTotal();
    const counts = this.frameworkCounts.get(role);
    const keyed = [...this.frameworks.values()]
      .filter((fw) => fw.active && fw.roles.has(role) && !fw.suppressed.has(role))
      .map((fw) => ({ fw, share: ReferenceAllocator.share(this.heldIn(role, fw.id), total), count: counts?.get(fw.id) ?? 0 }));
    keyed.sort((a, b) => (a.share !== b.share ? a.share - b.share : a.count !== b.count ? a.count - b.count : a.fw.id < b.fw.id ? -1 : 1));
    return keyed.map((k) => k.fw);
  }

  /** Reserved to `role` plus unreserved non-revocable scalars it holds: what its quota is charged. */
  private quotaConsumed(role: string): Quantities {
    const q = new Quantities();
    for (const a of this.agents.values()) {
      for (const r of a.total) if (r.type === "SCALAR" && r.reservations.length > 0 && r.reservationRole() === role) q.addId(r.nameId, r.scalar);
      for (const res of a.held.values()) {
        for (const r of res) {
          if (r.allocationRole === role && r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable) q.addId(r.nameId, r.scalar);
        }
      }
    }
    return q;
  }

  /** Some active framework, in some role it is not suppressed in, passes the loop's checks on all of the agent's available resources and has no filter refusing them. */
  private couldOffer(agent: Agent): boolean {
    const available = this.available(agent);
    if (available.isEmpty()) return false;
    for (const fw of this.frameworks.values()) {
      if (!fw.active) continue;
      if (!fw.capabilities.has("GPU_RESOURCES") && agent.total.scalarQuantities().get(GPUS) > 0) continue;
      for (const role of fw.roles) {
        if (fw.suppressed.has(role)) continue;
        const mine = available.allocatableTo(role);
        if (this.allocatable(mine) && !this.isFiltered(fw, role, agent.id, mine)) return true;
      }
    }
    return false;
  }

  private allocatable(resources: Resources): boolean {
    if (resources.isEmpty()) return false;
    return this.minAllocatable.some((q) => resources.containsQuantities(q));
  }

  private isFiltered(fw: Framework, role: string, agentId: string, toOffer: Resources): boolean {
    return fw.filters.some((f) => f.role === role && f.agentId === agentId && f.expires > this.now && f.refused.contains(toOffer));
  }

  /** `shrinkResources`: at most `target` of each name, visiting items in random order only when two share a name. */
  private shrink(resources: Resources, room: (nameId: number) => number): Resources {
    let items = resources.items.map((r) => (r.shared && r.sharedCount !== 1 ? r.withSharedCount(1) : r));
    const names = items.map((r) => r.nameId);
    if (new Set(names).size !== names.length) items = shuffleInPlace(items.slice(), this.shrinkRng);
    const left = new Map<number, number>();
    const kept: Resource[] = [];
    for (const r of items) {
      const have = left.get(r.nameId) ?? room(r.nameId);
      if (have === Infinity) {
        kept.push(r);
        continue;
      }
      if (have <= 0) continue;
      if (r.scalar <= have) {
        kept.push(r);
        left.set(r.nameId, have - r.scalar);
      } else if (!(r.isPersistentVolume() || r.isExclusiveDisk())) {
        kept.push(r.withValue({ scalar: have }));
        left.set(r.nameId, 0);
      }
    }
    return Resources.of(kept);
  }

  // ------------------------------------------------------------ the run

  private run(): void {
    this.runs++;
    // The run's agents (HierarchicalAllocator.allocate): the candidates some
    // framework could be offered something on, in registration order. A run
    // with none draws nothing.
    const order = [...this.agents.keys()];
    const agents = [...this.candidates]
      .filter((id) => this.agents.has(id))
      .sort((a, b) => order.indexOf(a) - order.indexOf(b))
      .map((id) => this.agents.get(id) as Agent)
      .filter((a) => this.couldOffer(a));
    this.candidates.clear();
    if (agents.length === 0) return;
    shuffleInPlace(agents, this.shuffleRng);
    const offerable = new Map<string, Map<string, Map<string, Resources>>>();
    const isQuotaResource = (r: Resource) => r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable;
    const quotaOf = (role: string): Quota => this.quotas.get(role) ?? { guarantees: new Quantities(), limits: Limits.unlimited() };
    const hasQuota = (role: string) => this.quotas.has(role);

    // Consumed quota, recomputed from holdings; offers made in this run are added as they happen.
    const consumed = new Map<string, Quantities>();
    const consumedOf = (role: string) => {
      let c = consumed.get(role);
      if (c === undefined) consumed.set(role, (c = this.quotaConsumed(role)));
      return c;
    };
    const requiredHeadroom = new Quantities();
    for (const [role, q] of this.quotas) requiredHeadroom.add(q.guarantees.clone().subtract(consumedOf(role)));
    // Headroom: total − everything held − unallocated reservations − available revocable.
    const availableHeadroom = this.clusterTotal();
    for (const role of this.roles()) availableHeadroom.subtract(this.heldIn(role));
    for (const a of this.agents.values()) {
      let reserved = a.total.reserved().scalarQuantities().clone();
      for (const res of a.held.values()) reserved = reserved.subtract(res.reserved().scalarQuantities());
      availableHeadroom.subtract(reserved);
      availableHeadroom.subtract(this.available(a).revocable().scalarQuantities());
    }

    const offeredShared = new Map<string, Resources>();
    const record = (agent: Agent, fw: Framework, role: string, toOffer: Resources) => {
      const tagged = toOffer.allocate(role);
      let byRole = offerable.get(fw.id);
      if (byRole === undefined) offerable.set(fw.id, (byRole = new Map()));
      let byAgent = byRole.get(role);
      if (byAgent === undefined) byRole.set(role, (byAgent = new Map()));
      byAgent.set(agent.id, (byAgent.get(agent.id) ?? Resources.EMPTY).plus(tagged));
      if (!tagged.shared().isEmpty()) offeredShared.set(agent.id, (offeredShared.get(agent.id) ?? Resources.EMPTY).plus(tagged.shared().unallocate()));
      agent.held.set(fw.id, (agent.held.get(fw.id) ?? Resources.EMPTY).plus(tagged));
      this.bump(role, fw.id);
    };
    const candidate = (agent: Agent, fw: Framework, role: string): Resources | "stop" | undefined => {
      let available = this.available(agent).allocatableTo(role);
      const sh = offeredShared.get(agent.id);
      if (sh !== undefined) available = available.minus(sh);
      if (available.isEmpty()) return "stop";
      if (!this.allocatable(available)) return undefined;
      if (!fw.capabilities.has("GPU_RESOURCES") && agent.total.scalarQuantities().get(GPUS) > 0) return undefined;
      const shared = fw.capabilities.has("SHARED_RESOURCES");
      const revocable = fw.capabilities.has("REVOCABLE_RESOURCES");
      const refinement = fw.capabilities.has("RESERVATION_REFINEMENT");
      return available.filter((r) => (shared || !r.shared) && (revocable || !r.revocable) && (refinement || r.reservations.length <= 1));
    };

    // Stage 1: quota guarantees.
    for (const agent of agents) {
      for (const role of this.sortedRoles()) {
        const quota = quotaOf(role);
        if (quota.guarantees.isEmpty()) continue;
        if (this.available(agent).isEmpty()) break;
        const unsatisfied = quota.guarantees.clone().subtract(consumedOf(role));
        if (unsatisfied.isEmpty()) continue;
        for (const fw of this.sortedFrameworks(role)) {
          if (unsatisfied.isEmpty()) break;
          const available = candidate(agent, fw, role);
          if (available === "stop") break;
          if (available === undefined) continue;
          const quotaResources = available.filter(isQuotaResource);
          const guarantees = unsatisfied.isEmpty() || quotaResources.isEmpty() ? Resources.EMPTY : this.shrink(quotaResources, (id) => unsatisfied.get(id));
          if (guarantees.isEmpty()) continue;
          let toOffer = guarantees.plus(available.filter((r) => r.isReserved(role) || r.type !== "SCALAR" || r.revocable));
          let additional = quotaResources.minus(guarantees);
          if (!quota.limits.isUnlimited() && !additional.isEmpty()) {
            const room = quota.limits.clone().subtract(consumedOf(role)).subtract(guarantees.scalarQuantities());
            additional = this.shrink(additional, (id) => room.get(id));
          }
          if (!requiredHeadroom.isEmpty() && !additional.isEmpty()) {
            const room = availableHeadroom.clone().subtract(requiredHeadroom);
            additional = room.isEmpty() ? Resources.EMPTY : this.shrink(additional, (id) => room.get(id));
          }
          toOffer = toOffer.plus(additional);
          if (!this.allocatable(toOffer) || this.isFiltered(fw, role, agent.id, toOffer)) continue;
          record(agent, fw, role, toOffer);
          const inc = guarantees.plus(additional).scalarQuantities();
          unsatisfied.subtract(inc);
          consumedOf(role).add(inc);
          requiredHeadroom.subtract(guarantees.scalarQuantities());
          availableHeadroom.subtract(inc);
        }
      }
    }

    // Stage 2: fair share, over a fresh shuffle (MESOS-9778).
    shuffleInPlace(agents, this.shuffleRng);
    for (const agent of agents) {
      for (const role of this.sortedRoles()) {
        if (this.available(agent).isEmpty()) break;
        const limits = quotaOf(role).limits;
        for (const fw of this.sortedFrameworks(role)) {
          const available = candidate(agent, fw, role);
          if (available === "stop") break;
          if (available === undefined) continue;
          let additional = available.filter(isQuotaResource);
          if (!limits.isUnlimited() && !additional.isEmpty()) {
            const room = limits.clone().subtract(consumedOf(role));
            additional = this.shrink(additional, (id) => room.get(id));
          }
          if (!requiredHeadroom.isEmpty() && !additional.isEmpty()) {
            const room = availableHeadroom.clone().subtract(requiredHeadroom);
            additional = room.isEmpty() ? Resources.EMPTY : this.shrink(additional, (id) => room.get(id));
          }
          const toOffer = available.filter((r) => !isQuotaResource(r)).plus(additional);
          if (!this.allocatable(toOffer) || this.isFiltered(fw, role, agent.id, toOffer)) continue;
          record(agent, fw, role, toOffer);
          const inc = additional.scalarQuantities();
          if (hasQuota(role)) consumedOf(role).add(inc);
          availableHeadroom.subtract(inc);
        }
      }
    }
    for (const [fwId, byRole] of offerable) this.offer(fwId, byRole);
  }
}
