/**
 * Summary metrics of 1-D sample sets (spec §2 items 5, 8 and 11; these are the spec's, not the paper's):
 * the official 200-bin histogram, the blurred-data density on the grid, grid-sum masses (gap and peaks), and
 * per-training-point statistics of samples.
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { DomainError, requireFiniteArray, requireInteger, requireInRange } from "../core/validate.js";
import type { PointMassSet } from "./pointmass.js";
import { scheduleAt } from "./posterior.js";

/** A 1-D histogram density on bins centred on a grid. */
export interface Histogram1d {
  /** the bin centres (the grid) */
  centers: Float64Array;
  /** bin width dx */
  dx: number;
  /** density = counts / (in-range samples × dx), so dx·Σ density = 1 when any sample is in range */
  density: Float64Array;
  /** number of samples inside the edges */
  inRange: number;
  /** number of samples given */
  total: number;
}

/**
 * The official 1-D histogram convention (spec §2 item 8): centres linspace(lo, hi, bins), dx = (hi − lo)/(bins − 1),
 * edges linspace(lo − dx/2, hi + dx/2, bins + 1) (half-open bins, the last one closed); samples outside the edges are
 * dropped and the density is normalised over the rest.
 * @param samples finite numbers
 * @param bins integer ≥ 2, default 200; lo < hi default −1.5 and 1.5
 * @throws DomainError naming `samples`, `bins`, `lo` or `hi`
 */
export function gridHistogram1d(samples: ArrayLike<number>, bins = 200, lo = -1.5, hi = 1.5): Histogram1d {
  requireFiniteArray("samples", samples);
  requireInteger("bins", bins, 2, 1e7);
  requireInRange("lo", lo, -Infinity, hi, "both");
  const dx = (hi - lo) / (bins - 1);
  const centers = new Float64Array(bins);
  for (let i = 0; i < bins; i++) centers[i] = lo + (i * (hi - lo)) / (bins - 1);
  const counts = new Float64Array(bins);
  const left = lo - dx / 2;
  const right = hi + dx / 2;
  let inRange = 0;
  for (let k = 0; k < samples.length; k++) {
    const v = samples[k];
    if (!(v >= left && v <= right)) continue;
    const i = Math.min(bins - 1, Math.floor((v - left) / dx));
    counts[i]++;
    inRange++;
  }
  const density = counts.map((c) => (inRange > 0 ? c / (inRange * dx) : 0));
  return { centers, dx, density, inRange, total: samples.length };
}

/**
 * The blurred training set p(x | t) = (1/M) Σ_m N(x; α_t μ_m, σ_t²) at each grid point (1-D; spec §2 item 5: the
 * "true distribution" of Fig. 2, evaluated pointwise, not binned).
 * @throws DomainError naming `set` (not 1-D), `grid`, `t` or `schedule`
 */
export function pointMassDensity1d(set: PointMassSet, schedule: ContinuousSchedule, t: number, grid: ArrayLike<number>): Float64Array {
  if (set == null || set.dim !== 1) throw new DomainError("set", "must be a 1-D PointMassSet");
  requireFiniteArray("grid", grid);
  const { alpha, sigma2 } = scheduleAt(schedule, t);
  const norm = 1 / (set.size * Math.sqrt(2 * Math.PI * sigma2));
  return Float64Array.from(grid, (x) => {
    let p = 0;
    for (let m = 0; m < set.size; m++) p += Math.exp(-((x - alpha * set.points[m]) ** 2) / (2 * sigma2));
    return p * norm;
  });
}

/**
 * A grid-sum mass dx · Σ p_i over the grid points x_i inside any of the closed `intervals` (spec §2 item 11).
 * @param intervals pairs [a, b] with a ≤ b (overlaps are counted once per grid point)
 * @throws DomainError naming `grid`, `density` (length differs) or `intervals`
 */
export function gridMass(grid: ArrayLike<number>, density: ArrayLike<number>, dx: number, intervals: ReadonlyArray<readonly [number, number]>): number {
  requireFiniteArray("grid", grid);
  requireFiniteArray("density", density, grid.length);
  if (!Array.isArray(intervals) || intervals.some((iv) => !(iv[0] <= iv[1]))) throw new DomainError("intervals", "must be pairs [a, b] with a <= b");
  let s = 0;
  for (let i = 0; i < grid.length; i++) {
    const x = grid[i];
    if (intervals.some(([a, b]) => x >= a && x <= b)) s += density[i];
  }
  return s * dx;
}

/** The gap intervals of the 1-D set {−1, 0, 1}: [−0.75, −0.25] and [0.25, 0.75] (spec §2 item 11). */
export const VASTOLA_GAP_INTERVALS: ReadonlyArray<readonly [number, number]> = [[-0.75, -0.25], [0.25, 0.75]];

/** Intervals [c − r, c + r] around each centre (peak windows; spec §2 item 11 uses r = 0.1 around −1, 0, 1). */
export function intervalsAround(centers: ArrayLike<number>, r: number): [number, number][] {
  requireFiniteArray("centers", centers);
  requireInRange("r", r, 0, Infinity, "hi");
  return Array.from(centers, (c) => [c - r, c + r] as [number, number]);
}

/** Statistics of 1-D samples about the nearest of some centres (e.g. the α_ε μ_m). */
export interface NearestPointStats {
  /** fraction of samples whose nearest centre is centre m */
  mass: Float64Array;
  /** sd (n denominator) about its mean of the samples assigned to centre m (0 if fewer than 1) */
  sd: Float64Array;
  /** rms distance of all samples to their nearest centre */
  rmsDistance: number;
  /** fraction of samples with |x| > `outer` */
  outside: number;
}

/**
 * Per-centre masses and spreads of 1-D samples (spec §3 V-S1): each sample is assigned to its nearest centre (ties
 * to the first).
 * @param outer threshold for the "outside" fraction, default 1.1
 * @throws DomainError naming `samples` or `centers`
 */
export function nearestPointStats(samples: ArrayLike<number>, centers: ArrayLike<number>, outer = 1.1): NearestPointStats {
  requireFiniteArray("samples", samples);
  requireFiniteArray("centers", centers);
  const M = centers.length;
  const n = samples.length;
  const count = new Float64Array(M);
  const sum = new Float64Array(M);
  const sd = new Float64Array(M);
  const assigned = new Int32Array(n);
  let d2 = 0;
  let out = 0;
  for (let k = 0; k < n; k++) {
    const v = samples[k];
    let best = 0;
    let bd = Infinity;
    for (let m = 0; m < M; m++) {
      const dd = Math.abs(v - centers[m]);
      if (dd < bd) {
        bd = dd;
        best = m;
      }
    }
    assigned[k] = best;
    count[best]++;
    sum[best] += v;
    d2 += bd * bd;
    if (Math.abs(v) > outer) out++;
  }
  const mu = sum.map((s, m) => (count[m] > 0 ? s / count[m] : 0));
  for (let k = 0; k < n; k++) sd[assigned[k]] += (samples[k] - mu[assigned[k]]) ** 2;
  for (let m = 0; m < M; m++) sd[m] = count[m] > 0 ? Math.sqrt(sd[m] / count[m]) : 0;
  return { mass: count.map((c) => c / n), sd, rmsDistance: Math.sqrt(d2 / n), outside: out / n };
}
