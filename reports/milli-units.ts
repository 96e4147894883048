// Resource amounts as whole thousandths. Mesos keeps every scalar in fixed point to
// three decimals (`src/common/values.cpp`, `convertToFixed`), so 0.1 + 0.2 − 0.3
// is exactly 0 there; summing the same amounts as doubles would leave residues such
// as 5.551115123125783e-17 cpus allocated on an idle cluster. Sums of whole numbers
// stay exact up to 2^53 thousandths.
import { toMilli } from "../allocators/resources/quantities.ts";
import type { Amounts } from "../sim/records/run-records.ts";

/** `into[j] += sign × amounts[j]` in thousandths, for every reported resource. */
export function addMilli(into: Float64Array, amounts: Amounts, sign: 1 | -1): void {
  for (let j = 0; j < into.length; j++) into[j] = (into[j] as number) + sign * toMilli(amounts[j] ?? 0);
}
