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
// O(n log n + n·R) for n roles and R resources: the roles are sorted once by the
// level λ = c_i / w_i at which their demand would cap them, and a resource is
// exhausted at most once.

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
  const n = roles.length;
  const resources: number[] = [];
  for (let j = 0; j < total.length; j++) if (counted[j] === true && (total[j] as number) > 0) resources.push(j);
  const R = resources.length;
  // per[i·R + k]: the share of resource resources[k] that role i uses per unit of its dominant share.
  const per = new Float64Array(n * R);
  const cap = new Float64Array(n);
  // rate[k] = Σ over growing roles of w_i·per_ik: resource k's use per unit of λ;
  // fixed[k]: its use by the roles that stopped; users[k]: growing roles that use it.
  const rate = new Float64Array(R);
  const fixed = new Float64Array(R);
  const users = new Int32Array(R);
  const growing = new Uint8Array(n);
  const order: number[] = [];
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
    if (c <= 0) continue;
    growing[i] = 1;
    order.push(i);
    for (let k = 0; k < R; k++) {
      const p = (per[i * R + k] as number) / c;
      per[i * R + k] = p;
      if (p > 0) {
        rate[k] = (rate[k] as number) + role.weight * p;
        users[k] = (users[k] as number) + 1;
      }
    }
  }
  // By the level at which the demand caps the role; ties by input order.
  const levelOf = (i: number): number => (cap[i] as number) / (roles[i] as FillingInput).weight;
  order.sort((a, b) => levelOf(a) - levelOf(b) || a - b);

  let left = order.length;
  let next = 0;
  let level = 0;
  const stop = (i: number, share: number): void => {
    growing[i] = 0;
    left--;
    out[i] = share;
    const w = (roles[i] as FillingInput).weight;
    for (let k = 0; k < R; k++) {
      const p = per[i * R + k] as number;
      if (p <= 0) continue;
      fixed[k] = (fixed[k] as number) + share * p;
      // The last user gone, the rate is exactly 0 (no rounding residue).
      users[k] = (users[k] as number) - 1;
      rate[k] = users[k] === 0 ? 0 : (rate[k] as number) - w * p;
    }
  };
  while (left > 0) {
    while (growing[order[next] as number] === 0) next++;
    const capped = order[next] as number;
    let until = levelOf(capped);
    let exhausted = -1;
    for (let k = 0; k < R; k++) {
      if ((users[k] as number) === 0) continue;
      const at = Math.max(level, (1 - (fixed[k] as number)) / (rate[k] as number));
      if (at < until) {
        until = at;
        exhausted = k;
      }
    }
    level = until;
    if (exhausted < 0) {
      stop(capped, cap[capped] as number);
      continue;
    }
    // Resource `exhausted` is used up at this level: every role still growing that uses it stops here.
    for (const i of order) {
      if (growing[i] === 1 && (per[i * R + exhausted] as number) > 0) stop(i, Math.min(cap[i] as number, (roles[i] as FillingInput).weight * level));
    }
  }
}
