/**
 * The N × N Gram-matrix route for N < d (Merger & Goldt §7 "Cost per (N, seed)": when N ≪ d work from the Gram
 * matrix): the known-mean training set x_n = √λ ⊙ z_n has Ĉ = XᵀX/N with the same non-zero eigenvalues as
 * K = XXᵀ/N, and eigenvectors v_i = Xᵀu_i/√(N l_i). The d − N missing directions all have l = 0, hence the same
 * gain, sampled variance and loss per unit of target variance, so only their totals
 * Σ_null c̃ = Tr Σ − Σ_range c̃_i and Σ_null q = Tr Σ⁻¹ − Σ_range q_i are needed. Cost O(N² d + N³) instead of O(d³).
 */
import { Matrix } from "ml-matrix";
import { symEig } from "../../core/linalg.js";
import type { Rng } from "../../core/rng.js";
import { DomainError, requireFiniteArray, requireInteger } from "../../core/validate.js";
import type { DdpmSchedule } from "../../diffusion/ddpm.js";
import { linearLossesFromModes, targetProjections, type LinearLosses, type SpectralFit } from "../../denoisers/linear.js";
import { modeSamplingLaw, type LinearSamplingOptions } from "../../denoisers/linear-sampling.js";
import { linearKlFromModes, type KlPair } from "../../denoisers/linear-kl.js";
import { forEachNestedFit } from "./nested.js";

/** Per-mode summary of a training set: Ĉ-eigenvalues (descending, length d) with c̃_i = v_iᵀΣv_i, q_i = v_iᵀΣ⁻¹v_i. */
export interface LinearModeSummary {
  /** l_i, descending; the d − rank smallest are exactly 0 */
  eigenvalues: Float64Array;
  /** target variance along each mode (the missing modes share their total equally) */
  ctilde: Float64Array;
  /** v_iᵀ Σ⁻¹ v_i (the missing modes share their total equally) */
  qinv: Float64Array;
  /** number of non-zero eigenvalues */
  rank: number;
}

/**
 * The {@link LinearModeSummary} of the known-mean training set x_n = √λ ⊙ z_n (n = 1..N) from its Gram matrix.
 * @param Z the standard-normal rows z_n, row-major N × d (N <= d)
 * @param N number of rows used (the first N; nested training sets)
 * @param variances the population spectrum λ (length d, > 0)
 * @throws {DomainError} N not in [1, d], Z too short, λ not positive and finite
 */
export function gramModeSummary(Z: Float64Array, N: number, variances: ArrayLike<number>): LinearModeSummary {
  requireFiniteArray("variances", variances);
  const d = variances.length;
  for (let i = 0; i < d; i++) if (!(variances[i] > 0)) throw new DomainError("variances", `must be > 0; entry ${i} is ${variances[i]}`);
  requireInteger("N", N, 1, d);
  if (Z.length < N * d) throw new DomainError("Z", `must hold at least N·d = ${N * d} numbers; got ${Z.length}`);
  const K = new Matrix(N, N);
  for (let n = 0; n < N; n++) {
    for (let m = n; m < N; m++) {
      let s = 0;
      for (let nu = 0; nu < d; nu++) s += variances[nu] * Z[n * d + nu] * Z[m * d + nu];
      K.set(n, m, s / N);
      K.set(m, n, s / N);
    }
  }
  const eig = symEig(K);
  const eigenvalues = new Float64Array(d);
  const ctilde = new Float64Array(d);
  const qinv = new Float64Array(d);
  let rank = 0;
  let traceS = 0;
  let traceInv = 0;
  for (let nu = 0; nu < d; nu++) {
    traceS += variances[nu];
    traceInv += 1 / variances[nu];
  }
  let cRange = 0;
  let qRange = 0;
  const y = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    const l = eig.values[i];
    if (!(l > 0)) break; // descending: the rest are rounding zeros
    y.fill(0);
    for (let n = 0; n < N; n++) {
      const u = eig.vectors.get(n, i);
      for (let nu = 0; nu < d; nu++) y[nu] += u * Z[n * d + nu];
    }
    let c = 0;
    let q = 0;
    let norm = 0;
    for (let nu = 0; nu < d; nu++) {
      const v2 = variances[nu] * y[nu] * y[nu]; // (√λ_ν y_ν)², before the 1/(N l) normalisation
      norm += v2;
      c += variances[nu] * v2;
      q += v2 / variances[nu];
    }
    // normalise by the computed norm (= N l up to rounding) so that each v_i is a unit vector
    eigenvalues[i] = l;
    ctilde[i] = c / norm;
    qinv[i] = q / norm;
    cRange += ctilde[i];
    qRange += qinv[i];
    rank++;
  }
  const missing = d - rank;
  for (let i = rank; i < d; i++) {
    ctilde[i] = Math.max(0, traceS - cRange) / missing;
    qinv[i] = Math.max(0, traceInv - qRange) / missing;
  }
  return { eigenvalues, ctilde, qinv, rank };
}

/**
 * The {@link LinearModeSummary} of a known-mean {@link SpectralFit} (its eigenvalues with c̃_i and q_i from the eigenvectors).
 * @throws {DomainError} bad target
 */
export function fitModeSummary(fit: SpectralFit, variances: ArrayLike<number>): LinearModeSummary {
  const { ctilde, qinv } = targetProjections(fit, { variances });
  return { eigenvalues: Float64Array.from(fit.eigenvalues), ctilde, qinv, rank: fit.rank };
}

/**
 * Nested known-mean training sets in mode form: for each size N (ascending) and spectrum, `visit(modes, k, N)` with
 * the first N rows of the stream `rng` (x_n = √λ_k ⊙ z_n, rows drawn with `rng.normals(d)` as in
 * {@link forEachNestedFit}). N < d goes through the Gram route ({@link gramModeSummary}), N >= d through one
 * eigen-decomposition of Ĉ ({@link forEachNestedFit}); both read the same rows.
 * @throws {DomainError} as {@link forEachNestedFit}
 */
export function forEachNestedModes(stream: () => Rng, spectra: Float64Array[], sizes: number[], visit: (modes: LinearModeSummary, spectrumIndex: number, size: number) => void): void {
  if (!Array.isArray(spectra) || spectra.length === 0) throw new DomainError("spectra", "must be a non-empty array");
  const d = spectra[0].length;
  if (!Array.isArray(sizes) || sizes.length === 0) throw new DomainError("sizes", "must be a non-empty array");
  sizes.forEach((N, i) => {
    requireInteger("sizes", N, 1, 1e7);
    if (i > 0 && N <= sizes[i - 1]) throw new DomainError("sizes", `must be strictly increasing; got ${sizes.join(", ")}`);
  });
  const small = sizes.filter((N) => N < d);
  const large = sizes.filter((N) => N >= d);
  if (small.length > 0) {
    const r = stream();
    const nMax = Math.max(...small);
    const Z = new Float64Array(nMax * d);
    for (let n = 0; n < nMax; n++) Z.set(r.normals(d), n * d);
    for (const N of small) spectra.forEach((lam, k) => visit(gramModeSummary(Z, N, lam), k, N));
  }
  if (large.length > 0) forEachNestedFit(stream(), { spectra, sizes: large }, (fit, k, N) => visit(fitModeSummary(fit, spectra[k]), k, N));
}

/**
 * Losses (per dimension, per step and t-averaged) and both KLs of the linear model trained on a known-mean training
 * set given in mode form, against the target N(0, diag(λ)): {@link linearLossesFromModes} and the per-mode sampling
 * law ({@link modeSamplingLaw}, computed once per distinct eigenvalue) with {@link linearKlFromModes}. O(T × distinct
 * eigenvalues + T d).
 * @throws {DomainError} bad options or target
 */
export function modalLossesAndKl(modes: LinearModeSummary, variances: ArrayLike<number>, schedule: DdpmSchedule, options: LinearSamplingOptions = {}): { losses: LinearLosses; kl: KlPair } {
  const losses = linearLossesFromModes(modes.eigenvalues, modes.ctilde, schedule, options);
  const seen = new Map<number, number>();
  const S = Float64Array.from(modes.eigenvalues, (l) => {
    let v = seen.get(l);
    if (v === undefined) seen.set(l, (v = modeSamplingLaw(l, schedule, options).variance));
    return v;
  });
  return { losses, kl: linearKlFromModes(S, modes.ctilde, modes.qinv, variances) };
}
