// An agent as the simulated master knows it: its total, attributes, the tasks on it
// and the offers outstanding on it (Mesos's `Slave` in master.hpp, reduced to what
// the allocator and the frameworks see).
import type { Resources } from "../../allocators/resources/resources.ts";
import type { SimOffer } from "./sim-offer.ts";
import type { SimTask } from "./sim-task.ts";

export class SimAgent {
  /** Attributes by name (`rack` → `r1`): what task constraints read. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly tasks = new Set<SimTask>();
  readonly offers = new Set<SimOffer>();

  constructor(
    readonly id: string,
    public total: Resources,
    /** `name:value;…`, as the allocator and the records take attributes. */
    public attributesText: string,
  ) {
    this.attributes = parseAttributes(attributesText);
  }
}

/** `rack:r1;zone:a` → {rack: r1, zone: a}; a name without a value maps to "". */
export function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === "") return out;
  for (const part of text.split(";")) {
    if (part === "") continue;
    const colon = part.indexOf(":");
    if (colon < 0) out.set(part, "");
    else out.set(part.slice(0, colon), part.slice(colon + 1));
  }
  return out;
}

/** The inverse of parseAttributes, in the map's order. */
export function formatAttributes(attributes: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [k, v] of attributes) parts.push(`${k}:${v}`);
  return parts.join(";");
}
