/**
 * A Gaussian held by its mean and its r positive eigenpairs, N(μ, Σ_k g_k u_k u_kᵀ): the form in which a generator's
 * law enters the kernel reference (Halder §3 items 3, 7, 9). Rank r < d means a degenerate law on the flat
 * μ + span(u_1 … u_r); nothing here ever needs the d − r zero directions.
 */
import { Matrix } from "ml-matrix";
import type { Gaussian } from "../core/gaussian.js";
import { Rng } from "../core/rng.js";
import { DomainError, MAX_ARRAY_LENGTH, requireFiniteArray, requireInteger } from "../core/validate.js";

/** N(mean, Σ_k values[k] u_k u_kᵀ) with orthonormal u_k stored as the rows of `vectors` (rank × dim, row-major). */
export interface SpectralGaussian {
  readonly dim: number;
  /** number of positive eigenvalues r (0 ≤ r ≤ dim) */
  readonly rank: number;
  readonly mean: Float64Array;
  /** the r positive eigenvalues g_k (any order) */
  readonly values: Float64Array;
  /** r × dim row-major: row k is the unit eigenvector u_k */
  readonly vectors: Float64Array;
}

/** Largest allowed deviation of the eigenvector rows from orthonormality. */
const ORTHONORMAL_TOLERANCE = 1e-8;

/**
 * Builds and validates a {@link SpectralGaussian}.
 * @param mean length d, finite
 * @param values r positive finite eigenvalues
 * @param vectors the eigenvectors: a d × r Matrix (columns) or an r × d row-major Float64Array; must be orthonormal
 *   to 1e-8
 * @throws {DomainError} non-finite entries, non-positive eigenvalues, wrong shapes, vectors not orthonormal
 */
export function spectralGaussian(mean: ArrayLike<number>, values: ArrayLike<number>, vectors: Matrix | Float64Array): SpectralGaussian {
  requireFiniteArray("mean", mean);
  const d = mean.length;
  const r = values.length;
  if (r > d) throw new DomainError("values", `must hold at most ${d} eigenvalues; got ${r}`);
  for (let k = 0; k < r; k++) {
    if (!(values[k] > 0) || !Number.isFinite(values[k])) throw new DomainError("values", `must be finite and > 0; entry ${k} is ${values[k]}`);
  }
  let rows: Float64Array;
  if (vectors instanceof Float64Array) {
    if (vectors.length !== r * d) throw new DomainError("vectors", `must hold ${r} x ${d} entries; got ${vectors.length}`);
    rows = Float64Array.from(vectors);
  } else {
    if (!Matrix.isMatrix(vectors) || vectors.rows !== d || vectors.columns !== r) {
      throw new DomainError("vectors", `must be a ${d} x ${r} Matrix`);
    }
    rows = new Float64Array(r * d);
    for (let k = 0; k < r; k++) for (let i = 0; i < d; i++) rows[k * d + i] = vectors.get(i, k);
  }
  requireFiniteArray("vectors", rows.length ? rows : [0]);
  for (let k = 0; k < r; k++) {
    for (let l = k; l < r; l++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += rows[k * d + i] * rows[l * d + i];
      if (Math.abs(s - (k === l ? 1 : 0)) > ORTHONORMAL_TOLERANCE) {
        throw new DomainError("vectors", `must be orthonormal; u_${k}·u_${l} = ${s}`);
      }
    }
  }
  return { dim: d, rank: r, mean: Float64Array.from(mean), values: Float64Array.from(values), vectors: rows };
}

/** Internal constructor for already-trusted parts (no validation, no copies). */
export function trustedSpectralGaussian(mean: Float64Array, values: Float64Array, vectors: Float64Array): SpectralGaussian {
  return { dim: mean.length, rank: values.length, mean, values, vectors };
}

/** The {@link SpectralGaussian} of a core `Gaussian` (its positive eigenpairs). */
export function spectralFromGaussian(g: Gaussian): SpectralGaussian {
  const d = g.dim;
  const idx: number[] = [];
  for (let k = 0; k < d; k++) if (g.eig.values[k] > 0) idx.push(k);
  const values = Float64Array.from(idx, (k) => g.eig.values[k]);
  const vectors = new Float64Array(idx.length * d);
  idx.forEach((k, row) => {
    for (let i = 0; i < d; i++) vectors[row * d + i] = g.eig.vectors.get(i, k);
  });
  return trustedSpectralGaussian(Float64Array.from(g.mean), values, vectors);
}

/** tr Σ = Σ_k g_k. */
export function spectralTrace(g: SpectralGaussian): number {
  let t = 0;
  for (let k = 0; k < g.rank; k++) t += g.values[k];
  return t;
}

/**
 * n draws x = μ + Σ_{k≤r} √g_k u_k z_k, z ~ N(0, I_r) (Halder §3 item 9), as an n × d row-major array. Exact for
 * a degenerate law: every draw lies on its flat. Uses n·r normals of `rng`, row by row.
 */
export function sampleSpectralRows(g: SpectralGaussian, rng: Rng, n: number): Float64Array {
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  requireInteger("n", n, 1, Math.floor(MAX_ARRAY_LENGTH / Math.max(1, g.dim)));
  const d = g.dim;
  const r = g.rank;
  const out = new Float64Array(n * d);
  const scale = Float64Array.from(g.values, Math.sqrt);
  for (let j = 0; j < n; j++) {
    const row = j * d;
    for (let i = 0; i < d; i++) out[row + i] = g.mean[i];
    for (let k = 0; k < r; k++) {
      const z = rng.normal() * scale[k];
      const u = k * d;
      for (let i = 0; i < d; i++) out[row + i] += z * g.vectors[u + i];
    }
  }
  return out;
}

/** {@link sampleSpectralRows} as an n × d Matrix. */
export function sampleSpectralGaussian(g: SpectralGaussian, rng: Rng, n: number): Matrix {
  const rows = sampleSpectralRows(g, rng, n);
  const M = new Matrix(n, g.dim);
  for (let j = 0; j < n; j++) for (let i = 0; i < g.dim; i++) M.set(j, i, rows[j * g.dim + i]);
  return M;
}
