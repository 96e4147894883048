// Matching offer callbacks against `expectOffers` as a multiset.
//
// Each expected ALLOC must be matched by a different callback and every callback
// by an expectation. The `total` form can match callbacks that another form also
// matches, so a greedy pass could miss a perfect matching that exists; we find a
// maximum bipartite matching (Kuhn's augmenting paths; a step has a handful of
// callbacks) so that "missing" and "unexpected" are only reported when no
// assignment works. Order of both lists is kept, so the result is deterministic.
//
// RES equality is Mesos's `Resources ==` on resources with their allocation info
// stripped: the callback's role is compared on its own.
import type { Resources } from "../../allocators/resources/resources.ts";
import type { ExpectedOffer } from "./scenario-file.ts";

/** One offer callback, as the runner recorded it: role → agent → resources (allocation info stripped). */
export interface ActualOffer {
  readonly framework: string;
  readonly offers: ReadonlyMap<string, ReadonlyMap<string, Resources>>;
}

export interface OfferMatch {
  /** For each expected offer, the index of the callback that matched it, or -1 (missing). */
  readonly expectedTo: readonly number[];
  /** For each callback, the index of the expectation it matched, or -1 (unexpected). */
  readonly actualTo: readonly number[];
  readonly passed: boolean;
}

function sameAgents(expected: ReadonlyMap<string, Resources>, actual: ReadonlyMap<string, Resources>): boolean {
  if (expected.size !== actual.size) return false;
  for (const [agent, res] of expected) {
    const got = actual.get(agent);
    if (got === undefined || !got.equals(res)) return false;
  }
  return true;
}

/** The agents of a callback that offers to exactly one role, `role`; else undefined. */
function onlyRole(actual: ActualOffer, role: string): ReadonlyMap<string, Resources> | undefined {
  if (actual.offers.size !== 1) return undefined;
  return actual.offers.get(role);
}

/** Does callback `actual` satisfy the ALLOC `expected`? */
export function offerMatches(expected: ExpectedOffer, actual: ActualOffer): boolean {
  if (expected.framework !== actual.framework) return false;
  switch (expected.form) {
    case "offers": {
      if (expected.offers.size !== actual.offers.size) return false;
      for (const [role, agents] of expected.offers) {
        const got = actual.offers.get(role);
        if (got === undefined || !sameAgents(agents, got)) return false;
      }
      return true;
    }
    case "agents": {
      const got = onlyRole(actual, expected.role);
      return got !== undefined && sameAgents(expected.agents, got);
    }
    case "total": {
      const got = onlyRole(actual, expected.role);
      if (got === undefined) return false;
      if (expected.agentCount !== undefined && got.size !== expected.agentCount) return false;
      if (expected.agentIn !== undefined) {
        for (const agent of got.keys()) if (!expected.agentIn.includes(agent)) return false;
      }
      let sum: Resources | undefined;
      for (const res of got.values()) sum = sum === undefined ? res : sum.plus(res);
      return sum === undefined ? expected.total.isEmpty() : sum.equals(expected.total);
    }
  }
}

/** A maximum multiset matching of `expected` against `actual` under `matches`. */
export function matchAll<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean): OfferMatch {
  const can: boolean[][] = expected.map((e) => actual.map((a) => matches(e, a)));
  const actualTo: number[] = actual.map(() => -1);
  const expectedTo: number[] = expected.map(() => -1);

  const augment = (e: number, seen: boolean[]): boolean => {
    const row = can[e] as boolean[];
    for (let a = 0; a < actual.length; a++) {
      if (!row[a] || seen[a]) continue;
      seen[a] = true;
      const holder = actualTo[a] as number;
      if (holder < 0 || augment(holder, seen)) {
        actualTo[a] = e;
        expectedTo[e] = a;
        return true;
      }
    }
    return false;
  };
  for (let e = 0; e < expected.length; e++) augment(e, actual.map(() => false));

  return { expectedTo, actualTo, passed: expectedTo.every((a) => a >= 0) && actualTo.every((e) => e >= 0) };
}

export function matchOffers(expected: readonly ExpectedOffer[], actual: readonly ActualOffer[]): OfferMatch {
  return matchAll(expected, actual, offerMatches);
}
