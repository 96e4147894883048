// An offer filter (Mesos's `OfferFilter` in hierarchical.hpp) and the two sides
// that index it. A filter is owned by its framework (FrameworkState, which revive
// and removal clear) and listed on its agent (AgentState, where the allocation loop
// looks it up). Both sides are named here by the least they need of each other, so
// agent-state.ts and framework-state.ts import this file and never each other's
// in a circle.
import type { Resources } from "../resources/resources.ts";
import type { Timer } from "./timer-queue.ts";

/** Whoever owns filters: a framework, compared by identity. */
export interface FilterOwner {
  readonly id: string;
}

/** Where a filter is listed for the allocation loop: its agent. */
export interface FilterListing {
  readonly id: string;
  listOfferFilter(owner: FilterOwner, filter: OfferFilter): void;
  dropOfferFilter(owner: FilterOwner, filter: OfferFilter): void;
}

/** A refusal: the framework declined `refused` on `agent`, for `role`. */
export interface OfferFilter {
  readonly role: string;
  readonly agent: FilterListing;
  readonly refused: Resources;
  readonly timer: Timer;
}
