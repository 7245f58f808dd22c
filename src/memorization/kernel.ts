/**
 * The Gaussian kernel approximation of a point set, K_C(x) = (1/n) Σ_i N(x; c_i, ε² I) (Halder §2 "Gaussian kernel
 * approximation"), its log-density, its self-overlap ∫K² and the overlap and squared L2 distance between two such
 * mixtures, all in log space (Halder §3 item 7).
 *
 * Bandwidth: the `rule` ε = σ n^(−1/d) (the authors' code; ln ε = ln σ − ln(n)/d, so that (4πε²)^(−d/2)/n equals
 * (4πσ²)^(−d/2) exactly) or a `fixed` ε.
 */
import { Matrix } from "ml-matrix";
import { DomainError, requireInteger, requirePositive } from "../core/validate.js";
import { logSumExp, signedLogSumExp } from "./logsumexp.js";
import { lseSquaredDistances } from "../core/pairwise.js";
import { rowNorms, shiftRows } from "./pairs.js";

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_4PI = Math.log(4 * Math.PI);

/** How a kernel's bandwidth is chosen: `rule` ε = σ n^(−1/d) [code], or one `fixed` ε [A]. */
export type KernelBandwidthRule = "rule" | "fixed";

/** Options of {@link kernelApproximation}. */
export interface KernelOptions {
  /** `rule` (default) or `fixed` */
  bandwidth?: KernelBandwidthRule;
  /** σ > 0 of the rule ε = σ n^(−1/d) (required for `rule`) */
  sigma?: number;
  /** ε > 0 (required for `fixed`) */
  epsilon?: number;
}

/** A Gaussian kernel approximation, stored centred at the mean of its points for cancellation-free distances. */
export interface KernelApproximation {
  readonly n: number;
  readonly dim: number;
  readonly bandwidth: KernelBandwidthRule;
  /** ln ε */
  readonly logEpsilon: number;
  /** ε² */
  readonly epsilon2: number;
  /** the column mean of the points; `points` holds c_i − center */
  readonly center: Float64Array;
  /** n × d row-major, the centred points */
  readonly points: Float64Array;
  /** |c_i − center|² */
  readonly norms: Float64Array;
  /** ln σ of the rule (undefined for a fixed bandwidth): the diagonal part of ∫K² is then −(d/2) ln(4πσ²) exactly */
  readonly logSigma?: number;
}

/**
 * ln ε of the bandwidth: ln σ − ln(n)/d under the rule, ln ε when fixed (Halder §2; paper configuration σ = 1,
 * d = 100: ε(25) = 0.96832, ε(100) = 0.95499, ε(10⁴) = 0.91201).
 * @throws {DomainError} n, d not integers ≥ 1; σ or ε missing or not > 0; unknown `bandwidth`
 */
export function kernelLogEpsilon(n: number, d: number, options: KernelOptions): number {
  requireInteger("n", n, 1);
  requireInteger("d", d, 1);
  const rule = options.bandwidth ?? "rule";
  if (rule === "rule") return Math.log(requirePositive("sigma", options.sigma as number)) - Math.log(n) / d;
  if (rule === "fixed") return Math.log(requirePositive("epsilon", options.epsilon as number));
  throw new DomainError("bandwidth", `must be "rule" or "fixed"; got ${String(rule)}`);
}

/**
 * The kernel approximation of n points in R^d given as an n × d row-major array (copied).
 * @throws {DomainError} bad sizes, non-finite points, bad bandwidth options
 */
export function kernelFromRows(rows: Float64Array, n: number, d: number, options: KernelOptions): KernelApproximation {
  const logEpsilon = kernelLogEpsilon(n, d, options);
  if (!(rows instanceof Float64Array) || rows.length !== n * d) throw new DomainError("points", `must hold ${n} x ${d} numbers`);
  const center = new Float64Array(d);
  for (let i = 0; i < n * d; i++) {
    if (!Number.isFinite(rows[i])) throw new DomainError("points", `must be finite; entry ${i} is ${rows[i]}`);
    center[i % d] += rows[i] / n;
  }
  const points = shiftRows(rows, n, d, center);
  const bandwidth = options.bandwidth ?? "rule";
  return {
    n, dim: d, bandwidth, logEpsilon, epsilon2: Math.exp(2 * logEpsilon), center, points,
    norms: rowNorms(points, n, d),
    ...(bandwidth === "rule" ? { logSigma: Math.log(options.sigma as number) } : {}),
  };
}

/** An ml-matrix Matrix as an n × d row-major Float64Array. */
export function kernelRowsOf(X: Matrix): Float64Array {
  if (!Matrix.isMatrix(X)) throw new DomainError("X", "must be an ml-matrix Matrix");
  const out = new Float64Array(X.rows * X.columns);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.columns; j++) out[i * X.columns + j] = X.get(i, j);
  return out;
}

/**
 * The kernel approximation K_C(x) = (1/n) Σ_i N(x; c_i, ε² I) of the rows of `points` (Halder §2).
 * @example kernelApproximation(X, { sigma: 1 }) // rule bandwidth ε = n^(−1/d)
 */
export function kernelApproximation(points: Matrix, options: KernelOptions): KernelApproximation {
  if (!Matrix.isMatrix(points)) throw new DomainError("points", "must be an ml-matrix Matrix");
  return kernelFromRows(kernelRowsOf(points), points.rows, points.columns, options);
}

/**
 * ln K_C(x) for m query rows (m × d row-major): LSE_i(−|x − c_i|²/(2ε²)) − ln n − (d/2) ln(2πε²) (Halder §3
 * item 7). Cost m·n·d.
 */
export function kernelLogDensityRows(K: KernelApproximation, x: Float64Array, m: number): Float64Array {
  const d = K.dim;
  if (x.length !== m * d) throw new DomainError("x", `must hold ${m} x ${d} numbers; got ${x.length}`);
  const q = shiftRows(x, m, d, K.center);
  const out = new Float64Array(m);
  lseSquaredDistances(q, rowNorms(q, m, d), m, K.points, K.norms, K.n, d, 1 / (2 * K.epsilon2), out);
  const c = -Math.log(K.n) - (d / 2) * (LOG_2PI + 2 * K.logEpsilon);
  for (let i = 0; i < m; i++) out[i] += c;
  return out;
}

/** {@link kernelLogDensityRows} for the rows of a Matrix. */
export function kernelLogDensity(K: KernelApproximation, X: Matrix): Float64Array {
  if (!Matrix.isMatrix(X) || X.columns !== K.dim) throw new DomainError("X", `must be a Matrix with ${K.dim} columns`);
  return kernelLogDensityRows(K, kernelRowsOf(X), X.rows);
}

/** ln ∫K_C² split into its diagonal and off-diagonal parts (see {@link kernelLogSelfOverlap}). */
export interface KernelSelfOverlap {
  /** ln ∫K² = ln(exp(logDiagonal) + exp(logOffDiagonal)) */
  logTotal: number;
  /** −(d/2) ln(4πε²) − ln n: the i = j terms (= −(d/2) ln(4πσ²) under the rule, whatever n is) */
  logDiagonal: number;
  /** logDiagonal + ln O_C, O_C = (1/n) Σ_{i≠j} exp(−|c_i − c_j|²/(4ε²)); −Infinity for n = 1 */
  logOffDiagonal: number;
}

/**
 * The self-overlap ∫K_C² = (4πε²)^(−d/2) (1/n)(1 + O_C) in log space (Halder §3 item 7), with ln O_C from a
 * log-sum-exp over the n(n − 1)/2 pairs. Cost n²d/2: compute once per set and reuse.
 */
export function kernelLogSelfOverlap(K: KernelApproximation): KernelSelfOverlap {
  const d = K.dim;
  const logDiagonal = K.logSigma !== undefined
    ? -(d / 2) * (LOG_4PI + 2 * K.logSigma) // the rule: (4πε²)^(−d/2)/n = (4πσ²)^(−d/2), exactly
    : -(d / 2) * (LOG_4PI + 2 * K.logEpsilon) - Math.log(K.n);
  if (K.n === 1) return { logTotal: logDiagonal, logDiagonal, logOffDiagonal: -Infinity };
  const rows = new Float64Array(K.n);
  lseSquaredDistances(K.points, K.norms, K.n, K.points, K.norms, K.n, d, 1 / (4 * K.epsilon2), rows, true);
  const logO = Math.LN2 - Math.log(K.n) + logSumExp(rows);
  const logOffDiagonal = logDiagonal + logO;
  return { logTotal: logDiagonal + Math.log1p(Math.exp(logO)), logDiagonal, logOffDiagonal };
}

/**
 * ln ∫K₁K₂ = LSE_{ij}(−|a_i − b_j|²/(2(ε₁² + ε₂²))) − ln n₁ − ln n₂ − (d/2) ln(2π(ε₁² + ε₂²)), the overlap of two
 * kernel mixtures (∫N(x; a, ε₁²I) N(x; b, ε₂²I) dx = N(a; b, (ε₁² + ε₂²)I)). Cost n₁n₂d.
 */
export function kernelLogCrossOverlap(K1: KernelApproximation, K2: KernelApproximation): number {
  if (K1.dim !== K2.dim) throw new DomainError("K2", `must have dimension ${K1.dim}; got ${K2.dim}`);
  const d = K1.dim;
  const shift = new Float64Array(d);
  for (let t = 0; t < d; t++) shift[t] = K1.center[t] - K2.center[t];
  const q = shiftRows(K2.points, K2.n, d, shift);
  const e2 = K1.epsilon2 + K2.epsilon2;
  const rows = new Float64Array(K2.n);
  lseSquaredDistances(q, rowNorms(q, K2.n, d), K2.n, K1.points, K1.norms, K1.n, d, 1 / (2 * e2), rows);
  return logSumExp(rows) - Math.log(K1.n) - Math.log(K2.n) - (d / 2) * Math.log(2 * Math.PI * e2);
}

/**
 * Squared L2 distance ∫(K₁ − K₂)² = ∫K₁² + ∫K₂² − 2∫K₁K₂ between two kernel mixtures, returned as its logarithm
 * (−Infinity when it is exactly 0). The three log-terms are combined by a signed log-sum-exp, so the absolute
 * error is about 1e-16 times the largest term.
 */
export function kernelLogL2Distance(K1: KernelApproximation, K2: KernelApproximation): number {
  const s = signedLogSumExp([
    { sign: 1, logAbs: kernelLogSelfOverlap(K1).logTotal },
    { sign: 1, logAbs: kernelLogSelfOverlap(K2).logTotal },
    { sign: -1, logAbs: Math.LN2 + kernelLogCrossOverlap(K1, K2) },
  ]);
  return s.sign <= 0 ? -Infinity : s.logAbs;
}

/**
 * n draws of the kernel mixture K_C: x = c_I + ε z with I uniform on {1 … n_C} and z ~ N(0, I_d), as an n × d
 * row-major array. This is Halder's memorizer generator, p_G = K_train (§3 item 11).
 * @throws {DomainError} n not an integer ≥ 1; `rng` without `integer`/`normals`
 */
export function sampleKernelRows(K: KernelApproximation, rng: { integer(n: number): number; normals(n: number): Float64Array }, n: number): Float64Array {
  requireInteger("n", n, 1, Math.floor(2 ** 31 / Math.max(1, K.dim)));
  if (typeof rng?.integer !== "function" || typeof rng.normals !== "function") throw new DomainError("rng", "must be an Rng");
  const d = K.dim;
  const eps = Math.exp(K.logEpsilon);
  const z = rng.normals(n * d);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.integer(K.n) * d;
    for (let t = 0; t < d; t++) out[i * d + t] = K.center[t] + K.points[c + t] + eps * z[i * d + t];
  }
  return out;
}
