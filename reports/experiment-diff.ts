// What differs between two experiments as run (the experiment.json of two run
// directories, `mesosim compare`): every key path whose values differ, with both
// values. Objects are walked key by key (keys in sorted order, so the list does not
// depend on how either file was written), lists item by item; a key or item that
// only one side has is listed with the other side absent.
import type { KeyPath } from "../common/source-document.ts";
import { dottedKeyPath } from "../common/validation.ts";

export interface ExperimentDifference {
  /** `master.allocationInterval`, `workload.0.limit`: dotted, as `--set` takes them and the experiment's errors name them. */
  readonly path: string;
  /** The value in A; absent when A has no such key. */
  readonly a?: unknown;
  /** The value in B; absent when B has no such key. */
  readonly b?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const has = (o: object, k: string | number): boolean => Object.prototype.hasOwnProperty.call(o, k);

function walk(a: unknown, b: unknown, path: KeyPath, out: ExperimentDifference[]): void {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      if (has(a, k) && has(b, k)) walk(a[k], b[k], [...path, k], out);
      else out.push({ path: dottedKeyPath([...path, k]), ...(has(a, k) ? { a: a[k] } : {}), ...(has(b, k) ? { b: b[k] } : {}) });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length && i < b.length) walk(a[i], b[i], [...path, i], out);
      else out.push({ path: dottedKeyPath([...path, i]), ...(i < a.length ? { a: a[i] } : {}), ...(i < b.length ? { b: b[i] } : {}) });
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path.length === 0 ? "(top level)" : dottedKeyPath(path), a, b });
}

/** The differences between two parsed experiment.json files, in key path order (depth first). */
export function diffExperiments(a: unknown, b: unknown): ExperimentDifference[] {
  const out: ExperimentDifference[] = [];
  walk(a, b, [], out);
  return out;
}
