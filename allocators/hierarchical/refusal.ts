// How long a refusal lasts (Mesos's `Filters.refuse_seconds` handling in
// `recoverResources` and `updateInverseOffer`).
import type { Micros } from "../allocator.ts";

/** `Filters.refuse_seconds`'s protobuf default: a decline without filters still refuses for 5 s. */
export const DEFAULT_REFUSE_SECONDS = 5;
const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/**
 * Seconds to µs by Mesos's rules: over 365 days → 365 days; negative or not a
 * number → 5 s; 0 → no filter. Mesos makes a Duration of whole nanoseconds
 * (`Duration::create` truncates) and skips the filter only when that is zero, so a
 * refusal under half a µs but of at least 1 ns is 1 µs here, not none (the offer
 * filter then lasts an allocation interval: MESOS-4302).
 */
export function refusalMicros(seconds: number): Micros {
  let s = seconds;
  if (!Number.isFinite(s) || s < 0) s = DEFAULT_REFUSE_SECONDS;
  if (s > MAX_REFUSE_SECONDS) s = MAX_REFUSE_SECONDS;
  if (Math.trunc(s * 1e9) === 0) return 0;
  return Math.max(1, Math.round(s * 1_000_000));
}
