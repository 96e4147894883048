// What the reports keep of one role: its scope state (scope-state.ts), its weight,
// its demand, and the fairness figures built on its entitlement
// (docs/report-format.md, "Fairness" and "How each metric is computed"):
// `entitlementMean`, `deficitMean`, `starvedSeconds`, `timeToFairShareSeconds`.
// Running sums only: the size does not grow with the length of the run.
import { REPORTED_RESOURCES } from "../sim/records/run-records.ts";
import { ScopeState } from "./scope-state.ts";

/**
 * Differences of shares below this count as 0 (in the deficit and in the starved and
 * fair-share thresholds): an entitlement and a share that are the same fraction
 * reached by different float operations (2/3 as 6/9 and as 1 − 1/3) differ by about
 * 1e-16, which is neither a deficit nor a crossing of a threshold.
 */
export const SHARE_EPSILON = 1e-12;

/** A role is starved while pending with a deficit above this fraction of its entitlement. */
export const STARVED_DEFICIT = 0.5;
/** A role has reached its fair share when its share is at least this fraction of its entitlement. */
export const FAIR_SHARE_REACHED = 0.9;

export class RoleRecord extends ScopeState {
  weight = 1;
  /** Σ of the requests of its pending and running tasks, in thousandths (the filling's input). */
  readonly demand = new Float64Array(REPORTED_RESOURCES.length);
  /** Entitlement (a dominant share) and deficit in the state after the last record time. */
  entitlement = 0;
  deficit = 0;
  /** ∫ entitlement dt and ∫ deficit dt in µs, and the µs spent starved. */
  entitlementIntegral = 0;
  deficitIntegral = 0;
  starvedUs = 0;
  /** The time it last became active, or -1 while inactive; whether it has reached its fair share since. */
  private activeSince = -1;
  private reached = false;
  /** Σ and count of the episodes' times to fair share, µs. */
  private toFairShareSum = 0;
  private toFairShareCount = 0;

  /** Whether it is starved in the state after the last record time. */
  get starved(): boolean {
    return this.pending > 0 && this.deficit - STARVED_DEFICIT * this.entitlement > SHARE_EPSILON;
  }

  /**
   * Takes `share` (already set) and a new `entitlement` as the state at `now`: the
   * deficit, and the episode from becoming active to reaching 0.9 × entitlement.
   */
  observeFairness(now: number): void {
    const gap = this.entitlement - this.share;
    this.deficit = gap > SHARE_EPSILON ? gap : 0;
    if (!this.active) {
      // An episode that ends before reaching the fair share is not counted.
      this.activeSince = -1;
      return;
    }
    if (this.activeSince < 0) {
      this.activeSince = now;
      this.reached = false;
    }
    if (!this.reached && this.share >= FAIR_SHARE_REACHED * this.entitlement - SHARE_EPSILON) {
      this.reached = true;
      this.toFairShareSum += now - this.activeSince;
      this.toFairShareCount++;
    }
  }

  /** Adds the state after the last record time, held for `dt` µs, to the integrals. */
  integrate(dt: number): void {
    this.shareIntegral += this.share * dt;
    this.entitlementIntegral += this.entitlement * dt;
    this.deficitIntegral += this.deficit * dt;
    if (this.starved) this.starvedUs += dt;
  }

  /** Mean time to fair share in seconds over the episodes that reached it, or null when none did. */
  get timeToFairShareSeconds(): number | null {
    return this.toFairShareCount === 0 ? null : this.toFairShareSum / this.toFairShareCount / 1e6;
  }
}
