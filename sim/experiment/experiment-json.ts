// The normalised experiment as plain JSON (experiment.json in the run directory):
// maps become objects with sorted keys, so the bytes never depend on how the object
// was built.
import type { Experiment } from "./experiment.ts";

function plain(v: unknown): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const k of [...v.keys()].map(String).sort()) o[k] = plain(v.get(k));
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

export function experimentJson(ex: Experiment): Record<string, unknown> {
  return plain(ex) as Record<string, unknown>;
}
