/**
 * Vastola V-S2 (spec §3, stretch): the linear model's V-kernel (Prop. 5.1 as derived in spec §1.9) against
 * ensembles of independently trained models. Fig. 2's 1-D model (16 × 16 Gaussian features, ridge 0.1, author's VP,
 * data {−1, 0, 1}) at ε = 1e−2. The predicted sd of μ̂(x, t) across models, √(φᵀR⁻¹(Q − ρ²W̄ᵀW̄)R⁻¹φ / P), comes from
 * the quadrature of spec §2 item 9; the empirical sd is the (n − 1) sd across the ensemble at 21 probe points.
 * V-C16: a Gaussian-W surrogate ensemble, W ~ N(W̄_emp, Cov_emp), sampled with the official 30-step grid-lookup
 * sampler, against the trained ensemble's averaged density.
 */
import { rng } from "../../core/rng.js";
import { meanWithError, type MeanEstimate } from "../../core/montecarlo.js";
import { DomainError, requireInteger, requireInRange } from "../../core/validate.js";
import { vpSchedule } from "../../diffusion/vp.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { pointMassPosterior } from "../../variance/posterior.js";
import { pointMassDensity1d } from "../../variance/metrics.js";
import { gaussianFeatureAxis } from "../../features/axis.js";
import { linearModelMoments, linearVKernelPredict, linearFeatures1d, choleskySolveLower, type LinearModelMoments, type LinearVKernelPrediction } from "../../variance/linear-vkernel.js";
import { linearMomentsMonteCarlo, type LinearMomentCheck } from "../../variance/linear-vkernel-mc.js";
import { defaultThreads } from "../../core/parallel.js";
import { s2Buffers, s2Grid, s2RunPhase, s2UnitRunner, type S2Job } from "./s2-models.js";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface VastolaS2Params {
  /** cutoff ε (default 0.01, spec) */
  eps?: number;
  /** Gaussian features per axis (default 16: F = 256, Fig. 2) */
  featuresPerAxis?: number;
  /** ridge ρ (default 0.1, official, unscaled) */
  ridge?: number;
  /** [A] the official 1-D weight guard (erratum V-E5; default false) */
  weightGuard?: boolean;
  /** models per ensemble (integer in [3, 1e4]; default 400, spec) */
  models?: number;
  /** training-set sizes of the V-C11 ensembles (default [1024, 256, 64]: F/P = ¼, 1, 4) */
  trainSizes?: number[];
  /** the two sizes compared for V-C12 (default [512, 1024]) */
  scalingSizes?: [number, number];
  /** V-C12 "well sampled": probe points with visiting density p(x | t) at least this (default 0.3) */
  wellSampledDensity?: number;
  /** the sizes that get the V-C16 Gaussian-W surrogate (default [1024, 64]: F/P = ¼ and 4) */
  surrogateSizes?: number[];
  /** samples per model for the V-C16 densities (default 1e5, official) */
  samplesPerModel?: number;
  /** lookup grid and histogram: linspace(−1.5, 1.5, gridPoints) (default 200, official) */
  gridPoints?: number;
  /** Euler steps of the sampler (default 30, official) */
  steps?: number;
  /** breakpoints per family of the t quadrature (default 121, spec §2 item 9) */
  breakpoints?: number;
  /** training draws of the Monte Carlo check of the quadrature moments (default 1e5; 0 skips it) */
  mcSamples?: number;
  /** seed (default 1) */
  seed?: number;
  /** threads (integer in [1, 8]; default min(2, cores)); results do not depend on it */
  threads?: number;
}

/** The 21 probe points of spec §3 V-S2: x ∈ {−1, −0.5, −0.25, 0, 0.25, 0.5, 1} × t ∈ {0.03, 0.1, 0.3}, x-major. */
export const VASTOLA_S2_POINTS: ReadonlyArray<{ x: number; t: number }> = [-1, -0.5, -0.25, 0, 0.25, 0.5, 1].flatMap((x) => [0.03, 0.1, 0.3].map((t) => ({ x, t })));

/** A probe point with its visiting density and the exact posterior mean there. */
export interface VastolaS2Point {
  x: number;
  t: number;
  /** p(x | t), the density with which training samples visit x at time t */
  density: number;
  /** m(x, t) = E[x₀ | x, t], the target the model approximates */
  posteriorMean: number;
}

/** One ensemble of `models` independently trained models of P samples. */
export interface VastolaS2Ensemble {
  trainSize: number;
  /** F/P */
  ratio: number;
  /** per point: the ensemble mean of μ̂ ± SE */
  mean: MeanEstimate[];
  /** per point: the (n − 1) sd of μ̂ across models and its SE ≈ sd/√(2(n − 1)) */
  sd: number[];
  sdSE: number[];
  /** per point: a robust sd, (q75 − q25)/1.349 of μ̂ across models (diagnostic of heavy tails; equals sd for a Gaussian) */
  robustSd: number[];
  /** per point: the V-kernel prediction for this P */
  predicted: LinearVKernelPrediction[];
  /** per point: empirical sd / predicted sd (full Q) */
  sdRatio: number[];
  /** median of sdRatio over the points */
  medianRatio: number;
}

/** V-C16 at one P: averaged densities of the trained ensemble and of the Gaussian-W surrogate ensemble. */
export interface VastolaS2Surrogate {
  trainSize: number;
  ratio: number;
  trained: Float64Array;
  surrogate: Float64Array;
  /** dx Σ |trained − surrogate| */
  l1: number;
  /** Monte Carlo level of that L1: L1 between the two halves of the trained ensemble, divided by √2 */
  l1Noise: number;
}

export interface VastolaS2Data {
  params: Required<VastolaS2Params>;
  points: VastolaS2Point[];
  /** quadrature size: t-nodes and (x, t)-nodes */
  timeNodes: number;
  nodes: number;
  ensembles: VastolaS2Ensemble[];
  /**
   * V-C12: per point, (P₂ Var₂)/(P₁ Var₁) for scalingSizes [P₁, P₂] (and the same with the robust sd), and which
   * points count as well sampled
   */
  scaling: { sizes: [number, number]; ratio: number[]; robustRatio: number[]; wellSampled: boolean[] };
  surrogates: VastolaS2Surrogate[];
  /** quadrature vs Monte Carlo, probes c = R⁻¹φ at the points (empty if mcSamples = 0) */
  quadratureCheck: LinearMomentCheck[];
  grid: Float64Array;
  dx: number;
  /** p(x | ε) on the grid */
  truth: Float64Array;
  /** thread units recomputed on the main thread because a worker failed (0 normally) */
  redoneUnits: number;
}

const DEFAULTS: Required<VastolaS2Params> = {
  eps: 0.01, featuresPerAxis: 16, ridge: 0.1, weightGuard: false, models: 400, trainSizes: [1024, 256, 64], scalingSizes: [512, 1024],
  wellSampledDensity: 0.3, surrogateSizes: [1024, 64], samplesPerModel: 1e5, gridPoints: 200, steps: 30, breakpoints: 121, mcSamples: 1e5, seed: 1, threads: defaultThreads(),
};

function sizes(name: string, v: unknown, n?: number): number[] {
  if (!Array.isArray(v) || v.length === 0 || (n !== undefined && v.length !== n) || v.some((P) => !Number.isInteger(P) || P < 1 || P > 1e5)) {
    throw new DomainError(name, `must be a list of ${n ?? "one or more"} integers in [1, 1e5]; got ${JSON.stringify(v)}`);
  }
  return [...v];
}

function validateS2(p: VastolaS2Params): Required<VastolaS2Params> {
  const trainSizes = sizes("trainSizes", p.trainSizes ?? DEFAULTS.trainSizes);
  const surrogateSizes = sizes("surrogateSizes", p.surrogateSizes ?? DEFAULTS.surrogateSizes);
  const scalingSizes = sizes("scalingSizes", p.scalingSizes ?? DEFAULTS.scalingSizes, 2) as [number, number];
  return {
    eps: requireInRange("eps", p.eps ?? DEFAULTS.eps, 0, 1, "both"),
    featuresPerAxis: requireInteger("featuresPerAxis", p.featuresPerAxis ?? DEFAULTS.featuresPerAxis, 2, 64),
    ridge: requireInRange("ridge", p.ridge ?? DEFAULTS.ridge, 0, 1e300, "lo"),
    weightGuard: Boolean(p.weightGuard ?? DEFAULTS.weightGuard),
    models: requireInteger("models", p.models ?? DEFAULTS.models, 3, 1e4),
    trainSizes, scalingSizes, surrogateSizes,
    wellSampledDensity: requireInRange("wellSampledDensity", p.wellSampledDensity ?? DEFAULTS.wellSampledDensity, 0, 1e300),
    samplesPerModel: requireInteger("samplesPerModel", p.samplesPerModel ?? DEFAULTS.samplesPerModel, 10, 1e7),
    gridPoints: requireInteger("gridPoints", p.gridPoints ?? DEFAULTS.gridPoints, 10, 1e4),
    steps: requireInteger("steps", p.steps ?? DEFAULTS.steps, 1, 1e4),
    breakpoints: requireInteger("breakpoints", p.breakpoints ?? DEFAULTS.breakpoints, 2, 1e4),
    mcSamples: p.mcSamples === 0 ? 0 : requireInteger("mcSamples", p.mcSamples ?? DEFAULTS.mcSamples, 10, 1e7),
    seed: requireInteger("seed", p.seed ?? DEFAULTS.seed, 0, 2 ** 32 - 1),
    threads: requireInteger("threads", p.threads ?? DEFAULTS.threads, 1, 8),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

function sdOf(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i] / xs.length;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** (q75 − q25)/1.349 with quantiles by linear interpolation at position q·(n − 1). */
function iqrSd(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  const q = (p: number): number => {
    const pos = p * (s.length - 1), i = Math.floor(pos), f = pos - i;
    return i + 1 < s.length ? s[i] + f * (s[i + 1] - s[i]) : s[i];
  };
  return (q(0.75) - q(0.25)) / 1.349;
}

function averageRows(rows: Float64Array, n: number, len: number, from = 0, to = n): Float64Array {
  const out = new Float64Array(len);
  for (let k = from; k < to; k++) for (let i = 0; i < len; i++) out[i] += rows[k * len + i];
  for (let i = 0; i < len; i++) out[i] /= to - from;
  return out;
}

function l1(a: Float64Array, b: Float64Array, dx: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s * dx;
}

/**
 * Gaussian-W surrogates (Prop. 3.1 applied to linear models, spec §2 item 10): from n weight vectors W_k (n × F,
 * row-major), draws W_j = W̄_emp + Σ_k z_jk (W_k − W̄_emp)/√(n − 1), j = 0 … n − 1, with the standard normals z (n × n,
 * row-major). Each draw has exactly the ensemble's empirical mean and (n − 1) covariance, without a factorization.
 * Returns the n × F draws.
 * @throws DomainError naming `weights` (length not n·F, n ≥ 2), `F` or `z` (length not n²)
 */
export function vastolaGaussianSurrogateWeights(weights: Float64Array, F: number, z: Float64Array): Float64Array {
  requireInteger("F", F, 1, 1e6);
  if (!(weights instanceof Float64Array) || weights.length % F !== 0 || weights.length < 2 * F) throw new DomainError("weights", `must be a Float64Array of n·F numbers with n >= 2; got length ${weights?.length}`);
  const n = weights.length / F;
  if (!(z instanceof Float64Array) || z.length !== n * n) throw new DomainError("z", `must be a Float64Array of n² = ${n * n} normals`);
  const out = new Float64Array(n * F);
  gaussianSurrogateWeights(weights, n, F, z, out);
  return out;
}

/** Unchecked kernel of {@link vastolaGaussianSurrogateWeights}, writing into `out`. */
function gaussianSurrogateWeights(Ws: Float64Array, n: number, F: number, z: Float64Array, out: Float64Array): void {
  const mean = averageRows(Ws, n, F);
  const s = 1 / Math.sqrt(n - 1);
  for (let j = 0; j < n; j++) {
    const o = out.subarray(j * F, (j + 1) * F);
    o.set(mean);
    for (let k = 0; k < n; k++) {
      const c = z[j * n + k] * s;
      for (let f = 0; f < F; f++) o[f] += c * (Ws[k * F + f] - mean[f]);
    }
  }
}

/** The parameters that decide the ensembles (a cache is valid only for equal values). */
export interface VastolaS2EnsembleKey {
  seed: number;
  eps: number;
  featuresPerAxis: number;
  ridge: number;
  weightGuard: boolean;
  models: number;
  sizes: number[];
  surrogateSizes: number[];
  samplesPerModel: number;
  gridPoints: number;
  steps: number;
}

/**
 * The expensive, seeded part of V-S2 in a serializable form (plain arrays, full precision): μ̂ at the probe points for
 * every model of every size, and the averaged V-C16 densities. {@link vastolaS2Ensembles} computes it;
 * data/vastola/s2-ensembles.json caches the notebook's run (regenerate with data/vastola/s2-regenerate.mjs).
 */
export interface VastolaS2Ensembles {
  key: VastolaS2EnsembleKey;
  /** per size P (as a string key): models × points values of μ̂, model-major */
  mu: Record<string, number[]>;
  /** per surrogate size: averaged densities of the trained ensemble (all, first half, second half) and of the surrogate */
  densities: { trainSize: number; trained: number[]; trainedFirstHalf: number[]; trainedSecondHalf: number[]; surrogate: number[] }[];
  /** units recomputed on the main thread because a worker failed */
  redoneUnits: number;
}

function ensembleKey(params: Required<VastolaS2Params>): VastolaS2EnsembleKey {
  return {
    seed: params.seed, eps: params.eps, featuresPerAxis: params.featuresPerAxis, ridge: params.ridge, weightGuard: params.weightGuard, models: params.models,
    sizes: [...new Set([...params.trainSizes, ...params.scalingSizes, ...params.surrogateSizes])], surrogateSizes: [...params.surrogateSizes],
    samplesPerModel: params.samplesPerModel, gridPoints: params.gridPoints, steps: params.steps,
  };
}

function jobOf(key: VastolaS2EnsembleKey): S2Job {
  return {
    seed: key.seed, eps: key.eps, featuresPerAxis: key.featuresPerAxis, ridge: key.ridge, weightGuard: key.weightGuard, trainSizes: [...key.sizes],
    densitySizes: [...key.surrogateSizes], models: key.models, points: VASTOLA_S2_POINTS.map((q) => ({ ...q })), samplesPerModel: key.samplesPerModel,
    gridPoints: key.gridPoints, steps: key.steps,
  };
}

/**
 * Trains the ensembles of every size in trainSizes ∪ scalingSizes ∪ surrogateSizes (model k of size P trains on
 * `rng(seed).fork("train").fork(P).fork(k)`), evaluates μ̂ at the probe points, samples the V-C16 densities of the
 * trained and of the Gaussian-W surrogate models, on `threads` threads. `mainFirst` runs on the main thread while the
 * workers start training (vastolaS2 computes the quadrature moments there).
 * @throws DomainError naming a bad parameter
 */
export function vastolaS2Ensembles(p: VastolaS2Params = {}, mainFirst?: () => void): VastolaS2Ensembles {
  const params = validateS2(p);
  const key = ensembleKey(params);
  const job = jobOf(key);
  const F = params.featuresPerAxis ** 2, N = params.models, bins = params.gridPoints;
  const buf = s2Buffers(job);
  let redone = s2RunPhase(job, "train", buf, params.threads, mainFirst);
  const Wall = new Float64Array(buf.W), sW = new Float64Array(buf.surrogateW);
  const root = rng(params.seed);
  key.surrogateSizes.forEach((P, d) => {
    const c = key.sizes.indexOf(P);
    const z = root.fork("surrogate-w").fork(P).normals(N * N);
    gaussianSurrogateWeights(Wall.subarray(c * N * F, (c + 1) * N * F), N, F, z, sW.subarray(d * N * F, (d + 1) * N * F));
  });
  redone += s2RunPhase(job, "surrogate", buf, params.threads);
  const npts = VASTOLA_S2_POINTS.length;
  const mu = new Float64Array(buf.mu);
  const muBySize: Record<string, number[]> = {};
  key.sizes.forEach((P, c) => (muBySize[String(P)] = Array.from(mu.subarray(c * N * npts, (c + 1) * N * npts))));
  const dens = new Float64Array(buf.density), sDens = new Float64Array(buf.surrogateDensity);
  const half = Math.floor(N / 2);
  const densities = key.surrogateSizes.map((P, d) => {
    const rows = dens.subarray(d * N * bins, (d + 1) * N * bins);
    return {
      trainSize: P, trained: Array.from(averageRows(rows, N, bins)), trainedFirstHalf: Array.from(averageRows(rows, N, bins, 0, half)),
      trainedSecondHalf: Array.from(averageRows(rows, N, bins, half, 2 * half)), surrogate: Array.from(averageRows(sDens.subarray(d * N * bins, (d + 1) * N * bins), N, bins)),
    };
  });
  return { key, mu: muBySize, densities, redoneUnits: redone };
}

/**
 * Re-trains the first `models` models of every size and compares their μ̂ at the probe points with `ens`, bit for
 * bit: the live check that a cached ensemble is what this code computes. Returns the values compared and mismatches.
 * @throws DomainError naming `ens` (malformed) or `models`
 */
export function vastolaS2LiveSlice(ens: VastolaS2Ensembles, models = 8): { compared: number; mismatches: number } {
  if (ens == null || ens.key == null || ens.mu == null) throw new DomainError("ens", "must be a VastolaS2Ensembles value");
  const key = ens.key;
  requireInteger("models", models, 1, key.models);
  const job = jobOf({ ...key, surrogateSizes: [] });
  job.densitySizes = [];
  const buf = s2Buffers(job);
  const run = s2UnitRunner(job, "train", buf);
  const mu = new Float64Array(buf.mu), npts = VASTOLA_S2_POINTS.length, N = key.models;
  let compared = 0, mismatches = 0;
  key.sizes.forEach((P, c) => {
    const cached = ens.mu[String(P)];
    for (let k = 0; k < models; k++) {
      run(c * N + k);
      for (let i = 0; i < npts; i++) {
        compared++;
        if (!Object.is(mu[(c * N + k) * npts + i], cached?.[k * npts + i])) mismatches++;
      }
    }
  });
  return { compared, mismatches };
}

/** The cache file of the notebook's run, data/vastola/s2-ensembles.json (resolved from the installed package). */
export function vastolaS2CachePath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "data", "vastola", "s2-ensembles.json");
}

/**
 * Reads a cached {@link VastolaS2Ensembles} (JSON) from `path` (default {@link vastolaS2CachePath}).
 * @throws DomainError naming `path` if the file is missing or not a V-S2 ensemble cache
 */
export function loadVastolaS2Ensembles(path: string = vastolaS2CachePath()): VastolaS2Ensembles {
  let v: VastolaS2Ensembles;
  try {
    v = JSON.parse(readFileSync(path, "utf8")) as VastolaS2Ensembles;
  } catch (e) {
    throw new DomainError("path", `must name a readable JSON file; ${(e as Error).message}`);
  }
  if (v == null || v.key == null || v.mu == null || !Array.isArray(v.densities)) throw new DomainError("path", "is not a V-S2 ensemble cache (missing key, mu or densities)");
  return v;
}

/**
 * Runs V-S2 (spec §3): the quadrature moments, the ensembles (or `ensembles`, a cache from
 * {@link vastolaS2Ensembles} whose key must match these parameters), the predictions at the 21 probe points, the V-C12
 * scaling ratios, the V-C16 surrogate comparison and the Monte Carlo check of the quadrature.
 * @throws DomainError naming a bad parameter, or `ensembles` when its key differs from the parameters
 */
export function vastolaS2(p: VastolaS2Params = {}, ensembles?: VastolaS2Ensembles): FigureResult<VastolaS2Data> {
  const params = validateS2(p);
  const set = vastolaGapSet(), schedule = vpSchedule();
  const F = params.featuresPerAxis ** 2, N = params.models;
  const xAxis = gaussianFeatureAxis(-1.5, 1.5, params.featuresPerAxis), tAxis = gaussianFeatureAxis(params.eps, 1, params.featuresPerAxis);
  const computeMoments = (): LinearModelMoments =>
    linearModelMoments(set, schedule, xAxis, tAxis, { eps: params.eps, T: 1, ridge: params.ridge, weightGuard: params.weightGuard, breakpoints: params.breakpoints });
  let mom: LinearModelMoments | undefined;
  let ens: VastolaS2Ensembles;
  if (ensembles !== undefined) {
    if (ensembles == null || JSON.stringify(ensembles.key) !== JSON.stringify(ensembleKey(params))) {
      throw new DomainError("ensembles", `must have been computed with these parameters: ${JSON.stringify(ensembleKey(params))}; got ${JSON.stringify(ensembles?.key)}`);
    }
    ens = ensembles;
  } else ens = vastolaS2Ensembles(params, () => (mom = computeMoments()));
  const moments = mom ?? computeMoments();
  const npts = VASTOLA_S2_POINTS.length;
  const muAt = (P: number, i: number): Float64Array => {
    const m = ens.mu[String(P)];
    return Float64Array.from({ length: N }, (_, k) => m[k * npts + i]);
  };
  const points: VastolaS2Point[] = VASTOLA_S2_POINTS.map(({ x, t }) => {
    const post = pointMassPosterior(set, schedule, t, [x]);
    return { x, t, density: Math.exp(post.logDensity), posteriorMean: post.mean[0] };
  });
  const ensembleOf = (P: number): VastolaS2Ensemble => {
    const mean: MeanEstimate[] = [], sd: number[] = [], sdSE: number[] = [], robustSd: number[] = [], predicted: LinearVKernelPrediction[] = [], sdRatio: number[] = [];
    VASTOLA_S2_POINTS.forEach(({ x, t }, i) => {
      const v = muAt(P, i);
      mean.push(meanWithError(v));
      const s = sdOf(v);
      sd.push(s);
      robustSd.push(iqrSd(v));
      sdSE.push(s / Math.sqrt(2 * (N - 1)));
      const pr = linearVKernelPredict(moments, P, x, t);
      predicted.push(pr);
      sdRatio.push(pr.sd > 0 ? s / pr.sd : s === 0 ? 1 : Infinity);
    });
    return { trainSize: P, ratio: F / P, mean, sd, sdSE, robustSd, predicted, sdRatio, medianRatio: median(sdRatio) };
  };
  const ensembles_ = params.trainSizes.map(ensembleOf);
  const [P1, P2] = params.scalingSizes;
  const scaling = {
    sizes: [P1, P2] as [number, number],
    ratio: VASTOLA_S2_POINTS.map((_, i) => (P2 * sdOf(muAt(P2, i)) ** 2) / (P1 * sdOf(muAt(P1, i)) ** 2)),
    robustRatio: VASTOLA_S2_POINTS.map((_, i) => (P2 * iqrSd(muAt(P2, i)) ** 2) / (P1 * iqrSd(muAt(P1, i)) ** 2)),
    wellSampled: points.map((q) => q.density >= params.wellSampledDensity),
  };
  const { grid, edges } = s2Grid(params.gridPoints);
  const dx = edges[1] - edges[0];
  const surrogates: VastolaS2Surrogate[] = ens.densities.map((d) => {
    const trained = Float64Array.from(d.trained), surrogate = Float64Array.from(d.surrogate);
    return {
      trainSize: d.trainSize, ratio: F / d.trainSize, trained, surrogate, l1: l1(trained, surrogate, dx),
      l1Noise: l1(Float64Array.from(d.trainedFirstHalf), Float64Array.from(d.trainedSecondHalf), dx) / Math.SQRT2,
    };
  });
  const root = rng(params.seed);
  const probes = VASTOLA_S2_POINTS.map(({ x, t }) => choleskySolveLower(moments.cholR, F, linearFeatures1d(xAxis, tAxis, x, t)));
  const quadratureCheck = params.mcSamples > 0 ? linearMomentsMonteCarlo(set, schedule, moments, probes, params.mcSamples, root.fork("quadrature-mc")) : [];
  const data: VastolaS2Data = {
    params, points, timeNodes: moments.timeNodes, nodes: moments.nodes, ensembles: ensembles_, scaling, surrogates, quadratureCheck,
    grid, dx, truth: pointMassDensity1d(set, schedule, params.eps, grid), redoneUnits: ens.redoneUnits,
  };
  return { data, figure: vastolaS2Figure(data) };
}

const T_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c"];
const R_COLORS = ["#2ca02c", "#1f77b4", "#d62728", "#9467bd", "#8c564b"];
const ratioLabel = (r: number): string => (r >= 1 ? String(r) : `1/${Math.round(1 / r)}`);
const r4 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * Predicted (full Q: solid; Q_C part: dotted) and empirical (markers, ±SE) sd of μ̂ against x, one colour per t, one
 * panel per F/P; log y.
 */
export function vastolaS2Figure(d: VastolaS2Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const traces: Trace[] = [];
  const ts = [...new Set(d.points.map((q) => q.t))];
  const n = d.ensembles.length;
  d.ensembles.forEach((e, c) => {
    const ax = c === 0 ? "" : String(c + 1);
    ts.forEach((t, j) => {
      const idx = d.points.map((q, i) => (q.t === t ? i : -1)).filter((i) => i >= 0);
      const x = idx.map((i) => d.points[i].x);
      const common = { xaxis: `x${ax}`, yaxis: `y${ax}`, legendgroup: `t${j}` };
      traces.push({ type: "scatter", mode: "lines", x, y: idx.map((i) => r4(e.predicted[i].sd)), name: `t = ${t}: predicted (full Q)`, line: { color: T_COLORS[j % 3], width: 2 }, showlegend: c === 0, ...common });
      traces.push({ type: "scatter", mode: "lines", x, y: idx.map((i) => r4(Math.max(e.predicted[i].proxySd, 1e-6))), name: `t = ${t}: predicted (Q_C part)`, line: { color: T_COLORS[j % 3], width: 1, dash: "dot" }, showlegend: c === 0, ...common });
      traces.push({
        type: "scatter", mode: "markers", x, y: idx.map((i) => r4(e.sd[i])), name: `t = ${t}: empirical (${d.params.models} models)`,
        marker: { color: T_COLORS[j % 3], size: 8, symbol: "circle-open", line: { width: 2 } }, error_y: { type: "data", array: idx.map((i) => r4(2 * e.sdSE[i])), visible: true },
        showlegend: c === 0, ...common,
      });
    });
  });
  const layout: { [k: string]: unknown } = {
    title: { text: `V-S2: sd of μ̂(x, t) across models, linear V-kernel (Prop. 5.1 as derived) vs ${d.params.models} trained models (ε = ${d.params.eps})` },
    width: 1000, height: 460, legend: { orientation: "h", y: -0.22 }, margin: { t: 90 }, annotations: [],
  };
  d.ensembles.forEach((e, c) => {
    const ax = c === 0 ? "" : String(c + 1);
    const w = 1 / n;
    layout[`xaxis${ax}`] = { domain: [c * w + 0.03, (c + 1) * w - 0.03], title: { text: "x" }, anchor: `y${ax}`, zeroline: false };
    layout[`yaxis${ax}`] = { type: "log", anchor: `x${ax}`, title: c === 0 ? { text: "sd of μ̂ (error bars ±2 SE)" } : undefined, matches: c === 0 ? undefined : "y" };
    (layout.annotations as unknown[]).push({ text: `F/P = ${ratioLabel(e.ratio)} (P = ${e.trainSize})`, x: (c + 0.5) * w, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
  });
  return { id: "V-S2", data: traces, layout };
}

/** Empirical/predicted sd ratio against the visiting density p(x | t) (left) and its median against F/P (right). */
export function vastolaS2RatioFigure(d: VastolaS2Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const traces: Trace[] = d.ensembles.map((e, c) => ({
    type: "scatter", mode: "markers", x: d.points.map((q) => r4(q.density)), y: e.sdRatio.map(r4), name: `F/P = ${ratioLabel(e.ratio)}`,
    text: d.points.map((q) => `x = ${q.x}, t = ${q.t}`), marker: { color: R_COLORS[c % R_COLORS.length], size: 8 },
  }));
  const rs = d.ensembles.map((e) => e.ratio);
  traces.push({ type: "scatter", mode: "lines+markers", x: rs, y: d.ensembles.map((e) => r4(e.medianRatio)), name: "median over the 21 points", xaxis: "x2", yaxis: "y2", line: { color: "black" } });
  traces.push({ type: "scatter", mode: "lines", x: [Math.min(...rs), Math.max(...rs), Math.max(...rs), Math.min(...rs), Math.min(...rs)], y: [0.8, 0.8, 1.5, 1.5, 0.8], fill: "toself", fillcolor: "rgba(0,128,0,0.12)", line: { width: 0 }, name: "V-C11 band [0.8, 1.5]", xaxis: "x2", yaxis: "y2" });
  return {
    id: "V-S2-ratio", data: traces,
    layout: {
      title: { text: "Empirical / predicted sd of μ̂: against how often training visits the point, and against F/P" }, width: 1000, height: 430,
      xaxis: { domain: [0, 0.55], type: "log", title: { text: "visiting density p(x | t)" } }, yaxis: { type: "log", title: { text: "empirical sd / predicted sd" } },
      xaxis2: { domain: [0.65, 1], type: "log", title: { text: "F/P" }, anchor: "y2" }, yaxis2: { anchor: "x2", type: "log", title: { text: "median ratio" } },
      legend: { orientation: "h", y: -0.25 },
    },
  };
}

/** V-C16: averaged density of the trained ensemble vs the Gaussian-W surrogate ensemble, one panel per P. */
export function vastolaS2SurrogateFigure(d: VastolaS2Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const traces: Trace[] = [];
  const x = Array.from(d.grid, r4);
  const n = d.surrogates.length;
  d.surrogates.forEach((s, c) => {
    const ax = c === 0 ? "" : String(c + 1);
    const common = { xaxis: `x${ax}`, yaxis: `y${ax}`, showlegend: c === 0 };
    traces.push({ type: "scatter", mode: "lines", x, y: Array.from(d.truth, r4), name: "p(x | ε)", line: { color: "black", width: 1, dash: "dot" }, ...common });
    traces.push({ type: "scatter", mode: "lines", x, y: Array.from(s.trained, r4), name: `trained ensemble (${d.params.models} models)`, line: { color: "#d62728", width: 1.5 }, ...common });
    traces.push({ type: "scatter", mode: "lines", x, y: Array.from(s.surrogate, r4), name: "Gaussian-W surrogate", line: { color: "#1f77b4", width: 1.5, dash: "dash" }, ...common });
  });
  const layout: { [k: string]: unknown } = {
    title: { text: "V-C16: Gaussian-W surrogate W ~ N(W̄_emp, Cov_emp) vs the trained ensemble (30-step grid-lookup sampler)" },
    width: 1000, height: 440, legend: { orientation: "h", y: -0.2 }, margin: { t: 100 }, annotations: [],
  };
  d.surrogates.forEach((s, c) => {
    const ax = c === 0 ? "" : String(c + 1);
    const w = 1 / n;
    layout[`xaxis${ax}`] = { domain: [c * w + 0.03, (c + 1) * w - 0.03], title: { text: "x" }, anchor: `y${ax}`, zeroline: false };
    layout[`yaxis${ax}`] = { anchor: `x${ax}`, range: [0, 2.5], title: c === 0 ? { text: "prob. density" } : undefined };
    (layout.annotations as unknown[]).push({ text: `F/P = ${ratioLabel(s.ratio)} (P = ${s.trainSize})<br>L1 = ${s.l1.toFixed(3)}, Monte Carlo floor ≈ ${s.l1Noise.toFixed(3)}`, x: (c + 0.5) * w, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
  });
  return { id: "V-S2-surrogate", data: traces, layout };
}
