// Shared helpers for the trace tests: convert into a scratch directory and read
// the canonical result back through the validating reader.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCanonicalTrace } from "../../traces/canonical/canonical-reader.ts";
import { convertTrace, type ConvertOptions, type ConvertResult } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import type { TraceHeader } from "../../traces/canonical/trace-header.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";

export const REAL = resolve(import.meta.dirname, "../fixtures/traces/real");
export const FIXTURES = resolve(import.meta.dirname, "../fixtures/traces");

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "mesosim-trace-test-"));
}

export interface Converted {
  header: TraceHeader;
  records: TraceRecord[];
  result: ConvertResult;
  path: string;
}

export async function convertAndRead(
  format: TraceFormat,
  inputs: string[],
  extra: Partial<ConvertOptions> = {},
): Promise<Converted> {
  const dir = scratchDir();
  try {
    const path = join(dir, "out.jsonl");
    const result = await convertTrace({ format, inputs, out: path, reference: DEFAULT_REFERENCE_MACHINE, ...extra });
    const records: TraceRecord[] = [];
    const header = await readCanonicalTrace(path, () => {}, (r) => records.push(r));
    return { header, records, result, path };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Expects `fn` to reject with an exit-2 error whose message matches every pattern. */
export async function expectBadInput(fn: () => Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  try {
    await fn();
  } catch (err) {
    const e = err as { message: string; exitCode?: number };
    if (e.exitCode !== 2) throw new Error(`expected exitCode 2, got ${String(e.exitCode)}: ${e.message}`);
    for (const p of patterns) if (!p.test(e.message)) throw new Error(`message ${JSON.stringify(e.message)} does not match ${p}`);
    return e.message;
  }
  throw new Error("expected bad input to be rejected, but it was accepted");
}
