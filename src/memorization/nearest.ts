/**
 * Nearest-neighbour tests of memorization: how close generated samples come to training points.
 */
import type { Matrix } from "ml-matrix";
import { DomainError, requireFiniteArray, requirePositive } from "../core/validate.js";

function requireSameWidth(samples: Matrix, points: Matrix, minPoints: number): void {
  if (samples.columns !== points.columns) {
    throw new DomainError("samples", `must have ${points.columns} columns like points; got ${samples.columns}`);
  }
  if (points.rows < minPoints) throw new DomainError("points", `must have at least ${minPoints} row(s); got ${points.rows}`);
  if (samples.rows < 1) throw new DomainError("samples", "must have at least 1 row");
  requireFiniteArray("samples", samples.to1DArray());
  requireFiniteArray("points", points.to1DArray());
}

/**
 * For each sample (row of `samples`), the Euclidean distances to its nearest and second-nearest training point, and
 * the row index of the nearest. O(n·N·d). `second` is Infinity when there is a single training point.
 */
export function nearestDistances(samples: Matrix, points: Matrix): { first: Float64Array; second: Float64Array; index: Int32Array } {
  requireSameWidth(samples, points, 1);
  const first = new Float64Array(samples.rows).fill(Infinity);
  const second = new Float64Array(samples.rows).fill(Infinity);
  const index = new Int32Array(samples.rows);
  for (let k = 0; k < samples.rows; k++) {
    for (let n = 0; n < points.rows; n++) {
      let d2 = 0;
      for (let i = 0; i < points.columns; i++) {
        const r = samples.get(k, i) - points.get(n, i);
        d2 += r * r;
      }
      if (d2 < first[k]) {
        second[k] = first[k];
        first[k] = d2;
        index[k] = n;
      } else if (d2 < second[k]) second[k] = d2;
    }
    first[k] = Math.sqrt(first[k]);
    second[k] = Math.sqrt(second[k]);
  }
  return { first, second, index };
}

/** Fraction of samples whose nearest training point is closer than `radius` (> 0). */
export function fractionWithin(samples: Matrix, points: Matrix, radius: number): number {
  requirePositive("radius", radius);
  const { first } = nearestDistances(samples, points);
  return first.reduce((c, r) => c + (r < radius ? 1 : 0), 0) / first.length;
}

/**
 * Fraction of samples counted as memorized by the nearest-neighbour ratio test: d₁/d₂ < `ratio` (default 1/3),
 * with d₁, d₂ the distances to the nearest and second-nearest training points (needs ≥ 2 training points).
 */
export function memorizedFraction(samples: Matrix, points: Matrix, ratio = 1 / 3): number {
  requirePositive("ratio", ratio);
  requireSameWidth(samples, points, 2);
  const { first, second } = nearestDistances(samples, points);
  let count = 0;
  for (let k = 0; k < first.length; k++) if (first[k] < ratio * second[k]) count++;
  return count / first.length;
}
