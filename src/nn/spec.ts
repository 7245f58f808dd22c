/**
 * The MLP noise predictor ε̂_θ(x, t) of the nonlinear DDPM (Merger & Goldt §6 / MG-R7; Halder H-S1):
 *
 *   h₀ = [x, e(t)],   h_ℓ = φ(h_{ℓ−1} W_ℓ + b_ℓ) (ℓ = 1..L),   ε̂ = h_L W_out + b_out,
 *
 * with a sinusoidal embedding of the step index t ∈ {1..T}: e(t)_{2j} = sin(t ω_j), e(t)_{2j+1} = cos(t ω_j),
 * ω_j = 10000^{−j/(E/2)}, j = 0..E/2 − 1 (Vaswani et al. 2017; Ho et al. 2020).
 */
import { createHash } from "node:crypto";
import type { Rng } from "../core/rng.js";
import { DomainError, requireInteger } from "../core/validate.js";

/** Architecture of the MLP denoiser. */
export interface MlpDenoiserSpec {
  /** data dimension d (integer ≥ 1) */
  dim: number;
  /** widths of the hidden layers, e.g. [256, 256] (MG-R7) or [128, 128] (H-S1); each an integer ≥ 1 */
  hidden: readonly number[];
  /** the nonlinearity φ */
  activation: "relu" | "silu";
  /** size E of the sinusoidal embedding of the step index t (an even integer ≥ 2) */
  timeEmbedding: number;
}

/** Plain-array weights of an MLP denoiser: layer by layer, W (fan_in × fan_out, row-major) then b. */
export interface MlpWeights {
  shapes: number[][];
  values: number[][];
}

/** Validates an {@link MlpDenoiserSpec} and returns a frozen copy. @throws DomainError naming the bad field */
export function validateMlpSpec(spec: MlpDenoiserSpec): MlpDenoiserSpec {
  if (spec == null || typeof spec !== "object") throw new DomainError("spec", "must be an MlpDenoiserSpec object");
  requireInteger("spec.dim", spec.dim, 1, 1e5);
  if (!Array.isArray(spec.hidden)) throw new DomainError("spec.hidden", "must be an array of layer widths");
  spec.hidden.forEach((w, i) => requireInteger(`spec.hidden[${i}]`, w, 1, 1e5));
  if (spec.activation !== "relu" && spec.activation !== "silu") {
    throw new DomainError("spec.activation", `must be "relu" or "silu"; got ${JSON.stringify(spec.activation)}`);
  }
  requireInteger("spec.timeEmbedding", spec.timeEmbedding, 2, 1e4);
  if (spec.timeEmbedding % 2 !== 0) throw new DomainError("spec.timeEmbedding", `must be even; got ${spec.timeEmbedding}`);
  return Object.freeze({ dim: spec.dim, hidden: Object.freeze([...spec.hidden]), activation: spec.activation, timeEmbedding: spec.timeEmbedding });
}

/** The layer shapes [fan_in, fan_out] of the spec, input layer first (input width d + E, output width d). */
export function mlpLayerShapes(spec: MlpDenoiserSpec): [number, number][] {
  const widths = [spec.dim + spec.timeEmbedding, ...spec.hidden, spec.dim];
  const shapes: [number, number][] = [];
  for (let l = 0; l + 1 < widths.length; l++) shapes.push([widths[l], widths[l + 1]]);
  return shapes;
}

/**
 * The sinusoidal embeddings e(t) of t = 1..T as a T × E float32 table (row t − 1 holds e(t)); see the module comment.
 */
export function sinusoidalTimeTable(T: number, E: number): Float32Array {
  requireInteger("T", T, 1);
  requireInteger("E", E, 2);
  if (E % 2 !== 0) throw new DomainError("E", `must be even; got ${E}`);
  const half = E / 2;
  const out = new Float32Array(T * E);
  for (let t = 1; t <= T; t++) {
    for (let j = 0; j < half; j++) {
      const w = Math.exp((-Math.log(10000) * j) / half);
      out[(t - 1) * E + 2 * j] = Math.sin(t * w);
      out[(t - 1) * E + 2 * j + 1] = Math.cos(t * w);
    }
  }
  return out;
}

/**
 * Seeded initial weights: W ~ N(0, g²/fan_in) with g² = 2 for relu (He) and 1 for silu (LeCun), biases 0; the
 * output layer is scaled by a further 1/√(hidden layers + 1). Drawn row by row from `r`, so a seed fixes them exactly
 * (rounded to float32).
 */
export function initialMlpWeights(spec: MlpDenoiserSpec, r: Rng): MlpWeights {
  const layers = mlpLayerShapes(spec);
  const gain2 = spec.activation === "relu" ? 2 : 1;
  const shapes: number[][] = [];
  const values: number[][] = [];
  layers.forEach(([fanIn, fanOut], l) => {
    const last = l === layers.length - 1;
    const scale = Math.sqrt((last ? 1 : gain2) / fanIn) / (last ? Math.sqrt(layers.length) : 1);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = r.normal() * scale;
    shapes.push([fanIn, fanOut], [fanOut]);
    values.push(Array.from(w), new Array<number>(fanOut).fill(0));
  });
  return { shapes, values };
}

/** Checks that `weights` fit `spec` (shapes and finite values). @throws DomainError naming `weights` */
export function validateMlpWeights(spec: MlpDenoiserSpec, weights: MlpWeights): void {
  if (weights == null || !Array.isArray(weights.shapes) || !Array.isArray(weights.values)) {
    throw new DomainError("weights", "must be { shapes: number[][]; values: number[][] }");
  }
  const expected = mlpLayerShapes(spec).flatMap(([i, o]) => [[i, o], [o]]);
  if (weights.shapes.length !== expected.length || weights.values.length !== expected.length) {
    throw new DomainError("weights", `must hold ${expected.length} tensors; got ${weights.shapes.length} shapes and ${weights.values.length} values`);
  }
  expected.forEach((shape, k) => {
    const got = weights.shapes[k];
    if (!Array.isArray(got) || got.length !== shape.length || got.some((v, i) => v !== shape[i])) {
      throw new DomainError("weights", `tensor ${k} must have shape [${shape}]; got [${String(got)}]`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const vals = weights.values[k];
    if (!Array.isArray(vals) || vals.length !== size) throw new DomainError("weights", `tensor ${k} must hold ${size} values`);
    for (let i = 0; i < size; i++) {
      if (typeof vals[i] !== "number" || !Number.isFinite(vals[i])) throw new DomainError("weights", `tensor ${k} entry ${i} is not finite`);
    }
  });
}

/** SHA-256 (hex) of a model's weights as float32 bytes, tensor by tensor: equal hashes = bit-identical weights. */
export function mlpWeightsHash(w: MlpWeights): string {
  const h = createHash("sha256");
  for (const v of w.values) h.update(new Uint8Array(Float32Array.from(v).buffer));
  return h.digest("hex");
}
