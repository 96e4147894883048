// Times and durations in the CSV files: seconds with exactly three decimals. Done
// in whole numbers (µs → ms, half up) so that the text never depends on how a
// binary fraction such as 0.0015 happens to round in `toFixed`.

/** `µs` (a time or duration in µs, ≥ 0; fractions allowed) as seconds with three decimals. */
export function secondsText(us: number): string {
  if (!(us >= 0) || !Number.isFinite(us)) throw new RangeError(`not a time in µs: ${us}`);
  const ms = Math.floor((Math.round(us) + 500) / 1000);
  const whole = Math.floor(ms / 1000);
  const frac = ms - whole * 1000;
  return `${whole}.${String(frac).padStart(3, "0")}`;
}
