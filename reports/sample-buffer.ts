// A growable column of numbers (waits, job times, utilization samples), kept as one
// Float64Array (8 bytes a value: 8 MB per million) instead of an array of boxed
// numbers, for the percentiles of the report. Percentiles are d3-array's
// `quantileSorted`: R-7, linear interpolation between the closest ranks, as R's and
// NumPy's defaults.
import { quantileSorted } from "d3-array";

export interface Distribution {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly count: number;
}

// d3's types ask for an Array, but `quantileSorted` only reads `length` and indices
// (d3-array 3.2, `quantileSorted`), so a typed array is passed without a copy.
function quantileOf(sorted: Float64Array, p: number): number {
  return quantileSorted(sorted as unknown as number[], p) as number;
}

export class SampleBuffer {
  private values = new Float64Array(16);
  private n = 0;
  private total = 0;

  get count(): number {
    return this.n;
  }

  get sum(): number {
    return this.total;
  }

  push(x: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = x;
    this.total += x;
  }

  /** The values in ascending order (a fresh copy; the buffer keeps arrival order). */
  sorted(): Float64Array {
    return this.values.slice(0, this.n).sort();
  }

  /** The R-7 quantile `p` of the values, or null when there are none. */
  quantile(p: number): number | null {
    return this.n === 0 ? null : quantileOf(this.sorted(), p);
  }

  /** `{mean, p50, p90, p99, max, count}` of the values, each divided by `scale`. */
  distribution(scale = 1): Distribution {
    if (this.n === 0) return { mean: null, p50: null, p90: null, p99: null, max: null, count: 0 };
    const s = this.sorted();
    const q = (p: number): number => quantileOf(s, p) / scale;
    return { mean: this.total / this.n / scale, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: (s[s.length - 1] as number) / scale, count: this.n };
  }
}
