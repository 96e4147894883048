// Report amounts (cpus, mem, disk, gpus in Mesos units; REPORTED_RESOURCES order)
// of a resource collection or a quantity vector.
import { fromMilli, type Quantities } from "../../allocators/resources/quantities.ts";
import { nameId } from "../../allocators/resources/resource-names.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { REPORTED_RESOURCES } from "../records/run-records.ts";

const IDS = REPORTED_RESOURCES.map((n) => nameId(n));

export function amountsOfQuantities(q: Quantities): Float64Array {
  const out = new Float64Array(IDS.length);
  for (let i = 0; i < IDS.length; i++) out[i] = fromMilli(q.get(IDS[i] as number));
  return out;
}

/** Scalar amounts of `r` (shared resources counted once, as quantities count them). */
export function amountsOf(r: Resources): Float64Array {
  return amountsOfQuantities(r.scalarQuantities());
}
