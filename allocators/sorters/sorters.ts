// The sorter registry: a name to a factory, one line per kind (Mesos's
// `--role_sorter` / `--framework_sorter` flags take `drf` or `random`).
import { DRFSorter } from "./drf-sorter.ts";
import { RandomSorter } from "./random-sorter.ts";
import type { Sorter } from "./sorter.ts";

export type SorterKind = "drf" | "random";

export type SorterOptions = {
  /** Names left out of DRF shares (Mesos's `--fair_sharing_excluded_resource_names`). */
  fairnessExcludeResourceNames?: readonly string[];
  /** The random sorter's stream (uniform in [0, 1)); DRF ignores it. */
  rng: () => number;
};

const factories: { readonly [K in SorterKind]: <T>(o: SorterOptions) => Sorter<T> } = {
  drf: (o) => new DRFSorter(o),
  random: (o) => new RandomSorter(o.rng, o),
};

export function createSorter<T>(kind: SorterKind, options: SorterOptions): Sorter<T> {
  return factories[kind]<T>(options);
}
