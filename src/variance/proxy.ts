/**
 * The true score, the proxy score of denoising score matching, and the proxy-score covariance of a point-mass
 * training set (Vastola §1.3, §1.5, Eq. 5):
 *
 *   s(x, t)      = ∇ log p(x | t) = (α_t m(x, t) − x) / σ_t²                 (true score)
 *   s̃(x, t; x₀)  = ∇ₓ log p(x | x₀, t) = (α_t x₀ − x) / σ_t²                  (proxy score, the DSM target)
 *   C(x, t)      = Cov_{x₀|x,t}[s̃] = (α_t² / σ_t⁴) Cov[x₀ | x, t] = I/σ_t² + ∇² log p(x | t)   (Eq. 5)
 *   r(x, t)      = tr C / (tr C + |s|²) ∈ [0, 1]                               (the scale-free ratio of Fig. 1)
 *
 * with S_t = σ_t² I (every schedule of this library has a scalar noise variance).
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { DomainError, requireFiniteArray, MAX_ARRAY_LENGTH } from "../core/validate.js";
import type { PointMassSet } from "./pointmass.js";
import { pointMassPosterior, posteriorInto, posteriorMoments, requirePoint, scheduleAt } from "./posterior.js";

/**
 * The proxy score s̃(x, t; x₀) = (α_t x₀ − x)/σ_t² (Vastola §1.3), the target of denoising score matching.
 * @throws DomainError naming `x` or `x0` (lengths differ or not finite), `t` or `schedule`
 */
export function proxyScore(schedule: ContinuousSchedule, t: number, x: ArrayLike<number>, x0: ArrayLike<number>): Float64Array {
  requireFiniteArray("x", x);
  requireFiniteArray("x0", x0, x.length);
  const { alpha, sigma2 } = scheduleAt(schedule, t);
  return Float64Array.from(x, (xi, i) => (alpha * x0[i] - xi) / sigma2);
}

/**
 * The true score s(x, t) = ∇ log p(x | t) = (α_t m(x, t) − x)/σ_t² of the blurred point-mass set (Vastola §1.3).
 * @throws DomainError naming `x`, `t` or `schedule`
 */
export function pointMassScore(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>): Float64Array {
  const p = pointMassPosterior(set, schedule, t, x);
  return Float64Array.from(p.mean, (mi, i) => (p.alpha * mi - x[i]) / p.sigma2);
}

/**
 * The proxy-score covariance C(x, t) = (α_t²/σ_t⁴) Cov[x₀ | x, t] (Vastola Eq. 5), d×d row-major.
 * @throws DomainError naming `x`, `t` or `schedule`
 */
export function proxyScoreCovariance(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>): Float64Array {
  const p = pointMassPosterior(set, schedule, t, x);
  const k = (p.alpha * p.alpha) / (p.sigma2 * p.sigma2);
  return p.covariance.map((c) => k * c);
}

/**
 * r = tr C / (tr C + |s|²) from its two parts. Where both vanish (x exactly at α_t μ_m with every other weight
 * underflowed: no ambiguity and no pull) r is 0, the limit along which C vanishes faster than |s|².
 * @internal
 */
export function ratioOf(traceC: number, score2: number): number {
  const den = traceC + score2;
  return den > 0 ? traceC / den : 0;
}

/**
 * The scale-free ratio r(x, t) = tr C / (tr C + |s|²) ∈ [0, 1] drawn in Vastola's Fig. 1 (spec §1.5): 1 where the
 * score vanishes (e.g. the centre of a symmetric set), near 1 on boundaries between points at small t, near 0 deep
 * inside one point's basin and far from the data.
 * @throws DomainError naming `x`, `t` or `schedule`
 */
export function scaleFreeRatio(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>): number {
  const p = pointMassPosterior(set, schedule, t, x);
  const d = set.dim;
  const k = (p.alpha * p.alpha) / (p.sigma2 * p.sigma2);
  let tr = 0;
  let s2 = 0;
  for (let i = 0; i < d; i++) {
    tr += k * p.covariance[i * d + i];
    s2 += ((p.alpha * p.mean[i] - x[i]) / p.sigma2) ** 2;
  }
  return ratioOf(tr, s2);
}

/** tr C, |s|² and r on a grid (see {@link proxyScoreMap}). */
export interface ProxyScoreMap {
  /** the grid axes (ys empty for d = 1) */
  xs: Float64Array;
  ys: Float64Array;
  /** t, α_t, σ_t² */
  t: number;
  alpha: number;
  sigma2: number;
  /** tr C(x, t), indexed [ix·ny + iy] (d = 2) or [ix] (d = 1) */
  traceC: Float64Array;
  /** |s(x, t)|², same indexing */
  score2: Float64Array;
  /** r = tr C/(tr C + |s|²), same indexing */
  ratio: Float64Array;
}

/**
 * tr C, |s|² and the ratio r on a tensor grid: xs (d = 1) or xs × ys (d = 2), indexed [ix·ny + iy] as the
 * official Fig. 1 code (spec §2 item 4). One posterior evaluation per grid point, buffers reused.
 * @throws DomainError naming `set` (d > 2), `xs`/`ys` (empty, not finite, too large), `t` or `schedule`
 */
export function proxyScoreMap(set: PointMassSet, schedule: ContinuousSchedule, t: number, xs: ArrayLike<number>, ys: ArrayLike<number> = []): ProxyScoreMap {
  if (set == null || !(set.points instanceof Float64Array)) throw new DomainError("set", "must be a PointMassSet (from pointMassSet)");
  if (set.dim > 2) throw new DomainError("set", `must be 1- or 2-dimensional for a map; got d = ${set.dim}`);
  requireFiniteArray("xs", xs);
  if (set.dim === 2) requireFiniteArray("ys", ys);
  const { alpha, sigma2 } = scheduleAt(schedule, t);
  const d = set.dim;
  const nx = xs.length;
  const ny = d === 2 ? ys.length : 1;
  if (nx * ny > MAX_ARRAY_LENGTH / 8) throw new DomainError("xs", `grid too large: ${nx} × ${ny}`);
  const traceC = new Float64Array(nx * ny);
  const score2 = new Float64Array(nx * ny);
  const ratio = new Float64Array(nx * ny);
  const w = new Float64Array(set.size);
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  const k = (alpha * alpha) / (sigma2 * sigma2);
  for (let ix = 0; ix < nx; ix++) {
    for (let iy = 0; iy < ny; iy++) {
      x[0] = xs[ix];
      if (d === 2) x[1] = ys[iy];
      posteriorInto(set, x, 0, alpha, sigma2, w);
      posteriorMoments(set, w, mean, cov);
      let tr = 0;
      let s2 = 0;
      for (let i = 0; i < d; i++) {
        tr += k * cov[i * d + i];
        s2 += ((alpha * mean[i] - x[i]) / sigma2) ** 2;
      }
      const idx = ix * ny + iy;
      traceC[idx] = tr;
      score2[idx] = s2;
      ratio[idx] = ratioOf(tr, s2);
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(d === 2 ? ys : []), t, alpha, sigma2, traceC, score2, ratio };
}

/** Validates a finite-difference step h > 0 (and small). @internal */
function requireStep(h: number): number {
  if (typeof h !== "number" || !(h > 0 && h <= 0.1)) throw new DomainError("h", `must be in (0, 0.1]; got ${h}`);
  return h;
}

/**
 * The Jacobian of the analytic score by central differences, J_ij ≈ [s_i(x + h e_j) − s_i(x − h e_j)]/(2h): a
 * finite-difference Hessian of log p(x | t), the independent route to Eq. 5's C = I/σ² + ∇² log p (claim V-C2).
 * Error O(h² ∂³s) + O(ε_mach |s| / h). Returned d×d row-major, not symmetrised.
 * @param h step, in (0, 0.1]; default 1e−5 (spec V-C2)
 * @throws DomainError naming `x`, `t`, `schedule` or `h`
 */
export function scoreJacobianFD(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>, h = 1e-5): Float64Array {
  requirePoint(set, x);
  requireStep(h);
  const d = set.dim;
  const J = new Float64Array(d * d);
  const xp = Float64Array.from(x);
  for (let j = 0; j < d; j++) {
    xp[j] = x[j] + h;
    const sp = pointMassScore(set, schedule, t, xp);
    xp[j] = x[j] - h;
    const sm = pointMassScore(set, schedule, t, xp);
    xp[j] = x[j];
    for (let i = 0; i < d; i++) J[i * d + j] = (sp[i] - sm[i]) / (2 * h);
  }
  return J;
}

/**
 * The gradient of log p(x | t) by central differences, g_j ≈ [log p(x + h e_j) − log p(x − h e_j)]/(2h): the
 * independent route to the analytic score (claim V-C2). Error O(h² ∂³ log p) + O(ε_mach |log p| / h).
 * @param h step, in (0, 0.1]; default 1e−5
 * @throws DomainError naming `x`, `t`, `schedule` or `h`
 */
export function logDensityGradientFD(set: PointMassSet, schedule: ContinuousSchedule, t: number, x: ArrayLike<number>, h = 1e-5): Float64Array {
  requirePoint(set, x);
  requireStep(h);
  const d = set.dim;
  const g = new Float64Array(d);
  const xp = Float64Array.from(x);
  for (let j = 0; j < d; j++) {
    xp[j] = x[j] + h;
    const lp = pointMassPosterior(set, schedule, t, xp).logDensity;
    xp[j] = x[j] - h;
    const lm = pointMassPosterior(set, schedule, t, xp).logDensity;
    xp[j] = x[j];
    g[j] = (lp - lm) / (2 * h);
  }
  return g;
}
