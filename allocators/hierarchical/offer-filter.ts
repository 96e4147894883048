// An offer filter (Mesos's `OfferFilter` in hierarchical.hpp) and the two sides
// that index it. A filter is owned by its framework (FrameworkState, which revive
// and removal clear) and listed on its agent (AgentState, where the allocation loop
// looks it up). Both sides are named here by the least they need of each other, so
// agent-state.ts and framework-state.ts import this file and never each other's
// in a circle.
//
// A filter is its own expiry timer (`Timer`) and its own entry in both indexes
// (lists linked through the filters: no hash table to grow and shrink, no closure,
// no second object), and once expired it is reused for a later decline
// (`FilterPool`): at tens of millions of declines a simulated day, each living
// 120 s, that is what keeps them out of the garbage collector's way.
import type { Resources } from "../resources/resources.ts";
import type { Timer } from "./timer-queue.ts";

/** Whoever owns filters: a framework, compared by identity. It forgets a filter when it expires. */
export interface FilterOwner {
  readonly id: string;
  offerFilterExpired(filter: OfferFilter): void;
}

/** Where a filter is listed for the allocation loop: its agent. */
export interface FilterListing {
  readonly id: string;
  listOfferFilter(filter: OfferFilter): void;
  dropOfferFilter(filter: OfferFilter): void;
}

/** Expired filters, for reuse: one per allocator. */
export type FilterPool = OfferFilter[];

/** A refusal: `owner` declined `refused` on `agent`, for `role`, until `time` (µs). */
export class OfferFilter implements Timer {
  /** Set by the timer queue. */
  seq = 0;
  /** Cleared early (revive, removal): its timer fires nothing. */
  cancelled = false;
  /** Its neighbours in its owner's list for its role (`FilterList`). */
  prevInRole: OfferFilter | null = null;
  nextInRole: OfferFilter | null = null;
  /** Its neighbours in its agent's list (AgentState); `listed` while it is in one. */
  prevOnAgent: OfferFilter | null = null;
  nextOnAgent: OfferFilter | null = null;
  listed = false;

  constructor(
    public owner: FilterOwner,
    public role: string,
    public agent: FilterListing,
    public refused: Resources,
    /** When it expires, µs. */
    public time: number,
    /** Where it goes once expired, if anywhere. */
    private readonly pool: FilterPool | null = null,
  ) {}

  /** A filter from `pool` if it has one (reset to these values), else a new one. */
  static make(pool: FilterPool | null, owner: FilterOwner, role: string, agent: FilterListing, refused: Resources, time: number): OfferFilter {
    const f = pool === null ? undefined : pool.pop();
    if (f === undefined) return new OfferFilter(owner, role, agent, refused, time, pool);
    f.owner = owner;
    f.role = role;
    f.agent = agent;
    f.refused = refused;
    f.time = time;
    f.cancelled = false;
    return f;
  }

  /** Expiry: the owner and the agent forget it, and it is free for reuse (nothing refers to it any more). */
  fire(): void {
    this.owner.offerFilterExpired(this);
    if (this.pool !== null) this.pool.push(this);
  }
}

/**
 * A framework's filters for one role, in the order they were added (a Set's
 * order), linked through the filters: adding and removing one is O(1) and
 * allocates nothing.
 */
export class FilterList implements Iterable<OfferFilter> {
  first: OfferFilter | null = null;
  private last: OfferFilter | null = null;
  size = 0;

  add(f: OfferFilter): void {
    f.prevInRole = this.last;
    f.nextInRole = null;
    if (this.last === null) this.first = f;
    else this.last.nextInRole = f;
    this.last = f;
    this.size++;
  }

  /** Removes `f`; false if it was not in this list. */
  remove(f: OfferFilter): boolean {
    const prev = f.prevInRole;
    const next = f.nextInRole;
    if (prev === null) {
      if (this.first !== f) return false;
      this.first = next;
    }
    else prev.nextInRole = next;
    if (next === null) this.last = prev;
    else next.prevInRole = prev;
    f.prevInRole = null;
    f.nextInRole = null;
    this.size--;
    return true;
  }

  *[Symbol.iterator](): Iterator<OfferFilter> {
    for (let f = this.first; f !== null; f = f.nextInRole) yield f;
  }
}
