/**
 * The linear noise-prediction denoiser of Merger & Goldt (§2 "Denoiser", [A] one independent d × d matrix per step):
 * ε_θ(x, t) = W_t x (+ b_t in the affine variant), trained on the DDPM loss with the noise average taken exactly,
 *
 *   L_t(W) = tr[(I − s_t W)(I − s_t W)ᵀ] + a_t² tr[W Ĉ Wᵀ] + c ‖W‖²_F   (+ ‖a_t W m̂ + b‖² with a bias).
 *
 * Every trained W_t (closed form, ridge, gradient flow or discrete GD from 0) shares the eigenbasis of Ĉ, so a model
 * is a gain per eigen-mode: w_{t,i} = s_t f_{t,i} / m_{t,i}, m_{t,i} = a_t² l_i + s_t² + c, with f = 1 (converged),
 * f = 1 − e^{−2 m τ} (gradient flow) or f = 1 − (1 − 2η m)^K (K discrete GD steps). One eigen-decomposition of Ĉ
 * per data set ({@link spectralFit}) then serves every step t, ridge c and training time.
 */
import { Matrix, type AbstractMatrix } from "ml-matrix";
import { matrixFunction, solveSPD, symEig, type SymEig } from "../core/linalg.js";
import { DomainError, requireFiniteArray, requireInRange, requireInteger, requireMatrix, requirePositive, requireSymmetric } from "../core/validate.js";
import type { DdpmSchedule } from "../diffusion/ddpm.js";

/** Whether the data mean is known (μ = 0, no bias) or estimated by the affine model (bias b_t = −a_t W_t m̂). */
export type MeanMode = "known" | "estimated";

/**
 * A training set in the eigenbasis of its covariance Ĉ = V diag(l) Vᵀ: Ĉ = XᵀX/N with the mean known to be 0, or
 * the 1/N empirical covariance with m̂ the empirical mean ("estimated").
 */
export interface SpectralFit {
  readonly dim: number;
  /** number of training points N */
  readonly count: number;
  readonly meanMode: MeanMode;
  /** m̂ (zeros when the mean is known) */
  readonly mean: Float64Array;
  /** eigenvalues l_i of Ĉ, descending; the d − rank smallest are exactly 0 */
  readonly eigenvalues: Float64Array;
  /** column i is the unit eigenvector v_i */
  readonly vectors: Matrix;
  /** min(N, d) ("known") or min(N − 1, d) ("estimated") */
  readonly rank: number;
}

/** Options of {@link spectralFit}. */
export interface SpectralFitOptions {
  /** default "known": Ĉ = XᵀX/N (μ = 0, no bias); "estimated": centred 1/N covariance and the affine model */
  meanMode?: MeanMode;
}

function requireMeanMode(mode: unknown): MeanMode {
  if (mode !== "known" && mode !== "estimated") throw new DomainError("meanMode", `must be "known" or "estimated"; got ${JSON.stringify(mode)}`);
  return mode;
}

/**
 * Builds a {@link SpectralFit} from a covariance Ĉ that was already formed from N points (e.g. accumulated over
 * nested training sets). Sets exactly the d − rank smallest eigenvalues to 0 and clips negative rounding to 0 (no
 * relative threshold: at N ≈ d genuine eigenvalues can be ~1e−9; Merger & Goldt §7 "Null space").
 *
 * @param C d × d symmetric PSD covariance
 * @param count N, an integer >= 1 (>= 2 when the mean is estimated)
 * @param mean m̂ (length d) when `meanMode` is "estimated"; ignored (zeros) when "known"
 * @throws {DomainError} bad `C`, `count`, `meanMode` or `mean`
 */
export function spectralFitFromCovariance(C: AbstractMatrix, count: number, meanMode: MeanMode = "known", mean?: ArrayLike<number>): SpectralFit {
  requireSymmetric("C", C);
  const d = C.rows;
  const flat = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) flat[i * d + j] = C.get(i, j);
  return spectralFitFromArray(flat, d, count, meanMode, mean);
}

/**
 * {@link spectralFitFromCovariance} for a covariance given as a symmetric d × d row-major array (the fast path of the
 * sweeps, which accumulate Ĉ in a flat array; decomposed once by the core `symEig`).
 * @throws {DomainError} bad `C`, `count`, `meanMode` or `mean`
 */
export function spectralFitFromArray(C: ArrayLike<number>, d: number, count: number, meanMode: MeanMode = "known", mean?: ArrayLike<number>): SpectralFit {
  requireMeanMode(meanMode);
  requireInteger("d", d, 1, 10000);
  requireInteger("count", count, meanMode === "estimated" ? 2 : 1);
  const m = new Float64Array(d);
  if (meanMode === "estimated") {
    if (mean === undefined) throw new DomainError("mean", "must be given when meanMode is \"estimated\"");
    m.set(requireFiniteArray("mean", mean, d));
  }
  const rank = Math.min(d, meanMode === "estimated" ? count - 1 : count);
  const eig = symEig(Matrix.from1DArray(d, d, Array.from(requireFiniteArray("C", C, d * d))));
  const values = Float64Array.from(eig.values, (l, i) => (i >= rank ? 0 : Math.max(0, l)));
  const vectors = eig.vectors;
  return Object.freeze({ dim: d, count, meanMode, mean: m, eigenvalues: values, vectors, rank });
}

/**
 * The spectral fit of a training set X (N × d, one point per row): Ĉ = XᵀX/N ("known" mean 0) or the centred 1/N
 * covariance and mean m̂ ("estimated"), decomposed once. Cost O(N d² + d³).
 * @throws {DomainError} `X` not a finite matrix (N >= 2 rows for "estimated"), bad `options.meanMode`
 */
export function spectralFit(X: AbstractMatrix, options: SpectralFitOptions = {}): SpectralFit {
  const meanMode = requireMeanMode(options.meanMode ?? "known");
  requireMatrix("X", X);
  const n = X.rows;
  const d = X.columns;
  const mean = new Float64Array(d);
  if (meanMode === "estimated") for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += X.get(r, j) / n;
  const C = new Matrix(d, d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = X.get(r, j) - mean[j];
    for (let i = 0; i < d; i++) {
      const xi = row[i] / n;
      if (xi === 0) continue;
      for (let j = i; j < d; j++) C.set(i, j, C.get(i, j) + xi * row[j]);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) C.set(i, j, C.get(j, i));
  return spectralFitFromCovariance(C, n, meanMode, mean);
}

/**
 * The population "fit" N(μ, diag(λ)): eigenvalues λ (as given), vectors I. Run through the same weights, sampler
 * and KL it gives the N = ∞ optimum (Merger & Goldt §3 item 6, KL_opt). `mean` makes it affine ("estimated").
 * @throws {DomainError} `variances` not finite and >= 0; `mean` of the wrong length
 */
export function populationFit(variances: ArrayLike<number>, mean?: ArrayLike<number>): SpectralFit {
  requireFiniteArray("variances", variances);
  const d = variances.length;
  for (let i = 0; i < d; i++) if (variances[i] < 0) throw new DomainError("variances", `must be >= 0; entry ${i} is ${variances[i]}`);
  const m = new Float64Array(d);
  if (mean !== undefined) m.set(requireFiniteArray("mean", mean, d));
  let rank = 0;
  for (let i = 0; i < d; i++) if (variances[i] > 0) rank++;
  return Object.freeze({ dim: d, count: Infinity, meanMode: mean === undefined ? "known" : "estimated", mean: m, eigenvalues: Float64Array.from(variances), vectors: Matrix.eye(d, d), rank });
}

/**
 * How W_t was trained, from W = 0 [D]: `converged` (the minimiser), `flow` (gradient flow for a time τ = η × steps
 * on Σ_t L_t, [A] time axis: the gradient on W_t is 2(W_t M̂_t − s_t I)), or `gd` (K discrete steps of size η).
 */
export type LinearTraining = { kind: "converged" } | { kind: "flow"; tau: number } | { kind: "gd"; eta: number; steps: number };

/** Options shared by the weights, losses and sampling law of the linear model. */
export interface LinearModelOptions {
  /** ridge c >= 0 added as c‖W_t‖²_F to every L_t (same c at every t; default 0) */
  ridge?: number;
  /** default { kind: "converged" } */
  training?: LinearTraining;
}

/** Validated options. @internal */
export interface ResolvedLinearOptions {
  ridge: number;
  training: LinearTraining;
}

/** Validates {@link LinearModelOptions}. @throws {DomainError} negative ridge, bad training spec */
export function resolveLinearOptions(options: LinearModelOptions = {}): ResolvedLinearOptions {
  const ridge = requireInRange("ridge", options.ridge ?? 0, 0, Infinity);
  const training = options.training ?? { kind: "converged" };
  if (training == null || typeof training !== "object") throw new DomainError("training", "must be { kind: \"converged\" | \"flow\" | \"gd\", … }");
  if (training.kind === "flow") requireInRange("training.tau", training.tau, 0, Infinity);
  else if (training.kind === "gd") {
    requirePositive("training.eta", training.eta);
    requireInteger("training.steps", training.steps, 0, 1e12);
  } else if (training.kind !== "converged") throw new DomainError("training.kind", `must be "converged", "flow" or "gd"; got ${JSON.stringify((training as { kind: unknown }).kind)}`);
  return { ridge, training };
}

/**
 * The training factor f(m) of a mode with curvature m = a²l + s² + c: 1 (converged), 1 − e^{−2mτ} (flow),
 * 1 − (1 − 2ηm)^K (GD). GD must be stable: 2ηm < 2.
 * @throws {DomainError} `training.eta` too large for this mode (η m >= 1)
 */
export function trainingFactor(m: number, training: LinearTraining): number {
  if (training.kind === "converged") return 1;
  if (training.kind === "flow") return -Math.expm1(-2 * m * training.tau);
  const q = 2 * training.eta * m;
  if (!(q < 2)) throw new DomainError("training.eta", `must satisfy η·m < 1 for every mode (GD stability); η·m = ${q / 2} at m = ${m}`);
  return q < 1 ? -Math.expm1(training.steps * Math.log1p(-q)) : 1 - Math.pow(1 - q, training.steps);
}

function requireStep(schedule: DdpmSchedule, t: number): number {
  return requireInteger("t", t, 1, schedule.T);
}

/**
 * Per-mode gains w_{t,i} = s_t f(m_{t,i}) / m_{t,i}, m_{t,i} = a_t² l_i + s_t² + c (Merger & Goldt §2 "Closed-form
 * minimiser" and "Gradient descent"). At c = 0, converged, a missing direction (l = 0) gets w = 1/s_t.
 * @param eigenvalues l_i >= 0
 * @param t step in 1..T
 * @throws {DomainError} bad `t`, eigenvalues or options
 */
export function linearGains(eigenvalues: ArrayLike<number>, schedule: DdpmSchedule, t: number, options: LinearModelOptions = {}, out: Float64Array = new Float64Array(eigenvalues.length)): Float64Array {
  requireStep(schedule, t);
  requireFiniteArray("eigenvalues", eigenvalues);
  const { ridge, training } = resolveLinearOptions(options);
  const a2 = schedule.alphaBar[t];
  const s2 = schedule.sigma2[t];
  const s = schedule.sigma[t];
  for (let i = 0; i < eigenvalues.length; i++) {
    const m = a2 * eigenvalues[i] + s2 + ridge;
    out[i] = (s * trainingFactor(m, training)) / m;
  }
  return out;
}

/**
 * The full weight matrix W_t = V diag(w_t) Vᵀ of a spectral fit (for cross-checks and the Monte Carlo sampler).
 * @throws {DomainError} as {@link linearGains}
 */
export function linearWeights(fit: SpectralFit, schedule: DdpmSchedule, t: number, options: LinearModelOptions = {}): Matrix {
  const w = linearGains(fit.eigenvalues, schedule, t, options);
  return matrixFunction({ values: fit.eigenvalues, vectors: fit.vectors }, (_l, i) => w[i]);
}

/**
 * The ridge minimiser by a direct matrix solve, W_t* = s_t (a_t² Ĉ + (s_t² + c) I)⁻¹ (Merger & Goldt §2), an
 * independent route to the per-mode gains: no eigen-decomposition of Ĉ.
 * @throws {DomainError} bad `C`, `t` or `ridge`
 */
export function linearMinimizer(C: AbstractMatrix, schedule: DdpmSchedule, t: number, ridge = 0): Matrix {
  requireSymmetric("C", C);
  requireStep(schedule, t);
  requireInRange("ridge", ridge, 0, Infinity);
  const M = curvatureMatrix(C, schedule, t, ridge);
  return solveSPD(M, Matrix.eye(C.rows, C.rows).mul(schedule.sigma[t]));
}

/** M̂_t = a_t² Ĉ + (s_t² + c) I. */
function curvatureMatrix(C: AbstractMatrix, schedule: DdpmSchedule, t: number, ridge: number): Matrix {
  const d = C.rows;
  const M = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) M.set(i, j, schedule.alphaBar[t] * C.get(i, j) + (i === j ? schedule.sigma2[t] + ridge : 0));
  return M;
}

/**
 * GD from W = 0 in closed form through the eigenbasis of M̂_t (not of Ĉ): W_t(K) = s_t M̂⁻¹ (I − (I − 2η M̂)^K),
 * or gradient flow W_t(τ) = s_t M̂⁻¹ (I − e^{−2 M̂ τ}) (Merger & Goldt §2 "Gradient descent").
 * @throws {DomainError} bad `C`, `t`, options, or unstable η
 */
export function linearWeightsClosedForm(C: AbstractMatrix, schedule: DdpmSchedule, t: number, options: LinearModelOptions = {}): Matrix {
  requireSymmetric("C", C);
  requireStep(schedule, t);
  const { ridge, training } = resolveLinearOptions(options);
  const eig: SymEig = symEig(curvatureMatrix(C, schedule, t, ridge));
  return matrixFunction(eig, (m) => (schedule.sigma[t] * trainingFactor(m, training)) / m);
}

/**
 * Explicit gradient descent on L_t: K steps of W ← W − 2η (W M̂_t − s_t I) from `W0` (default 0) (Merger & Goldt
 * §2; MG-C12). Cost O(K d³). Stable for η < 1/max eig(M̂_t).
 * @throws {DomainError} bad `C`, `t`, `eta`, `steps` or `W0`
 */
export function explicitGradientDescent(C: AbstractMatrix, schedule: DdpmSchedule, t: number, eta: number, steps: number, ridge = 0, W0?: AbstractMatrix): Matrix {
  requireSymmetric("C", C);
  requireStep(schedule, t);
  requirePositive("eta", eta);
  requireInteger("steps", steps, 0, 1e7);
  requireInRange("ridge", ridge, 0, Infinity);
  const d = C.rows;
  const M = curvatureMatrix(C, schedule, t, ridge);
  let W = W0 === undefined ? new Matrix(d, d) : new Matrix(requireMatrix("W0", W0, { rows: d, columns: d }) as Matrix);
  const s = schedule.sigma[t];
  for (let k = 0; k < steps; k++) {
    const grad = W.mmul(M);
    for (let i = 0; i < d; i++) grad.set(i, i, grad.get(i, i) - s);
    W = W.sub(grad.mul(2 * eta));
  }
  return W;
}

/** Per-step and t-averaged losses, per dimension (loss / d). Arrays have length T; entry t − 1 is step t. */
export interface LinearLosses {
  /** train_t / d */
  train: Float64Array;
  /** test_t / d */
  test: Float64Array;
  /** (1/T) Σ_t train_t / d ([A] uniform weighting) */
  trainMean: number;
  /** (1/T) Σ_t test_t / d */
  testMean: number;
}

/** A Gaussian target N(μ, diag(λ)) in the standard basis (rotation invariance lets Σ be diagonal). */
export interface DiagonalTarget {
  /** λ_ν > 0 */
  variances: ArrayLike<number>;
  /** μ (default 0) */
  mean?: ArrayLike<number>;
}

/** Validates a target against dimension d. @internal */
export function requireTarget(target: DiagonalTarget, d: number): { variances: Float64Array; mean: Float64Array } {
  if (target == null || typeof target !== "object") throw new DomainError("target", "must be { variances, mean? }");
  requireFiniteArray("target.variances", target.variances, d);
  for (let i = 0; i < d; i++) if (!(target.variances[i] > 0)) throw new DomainError("target.variances", `must be > 0; entry ${i} is ${target.variances[i]}`);
  const mean = new Float64Array(d);
  if (target.mean !== undefined) mean.set(requireFiniteArray("target.mean", target.mean, d));
  return { variances: Float64Array.from(target.variances), mean };
}

/**
 * The projections of a target on the fit's eigenbasis: c̃_i = v_iᵀ Σ v_i, q_i = v_iᵀ Σ⁻¹ v_i and δ_i = v_iᵀ(m̂ − μ).
 * O(d²). @internal
 */
export function targetProjections(fit: SpectralFit, target: DiagonalTarget): { ctilde: Float64Array; qinv: Float64Array; delta: Float64Array } {
  const d = fit.dim;
  const { variances, mean } = requireTarget(target, d);
  const ctilde = new Float64Array(d);
  const qinv = new Float64Array(d);
  const delta = new Float64Array(d);
  const V = fit.vectors;
  for (let nu = 0; nu < d; nu++) {
    const row = V.getRow(nu);
    const lam = variances[nu];
    const dm = fit.mean[nu] - mean[nu];
    for (let i = 0; i < d; i++) {
      const v = row[i];
      ctilde[i] += v * v * lam;
      qinv[i] += (v * v) / lam;
      delta[i] += v * dm;
    }
  }
  return { ctilde, qinv, delta };
}

/**
 * Train and test losses of the linear model in the Ĉ eigenbasis (Merger & Goldt §3 item 1), per step and averaged:
 *   train_t = Σ_i [(1 − s_t w_i)² + a_t² w_i² l_i],   test_t = Σ_i [(1 − s_t w_i)² + a_t² w_i² c̃_i] (+ a_t² Σ_i w_i² δ_i²
 * for the affine model, whose bias is at its optimum b_t = −a_t W_t m̂). The ridge penalty is not part of the loss.
 * Cost O(d² + T d).
 * @throws {DomainError} bad target or options
 */
export function linearLosses(fit: SpectralFit, schedule: DdpmSchedule, target: DiagonalTarget, options: LinearModelOptions = {}): LinearLosses {
  const { ctilde, delta } = targetProjections(fit, target);
  const affine = fit.meanMode === "estimated";
  return lossesFromModes(fit.eigenvalues, affine ? ctilde.map((c, i) => c + delta[i] * delta[i]) : ctilde, schedule, resolveLinearOptions(options));
}

/**
 * The same losses from the per-mode quantities alone (Merger & Goldt §3 item 1): Ĉ-eigenvalues l_i and the target
 * variance along each mode, c̃_i = v_iᵀ Σ v_i (plus δ_i² = (v_iᵀ(m̂ − μ))² for the affine model). Only sums over
 * modes enter, so modes with equal l_i (e.g. the d − N missing directions) may share their total c̃ in any way:
 * the route of the N × N Gram matrix for N < d. Per dimension d = eigenvalues.length. Cost O(T d).
 * @throws {DomainError} arrays of unequal length or not finite, negative eigenvalues, bad options
 */
export function linearLossesFromModes(eigenvalues: ArrayLike<number>, ctilde: ArrayLike<number>, schedule: DdpmSchedule, options: LinearModelOptions = {}): LinearLosses {
  requireFiniteArray("eigenvalues", eigenvalues);
  requireFiniteArray("ctilde", ctilde, eigenvalues.length);
  for (let i = 0; i < eigenvalues.length; i++) if (eigenvalues[i] < 0) throw new DomainError("eigenvalues", `must be >= 0; entry ${i} is ${eigenvalues[i]}`);
  return lossesFromModes(eigenvalues, ctilde, schedule, resolveLinearOptions(options));
}

function lossesFromModes(eigenvalues: ArrayLike<number>, ctilde: ArrayLike<number>, schedule: DdpmSchedule, opts: ResolvedLinearOptions): LinearLosses {
  const d = eigenvalues.length;
  const T = schedule.T;
  const train = new Float64Array(T);
  const test = new Float64Array(T);
  const w = new Float64Array(d);
  let trainSum = 0;
  let testSum = 0;
  for (let t = 1; t <= T; t++) {
    linearGains(eigenvalues, schedule, t, opts, w);
    const a2 = schedule.alphaBar[t];
    const s = schedule.sigma[t];
    let tr = 0;
    let te = 0;
    for (let i = 0; i < d; i++) {
      const r = 1 - s * w[i];
      const w2 = w[i] * w[i];
      tr += r * r + a2 * w2 * eigenvalues[i];
      te += r * r + a2 * w2 * ctilde[i];
    }
    train[t - 1] = tr / d;
    test[t - 1] = te / d;
    trainSum += tr / d;
    testSum += te / d;
  }
  return { train, test, trainMean: trainSum / T, testMean: testSum / T };
}

/**
 * The population-optimal test loss per dimension, test_t^opt / d = (1/d) Σ_ν a_t² λ_ν / (a_t² λ_ν + s_t²), per step
 * (length T, entry t − 1) and averaged uniformly over t (Merger & Goldt §3 item 1).
 * @throws {DomainError} `variances` not finite and >= 0
 */
export function optimumLoss(variances: ArrayLike<number>, schedule: DdpmSchedule): { perStep: Float64Array; mean: number } {
  requireFiniteArray("variances", variances);
  const d = variances.length;
  const perStep = new Float64Array(schedule.T);
  let sum = 0;
  for (let t = 1; t <= schedule.T; t++) {
    const a2 = schedule.alphaBar[t];
    const s2 = schedule.sigma2[t];
    let v = 0;
    for (let i = 0; i < d; i++) v += (a2 * variances[i]) / (a2 * variances[i] + s2);
    perStep[t - 1] = v / d;
    sum += v / d;
  }
  return { perStep, mean: sum / schedule.T };
}
