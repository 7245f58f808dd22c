/**
 * The posterior over training points of a point-mass set under the forward process x = α_t x₀ + σ_t z
 * (Vastola §1.3, spec §2 item 2):
 *
 *   w_m(x, t) = softmax_m(−|x − α_t μ_m|² / (2σ_t²)),   m(x, t) = Σ_m w_m μ_m,   Cov = Σ_m w_m (μ_m − m)(μ_m − m)ᵀ,
 *   log p(x | t) = log[(1/M) Σ_m exp(−|x − α_t μ_m|² / (2σ_t²))] − (d/2) log(2π σ_t²),
 *
 * all through log-sum-exp, so nothing underflows at small σ (spec §5, erratum V-E4 of the official 1-D routine).
 * The covariance is summed about the mean (two passes), so it stays accurate where one weight dominates.
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { DomainError, requireFiniteArray } from "../core/validate.js";
import type { PointMassSet } from "./pointmass.js";

/** α_t, σ_t², β_t and D_t of a schedule at one time. */
export interface ScheduleAt {
  t: number;
  alpha: number;
  sigma2: number;
  beta: number;
  diffusion: number;
}

/**
 * The schedule's coefficients at time t, requiring σ_t² > 0 (the posterior and scores need noise).
 * @throws DomainError naming `schedule` if it is not a schedule, `t` if outside its range or σ_t² = 0
 */
export function scheduleAt(schedule: ContinuousSchedule, t: number): ScheduleAt {
  if (schedule == null || typeof schedule.alpha !== "function" || typeof schedule.sigma2 !== "function") {
    throw new DomainError("schedule", "must be a ContinuousSchedule (e.g. vpSchedule() or linearVarianceSchedule())");
  }
  const sigma2 = schedule.sigma2(t);
  if (!(sigma2 > 0)) throw new DomainError("t", `must give σ² > 0 (t > 0); got t = ${t}, σ² = ${sigma2}`);
  return { t, alpha: schedule.alpha(t), sigma2, beta: schedule.beta(t), diffusion: schedule.diffusion(t) };
}

/**
 * Fills `w` (length M) with the posterior weights at the point x[off … off+d) and returns the log-sum-exp
 * L = log Σ_m exp(−|x − αμ_m|²/(2σ²)). No validation: the fast inner kernel of this folder.
 * @internal
 */
export function posteriorInto(set: PointMassSet, x: ArrayLike<number>, off: number, alpha: number, sigma2: number, w: Float64Array): number {
  const { points, size: M, dim: d } = set;
  const c = -0.5 / sigma2;
  let max = -Infinity;
  for (let m = 0; m < M; m++) {
    let d2 = 0;
    for (let i = 0; i < d; i++) {
      const r = x[off + i] - alpha * points[m * d + i];
      d2 += r * r;
    }
    const l = c * d2;
    w[m] = l;
    if (l > max) max = l;
  }
  let sum = 0;
  for (let m = 0; m < M; m++) sum += w[m] = Math.exp(w[m] - max);
  const inv = 1 / sum;
  for (let m = 0; m < M; m++) w[m] *= inv;
  return max + Math.log(sum);
}

/**
 * The posterior mean m = Σ_m w_m μ_m for weights `w` from {@link posteriorInto}, written into `out` (length d).
 * No validation: the fast inner kernel of this folder.
 * @internal
 */
export function posteriorMeanInto(set: PointMassSet, w: Float64Array, out: Float64Array): Float64Array {
  const { points, size: M, dim: d } = set;
  for (let i = 0; i < d; i++) {
    let m = 0;
    for (let c = 0; c < M; c++) m += w[c] * points[c * d + i];
    out[i] = m;
  }
  return out;
}

/**
 * Posterior mean (into `mean`, length d) and centred covariance (into `cov`, d×d row-major) from weights `w`.
 * @internal
 */
export function posteriorMoments(set: PointMassSet, w: Float64Array, mean: Float64Array, cov: Float64Array): void {
  const { points, size: M, dim: d } = set;
  mean.fill(0);
  for (let m = 0; m < M; m++) {
    const wm = w[m];
    if (wm === 0) continue;
    for (let i = 0; i < d; i++) mean[i] += wm * points[m * d + i];
  }
  cov.fill(0);
  for (let m = 0; m < M; m++) {
    const wm = w[m];
    if (wm === 0) continue;
    for (let i = 0; i < d; i++) {
      const ri = points[m * d + i] - mean[i];
      for (let j = 0; j <= i; j++) cov[i * d + j] += wm * ri * (points[m * d + j] - mean[j]);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[j * d + i] = cov[i * d + j];
}

/** The posterior over training points at one (x, t), with its moments and the log density. */
export interface PointMassPosterior {
  /** w_m, length M, sums to 1 */
  weights: Float64Array;
  /** m(x, t) = E[x₀ | x, t], length d */
  mean: Float64Array;
  /** Cov[x₀ | x, t], d×d row-major */
  covariance: Float64Array;
  /** log p(x | t) (natural log, density with respect to Lebesgue measure in d dimensions) */
  logDensity: number;
  /** the schedule's α_t and σ_t² used */
  alpha: number;
  sigma2: number;
}

/** @internal validates x against the set's dimension */
export function requirePoint(set: PointMassSet, x: ArrayLike<number>, name = "x"): void {
  if (set == null || !(set.points instanceof Float64Array)) throw new DomainError("set", "must be a PointMassSet (from pointMassSet)");
  requireFiniteArray(name, x, set.dim);
}

/**
 * The posterior over training points at (x, t) (Vastola §1.3; spec §2 item 2), by log-sum-exp.
 * @param x a point of dimension d
 * @param t a time of the schedule with σ_t² > 0
 * @throws DomainError naming `x` (wrong length, not finite), `t` or `schedule`
 * @example pointMassPosterior(vastolaGapSet(), vpSchedule(), 0.1, [0.5]).weights // ≈ [0, 0.5, 0.5]·…
 */
export function pointMassPosterior(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>): PointMassPosterior {
  requirePoint(set, x);
  const { alpha, sigma2 } = scheduleAt(schedule, t);
  const d = set.dim;
  const weights = new Float64Array(set.size);
  const lse = posteriorInto(set, x, 0, alpha, sigma2, weights);
  const mean = new Float64Array(d);
  const covariance = new Float64Array(d * d);
  posteriorMoments(set, weights, mean, covariance);
  const logDensity = lse - Math.log(set.size) - 0.5 * d * Math.log(2 * Math.PI * sigma2);
  return { weights, mean, covariance, logDensity, alpha, sigma2 };
}

/**
 * log p(x | t) of the blurred training set p(x | t) = (1/M) Σ_m N(x; α_t μ_m, σ_t² I) (spec §2 item 2 and item 5).
 * @throws DomainError naming `x`, `t` or `schedule`
 */
export function pointMassLogDensity(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>): number {
  return pointMassPosterior(set, schedule, t, x).logDensity;
}
