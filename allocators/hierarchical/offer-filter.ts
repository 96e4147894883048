// An offer filter (Mesos's `OfferFilter` in hierarchical.hpp) and the two sides
// that index it. A filter is owned by its framework (FrameworkState, which revive
// and removal clear) and listed on its agent (AgentState, where the allocation loop
// looks it up). Both sides are named here by the least they need of each other, so
// agent-state.ts and framework-state.ts import this file and never each other's
// in a circle.
//
// A filter is its own expiry timer (`Timer`): one object per decline, no closure,
// which matters at tens of millions of declines a simulated day.
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

/** A refusal: `owner` declined `refused` on `agent`, for `role`, until `time` (µs). */
export class OfferFilter implements Timer {
  /** Set by the timer queue. */
  seq = 0;
  /** Cleared early (revive, removal): its timer fires nothing. */
  cancelled = false;

  constructor(
    readonly owner: FilterOwner,
    readonly role: string,
    readonly agent: FilterListing,
    readonly refused: Resources,
    /** When it expires, µs. */
    readonly time: number,
  ) {}

  /** Expiry: the owner and the agent forget it. */
  fire(): void {
    this.owner.offerFilterExpired(this);
  }
}
