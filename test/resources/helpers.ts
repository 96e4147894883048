// Builders that mirror Mesos's test helpers (`src/tests/mesos.hpp`), so that the
// restated cases read like the originals: `createDiskResource`,
// `createReservedResource`, `createDynamicReservationInfo`, ...
import { Resource } from "../../allocators/resources/resource.ts";
import type { DiskSource, Label, Reservation, ResourceMeta } from "../../allocators/resources/resource.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { Limits, Quantities, toMilli } from "../../allocators/resources/quantities.ts";

/** `Resources::parse(text, defaultRole).get()`. */
export const R = (text: string, defaultRole = "*"): Resources => parseResources(text, defaultRole);

/** `Resources::parse(name, value, role).get()` as a one-item collection. */
export const P = (name: string, value: string, role = "*"): Resources =>
  parseResources(`${name}(${role}):${value}`.replace("(*)", ""));

export const Q = (text: string): Quantities => Quantities.parse(text);
export const L = (text: string): Limits => Limits.parse(text);

export const staticRes = (role: string): Reservation => ({ type: "STATIC", role });

export function dynamicRes(role: string, principal?: string, labels?: Label[]): Reservation {
  const r: { type: "DYNAMIC"; role: string; principal?: string; labels?: Label[] } = { type: "DYNAMIC", role };
  if (principal !== undefined) r.principal = principal;
  if (labels !== undefined) r.labels = labels;
  return r;
}

export function scalar(name: string, value: number, meta: ResourceMeta = {}): Resource {
  return new Resource(name, "SCALAR", { scalar: toMilli(value) }, meta);
}

/** `createReservedResource(name, value, reservation?)`: scalar values only. */
export function reservedResource(name: string, value: number, ...reservations: Reservation[]): Resources {
  return Resources.of([scalar(name, value, { reservations })]);
}

export const pathSource = (root: string): DiskSource => ({ type: "PATH", root });
export const mountSource = (root: string): DiskSource => ({ type: "MOUNT", root });

/**
 * `createDiskResource(value, role, persistenceId, containerPath, source, shared)`:
 * a disk statically reserved to `role` (unless `*`), optionally a persistent volume.
 */
export function diskResource(
  value: number,
  role: string,
  persistenceId?: string,
  containerPath?: string,
  source?: DiskSource,
  shared = false,
): Resource {
  const disk: { persistence?: { id: string }; volume?: { containerPath: string; mode: "RW" }; source?: DiskSource } = {};
  if (persistenceId !== undefined) disk.persistence = { id: persistenceId };
  if (containerPath !== undefined) disk.volume = { containerPath, mode: "RW" };
  if (source !== undefined) disk.source = source;
  const meta: { reservations: Reservation[]; disk?: typeof disk; shared?: boolean } = {
    reservations: role === "*" ? [] : [staticRes(role)],
  };
  if (persistenceId !== undefined || containerPath !== undefined || source !== undefined) meta.disk = disk;
  if (shared) meta.shared = true;
  return scalar("disk", value, meta);
}

export const D = (...args: Parameters<typeof diskResource>): Resources => Resources.of([diskResource(...args)]);

/** `createRevocableResource(name, value, role, revocable)`. */
export function revocableResource(name: string, value: number, role: string, revocable: boolean): Resources {
  return Resources.of([scalar(name, value, { reservations: role === "*" ? [] : [staticRes(role)], revocable })]);
}

/** Sum of a collection. */
export const sum = (...rs: Array<Resources | Resource>): Resources => rs.reduce<Resources>((a, b) => a.plus(b), Resources.EMPTY);

import * as assert from "uvu/assert";

/** `EXPECT_EQ(expected, actual)` for Resources (Mesos's `==`: mutual containment). */
export function eq(actual: Resources, expected: Resources, msg?: string): void {
  assert.ok(actual.equals(expected), `${msg ?? "expected equal"}: got ${actual.toString()}, expected ${expected.toString()}`);
}

export function ne(actual: Resources, expected: Resources, msg?: string): void {
  assert.ok(!actual.equals(expected), `${msg ?? "expected different"}: both ${actual.toString()}`);
}

/** `fn` throws an instance of `cls` whose message matches `re` (when given). Returns the message. */
export function throwsA(fn: () => unknown, cls: abstract new (...args: never[]) => Error, re?: RegExp, msg?: string): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, cls, msg);
    const m = (e as Error).message;
    if (re !== undefined) assert.match(m, re, msg);
    return m;
  }
  assert.unreachable(`${msg ?? "expected a throw"}`);
  return "";
}
