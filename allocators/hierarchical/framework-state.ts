// What the allocator knows of one framework (Mesos's `Framework` in
// hierarchical.hpp): roles, suppression, capabilities, per-role minimum
// allocatable overrides, its offer filters and what it holds.
import type { AgentState } from "./agent-state.ts";
import type { FrameworkCapability, FrameworkInfo } from "../allocator.ts";
import type { Quantities } from "../resources/quantities.ts";
import { RESOURCE_KIND } from "../resources/resources.ts";
import type { Resources } from "../resources/resources.ts";
import { OfferFilter } from "./offer-filter.ts";
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
   * role → filters: what revive and removal clear, and the metrics count. Each
   * filter is also listed on its agent (`AgentState.offerFilters`), which is
   * where the allocation loop looks them up.
   */
  readonly offerFilters = new Map<string, Set<OfferFilter>>();
  readonly inverseOfferFilters = new Map<string, Set<InverseOfferFilter>>();
  /** role → agent → resources offered or allocated (tagged with the role). */
  readonly allocations = new Map<string, Map<string, Resources>>();

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
    const m = this.allocations.get(role);
    return m !== undefined && m.size > 0;
  }

  clearOfferFilters(role?: string): void {
    if (role === undefined) {
      for (const set of this.offerFilters.values()) for (const f of set) this.unlist(f);
      this.offerFilters.clear();
      return;
    }
    const set = this.offerFilters.get(role);
    if (set === undefined) return;
    for (const f of set) this.unlist(f);
    this.offerFilters.delete(role);
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

  /** Installs a refusal of `refused` on `agent` for `role`, removed when its timer fires at `expiresAt`. */
  addOfferFilter(role: string, agent: AgentState, refused: Resources, timers: TimerQueue, expiresAt: number): void {
    let set = this.offerFilters.get(role);
    if (set === undefined) this.offerFilters.set(role, (set = new Set()));
    const filter = timers.add(new OfferFilter(this, role, agent, refused, expiresAt));
    set.add(filter);
    agent.listOfferFilter(filter);
  }

  /** A filter's timer fired: it is forgotten here and on its agent. */
  offerFilterExpired(filter: OfferFilter): void {
    filter.agent.dropOfferFilter(filter);
    this.forget(filter);
  }

  private forget(filter: OfferFilter): void {
    const set = this.offerFilters.get(filter.role);
    if (set !== undefined && set.delete(filter) && set.size === 0) this.offerFilters.delete(filter.role);
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
    // The agent's own short list, not this framework's map of every agent: the
    // loop is visiting the agent, so its list is at hand.
    const held = agent.offerFilters.get(this);
    if (held === undefined) return false;
    if (held instanceof OfferFilter) return held.role === role && held.refused.contains(toOffer);
    for (let i = 0; i < held.length; i++) {
      const f = held[i] as OfferFilter;
      if (f.role === role && f.refused.contains(toOffer)) return true;
    }
    return false;
  }
}
