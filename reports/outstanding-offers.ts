// The recorder's outstanding offers by id. The master numbers its offers 1, 2, 3, …
// and most end soon after they are made, so the live ids sit in a narrow window
// that slides forward: they are kept in a ring indexed by id (no hash table
// growing, rehashing and shrinking as 25 to 30 million offers a simulated day come
// and go). Any other id (not a whole number, behind the window, or too far ahead
// of it) and the stragglers the window moves past go to a Map, so every id works
// and memory stays bounded whatever order offers end in.

/** The ring's first and largest sizes (powers of 2). */
const FIRST_CAPACITY = 1 << 10;
const MAX_CAPACITY = 1 << 16;

export class OutstandingOffers<T> {
  private ring: Array<T | undefined> = new Array<T | undefined>(FIRST_CAPACITY).fill(undefined);
  private mask = FIRST_CAPACITY - 1;
  /** The ring holds ids in [lo, hi), hi − lo ≤ its capacity; slots outside hold undefined. */
  private lo = 0;
  private hi = 0;
  /** Entries in the ring. */
  private inRing = 0;
  /** Everything else. */
  private readonly far = new Map<number, T>();

  get size(): number {
    return this.inRing + this.far.size;
  }

  get(id: number): T | undefined {
    if (id >= this.lo && id < this.hi) {
      const v = this.ring[id & this.mask];
      if (v !== undefined) return v;
    }
    return this.far.size === 0 ? undefined : this.far.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds `value` (never undefined) for `id`, which must not be here. */
  set(id: number, value: T): void {
    if (!Number.isSafeInteger(id)) {
      this.far.set(id, value);
      return;
    }
    if (this.inRing === 0) {
      // Empty: the window starts at this id.
      this.lo = id;
      this.hi = id;
    } else if (id < this.lo) {
      this.far.set(id, value);
      return;
    }
    if (id - this.lo >= this.ring.length) this.makeRoom(id);
    this.ring[id & this.mask] = value;
    this.inRing++;
    if (id >= this.hi) this.hi = id + 1;
  }

  /** Removes `id`'s entry; true if there was one. */
  delete(id: number): boolean {
    if (id >= this.lo && id < this.hi && this.ring[id & this.mask] !== undefined) {
      this.ring[id & this.mask] = undefined;
      this.inRing--;
      this.advance();
      return true;
    }
    return this.far.delete(id);
  }

  /** Moves `lo` past the empty slots at the window's start. */
  private advance(): void {
    while (this.lo < this.hi && this.ring[this.lo & this.mask] === undefined) this.lo++;
    if (this.lo === this.hi) this.lo = this.hi = 0;
  }

  /**
   * Makes the window reach `id`: a bigger ring, or, at the largest, the oldest
   * entries moved to `far` (at most one pass over the ring, however far `id` is).
   */
  private makeRoom(id: number): void {
    while (id - this.lo >= this.ring.length && this.ring.length < MAX_CAPACITY) this.grow();
    while (id - this.lo >= this.ring.length) {
      const v = this.ring[this.lo & this.mask];
      if (v !== undefined) {
        this.ring[this.lo & this.mask] = undefined;
        this.inRing--;
        this.far.set(this.lo, v);
      }
      this.lo++;
      if (this.inRing === 0) {
        this.lo = this.hi = id;
        return;
      }
      this.advance();
    }
  }

  private grow(): void {
    const old = this.ring;
    const oldMask = this.mask;
    const ring = new Array<T | undefined>(old.length * 2).fill(undefined);
    const mask = ring.length - 1;
    for (let i = this.lo; i < this.hi; i++) ring[i & mask] = old[i & oldMask];
    this.ring = ring;
    this.mask = mask;
  }
}
