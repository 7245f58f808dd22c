/**
 * The exact sampling law of a linear DDPM (Merger & Goldt §2 "The sampling law of a linear model is Gaussian" [D]).
 * With ε_θ(u, t) = W_t u + b_t the reverse step u_{t−1} = (u_t − (β_t/s_t) ε_θ)/√(1 − β_t) + σ_t z is affine, so
 *   m_{t−1} = A_t m_t + c_t,   S_{t−1} = A_t S_t A_tᵀ + σ_t² I,   m_T = 0, S_T = I,
 * A_t = (I − (β_t/s_t) W_t)/√(1 − β_t), c_t = −(β_t/s_t) b_t/√(1 − β_t); the model samples N(m₀, S₀). When W_t shares
 * Ĉ's eigenbasis this runs per mode: S_{t−1,i} = A_{t,i}² S_{t,i} + σ_t², A_{t,i} = (m − β_t f)/(m √(1 − β_t)).
 * [A] σ_t² = β_t (default) or β̃_t, and no noise in the final step (σ_1 = 0).
 */
import { Matrix, type AbstractMatrix } from "ml-matrix";
import { requireFiniteArray, requireInRange, requireSymmetric, DomainError } from "../core/validate.js";
import type { DdpmSchedule } from "../diffusion/ddpm.js";
import type { ReverseVariance } from "../diffusion/ancestral.js";
import type { Denoiser } from "./denoiser.js";
import {
  linearGains, linearMinimizer, linearWeightsClosedForm, resolveLinearOptions, trainingFactor,
  type LinearModelOptions, type SpectralFit,
} from "./linear.js";

/** Options of the sampling law: the model's training plus the reverse-step variance [A]. */
export interface LinearSamplingOptions extends LinearModelOptions {
  /** σ_t² = β_t ("beta", default) or β̃_t ("betaTilde"); σ_1 = 0 either way */
  variance?: ReverseVariance;
}

function reverseVariances(schedule: DdpmSchedule, variance: ReverseVariance | undefined): Float64Array {
  const v = variance ?? "beta";
  if (v !== "beta" && v !== "betaTilde") throw new DomainError("variance", `must be "beta" or "betaTilde"; got ${JSON.stringify(v)}`);
  return v === "beta" ? schedule.beta : schedule.betaTilde;
}

/**
 * The sampling law of one mode with Ĉ-eigenvalue l: its variance S₀ and mean gain h₀ (the sampled mean along the
 * mode is h₀ m̂_i for the affine model), by the scalar recursions
 *   S_{t−1} = A_t² S_t + σ_t²,  h_{t−1} = A_t h_t + β_t a_t f/(m √(1 − β_t)),  S_T = 1, h_T = 0,
 * with A_t = (m − β_t f)/(m √(1 − β_t)), m = a_t² l + s_t² + c (evaluated as (m − βf)/m: a converged missing
 * direction at c = 0 gets A_1 = 0 exactly, so S₀ = 0 exactly). O(T).
 * @throws {DomainError} l < 0 or non-finite, bad options
 */
export function modeSamplingLaw(l: number, schedule: DdpmSchedule, options: LinearSamplingOptions = {}): { variance: number; meanGain: number } {
  requireInRange("l", l, 0, Infinity);
  const { ridge, training } = resolveLinearOptions(options);
  const sig2 = reverseVariances(schedule, options.variance);
  return modeLaw(l, schedule, ridge, training, sig2);
}

function modeLaw(l: number, schedule: DdpmSchedule, ridge: number, training: LinearModelOptions["training"] & object, sig2: Float64Array): { variance: number; meanGain: number } {
  const { beta, alphaBar, sigma2, alpha } = schedule;
  let S = 1;
  let h = 0;
  for (let t = schedule.T; t >= 1; t--) {
    const m = alphaBar[t] * l + sigma2[t] + ridge;
    const f = trainingFactor(m, training);
    const root = Math.sqrt(1 - beta[t]);
    const A = (m - beta[t] * f) / (m * root);
    S = A * A * S + (t === 1 ? 0 : sig2[t]);
    h = A * h + (beta[t] * alpha[t] * f) / (m * root);
  }
  return { variance: S, meanGain: h };
}

/** The Gaussian law N(m₀, S₀) sampled by a linear model, in its fit's eigenbasis: S₀ = V diag(variances) Vᵀ. */
export interface LinearSamplingLaw {
  /** S₀ along each eigenvector v_i of the fit (same order as fit.eigenvalues) */
  variances: Float64Array;
  /** the sampled mean m₀ (length d, standard basis): Σ_i h_i (v_iᵀ m̂) v_i; zero for a known-mean fit */
  mean: Float64Array;
  /** the fit's eigenvectors (columns) */
  vectors: Matrix;
}

/**
 * The exact sampling law of the linear model trained on `fit` (per-mode recursion; O(T d + d²)).
 * @throws {DomainError} bad options
 */
export function linearSamplingLaw(fit: SpectralFit, schedule: DdpmSchedule, options: LinearSamplingOptions = {}): LinearSamplingLaw {
  const { ridge, training } = resolveLinearOptions(options);
  const sig2 = reverseVariances(schedule, options.variance);
  const d = fit.dim;
  const variances = new Float64Array(d);
  const gains = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const law = modeLaw(fit.eigenvalues[i], schedule, ridge, training, sig2);
    variances[i] = law.variance;
    gains[i] = law.meanGain;
  }
  const mean = new Float64Array(d);
  if (fit.meanMode === "estimated") {
    const V = fit.vectors;
    for (let i = 0; i < d; i++) {
      let p = 0;
      for (let r = 0; r < d; r++) p += V.get(r, i) * fit.mean[r];
      const c = gains[i] * p;
      for (let r = 0; r < d; r++) mean[r] += c * V.get(r, i);
    }
  }
  return { variances, mean, vectors: fit.vectors };
}

/**
 * The same law by the full-matrix recursion m_{t−1} = A_t m_t + c_t, S_{t−1} = A_t S_t A_tᵀ + σ_t² I, with W_t
 * from a direct solve (converged/ridge, {@link linearMinimizer}) or from M̂_t's own eigenbasis (flow/GD,
 * {@link linearWeightsClosedForm}), and b_t = −a_t W_t m̂ when `mean` is given (affine model). An independent
 * cross-check of {@link linearSamplingLaw}: O(T d³), for small d.
 * @param C Ĉ, d × d
 * @param mean m̂ for the affine model (omit for the known-mean model)
 * @throws {DomainError} bad `C`, `mean` or options
 */
export function linearSamplingLawMatrix(C: AbstractMatrix, schedule: DdpmSchedule, options: LinearSamplingOptions = {}, mean?: ArrayLike<number>): { mean: Float64Array; covariance: Matrix } {
  requireSymmetric("C", C);
  const d = C.rows;
  if (mean !== undefined) requireFiniteArray("mean", mean, d);
  const opts = resolveLinearOptions(options);
  const sig2 = reverseVariances(schedule, options.variance);
  let S = Matrix.eye(d, d);
  let m = new Matrix(d, 1);
  for (let t = schedule.T; t >= 1; t--) {
    const W = opts.training.kind === "converged" ? linearMinimizer(C, schedule, t, opts.ridge) : linearWeightsClosedForm(C, schedule, t, opts);
    const k = schedule.beta[t] / schedule.sigma[t];
    const A = Matrix.eye(d, d).sub(W.clone().mul(k)).div(Math.sqrt(1 - schedule.beta[t]));
    S = A.mmul(S).mmul(A.transpose());
    if (t > 1) for (let i = 0; i < d; i++) S.set(i, i, S.get(i, i) + sig2[t]);
    m = A.mmul(m);
    if (mean !== undefined) {
      // c_t = −(β/s) b_t/√(1−β) with b_t = −a_t W_t m̂
      const Wm = W.mmul(Matrix.columnVector(Array.from(mean)));
      m = m.add(Wm.mul((k * schedule.alpha[t]) / Math.sqrt(1 - schedule.beta[t])));
    }
  }
  // symmetrise the rounding
  const cov = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov.set(i, j, (S.get(i, j) + S.get(j, i)) / 2);
  return { mean: Float64Array.from(m.getColumn(0)), covariance: cov };
}

/**
 * The trained linear model as a {@link Denoiser} for `sampleAncestral`: x̂₀(x) = (x − s_t ε̂)/a_t with
 * ε̂ = W_t x + b_t, W_t = V diag(w_t) Vᵀ, b_t = −a_t W_t m̂. The step t is recovered from `s2`, which must be one of
 * the schedule's s_t² exactly (as `sampleAncestral` passes it). Each call costs O(d²) in the eigenbasis.
 * @throws {DomainError} (at call time) `s2` not a step of `schedule`
 */
export function linearModelDenoiser(fit: SpectralFit, schedule: DdpmSchedule, options: LinearModelOptions = {}): Denoiser {
  const opts = resolveLinearOptions(options);
  const d = fit.dim;
  const steps = new Map<number, number>();
  for (let t = 1; t <= schedule.T; t++) steps.set(schedule.sigma2[t], t);
  const gains = new Float64Array((schedule.T + 1) * d);
  const w = new Float64Array(d);
  for (let t = 1; t <= schedule.T; t++) {
    linearGains(fit.eigenvalues, schedule, t, opts, w);
    gains.set(w, t * d);
  }
  const V = fit.vectors;
  const Vt = V.transpose();
  const proj = new Float64Array(d);
  return {
    dim: d,
    denoise(x, a, s2, out = new Float64Array(d)) {
      const t = steps.get(s2);
      if (t === undefined) throw new DomainError("s2", `must be a noise variance s_t² of the model's schedule; got ${s2}`);
      const s = schedule.sigma[t];
      // ε̂ = V diag(w) Vᵀ (x − a m̂)
      for (let i = 0; i < d; i++) {
        const row = Vt.getRow(i);
        let p = 0;
        for (let r = 0; r < d; r++) p += row[r] * (x[r] - a * fit.mean[r]);
        proj[i] = gains[t * d + i] * p;
      }
      for (let r = 0; r < d; r++) {
        const row = V.getRow(r);
        let e = 0;
        for (let i = 0; i < d; i++) e += row[i] * proj[i];
        out[r] = (x[r] - s * e) / a;
      }
      return out;
    },
  };
}

/**
 * Monte Carlo of the DDPM chain of a trained linear model, in the standard basis: n chains advanced together,
 * u_{t−1} = (u_t − (β_t/s_t)(W_t u_t + b_t))/√(1 − β_t) + σ_t z (σ₁ = 0), u_T ~ N(0, I), with W_t u applied as
 * V diag(w_t) Vᵀ u. Cost O(n T d²) arithmetic and n T d normal draws (drawn step by step with `rng.normals`).
 * Returns the n × d samples as a row-major Float64Array.
 * @throws {DomainError} bad `n` or options
 */
export function sampleLinearChain(fit: SpectralFit, schedule: DdpmSchedule, rng: { normals(n: number): Float64Array }, n: number, options: LinearSamplingOptions = {}): Float64Array {
  if (!Number.isInteger(n) || n < 1 || n * fit.dim > 1e8) throw new DomainError("n", `must be an integer in [1, 1e8/d]; got ${n}`);
  const opts = resolveLinearOptions(options);
  const sig2 = reverseVariances(schedule, options.variance);
  const d = fit.dim;
  const u = rng.normals(n * d);
  const Vt = fit.vectors.transpose().to1DArray();
  const V = fit.vectors.to1DArray();
  const w = new Float64Array(d);
  const y = new Float64Array(d);
  const mhat = fit.mean;
  for (let t = schedule.T; t >= 1; t--) {
    linearGains(fit.eigenvalues, schedule, t, opts, w);
    const k = schedule.beta[t] / schedule.sigma[t];
    const a = schedule.alpha[t];
    const scale = 1 / Math.sqrt(1 - schedule.beta[t]);
    const noise = t === 1 ? 0 : Math.sqrt(sig2[t]);
    const z = noise > 0 ? rng.normals(n * d) : undefined;
    for (let r = 0; r < n; r++) {
      const off = r * d;
      for (let i = 0; i < d; i++) {
        let p = 0;
        for (let c = 0; c < d; c++) p += Vt[i * d + c] * (u[off + c] - a * mhat[c]);
        y[i] = w[i] * p;
      }
      for (let c = 0; c < d; c++) {
        let e = 0;
        for (let i = 0; i < d; i++) e += V[c * d + i] * y[i];
        u[off + c] = (u[off + c] - k * e) * scale + (z ? noise * z[off + c] : 0);
      }
    }
  }
  return u;
}
