/**
 * MG-R7's expensive part: train the nonlinear (MLP) DDPM on Gaussian power-law data for each N and replicate, draw
 * samples with the ancestral sampler, and keep their covariance (Merger & Goldt §3 item 7, §6 [A]). The trained
 * weights are not kept (their SHA-256 is, so a rerun can be checked bit for bit); the sample covariances are cached in
 * data/merger-goldt/mg-r7-runs.json by data/merger-goldt/generate-mg-r7.mjs.
 */
import { existsSync, readFileSync } from "node:fs";
import { Matrix } from "ml-matrix";
import { rng, type Rng } from "../../core/rng.js";
import { sampleCovariance, columnMeans } from "../../core/linalg.js";
import { DomainError, requireInteger, requirePositive } from "../../core/validate.js";
import { ddpmSchedule, type DdpmSchedule } from "../../diffusion/ddpm.js";
import type { ReverseVariance } from "../../diffusion/ancestral.js";
import { powerLawSpectrum, sampleDiagonalGaussian } from "../../data/power-law.js";
import { trainMlpDenoiser } from "../../nn/train.js";
import { sampleMlpDenoiser } from "../../nn/sample.js";
import { mlpWeightsHash, type MlpDenoiserSpec } from "../../nn/spec.js";

/** Parameters of MG-R7 ([A] the design of the nonlinear comparison; defaults are the notebook's). */
export interface MgR7Options {
  /** data dimension d (spec §6: 16–64); default 32 */
  d?: number;
  /** power-law exponent k of λ_ν ∝ ν^(−k), Tr Σ = d; default 1 */
  k?: number;
  /** training-set sizes N; default [d/2, 2d, 8d] (MG-C16) */
  sizes?: number[];
  /** independent replicates (data set + network) per N; default 1 (CPU budget: ~5 CPU-minutes per model) */
  replicates?: number;
  /** root seed; default 2505 */
  seed?: number;
  /** T of the DDPM schedule (β_t = 1e−4 + (1e−2 − 1e−4) t/T) [A]; default 1000 */
  T?: number;
  /** reverse-step variance σ_t² [A]; default "beta" */
  variance?: ReverseVariance;
  /** hidden widths of the MLP; default [256, 256] (spec §6) */
  hidden?: number[];
  /** activation; default "silu" */
  activation?: "relu" | "silu";
  /** size of the sinusoidal t-embedding; default 32 */
  timeEmbedding?: number;
  /** Adam steps; default 3000 ("a few thousand", spec §6) */
  steps?: number;
  /** minibatch size; default 128 */
  batchSize?: number;
  /** Adam learning rate; default 1e−3 */
  learningRate?: number;
  /** generated samples per model for its covariance; default 2000 */
  samples?: number;
}

/** Resolved MG-R7 parameters. */
export interface MgR7Setting {
  d: number;
  k: number;
  sizes: number[];
  replicates: number;
  seed: number;
  T: number;
  variance: ReverseVariance;
  spec: MlpDenoiserSpec;
  steps: number;
  batchSize: number;
  learningRate: number;
  samples: number;
}

/** Applies the defaults and validates. @throws DomainError naming the bad option */
export function mgR7Setting(o: MgR7Options = {}): MgR7Setting {
  const d = requireInteger("d", o.d ?? 32, 2, 512);
  const k = requirePositive("k", o.k ?? 1);
  const sizes = (o.sizes ?? [d / 2, 2 * d, 8 * d]).map((N, i) => requireInteger(`sizes[${i}]`, N, 2, 1e6));
  const variance = o.variance ?? "beta";
  if (variance !== "beta" && variance !== "betaTilde") throw new DomainError("variance", `must be "beta" or "betaTilde"; got ${String(variance)}`);
  const activation = o.activation ?? "silu";
  if (activation !== "relu" && activation !== "silu") throw new DomainError("activation", `must be "relu" or "silu"; got ${String(activation)}`);
  return {
    d,
    k,
    sizes,
    replicates: requireInteger("replicates", o.replicates ?? 1, 1, 100),
    seed: requireInteger("seed", o.seed ?? 2505, 0, 4294967295),
    T: requireInteger("T", o.T ?? 1000, 1, 1e6),
    variance,
    spec: { dim: d, hidden: [...(o.hidden ?? [256, 256])], activation, timeEmbedding: o.timeEmbedding ?? 32 },
    steps: requireInteger("steps", o.steps ?? 3000, 1, 1e7),
    batchSize: requireInteger("batchSize", o.batchSize ?? 128, 1, 1e5),
    learningRate: requirePositive("learningRate", o.learningRate ?? 1e-3),
    samples: requireInteger("samples", o.samples ?? 2000, 2, 1e6),
  };
}

/** The schedule of a setting. */
export function mgR7Schedule(s: MgR7Setting): DdpmSchedule {
  return ddpmSchedule({ T: s.T });
}

/** The data spectrum λ_ν = d ν^(−k)/Σ μ^(−k) (Tr Σ = d). */
export function mgR7Spectrum(s: MgR7Setting): Float64Array {
  return powerLawSpectrum(s.d, s.k);
}

/**
 * The training set of replicate `rep` with N points: the first N rows of one stream per replicate
 * (rng(seed).fork("mg-r7-data").fork(rep)), so the sets of one replicate are nested.
 */
export function mgR7TrainingSet(s: MgR7Setting, N: number, rep: number): Matrix {
  return sampleDiagonalGaussian(mgR7Spectrum(s), N, rng(s.seed).fork("mg-r7-data").fork(rep));
}

function streams(s: MgR7Setting, N: number, rep: number): { trainSeed: number; sampling: Rng } {
  const base = rng(s.seed).fork("mg-r7-model").fork(rep).fork(N);
  return { trainSeed: base.fork("train").integer(4294967296), sampling: base.fork("sample") };
}

/** One trained nonlinear model: where it came from and the statistics of its samples. */
export interface MgR7Run {
  N: number;
  replicate: number;
  steps: number;
  /** SHA-256 of the trained float32 weights */
  weightsHash: string;
  /** the recorded per-dimension minibatch losses */
  lossHistory: number[];
  /** number of generated samples (0: not sampled) */
  samples: number;
  /** mean of the generated samples (length d) */
  mean: number[];
  /** 1/n covariance of the generated samples (d × d, row-major) */
  covariance: number[];
}

/**
 * Trains the MLP DDPM on replicate `rep`'s N-point training set and, unless `samples` is 0, draws that many samples
 * and records their mean and covariance. `steps` overrides the setting's (e.g. a short live check).
 */
export async function mgR7Run(s: MgR7Setting, N: number, rep: number, override: { steps?: number; samples?: number } = {}): Promise<MgR7Run> {
  requireInteger("N", N, 2, 1e6);
  requireInteger("rep", rep, 0, 1e6);
  const steps = override.steps ?? s.steps;
  const samples = override.samples ?? s.samples;
  const schedule = mgR7Schedule(s);
  const X = mgR7TrainingSet(s, N, rep);
  const { trainSeed, sampling } = streams(s, N, rep);
  const model = await trainMlpDenoiser(X, schedule, s.spec, { steps, batchSize: s.batchSize, learningRate: s.learningRate, seed: trainSeed });
  try {
    const run: MgR7Run = { N, replicate: rep, steps, weightsHash: mlpWeightsHash(model.weights()), lossHistory: Array.from(model.lossHistory), samples, mean: [], covariance: [] };
    if (samples > 0) {
      const U = sampleMlpDenoiser(model, samples, sampling, { variance: s.variance });
      run.mean = Array.from(columnMeans(U));
      run.covariance = sampleCovariance(U).to1DArray();
    }
    return run;
  } finally {
    model.dispose();
  }
}

/** The cache file written by data/merger-goldt/generate-mg-r7.mjs. */
export interface MgR7Cache {
  /** the resolved setting the runs were made with */
  setting: MgR7Setting;
  runs: MgR7Run[];
  /** a short run (no samples) that the notebook and the test repeat live and compare bit for bit */
  live: MgR7Run;
}

/** Default number of Adam steps of the live check (about 10 s on the 2-core CI machine). */
export const MG_R7_LIVE_STEPS = 100;

/** Reads data/merger-goldt/mg-r7-runs.json, or undefined when it is absent. */
export function mgR7CachedRuns(): MgR7Cache | undefined {
  const path = new URL("../../../data/merger-goldt/mg-r7-runs.json", import.meta.url);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as MgR7Cache;
}

/** True when two settings are the same experiment (every field equal). */
export function sameMgR7Setting(a: MgR7Setting, b: MgR7Setting): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
