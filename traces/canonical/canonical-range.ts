// The value ranges of the `mesosim-trace/1` format (docs/trace-format.md, "Ranges"),
// as one check that every side applies: the canonical reader to what it reads,
// `readTrace` to every record a source reader emits (and the lifecycle readers to
// each row's values, so that the row at fault is the one named), synth to what it
// generates, `--reference-machine` to its amounts. A value out of range is bad
// input, never written: before this, `convert` wrote `"cpus":Infinity` (a Google
// 2011 request of 1e308 scaled by the reference machine) and `"time":1e+26` (an
// SWF submit time of 1e20 s), and `info` then rejected its own output.
//
// - Times (`time`, `start`, `end`, `duration`, `sourceTimeOriginUs`): integer µs
//   from 0 to MAX_TIME_US = 2^53 − 1 (≈ 285 years), the largest integer a JSON
//   number read into a double holds exactly, and the simulator's clock range.
// - Amounts (requests, capacities, usage, the reference machine): finite, from 0
//   to MAX_AMOUNT = 10^12, the resource model's scalar range (MAX_SCALAR in
//   allocators/resources/quantities.ts), since the simulator turns them into
//   Mesos resources.
// - Counts (`instances`): integers from 0 to 2^53 − 1; priorities finite and ≥ 0.
import { MAX_SCALAR } from "../../allocators/resources/quantities.ts";
import { BadField } from "../input/bad-field.ts";
import type { Request, TraceRecord } from "./trace-record.ts";

export const MAX_TIME_US = Number.MAX_SAFE_INTEGER;
export const MAX_AMOUNT = MAX_SCALAR;

/** A field out of range: its name in the record (`request.cpus`) and why. */
export interface OutOfRange {
  readonly field: string;
  readonly why: string;
}

/** Why `us` is not a canonical time, or undefined. */
export function timeRangeError(us: number): string | undefined {
  if (Number.isSafeInteger(us) && us >= 0) return undefined;
  if (Number.isInteger(us) && us > MAX_TIME_US) return `${us} µs is past ${MAX_TIME_US} µs (2^53 − 1, about 285 years), the latest canonical time`;
  return `${us} is not an integer number of µs from 0 to ${MAX_TIME_US}`;
}

/** Why `x` is not a canonical amount, or undefined. */
export function amountRangeError(x: number): string | undefined {
  if (x >= 0 && x <= MAX_AMOUNT) return undefined; // false for NaN
  if (!Number.isFinite(x)) return `${x} is not a finite number`;
  if (x < 0) return `${x} is negative`;
  return `${x} is more than ${MAX_AMOUNT} (10^12), the largest amount a resource can hold`;
}

/**
 * `x` (an amount scaled to canonical units) if it is in range, else a BadField for
 * the source field it came from: for readers that hold a row's values until a
 * later row completes the record, so that the row at fault is the one named.
 */
export function scaledAmount(x: number, field: number | null, name: string): number {
  if (x >= 0 && x <= MAX_AMOUNT) return x;
  throw new BadField(field, name, `scaled to canonical units: ${amountRangeError(x)}`);
}

function time(field: string, v: number | null): OutOfRange | undefined {
  if (v === null) return undefined;
  const why = timeRangeError(v);
  return why === undefined ? undefined : { field, why };
}

function amount(field: string, v: number | null): OutOfRange | undefined {
  if (v === null) return undefined;
  const why = amountRangeError(v);
  return why === undefined ? undefined : { field, why };
}

function priority(v: number | null): OutOfRange | undefined {
  if (v === null || (Number.isFinite(v) && v >= 0)) return undefined;
  return { field: "priority", why: `${v} is not a finite number ≥ 0` };
}

/** The first out-of-range amount of `r` (keys prefixed with `field.`), if any. */
export function requestRangeError(field: string, r: Request): OutOfRange | undefined {
  return amount(`${field}.cpus`, r.cpus) ?? amount(`${field}.mem`, r.mem) ?? amount(`${field}.disk`, r.disk) ?? amount(`${field}.gpus`, r.gpus);
}

/** The first field of `r` outside the format's ranges, or undefined when it has none. */
export function recordRangeError(r: TraceRecord): OutOfRange | undefined {
  const t = time("time", r.time);
  if (t !== undefined) return t;
  switch (r.type) {
    case "task":
      if (!Number.isSafeInteger(r.instances) || r.instances < 0) return { field: "instances", why: `${r.instances} is not an integer from 0 to ${MAX_TIME_US}` };
      return (
        time("start", r.start) ?? time("end", r.end) ?? time("duration", r.duration) ?? requestRangeError("request", r.request) ?? priority(r.priority)
      );
    case "job":
      return time("start", r.start) ?? time("end", r.end) ?? priority(r.priority);
    case "machine":
      return r.capacity === null ? undefined : requestRangeError("capacity", r.capacity);
    case "usage":
      return time("end", r.end) ?? amount("cpus", r.cpus) ?? amount("mem", r.mem);
  }
}
