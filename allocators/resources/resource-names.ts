// Interned resource names: the index space of every quantity vector.
//
// The allocation loop and the sorters do their arithmetic on `Quantities`
// (Float64Array indexed by name id) instead of on full `Resources`, so that adding,
// subtracting and comparing is a tight loop over a handful of numbers. Ids are
// process-wide: a name means the same resource in every allocator, and a vector
// built by one component can be read by another without translation.
//
// Ids are handed out in first-seen order, which can differ between runs that see
// names in another order; nothing observable may depend on id order (formatting
// sorts by name).

const ids = new Map<string, number>();
const names: string[] = [];

/** The id of `name`, interning it if new. */
export function nameId(name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    ids.set(name, id);
  }
  return id;
}

/** The id of `name` if it was ever interned, else -1 (never interns). */
export function knownNameId(name: string): number {
  return ids.get(name) ?? -1;
}

/** The name of id `id`. */
export function nameOf(id: number): string {
  const n = names[id];
  if (n === undefined) throw new RangeError(`unknown resource name id ${id}`);
  return n;
}

/** How many names are interned; a vector of this length can hold any quantity. */
export function nameCount(): number {
  return names.length;
}

// The common names are interned first so that their ids are small and stable.
export const CPUS = nameId("cpus");
export const MEM = nameId("mem");
export const DISK = nameId("disk");
export const GPUS = nameId("gpus");
export const PORTS = nameId("ports");
