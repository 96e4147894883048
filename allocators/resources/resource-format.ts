// Printing resources: the text syntax where it can say everything, else the v1
// JSON form. What is printed parses back (resource-parse.ts) to equal resources.
import type { Reservation, Resource } from "./resource.ts";
import type { Resources } from "./resources.ts";
import { formatRanges } from "./ranges.ts";
import { formatScalar } from "./quantities.ts";

type Obj = Record<string, unknown>;

/** Can `r` be written in the text syntax without loss? */
function textExpressible(r: Resource): boolean {
  return (
    r.allocationRole === undefined &&
    r.disk === undefined &&
    !r.revocable &&
    !r.shared &&
    r.providerId === undefined &&
    (r.reservations.length === 0 ||
      (r.reservations.length === 1 && (r.reservations[0] as Reservation).type === "STATIC"))
  );
}

function valueText(r: Resource): string {
  switch (r.type) {
    case "SCALAR":
      return formatScalar(r.scalar / 1000);
    case "RANGES":
      return formatRanges(r.ranges);
    case "SET":
      return `{${r.set.join(",")}}`;
  }
}

/**
 * The canonical printed form: the text syntax when every resource can be said in
 * it, else the JSON form. Either parses back to equal resources.
 */
export function formatResources(resources: Resources): string {
  if (resources.items.every(textExpressible)) {
    return resources.items
      .map((r) => `${r.name}${r.reservations.length === 1 ? `(${(r.reservations[0] as Reservation).role})` : ""}:${valueText(r)}`)
      .join(";");
  }
  return JSON.stringify(resourcesToJson(resources));
}

/** v1 `Resource` objects. Shared resources are repeated once per copy. */
export function resourcesToJson(resources: Resources): Obj[] {
  const out: Obj[] = [];
  for (const r of resources) {
    const o = resourceToJson(r);
    for (let i = 0; i < (r.shared ? r.sharedCount : 1); i++) out.push(o);
  }
  return out;
}

export function resourceToJson(r: Resource): Obj {
  const o: Obj = { name: r.name, type: r.type };
  if (r.type === "SCALAR") o.scalar = { value: r.scalar / 1000 };
  if (r.type === "RANGES") {
    const range: Obj[] = [];
    for (let i = 0; i < r.ranges.length; i += 2) range.push({ begin: r.ranges[i], end: r.ranges[i + 1] });
    o.ranges = { range };
  }
  if (r.type === "SET") o.set = { item: [...r.set] };
  if (r.reservations.length > 0) {
    o.reservations = r.reservations.map((x) => {
      const ro: Obj = { type: x.type, role: x.role };
      if (x.principal !== undefined) ro.principal = x.principal;
      if (x.labels !== undefined) ro.labels = { labels: x.labels.map((l) => ({ ...l })) };
      return ro;
    });
  }
  if (r.disk !== undefined) {
    const d: Obj = {};
    if (r.disk.persistence !== undefined) d.persistence = { ...r.disk.persistence };
    if (r.disk.volume !== undefined) {
      const v: Obj = { container_path: r.disk.volume.containerPath, mode: r.disk.volume.mode };
      if (r.disk.volume.hostPath !== undefined) v.host_path = r.disk.volume.hostPath;
      d.volume = v;
    }
    if (r.disk.source !== undefined) {
      const s = r.disk.source;
      const so: Obj = { type: s.type };
      if (s.root !== undefined) so[s.type === "PATH" ? "path" : "mount"] = { root: s.root };
      if (s.id !== undefined) so.id = s.id;
      if (s.vendor !== undefined) so.vendor = s.vendor;
      if (s.profile !== undefined) so.profile = s.profile;
      d.source = so;
    }
    o.disk = d;
  }
  if (r.revocable) o.revocable = {};
  if (r.shared) o.shared = {};
  if (r.allocationRole !== undefined) o.allocation_info = { role: r.allocationRole };
  if (r.providerId !== undefined) o.provider_id = { value: r.providerId };
  return o;
}
