/**
 * The optimal denoiser for Gaussian data N(m, C): the posterior mean
 *   x̂₀(x) = m + a·C (a²C + s²I)⁻¹ (x − a·m).
 * With C = V diag(λ) Vᵀ decomposed once, each call is a gain λᵢ·a/(a²λᵢ + s²) per eigen-direction: O(d²) work,
 * no decomposition per time step. A linear diffusion model trained to convergence is exactly this denoiser for the
 * Gaussian fit N(m̂, Ĉ) of its training set (Merger & Goldt §2, "closed-form minimiser" at c = 0).
 */
import { Matrix } from "ml-matrix";
import { symEig } from "../core/linalg.js";
import { DomainError, requireFiniteArray, requireInRange, requirePositive } from "../core/validate.js";
import type { Denoiser } from "./denoiser.js";

/**
 * The Gaussian posterior-mean denoiser for N(mean, cov). `cov` may be singular (e.g. a fit to N ≤ d points): the
 * gain is 0 in its null directions, so those coordinates are pulled onto the mean's affine subspace.
 * @throws DomainError on mismatched sizes or a covariance that is not symmetric positive semi-definite
 */
export function gaussianDenoiser(mean: ArrayLike<number>, cov: Matrix): Denoiser {
  const d = mean.length;
  requireFiniteArray("mean", mean);
  if (cov.rows !== d || cov.columns !== d) {
    throw new DomainError("cov", `must be ${d} x ${d} to match mean; got ${cov.rows} x ${cov.columns}`);
  }
  const { values, vectors } = symEig(cov);
  const lambda = values.map((l) => Math.max(l, 0));
  const m = Float64Array.from(mean);
  const y = new Float64Array(d);
  return {
    dim: d,
    denoise(x, a, s2, out = new Float64Array(d)) {
      requireFiniteArray("x", x, d);
      requireInRange("a", a, 0, 1, "lo");
      requirePositive("s2", s2);
      // y = gain ⊙ Vᵀ(x − a m); out = m + V y
      for (let k = 0; k < d; k++) {
        let p = 0;
        for (let i = 0; i < d; i++) p += vectors.get(i, k) * (x[i] - a * m[i]);
        y[k] = (p * a * lambda[k]) / (a * a * lambda[k] + s2);
      }
      for (let i = 0; i < d; i++) {
        let v = m[i];
        for (let k = 0; k < d; k++) v += vectors.get(i, k) * y[k];
        out[i] = v;
      }
      return out;
    },
  };
}
