/**
 * H-S1 (stretch, Halder §4 H-S1 and §3 item 12): the design of the small nonlinear DDPM experiment, its data, and
 * the metrics that judge ANY sampler from its generated samples alone:
 * - Δ_KL = mean over the generated x of ln K_ref(x) − ln K_train(x) (> 0: generalization, < 0: memorization), with
 *   K_ref the rule-bandwidth kernel approximation of M fresh draws of p and K_train that of the N training points;
 * - the KL(N(m̂, Ĉ)‖p) of the maximum-likelihood Gaussian fit to the samples;
 * - the share of samples with |x − nn₁|/|x − nn₂| < 1/3 (nn₁, nn₂: the two nearest training points).
 * Everything here is a pure function of samples, so it is tested with stand-in generators: the training set itself
 * (a perfect memorizer) and fresh draws of p (a perfect generalizer).
 */
import { Matrix } from "ml-matrix";
import { gaussian, klDivergence } from "../../core/gaussian.js";
import { columnMeans, sampleCovariance } from "../../core/linalg.js";
import { rng, Rng } from "../../core/rng.js";
import { DomainError, requireFiniteArray, requireInteger, requirePositive } from "../../core/validate.js";
import { ddpmSchedule, type DdpmSchedule } from "../../diffusion/ddpm.js";
import { kernelApproximation, type KernelApproximation } from "../../memorization/kernel.js";
import { memorizedFraction } from "../../memorization/nearest.js";
import { halderParamsHash } from "./cache.js";
import { relativeKlSamples } from "../../memorization/relative.js";

/**
 * The design of H-S1 (Halder §4 H-S1; every field is an [A] reconstruction with the spec's default). Data: pixels
 * N(0.5, 0.1²) mapped to model space y = 2x − 1, so p = N(0, σ²I) with σ = 0.2, in d = 16 (4 × 4).
 */
export interface HalderStretchDesign {
  /** data dimension d (default 16: a 4 × 4 image) */
  d: number;
  /** σ of p = N(0, σ² I) in model units (default 0.2 = 2 × the pixel standard deviation 0.1) */
  sigma: number;
  /** DDPM steps K (default 200) */
  K: number;
  /** linear β from betaStart to betaEnd (defaults 1e-4 and 0.05) */
  betaStart: number;
  betaEnd: number;
  /**
   * β_t spacing: "ho" (β_1 = betaStart, β_K = betaEnd; default) gives ᾱ_K = 0.006122, the spec's 0.00612;
   * "merger-goldt" (β_t = βstart + (βend − βstart) t/K) would give 0.005969
   */
  indexing: "ho" | "merger-goldt";
  /** hidden widths of the MLP (default [128, 128]) */
  hidden: number[];
  /** the nonlinearity (default "silu") */
  activation: "relu" | "silu";
  /** size of the sinusoidal time embedding (even; default 32 [A]) */
  timeEmbedding: number;
  /** Adam learning rate (default 1e-3) */
  learningRate: number;
  /** minibatch size, drawn with replacement from the N training rows (default 128) */
  batchSize: number;
  /** Adam steps S of the main curve (default 2000) */
  steps: number;
  /** the budget variants (default [500, 6000]) */
  budgets: number[];
  /**
   * the N at which the budget variants are trained (default undefined: the whole grid, like the main S). A subset,
   * e.g. {4, 32, 64} around the zero of the main curve where H-C17 is decided, saves most of the cost of a sweep: a
   * 6000-step training takes about 80 s on one core.
   */
  budgetGrid?: number[];
  /** the training-set sizes N (default {2, 4, 8, 16, 32, 64, 128, 256, 1024}) */
  grid: number[];
  /** independent seeds (training set, initialisation, minibatches, sampling) per N (default 2) */
  seeds: number;
  /** generated samples per model n_gen (default 1000) */
  nGen: number;
  /** fresh draws of p behind K_ref (default 10⁴) */
  M: number;
  /** the nearest-neighbour ratio of the memorization test (default 1/3) */
  ratio: number;
  /** reverse-step variance of the ancestral sampler: σ_t² = β_t ("beta", default) or β̃_t */
  variance: "beta" | "betaTilde";
  /** root seed of every random draw (default 1) */
  seed: number;
}

/** The spec's defaults (Halder §4 H-S1). */
export const H_S1_DEFAULTS: Readonly<HalderStretchDesign> = Object.freeze({
  d: 16, sigma: 0.2, K: 200, betaStart: 1e-4, betaEnd: 0.05, indexing: "ho" as const,
  hidden: [128, 128], activation: "silu" as const, timeEmbedding: 32,
  learningRate: 1e-3, batchSize: 128, steps: 2000, budgets: [500, 6000],
  grid: [2, 4, 8, 16, 32, 64, 128, 256, 1024], seeds: 2,
  nGen: 1000, M: 10000, ratio: 1 / 3, variance: "beta" as const, seed: 1,
});

/**
 * The resolved, validated design: the spec's defaults with `overrides` applied.
 * @throws {DomainError} naming the bad field (integers ≥ their minimum, positive reals, option names, N ≥ 2)
 */
export function halderStretchDesign(overrides: Partial<HalderStretchDesign> = {}): HalderStretchDesign {
  const p: HalderStretchDesign = {
    ...H_S1_DEFAULTS, hidden: [...H_S1_DEFAULTS.hidden], budgets: [...H_S1_DEFAULTS.budgets], grid: [...H_S1_DEFAULTS.grid], ...overrides,
  };
  requireInteger("d", p.d, 1, 4096);
  requirePositive("sigma", p.sigma);
  requireInteger("K", p.K, 1, 1e5);
  if (p.indexing !== "ho" && p.indexing !== "merger-goldt") throw new DomainError("indexing", `must be "ho" or "merger-goldt"; got ${String(p.indexing)}`);
  if (!Array.isArray(p.hidden) || p.hidden.length === 0) throw new DomainError("hidden", "must list at least one hidden width");
  p.hidden.forEach((h) => requireInteger("hidden", h, 1, 1e5));
  if (p.activation !== "relu" && p.activation !== "silu") throw new DomainError("activation", `must be "relu" or "silu"; got ${String(p.activation)}`);
  requireInteger("timeEmbedding", p.timeEmbedding, 2, 4096);
  if (p.timeEmbedding % 2 !== 0) throw new DomainError("timeEmbedding", `must be even; got ${p.timeEmbedding}`);
  requirePositive("learningRate", p.learningRate);
  requireInteger("batchSize", p.batchSize, 1, 1e6);
  requireInteger("steps", p.steps, 1, 1e7);
  if (!Array.isArray(p.budgets)) throw new DomainError("budgets", "must be an array of step counts");
  p.budgets.forEach((s) => requireInteger("budgets", s, 1, 1e7));
  if (!Array.isArray(p.grid) || p.grid.length === 0) throw new DomainError("grid", "must list at least one N");
  p.grid.forEach((N) => requireInteger("grid", N, 2, 1e6));
  for (let i = 1; i < p.grid.length; i++) if (!(p.grid[i] > p.grid[i - 1])) throw new DomainError("grid", "must be strictly increasing");
  if (p.budgetGrid !== undefined) {
    if (!Array.isArray(p.budgetGrid) || p.budgetGrid.some((N) => !p.grid.includes(N))) throw new DomainError("budgetGrid", `must list values of the grid {${p.grid.join(", ")}}`);
    p.budgetGrid = [...p.budgetGrid];
  }
  requireInteger("seeds", p.seeds, 1, 1000);
  requireInteger("nGen", p.nGen, 2, 1e6);
  requireInteger("M", p.M, 2, 1e6);
  requirePositive("ratio", p.ratio);
  if (p.variance !== "beta" && p.variance !== "betaTilde") throw new DomainError("variance", `must be "beta" or "betaTilde"; got ${String(p.variance)}`);
  requireInteger("seed", p.seed, 0, 2 ** 32 - 1);
  // the schedule validates the β range
  ddpmSchedule({ T: p.K, betaStart: p.betaStart, betaEnd: p.betaEnd, indexing: p.indexing });
  return p;
}

/**
 * The hash of everything a single record depends on: the design without the fields that only choose WHICH tasks run
 * (steps, budgets, budgetGrid, grid, seeds). Records of two designs with the same record hash are interchangeable.
 */
export function halderStretchRecordHash(p: HalderStretchDesign): string {
  const { steps: _s, budgets: _b, budgetGrid: _g, grid: _n, seeds: _r, ...rest } = p;
  return halderParamsHash(rest);
}

/** The foundation's DDPM schedule of the design (K steps, linear β, the chosen indexing). */
export function halderStretchSchedule(p: HalderStretchDesign): DdpmSchedule {
  return ddpmSchedule({ T: p.K, betaStart: p.betaStart, betaEnd: p.betaEnd, indexing: p.indexing });
}

/** The random stream of one purpose of the stretch: rng(seed) → "halder-s1" → purpose → labels. */
export function halderStretchStream(p: HalderStretchDesign, purpose: string, ...labels: number[]): Rng {
  let r = rng(p.seed).fork("halder-s1").fork(purpose);
  for (const l of labels) r = r.fork(l);
  return r;
}

/**
 * n draws of p = N(0, σ²I) in model units, as y = 2x − 1 of pixels x = 1/2 + (σ/2) z (so pixels N(0.5, 0.1²) at
 * σ = 0.2); an n × d Matrix.
 */
export function halderStretchPopulation(p: HalderStretchDesign, stream: Rng, n: number): Matrix {
  requireInteger("n", n, 1, 1e8 / p.d);
  const out = new Matrix(n, p.d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p.d; j++) out.set(i, j, 2 * (0.5 + (p.sigma / 2) * stream.normal()) - 1);
  }
  return out;
}

/** The training set of (N, rep): N draws of p from the stream ("train", N, rep). Nested in nothing: each N is fresh. */
export function halderStretchTrainingSet(p: HalderStretchDesign, N: number, rep: number): Matrix {
  requireInteger("N", N, 2, 1e6);
  requireInteger("rep", rep, 0, 2 ** 32 - 1);
  return halderStretchPopulation(p, halderStretchStream(p, "train", N, rep), N);
}

/** The fixed reference kernel K_ref: M fresh draws of p (stream "ref"), rule bandwidth ε = σ M^(−1/d). Cost M·d. */
export function halderStretchReference(p: HalderStretchDesign): KernelApproximation {
  return kernelApproximation(halderStretchPopulation(p, halderStretchStream(p, "ref"), p.M), { bandwidth: "rule", sigma: p.sigma });
}

/** The training seed handed to the network trainer for (N, rep): an integer drawn from the stream ("model", N, rep). */
export function halderStretchModelSeed(p: HalderStretchDesign, N: number, rep: number): number {
  return halderStretchStream(p, "model", N, rep).integer(2 ** 32);
}

/** The metrics of one sampler's samples (Halder §3 item 12). */
export interface HalderSampleMetrics {
  /** Δ_KL: mean of ln K_ref(x) − ln K_train(x) over the samples (nats) */
  deltaKl: number;
  /** its standard error over the samples, sd/√n_gen */
  deltaKlSE: number;
  /** KL(N(m̂, Ĉ)‖N(0, σ²I)) of the maximum-likelihood fit (Ĉ with 1/n_gen); Infinity when Ĉ is singular */
  fittedKl: number;
  /** share of samples with d₁/d₂ < ratio (nearest and second-nearest training points) */
  memorizedFraction: number;
  /** |m̂|, the norm of the sample mean (p has mean 0) */
  meanNorm: number;
  /** tr Ĉ / d, the mean per-coordinate variance (p has σ²) */
  variance: number;
}

/**
 * Δ_KL, the fitted-Gaussian KL and the memorized fraction of generated `samples` (n_gen × d) against the training
 * set `train` (N × d, N ≥ 2) and the reference kernel `ref` (Halder §3 items 9 and 12). The training kernel uses the
 * rule bandwidth ε = σ N^(−1/d) like K_ref. Cost n_gen (N + M) d.
 * @throws {DomainError} shapes that disagree, non-finite samples (a diverged sampler), fewer than 2 samples
 */
export function halderSampleMetrics(samples: Matrix, train: Matrix, ref: KernelApproximation, p: HalderStretchDesign): HalderSampleMetrics {
  if (!Matrix.isMatrix(samples) || samples.columns !== p.d) throw new DomainError("samples", `must be a Matrix with ${p.d} columns`);
  if (!Matrix.isMatrix(train) || train.columns !== p.d || train.rows < 2) throw new DomainError("train", `must be a Matrix with ${p.d} columns and at least 2 rows`);
  if (ref.dim !== p.d) throw new DomainError("ref", `must have dimension ${p.d}; got ${ref.dim}`);
  if (samples.rows < 2) throw new DomainError("samples", `must hold at least 2 rows; got ${samples.rows}`);
  requireFiniteArray("samples", samples.to1DArray());
  const K = kernelApproximation(train, { bandwidth: "rule", sigma: p.sigma });
  const delta = relativeKlSamples(samples, K, ref);
  const mean = columnMeans(samples);
  const cov = sampleCovariance(samples);
  let trace = 0;
  for (let i = 0; i < p.d; i++) trace += cov.get(i, i);
  const target = gaussian(new Float64Array(p.d), Matrix.eye(p.d).mul(p.sigma * p.sigma));
  return {
    deltaKl: delta.mean,
    deltaKlSE: delta.standardError,
    fittedKl: klDivergence(gaussian(mean, cov), target),
    memorizedFraction: memorizedFraction(samples, train, p.ratio),
    meanNorm: Math.hypot(...mean),
    variance: trace / p.d,
  };
}

/** Stand-in generator, a perfect memorizer: n rows drawn with replacement from the training set itself. */
export function halderStretchMemorizer(train: Matrix, stream: Rng, n: number): Matrix {
  if (!Matrix.isMatrix(train) || train.rows < 1) throw new DomainError("train", "must be a non-empty Matrix");
  requireInteger("n", n, 1, 1e8 / train.columns);
  const out = new Matrix(n, train.columns);
  for (let i = 0; i < n; i++) out.setRow(i, train.getRow(stream.integer(train.rows)));
  return out;
}

/** Stand-in generator, a perfect generalizer (oracle): n fresh draws of p. */
export function halderStretchOracle(p: HalderStretchDesign, stream: Rng, n: number): Matrix {
  return halderStretchPopulation(p, stream, n);
}
