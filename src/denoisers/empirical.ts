/**
 * The exact empirical denoiser: the optimal denoiser for the training set itself, the distribution
 * (1/N) Σₙ δ(x₀ − xₙ). It is the posterior mean
 *   x̂₀(x) = Σₙ wₙ(x) xₙ,  wₙ ∝ exp(−‖x − a·xₙ‖² / (2 s²)),
 * i.e. a softmax over training points, computed with log-sum-exp. A diffusion model that learns this denoiser
 * exactly can only reproduce its training points: the memorizing reference (Vastola §1.3, Halder §2).
 */
import { Matrix } from "ml-matrix";
import { DomainError, requireFiniteArray, requireInRange, requirePositive } from "../core/validate.js";
import type { Denoiser } from "./denoiser.js";

/**
 * Posterior weights wₙ(x) = softmax(−‖x − a·xₙ‖²/(2s²)) over the rows xₙ of `points` (N × d).
 * @throws DomainError on a dimension mismatch, a ∉ (0, 1], s2 ≤ 0, non-finite input, or x so far away that the
 *   squared distances overflow
 */
export function posteriorWeights(points: Matrix, x: ArrayLike<number>, a: number, s2: number, out: Float64Array = new Float64Array(points.rows)): Float64Array {
  requireFiniteArray("x", x, points.columns);
  requireInRange("a", a, 0, 1, "lo");
  requirePositive("s2", s2);
  // logits relative to the nearest point, −(d²ₙ − d²_min)/(2s²): the nearest gets 0, so the softmax never
  // divides 0 by 0, even when s² underflows every other logit to −∞
  let min = Infinity;
  for (let n = 0; n < points.rows; n++) {
    let d2 = 0;
    for (let i = 0; i < points.columns; i++) {
      const r = x[i] - a * points.get(n, i);
      d2 += r * r;
    }
    out[n] = d2;
    if (d2 < min) min = d2;
  }
  if (!Number.isFinite(min)) throw new DomainError("x", "is so far from every point that squared distances overflow");
  let sum = 0;
  for (let n = 0; n < out.length; n++) sum += out[n] = Math.exp(-(out[n] - min) / (2 * s2));
  for (let n = 0; n < out.length; n++) out[n] /= sum;
  return out;
}

/**
 * The exact empirical denoiser of a training set (rows of `points`, N × d, N ≥ 1).
 * @throws DomainError if `points` is empty or holds non-finite values
 */
export function empiricalDenoiser(points: Matrix): Denoiser {
  if (points.rows < 1 || points.columns < 1) throw new DomainError("points", `must have at least 1 row and 1 column; got ${points.rows} x ${points.columns}`);
  requireFiniteArray("points", points.to1DArray());
  const weights = new Float64Array(points.rows);
  return {
    dim: points.columns,
    denoise(x, a, s2, out = new Float64Array(points.columns)) {
      posteriorWeights(points, x, a, s2, weights);
      out.fill(0);
      for (let n = 0; n < points.rows; n++) {
        const w = weights[n];
        if (w === 0) continue;
        for (let i = 0; i < points.columns; i++) out[i] += w * points.get(n, i);
      }
      return out;
    },
  };
}
