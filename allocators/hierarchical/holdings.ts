// What the frameworks hold on one agent, by framework id (AgentState.offeredOrAllocated,
// the allocator's `allocationsOn`): a Map's behaviour (insertion order; an id
// deleted and set again goes last) in one short array of (id, resources) pairs.
//
// An agent is held by a framework or two at a time, and every offer made and
// declined sets and then deletes an entry: a Map would shrink its table at each
// decline and grow it again at the next offer, allocating each time, and its
// table is one more object to fetch from memory. Here a delete shifts the pairs
// after it down and leaves the array's length alone, so nothing is allocated once
// the array has room for the most frameworks the agent has had at once.
//
// Iterators walk the live pairs: do not change a Holdings while iterating it.
import type { Resources } from "../resources/resources.ts";

export class Holdings implements ReadonlyMap<string, Resources> {
  /** Pairs (id, resources) at 2i, 2i + 1 for i < size; undefined past them. */
  private readonly pairs: Array<string | Resources | undefined> = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  private indexOf(id: string): number {
    const p = this.pairs;
    for (let i = 0; i < 2 * this.n; i += 2) if (p[i] === id) return i;
    return -1;
  }

  get(id: string): Resources | undefined {
    const i = this.indexOf(id);
    return i < 0 ? undefined : (this.pairs[i + 1] as Resources);
  }

  has(id: string): boolean {
    return this.indexOf(id) >= 0;
  }

  set(id: string, resources: Resources): this {
    const i = this.indexOf(id);
    if (i >= 0) this.pairs[i + 1] = resources;
    else {
      const at = 2 * this.n++;
      this.pairs[at] = id;
      this.pairs[at + 1] = resources;
    }
    return this;
  }

  delete(id: string): boolean {
    const i = this.indexOf(id);
    if (i < 0) return false;
    const p = this.pairs;
    const end = 2 * --this.n;
    for (let k = i; k < end; k++) p[k] = p[k + 2];
    p[end] = undefined;
    p[end + 1] = undefined;
    return true;
  }

  forEach(callback: (value: Resources, key: string, map: ReadonlyMap<string, Resources>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.n; i++) callback.call(thisArg, this.pairs[2 * i + 1] as Resources, this.pairs[2 * i] as string, this);
  }

  *entries(): MapIterator<[string, Resources]> {
    for (let i = 0; i < this.n; i++) yield [this.pairs[2 * i] as string, this.pairs[2 * i + 1] as Resources];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.n; i++) yield this.pairs[2 * i] as string;
  }

  *values(): MapIterator<Resources> {
    for (let i = 0; i < this.n; i++) yield this.pairs[2 * i + 1] as Resources;
  }

  [Symbol.iterator](): MapIterator<[string, Resources]> {
    return this.entries();
  }
}
