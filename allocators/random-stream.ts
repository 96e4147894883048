// Randomness enters the allocation core only through an injected stream, never
// the global random function: the caller (a simulation, a scenario, a benchmark) owns the
// seed, so every run is reproducible.

/** Uniform numbers in [0, 1). */
export type RandomStream = () => number;

/** Fisher–Yates shuffle in place, driven by `rng`. */
export function shuffleInPlace<T>(items: T[], rng: RandomStream): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}
