// The experiment file's duration values as zod schemas (docs/experiment-format.md,
// "Durations and times"): seconds as a number, or `"<number><unit>"`, from 0 to
// 2^53 µs. Shared by every section of the file that takes a duration.
import { z } from "zod";
import { durationMicros } from "./duration.ts";

/** Longest duration accepted: 2^53 µs (≈ 285 years), the kernel's exact-integer limit. */
const MAX_MICROS = Number.MAX_SAFE_INTEGER;

/** A duration: seconds as a number, or `"<number><unit>"` with us, ms, s, m, h, d. */
const DURATION = `expected a duration (seconds, or a number with us, ms, s, m, h or d: "90s", "1.5h")`;
export const duration = z.union([z.number(), z.string()], { error: DURATION }).superRefine((v, ctx) => {
  const us = durationMicros(v);
  if (us === null) ctx.addIssue({ code: "custom", message: DURATION });
  else if (us < 0 || us > MAX_MICROS) ctx.addIssue({ code: "custom", message: `expected a duration from 0 to 2^53 µs (about 285 years)` });
});
export type Duration = z.infer<typeof duration>;

/** A duration that must be at least 1 µs (an interval of 0 would never let time move). */
export const positiveDuration = duration.refine((v) => (durationMicros(v) ?? 0) >= 1, { message: "expected a duration of at least 1 µs" });

/** A validated duration in integer µs. */
export const us = (d: Duration): number => durationMicros(d) as number;
