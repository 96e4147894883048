// Shared fixtures for the sorter tests. Clients carry their own path as payload, so
// `sort()` reads as a list of paths.
//
// Mesos's tests call the sorter per agent: `addSlave(agent, q)` and
// `allocated(client, agent, resources)`. Our `Sorter` keeps no per-agent state
// (the allocator does), so every restated test maps `addSlave(agent, q)` to
// `addTotal(q)`, `removeSlave(agent)` to `removeTotal(q)` of what that agent had,
// and `allocated/unallocated(client, agent, r)` to the scalar quantities of `r`,
// with a shared resource counted once per client per agent by the caller.
import { Quantities } from "../../allocators/resources/quantities.ts";
import { RandomSource } from "../../common/random-source.ts";
import type { Sorter } from "../../allocators/sorters/sorter.ts";
import { createSorter } from "../../allocators/sorters/sorters.ts";

export const Q = (text: string): Quantities => Quantities.parse(text);

export type SorterKind = "drf" | "random";
export const KINDS: readonly SorterKind[] = ["drf", "random"];

/** A deterministic uniform stream from the project's one seeded source. */
export function seeded(seed: number): () => number {
  return RandomSource.fresh(seed, "test/sorters");
}

export function make(kind: SorterKind, exclude: readonly string[] = [], seed = 1): Sorter<string> {
  return createSorter<string>(kind, { fairnessExcludeResourceNames: exclude, rng: seeded(seed) });
}

/** Mesos's `add` + `activate`, the usual pair in its tests. */
export function addActive(s: Sorter<string>, ...paths: string[]): void {
  for (const p of paths) {
    s.add(p, p);
    s.activate(p);
  }
}

/** `sort()` copied and sorted by name, for tests that check membership only. */
export function members(s: Sorter<string>): string[] {
  return [...s.sort()].sort();
}
