// Jain's fairness index (Jain, Chiu and Hawe, DEC-TR-301, 1984): (Σx)² / (n·Σx²),
// 1 when all n values are equal, 1/n when one holds everything.

/** Jain's index of `values[0..n)`; 1 when every value is 0 (all equal). */
export function jainIndex(values: Float64Array, n: number): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    sum += x;
    squares += x * x;
  }
  if (squares === 0) return 1;
  return (sum * sum) / (n * squares);
}
