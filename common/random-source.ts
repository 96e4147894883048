// The one seeded random source of a run, split into named, independent streams.
//
// Every consumer asks for its own stream by name (`allocator/shuffle`,
// `sim/agents/failures`). A stream's seed is derived from the root seed and its
// name only, so adding a consumer, or drawing more numbers from one stream, never
// shifts the numbers any other stream gives. This is what makes runs comparable
// when a model grows.
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). Injected wherever randomness is needed. */
export type RandomStream = () => number;

export class RandomSource {
  readonly seed: string;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number | string) {
    this.seed = String(seed);
  }

  /**
   * The stream called `name`. Asking twice for the same name gives the same stream
   * object, which continues where it left off (one consumer per name).
   */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = RandomSource.fresh(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  /** A new stream for (seed, name), from its first number. Pure: same args, same sequence. */
  static fresh(seed: number | string, name: string): RandomStream {
    // Alea: fast, good quality, and seedrandom's hashing of the string seed mixes
    // the name in fully, so "a/b" and "a/c" are unrelated sequences.
    const prng = seedrandom.alea(`mesosim:${seed}:${name}`);
    return () => prng.quick();
  }
}

/** A uniform integer in [0, n). */
export function randomInt(rng: RandomStream, n: number): number {
  return Math.floor(rng() * n);
}
