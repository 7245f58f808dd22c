/**
 * DDPM training of the MLP noise predictor with Adam (Ho et al. 2020, Algorithm 1; Merger & Goldt §2 "Denoiser"):
 *
 *   L(θ) = E_{x₀, t, ε} ‖ε − ε̂_θ(a_t x₀ + s_t ε, t)‖² / d,   t uniform on {1..T},   ε ~ N(0, I),
 *
 * estimated on minibatches of B rows drawn with replacement from the N training rows, with fresh t and ε every step.
 * The gradients and the Adam update come from TensorFlow.js (`tf.train.adam`, `optimizer.minimize`). Every random
 * draw (initial weights, rows, times, noise) comes from the library's seeded `rng`, one `fork` per purpose, and is fed
 * to tfjs as a tensor, so a seed fixes the trained weights bit for bit (float32 on the wasm backend).
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix } from "ml-matrix";
import { rng } from "../core/rng.js";
import { DomainError, requireInteger, requireMatrix, requirePositive } from "../core/validate.js";
import type { DdpmSchedule } from "../diffusion/ddpm.js";
import { requireTfBackend, useTfBackend, type TfBackendName } from "./backend.js";
import { MlpDenoiserModel, type TrainedMlpDenoiser } from "./model.js";
import { initialMlpWeights, validateMlpSpec, type MlpDenoiserSpec } from "./spec.js";

/** Options of {@link trainMlpDenoiser}. */
export interface DdpmTrainingOptions {
  /** number of Adam steps (integer ≥ 1) */
  steps: number;
  /** minibatch size B (integer ≥ 1), rows drawn WITH replacement from the N training rows, fresh noise each step */
  batchSize: number;
  /** Adam learning rate (> 0), e.g. 1e−3; Adam's other constants are tfjs's defaults (β₁ 0.9, β₂ 0.999, ε 1e−7) */
  learningRate: number;
  /** seed of the initial weights and of every minibatch draw (integer in [0, 2^32 − 1]) */
  seed: number;
  /** record the minibatch loss every k steps (integer ≥ 1); default max(1, ⌊steps/200⌋) */
  lossEvery?: number;
  /** TensorFlow.js backend; default: the active one if useTfBackend was called, else "wasm" */
  backend?: TfBackendName;
}

/** One minibatch of the DDPM loss: the noisy inputs x_t, their embeddings e(t) and the target noise ε (float32). */
interface Minibatch {
  x: Float32Array;
  emb: Float32Array;
  eps: Float32Array;
}

/**
 * Trains ε-prediction with the DDPM loss E‖ε − ε̂(a_t x₀ + s_t ε, t)‖² (per dimension), t uniform on {1..T}
 * (Ho et al. 2020), by `steps` Adam steps on the rows of `data` (N × d). Returns the trained model (dispose it when
 * done) with its loss history.
 * @throws DomainError naming `data` (not N × spec.dim, or non-finite), `schedule`, `spec.*`, `steps`, `batchSize`,
 *   `learningRate`, `seed` or `lossEvery`
 */
export async function trainMlpDenoiser(
  data: Matrix,
  schedule: DdpmSchedule,
  spec: MlpDenoiserSpec,
  options: DdpmTrainingOptions,
): Promise<TrainedMlpDenoiser> {
  const s = validateMlpSpec(spec);
  requireMatrix("data", data, { columns: s.dim });
  if (schedule == null || schedule.kind !== "ddpm") throw new DomainError("schedule", "must be a DdpmSchedule (ddpmSchedule())");
  if (options == null) throw new DomainError("options", "must give steps, batchSize, learningRate and seed");
  const steps = requireInteger("steps", options.steps, 1, 1e8);
  const batch = requireInteger("batchSize", options.batchSize, 1, 1e6);
  const lr = requirePositive("learningRate", options.learningRate);
  const seed = requireInteger("seed", options.seed, 0, 4294967295);
  const lossEvery = requireInteger("lossEvery", options.lossEvery ?? Math.max(1, Math.floor(steps / 200)), 1);
  if (options.backend !== undefined) await useTfBackend(options.backend);
  else if (tf.engine().backendName !== "wasm" && tf.engine().backendName !== "cpu") await useTfBackend("wasm");
  requireTfBackend();

  const root = rng(seed);
  const model = new MlpDenoiserModel(s, schedule, initialMlpWeights(s, root.fork("init")));
  const rows = root.fork("rows");
  const times = root.fork("times");
  const noise = root.fork("noise");
  const N = data.rows;
  const d = s.dim;
  const E = s.timeEmbedding;
  const x0 = data.to2DArray();
  const { T, alpha, sigma } = schedule;
  const mb: Minibatch = { x: new Float32Array(batch * d), emb: new Float32Array(batch * E), eps: new Float32Array(batch * d) };
  const draw = (): void => {
    for (let b = 0; b < batch; b++) {
      const row = x0[rows.integer(N)];
      const t = 1 + times.integer(T);
      const a = alpha[t];
      const sd = sigma[t];
      for (let j = 0; j < d; j++) {
        const e = noise.normal();
        mb.eps[b * d + j] = e;
        mb.x[b * d + j] = a * row[j] + sd * e;
      }
      mb.emb.set(model.timeTable.subarray((t - 1) * E, t * E), b * E);
    }
  };

  const history: number[] = [];
  try {
    model.startTraining(lr);
    for (let step = 1; step <= steps; step++) {
      draw();
      const record = step % lossEvery === 0;
      const loss = model.trainStep(mb.x, mb.emb, mb.eps, batch, record);
      if (record) history.push(loss);
    }
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    model.endTraining();
  }
  const trained = new MlpDenoiserModel(s, schedule, model.weights(), Float64Array.from(history));
  model.dispose();
  return trained;
}
