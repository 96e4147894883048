// Alibaba's status words (2017, 2018, GPU 2020, openb) mapped onto canonical
// statuses. An unknown word is a bad line, like an unknown event code.
import { BadField } from "../input/bad-field.ts";
import type { TaskStatus } from "../canonical/trace-record.ts";

const STATUS = new Map<string, TaskStatus>([
  ["Ready", "pending"],
  ["Waiting", "pending"],
  ["Pending", "pending"],
  ["Running", "running"],
  ["Terminated", "finished"],
  ["Succeeded", "finished"],
  ["Failed", "failed"],
  ["Cancelled", "cancelled"],
  ["Interrupted", "evicted"],
]);

export function alibabaStatus(fields: readonly string[], i: number, name: string): TaskStatus {
  const s = fields[i] ?? "";
  const status = STATUS.get(s);
  if (status === undefined) throw new BadField(i + 1, name, `unknown status "${s}"`);
  return status;
}

/**
 * Seconds since trace start to µs. Alibaba's 0 means "before the trace"; a few
 * v2017 rows have small negative times (traces.md §3), which are clamped to 0
 * rather than rejected, since they are genuine rows of the published trace.
 */
export function alibabaTime(seconds: number): number {
  return seconds <= 0 ? 0 : Math.round(seconds * 1e6);
}

/** End times of 0, or before the start, mean "no end" (alibaba/clusterdata#167). */
export function alibabaEnd(startUs: number, endSeconds: number | null): number | null {
  if (endSeconds === null || endSeconds <= 0) return null;
  const end = Math.round(endSeconds * 1e6);
  return end < startUs ? null : end;
}
