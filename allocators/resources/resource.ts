// One Mesos `Resource`: a name, a value (scalar, ranges or set) and metadata.
//
// Resources are immutable. Everything Mesos compares to decide whether two
// resources are "the same kind" (name, type, allocation role, reservation stack,
// disk identity, revocable, shared, provider) is folded once, at construction, into
// `key`, so that the merge rules below are a string comparison instead of a deep
// walk. A disk's `volume` is not part of its identity (Mesos ignores it in
// `DiskInfo ==`), so it is carried but not keyed.
import { nameId } from "./resource-names.ts";
import { formatRanges, rangesContain, rangesDifference, rangesEqual, rangesUnion, rangesWidth } from "./ranges.ts";
import type { RangeList } from "./ranges.ts";
import { formatScalar } from "./quantities.ts";

export type ValueType = "SCALAR" | "RANGES" | "SET";
export const VALUE_TYPES: readonly ValueType[] = ["SCALAR", "RANGES", "SET"];

export interface Label {
  readonly key: string;
  readonly value?: string;
}

export type ReservationType = "STATIC" | "DYNAMIC";

export interface Reservation {
  readonly type: ReservationType;
  readonly role: string;
  readonly principal?: string;
  readonly labels?: readonly Label[];
}

export type DiskSourceType = "PATH" | "MOUNT" | "BLOCK" | "RAW";
export const DISK_SOURCE_TYPES: readonly DiskSourceType[] = ["PATH", "MOUNT", "BLOCK", "RAW"];

export interface DiskSource {
  readonly type: DiskSourceType;
  /** `path.root` or `mount.root`. */
  readonly root?: string;
  readonly id?: string;
  readonly vendor?: string;
  readonly profile?: string;
}

export interface Volume {
  readonly containerPath: string;
  readonly mode: "RW" | "RO";
  readonly hostPath?: string;
}

export interface DiskInfo {
  readonly persistence?: { readonly id: string; readonly principal?: string };
  readonly volume?: Volume;
  readonly source?: DiskSource;
}

/** The metadata of a resource, everything but its name and value. */
export interface ResourceMeta {
  readonly reservations?: readonly Reservation[];
  readonly allocationRole?: string | undefined;
  readonly disk?: DiskInfo | undefined;
  readonly revocable?: boolean;
  readonly shared?: boolean;
  readonly providerId?: string | undefined;
}

const NO_RESERVATIONS: readonly Reservation[] = Object.freeze([]);

export class Resource {
  readonly nameId: number;
  /** Scalar value in milli-units (Mesos fixed point); 0 for ranges and sets. */
  readonly scalar: number;
  /** Coalesced ranges, for RANGES. */
  readonly ranges: RangeList;
  /** Sorted distinct items, for SET. */
  readonly set: readonly string[];
  readonly reservations: readonly Reservation[];
  readonly allocationRole: string | undefined;
  readonly disk: DiskInfo | undefined;
  readonly revocable: boolean;
  readonly shared: boolean;
  readonly providerId: string | undefined;
  /** Copies of a shared resource held here (Mesos's `sharedCount`); 1 otherwise. */
  readonly sharedCount: number;
  /** Identity of everything but the value (and the shared count). */
  readonly key: string;
  /** `key` without the allocation role, so that tagging an offer need not rebuild it. */
  readonly baseKey: string;

  constructor(
    readonly name: string,
    readonly type: ValueType,
    value: { scalar?: number; ranges?: RangeList; set?: readonly string[] },
    meta: ResourceMeta = {},
    sharedCount = 1,
  ) {
    this.nameId = nameId(name);
    this.scalar = value.scalar ?? 0;
    this.ranges = value.ranges ?? [];
    this.set = value.set ?? [];
    this.reservations = meta.reservations && meta.reservations.length > 0 ? meta.reservations : NO_RESERVATIONS;
    this.allocationRole = meta.allocationRole;
    this.disk = meta.disk;
    this.revocable = meta.revocable ?? false;
    this.shared = meta.shared ?? false;
    this.providerId = meta.providerId;
    this.sharedCount = sharedCount;
    this.baseKey = identityKey(name, type, this);
    this.key = fullKey(this.allocationRole, this.baseKey);
  }

  /**
   * A copy differing only in value, shared count or allocation role. Skips the
   * constructor's key building: the allocation loop tags and splits resources on
   * every offer, and rebuilding identity strings dominated that cost.
   */
  private derive(value: { scalar: number; ranges: RangeList; set: readonly string[] }, sharedCount: number, allocationRole: string | undefined): Resource {
    const r = Object.create(Resource.prototype) as { -readonly [K in keyof Resource]: Resource[K] };
    r.name = this.name;
    r.type = this.type;
    r.nameId = this.nameId;
    r.scalar = value.scalar;
    r.ranges = value.ranges;
    r.set = value.set;
    r.reservations = this.reservations;
    r.allocationRole = allocationRole;
    r.disk = this.disk;
    r.revocable = this.revocable;
    r.shared = this.shared;
    r.providerId = this.providerId;
    r.sharedCount = sharedCount;
    r.baseKey = this.baseKey;
    r.key = allocationRole === this.allocationRole ? this.key : fullKey(allocationRole, this.baseKey);
    return r as Resource;
  }

  /** A copy tagged as allocated to `role` (untagged for undefined). */
  withAllocationRole(role: string | undefined): Resource {
    return role === this.allocationRole ? this : this.derive(this, this.sharedCount, role);
  }

  get meta(): ResourceMeta {
    return {
      reservations: this.reservations,
      allocationRole: this.allocationRole,
      disk: this.disk,
      revocable: this.revocable,
      shared: this.shared,
      providerId: this.providerId,
    };
  }

  /** A copy with another value (same metadata). */
  withValue(value: { scalar?: number; ranges?: RangeList; set?: readonly string[] }): Resource {
    return this.derive({ scalar: value.scalar ?? 0, ranges: value.ranges ?? [], set: value.set ?? [] }, this.sharedCount, this.allocationRole);
  }

  withMeta(meta: ResourceMeta): Resource {
    return new Resource(this.name, this.type, this.value, { ...this.meta, ...meta }, this.sharedCount);
  }

  withSharedCount(count: number): Resource {
    return this.derive(this, count, this.allocationRole);
  }

  get value(): { scalar?: number; ranges?: RangeList; set?: readonly string[] } {
    switch (this.type) {
      case "SCALAR":
        return { scalar: this.scalar };
      case "RANGES":
        return { ranges: this.ranges };
      case "SET":
        return { set: this.set };
    }
  }

  /** Zero scalar, no ranges, no items, or no shared copies left. */
  isEmpty(): boolean {
    if (this.shared && this.sharedCount <= 0) return true;
    switch (this.type) {
      case "SCALAR":
        return this.scalar === 0;
      case "RANGES":
        return this.ranges.length === 0;
      case "SET":
        return this.set.length === 0;
    }
  }

  /** Quantity in milli-units: scalar value, ranges width or set size (×1000). */
  quantity(): number {
    switch (this.type) {
      case "SCALAR":
        return this.scalar;
      case "RANGES":
        return rangesWidth(this.ranges) * 1000;
      case "SET":
        return this.set.length * 1000;
    }
  }

  isReserved(role?: string): boolean {
    const n = this.reservations.length;
    if (n === 0) return false;
    return role === undefined || (this.reservations[n - 1] as Reservation).role === role;
  }

  isUnreserved(): boolean {
    return this.reservations.length === 0;
  }

  /** The role of the top of the reservation stack; `*` if unreserved. */
  reservationRole(): string {
    const n = this.reservations.length;
    return n === 0 ? "*" : (this.reservations[n - 1] as Reservation).role;
  }

  isDynamicallyReserved(): boolean {
    const n = this.reservations.length;
    return n > 0 && (this.reservations[n - 1] as Reservation).type === "DYNAMIC";
  }

  hasRefinedReservations(): boolean {
    return this.reservations.length > 1;
  }

  isPersistentVolume(): boolean {
    return this.disk?.persistence !== undefined;
  }

  /** A disk that can never be split: MOUNT or BLOCK, or RAW with an id. */
  isExclusiveDisk(): boolean {
    const s = this.disk?.source;
    return s !== undefined && (s.type === "MOUNT" || s.type === "BLOCK" || (s.type === "RAW" && s.id !== undefined));
  }

  /** Same metadata and value (and shared count is not compared: Mesos's `Resource ==`). */
  equals(other: Resource): boolean {
    return this.key === other.key && valueEquals(this, other);
  }

  toString(): string {
    return formatResource(this);
  }
}

export function valueEquals(a: Resource, b: Resource): boolean {
  switch (a.type) {
    case "SCALAR":
      return a.scalar === b.scalar;
    case "RANGES":
      return rangesEqual(a.ranges, b.ranges);
    case "SET":
      return a.set.length === b.set.length && a.set.every((x, i) => x === b.set[i]);
  }
}

/** Mesos's `addable`: can `a + b` be one resource? */
export function addable(a: Resource, b: Resource): boolean {
  if (a.key !== b.key) return false;
  if (a.shared) return valueEquals(a, b); // shared copies merge by count only when equal
  // Exclusive disks and persistent volumes are units of their own.
  return !a.isExclusiveDisk() && !a.isPersistentVolume();
}

/** Mesos's `subtractable`: can `b` be taken out of `a`, leaving one resource? */
export function subtractable(a: Resource, b: Resource): boolean {
  if (a.key !== b.key) return false;
  if (a.shared || a.isExclusiveDisk() || a.isPersistentVolume()) return valueEquals(a, b);
  return true;
}

/** Mesos's `contains(Resource, Resource)` for non-shared resources. */
export function resourceContains(a: Resource, b: Resource): boolean {
  if (a.shared !== b.shared) return false;
  if (a.shared) return a.sharedCount >= b.sharedCount && a.equals(b);
  if (!subtractable(a, b)) return false;
  switch (a.type) {
    case "SCALAR":
      return b.scalar <= a.scalar;
    case "RANGES":
      return rangesContain(a.ranges, b.ranges);
    case "SET": {
      const s = new Set(a.set);
      return b.set.every((x) => s.has(x));
    }
  }
}

/** `a + b` for addable resources (same key). */
export function sum(a: Resource, b: Resource): Resource {
  if (a.shared) return a.withSharedCount(a.sharedCount + b.sharedCount);
  switch (a.type) {
    case "SCALAR":
      return a.withValue({ scalar: a.scalar + b.scalar });
    case "RANGES":
      return a.withValue({ ranges: rangesUnion(a.ranges, b.ranges) });
    case "SET":
      return a.withValue({ set: [...new Set([...a.set, ...b.set])].sort() });
  }
}

/** `a - b` for subtractable resources; may be empty or (scalars) negative. */
export function difference(a: Resource, b: Resource): Resource {
  if (a.shared) return a.withSharedCount(a.sharedCount - b.sharedCount);
  switch (a.type) {
    case "SCALAR":
      return a.withValue({ scalar: a.scalar - b.scalar });
    case "RANGES":
      return a.withValue({ ranges: rangesDifference(a.ranges, b.ranges) });
    case "SET": {
      const drop = new Set(b.set);
      return a.withValue({ set: a.set.filter((x) => !drop.has(x)) });
    }
  }
}

// Mesos's `Labels ==` ignores the order of labels, and `Label ==` compares
// `value()`, which reads an absent value as "" (proto2 default). `ReservationInfo ==`
// still tells an empty `labels` from none (`has_labels`), hence the braces.
// (Mesos's `Labels ==` only checks that each left label occurs on the right, so
// with duplicated labels it is not even symmetric; a sorted key gives multiset
// equality, which agrees with it whenever labels are distinct.)
function labelsKey(labels: readonly Label[] | undefined): string {
  if (labels === undefined) return "";
  return `{${labels
    .map((l) => JSON.stringify([l.key, l.value ?? ""]))
    .sort()
    .join(",")}}`;
}

function fullKey(allocationRole: string | undefined, baseKey: string): string {
  return allocationRole === undefined ? baseKey : `${allocationRole}\u0000${baseKey}`;
}

/** Identity of everything but the value, the shared count and the allocation role. */
function identityKey(name: string, type: ValueType, r: Resource): string {
  let k = `${name}|${type}|`;
  for (const res of r.reservations) {
    k += `(${res.type},${res.role},${res.principal === undefined ? "" : JSON.stringify(res.principal)},${labelsKey(res.labels)})`;
  }
  const d = r.disk;
  if (d !== undefined) {
    const s = d.source;
    k += "|disk:";
    if (s !== undefined) k += `${s.type}:${JSON.stringify([s.root ?? null, s.id ?? null, s.vendor ?? null, s.profile ?? null])}`;
    if (d.persistence !== undefined) k += `#${JSON.stringify(d.persistence.id)}`;
  }
  if (r.revocable) k += "|rev";
  if (r.shared) k += "|shared";
  if (r.providerId !== undefined) k += `|rp:${r.providerId}`;
  return k;
}

/** Human-readable form in Mesos's `operator<<` style, e.g. `disk(reservations: [(DYNAMIC,a,ops)])[MOUNT:/m,id1:data]:5`. */
export function formatResource(r: Resource): string {
  let s = r.name;
  if (r.allocationRole !== undefined) s += `(allocated: ${r.allocationRole})`;
  if (r.reservations.length > 0) {
    s += `(reservations: [${r.reservations
      .map((x) => {
        let t = `(${x.type},${x.role}`;
        if (x.principal !== undefined) t += `,${x.principal}`;
        if (x.labels !== undefined) t += `,{${x.labels.map((l) => (l.value === undefined ? l.key : `${l.key}: ${l.value}`)).join(", ")}}`;
        return `${t})`;
      })
      .join(",")}])`;
  }
  if (r.disk !== undefined) {
    const d = r.disk;
    let t = "";
    if (d.source !== undefined) t += d.source.type + (d.source.root !== undefined ? `:${d.source.root}` : "");
    if (d.persistence !== undefined) t += (d.source !== undefined ? "," : "") + d.persistence.id;
    if (d.volume !== undefined) t += `:${d.volume.containerPath}`;
    s += `[${t}]`;
  }
  if (r.revocable) s += "{REV}";
  if (r.shared) s += "<SHARED>";
  s += ":";
  switch (r.type) {
    case "SCALAR":
      s += formatScalar(r.scalar / 1000);
      break;
    case "RANGES":
      s += formatRanges(r.ranges);
      break;
    case "SET":
      s += `{${r.set.join(",")}}`;
      break;
  }
  if (r.shared) s += `<${r.sharedCount}>`;
  return s;
}
