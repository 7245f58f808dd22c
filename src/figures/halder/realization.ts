/**
 * One realization of Halder's setting (Halder §2): a training set x₀ ~ N(μ1, σ²I) of size N in d dimensions, its
 * one-step forward draw x_T = a x₀ + s ξ, the fitted one-step denoiser and its generated Gaussian. Every random
 * draw comes from a stream determined by (seed, d, N, rep) alone, so sweeps do not depend on scheduling.
 */
import { rng, type Rng } from "../../core/rng.js";
import { DomainError, requireFinite, requireInteger, requirePositive } from "../../core/validate.js";
import { ouForwardMap, type OuForwardMap } from "../../diffusion/ou.js";
import {
  fitOneStepLinearRows, oneStepGenerated, type CovarianceConvention, type GenerationInput, type OneStepFitKind, type OneStepLinearModel,
} from "../../denoisers/one-step.js";
import type { SpectralGaussian } from "../../memorization/spectral-gaussian.js";

/** The model parameters of Halder's setting, with the paper configuration as defaults. */
export interface HalderModel {
  /** data mean μ (default 10, the code) */
  mu: number;
  /** data standard deviation σ (default 1) */
  sigma: number;
  /** diffusion time T (default 2, the code) [A] */
  T: number;
  /** generalization parameter g = ℓe^(2T) (default 1, the code) [A] */
  g: number;
  /** the fit: `ols` (default, the code) or `avg` [A] */
  fit: OneStepFitKind;
  /** `consistent` (default) or `code` (erratum H-E1) */
  convention: CovarianceConvention;
  /** generation input: `empirical` (default, the code) or `population` [A] */
  input: GenerationInput;
}

/** The paper configuration: μ = 10, σ = 1, T = 2, g = 1, `ols`, `consistent`, `empirical`. */
export const HALDER_DEFAULTS: HalderModel = { mu: 10, sigma: 1, T: 2, g: 1, fit: "ols", convention: "consistent", input: "empirical" };

/** Fills in and validates a partial model. */
export function halderModel(p: Partial<HalderModel> = {}): HalderModel {
  const m = { ...HALDER_DEFAULTS, ...p };
  requireFinite("mu", m.mu);
  requirePositive("sigma", m.sigma);
  requirePositive("T", m.T);
  requirePositive("g", m.g);
  if (m.fit !== "ols" && m.fit !== "avg") throw new DomainError("fit", `must be "ols" or "avg"; got ${String(m.fit)}`);
  if (m.convention !== "consistent" && m.convention !== "code") throw new DomainError("convention", `must be "consistent" or "code"; got ${String(m.convention)}`);
  if (m.input !== "empirical" && m.input !== "population") throw new DomainError("input", `must be "empirical" or "population"; got ${String(m.input)}`);
  return m;
}

/** The seeded stream of realization (d, N, rep) of a sweep. */
export function realizationStream(seed: number, d: number, N: number, rep: number): Rng {
  return rng(seed).fork("halder").fork(d).fork(N).fork(rep);
}

/** A training set and its forward draw (row-major N × d). */
export interface HalderTrainingSet {
  d: number;
  N: number;
  x0: Float64Array;
  xT: Float64Array;
  map: OuForwardMap;
}

/**
 * The training set of realization (d, N, rep): x₀ = μ + σ z and x_T = a x₀ + s ξ, from the forks "x0" and "xi" of
 * {@link realizationStream}.
 */
export function halderTrainingSet(seed: number, d: number, N: number, rep: number, model: HalderModel): HalderTrainingSet {
  requireInteger("d", d, 1, 10000);
  requireInteger("N", N, 2, 1e7);
  requireInteger("rep", rep, 0);
  const stream = realizationStream(seed, d, N, rep);
  const map = ouForwardMap({ T: model.T, g: model.g, dataVariance: model.sigma ** 2 });
  const z = stream.fork("x0").normals(N * d);
  const xi = stream.fork("xi").normals(N * d);
  const s = Math.sqrt(map.s2);
  const x0 = new Float64Array(N * d);
  const xT = new Float64Array(N * d);
  for (let i = 0; i < N * d; i++) {
    x0[i] = model.mu + model.sigma * z[i];
    xT[i] = map.a * x0[i] + s * xi[i];
  }
  return { d, N, x0, xT, map };
}

/** The fitted model and its generated law for one training set. */
export function halderGenerator(set: HalderTrainingSet, model: HalderModel): { fitted: OneStepLinearModel; generated: SpectralGaussian } {
  const fitted = fitOneStepLinearRows(set.x0, set.xT, set.N, set.d, set.map, { fit: model.fit });
  const generated = oneStepGenerated(fitted, { convention: model.convention, input: model.input, mu: model.mu, sigma: model.sigma });
  return { fitted, generated };
}
