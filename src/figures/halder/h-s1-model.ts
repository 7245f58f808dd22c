/**
 * H-S1 (stretch, Halder §4 H-S1): the nonlinear DDPM of one (N, rep, S), trained with the shared TensorFlow.js MLP
 * denoiser of src/nn (ε-prediction, Adam, minibatches drawn with replacement, fresh noise every step) and sampled
 * with its batched ancestral sampler, then judged by {@link halderSampleMetrics}. Every random draw is seeded from
 * (design seed, N, rep), and S = 500, 2000, 6000 share the training set, the initial weights, the minibatch stream
 * and the sampling noise: the shorter budgets are prefixes of the longer training runs.
 */
import type { Matrix } from "ml-matrix";
import { DomainError, requireInteger } from "../../core/validate.js";
import type { KernelApproximation } from "../../memorization/kernel.js";
import type { TfBackendName } from "../../nn/backend.js";
import type { TrainedMlpDenoiser } from "../../nn/model.js";
import { sampleMlpDenoiser } from "../../nn/sample.js";
import { mlpWeightsHash, type MlpDenoiserSpec } from "../../nn/spec.js";
import { trainMlpDenoiser } from "../../nn/train.js";
import {
  halderSampleMetrics, halderStretchModelSeed, halderStretchReference, halderStretchSchedule, halderStretchStream, halderStretchTrainingSet,
  type HalderStretchDesign,
} from "./h-s1-metrics.js";
import { halderStretchAnchorRecord, halderStretchRecordGap, type HalderStretchRecord, type HalderStretchTask } from "./h-s1.js";

/** The MLP of the design: d inputs plus the time embedding, `hidden` layers of `activation`, d outputs. */
export function halderStretchSpec(p: HalderStretchDesign): MlpDenoiserSpec {
  return { dim: p.d, hidden: [...p.hidden], activation: p.activation, timeEmbedding: p.timeEmbedding };
}

/** A trained DDPM of the stretch with its samples and record. Dispose `model` when done. */
export interface HalderStretchRun {
  record: HalderStretchRecord;
  /** the n_gen generated samples (n_gen × d) */
  samples: Matrix;
  /** the training set (N × d) */
  train: Matrix;
  model: TrainedMlpDenoiser;
}

/**
 * Trains the DDPM of (N, rep) for `steps` Adam steps, draws n_gen samples (stream ("sample", N, rep)) and computes
 * the metrics against `ref`. The record's `training.finalLoss` is the mean recorded loss over the last 10% of steps.
 * @throws {DomainError} bad N, rep or steps (and whatever the trainer rejects)
 */
export async function halderStretchTrainRun(p: HalderStretchDesign, ref: KernelApproximation, N: number, rep: number, steps: number, backend?: TfBackendName): Promise<HalderStretchRun> {
  requireInteger("steps", steps, 1, 1e7);
  const t0 = performance.now();
  const train = halderStretchTrainingSet(p, N, rep);
  const modelSeed = halderStretchModelSeed(p, N, rep);
  const model = await trainMlpDenoiser(train, halderStretchSchedule(p), halderStretchSpec(p), {
    steps, batchSize: p.batchSize, learningRate: p.learningRate, seed: modelSeed, lossEvery: Math.max(1, Math.floor(steps / 200)),
    ...(backend ? { backend } : {}),
  });
  try {
    const samples = sampleMlpDenoiser(model, p.nGen, halderStretchStream(p, "sample", N, rep), { variance: p.variance });
    const metrics = halderSampleMetrics(samples, train, ref, p);
    const h = model.lossHistory;
    const tail = h.subarray(Math.floor(h.length * 0.9));
    let finalLoss = 0;
    for (const v of tail) finalLoss += v / tail.length;
    const record: HalderStretchRecord = {
      kind: "ddpm", N, rep, steps, ...metrics,
      training: { modelSeed, finalLoss, weightsHash: mlpWeightsHash(model.weights()), seconds: (performance.now() - t0) / 1000 },
    };
    return { record, samples, train, model };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** The record of one task of the sweep (a DDPM training, or a stand-in). */
export async function halderStretchTaskRecord(p: HalderStretchDesign, ref: KernelApproximation, task: HalderStretchTask, backend?: TfBackendName): Promise<HalderStretchRecord> {
  if (task.kind !== "ddpm") return halderStretchAnchorRecord(p, ref, task.kind, task.N, task.rep);
  const run = await halderStretchTrainRun(p, ref, task.N, task.rep, task.steps, backend);
  run.model.dispose();
  return run.record;
}

/** A live re-run of one cached DDPM record. */
export interface HalderStretchLiveCheck {
  run: HalderStretchRun;
  cached: HalderStretchRecord;
  /** largest relative difference over the seed-fixed numbers (0: bit for bit, weights hash included) */
  gap: number;
  /** wall time of the live training, sampling and metrics, seconds */
  seconds: number;
}

/**
 * Retrains the DDPM of (N, rep, S) live and compares it with its record in `records` (the cache): the same seed
 * gives the same float32 weights (same hash) and therefore the same samples and metrics (bit for bit on the same
 * library code). `gap` is Infinity when the weights hashes differ.
 * @throws {DomainError} when the cache holds no such record
 */
export async function halderStretchLiveCheck(p: HalderStretchDesign, records: readonly HalderStretchRecord[], N: number, rep: number, steps: number, backend?: TfBackendName): Promise<HalderStretchLiveCheck> {
  const cached = records.find((r) => r.kind === "ddpm" && r.N === N && r.rep === rep && r.steps === steps);
  if (!cached) throw new DomainError("N", `the cache holds no DDPM record at N = ${N}, rep = ${rep}, S = ${steps}`);
  const t0 = performance.now();
  const run = await halderStretchTrainRun(p, halderStretchReference(p), N, rep, steps, backend);
  return { run, cached, gap: halderStretchRecordGap(run.record, cached), seconds: (performance.now() - t0) / 1000 };
}
