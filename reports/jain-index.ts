// Jain's fairness index (Jain, Chiu and Hawe, DEC-TR-301, 1984): (Σx)² / (n·Σx²),
// 1 when all n values are equal, 1/n when one holds everything.
//
// The index does not change when every value is scaled by one factor. Weighted
// shares can be far outside [0, 1] (a share over a weight of 1e-300, which Mesos
// accepts as any positive weight): their squares would overflow to Infinity (or
// underflow to 0) and the quotient be NaN, so values that large or small are
// divided by the largest first.

/** Jain's index of `values[0..n)`; 1 when every value is 0 (all equal). */
export function jainIndex(values: Float64Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) if ((values[i] as number) > max) max = values[i] as number;
  if (max === 0) return 1;
  const scaled = max > 1e100 || max < 1e-100;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = scaled ? (values[i] as number) / max : (values[i] as number);
    sum += x;
    squares += x * x;
  }
  return (sum * sum) / (n * squares);
}
