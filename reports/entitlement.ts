// The fair-share entitlement of each role: weighted progressive filling over the
// roles' demands, as the DRF paper defines it (Ghodsi et al., "Dominant Resource
// Fairness: Fair Allocation of Multiple Resource Types", NSDI 2011, §4 and §5.3
// "Weighted DRF"), with each role's demand as a cap and the cluster's capacity per
// resource as the limit (docs/report-format.md, "How each metric is computed").
//
// Each role i with demand vector d_i (pending plus running tasks' requests) grows
// along d_i: holding x·d_i for 0 ≤ x ≤ 1, its dominant share is s_i = x·c_i with
// c_i = max_j d_ij / C_j over the counted resources (C_j the cluster total). The
// roles still growing all grow at once with equal weighted dominant shares
// s_i / w_i = λ. A role stops growing when it gets all of its demand (s_i = c_i) or
// when a resource it uses is exhausted (Σ over roles of s_i·(d_ij / C_j)/c_i
// reaches 1); the others go on. A role's entitlement is the dominant share at which
// it stopped. A role whose demand has no counted resource stops at 0.
//
// O(n·R) for n roles and R resources, plus a sort of the roles by the level
// λ = c_i / w_i at which their demand would cap them (an insertion sort of the last
// call's order, O(n) when few demands changed); a resource is exhausted at most once.

/** One role's input: its demand and weight. */
export interface FillingInput {
  /** Σ of its pending and running tasks' requests, in the units of `total`, index per resource. */
  readonly demand: ArrayLike<number>;
  /** Its weight (> 0). */
  readonly weight: number;
}

/**
 * The entitlement (a dominant share, 0 ≤ e ≤ its demand's dominant share) of each
 * role of `roles`, written to `out[i]` for `roles[i]`.
 *
 * `total[j]`: the cluster's amount of resource j, in the demands' units; only the
 * resources with `counted[j]` and `total[j] > 0` count (the ones dominant shares
 * count, dominant-share.ts), both as shares and as capacity.
 *
 * Pure and deterministic: the same inputs in the same order give the same bits.
 */
export function progressiveFilling(roles: readonly FillingInput[], total: ArrayLike<number>, counted: readonly boolean[], out: Float64Array): void {
  new ProgressiveFilling().fill(roles, total, counted, out);
}

/**
 * `progressiveFilling` with its working arrays kept from one call to the next, for
 * a caller that recomputes the entitlements of the same roles many times (the
 * metrics recorder, at each record time after a change of demand). The roles' order
 * by cap level is kept too and re-sorted by insertion, which is O(n) when few caps
 * changed. The result does not depend on what earlier calls saw: the order sorted
 * to is total (level, then index).
 */
export class ProgressiveFilling {
  private n = -1;
  private width = -1;
  /** per[i·R + k]: the share of counted resource k that role i uses per unit of its dominant share. */
  private per = new Float64Array(0);
  private cap = new Float64Array(0);
  /** cap / weight: the level λ at which its demand caps the role; Infinity when it demands nothing counted. */
  private level = new Float64Array(0);
  private growing = new Uint8Array(0);
  /** Role indices by (level, index). */
  private order = new Int32Array(0);
  private resources = new Int32Array(0);
  /** rate[k] = Σ over growing roles of w_i·per_ik: use of resource k per unit of λ; fixed[k]: use by the roles stopped; users[k]: growing roles using it. */
  private rate = new Float64Array(0);
  private fixed = new Float64Array(0);
  private users = new Int32Array(0);

  /** As `progressiveFilling`. */
  fill(roles: readonly FillingInput[], total: ArrayLike<number>, counted: readonly boolean[], out: Float64Array): void {
    const n = roles.length;
    if (n !== this.n || total.length !== this.width) this.resize(n, total.length);
    let R = 0;
    for (let j = 0; j < total.length; j++) if (counted[j] === true && (total[j] as number) > 0) this.resources[R++] = j;
    const { per, cap, level, growing, order, resources, rate, fixed, users } = this;
    for (let k = 0; k < R; k++) {
      rate[k] = 0;
      fixed[k] = 0;
      users[k] = 0;
    }
    let left = 0;
    for (let i = 0; i < n; i++) {
      const role = roles[i] as FillingInput;
      let c = 0;
      for (let k = 0; k < R; k++) {
        const j = resources[k] as number;
        const share = (role.demand[j] ?? 0) / (total[j] as number);
        per[i * R + k] = share;
        if (share > c) c = share;
      }
      cap[i] = c;
      out[i] = 0;
      if (c <= 0) {
        growing[i] = 0;
        level[i] = Infinity;
        continue;
      }
      growing[i] = 1;
      left++;
      level[i] = c / role.weight;
      for (let k = 0; k < R; k++) {
        const p = (per[i * R + k] as number) / c;
        per[i * R + k] = p;
        if (p > 0) {
          rate[k] = (rate[k] as number) + role.weight * p;
          users[k] = (users[k] as number) + 1;
        }
      }
    }
    this.sortOrder();

    let next = 0;
    let at = 0;
    while (left > 0) {
      while (growing[order[next] as number] === 0) next++;
      const capped = order[next] as number;
      let until = level[capped] as number;
      let exhausted = -1;
      for (let k = 0; k < R; k++) {
        if ((users[k] as number) === 0) continue;
        const full = Math.max(at, (1 - (fixed[k] as number)) / (rate[k] as number));
        if (full < until) {
          until = full;
          exhausted = k;
        }
      }
      at = until;
      if (exhausted < 0) {
        left -= this.stop(capped, cap[capped] as number, roles, R, out);
        continue;
      }
      // Resource `exhausted` is used up at this level: every role still growing that uses it stops here.
      for (let x = next; x < n; x++) {
        const i = order[x] as number;
        if (growing[i] === 1 && (per[i * R + exhausted] as number) > 0) left -= this.stop(i, Math.min(cap[i] as number, (roles[i] as FillingInput).weight * at), roles, R, out);
      }
    }
  }

  /** Role i stops growing at dominant share `share`; returns 1 (one role fewer growing). */
  private stop(i: number, share: number, roles: readonly FillingInput[], R: number, out: Float64Array): number {
    const { per, growing, rate, fixed, users } = this;
    growing[i] = 0;
    out[i] = share;
    const w = (roles[i] as FillingInput).weight;
    for (let k = 0; k < R; k++) {
      const p = per[i * R + k] as number;
      if (p <= 0) continue;
      fixed[k] = (fixed[k] as number) + share * p;
      users[k] = (users[k] as number) - 1;
      // The last user gone, the rate is exactly 0 (no rounding residue).
      rate[k] = users[k] === 0 ? 0 : (rate[k] as number) - w * p;
    }
    return 1;
  }

  /** Insertion sort of `order` by (level, index): O(n) when it was nearly sorted already. */
  private sortOrder(): void {
    const { order, level } = this;
    for (let x = 1; x < order.length; x++) {
      const i = order[x] as number;
      const l = level[i] as number;
      let y = x - 1;
      for (; y >= 0; y--) {
        const o = order[y] as number;
        const lo = level[o] as number;
        if (lo < l || (lo === l && o < i)) break;
        order[y + 1] = o;
      }
      order[y + 1] = i;
    }
  }

  private resize(n: number, width: number): void {
    this.n = n;
    this.width = width;
    this.resources = new Int32Array(width);
    this.rate = new Float64Array(width);
    this.fixed = new Float64Array(width);
    this.users = new Int32Array(width);
    this.per = new Float64Array(n * width);
    this.cap = new Float64Array(n);
    this.level = new Float64Array(n);
    this.growing = new Uint8Array(n);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
  }
}
