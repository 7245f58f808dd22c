/**
 * A (trained) MLP noise predictor held as TensorFlow.js tensors, with batched prediction ε̂(x, t) and plain-array
 * weights for caching. The forward pass is the one of spec.ts; every call runs inside `tf.tidy`, so no tensor leaks.
 */
import * as tf from "@tensorflow/tfjs";
import { Matrix } from "ml-matrix";
import { DomainError, requireInteger, requireMatrix } from "../core/validate.js";
import type { DdpmSchedule } from "../diffusion/ddpm.js";
import { requireTfBackend } from "./backend.js";
import { sinusoidalTimeTable, validateMlpSpec, validateMlpWeights, type MlpDenoiserSpec, type MlpWeights } from "./spec.js";

/** A trained (or restored) MLP denoiser for one discrete DDPM schedule. */
export interface TrainedMlpDenoiser {
  readonly spec: MlpDenoiserSpec;
  /** the foundation's discrete schedule (src/diffusion/ddpm.ts) the model was trained on, any T and β range */
  readonly schedule: DdpmSchedule;
  /** the per-dimension training loss ‖ε − ε̂‖²/(B d) of the recorded minibatches (every `lossEvery` steps) */
  readonly lossHistory: Float64Array;
  /** ε̂(x_t, t) for the rows of x (n × d) at one step index t ∈ [1, T]; batched */
  predictNoise(x: Matrix, t: number): Matrix;
  /** plain-array weights, for caching as JSON and restoring with restoreMlpDenoiser */
  weights(): MlpWeights;
  /** frees the model's tensors; the model must not be used afterwards */
  dispose(): void;
}

/** ε̂ of an MLP as tensors: h₀ = [x, e], h_ℓ = φ(h_{ℓ−1}W_ℓ + b_ℓ), ε̂ = h_L W + b. Call inside tf.tidy. */
function mlpForward(params: readonly tf.Tensor[], activation: "relu" | "silu", x: tf.Tensor2D, emb: tf.Tensor2D): tf.Tensor2D {
  let h = tf.concat([x, emb], 1);
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    const z = tf.add(tf.matMul(h, params[2 * l] as tf.Tensor2D), params[2 * l + 1]) as tf.Tensor2D;
    h = l === layers - 1 ? z : activation === "relu" ? tf.relu(z) : (tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D);
  }
  return h;
}

/**
 * The tensors of a model and what it needs to predict and train; shared by the trainer, the restorer and the sampler.
 * No TensorFlow.js type appears in its public members, so the library's .d.ts never needs tfjs's typings.
 */
export class MlpDenoiserModel implements TrainedMlpDenoiser {
  readonly spec: MlpDenoiserSpec;
  readonly schedule: DdpmSchedule;
  readonly lossHistory: Float64Array;
  /** W₁, b₁, …, W_out, b_out */
  private readonly params: tf.Variable[];
  /** the Adam optimizer while training (see startTraining) */
  private optimizer: tf.Optimizer | undefined;
  /** the sinusoidal embeddings of t = 1..T (T × E) */
  readonly timeTable: Float32Array;
  private disposed = false;

  constructor(spec: MlpDenoiserSpec, schedule: DdpmSchedule, weights: MlpWeights, lossHistory: Float64Array = new Float64Array(0)) {
    requireTfBackend();
    this.spec = validateMlpSpec(spec);
    if (schedule == null || schedule.kind !== "ddpm") throw new DomainError("schedule", "must be a DdpmSchedule (ddpmSchedule())");
    validateMlpWeights(this.spec, weights);
    this.schedule = schedule;
    this.lossHistory = lossHistory;
    this.timeTable = sinusoidalTimeTable(schedule.T, this.spec.timeEmbedding);
    this.params = weights.shapes.map((shape, k) => {
      const init = tf.tensor(weights.values[k], shape, "float32");
      const v = tf.variable(init, true);
      init.dispose(); // the variable keeps its own reference to the data
      return v;
    });
  }

  /** The embeddings of `n` copies of step t (n × E, float32). */
  embeddingRows(t: number, n: number): Float32Array {
    const E = this.spec.timeEmbedding;
    const out = new Float32Array(n * E);
    const row = this.timeTable.subarray((t - 1) * E, t * E);
    for (let k = 0; k < n; k++) out.set(row, k * E);
    return out;
  }

  /** ε̂ for n rows given as a row-major float32 array; returns float32 (n × d). No validation: internal fast path. */
  predictFlat(x: Float32Array, n: number, t: number): Float32Array {
    const d = this.spec.dim;
    const E = this.spec.timeEmbedding;
    return tf.tidy(() => {
      const xs = tf.tensor2d(x, [n, d], "float32");
      const es = tf.tensor2d(this.embeddingRows(t, n), [n, E], "float32");
      return mlpForward(this.params, this.spec.activation, xs, es).dataSync() as Float32Array;
    });
  }

  predictNoise(x: Matrix, t: number): Matrix {
    this.requireLive();
    requireMatrix("x", x, { columns: this.spec.dim });
    requireInteger("t", t, 1, this.schedule.T);
    const n = x.rows;
    const d = this.spec.dim;
    const flat = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) flat[i * d + j] = x.get(i, j);
    const eps = this.predictFlat(flat, n, t);
    const out = new Matrix(n, d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out.set(i, j, eps[i * d + j]);
    return out;
  }

  /** Starts training with Adam at learning rate `lr` (tfjs defaults β₁ 0.9, β₂ 0.999, ε 1e−7). */
  startTraining(lr: number): void {
    this.optimizer?.dispose();
    this.optimizer = tf.train.adam(lr);
  }

  /**
   * One Adam step on the per-dimension DDPM loss mean‖ε − ε̂(x, e)‖²/(B d) of a minibatch of B rows (float32,
   * row-major: x is B × d, emb B × E, eps B × d). Gradients by tfjs (`optimizer.minimize`). Returns the loss when
   * `record`, else NaN (no device read-back).
   */
  trainStep(x: Float32Array, emb: Float32Array, eps: Float32Array, batch: number, record: boolean): number {
    const optimizer = this.optimizer;
    if (optimizer === undefined) throw new DomainError("model", "is not training (call startTraining first)");
    const d = this.spec.dim;
    const E = this.spec.timeEmbedding;
    let value = Number.NaN;
    tf.tidy(() => {
      const xs = tf.tensor2d(x, [batch, d], "float32");
      const es = tf.tensor2d(emb, [batch, E], "float32");
      const target = tf.tensor2d(eps, [batch, d], "float32");
      const cost = optimizer.minimize(() => tf.mean(tf.square(tf.sub(target, mlpForward(this.params, this.spec.activation, xs, es)))) as tf.Scalar, record, this.params);
      if (cost) value = cost.dataSync()[0];
    });
    return value;
  }

  /** Ends training: frees the optimizer's state. */
  endTraining(): void {
    this.optimizer?.dispose();
    this.optimizer = undefined;
  }

  weights(): MlpWeights {
    this.requireLive();
    return { shapes: this.params.map((p) => [...p.shape]), values: this.params.map((p) => Array.from(p.dataSync())) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.endTraining();
    for (const p of this.params) p.dispose();
  }

  requireLive(): void {
    if (this.disposed) throw new DomainError("model", "has been disposed");
  }
}

/**
 * Rebuilds a model from plain-array weights (as returned by `weights()` or stored as JSON); the result predicts
 * exactly as the model that produced them. Needs an active backend (await useTfBackend() first).
 * @throws DomainError naming `spec.*`, `schedule` or `weights` if they do not fit together
 */
export function restoreMlpDenoiser(spec: MlpDenoiserSpec, schedule: DdpmSchedule, weights: MlpWeights): TrainedMlpDenoiser {
  return new MlpDenoiserModel(spec, schedule, weights);
}
