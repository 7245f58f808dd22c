/**
 * Halder's one-step linear denoiser (Halder §2 "Linear one-step denoiser", §3 items 2-3): D(y) = β₀ + β₁ y fitted on
 * pairs (x₀, x_T) of the OU one-step forward map x_T = a x₀ + s ξ, and the Gaussian law it generates.
 *
 * - `ols` [code]: least squares of x₀ on x_T with an intercept, minimum norm when N ≤ d:
 *   β₁ = Yᵀ U Λ_A⁻¹ Vᵀ from A = U Λ_A Vᵀ (A, Y the centred x_T, x₀ rows), kept at the structural rank r = min(N − 1, d).
 * - `avg`: the minimiser of the loss averaged over the forward noise, β₁ = aS(a²S + s²I)⁻¹, β₀ = (I − aβ₁)x̄.
 *
 * β₁ is held as a rank-r factorisation Σ_k b_k v_kᵀ, and the generated covariance comes from the r × r Gram of the
 * factor (one small symmetric eigendecomposition), which gives both covariance conventions and their equal spectra.
 * Gram matrices square the condition number: whenever a Gram's condition number exceeds 1e8 (fewer than 8 digits
 * left in its smallest eigenvalue, which happens near N = d + 1) the SVD of the matrix itself is used instead
 * (ml-matrix, 3-5x slower at d = 100, so only where needed).
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { symEig } from "../core/linalg.js";
import { Rng } from "../core/rng.js";
import { DomainError, requireFiniteArray, requireMatrix, requirePositive } from "../core/validate.js";
import type { OuForwardMap } from "../diffusion/ou.js";
import { trustedSpectralGaussian, type SpectralGaussian } from "../memorization/spectral-gaussian.js";
import type { Denoiser } from "./denoiser.js";

/** `ols` (least squares, the code) or `avg` (noise-averaged loss). */
export type OneStepFitKind = "ols" | "avg";
/** Σ_G = vβ₁β₁ᵀ (`consistent`, the law of β₀ + β₁z) or vβ₁ᵀβ₁ (`code`, erratum H-E1). */
export type CovarianceConvention = "consistent" | "code";
/** The generation input z ~ N(a x̄, (a²s̄² + s²)I) (`empirical`, the code) or N(aμ1, (a²σ² + s²)I) (`population`). */
export type GenerationInput = "empirical" | "population";

/** A fitted one-step linear denoiser, β₁ = Σ_{k<rank} left_k right_kᵀ. */
export interface OneStepLinearModel {
  readonly fit: OneStepFitKind;
  readonly dim: number;
  /** training-set size N */
  readonly n: number;
  /** structural rank r = min(N − 1, d) of β₁ */
  readonly rank: number;
  /** signal scale a and noise variance s² of the forward map */
  readonly a: number;
  readonly s2: number;
  readonly beta0: Float64Array;
  /** rank × d row-major: the left factors b_k (ols: columns of B = Yᵀ U Λ_A⁻¹; avg: h_k w_k) */
  readonly left: Float64Array;
  /** rank × d row-major: the right factors v_k, orthonormal (ols: right singular vectors of A; avg: eigenvectors of S) */
  readonly right: Float64Array;
  /** x̄, the training mean */
  readonly dataMean: Float64Array;
  /** s̄²: the mean over coordinates of the unbiased per-coordinate sample variances of x₀ */
  readonly meanVariance: number;
  /** avg only: the eigenvalues λ_k of S (biased covariance), aligned with `right` */
  readonly covarianceEigenvalues?: Float64Array;
}

/** Options of {@link fitOneStepLinear}. */
export interface OneStepFitOptions {
  /** `ols` (default) or `avg` */
  fit?: OneStepFitKind;
}

const rowsOf = (X: Matrix): Float64Array => {
  const out = new Float64Array(X.rows * X.columns);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.columns; j++) out[i * X.columns + j] = X.get(i, j);
  return out;
};

/**
 * One forward step per training point: x_T = a x₀ + s ξ, ξ ~ N(0, I), with fresh draws from `rng` row by row
 * (Halder §2 "Forward map"; `map` from `ouForwardMap({ T, g })`).
 * @throws {DomainError} `x0` not a finite matrix; `rng` not an Rng
 */
export function oneStepForward(x0: Matrix, map: Pick<OuForwardMap, "a" | "s2">, rng: Rng): Matrix {
  requireMatrix("x0", x0);
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  const s = Math.sqrt(requirePositive("map.s2", map.s2));
  const a = requirePositive("map.a", map.a);
  const out = new Matrix(x0.rows, x0.columns);
  for (let i = 0; i < x0.rows; i++) for (let j = 0; j < x0.columns; j++) out.set(i, j, a * x0.get(i, j) + s * rng.normal());
  return out;
}

function columnMean(x: Float64Array, n: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) m[t] += x[i * d + t];
  for (let t = 0; t < d; t++) m[t] /= n;
  return m;
}

function centre(x: Float64Array, n: number, d: number, m: Float64Array): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) out[i * d + t] = x[i * d + t] - m[t];
  return out;
}

/** XᵀX (d × d) or XXᵀ (n × n) of a row-major n × d array, as a Matrix for symEig. */
function gram(x: Float64Array, n: number, d: number, rowsSide: boolean): Matrix {
  const k = rowsSide ? n : d;
  const G = new Float64Array(k * k);
  if (rowsSide) {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += x[i * d + t] * x[j * d + t];
        G[i * k + j] = s;
        G[j * k + i] = s;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const row = i * d;
      for (let p = 0; p < d; p++) {
        const v = x[row + p];
        if (v === 0) continue;
        const gp = p * k;
        for (let q = p; q < d; q++) G[gp + q] += v * x[row + q];
      }
    }
    for (let p = 0; p < d; p++) for (let q = 0; q < p; q++) G[p * k + q] = G[q * k + p];
  }
  const M = new Matrix(k, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) M.set(i, j, G[i * k + j]);
  return M;
}

/**
 * Thin decomposition of a centred n × d array at structural rank r: singular values σ_k, right vectors v_k
 * (d-vectors) and, when n ≤ d, left vectors u_k (n-vectors; left empty when n > d), from the eigendecomposition of
 * the smaller Gram matrix.
 */
function thinDecomposition(x: Float64Array, n: number, d: number, r: number): { sv: Float64Array; u: Float64Array; v: Float64Array } {
  const fast = thinDecompositionGram(x, n, d, r);
  if (fast) return fast;
  // Ill-conditioned (near N = d + 1): a Gram matrix would square the condition number; take the SVD of x itself.
  const X = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) X.set(i, t, x[i * d + t]);
  const svd = new SingularValueDecomposition(X, { autoTranspose: true });
  const sv = Float64Array.from(svd.diagonal.slice(0, r));
  const u = new Float64Array(n <= d ? r * n : 0);
  const v = new Float64Array(r * d);
  for (let k = 0; k < r; k++) {
    if (!(sv[k] > 0)) throw new DomainError("x0", "gives a numerically rank-deficient design (repeated training points?)");
    if (n <= d) for (let i = 0; i < n; i++) u[k * n + i] = svd.leftSingularVectors.get(i, k);
    for (let t = 0; t < d; t++) v[k * d + t] = svd.rightSingularVectors.get(t, k);
  }
  return { sv, u, v };
}

/**
 * Largest squared condition number a Gram-matrix route may see: the smallest squared singular value then keeps at
 * least 8 significant digits (relative error ≈ 1e-16 · cond²). Beyond it the SVD of the factor itself is used.
 */
const GRAM_CONDITION_LIMIT = 1e8;

/** The Gram route of {@link thinDecomposition}, or undefined when it would lose more than half the digits. */
function thinDecompositionGram(x: Float64Array, n: number, d: number, r: number): { sv: Float64Array; u: Float64Array; v: Float64Array } | undefined {
  const sv = new Float64Array(r);
  const u = new Float64Array(n <= d ? r * n : 0);
  const v = new Float64Array(r * d);
  if (n <= d) {
    const { values, vectors } = symEig(gram(x, n, d, true));
    if (!(values[r - 1] * GRAM_CONDITION_LIMIT > values[0])) return undefined;
    for (let k = 0; k < r; k++) {
      const s = Math.sqrt(Math.max(values[k], 0));
      if (!(s > 0)) throw new DomainError("x0", "gives a numerically rank-deficient design (repeated training points?)");
      sv[k] = s;
      for (let i = 0; i < n; i++) u[k * n + i] = vectors.get(i, k);
      for (let i = 0; i < n; i++) {
        const ui = u[k * n + i] / s;
        for (let t = 0; t < d; t++) v[k * d + t] += x[i * d + t] * ui;
      }
    }
  } else {
    const { values, vectors } = symEig(gram(x, n, d, false));
    if (!(values[r - 1] * GRAM_CONDITION_LIMIT > values[0])) return undefined;
    for (let k = 0; k < r; k++) {
      const s = Math.sqrt(Math.max(values[k], 0));
      if (!(s > 0)) throw new DomainError("x0", "gives a numerically rank-deficient design (repeated training points?)");
      sv[k] = s;
      for (let t = 0; t < d; t++) v[k * d + t] = vectors.get(t, k);
    }
  }
  return { sv, u, v };
}

/**
 * Fits the one-step linear denoiser on N ≥ 2 pairs, given as n × d row-major arrays (the fast entry point of
 * {@link fitOneStepLinear}).
 */
export function fitOneStepLinearRows(
  x0: Float64Array, xT: Float64Array, n: number, d: number, map: Pick<OuForwardMap, "a" | "s2">, options: OneStepFitOptions = {},
): OneStepLinearModel {
  const fit = options.fit ?? "ols";
  if (fit !== "ols" && fit !== "avg") throw new DomainError("fit", `must be "ols" or "avg"; got ${String(fit)}`);
  if (!(Number.isInteger(n) && n >= 2)) throw new DomainError("x0", `must have at least 2 rows (N ≥ 2); got ${n}`);
  if (!(Number.isInteger(d) && d >= 1)) throw new DomainError("x0", `must have at least 1 column; got ${d}`);
  requireFiniteArray("x0", x0, n * d);
  requireFiniteArray("xT", xT, n * d);
  const a = requirePositive("map.a", map.a);
  const s2 = requirePositive("map.s2", map.s2);
  const r = Math.min(n - 1, d);
  const dataMean = columnMean(x0, n, d);
  const Y = centre(x0, n, d, dataMean);
  let ss = 0;
  for (let i = 0; i < n * d; i++) ss += Y[i] * Y[i];
  const meanVariance = ss / ((n - 1) * d);
  const left = new Float64Array(r * d);
  let right: Float64Array;
  let covarianceEigenvalues: Float64Array | undefined;
  const beta0 = Float64Array.from(dataMean);
  if (fit === "ols") {
    const inputMean = columnMean(xT, n, d);
    const A = centre(xT, n, d, inputMean);
    const { sv, u, v } = thinDecomposition(A, n, d, r);
    right = v;
    if (n <= d) {
      // b_k = Yᵀ u_k / σ_k
      for (let k = 0; k < r; k++) {
        const inv = 1 / sv[k];
        for (let i = 0; i < n; i++) {
          const w = u[k * n + i] * inv;
          if (w === 0) continue;
          for (let t = 0; t < d; t++) left[k * d + t] += Y[i * d + t] * w;
        }
      }
    } else {
      // b_k = YᵀA v_k / σ_k² (u_k = A v_k / σ_k), with C = YᵀA accumulated in one pass over the rows
      const C = new Float64Array(d * d);
      for (let i = 0; i < n; i++) {
        const row = i * d;
        for (let p = 0; p < d; p++) {
          const y = Y[row + p];
          const cp = p * d;
          for (let q = 0; q < d; q++) C[cp + q] += y * A[row + q];
        }
      }
      for (let k = 0; k < r; k++) {
        const inv = 1 / (sv[k] * sv[k]);
        for (let p = 0; p < d; p++) {
          let acc = 0;
          for (let q = 0; q < d; q++) acc += C[p * d + q] * right[k * d + q];
          left[k * d + p] = acc * inv;
        }
      }
    }
    // β₀ = x̄ − β₁ x̄_T
    for (let k = 0; k < r; k++) {
      let p = 0;
      for (let t = 0; t < d; t++) p += right[k * d + t] * inputMean[t];
      for (let t = 0; t < d; t++) beta0[t] -= left[k * d + t] * p;
    }
  } else {
    const { sv, v } = thinDecomposition(Y, n, d, r);
    right = v;
    covarianceEigenvalues = Float64Array.from(sv, (s) => (s * s) / n);
    for (let k = 0; k < r; k++) {
      const lambda = covarianceEigenvalues[k];
      const h = (a * lambda) / (a * a * lambda + s2);
      let p = 0;
      for (let t = 0; t < d; t++) p += right[k * d + t] * dataMean[t];
      for (let t = 0; t < d; t++) {
        left[k * d + t] = h * right[k * d + t];
        beta0[t] -= a * h * right[k * d + t] * p;
      }
    }
  }
  return { fit, dim: d, n, rank: r, a, s2, beta0, left, right, dataMean, meanVariance, ...(covarianceEigenvalues ? { covarianceEigenvalues } : {}) };
}

/**
 * Fits the one-step linear denoiser D(y) = β₀ + β₁y on the pairs (rows of x0, rows of xT) (Halder §2, §3 item 2).
 * `ols`: minimum-norm least squares with an intercept; `avg`: β₁ = aS(a²S + s²I)⁻¹, β₀ = (I − aβ₁)x̄.
 * Cost O(N d min(N, d) + min(N, d)³).
 * @throws {DomainError} N < 2; shapes differ; non-finite entries; unknown `fit`; map.a or map.s2 not > 0
 */
export function fitOneStepLinear(x0: Matrix, xT: Matrix, map: Pick<OuForwardMap, "a" | "s2">, options: OneStepFitOptions = {}): OneStepLinearModel {
  requireMatrix("x0", x0);
  requireMatrix("xT", xT, { rows: x0.rows, columns: x0.columns });
  return fitOneStepLinearRows(rowsOf(x0), rowsOf(xT), x0.rows, x0.columns, map, options);
}

/** β₁ as a d × d Matrix (Σ_k left_k right_kᵀ). */
export function oneStepBeta1(model: OneStepLinearModel): Matrix {
  const d = model.dim;
  const B = new Matrix(d, d);
  for (let k = 0; k < model.rank; k++) {
    for (let i = 0; i < d; i++) {
      const l = model.left[k * d + i];
      for (let j = 0; j < d; j++) B.set(i, j, B.get(i, j) + l * model.right[k * d + j]);
    }
  }
  return B;
}

/** β₁ y for a d-vector y, through the rank-r factorisation (O(r d)). */
export function applyOneStepBeta1(model: OneStepLinearModel, y: ArrayLike<number>, out: Float64Array = new Float64Array(model.dim)): Float64Array {
  const d = model.dim;
  out.fill(0);
  for (let k = 0; k < model.rank; k++) {
    let p = 0;
    for (let t = 0; t < d; t++) p += model.right[k * d + t] * y[t];
    for (let t = 0; t < d; t++) out[t] += model.left[k * d + t] * p;
  }
  return out;
}

/**
 * The fitted model as a {@link Denoiser}: x̂₀(y) = β₀ + β₁y. It was fitted at one (a, s²); `denoise` ignores its
 * (a, s2) arguments and always applies the fitted map.
 */
export function oneStepDenoiser(model: OneStepLinearModel): Denoiser {
  const d = model.dim;
  return {
    dim: d,
    denoise(x, _a, _s2, out = new Float64Array(d)) {
      requireFiniteArray("x", x, d);
      applyOneStepBeta1(model, x, out);
      for (let t = 0; t < d; t++) out[t] += model.beta0[t];
      return out;
    },
  };
}

/** Options of {@link oneStepGenerated}. */
export interface OneStepGenerationOptions {
  /** `consistent` (default) or `code` (erratum H-E1) */
  convention?: CovarianceConvention;
  /** `empirical` (default, the code) or `population` */
  input?: GenerationInput;
  /** μ of the data N(μ1, σ²I); needed for `population` */
  mu?: number;
  /** σ of the data; needed for `population` */
  sigma?: number;
}

/**
 * The generated law p_G = N(μ_G, Σ_G) of x = β₀ + β₁z, z ~ N(m_z, vI) (Halder §2 "Generation", §3 item 3):
 * `empirical` m_z = a x̄, v = a²s̄² + s²; `population` m_z = aμ1, v = a²σ² + s². μ_G = β₀ + β₁m_z.
 * With B the factor (d × r, columns left_k) and BᵀB = QΛ²Qᵀ: `consistent` Σ_G = vBBᵀ = v(BQΛ⁻¹)Λ²(BQΛ⁻¹)ᵀ;
 * `code` Σ_G = vβ₁ᵀβ₁ = v(VQ)Λ²(VQ)ᵀ. Both have eigenvalues vΛ_k², exactly r = min(N − 1, d) of them; the d − r
 * zeros are structural, never thresholded.
 * @throws {DomainError} unknown convention or input; μ or σ missing for `population`
 */
export function oneStepGenerated(model: OneStepLinearModel, options: OneStepGenerationOptions = {}): SpectralGaussian {
  const convention = options.convention ?? "consistent";
  const input = options.input ?? "empirical";
  if (convention !== "consistent" && convention !== "code") throw new DomainError("convention", `must be "consistent" or "code"; got ${String(convention)}`);
  if (input !== "empirical" && input !== "population") throw new DomainError("input", `must be "empirical" or "population"; got ${String(input)}`);
  const { a, s2, dim: d, rank: r } = model;
  let v: number;
  const mz = new Float64Array(d);
  if (input === "empirical") {
    v = a * a * model.meanVariance + s2;
    for (let t = 0; t < d; t++) mz[t] = a * model.dataMean[t];
  } else {
    const mu = options.mu;
    if (typeof mu !== "number" || !Number.isFinite(mu)) throw new DomainError("mu", `must be a finite number for the population input; got ${mu}`);
    const sigma = requirePositive("sigma", options.sigma as number);
    v = a * a * sigma * sigma + s2;
    mz.fill(a * mu);
  }
  const mean = applyOneStepBeta1(model, mz);
  for (let t = 0; t < d; t++) mean[t] += model.beta0[t];
  // Gram of the factor, BᵀB (r × r)
  const G = new Matrix(r, r);
  for (let k = 0; k < r; k++) {
    for (let l = k; l < r; l++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += model.left[k * d + t] * model.left[l * d + t];
      G.set(k, l, s);
      G.set(l, k, s);
    }
  }
  let { values, vectors: Q } = symEig(G);
  if (!(values[r - 1] * GRAM_CONDITION_LIMIT > values[0])) {
    // ill-conditioned factor (near N = d + 1): the SVD of the d × r factor B = P Λ Qᵀ itself, Λ² = eig(BᵀB)
    const Bm = new Matrix(d, r);
    for (let k = 0; k < r; k++) for (let t = 0; t < d; t++) Bm.set(t, k, model.left[k * d + t]);
    const svd = new SingularValueDecomposition(Bm, { autoTranspose: true });
    values = Float64Array.from(svd.diagonal.slice(0, r), (l) => l * l);
    Q = svd.rightSingularVectors;
  }
  const out = new Float64Array(r * d);
  const g = new Float64Array(r);
  const source = convention === "consistent" ? model.left : model.right;
  for (let k = 0; k < r; k++) {
    const lam2 = values[k];
    if (!(lam2 > 0)) throw new DomainError("model", "has a numerically singular factor: the structural rank is not resolved in double precision");
    g[k] = v * lam2;
    const scale = convention === "consistent" ? 1 / Math.sqrt(lam2) : 1;
    for (let j = 0; j < r; j++) {
      const q = Q.get(j, k) * scale;
      if (q === 0) continue;
      for (let t = 0; t < d; t++) out[k * d + t] += source[j * d + t] * q;
    }
  }
  canonicalizeEigenpairs(g, out, d);
  return trustedSpectralGaussian(mean, g, out);
}

/**
 * Puts eigenpairs in a canonical form, in place: descending eigenvalues, each vector signed so that its
 * largest-magnitude entry is positive. Draws x = μ + Σ √g_k u_k z_k then depend on the law, not on the solver's
 * ordering or sign conventions (so cached sweeps survive a change of eigensolver up to rounding).
 */
function canonicalizeEigenpairs(values: Float64Array, vectors: Float64Array, d: number): void {
  const r = values.length;
  const order = Array.from({ length: r }, (_, k) => k).sort((i, j) => values[j] - values[i] || i - j);
  const v0 = Float64Array.from(values);
  const u0 = Float64Array.from(vectors);
  for (let k = 0; k < r; k++) {
    const src = order[k];
    values[k] = v0[src];
    let pivot = 0;
    for (let t = 1; t < d; t++) if (Math.abs(u0[src * d + t]) > Math.abs(u0[src * d + pivot])) pivot = t;
    const sign = u0[src * d + pivot] < 0 ? -1 : 1;
    for (let t = 0; t < d; t++) vectors[k * d + t] = sign * u0[src * d + t];
  }
}
