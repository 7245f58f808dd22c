/**
 * Vastola's 1-D linear-in-features denoiser (spec §1.4, §1.9, §2 item 6): μ̂(x, t) = Σ_ab W_ab φˣ_a(x) φᵗ_b(t), flat
 * index a·F_t + b, trained by weighted ridge regression of x0 on the features with weights w = α_t²/σ_t²:
 *
 *   W = A (Σ + ρI)⁻¹,  Σ = (1/P) Σ_i w_i φ_i φ_iᵀ,  A = (1/P) Σ_i w_i x0_i φ_iᵀ   (ridge ρ not scaled with P),
 *
 * or, for P < F, the dual form W = x0ᵀ Λ^½ (Λ^½ K Λ^½ + PρI)⁻¹ Λ^½ Φ with K = ΦΦᵀ = Kˣ ∘ Kᵗ (Hadamard product of the
 * per-axis Gram matrices).
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { Rng } from "../core/rng.js";
import { DomainError, requireFiniteArray, requireInteger, requireInRange } from "../core/validate.js";
import type { PointMassSet } from "../variance/pointmass.js";
import { scheduleAt } from "../variance/posterior.js";
import { featureAxisInto, type FeatureAxis } from "./axis.js";
import { choleskySolveInPlace } from "./cholesky.js";

/** P training triples (x0_i, t_i, x_i) with their weights w_i. */
export interface LinearTrainingSet {
  x0: Float64Array;
  t: Float64Array;
  x: Float64Array;
  weight: Float64Array;
}

/** Options of {@link drawLinearTrainingSet}. */
export interface LinearTrainingOptions {
  /** number of samples P, integer in [1, 1e6] */
  samples: number;
  /** t ~ U(eps, T) */
  eps: number;
  /** default the schedule's tMax */
  T?: number;
  rng: Rng;
  /** the official 1-D weight guard w = α²/(σ² + 1e−8) (erratum V-E5; default false: w = α²/σ²) */
  weightGuard?: boolean;
}

/**
 * Draws P training samples (spec §1.9): for each i, m uniform over the set (one integer draw), t ~ U(ε, T) (one
 * uniform), x = α_t μ_m + σ_t z (one normal), in that order, and w = α_t²/σ_t² (or α²/(σ² + 1e−8) with the guard).
 * @throws DomainError naming `set` (not 1-D), `samples`, `eps`, `T` or `rng`
 */
export function drawLinearTrainingSet(set: PointMassSet, schedule: ContinuousSchedule, o: LinearTrainingOptions): LinearTrainingSet {
  if (set == null || set.dim !== 1) throw new DomainError("set", "must be a 1-D PointMassSet");
  if (o == null || !(o.rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  const P = requireInteger("samples", o.samples, 1, 1e6);
  const T = o.T ?? schedule.tMax;
  requireInRange("T", T, 0, 1e300, "lo");
  requireInRange("eps", o.eps, 0, T, "both");
  const out: LinearTrainingSet = { x0: new Float64Array(P), t: new Float64Array(P), x: new Float64Array(P), weight: new Float64Array(P) };
  for (let i = 0; i < P; i++) {
    const m = o.rng.integer(set.size);
    const t = o.eps + (T - o.eps) * o.rng.uniform();
    const z = o.rng.normal();
    const c = scheduleAt(schedule, t);
    out.x0[i] = set.points[m];
    out.t[i] = t;
    out.x[i] = c.alpha * set.points[m] + Math.sqrt(c.sigma2) * z;
    out.weight[i] = (c.alpha * c.alpha) / (o.weightGuard ? c.sigma2 + 1e-8 : c.sigma2);
  }
  return out;
}

/** A trained 1-D linear denoiser: μ̂(x, t) = Σ_ab W[a·F_t + b] φˣ_a(x) φᵗ_b(t). */
export interface LinearDenoiser1d {
  xAxis: FeatureAxis;
  tAxis: FeatureAxis;
  /** F_x·F_t weights, flat index a·F_t + b */
  W: Float64Array;
}

/** Which ridge solve: primal F × F, dual P × P, or "auto" (dual when P < F, spec §2 item 6). */
export type RidgeSolver = "auto" | "primal" | "dual";

/**
 * Per-axis feature values below this fraction of the sample's largest value on that axis are skipped when Σ is
 * accumulated: every skipped term w φ_p φ_q is below 1e−17 of that sample's largest term, i.e. below double
 * rounding of the sum.
 */
const SKIP_RELATIVE = 1e-17;

function activeIndices(v: Float64Array, off: number, n: number, idx: Int32Array): number {
  let max = 0;
  for (let k = 0; k < n; k++) if (v[off + k] > max) max = v[off + k];
  const thr = max * SKIP_RELATIVE;
  let c = 0;
  for (let k = 0; k < n; k++) if (Math.abs(v[off + k]) > thr) idx[c++] = k;
  return c;
}

/**
 * Fits W by weighted ridge (spec §1.9, §2 item 6) with ridge ρ ≥ 0 (official 0.1, unscaled). The primal solve
 * accumulates Σ over each sample's non-negligible features (see SKIP_RELATIVE) and solves (Σ + ρI) Wᵀ = Aᵀ by
 * Cholesky; the dual solve builds K = Kˣ ∘ Kᵗ at cost P²(F_x + F_t) and solves (Λ^½KΛ^½ + PρI) c = Λ^½ x0, then
 * W = Σ_i c_i √w_i φ_i.
 * @throws DomainError naming `train`, `ridge`, `solver` or `A` (singular system, e.g. ρ = 0 with too few samples)
 */
export function fitLinearDenoiser1d(train: LinearTrainingSet, xAxis: FeatureAxis, tAxis: FeatureAxis, ridge = 0.1, solver: RidgeSolver = "auto"): LinearDenoiser1d {
  if (train == null || !(train.x instanceof Float64Array)) throw new DomainError("train", "must be a LinearTrainingSet");
  const P = train.x.length;
  if (P === 0) throw new DomainError("train", "must hold at least one sample");
  for (const k of ["x0", "t", "weight"] as const) requireFiniteArray(`train.${k}`, train[k], P);
  requireFiniteArray("train.x", train.x);
  requireInRange("ridge", ridge, 0, 1e300);
  if (solver !== "auto" && solver !== "primal" && solver !== "dual") throw new DomainError("solver", `must be "auto", "primal" or "dual"; got ${String(solver)}`);
  const Fx = xAxis.count, Ft = tAxis.count, F = Fx * Ft;
  const px = new Float64Array(P * Fx), pt = new Float64Array(P * Ft);
  for (let i = 0; i < P; i++) {
    featureAxisInto(xAxis, train.x[i], px, i * Fx);
    featureAxisInto(tAxis, train.t[i], pt, i * Ft);
  }
  const dual = solver === "dual" || (solver === "auto" && P < F);
  return { xAxis, tAxis, W: dual ? dualSolve(train, px, pt, Fx, Ft, ridge) : primalSolve(train, px, pt, Fx, Ft, ridge) };
}

function primalSolve(train: LinearTrainingSet, px: Float64Array, pt: Float64Array, Fx: number, Ft: number, ridge: number): Float64Array {
  const P = train.x.length, F = Fx * Ft;
  const S = new Float64Array(F * F);
  const rhs = new Float64Array(F);
  const ix = new Int32Array(Fx), it = new Int32Array(Ft);
  const tt = new Float64Array(Ft * Ft);
  for (let i = 0; i < P; i++) {
    const nx = activeIndices(px, i * Fx, Fx, ix);
    const nt = activeIndices(pt, i * Ft, Ft, it);
    const w = train.weight[i] / P;
    const wx0 = w * train.x0[i];
    // Kronecker structure: Σ[(a,b),(a',b')] += w φˣ_a φˣ_a' · φᵗ_b φᵗ_b' (lower triangle: (a',b') ≤ (a,b))
    for (let q = 0; q < nt; q++) for (let r = 0; r < nt; r++) tt[q * nt + r] = pt[i * Ft + it[q]] * pt[i * Ft + it[r]];
    for (let p = 0; p < nx; p++) {
      const a = ix[p], va = px[i * Fx + a];
      for (let q = 0; q < nt; q++) rhs[a * Ft + it[q]] += wx0 * va * pt[i * Ft + it[q]];
      for (let p2 = 0; p2 <= p; p2++) {
        const a2 = ix[p2], s = w * va * px[i * Fx + a2];
        for (let q = 0; q < nt; q++) {
          const row = (a * Ft + it[q]) * F + a2 * Ft;
          const lim = p2 === p ? q + 1 : nt;
          const tq = q * nt;
          for (let r = 0; r < lim; r++) S[row + it[r]] += s * tt[tq + r];
        }
      }
    }
  }
  for (let k = 0; k < F; k++) S[k * F + k] += ridge;
  return choleskySolveInPlace(S, F, rhs);
}

function dualSolve(train: LinearTrainingSet, px: Float64Array, pt: Float64Array, Fx: number, Ft: number, ridge: number): Float64Array {
  const P = train.x.length, F = Fx * Ft;
  const sw = Float64Array.from(train.weight, Math.sqrt);
  const G = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let kx = 0, kt = 0;
      for (let a = 0; a < Fx; a++) kx += px[i * Fx + a] * px[j * Fx + a];
      for (let b = 0; b < Ft; b++) kt += pt[i * Ft + b] * pt[j * Ft + b];
      G[i * P + j] = sw[i] * kx * kt * sw[j];
    }
    G[i * P + i] += P * ridge;
  }
  const c = Float64Array.from(train.x0, (v, i) => sw[i] * v);
  choleskySolveInPlace(G, P, c);
  const W = new Float64Array(F);
  for (let i = 0; i < P; i++) {
    const ci = c[i] * sw[i];
    for (let a = 0; a < Fx; a++) {
      const va = ci * px[i * Fx + a];
      if (va === 0) continue;
      for (let b = 0; b < Ft; b++) W[a * Ft + b] += va * pt[i * Ft + b];
    }
  }
  return W;
}

/**
 * μ̂(x, t) = Σ_ab W_ab φˣ_a(x) φᵗ_b(t) evaluated directly (the slow reference route).
 * @throws DomainError naming `x` or `t` (not finite)
 */
export function linearDenoiserAt(model: LinearDenoiser1d, x: number, t: number): number {
  if (!Number.isFinite(x)) throw new DomainError("x", `must be finite; got ${x}`);
  if (!Number.isFinite(t)) throw new DomainError("t", `must be finite; got ${t}`);
  const Fx = model.xAxis.count, Ft = model.tAxis.count;
  const fx = new Float64Array(Fx), ft = new Float64Array(Ft);
  featureAxisInto(model.xAxis, x, fx, 0);
  featureAxisInto(model.tAxis, t, ft, 0);
  let s = 0;
  for (let a = 0; a < Fx; a++) for (let b = 0; b < Ft; b++) s += model.W[a * Ft + b] * fx[a] * ft[b];
  return s;
}

/**
 * The denoiser table μ̂[j, i] = μ̂(xs_i, ts_j) (ts-major: row j holds all xs at time ts_j) by separable contraction
 * (spec §2 item 6): V[a, j] = Σ_b W_ab φᵗ_b(ts_j), then μ̂[j, i] = Σ_a φˣ_a(xs_i) V[a, j]. Cost F_x F_t n_t +
 * F_x n_x n_t instead of F n_x n_t; the full feature tensor is never built.
 * @throws DomainError naming `xs` or `ts` (non-finite entries)
 */
export function linearDenoiserTable1d(model: LinearDenoiser1d, xs: ArrayLike<number>, ts: ArrayLike<number>): Float64Array {
  requireFiniteArray("xs", xs);
  requireFiniteArray("ts", ts);
  const Fx = model.xAxis.count, Ft = model.tAxis.count, nx = xs.length, nt = ts.length;
  const ft = new Float64Array(Ft), fx = new Float64Array(nx * Fx);
  const V = new Float64Array(Fx * nt);
  for (let j = 0; j < nt; j++) {
    featureAxisInto(model.tAxis, ts[j], ft, 0);
    for (let a = 0; a < Fx; a++) {
      let s = 0;
      for (let b = 0; b < Ft; b++) s += model.W[a * Ft + b] * ft[b];
      V[a * nt + j] = s;
    }
  }
  for (let i = 0; i < nx; i++) featureAxisInto(model.xAxis, xs[i], fx, i * Fx);
  const out = new Float64Array(nt * nx);
  for (let j = 0; j < nt; j++) {
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let a = 0; a < Fx; a++) s += fx[i * Fx + a] * V[a * nt + j];
      out[j * nx + i] = s;
    }
  }
  return out;
}
