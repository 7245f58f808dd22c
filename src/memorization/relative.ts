/**
 * The relative distance Δ = D(p_G, K_train) − D(p_G, K_ref) (Halder §2 "Relative distance"): Δ > 0 means the
 * generator is farther from the kernel approximation of its training set than from that of fresh data
 * (generalization), Δ < 0 means memorization.
 * - D = squared L2: closed form, combined through a signed log-sum-exp (§3 item 8).
 * - D = KL: Δ_KL = E_{p_G}[ln K_ref − ln K_train] by Monte Carlo with its standard error, and a deterministic
 *   Jensen bracket (§3 item 9). The entropy of p_G cancels, so Δ_KL is finite for a degenerate p_G.
 */
import { Matrix } from "ml-matrix";
import { meanWithError, type MeanEstimate } from "../core/montecarlo.js";
import { Rng } from "../core/rng.js";
import { DomainError, MAX_ARRAY_LENGTH, requireInteger } from "../core/validate.js";
import { kernelLogDensityRows, kernelLogSelfOverlap, kernelRowsOf, type KernelApproximation, type KernelSelfOverlap } from "./kernel.js";
import { logDifference, signedLogSumExp, signedLogValue, type SignedLog } from "./logsumexp.js";
import { gaussianKernelJensenLower, gaussianKernelLogOverlap, requireKernelDimension } from "./overlap.js";
import { sampleSpectralRows, type SpectralGaussian } from "./spectral-gaussian.js";

/** Δ_L2 in log form and scaled by the training kernel's diagonal part Z_tr = (4πε²)^(−d/2)/N. */
export interface RelativeL2 {
  /** Δ_L2 = sign · exp(logAbs) */
  value: SignedLog;
  /** ln Z, the scale: ln of the diagonal part of ∫K_train² (= −(d/2) ln(4πσ²) under the rule) */
  logScale: number;
  /** Δ̃_L2 = Δ_L2 / Z: scale-free, same sign (may be tiny: d = 100 gives terms near e^−50) */
  scaled: number;
}

/** The four log-terms behind Δ_L2 and the Jensen bracket. */
export interface RelativeTerms {
  /** U_train = ln ∫p_G K_train */
  crossTrain: number;
  /** U_ref = ln ∫p_G K_ref */
  crossRef: number;
  /** L_train, the Jensen lower bound of E ln K_train */
  lowerTrain: number;
  /** L_ref */
  lowerRef: number;
  trainSelf: KernelSelfOverlap;
  refSelf: KernelSelfOverlap;
}

/** Options of {@link relativeDistances}. */
export interface RelativeDistanceOptions {
  /** random stream of the Monte Carlo draws of Δ_KL (required when `kl` is on) */
  rng?: Rng;
  /** Monte Carlo draws n_mc ≥ 2 (default 200) */
  nMc?: number;
  /** compute Δ_KL by Monte Carlo (default true) */
  kl?: boolean;
  /** compute Δ_L2 (default true; needs both self-overlaps) */
  l2?: boolean;
  /**
   * compute the Jensen bracket (default true). With `l2` and `bracket` both off the (N + M) r d cross terms are
   * skipped and the bracket is reported as [−Infinity, +Infinity].
   */
  bracket?: boolean;
  /** precomputed ∫K_ref² (cost M²d/2: compute once per reference set) */
  refSelfOverlap?: KernelSelfOverlap;
  /** precomputed ∫K_train² */
  trainSelfOverlap?: KernelSelfOverlap;
}

/** Everything {@link relativeDistances} computes for one generator. */
export interface RelativeDistances {
  /** Δ_L2 (absent when `l2` is false) */
  l2?: RelativeL2;
  /** Δ_KL by Monte Carlo: mean of ln K_ref(x) − ln K_train(x), x ~ p_G, with SE = sd/√n_mc */
  kl?: MeanEstimate;
  /** deterministic bracket Δ_KL ∈ [L_ref − U_train, U_ref − L_train] */
  bracket: { lower: number; upper: number };
  terms: Omit<RelativeTerms, "trainSelf" | "refSelf">;
}

/**
 * Δ_L2 = [∫K_tr² − ∫K_ref²] − 2[∫p_G K_tr − ∫p_G K_ref] (∫p_G² cancels; Halder §3 item 8). The diagonal parts of
 * the self-overlaps are subtracted analytically (exactly 0 under the rule with one σ; through expm1 otherwise),
 * then the remaining log-terms are combined by a signed log-sum-exp.
 */
export function relativeL2FromTerms(crossTrain: number, crossRef: number, trainSelf: KernelSelfOverlap, refSelf: KernelSelfOverlap): RelativeL2 {
  const value = signedLogSumExp([
    logDifference(trainSelf.logDiagonal, refSelf.logDiagonal),
    { sign: 1, logAbs: trainSelf.logOffDiagonal },
    { sign: -1, logAbs: refSelf.logOffDiagonal },
    { sign: -1, logAbs: Math.LN2 + crossTrain },
    { sign: 1, logAbs: Math.LN2 + crossRef },
  ]);
  return { value, logScale: trainSelf.logDiagonal, scaled: signedLogValue(value, trainSelf.logDiagonal) };
}

/**
 * The relative distance of a Gaussian generator p_G (possibly singular) against K_train and K_ref: Δ_L2 in closed
 * form, Δ_KL by Monte Carlo with its standard error, and the Jensen bracket of Δ_KL (Halder §3 items 8-9).
 * Cost: n_mc (N + M) d for Δ_KL, (N + M) r d for the cross terms, plus N²d/2 and M²d/2 for self-overlaps not given.
 * @throws {DomainError} dimensions differ; `nMc` not an integer ≥ 2; `rng` missing when `kl` is on
 */
export function relativeDistances(
  g: SpectralGaussian, train: KernelApproximation, ref: KernelApproximation, options: RelativeDistanceOptions = {},
): RelativeDistances {
  requireKernelDimension(g, train, "train");
  requireKernelDimension(g, ref, "ref");
  const wantKl = options.kl ?? true;
  const wantL2 = options.l2 ?? true;
  const wantBracket = options.bracket ?? true;
  const cross = wantL2 || wantBracket;
  const crossTrain = cross ? gaussianKernelLogOverlap(g, train) : Infinity;
  const crossRef = cross ? gaussianKernelLogOverlap(g, ref) : Infinity;
  const lowerTrain = wantBracket ? gaussianKernelJensenLower(g, train) : -Infinity;
  const lowerRef = wantBracket ? gaussianKernelJensenLower(g, ref) : -Infinity;
  const out: RelativeDistances = {
    bracket: { lower: lowerRef - crossTrain, upper: crossRef - lowerTrain },
    terms: { crossTrain, crossRef, lowerTrain, lowerRef },
  };
  if (wantL2) {
    const trainSelf = options.trainSelfOverlap ?? kernelLogSelfOverlap(train);
    const refSelf = options.refSelfOverlap ?? kernelLogSelfOverlap(ref);
    out.l2 = relativeL2FromTerms(crossTrain, crossRef, trainSelf, refSelf);
  }
  if (wantKl) {
    if (!(options.rng instanceof Rng)) throw new DomainError("rng", "must be an Rng when the KL relative distance is computed");
    out.kl = relativeKlMonteCarlo(g, train, ref, options.rng, options.nMc ?? 200);
  }
  return out;
}

/**
 * Δ_KL = KL(p_G‖K_train) − KL(p_G‖K_ref) = E_{p_G}[ln K_ref − ln K_train], estimated from n_mc draws of p_G (the
 * same draws for both terms) with SE = sd/√n_mc (Halder §3 item 9).
 */
export function relativeKlMonteCarlo(g: SpectralGaussian, train: KernelApproximation, ref: KernelApproximation, rng: Rng, nMc = 200): MeanEstimate {
  requireKernelDimension(g, train, "train");
  requireKernelDimension(g, ref, "ref");
  requireInteger("nMc", nMc, 2, Math.floor(MAX_ARRAY_LENGTH / g.dim));
  const x = sampleSpectralRows(g, rng, nMc);
  return relativeKlOfRows(x, nMc, train, ref);
}

/**
 * Δ_KL from n generated samples given as an n × d row-major array (n ≥ 2): the mean of ln K_ref(x) − ln K_train(x)
 * with SE = sd/√n (Halder §3 items 9, 11, 12). Used for generators that are not Gaussian, e.g. the memorizer
 * (p_G = K_train) and the oracle (p_G = p) anchors.
 * @throws {DomainError} dimensions differ; `x` not n × d; n < 2
 */
export function relativeKlRows(x: Float64Array, n: number, train: KernelApproximation, ref: KernelApproximation): MeanEstimate {
  if (ref.dim !== train.dim) throw new DomainError("ref", `must have dimension ${train.dim}; got ${ref.dim}`);
  requireInteger("n", n, 2);
  if (!(x instanceof Float64Array) || x.length !== n * train.dim) throw new DomainError("x", `must be a Float64Array of ${n} x ${train.dim} numbers`);
  return relativeKlOfRows(x, n, train, ref);
}

function relativeKlOfRows(x: Float64Array, n: number, train: KernelApproximation, ref: KernelApproximation): MeanEstimate {
  const lr = kernelLogDensityRows(ref, x, n);
  const lt = kernelLogDensityRows(train, x, n);
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = lr[i] - lt[i];
  return meanWithError(diff);
}

/**
 * Δ_KL for any generator given by its samples (rows of X, at least 2): the mean of ln K_ref(x) − ln K_train(x)
 * over the samples, with its standard error (Halder §3 item 12).
 */
export function relativeKlSamples(X: Matrix, train: KernelApproximation, ref: KernelApproximation): MeanEstimate {
  if (!Matrix.isMatrix(X) || X.columns !== train.dim) throw new DomainError("X", `must be a Matrix with ${train.dim} columns`);
  if (ref.dim !== train.dim) throw new DomainError("ref", `must have dimension ${train.dim}; got ${ref.dim}`);
  if (X.rows < 2) throw new DomainError("X", `must hold at least 2 samples; got ${X.rows}`);
  return relativeKlOfRows(kernelRowsOf(X), X.rows, train, ref);
}
