/**
 * Gaussian data with a power-law covariance spectrum (Merger & Goldt §2 "Data"): λ_ν ∝ ν^(−k), ν = 1..d, with a
 * trace normalisation, and samples x = μ + diag(√λ) z in the eigenbasis (rotation invariance lets Σ = diag(λ)).
 */
import { Matrix } from "ml-matrix";
import type { Rng } from "../core/rng.js";
import { DomainError, MAX_ARRAY_LENGTH, requireFinite, requireFiniteArray, requireInRange, requireInteger, requirePositive } from "../core/validate.js";

/**
 * Trace normalisation of a power-law spectrum [A]: `"d"` gives Tr Σ = d (mean variance 1, the default), `"one"`
 * gives Tr Σ = 1, a positive number gives that trace.
 */
export type TraceNormalization = "d" | "one" | number;

/** Options of {@link powerLawSpectrum}. */
export interface PowerLawOptions {
  /** trace normalisation [A], default `"d"` (Tr Σ = d) */
  trace?: TraceNormalization;
}

/**
 * The power-law spectrum λ_ν = τ ν^(−k) / Σ_μ μ^(−k), ν = 1..d, in descending order (λ₁ largest), with trace
 * τ = d (default), 1, or a given number (Merger & Goldt §2, [A] Tr Σ = d). k = 0 is the isotropic Σ = (τ/d) I.
 *
 * @param d dimension, an integer in [1, 1e6]
 * @param k decay exponent, a finite number >= 0
 * @throws {DomainError} bad `d`, `k` or `options.trace`
 */
export function powerLawSpectrum(d: number, k: number, options: PowerLawOptions = {}): Float64Array {
  requireInteger("d", d, 1, 1e6);
  requireInRange("k", k, 0, 1000);
  const trace = options.trace ?? "d";
  let tau: number;
  if (trace === "d") tau = d;
  else if (trace === "one") tau = 1;
  else if (typeof trace === "number") tau = requirePositive("options.trace", trace);
  else throw new DomainError("options.trace", `must be "d", "one" or a positive number; got ${JSON.stringify(trace)}`);
  const out = new Float64Array(d);
  let z = 0;
  for (let nu = 1; nu <= d; nu++) {
    out[nu - 1] = Math.pow(nu, -k);
    z += out[nu - 1];
  }
  for (let i = 0; i < d; i++) out[i] *= tau / z;
  return out;
}

/**
 * N samples (rows) of the Gaussian N(μ, diag(λ)): x_n = μ + √λ ⊙ z_n, with z_n drawn row by row from `rng`, so the
 * first N' rows of a draw of N > N' rows equal a draw of N' rows from the same stream (nested training sets).
 *
 * @param variances λ, finite and >= 0 (length d)
 * @param n number of samples, an integer in [1, 1e8 / d]
 * @param mean μ (length d; default 0)
 * @throws {DomainError} bad `variances`, `n` or `mean`
 */
export function sampleDiagonalGaussian(variances: ArrayLike<number>, n: number, rng: Rng, mean?: ArrayLike<number>): Matrix {
  requireFiniteArray("variances", variances);
  const d = variances.length;
  for (let i = 0; i < d; i++) if (variances[i] < 0) throw new DomainError("variances", `must be >= 0; entry ${i} is ${variances[i]}`);
  requireInteger("n", n, 1, Math.floor(MAX_ARRAY_LENGTH / d));
  if (mean !== undefined) requireFiniteArray("mean", mean, d);
  const sd = Float64Array.from(variances, Math.sqrt);
  const X = new Matrix(n, d);
  for (let r = 0; r < n; r++) {
    const z = rng.normals(d);
    for (let i = 0; i < d; i++) X.set(r, i, (mean ? mean[i] : 0) + sd[i] * z[i]);
  }
  return X;
}

/**
 * Power-law data in one call: N samples of N(μ, diag(powerLawSpectrum(d, k))).
 * @throws {DomainError} as {@link powerLawSpectrum} and {@link sampleDiagonalGaussian}
 */
export function samplePowerLawData(d: number, k: number, n: number, rng: Rng, options: PowerLawOptions & { mean?: ArrayLike<number> } = {}): Matrix {
  return sampleDiagonalGaussian(powerLawSpectrum(d, k, options), n, rng, options.mean);
}

/** The mean vector μ = (value, …, value, 0, …, 0) with `count` leading entries (MG-C14 uses 5 ones). */
export function leadingMean(d: number, count: number, value = 1): Float64Array {
  requireInteger("d", d, 1, 1e6);
  requireInteger("count", count, 0, d);
  requireFinite("value", value);
  const m = new Float64Array(d);
  m.fill(value, 0, count);
  return m;
}
