/**
 * Brute-force quadratures in d = 2, the independent routes against which the closed-form overlaps and distances of
 * the memorization reference are checked (in the H-F3 notebook's method checks and in the unit tests).
 */
import type { SpectralGaussian } from "../../memorization/spectral-gaussian.js";

/** Density of a full-rank 2-D Gaussian given by its eigenpairs: N(x; m, V diag(λ) Vᵀ). */
export function halderGaussianDensity2(g: SpectralGaussian, x: number[]): number {
  let q = 0;
  let det = 1;
  for (let k = 0; k < g.rank; k++) {
    const p = g.vectors[2 * k] * (x[0] - g.mean[0]) + g.vectors[2 * k + 1] * (x[1] - g.mean[1]);
    q += (p * p) / g.values[k];
    det *= g.values[k];
  }
  return Math.exp(-q / 2) / (2 * Math.PI * Math.sqrt(det));
}

/** ∫ f over the square [−L, L]² by the midpoint rule with step h (spectrally accurate for Gaussians). */
export function halderPlaneIntegral(f: (x: number[]) => number, L = 9, h = 0.02): number {
  let s = 0;
  for (let a = -L + h / 2; a < L; a += h) for (let b = -L + h / 2; b < L; b += h) s += f([a, b]);
  return s * h * h;
}

/** ∫ p_G(x) f(x) dx for a rank-1 Gaussian p_G on a line in the plane, by 1-D quadrature along the line (±12 sd). */
export function halderLineIntegral(g: SpectralGaussian, f: (x: number[]) => number, h = 0.002): number {
  const sd = Math.sqrt(g.values[0]);
  let s = 0;
  for (let t = -12 * sd + h / 2; t < 12 * sd; t += h) {
    const w = Math.exp(-(t * t) / (2 * g.values[0])) / Math.sqrt(2 * Math.PI * g.values[0]);
    s += w * f([g.mean[0] + t * g.vectors[0], g.mean[1] + t * g.vectors[1]]);
  }
  return s * h;
}
