/**
 * The DDPM ancestral sampler (Ho et al. 2020, Algorithm 2) driven by any clean-point denoiser:
 *   u_T ~ N(0, I);  u_{t−1} = (u_t − (β_t/s_t)·ε̂(u_t, t)) / √(1 − β_t) + σ_t z,  t = T … 1,
 * with ε̂ = (u − a_t x̂₀(u))/s_t, a_t = √ᾱ_t, s_t² = 1 − ᾱ_t, and no noise in the last step (σ₁ = 0).
 * σ_t² = β_t by default, or the posterior variance β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Merger & Goldt §2, "Sampling").
 */
import { Matrix } from "ml-matrix";
import type { Rng } from "../core/rng.js";
import { DomainError, requireInteger } from "../core/validate.js";
import type { Denoiser } from "../denoisers/denoiser.js";
import type { DdpmSchedule } from "./ddpm.js";

/** The reverse-step noise variance: β_t ("beta") or β̃_t ("betaTilde"). */
export type ReverseVariance = "beta" | "betaTilde";

export interface AncestralOptions {
  /** σ_t² of the reverse step (default "beta") */
  variance?: ReverseVariance;
}

/**
 * Draws `n` samples (rows of an n × d matrix) by running the ancestral sampler with `denoiser`.
 * Cost: n·T denoiser calls. The random stream is consumed sample by sample, so a seed fixes every sample.
 * @throws DomainError if n is not a positive integer
 */
export function sampleAncestral(
  denoiser: Denoiser,
  schedule: DdpmSchedule,
  rng: Rng,
  n: number,
  options: AncestralOptions = {},
): Matrix {
  requireInteger("n", n, 1);
  const variance = options.variance ?? "beta";
  if (variance !== "beta" && variance !== "betaTilde") throw new DomainError("variance", `must be "beta" or "betaTilde"; got ${variance}`);
  const { T, beta, alpha, sigma2, sigma } = schedule;
  const reverseVariance = variance === "beta" ? beta : schedule.betaTilde;
  const d = denoiser.dim;
  const out = new Matrix(n, d);
  const u = new Float64Array(d);
  const clean = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) u[i] = rng.normal();
    for (let t = T; t >= 1; t--) {
      const a = alpha[t];
      const s = sigma[t];
      denoiser.denoise(u, a, sigma2[t], clean);
      const noise = t === 1 ? 0 : Math.sqrt(reverseVariance[t]);
      const scale = 1 / Math.sqrt(1 - beta[t]);
      for (let i = 0; i < d; i++) {
        const eps = (u[i] - a * clean[i]) / s;
        u[i] = (u[i] - (beta[t] / s) * eps) * scale + (noise > 0 ? noise * rng.normal() : 0);
      }
    }
    for (let i = 0; i < d; i++) out.set(k, i, u[i]);
  }
  return out;
}
