/** Small summaries shared by Halder's figures: mean ± SE and median of values that may be +Infinity. */

/** Mean, standard error and median of a sample; mean = +Infinity (SE 0) when any value is infinite. */
export interface HalderSummary {
  mean: number;
  se: number;
  median: number;
  n: number;
  /** how many values are +Infinity */
  infinite: number;
}

/** Summarises values that are finite or +Infinity (never NaN). */
export function halderSummarize(values: readonly number[]): HalderSummary {
  const n = values.length;
  const infinite = values.filter((v) => v === Infinity).length;
  const sorted = [...values].sort((a, b) => a - b);
  const median = n === 0 ? NaN : n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  if (infinite > 0) return { mean: Infinity, se: 0, median, n, infinite };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, se: sd / Math.sqrt(n), median, n, infinite };
}

/** A JSON-safe copy of a number: ±Infinity as "inf"/"-inf" (Halder §6: JSON exports infinities as "inf"). */
export function halderJsonNumber(x: number): number | string {
  return x === Infinity ? "inf" : x === -Infinity ? "-inf" : x;
}
