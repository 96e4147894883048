// The time series of report.html, downsampled as they are read so that a page
// stays small (and memory bounded) however long the run or fine its sample
// interval: at most `maxBuckets` points per series.
//
// How: the samples of timeseries.csv (times 0, Δ, 2Δ, …) go into buckets of `width`
// consecutive samples, `width` starting at 1. When a sample would open bucket
// number `maxBuckets`, neighbouring buckets are merged pairwise and `width`
// doubles, so a run ends with between maxBuckets/2 and maxBuckets buckets (or one
// per sample when it has fewer). A bucket is drawn at the time of its first
// sample with the mean of its samples' values: the mean of equally spaced samples,
// so the area under a curve (a time average) is kept. A series with no value in a
// bucket (an empty cell) has a gap there.
export class SampleGrid {
  /** Samples per bucket: a power of two. */
  private width = 1;
  private samples = 0;
  private bucket = -1;
  /** The time of each bucket's first sample. */
  readonly starts: number[] = [];
  private readonly series = new Map<string, GridSeries>();
  /** The series with a value in the current sample. */
  private readonly touched: GridSeries[] = [];

  constructor(private readonly maxBuckets: number) {
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 2 && maxBuckets % 2 === 0)) throw new RangeError(`maxBuckets: ${maxBuckets} is not an even whole number ≥ 2`);
  }

  /** How many samples have been started. */
  get sampleCount(): number {
    return this.samples;
  }

  /** Starts the next sample, taken at `time`. */
  next(time: number): void {
    this.flush();
    const i = this.samples++;
    if (Math.floor(i / this.width) >= this.maxBuckets) this.merge();
    this.bucket = Math.floor(i / this.width);
    if (this.bucket === this.starts.length) this.starts.push(time);
  }

  /** The series named `key`, made empty on first use: look it up once, then `add` to it. */
  line(key: string): GridSeries {
    let s = this.series.get(key);
    if (s === undefined) {
      s = { sum: [], count: [], now: 0, has: false, any: false };
      this.series.set(key, s);
    }
    return s;
  }

  /** Adds `value` to series `s` in the current sample; values added to one series in one sample are summed. */
  add(s: GridSeries, value: number): void {
    if (this.bucket < 0) throw new Error("SampleGrid.add before the first sample");
    if (!s.has) {
      s.has = true;
      s.any = true;
      this.touched.push(s);
    }
    s.now += value;
  }

  /** Whether series `key` has any value. */
  has(key: string): boolean {
    return this.series.get(key)?.any === true;
  }

  /** The bucket means of series `key` (null where it had no value), one per bucket; all null for an unknown key. */
  values(key: string): (number | null)[] {
    this.flush();
    const s = this.series.get(key);
    return this.starts.map((_, b) => {
      const n = s?.count[b] ?? 0;
      return n === 0 ? null : (s?.sum[b] as number) / n;
    });
  }

  /** Moves the current sample's values into its bucket. */
  private flush(): void {
    const b = this.bucket;
    for (const s of this.touched) {
      s.sum[b] = (s.sum[b] ?? 0) + s.now;
      s.count[b] = (s.count[b] ?? 0) + 1;
      s.now = 0;
      s.has = false;
    }
    this.touched.length = 0;
  }

  /** Merges buckets pairwise and doubles the width. */
  private merge(): void {
    const half = Math.ceil(this.starts.length / 2);
    for (let k = 0; k < half; k++) this.starts[k] = this.starts[2 * k] as number;
    this.starts.length = half;
    for (const s of this.series.values()) {
      for (const column of [s.sum, s.count]) {
        for (let k = 0; k < half; k++) column[k] = (column[2 * k] ?? 0) + (column[2 * k + 1] ?? 0);
        column.length = half;
      }
    }
    this.width *= 2;
  }
}

/** One series of a SampleGrid (opaque to callers). */
export interface GridSeries {
  /** Per bucket: the sum of its samples' values and how many samples had one. */
  sum: number[];
  count: number[];
  /** The current sample's value so far, and whether it has one. */
  now: number;
  has: boolean;
  /** Whether it ever had a value. */
  any: boolean;
}
