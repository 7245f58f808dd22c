/**
 * The unit tasks of Halder's sweeps, one per (d, N, rep): the individual distances of H-F1 and the relative
 * distances of H-F2. Pure functions of the task (and of the shared reference set), run inline or in worker threads.
 */
import { rng } from "../../core/rng.js";
import { DomainError, requireInteger } from "../../core/validate.js";
import {
  bhattacharyyaToIsotropic, klFromIsotropic, klToIsotropic, traceBoundToIsotropic,
} from "../../denoisers/one-step-divergence.js";
import type { OneStepFitKind } from "../../denoisers/one-step.js";
import { kernelFromRows, kernelLogSelfOverlap, sampleKernelRows, type KernelApproximation, type KernelBandwidthRule, type KernelOptions, type KernelSelfOverlap } from "../../memorization/kernel.js";
import { relativeDistances, relativeKlRows } from "../../memorization/relative.js";
import { halderGenerator, halderModel, halderTrainingSet, realizationStream, type HalderModel } from "./realization.js";

/** The distances of one generated law to p (H-F1). */
export interface HalderIndividualRecord {
  rank: number;
  /** KL(p_G‖p), Infinity below d */
  kl: number;
  /** KL(p‖p_G) */
  klReverse: number;
  /** D_½ = 2 D_B */
  renyiHalf: number;
  /** H² = 1 − BC */
  hellinger2: number;
  /** the trace lower bound on KL(p_G‖p) */
  trace: number;
}

/** H-F1 task: the individual distances of realization (d, N, rep) for each requested fit. */
export interface HalderIndividualTask {
  kind: "individual";
  seed: number;
  d: number;
  N: number;
  rep: number;
  model: Partial<HalderModel>;
  fits: OneStepFitKind[];
}

export interface HalderIndividualResult {
  N: number;
  rep: number;
  fits: Partial<Record<OneStepFitKind, HalderIndividualRecord>>;
}

/** H-F2 task: the relative distances of realization (d, N, rep) against the shared reference set of dimension d. */
export interface HalderRelativeTask {
  kind: "relative";
  seed: number;
  d: number;
  N: number;
  rep: number;
  model: Partial<HalderModel>;
  nMc: number;
  /** compute Δ_L2 too (needs ∫K_train², N²d/2) */
  l2: boolean;
  /** compute Δ_KL by Monte Carlo (default true; H-F6's `code` variant needs Δ_L2 only) */
  kl?: boolean;
  /** compute the Jensen bracket (default true; a live slice that only checks Δ_KL skips it) */
  bracket?: boolean;
  bandwidth: KernelBandwidthRule;
}

export interface HalderRelativeResult {
  N: number;
  rep: number;
  /** Monte Carlo Δ_KL and its standard error (both 0 when not computed) */
  kl: number;
  klSE: number;
  /** Jensen bracket of Δ_KL */
  lower: number;
  upper: number;
  /** Δ̃_L2 = Δ_L2/Z (0 when not computed) and its sign */
  l2Scaled: number;
  l2Sign: number;
  /** the individual KL(p_G‖p) of the same realization */
  individual: number;
}

/** The sanity-anchor generators of H-F7 (Halder §3 item 11): the memorizer p_G = K_train and the oracle p_G = p. */
export type HalderAnchorKind = "memorizer" | "oracle";

/** H-F7 task: Δ_KL of an anchor generator for the training set of realization (d, N, rep). */
export interface HalderAnchorTask {
  kind: "anchor";
  seed: number;
  d: number;
  N: number;
  rep: number;
  model: Partial<HalderModel>;
  generator: HalderAnchorKind;
  nMc: number;
  bandwidth: KernelBandwidthRule;
}

export interface HalderAnchorResult {
  N: number;
  rep: number;
  generator: HalderAnchorKind;
  /** Monte Carlo Δ_KL = E_{p_G}[ln K_ref − ln K_train] and its standard error */
  kl: number;
  klSE: number;
}

export type HalderTask = HalderIndividualTask | HalderRelativeTask | HalderAnchorTask;
export type HalderResult = HalderIndividualResult | HalderRelativeResult | HalderAnchorResult;

/** A reference set shared by the relative tasks of one dimension, as plain transferable data. */
export interface HalderReferenceData {
  d: number;
  M: number;
  /** M × d row-major draws of p */
  rows: Float64Array;
  kernel: KernelOptions;
  /** ∫K_ref², when Δ_L2 is wanted */
  selfOverlap?: KernelSelfOverlap;
}

/** The kernel options of a bandwidth choice: the rule with σ, or the fixed ε² = g(1 − e^(−2T)) (Halder §2) [A]. */
export function halderKernelOptions(bandwidth: KernelBandwidthRule, model: HalderModel): KernelOptions {
  return bandwidth === "rule" ? { bandwidth, sigma: model.sigma } : { bandwidth, epsilon: Math.sqrt(-model.g * Math.expm1(-2 * model.T)) };
}

/**
 * The fixed reference set of a sweep: M draws of N(μ1, σ²I) from the stream ("halder-ref", d) of `seed`, with its
 * self-overlap when `l2` is wanted (cost M²d/2, once per sweep).
 */
export function halderReference(seed: number, d: number, M: number, model: HalderModel, bandwidth: KernelBandwidthRule, l2: boolean): HalderReferenceData {
  requireInteger("M", M, 2, 1e6);
  const z = rng(seed).fork("halder-ref").fork(d).normals(M * d);
  const rows = Float64Array.from(z, (v) => model.mu + model.sigma * v);
  const kernel = halderKernelOptions(bandwidth, model);
  const out: HalderReferenceData = { d, M, rows, kernel };
  if (l2) out.selfOverlap = kernelLogSelfOverlap(kernelFromRows(rows, M, d, kernel));
  return out;
}

/** Runs an H-F1 task. */
export function runHalderIndividualTask(task: HalderIndividualTask): HalderIndividualResult {
  const base = halderModel(task.model);
  const set = halderTrainingSet(task.seed, task.d, task.N, task.rep, base);
  const fits: Partial<Record<OneStepFitKind, HalderIndividualRecord>> = {};
  for (const fit of task.fits) {
    const model = { ...base, fit };
    const { generated } = halderGenerator(set, model);
    const bc = bhattacharyyaToIsotropic(generated, model.mu, model.sigma);
    fits[fit] = {
      rank: generated.rank,
      kl: klToIsotropic(generated, model.mu, model.sigma),
      klReverse: klFromIsotropic(generated, model.mu, model.sigma),
      renyiHalf: bc.renyiHalf,
      hellinger2: bc.hellinger2,
      trace: traceBoundToIsotropic(generated, model.mu, model.sigma),
    };
  }
  return { N: task.N, rep: task.rep, fits };
}

/** Runs an H-F2 task against a prepared reference kernel. */
export function runHalderRelativeTask(task: HalderRelativeTask, ref: { kernel: KernelApproximation; selfOverlap?: KernelSelfOverlap }): HalderRelativeResult {
  const model = halderModel(task.model);
  const set = halderTrainingSet(task.seed, task.d, task.N, task.rep, model);
  const { generated } = halderGenerator(set, model);
  const train = kernelFromRows(set.x0, set.N, set.d, halderKernelOptions(task.bandwidth, model));
  const res = relativeDistances(generated, train, ref.kernel, {
    rng: realizationStream(task.seed, task.d, task.N, task.rep).fork("mc"),
    nMc: task.nMc,
    kl: task.kl ?? true,
    l2: task.l2,
    bracket: task.bracket ?? true,
    ...(ref.selfOverlap ? { refSelfOverlap: ref.selfOverlap } : {}),
  });
  return {
    N: task.N,
    rep: task.rep,
    kl: res.kl ? res.kl.mean : 0,
    klSE: res.kl ? res.kl.standardError : 0,
    lower: res.bracket.lower,
    upper: res.bracket.upper,
    l2Scaled: res.l2 ? res.l2.scaled : 0,
    l2Sign: res.l2 ? res.l2.value.sign : 0,
    individual: klToIsotropic(generated, model.mu, model.sigma),
  };
}

/**
 * Runs an H-F7 anchor task: n_mc draws of the memorizer (a training point plus ε_N z, from K_train itself) or of
 * the oracle (x = μ1 + σz, i.e. p), then Δ_KL by {@link relativeKlRows}. The draws come from the fork
 * ("anchor", generator) of the realization's stream; the training set is the same as every other figure's.
 */
export function runHalderAnchorTask(task: HalderAnchorTask, ref: { kernel: KernelApproximation }): HalderAnchorResult {
  const model = halderModel(task.model);
  if (task.generator !== "memorizer" && task.generator !== "oracle") throw new DomainError("generator", `must be "memorizer" or "oracle"; got ${String(task.generator)}`);
  const set = halderTrainingSet(task.seed, task.d, task.N, task.rep, model);
  const train = kernelFromRows(set.x0, set.N, set.d, halderKernelOptions(task.bandwidth, model));
  const stream = realizationStream(task.seed, task.d, task.N, task.rep).fork("anchor").fork(task.generator);
  const n = requireInteger("nMc", task.nMc, 2);
  const x = task.generator === "memorizer"
    ? sampleKernelRows(train, stream, n)
    : Float64Array.from(stream.normals(n * task.d), (z) => model.mu + model.sigma * z);
  const res = relativeKlRows(x, n, train, ref.kernel);
  return { N: task.N, rep: task.rep, generator: task.generator, kl: res.mean, klSE: res.standardError };
}

/** Builds the kernels of shared reference sets, keyed by dimension. */
export function prepareHalderReferences(refs: readonly HalderReferenceData[]): Map<number, { kernel: KernelApproximation; selfOverlap?: KernelSelfOverlap }> {
  const out = new Map<number, { kernel: KernelApproximation; selfOverlap?: KernelSelfOverlap }>();
  for (const r of refs) {
    out.set(r.d, { kernel: kernelFromRows(r.rows, r.M, r.d, r.kernel), ...(r.selfOverlap ? { selfOverlap: r.selfOverlap } : {}) });
  }
  return out;
}

/** Runs any task (the worker's dispatcher). */
export function runHalderTask(task: HalderTask, refs: Map<number, { kernel: KernelApproximation; selfOverlap?: KernelSelfOverlap }>): HalderResult {
  if (task.kind === "individual") return runHalderIndividualTask(task);
  const ref = refs.get(task.d);
  if (!ref) throw new Error(`no reference set of dimension ${task.d}`);
  return task.kind === "anchor" ? runHalderAnchorTask(task, ref) : runHalderRelativeTask(task, ref);
}
