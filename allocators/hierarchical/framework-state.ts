// What the allocator knows of one framework (Mesos's `Framework` in
// hierarchical.hpp): roles, suppression, capabilities, per-role minimum
// allocatable overrides, its offer filters and what it holds.
import type { AgentState } from "./agent-state.ts";
import type { FrameworkCapability, FrameworkInfo } from "../allocator.ts";
import type { Quantities } from "../resources/quantities.ts";
import { RESOURCE_KIND } from "../resources/resources.ts";
import type { Resources } from "../resources/resources.ts";
import { FilterList, type FilterPool, OfferFilter } from "./offer-filter.ts";
import type { Timer, TimerQueue } from "./timer-queue.ts";

export interface InverseOfferFilter {
  readonly timer: Timer;
}

export class FrameworkState {
  roles: Set<string>;
  suppressedRoles: Set<string>;
  private capabilities_!: ReadonlySet<FrameworkCapability>;
  /** `RESOURCE_KIND` bits this framework may receive (SHARED, REVOCABLE, RESERVATION_REFINEMENT). */
  acceptedKinds = 0;
  /** Has the MULTI_ROLE capability (read per visit by the allocation loop). */
  multiRole = false;
  minAllocatable: ReadonlyMap<string, readonly Quantities[]>;
  active: boolean;
  /**
   * role → filters, in the order they were added: what revive and removal clear,
   * and the metrics count. Each filter is also listed on its agent
   * (`AgentState.firstFilter`), which is where the allocation loop looks them up.
   */
  readonly offerFilters = new Map<string, FilterList>();
  readonly inverseOfferFilters = new Map<string, Set<InverseOfferFilter>>();
  /**
   * role → how many agents it holds something on in that role. What it holds,
   * per agent and role, is kept on the agent (`held`, `setHeld`): a decline then
   * changes the agent's short list, not a table of every agent.
   */
  private readonly holdingAgents = new Map<string, number>();

  constructor(
    readonly id: string,
    info: FrameworkInfo,
    active: boolean,
  ) {
    this.roles = new Set(info.roles);
    this.suppressedRoles = new Set(info.suppressedRoles ?? []);
    this.capabilities = new Set<FrameworkCapability>(["MULTI_ROLE", ...(info.capabilities ?? [])]);
    this.minAllocatable = info.minAllocatable ?? new Map();
    this.active = active;
  }

  get capabilities(): ReadonlySet<FrameworkCapability> {
    return this.capabilities_;
  }

  set capabilities(caps: ReadonlySet<FrameworkCapability>) {
    this.capabilities_ = caps;
    this.multiRole = caps.has("MULTI_ROLE");
    this.acceptedKinds =
      (caps.has("SHARED_RESOURCES") ? RESOURCE_KIND.shared : 0) |
      (caps.has("REVOCABLE_RESOURCES") ? RESOURCE_KIND.revocable : 0) |
      (caps.has("RESERVATION_REFINEMENT") ? RESOURCE_KIND.refined : 0);
  }

  has(capability: FrameworkCapability): boolean {
    return this.capabilities_.has(capability);
  }

  /** Does it hold anything in `role`? */
  holdsIn(role: string): boolean {
    return (this.holdingAgents.get(role) ?? 0) > 0;
  }

  /** What it holds on `agent` in `role`, tagged with the role (empty if nothing). */
  held(role: string, agent: AgentState): Resources {
    return agent.roleHeld(this, role);
  }

  /** Sets what it holds on `agent` in `role` (empty: nothing). */
  setHeld(role: string, agent: AgentState, resources: Resources): void {
    const before = agent.setRoleHeld(this, role, resources);
    const had = !before.isEmpty();
    const has = !resources.isEmpty();
    if (had !== has) this.holdingAgents.set(role, (this.holdingAgents.get(role) ?? 0) + (has ? 1 : -1));
  }

  clearOfferFilters(role?: string): void {
    if (role === undefined) {
      for (const list of this.offerFilters.values()) this.unlistAll(list);
      this.offerFilters.clear();
      return;
    }
    const list = this.offerFilters.get(role);
    if (list === undefined) return;
    this.unlistAll(list);
    this.offerFilters.delete(role);
  }

  /** `unlist` of each filter of `list`, in order (the list itself is dropped by the caller). */
  private unlistAll(list: FilterList): void {
    for (let f = list.first; f !== null; f = f.nextInRole) this.unlist(f);
  }

  /** Cancels a filter's timer and takes it off its agent's list (the caller drops it from `offerFilters`). */
  private unlist(f: OfferFilter): void {
    f.cancelled = true;
    f.agent.dropOfferFilter(f);
  }

  clearInverseOfferFilters(agentId?: string): void {
    const cancel = (set: Set<InverseOfferFilter>) => {
      for (const f of set) f.timer.cancelled = true;
    };
    if (agentId === undefined) {
      for (const set of this.inverseOfferFilters.values()) cancel(set);
      this.inverseOfferFilters.clear();
      return;
    }
    const set = this.inverseOfferFilters.get(agentId);
    if (set !== undefined) cancel(set);
    this.inverseOfferFilters.delete(agentId);
  }

  /** Drops every offer filter for `agent` (agent removed or its attributes changed). */
  clearAgentFilters(agent: AgentState): void {
    this.clearInverseOfferFilters(agent.id);
    for (const f of agent.offerFiltersOf(this)) {
      this.unlist(f);
      this.forget(f);
    }
  }

  /**
   * Installs a refusal of `refused` on `agent` for `role`, removed when its timer
   * fires at `expiresAt`; the filter is taken from `pool` if it has one, and goes
   * back there when it expires.
   */
  addOfferFilter(role: string, agent: AgentState, refused: Resources, timers: TimerQueue, expiresAt: number, pool: FilterPool | null = null): void {
    let list = this.offerFilters.get(role);
    if (list === undefined) this.offerFilters.set(role, (list = new FilterList()));
    const filter = timers.add(OfferFilter.make(pool, this, role, agent, refused, expiresAt));
    list.add(filter);
    agent.listOfferFilter(filter);
  }

  /** A filter's timer fired: it is forgotten here and on its agent. */
  offerFilterExpired(filter: OfferFilter): void {
    filter.agent.dropOfferFilter(filter);
    this.forget(filter);
  }

  private forget(filter: OfferFilter): void {
    const list = this.offerFilters.get(filter.role);
    if (list !== undefined && list.remove(filter) && list.size === 0) this.offerFilters.delete(filter.role);
  }

  /** Installs an inverse-offer refusal for `agentId`, active until its timer fires at `expiresAt`. */
  addInverseOfferFilter(agentId: string, timers: TimerQueue, expiresAt: number): void {
    let set = this.inverseOfferFilters.get(agentId);
    if (set === undefined) this.inverseOfferFilters.set(agentId, (set = new Set()));
    const filters = set;
    const filter: InverseOfferFilter = {
      timer: timers.schedule(expiresAt, () => {
        filters.delete(filter);
        if (filters.size === 0 && this.inverseOfferFilters.get(agentId) === filters) this.inverseOfferFilters.delete(agentId);
      }),
    };
    filters.add(filter);
  }

  /** Is `toOffer` on `agent` for `role` covered by a refusal? */
  isFilteredBy(role: string, agent: AgentState, toOffer: Resources): boolean {
    // The agent's own short list (a filter per framework, usually), not this
    // framework's filters on every agent: the loop is visiting the agent, so its
    // list is at hand.
    for (let f = agent.firstFilter; f !== null; f = f.nextOnAgent) {
      if (f.owner === this && f.role === role && f.refused.contains(toOffer)) return true;
    }
    return false;
  }
}
