/**
 * Multivariate Gaussians N(m, S) in R^d, possibly degenerate (singular S), held through ONE eigen-decomposition
 * S = V diag(lambda) V^T that every operation reuses: sampling, log-density, entropy and exact KL divergence.
 *
 * Rank and tolerance. Eigenvalues with |lambda| <= tol * lambda_max are set to exactly 0 (the default tol = 1e6 * eps
 * ~ 2.2e-10 is scipy's rule for `multivariate_normal`); an eigenvalue below -tol * lambda_max means S is not positive
 * semi-definite and is an error. The rank is the number of eigenvalues left positive; the support of the law is the
 * affine subspace m + range(S).
 *
 * Magnitude window. Mean entries must lie in [-1e100, 1e100] and lambda_max in {0} U [1e-100, 1e100], so that every
 * derived quantity (inverse, log-density, KL) stays inside double range. Dimensions are at most 10000 (dense d x d
 * matrices).
 */
import { Matrix, type AbstractMatrix } from "ml-matrix";
import { matrixFunction, mulTransposed, symEig, type SymEig } from "./linalg.js";
import { Rng } from "./rng.js";
import {
  DomainError, MAX_ARRAY_LENGTH, requireFiniteArray, requireInRange, requireInteger, requireMatrix, requireSymmetric,
} from "./validate.js";

/** Default relative eigenvalue tolerance: 1e6 * machine epsilon (~2.2e-10), as scipy.stats.multivariate_normal. */
export const EIGEN_TOLERANCE = 1e6 * Number.EPSILON;

const MAX_MAGNITUDE = 1e100;
/** Largest dimension: a Gaussian holds d x d matrices (800 MB at d = 1e4). */
const MAX_DIMENSION = 10000;
const MIN_SCALE = 1e-100;
const LOG_2PI = Math.log(2 * Math.PI);

/** Options of {@link gaussian} and {@link gaussianFromEig}. */
export interface GaussianOptions {
  /** relative eigenvalue tolerance in [0, 1): eigenvalues <= tolerance * lambda_max count as 0 (default ~2.2e-10) */
  tolerance?: number;
}

/** Everything a Gaussian computes lazily, once. */
interface Derived {
  covariance?: Matrix;
  precision?: Matrix;
  projector?: Matrix;
  factor?: Matrix;
  whitener?: Matrix;
  whitenerRowSum?: number;
  support?: number[];
  logPdet?: number;
}

interface Parts {
  mean: Float64Array;
  eig: SymEig;
  rank: number;
  tolerance: number;
  covariance?: Matrix;
}

let construct: (parts: Parts) => Gaussian;

/**
 * A multivariate Gaussian N(mean, S) with S = eig.vectors diag(eig.values) eig.vectors^T. Build one with
 * {@link gaussian}, {@link gaussianFromEig}, {@link isotropicGaussian} or {@link standardGaussian}. Treat it as
 * immutable: derived matrices (covariance, precision, square-root factor) are computed on first use and cached.
 */
export class Gaussian {
  /** dimension d */
  readonly dim: number;
  /** mean vector m (length d) */
  readonly mean: Float64Array;
  /** eigen-decomposition of S; values are >= 0, those within tolerance of 0 are exactly 0 (order as given) */
  readonly eig: SymEig;
  /** number of positive eigenvalues; rank < dim means a degenerate (singular) Gaussian */
  readonly rank: number;
  /** the relative eigenvalue tolerance used to decide the rank */
  readonly tolerance: number;

  private constructor(parts: Parts) {
    this.dim = parts.mean.length;
    this.mean = parts.mean;
    this.eig = parts.eig;
    this.rank = parts.rank;
    this.tolerance = parts.tolerance;
    derivedOf.set(this, { covariance: parts.covariance });
  }

  static {
    construct = (parts) => new Gaussian(parts);
  }

  /** true when S is singular (rank < dim): no density, entropy -Infinity */
  get isDegenerate(): boolean {
    return this.rank < this.dim;
  }

  /** the covariance matrix S (d x d; formed from the eigen-decomposition on first use, O(d^3 / 2)) */
  get covariance(): Matrix {
    const c = derived(this);
    c.covariance ??= matrixFunction(this.eig, (l) => l);
    return c.covariance;
  }

  /** the (pseudo-)inverse S^+ = V diag(1/lambda_i for lambda_i > 0, else 0) V^T, the precision when S is invertible */
  get precision(): Matrix {
    const c = derived(this);
    c.precision ??= matrixFunction(this.eig, (l) => (l > 0 ? 1 / l : 0));
    return c.precision;
  }

  /** ln pdet S = sum of ln lambda_i over the positive eigenvalues (= ln det S when S is invertible; 0 at rank 0) */
  get logPseudoDeterminant(): number {
    const c = derived(this);
    if (c.logPdet === undefined) {
      let s = 0;
      for (const i of support(this)) s += Math.log(this.eig.values[i]);
      c.logPdet = s;
    }
    return c.logPdet;
  }
}

const derivedOf = new WeakMap<Gaussian, Derived>();

function derived(g: Gaussian): Derived {
  return derivedOf.get(g) as Derived;
}

/** Indices of the positive eigenvalues. */
function support(g: Gaussian): number[] {
  const c = derived(g);
  if (!c.support) {
    c.support = [];
    for (let i = 0; i < g.dim; i++) if (g.eig.values[i] > 0) c.support.push(i);
  }
  return c.support;
}

/** d x k factor F = V_k diag(sqrt(lambda_k)) over the support, so that S = F F^T. */
function factor(g: Gaussian): Matrix {
  const c = derived(g);
  if (!c.factor) {
    const idx = support(g);
    const F = new Matrix(g.dim, idx.length);
    for (let j = 0; j < idx.length; j++) {
      const s = Math.sqrt(g.eig.values[idx[j]]);
      for (let r = 0; r < g.dim; r++) F.set(r, j, g.eig.vectors.get(r, idx[j]) * s);
    }
    c.factor = F;
  }
  return c.factor;
}

/** The k x d whitening map W = diag(lambda_k^{-1/2}) V_k^T: |W (x - m)|^2 is the Mahalanobis form. */
function whitener(g: Gaussian): Matrix {
  const c = derived(g);
  if (!c.whitener) {
    const idx = support(g);
    const W = new Matrix(idx.length, g.dim);
    let rowSum = 0;
    for (let j = 0; j < idx.length; j++) {
      const s = 1 / Math.sqrt(g.eig.values[idx[j]]);
      let sum = 0;
      for (let r = 0; r < g.dim; r++) {
        const w = g.eig.vectors.get(r, idx[j]) * s;
        W.set(j, r, w);
        sum += Math.abs(w);
      }
      rowSum = Math.max(rowSum, sum);
    }
    c.whitener = W;
    c.whitenerRowSum = rowSum;
  }
  return c.whitener;
}

/** Orthogonal projector onto range(S). */
function projector(g: Gaussian): Matrix {
  const c = derived(g);
  c.projector ??= matrixFunction(g.eig, (l) => (l > 0 ? 1 : 0));
  return c.projector;
}

/** |W v|^2 for the whitener W of g; +Infinity when the form overflows (never NaN). */
function mahalanobis(g: Gaussian, v: Float64Array): number {
  const W = whitener(g);
  let q = 0;
  for (let j = 0; j < W.rows; j++) {
    let y = 0;
    for (let r = 0; r < g.dim; r++) y += W.get(j, r) * v[r];
    q += y * y;
  }
  return Number.isFinite(q) ? q : Infinity;
}

/** A deterministic probe vector for O(d^2) consistency checks. */
function probe(d: number): Float64Array {
  const r = new Float64Array(d);
  for (let i = 0; i < d; i++) r[i] = ((i * 0.6180339887498949 + 0.31) % 1) - 0.5;
  return r;
}

/** Checks V^T V = I on the column norms and V V^T r = r on a probe vector (O(d^2), tolerance 1e-8). */
function requireOrthonormal(name: string, V: AbstractMatrix): void {
  const d = V.rows;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += V.get(i, j) ** 2;
    if (!(Math.abs(s - 1) <= 1e-8)) throw new DomainError(name, `must have orthonormal columns; column ${j} has squared norm ${s}`);
  }
  const r = probe(d);
  const u = new Float64Array(d);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) u[j] += V.get(i, j) * r[i];
  let err = 0;
  let norm = 0;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += V.get(i, j) * u[j];
    err += (s - r[i]) ** 2;
    norm += r[i] ** 2;
  }
  if (!(err <= 1e-16 * norm)) throw new DomainError(name, "must be an orthogonal matrix (V V^T = I failed on a probe vector)");
}

/** Validates a Gaussian argument. */
function requireGaussian(name: string, g: Gaussian): Gaussian {
  if (!(g instanceof Gaussian)) throw new DomainError(name, "must be a Gaussian (built by gaussian(), gaussianFromEig(), ...)");
  return g;
}

/** Validates the mean vector against the magnitude window. */
function readMean(mean: ArrayLike<number>, d?: number): Float64Array {
  if (mean != null && mean.length > MAX_DIMENSION) {
    throw new DomainError("mean", `must have length <= ${MAX_DIMENSION}; got ${mean.length}`);
  }
  const m = Float64Array.from(requireFiniteArray("mean", mean, d));
  for (let i = 0; i < m.length; i++) {
    if (Math.abs(m[i]) > MAX_MAGNITUDE) throw new DomainError("mean", `entries must lie in [-1e100, 1e100]; entry ${i} is ${m[i]}`);
  }
  return m;
}

/** Clamps the spectrum, checks PSD and the magnitude window, and builds the Gaussian. */
function assemble(
  mean: Float64Array,
  values: ArrayLike<number>,
  vectors: Matrix,
  tolerance: number,
  name: string,
  covariance?: Matrix,
): Gaussian {
  const d = mean.length;
  let top = -Infinity;
  for (let i = 0; i < d; i++) top = Math.max(top, values[i]);
  const threshold = tolerance * Math.max(top, 0);
  const clamped = new Float64Array(d);
  let rank = 0;
  for (let i = 0; i < d; i++) {
    const l = values[i];
    if (l < -threshold) {
      throw new DomainError(name, `must be positive semi-definite; eigenvalue ${l} < -${tolerance} * lambda_max (lambda_max = ${top})`);
    }
    if (l > threshold) {
      clamped[i] = l;
      rank++;
    }
  }
  if (top > 0 && (top < MIN_SCALE || top > MAX_MAGNITUDE)) {
    throw new DomainError(name, `must have its largest eigenvalue in {0} U [1e-100, 1e100]; got ${top}`);
  }
  return construct({ mean, eig: { values: clamped, vectors }, rank, tolerance, covariance });
}

function readTolerance(options: GaussianOptions): number {
  if (options == null || typeof options !== "object") throw new DomainError("options", "must be an object");
  return requireInRange("options.tolerance", options.tolerance ?? EIGEN_TOLERANCE, 0, 1, "hi");
}

/**
 * The Gaussian N(mean, cov). `cov` is checked (finite, symmetric within 1e-10 relative, positive SEMI-definite within
 * the tolerance) and eigen-decomposed once (O(d^3)); singular covariances are allowed and give a degenerate law of
 * rank < d supported on mean + range(cov).
 *
 * @param mean length-d vector, entries in [-1e100, 1e100]
 * @param cov d x d symmetric PSD matrix, largest eigenvalue 0 or in [1e-100, 1e100]
 * @throws {DomainError} `mean` or `cov` malformed, non-finite, of mismatched size, asymmetric, not PSD (an
 *   eigenvalue below -tolerance * lambda_max) or outside the magnitude window; `options.tolerance` outside [0, 1)
 */
export function gaussian(mean: ArrayLike<number>, cov: AbstractMatrix, options: GaussianOptions = {}): Gaussian {
  const tolerance = readTolerance(options);
  const m = readMean(mean);
  requireSymmetric("cov", cov);
  for (let i = 0; i < cov.rows; i++) {
    for (let j = 0; j < cov.columns; j++) {
      if (Math.abs(cov.get(i, j)) > MAX_MAGNITUDE) {
        throw new DomainError("cov", `entries must lie in [-1e100, 1e100]; entry (${i}, ${j}) is ${cov.get(i, j)}`);
      }
    }
  }
  if (cov.rows !== m.length) {
    throw new DomainError("cov", `must be ${m.length} x ${m.length} to match mean; got ${cov.rows} x ${cov.columns}`);
  }
  const eig = symEig(cov);
  const sym = new Matrix(m.length, m.length);
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m.length; j++) sym.set(i, j, (cov.get(i, j) + cov.get(j, i)) / 2);
  return assemble(m, eig.values, eig.vectors, tolerance, "cov", sym);
}

/**
 * The Gaussian N(mean, V diag(values) V^T) from an eigen-decomposition already at hand: no O(d^3) decomposition
 * (O(d^2) checks only). Use it for families sharing one eigenbasis, e.g. the forward-diffusion marginals
 * N(a_t m, V diag(a_t^2 lambda + s_t^2) V^T). The Gaussian keeps a reference to `eig.vectors` (do not mutate it);
 * Gaussians sharing the same `vectors` object get an O(d^2) KL divergence. Values need not be sorted.
 *
 * @param eig { values, vectors } with orthonormal vectors (checked on column norms and a probe vector, 1e-8)
 * @throws {DomainError} `mean` or `eig` malformed or of mismatched size, vectors not orthonormal, a value below
 *   -tolerance * max(values), or outside the magnitude window
 */
export function gaussianFromEig(mean: ArrayLike<number>, eig: SymEig, options: GaussianOptions = {}): Gaussian {
  const tolerance = readTolerance(options);
  const m = readMean(mean);
  const d = m.length;
  if (eig == null || typeof eig !== "object") throw new DomainError("eig", "must be an eigen-decomposition { values, vectors }");
  requireFiniteArray("eig.values", eig.values, d);
  requireMatrix("eig.vectors", eig.vectors, { rows: d, columns: d });
  requireOrthonormal("eig.vectors", eig.vectors);
  return assemble(m, eig.values, eig.vectors as Matrix, tolerance, "eig.values");
}

/**
 * The isotropic Gaussian N(mean, variance * I). No decomposition (eigenvectors = identity). variance = 0 gives the
 * point mass at `mean` (rank 0).
 *
 * @param variance >= 0, and 0 or in [1e-100, 1e100]
 * @throws {DomainError} `mean` malformed; `variance` negative, non-finite or outside the window
 */
export function isotropicGaussian(mean: ArrayLike<number>, variance: number): Gaussian {
  const m = readMean(mean);
  requireInRange("variance", variance, 0, MAX_MAGNITUDE);
  if (variance > 0 && variance < MIN_SCALE) throw new DomainError("variance", `must be 0 or in [1e-100, 1e100]; got ${variance}`);
  return assemble(m, new Float64Array(m.length).fill(variance), Matrix.eye(m.length), EIGEN_TOLERANCE, "variance");
}

/**
 * The standard Gaussian N(0, I_d).
 * @throws {DomainError} `d` not an integer in [1, 10000]
 */
export function standardGaussian(d: number): Gaussian {
  requireInteger("d", d, 1, MAX_DIMENSION);
  return isotropicGaussian(new Float64Array(d), 1);
}

/**
 * n independent draws x_i = m + V_k diag(sqrt(lambda_k)) z_i, z_i ~ N(0, I_k) over the k = rank positive
 * eigenvalues: exact for singular covariances, and every sample lies in the support m + range(S). Uses n * k normal
 * draws of `rng`, row by row. Cost O(n d k).
 *
 * @returns n x d matrix, one sample per row
 * @throws {DomainError} `g` not a Gaussian, `rng` not an Rng, `n` not an integer in [1, 1e8 / d]
 */
export function sampleGaussian(g: Gaussian, rng: Rng, n: number): Matrix {
  requireGaussian("g", g);
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  requireInteger("n", n, 1, Math.floor(MAX_ARRAY_LENGTH / g.dim));
  const d = g.dim;
  const X = g.rank === 0 ? new Matrix(n, d) : mulTransposed(rng.normalMatrix(n, g.rank), factor(g));
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.set(i, j, X.get(i, j) + g.mean[j]);
  return X;
}

/** ln N(x; m, S) for a full-rank g, given the residual x - m. */
function logDensityOfResidual(g: Gaussian, r: Float64Array): number {
  return -0.5 * (g.dim * LOG_2PI + g.logPseudoDeterminant + mahalanobis(g, r));
}

function requireDensity(g: Gaussian): void {
  if (g.rank < g.dim) {
    throw new DomainError("cov", `must be positive definite for a density to exist; rank ${g.rank} < dimension ${g.dim}`);
  }
}

/**
 * Log-density ln N(x; m, S) = -1/2 [d ln(2 pi) + ln det S + (x - m)^T S^{-1} (x - m)] (nats). Cost O(d^2) after the
 * first call. Points so far away that the quadratic form overflows give -Infinity.
 *
 * @throws {DomainError} `g` not a Gaussian or degenerate (parameter `cov`: no density exists); `x` not a finite
 *   vector of length d
 */
export function logDensity(g: Gaussian, x: ArrayLike<number>): number {
  requireGaussian("g", g);
  requireDensity(g);
  requireFiniteArray("x", x, g.dim);
  const r = new Float64Array(g.dim);
  for (let i = 0; i < g.dim; i++) r[i] = x[i] - g.mean[i];
  return logDensityOfResidual(g, r);
}

/**
 * {@link logDensity} of every row of X (n x d): out_i = ln N(X_i; m, S).
 * @throws {DomainError} as logDensity; `X` not a finite matrix with d columns
 */
export function logDensityRows(g: Gaussian, X: AbstractMatrix): Float64Array {
  requireGaussian("g", g);
  requireDensity(g);
  requireMatrix("X", X, { columns: g.dim });
  const n = X.rows;
  const d = g.dim;
  const R = new Matrix(n, d);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const r = X.get(i, j) - g.mean[j];
      R.set(i, j, r);
      largest = Math.max(largest, Math.abs(r));
    }
  }
  const W = whitener(g);
  const out = new Float64Array(n);
  const constant = d * LOG_2PI + g.logPseudoDeterminant;
  if (largest * (derived(g).whitenerRowSum as number) <= 1e150) {
    // |y_j| <= 1e150, so the blocked product R W^T cannot overflow.
    const Y = mulTransposed(R, W);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < Y.columns; j++) q += Y.get(i, j) ** 2;
      out[i] = -0.5 * (constant + q);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = logDensityOfResidual(g, Float64Array.from(R.getRow(i)));
  }
  return out;
}

/**
 * Differential entropy H = 1/2 [d (1 + ln 2 pi) + ln det S] (nats); -Infinity for a degenerate Gaussian (a law on
 * a lower-dimensional subspace has no density and differential entropy -infinity).
 * @throws {DomainError} `g` not a Gaussian
 */
export function entropy(g: Gaussian): number {
  requireGaussian("g", g);
  if (g.rank < g.dim) return -Infinity;
  return 0.5 * (g.dim * (1 + LOG_2PI) + g.logPseudoDeterminant);
}

/** Frobenius inner product <A, B> = sum_ij A_ij B_ij = tr(A B) for symmetric A, B. O(d^2). */
function frobenius(A: Matrix, B: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.columns; j++) s += A.get(i, j) * B.get(i, j);
  return s;
}

/** KL in the common eigenbasis (p.eig.vectors === q.eig.vectors): a sum over the d eigen-directions. */
function klSharedBasis(p: Gaussian, q: Gaussian, delta: Float64Array): number {
  const d = p.dim;
  const V = q.eig.vectors;
  const lp = p.eig.values;
  const lq = q.eig.values;
  let qMax = 0;
  for (let i = 0; i < d; i++) qMax = Math.max(qMax, lq[i]);
  let off = 0;
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let c = 0;
    for (let r = 0; r < d; r++) c += V.get(r, i) * delta[r];
    if (lq[i] === 0) {
      if (lp[i] !== 0) return Infinity;
      off += c * c;
    } else {
      if (lp[i] === 0) return Infinity;
      sum += lp[i] / lq[i] + (c * c) / lq[i] - 1 + Math.log(lq[i]) - Math.log(lp[i]);
    }
  }
  if (!(off <= q.tolerance * qMax)) return Infinity;
  return sum;
}

/**
 * Exact Kullback-Leibler divergence KL(p || q) = E_p[ln p - ln q] (nats):
 *   KL = 1/2 [ tr(S_q^{-1} S_p) + (m_q - m_p)^T S_q^{-1} (m_q - m_p) - d + ln det S_q - ln det S_p ].
 *
 * Degenerate laws: p << q exactly when both have the same support, i.e. range(S_p) = range(S_q) and
 * m_q - m_p in range(S_q); then the formula holds on that k-dimensional subspace (inverse -> pseudo-inverse, d -> k,
 * det -> pseudo-determinant). Otherwise (q singular and p spreading or shifted off q's support; p singular while q
 * is not; ranks differ) the result is exactly Infinity. "In the range" is judged with the tolerance of q: the
 * variance of p outside range(S_q) must be <= tol * lambda_max(S_p), the squared mean shift outside it <=
 * tol * lambda_max(S_q).
 *
 * Cost: O(d^2) once the precision of q and the covariance of p are cached (first call O(d^3)); when p and q share
 * the same `eig.vectors` object (see {@link gaussianFromEig}) the sum runs in the common eigenbasis, O(d^2).
 * Rounding below 0 is clamped to 0; the result is never NaN.
 *
 * @throws {DomainError} `p` or `q` not a Gaussian, or of different dimensions
 */
export function klDivergence(p: Gaussian, q: Gaussian): number {
  requireGaussian("p", p);
  requireGaussian("q", q);
  if (q.dim !== p.dim) throw new DomainError("q", `must have the dimension of p (${p.dim}); got ${q.dim}`);
  if (p === q) return 0;
  if (p.rank !== q.rank) return Infinity;
  const d = p.dim;
  const delta = new Float64Array(d);
  for (let i = 0; i < d; i++) delta[i] = q.mean[i] - p.mean[i];

  let kl: number;
  if (p.eig.vectors === q.eig.vectors) {
    kl = 0.5 * klSharedBasis(p, q, delta);
  } else {
    const k = q.rank;
    if (k < d) {
      let pMax = 0;
      let qMax = 0;
      for (let i = 0; i < d; i++) {
        pMax = Math.max(pMax, p.eig.values[i]);
        qMax = Math.max(qMax, q.eig.values[i]);
      }
      const P = projector(q);
      const Sp = p.covariance;
      let trace = 0;
      for (let i = 0; i < d; i++) trace += p.eig.values[i];
      if (!(trace - frobenius(P, Sp) <= q.tolerance * pMax)) return Infinity;
      let off = 0;
      for (let i = 0; i < d; i++) {
        let s = delta[i];
        for (let j = 0; j < d; j++) s -= P.get(i, j) * delta[j];
        off += s * s;
      }
      if (!(off <= q.tolerance * qMax)) return Infinity;
    }
    kl = 0.5 * (frobenius(q.precision, p.covariance) + mahalanobis(q, delta) - k + q.logPseudoDeterminant - p.logPseudoDeterminant);
  }
  if (Number.isNaN(kl)) throw new DomainError("p", "and q give a KL divergence that cannot be evaluated in double precision");
  return Math.max(0, kl);
}
