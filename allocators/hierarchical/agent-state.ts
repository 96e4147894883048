// What the allocator knows of one agent (Mesos's `Slave` in hierarchical.hpp).
//
// `available` is derived: total minus what is offered or allocated (allocation
// tags stripped), except that shared volumes stay available while in use, so
// they can be offered again (Mesos: "available always contains all shared
// resources"). It is recomputed whenever total or allocations change, and read
// by every allocation run.
import type { AgentCapability, Unavailability } from "../allocator.ts";
import type { FilterListing, FilterOwner, OfferFilter } from "./offer-filter.ts";
import { AGENT_CAPABILITIES } from "../allocator.ts";
import { GPUS } from "../resources/resource-names.ts";
import { Resources } from "../resources/resources.ts";
import { Holdings } from "./holdings.ts";
import type { Quantities } from "../resources/quantities.ts";

export interface Maintenance {
  unavailability: Unavailability;
  /** Latest inverse-offer answer per framework (true = accepted). */
  readonly statuses: Map<string, boolean>;
  readonly offersOutstanding: Set<string>;
}

export class AgentState implements FilterListing {
  activated = true;
  private capabilities_!: ReadonlySet<AgentCapability>;
  /** `capabilities` has MULTI_ROLE / HIERARCHICAL_ROLE (read per framework visit by the allocation loop). */
  multiRole = false;
  hierarchicalRole = false;
  attributes: string;
  maintenance: Maintenance | undefined;
  /** Offered or allocated per framework id (frameworks not known yet included), in a Map's order. */
  readonly offeredOrAllocated = new Holdings();
  /**
   * The same per framework and role, tagged with the role (what FrameworkState.held
   * reads): triples (framework, role, resources) in one array, found by a short
   * scan. An entry emptied stays, holding `Resources.EMPTY`: nothing walks them,
   * and a decline then changes one slot instead of a table of every agent.
   */
  private readonly roleHeld_: unknown[] = [];
  /**
   * Everything offered or allocated, allocation tags stripped (Mesos's
   * `totalOfferedOrAllocated`, unallocated); derived from `offeredOrAllocated`
   * on demand and cached. Offers only shrink `available` and never need it, so
   * the allocation loop builds none.
   */
  private taken_: Resources | undefined = Resources.EMPTY;
  /**
   * The offer filters on this agent, of every framework, in no particular order:
   * the allocation loop's lookup index, a list linked through the filters
   * (`OfferFilter.nextOnAgent`). Kept by FrameworkState, which owns the filters.
   */
  firstFilter: OfferFilter | null = null;
  /** Filters in that list. */
  offerFilterCount = 0;
  /** Used by tasks (subset of offeredOrAllocated). */
  totalAllocated: Resources = Resources.EMPTY;
  private total_: Resources = Resources.EMPTY;
  private shared: Resources = Resources.EMPTY;
  private available_: Resources = Resources.EMPTY;
  /**
   * What the last offer took when it took everything available, while nothing
   * else has changed since: if exactly that comes back, `available` is that
   * object again (total − taken is the same value), and its tagged copy and the
   * refusals that hold it stay shared instead of being rebuilt.
   */
  private tookAll_: Resources | undefined;
  private hasGpu_ = false;
  /** Registration order: the allocation run lists its agents in this order before shuffling them. */
  seq = 0;
  /**
   * No run can offer anything here until something about the agent or the
   * frameworks changes (see HierarchicalAllocator.couldOffer); such an agent is
   * left out of periodic runs. Any change that could make it offerable wakes it.
   */
  dormant = false;
  /** Its places in the allocator's sets of awake agents and of candidates (AgentSet), or -1. */
  awakeSlot = -1;
  candidateSlot = -1;
  /** Called when a dormant agent wakes (the allocator puts it back among the run's candidates). */
  onWake: ((agent: AgentState) => void) | undefined;

  constructor(
    readonly id: string,
    total: Resources,
    capabilities: readonly AgentCapability[] | undefined,
    attributes: string,
  ) {
    this.capabilities = new Set(capabilities ?? AGENT_CAPABILITIES);
    this.attributes = attributes;
    this.setTotal(total);
  }

  get capabilities(): ReadonlySet<AgentCapability> {
    return this.capabilities_;
  }

  set capabilities(caps: ReadonlySet<AgentCapability>) {
    this.wake();
    this.capabilities_ = caps;
    this.multiRole = caps.has("MULTI_ROLE");
    this.hierarchicalRole = caps.has("HIERARCHICAL_ROLE");
  }

  get total(): Resources {
    return this.total_;
  }

  get available(): Resources {
    return this.available_;
  }

  get hasGpu(): boolean {
    return this.hasGpu_;
  }

  /** Scalar quantities of the total (what the agent adds to the cluster total). */
  totalQuantities(): Quantities {
    return this.total_.scalarQuantities();
  }

  setTotal(total: Resources): void {
    this.total_ = total;
    this.tookAll_ = undefined;
    this.shared = total.shared();
    this.hasGpu_ = total.scalarQuantities().get(GPUS) > 0;
    this.updateAvailable();
  }

  /** What `owner` (a framework) holds here in `role` (empty if nothing). */
  roleHeld(owner: object, role: string): Resources {
    const a = this.roleHeld_;
    for (let i = 0; i < a.length; i += 3) if (a[i] === owner && a[i + 1] === role) return a[i + 2] as Resources;
    return Resources.EMPTY;
  }

  /** Sets what `owner` holds here in `role`; returns what it held before. */
  setRoleHeld(owner: object, role: string, resources: Resources): Resources {
    const a = this.roleHeld_;
    for (let i = 0; i < a.length; i += 3) {
      if (a[i] === owner && a[i + 1] === role) {
        const before = a[i + 2] as Resources;
        a[i + 2] = resources;
        return before;
      }
    }
    if (!resources.isEmpty()) a.push(owner, role, resources);
    return Resources.EMPTY;
  }

  /** Forgets `owner`'s entries (a framework removed; it holds nothing here any more). */
  dropRoleHeld(owner: object): void {
    const a = this.roleHeld_;
    let k = 0;
    for (let i = 0; i < a.length; i += 3) {
      if (a[i] === owner) continue;
      a[k] = a[i];
      a[k + 1] = a[i + 1];
      a[k + 2] = a[i + 2];
      k += 3;
    }
    a.length = k;
  }

  /** The filters `owner` has on this agent, in no particular order (a copy). */
  offerFiltersOf(owner: FilterOwner): OfferFilter[] {
    const out: OfferFilter[] = [];
    for (let f = this.firstFilter; f !== null; f = f.nextOnAgent) if (f.owner === owner) out.push(f);
    return out;
  }

  listOfferFilter(filter: OfferFilter): void {
    if (filter.listed) return;
    filter.listed = true;
    filter.prevOnAgent = null;
    filter.nextOnAgent = this.firstFilter;
    if (this.firstFilter !== null) this.firstFilter.prevOnAgent = filter;
    this.firstFilter = filter;
    this.offerFilterCount++;
  }

  dropOfferFilter(filter: OfferFilter): void {
    if (!filter.listed) return;
    filter.listed = false;
    const prev = filter.prevOnAgent;
    const next = filter.nextOnAgent;
    if (prev === null) this.firstFilter = next;
    else prev.nextOnAgent = next;
    if (next !== null) next.prevOnAgent = prev;
    filter.prevOnAgent = null;
    filter.nextOnAgent = null;
    this.offerFilterCount--;
    this.wake();
  }

  /** Ends dormancy: a change that may make the agent offerable again. */
  wake(): void {
    if (!this.dormant) return;
    this.dormant = false;
    this.onWake?.(this);
  }

  /** Records resources offered or allocated to a framework; `stripped` is them untagged, if the caller has it. */
  decreaseAvailable(frameworkId: string, resources: Resources, stripped = resources.unallocate()): void {
    if (resources.isEmpty()) return;
    const held = this.offeredOrAllocated.get(frameworkId);
    this.offeredOrAllocated.set(frameworkId, held === undefined ? resources : held.plus(resources));
    this.taken_ = undefined;
    // Taking more only removes from what is available: (total − taken) − x equals
    // total − (taken + x) for scalars (clamped alike) and ranges (set difference),
    // and shared volumes stay available. Cheaper than recomputing on every offer.
    if (stripped === this.available_ && !stripped.hasShared()) {
      // The usual coarse-grained offer: everything that was available.
      this.tookAll_ = stripped;
      this.available_ = Resources.EMPTY;
    } else {
      this.tookAll_ = undefined;
      this.available_ = this.available_.minus(stripped.hasShared() ? stripped.nonShared() : stripped);
    }
  }

  /** Returns resources offered or allocated to a framework. */
  increaseAvailable(frameworkId: string, resources: Resources): void {
    if (resources.isEmpty()) return;
    const held = this.offeredOrAllocated.get(frameworkId);
    if (held === undefined || !held.contains(resources)) {
      throw new Error(`agent ${this.id}: framework ${frameworkId} does not hold ${resources.toString()}`);
    }
    const left = held.minus(resources);
    if (left.isEmpty()) this.offeredOrAllocated.delete(frameworkId);
    else this.offeredOrAllocated.set(frameworkId, left);
    this.taken_ = undefined;
    const tookAll = this.tookAll_;
    this.tookAll_ = undefined;
    // The whole of the last take returned (declined, or its tasks ended): the
    // same value as total − taken. Item order is the one it had before the
    // offer; Mesos's own order here follows its hashmap of holdings.
    this.wake();
    if (tookAll !== undefined && this.available_.isEmpty() && resources.unallocate() === tookAll) this.available_ = tookAll;
    else this.updateAvailable();
  }

  /** Everything offered or allocated on the agent, without allocation tags. */
  get taken(): Resources {
    if (this.taken_ === undefined) {
      let t = Resources.EMPTY;
      for (const held of this.offeredOrAllocated.values()) t = t.plus(held.unallocate());
      this.taken_ = t;
    }
    return this.taken_;
  }

  private updateAvailable(): void {
    const taken = this.taken;
    this.wake();
    this.available_ = this.shared.isEmpty()
      ? this.total_.minus(taken)
      : this.total_.nonShared().minus(taken.nonShared()).plus(this.shared);
  }
}
