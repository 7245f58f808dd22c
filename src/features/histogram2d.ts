/**
 * 2-D histograms of Vastola's Fig. 3 (spec §2 item 8):
 * - bins: edges linspace(lo, hi, bins + 1) on each axis (not shifted, unlike 1-D), right-open [e_k, e_{k+1}) as the
 *   official `searchsorted(edges, v, 'right') − 1`, so v = hi is dropped; samples out of range in either
 *   coordinate are dropped;
 * - joint (correct): counts[ix, iy] / (number of in-range samples), summing to 1;
 * - as published (erratum V-E2): each x-column divided by (its sum + 1e−15), i.e. p(y | x), not the joint law.
 * Every array is indexed [ix, iy] = ix·bins + iy.
 */
import { DomainError, requireFiniteArray, requireInteger, requireInRange } from "../core/validate.js";

/** A 2-D histogram on a square grid of bins. */
export interface Histogram2d {
  bins: number;
  /** bin edges linspace(lo, hi, bins + 1), shared by both axes */
  edges: Float64Array;
  /** bin centres (edges[k] + edges[k + 1])/2 */
  centers: Float64Array;
  /** counts[ix·bins + iy] */
  counts: Float64Array;
  /** samples inside [lo, hi) in both coordinates */
  inRange: number;
  total: number;
}

/** The edges linspace(lo, hi, bins + 1) (numpy's formula k·((hi − lo)/bins) + lo, last edge exactly hi). */
export function histogramEdges2d(bins = 200, lo = -1.5, hi = 1.5): Float64Array {
  requireInteger("bins", bins, 1, 1e5);
  requireInRange("lo", lo, -1e300, 1e300);
  requireInRange("hi", hi, lo, 1e300, "lo");
  const e = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let k = 0; k <= bins; k++) e[k] = k * step + lo;
  e[bins] = hi;
  return e;
}

/** Right-open bin of v: the number of edges ≤ v, minus 1 (−1 below, `bins` at or above the last edge). */
function binOf(edges: Float64Array, lo: number, inv: number, bins: number, v: number): number {
  if (!(v >= lo)) return -1;
  let k = Math.floor((v - lo) * inv);
  if (k > bins) k = bins;
  while (k < bins && edges[k + 1] <= v) k++;
  while (k > 0 && edges[k] > v) k--;
  return k;
}

/**
 * Adds the samples (x[k], y[k]) to `counts` ([ix·bins + iy], length bins²) and returns how many were in range.
 * Unchecked kernel of {@link gridHistogram2d}.
 */
export function histogram2dInto(x: Float64Array, y: Float64Array, edges: Float64Array, counts: Float64Array): number {
  const bins = edges.length - 1, lo = edges[0], inv = bins / (edges[bins] - lo);
  let n = 0;
  for (let k = 0; k < x.length; k++) {
    const ix = binOf(edges, lo, inv, bins, x[k]);
    if (ix < 0 || ix >= bins) continue;
    const iy = binOf(edges, lo, inv, bins, y[k]);
    if (iy < 0 || iy >= bins) continue;
    counts[ix * bins + iy]++;
    n++;
  }
  return n;
}

/**
 * The 2-D histogram of samples (x[k], y[k]) with the official right-open bins on linspace(lo, hi, bins + 1).
 * @param bins integer in [1, 1e5] (official 200); lo < hi (official −1.5, 1.5)
 * @throws DomainError naming `x`, `y`, `bins`, `lo` or `hi`
 */
export function gridHistogram2d(x: ArrayLike<number>, y: ArrayLike<number>, bins = 200, lo = -1.5, hi = 1.5): Histogram2d {
  requireFiniteArray("x", x);
  requireFiniteArray("y", y, x.length);
  const edges = histogramEdges2d(bins, lo, hi);
  const counts = new Float64Array(bins * bins);
  const inRange = histogram2dInto(Float64Array.from(x), Float64Array.from(y), edges, counts);
  const centers = new Float64Array(bins);
  for (let k = 0; k < bins; k++) centers[k] = (edges[k] + edges[k + 1]) / 2;
  return { bins, edges, centers, counts, inRange, total: x.length };
}

/**
 * Joint probabilities p[ix, iy] = counts / inRange (spec §2 item 8, "2D (correct)"), written into `out` (default a
 * new array); all zeros when no sample is in range.
 */
export function jointProbabilities2d(counts: Float64Array, inRange: number, out: Float64Array = new Float64Array(counts.length)): Float64Array {
  const s = inRange > 0 ? 1 / inRange : 0;
  for (let k = 0; k < counts.length; k++) out[k] = counts[k] * s;
  return out;
}

/**
 * The official Fig. 3 normalization (erratum V-E2): each x-column divided by (its sum + 1e−15), so the image is
 * p(y | x) and sums to the number of non-empty columns. [ix, iy] layout in and out.
 */
export function columnNormalized2d(counts: Float64Array, bins: number, out: Float64Array = new Float64Array(counts.length)): Float64Array {
  requireInteger("bins", bins, 1, 1e5);
  if (counts.length !== bins * bins) throw new DomainError("counts", `must hold bins² = ${bins * bins} values`);
  for (let ix = 0; ix < bins; ix++) {
    let s = 0;
    for (let iy = 0; iy < bins; iy++) s += counts[ix * bins + iy];
    const d = s + 1e-15;
    for (let iy = 0; iy < bins; iy++) out[ix * bins + iy] = counts[ix * bins + iy] / d;
  }
  return out;
}
