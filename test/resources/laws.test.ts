// Laws of the resource algebra, checked on random resources (fast-check).
// Runs are few and fixed-seeded to keep the suite fast and reproducible.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { Resource } from "../../allocators/resources/resource.ts";
import type { Reservation, ResourceMeta } from "../../allocators/resources/resource.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { coalesce } from "../../allocators/resources/ranges.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { formatResources, resourcesToJson } from "../../allocators/resources/resource-format.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { nameId } from "../../allocators/resources/resource-names.ts";
import { shrinkToLimits, shrinkToQuantities } from "../../allocators/resources/shrink.ts";
import { RandomSource } from "../../common/random-source.ts";

const params = { numRuns: 150, seed: 20240823 };

const roles = fc.constantFrom("a", "b", "a/x");
const milli = fc.integer({ min: 1, max: 20000 });

const staticReservation = roles.map((role): Reservation[] => [{ type: "STATIC", role }]);
const dynamicReservation = fc
  .tuple(roles, fc.option(fc.constantFrom("p1", "p2"), { nil: undefined }), fc.option(fc.constantFrom("x", "y"), { nil: undefined }))
  .map(([role, principal, label]): Reservation[] => {
    const r: { type: "DYNAMIC"; role: string; principal?: string; labels?: Array<{ key: string; value: string }> } = { type: "DYNAMIC", role };
    if (principal !== undefined) r.principal = principal;
    if (label !== undefined) r.labels = [{ key: "k", value: label }];
    return [r];
  });
const refined = fc.constant<Reservation[]>([{ type: "DYNAMIC", role: "a" }, { type: "DYNAMIC", role: "a/x" }]);
const reservations = fc.oneof(fc.constant<Reservation[]>([]), staticReservation, dynamicReservation, refined);

/** Metadata that keeps a resource mergeable: no volumes, exclusive disks or sharing. */
const mergeableMeta = fc.record({
  reservations,
  revocable: fc.boolean(),
  allocationRole: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
});

const scalarResource = fc
  .tuple(fc.constantFrom("cpus", "mem", "disk", "gpus"), milli, mergeableMeta)
  .map(([name, m, meta]) => new Resource(name, "SCALAR", { scalar: m }, meta as ResourceMeta));

const rangesResource = fc
  .tuple(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 })), { minLength: 1, maxLength: 4 }), mergeableMeta)
  .map(([pairs, meta]) => new Resource("ports", "RANGES", { ranges: coalesce(pairs.map(([b, w]) => [b, b + w] as const)) }, meta as ResourceMeta));

const setResource = fc
  .tuple(fc.uniqueArray(fc.constantFrom("z1", "z2", "z3", "z4", "z5"), { minLength: 1, maxLength: 4 }), mergeableMeta)
  .map(([items, meta]) => new Resource("zones", "SET", { set: [...items].sort() }, meta as ResourceMeta));

/** Volumes and MOUNT disks: units that never merge. */
const unitDisk = fc
  .tuple(milli, fc.constantFrom("v1", "v2"), fc.boolean())
  .map(([m, id, mount]) =>
    new Resource("disk", "SCALAR", { scalar: m }, mount ? { disk: { source: { type: "MOUNT", root: `/${id}` } } } : { reservations: [{ type: "STATIC", role: "a" }], disk: { persistence: { id } } }),
  );

const anyResource = fc.oneof({ weight: 4, arbitrary: scalarResource }, rangesResource, setResource, unitDisk);
const resources = fc.array(anyResource, { maxLength: 6 }).map((rs) => Resources.of(rs));
/** Scalars only (`(a + b) - b == a` needs subtraction to be exact, which ranges and sets also are, but a volume is a unit). */
const scalarsOnly = fc.array(scalarResource, { maxLength: 6 }).map((rs) => Resources.of(rs));
const mergeables = fc.array(fc.oneof(scalarResource, rangesResource, setResource), { maxLength: 6 }).map((rs) => Resources.of(rs));

const show = (r: Resources) => r.toString();

test("law: (a + b) - b == a for non-shared scalars", () => {
  fc.assert(
    fc.property(scalarsOnly, scalarsOnly, (a, b) => {
      assert.ok(a.plus(b).minus(b).equals(a), `${show(a)} | ${show(b)}`);
    }),
    params,
  );
});

test("law: (a + b) - b == a when a and b have no set items or ports in common", () => {
  // For ranges and sets, `a + b` is a union: subtracting b also removes what a shared with it.
  fc.assert(
    fc.property(mergeables, mergeables, (a, b) => {
      fc.pre(b.get("ports").isEmpty() && b.get("zones").isEmpty());
      assert.ok(a.plus(b).minus(b).equals(a), `${show(a)} | ${show(b)}`);
    }),
    params,
  );
});

test("law: a.contains(a - b)", () => {
  fc.assert(fc.property(resources, resources, (a, b) => assert.ok(a.contains(a.minus(b)), `${show(a)} | ${show(b)}`)), params);
});

test("law: a + b == b + a", () => {
  fc.assert(fc.property(resources, resources, (a, b) => assert.ok(a.plus(b).equals(b.plus(a)), `${show(a)} | ${show(b)}`)), params);
});

test("law: a.contains(b) implies (a - b) + b == a", () => {
  fc.assert(
    fc.property(resources, resources, fc.integer({ min: 0, max: 5 }), (a, extra, k) => {
      // Build b inside a: a subset of a's items, so the implication is exercised.
      const b = Resources.of(a.items.filter((_, i) => (i + k) % 2 === 0));
      assert.ok(a.contains(b));
      assert.ok(a.minus(b).plus(b).equals(a), `${show(a)} | ${show(b)}`);
      if (a.contains(extra)) assert.ok(a.minus(extra).plus(extra).equals(a), `${show(a)} | ${show(extra)}`);
    }),
    params,
  );
});

test("law: parse(format(r)) == r for text-expressible resources", () => {
  const text = fc
    .array(
      fc.oneof(
        fc.tuple(fc.constantFrom("cpus", "mem"), milli, fc.option(roles, { nil: undefined })).map(([n, m, role]) => `${n}${role ? `(${role})` : ""}:${m / 1000}`),
        fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10 })).map(([b, w]) => `ports:[${b}-${b + w}]`),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parseResources(parts.join(";")));
  fc.assert(
    fc.property(text, (r) => {
      const f = formatResources(r);
      assert.not.ok(f.startsWith("["), f);
      assert.ok(parseResources(f).equals(r), f);
    }),
    params,
  );
});

test("law: parse(format(r)) == r and parse(toJson(r)) == r for any resources", () => {
  fc.assert(
    fc.property(resources, (r) => {
      assert.ok(parseResources(formatResources(r)).equals(r), formatResources(r));
      assert.ok(parseResources(resourcesToJson(r)).equals(r), show(r));
    }),
    params,
  );
});

test("law: quantities of a sum are the sum of quantities (distinct set items and ports)", () => {
  fc.assert(
    fc.property(scalarsOnly, resources, (a, b) => {
      const q = a.quantities().add(b.quantities());
      assert.ok(a.plus(b).quantities().equals(q), `${show(a)} | ${show(b)}`);
      assert.ok(a.plus(b).scalarQuantities().equals(a.scalarQuantities().clone().add(b.scalarQuantities())));
    }),
    params,
  );
});

const quantityTarget = fc
  .array(fc.tuple(fc.constantFrom("cpus", "mem", "disk", "gpus"), fc.integer({ min: 0, max: 30000 })), { maxLength: 4 })
  .map((entries) => {
    const q = new Quantities();
    const l = new Limits();
    for (const [n, m] of entries) {
      q.set(nameId(n), m);
      l.set(nameId(n), m);
    }
    return { q, l };
  });

test("law: shrink never exceeds its target and is contained by its input", () => {
  const rng = new RandomSource(7).stream("laws/shrink");
  fc.assert(
    fc.property(fc.array(fc.oneof(scalarResource, unitDisk), { maxLength: 6 }), quantityTarget, (rs, { q, l }) => {
      const input = Resources.of(rs);
      const sq = shrinkToQuantities(input, q, rng);
      assert.ok(q.contains(sq.scalarQuantities()), `${show(sq)} > ${q.toString()}`);
      assert.ok(input.contains(sq), `${show(input)} ⊉ ${show(sq)}`);
      const sl = shrinkToLimits(input, l, rng);
      assert.ok(l.contains(sl.scalarQuantities()), `${show(sl)} > ${l.toString()}`);
      assert.ok(input.contains(sl), `${show(input)} ⊉ ${show(sl)}`);
    }),
    params,
  );
});

test.run();
