// The reference machine that turns normalised units (Google, Alibaba) into absolute
// ones. Google scales every capacity and request so that the largest machine is 1.0;
// Alibaba 2018 gives memory as 0–100 % of the largest machine. Neither says what
// that machine is, so we pick one, document it, let the user override it with
// `--reference-machine`, and record it in every output header so that two traces
// converted with different choices can never be silently compared.
import type { Request } from "./trace-record.ts";
import { TraceInputError } from "../input/trace-input-error.ts";
import { amountRangeError } from "./canonical-range.ts";

export type ReferenceMachine = Request;

/**
 * 64 cores, 256 GiB memory, 2 TiB disk, 8 GPUs: a plausible largest machine for
 * the 2011–2020 traces. It is a documented convention, not a published fact.
 */
export const DEFAULT_REFERENCE_MACHINE: ReferenceMachine = Object.freeze({
  cpus: 64,
  mem: 262144,
  disk: 2097152,
  gpus: 8,
});

const KEYS = ["cpus", "mem", "disk", "gpus"] as const;

/**
 * Parses a Mesos-style resource string, `cpus:32;mem:131072` (`,` or `;`
 * separated, `=` or `:` between name and value). Names not given keep the default.
 */
export function parseReferenceMachine(text: string): ReferenceMachine {
  const out: ReferenceMachine = { ...DEFAULT_REFERENCE_MACHINE };
  for (const part of text.split(/[;,]/)) {
    const item = part.trim();
    if (item === "") continue;
    const m = /^([a-z]+)\s*[:=]\s*([0-9]+(?:\.[0-9]+)?)$/.exec(item);
    const key = m?.[1];
    const value = Number(m?.[2]);
    const known = KEYS.find((k) => k === key);
    if (m === null || known === undefined || !(value > 0)) {
      throw new TraceInputError(
        `--reference-machine: bad item "${item}"; expected NAME:VALUE with NAME one of ${KEYS.join(", ")} and VALUE > 0`,
      );
    }
    const range = amountRangeError(value);
    if (range !== undefined) throw new TraceInputError(`--reference-machine: bad item "${item}": ${range}`);
    out[known] = value;
  }
  return out;
}

export function formatReferenceMachine(r: ReferenceMachine): string {
  return KEYS.map((k) => `${k}:${r[k]}`).join(";");
}
