/**
 * Vastola's 2-D linear-in-features denoiser (spec §1.9, §2 item 6; Fig. 3): d = 2 outputs,
 *
 *   μ̂_d(x, y, t) = Σ_abc W_d,(a·F_y + b)·F_t + c φˣ_a(x) φʸ_b(y) φᵗ_c(t),
 *
 * trained by weighted ridge regression of x0 ∈ R² on the F = F_x F_y F_t tensor-product features with weights
 * w = α_t²/σ_t² (no weight guard: the official 2-D routine has none):
 *
 *   W = A (Σ + ρI)⁻¹,  Σ = (1/P) Σ_i w_i φ_i φ_iᵀ,  A = (1/P) Σ_i w_i x0_i φ_iᵀ   (ridge ρ not scaled with P),
 *
 * or, for P < F (Fig. 3: P = 500 < F = 1000), the dual form W = X0ᵀ Λ^½ (Λ^½ K Λ^½ + PρI)⁻¹ Λ^½ Φ with the Gram
 * K = ΦΦᵀ = Kˣ ∘ Kʸ ∘ Kᵗ (Hadamard product of the per-axis Grams), one Cholesky factor shared by both outputs.
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { Rng } from "../core/rng.js";
import { DomainError, requireFiniteArray, requireInteger, requireInRange } from "../core/validate.js";
import type { PointMassSet } from "../variance/pointmass.js";
import { scheduleAt } from "../variance/posterior.js";
import { featureAxisInto, type FeatureAxis } from "./axis.js";
import { choleskySolveInPlace, choleskySubstituteInPlace } from "./cholesky.js";
import type { RidgeSolver } from "./linear1d.js";

/** P training samples (x0_i ∈ R², t_i, x_i ∈ R²) with weights w_i; points are stored row-major (2 numbers each). */
export interface LinearTrainingSet2d {
  /** 2P numbers: x0_i = (x0[2i], x0[2i+1]) */
  x0: Float64Array;
  t: Float64Array;
  /** 2P numbers: x_i = (x[2i], x[2i+1]) */
  x: Float64Array;
  weight: Float64Array;
}

/** Options of {@link drawLinearTrainingSet2d}. */
export interface LinearTrainingOptions2d {
  /** number of samples P, integer in [1, 1e6] */
  samples: number;
  /** t ~ U(eps, T) */
  eps: number;
  /** default the schedule's tMax */
  T?: number;
  rng: Rng;
}

/**
 * Draws P training samples of a 2-D point-mass set (spec §1.9, official `train_phi_denoise`): for each i, m uniform
 * (one integer draw), t ~ U(ε, T) (one uniform), x = α_t μ_m + σ_t (z₁, z₂) (two normals), in that order, and
 * w = α_t²/σ_t².
 * @throws DomainError naming `set` (not 2-D), `samples`, `eps`, `T` or `rng`
 */
export function drawLinearTrainingSet2d(set: PointMassSet, schedule: ContinuousSchedule, o: LinearTrainingOptions2d): LinearTrainingSet2d {
  if (set == null || set.dim !== 2) throw new DomainError("set", "must be a 2-D PointMassSet");
  if (o == null || !(o.rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  const P = requireInteger("samples", o.samples, 1, 1e6);
  const T = o.T ?? schedule.tMax;
  requireInRange("T", T, 0, 1e300, "lo");
  requireInRange("eps", o.eps, 0, T, "both");
  const out: LinearTrainingSet2d = { x0: new Float64Array(2 * P), t: new Float64Array(P), x: new Float64Array(2 * P), weight: new Float64Array(P) };
  for (let i = 0; i < P; i++) {
    const m = o.rng.integer(set.size);
    const t = o.eps + (T - o.eps) * o.rng.uniform();
    const z1 = o.rng.normal(), z2 = o.rng.normal();
    const c = scheduleAt(schedule, t);
    const s = Math.sqrt(c.sigma2);
    const mx = set.points[2 * m], my = set.points[2 * m + 1];
    out.x0[2 * i] = mx;
    out.x0[2 * i + 1] = my;
    out.t[i] = t;
    out.x[2 * i] = c.alpha * mx + s * z1;
    out.x[2 * i + 1] = c.alpha * my + s * z2;
    out.weight[i] = (c.alpha * c.alpha) / c.sigma2;
  }
  return out;
}

/** A trained 2-D linear denoiser; W holds both outputs, W[d·F + (a·F_y + b)·F_t + c], d = 0 (x) and 1 (y). */
export interface LinearDenoiser2d {
  xAxis: FeatureAxis;
  yAxis: FeatureAxis;
  tAxis: FeatureAxis;
  /** 2F weights, output-major */
  W: Float64Array;
}

/** Per-axis feature values of every training sample: px (P × F_x), py (P × F_y), pt (P × F_t), row-major. */
function axisValues(train: LinearTrainingSet2d, xAxis: FeatureAxis, yAxis: FeatureAxis, tAxis: FeatureAxis): { px: Float64Array; py: Float64Array; pt: Float64Array } {
  const P = train.t.length, Fx = xAxis.count, Fy = yAxis.count, Ft = tAxis.count;
  const px = new Float64Array(P * Fx), py = new Float64Array(P * Fy), pt = new Float64Array(P * Ft);
  for (let i = 0; i < P; i++) {
    featureAxisInto(xAxis, train.x[2 * i], px, i * Fx);
    featureAxisInto(yAxis, train.x[2 * i + 1], py, i * Fy);
    featureAxisInto(tAxis, train.t[i], pt, i * Ft);
  }
  return { px, py, pt };
}

/**
 * Fits W by weighted ridge (spec §1.9, §2 item 6) with ridge ρ ≥ 0 (official 0.1, unscaled), both outputs at once.
 * Dual (default when P < F): the P × P Gram G = Λ^½ (Kˣ ∘ Kʸ ∘ Kᵗ) Λ^½ + PρI at cost P²(F_x + F_y + F_t)/2, one
 * Cholesky factor, two solves G c_d = Λ^½ x0_d, then W_d = Σ_i c_d,i √w_i φ_i (the P × F feature matrix is never
 * stored). Primal: Σ + ρI (F × F) accumulated from each sample's feature vector, one Cholesky factor, two solves.
 * @throws DomainError naming `train`, `ridge`, `solver` or `A` (singular system, e.g. ρ = 0 with too few samples)
 */
export function fitLinearDenoiser2d(train: LinearTrainingSet2d, xAxis: FeatureAxis, yAxis: FeatureAxis, tAxis: FeatureAxis, ridge = 0.1, solver: RidgeSolver = "auto"): LinearDenoiser2d {
  if (train == null || !(train.x instanceof Float64Array) || !(train.t instanceof Float64Array)) throw new DomainError("train", "must be a LinearTrainingSet2d");
  const P = train.t.length;
  if (P === 0) throw new DomainError("train", "must hold at least one sample");
  requireFiniteArray("train.x0", train.x0, 2 * P);
  requireFiniteArray("train.x", train.x, 2 * P);
  requireFiniteArray("train.weight", train.weight, P);
  requireFiniteArray("train.t", train.t, P);
  for (let i = 0; i < P; i++) if (!(train.weight[i] >= 0)) throw new DomainError("train.weight", `must be >= 0; entry ${i} is ${train.weight[i]}`);
  requireInRange("ridge", ridge, 0, 1e300);
  if (solver !== "auto" && solver !== "primal" && solver !== "dual") throw new DomainError("solver", `must be "auto", "primal" or "dual"; got ${String(solver)}`);
  const F = xAxis.count * yAxis.count * tAxis.count;
  const v = axisValues(train, xAxis, yAxis, tAxis);
  const dual = solver === "dual" || (solver === "auto" && P < F);
  const W = dual ? dualSolve2d(train, v, xAxis.count, yAxis.count, tAxis.count, ridge) : primalSolve2d(train, v, xAxis.count, yAxis.count, tAxis.count, ridge);
  return { xAxis, yAxis, tAxis, W };
}

/** Adds γ_d · φ(sample i) to W_d for d = 0, 1 (φ_(a,b,c) = px_a py_b pt_c; exact zeros skipped). */
function addFeatureVector(W: Float64Array, F: number, g0: number, g1: number, px: Float64Array, py: Float64Array, pt: Float64Array, i: number, Fx: number, Fy: number, Ft: number): void {
  for (let a = 0; a < Fx; a++) {
    const va = px[i * Fx + a];
    if (va === 0) continue;
    for (let b = 0; b < Fy; b++) {
      const vab = va * py[i * Fy + b];
      if (vab === 0) continue;
      const h0 = g0 * vab, h1 = g1 * vab, base = (a * Fy + b) * Ft;
      for (let c = 0; c < Ft; c++) {
        const vc = pt[i * Ft + c];
        W[base + c] += h0 * vc;
        W[F + base + c] += h1 * vc;
      }
    }
  }
}

function dualSolve2d(train: LinearTrainingSet2d, v: { px: Float64Array; py: Float64Array; pt: Float64Array }, Fx: number, Fy: number, Ft: number, ridge: number): Float64Array {
  const P = train.t.length, F = Fx * Fy * Ft;
  const { px, py, pt } = v;
  const sw = Float64Array.from(train.weight, Math.sqrt);
  const G = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let kx = 0, ky = 0, kt = 0;
      for (let a = 0; a < Fx; a++) kx += px[i * Fx + a] * px[j * Fx + a];
      for (let b = 0; b < Fy; b++) ky += py[i * Fy + b] * py[j * Fy + b];
      for (let c = 0; c < Ft; c++) kt += pt[i * Ft + c] * pt[j * Ft + c];
      G[i * P + j] = sw[i] * kx * ky * kt * sw[j];
    }
    G[i * P + i] += P * ridge;
  }
  const c0 = new Float64Array(P), c1 = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    c0[i] = sw[i] * train.x0[2 * i];
    c1[i] = sw[i] * train.x0[2 * i + 1];
  }
  choleskySolveInPlace(G, P, c0); // G now holds L
  choleskySubstituteInPlace(G, P, c1);
  const W = new Float64Array(2 * F);
  for (let i = 0; i < P; i++) addFeatureVector(W, F, c0[i] * sw[i], c1[i] * sw[i], px, py, pt, i, Fx, Fy, Ft);
  return W;
}

function primalSolve2d(train: LinearTrainingSet2d, v: { px: Float64Array; py: Float64Array; pt: Float64Array }, Fx: number, Fy: number, Ft: number, ridge: number): Float64Array {
  const P = train.t.length, F = Fx * Fy * Ft;
  const { px, py, pt } = v;
  const S = new Float64Array(F * F);
  const rhs = new Float64Array(2 * F);
  const phi = new Float64Array(F);
  const nz = new Int32Array(F);
  for (let i = 0; i < P; i++) {
    let n = 0;
    for (let a = 0; a < Fx; a++) for (let b = 0; b < Fy; b++) for (let c = 0; c < Ft; c++) {
      const f = (a * Fy + b) * Ft + c;
      const val = px[i * Fx + a] * py[i * Fy + b] * pt[i * Ft + c];
      phi[f] = val;
      if (val !== 0) nz[n++] = f;
    }
    const w = train.weight[i] / P;
    const w0 = w * train.x0[2 * i], w1 = w * train.x0[2 * i + 1];
    for (let p = 0; p < n; p++) {
      const f = nz[p], vf = phi[f], wf = w * vf;
      rhs[f] += w0 * vf;
      rhs[F + f] += w1 * vf;
      const row = f * F;
      for (let q = 0; q <= p; q++) S[row + nz[q]] += wf * phi[nz[q]];
    }
  }
  for (let k = 0; k < F; k++) S[k * F + k] += ridge;
  const r0 = rhs.subarray(0, F), r1 = rhs.subarray(F, 2 * F);
  choleskySolveInPlace(S, F, r0);
  choleskySubstituteInPlace(S, F, r1);
  return rhs;
}

/**
 * (μ̂_x, μ̂_y)(x, y, t) = Σ_f W_d,f φ_f(x, y, t) evaluated directly over all F features (the slow reference route).
 * @throws DomainError naming `x`, `y` or `t` (not finite)
 */
export function linearDenoiserAt2d(model: LinearDenoiser2d, x: number, y: number, t: number): [number, number] {
  for (const [k, v] of [["x", x], ["y", y], ["t", t]] as const) if (!Number.isFinite(v)) throw new DomainError(k, `must be finite; got ${v}`);
  const Fx = model.xAxis.count, Fy = model.yAxis.count, Ft = model.tAxis.count, F = Fx * Fy * Ft;
  const fx = new Float64Array(Fx), fy = new Float64Array(Fy), ft = new Float64Array(Ft);
  featureAxisInto(model.xAxis, x, fx, 0);
  featureAxisInto(model.yAxis, y, fy, 0);
  featureAxisInto(model.tAxis, t, ft, 0);
  let s0 = 0, s1 = 0;
  for (let a = 0; a < Fx; a++) for (let b = 0; b < Fy; b++) for (let c = 0; c < Ft; c++) {
    const f = (a * Fy + b) * Ft + c;
    const phi = fx[a] * fy[b] * ft[c];
    s0 += model.W[f] * phi;
    s1 += model.W[F + f] * phi;
  }
  return [s0, s1];
}

/**
 * The denoiser table on a lookup grid, by separable contraction (spec §2 item 6), one axis at a time:
 *   V[j, a, b, d] = Σ_c W_d,(a,b,c) φᵗ_c(ts_j),   U[j, a, iy, d] = Σ_b V[j, a, b, d] φʸ_b(ys_iy),
 *   μ̂[j, ix, iy, d] = Σ_a φˣ_a(xs_ix) U[j, a, iy, d],
 * stored at out[((j·n_x + ix)·n_y + iy)·2 + d]. Cost 2(F n_t + F_x F_y n_y n_t + F_x n_x n_y n_t) instead of
 * 2F n_x n_y n_t; the n_x × n_y × n_t × F feature tensor (9.9 GB for Fig. 3) is never built.
 * @throws DomainError naming `xs`, `ys` or `ts` (non-finite entries) or `out` (wrong length)
 */
export function linearDenoiserTable2d(model: LinearDenoiser2d, xs: ArrayLike<number>, ys: ArrayLike<number>, ts: ArrayLike<number>, out?: Float64Array): Float64Array {
  requireFiniteArray("xs", xs);
  requireFiniteArray("ys", ys);
  requireFiniteArray("ts", ts);
  const Fx = model.xAxis.count, Fy = model.yAxis.count, Ft = model.tAxis.count, F = Fx * Fy * Ft;
  const nx = xs.length, ny = ys.length, nt = ts.length;
  const size = 2 * nx * ny * nt;
  if (out !== undefined && (!(out instanceof Float64Array) || out.length !== size)) throw new DomainError("out", `must be a Float64Array of length ${size}`);
  const res = out ?? new Float64Array(size);
  const W = model.W;
  const Fx5 = 5 * Math.ceil(Fx / 5);
  const ft = new Float64Array(Ft), fy = new Float64Array(ny * Fy), fx = new Float64Array(nx * Fx5), tmp = new Float64Array(Fx);
  for (let i = 0; i < ny; i++) featureAxisInto(model.yAxis, ys[i], fy, i * Fy);
  for (let i = 0; i < nx; i++) {
    featureAxisInto(model.xAxis, xs[i], tmp, 0);
    fx.set(tmp, i * Fx5);
  }
  const V = new Float64Array(Fx * Fy * 2);
  const U = new Float64Array(Fx5 * ny * 2);
  const row = 2 * ny;
  for (let j = 0; j < nt; j++) {
    featureAxisInto(model.tAxis, ts[j], ft, 0);
    for (let ab = 0; ab < Fx * Fy; ab++) {
      let s0 = 0, s1 = 0;
      const base = ab * Ft;
      for (let c = 0; c < Ft; c++) {
        s0 += W[base + c] * ft[c];
        s1 += W[F + base + c] * ft[c];
      }
      V[2 * ab] = s0;
      V[2 * ab + 1] = s1;
    }
    for (let a = 0; a < Fx; a++) {
      for (let iy = 0; iy < ny; iy++) {
        let s0 = 0, s1 = 0;
        for (let b = 0; b < Fy; b++) {
          const p = fy[iy * Fy + b], k = 2 * (a * Fy + b);
          s0 += V[k] * p;
          s1 += V[k + 1] * p;
        }
        U[a * row + 2 * iy] = s0;
        U[a * row + 2 * iy + 1] = s1;
      }
    }
    // five features per pass over the output row (zero-padded to a multiple of 5): one store per five madds
    for (let ix = 0; ix < nx; ix++) {
      const o = (j * nx + ix) * row, q = ix * Fx5;
      for (let a = 0; a < Fx5; a += 5) {
        const p0 = fx[q + a], p1 = fx[q + a + 1], p2 = fx[q + a + 2], p3 = fx[q + a + 3], p4 = fx[q + a + 4];
        const u0 = a * row, u1 = u0 + row, u2 = u1 + row, u3 = u2 + row, u4 = u3 + row;
        if (a === 0) for (let k = 0; k < row; k++) res[o + k] = p0 * U[u0 + k] + p1 * U[u1 + k] + p2 * U[u2 + k] + p3 * U[u3 + k] + p4 * U[u4 + k];
        else for (let k = 0; k < row; k++) res[o + k] += p0 * U[u0 + k] + p1 * U[u1 + k] + p2 * U[u2 + k] + p3 * U[u3 + k] + p4 * U[u4 + k];
      }
    }
  }
  return res;
}
