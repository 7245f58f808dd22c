/**
 * Nested Gaussian training sets for the Merger & Goldt sweeps: one stream of standard-normal rows z_n per seed, the
 * training set of size N is its first N rows, and each spectrum λ turns it into data x_n = μ + √λ ⊙ z_n (common random
 * numbers across spectra). The Gram matrix Σ z zᵀ is accumulated once along the stream, so each (N, λ) costs one
 * d × d covariance and ONE eigen-decomposition, never a pass over the data per N.
 */
import type { Rng } from "../../core/rng.js";
import { DomainError, requireInteger } from "../../core/validate.js";
import { spectralFitFromArray, type MeanMode, type SpectralFit } from "../../denoisers/linear.js";

/** Options of {@link forEachNestedFit}. */
export interface NestedFitOptions {
  /** population spectra (each of length d) sharing the same z stream */
  spectra: Float64Array[];
  /** training-set sizes, strictly increasing */
  sizes: number[];
  /** default "known" */
  meanMode?: MeanMode;
  /** μ (length d) for the data; default 0 */
  mean?: ArrayLike<number>;
}

/**
 * Calls `visit(fit, spectrumIndex, size)` for every size (ascending) and spectrum, on the nested training sets drawn
 * from `rng` (rows drawn with `rng.normals(d)`, the same order as `sampleDiagonalGaussian`).
 * @throws {DomainError} empty spectra, unequal lengths, sizes not increasing integers >= 1 (>= 2 if estimated)
 */
export function forEachNestedFit(rng: Rng, options: NestedFitOptions, visit: (fit: SpectralFit, spectrumIndex: number, size: number) => void): void {
  const { spectra, sizes } = options;
  if (!Array.isArray(spectra) || spectra.length === 0) throw new DomainError("spectra", "must be a non-empty array");
  const d = spectra[0].length;
  if (spectra.some((s) => s.length !== d)) throw new DomainError("spectra", `must all have length ${d}`);
  const meanMode = options.meanMode ?? "known";
  if (!Array.isArray(sizes) || sizes.length === 0) throw new DomainError("sizes", "must be a non-empty array");
  sizes.forEach((n, i) => {
    requireInteger("sizes", n, meanMode === "estimated" ? 2 : 1, 1e7);
    if (i > 0 && n <= sizes[i - 1]) throw new DomainError("sizes", `must be strictly increasing; got ${sizes.join(", ")}`);
  });
  const mu = new Float64Array(d);
  if (options.mean !== undefined) {
    if (options.mean.length !== d) throw new DomainError("mean", `must have length ${d}`);
    mu.set(options.mean);
  }
  const G = new Float64Array(d * d); // Σ z zᵀ, upper triangle
  const zsum = new Float64Array(d);
  const roots = spectra.map((s) => Float64Array.from(s, Math.sqrt));
  const B = 64; // rows per block: the Gram update is a blocked product of contiguous columns
  const block = new Float64Array(d * B); // column-major: block[i·B + b] = z_b[i]
  let n = 0;
  for (const N of sizes) {
    while (n < N) {
      const rows = Math.min(B, N - n);
      for (let b = 0; b < rows; b++) {
        const z = rng.normals(d);
        for (let i = 0; i < d; i++) block[i * B + b] = z[i];
      }
      gramUpdate(G, block, d, B, rows, zsum);
      n += rows;
    }
    for (let k = 0; k < spectra.length; k++) {
      const r = roots[k];
      const C = new Float64Array(d * d);
      const mean = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const zbi = zsum[i] / N;
        mean[i] = mu[i] + r[i] * zbi;
        for (let j = i; j < d; j++) {
          let g = G[i * d + j] / N;
          if (meanMode === "estimated") g -= zbi * (zsum[j] / N);
          const v = r[i] * r[j] * g;
          C[i * d + j] = v;
          C[j * d + i] = v;
        }
      }
      visit(spectralFitFromArray(C, d, N, meanMode, mean), k, N);
    }
  }
}

/**
 * G_ij += Σ_b z_b[i] z_b[j] (i <= j) and zsum_i += Σ_b z_b[i] over the first `rows` columns of a block. Four j at a
 * time share each load of z_b[i]; every G_ij is still summed over b in order, so the result is bit for bit the one of
 * the plain double loop.
 */
function gramUpdate(G: Float64Array, block: Float64Array, d: number, B: number, rows: number, zsum: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const bi = i * B;
    let s = 0;
    for (let b = 0; b < rows; b++) s += block[bi + b];
    zsum[i] += s;
    let j = i;
    for (; j + 3 < d; j += 4) {
      const b0 = j * B;
      const b1 = b0 + B;
      const b2 = b1 + B;
      const b3 = b2 + B;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let b = 0; b < rows; b++) {
        const x = block[bi + b];
        a0 += x * block[b0 + b];
        a1 += x * block[b1 + b];
        a2 += x * block[b2 + b];
        a3 += x * block[b3 + b];
      }
      const g = i * d + j;
      G[g] += a0;
      G[g + 1] += a1;
      G[g + 2] += a2;
      G[g + 3] += a3;
    }
    for (; j < d; j++) {
      const bj = j * B;
      let acc = 0;
      for (let b = 0; b < rows; b++) acc += block[bi + b] * block[bj + b];
      G[i * d + j] += acc;
    }
  }
}

/** Mean and standard error of the mean (s.e.m. 0 for one value, and for an infinite mean). */
export function meanAndSem(xs: number[]): { mean: number; sem: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2 || !Number.isFinite(mean)) return { mean, sem: 0 };
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, sem: Math.sqrt(v / n) };
}

/** Least-squares slope of y on x. */
export function lsSlope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}
