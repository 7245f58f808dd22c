/**
 * Batched DDPM ancestral sampling with an MLP noise predictor: the update of the foundation's `sampleAncestral`
 * (Ho et al. 2020, Algorithm 2; Merger & Goldt §2 "Sampling"),
 *
 *   u_T ~ N(0, I),   u_{t−1} = (u_t − (β_t/s_t) ε̂(u_t, t)) / √(1 − β_t) + σ_t z,   t = T … 1,   σ₁ = 0,
 *
 * with σ_t² = β_t (default) or β̃_t, run on all n samples at once (one network call per step). The chain state is kept
 * in float64; only the network runs in float32. Sample k draws its initial point and its noise, in the order
 * sampleAncestral would, from its own stream rng.fork(k): so sample k equals `sampleAncestral(mlpAsDenoiser(model),
 * schedule, rng.fork(k), 1)` up to float32 rounding of the network, and samples do not depend on n.
 */
import { Matrix } from "ml-matrix";
import type { Rng } from "../core/rng.js";
import { DomainError, requireInteger } from "../core/validate.js";
import type { AncestralOptions } from "../diffusion/ancestral.js";
import type { Denoiser } from "../denoisers/denoiser.js";
import { MlpDenoiserModel, type TrainedMlpDenoiser } from "./model.js";

function requireModel(model: TrainedMlpDenoiser): MlpDenoiserModel {
  if (!(model instanceof MlpDenoiserModel)) throw new DomainError("model", "must come from trainMlpDenoiser or restoreMlpDenoiser");
  model.requireLive();
  return model;
}

/**
 * `n` samples (rows of an n × d matrix) of the DDPM ancestral sampler driven by the MLP's ε̂; see the module comment.
 * Cost: T batched network calls on n rows.
 * @throws DomainError naming `n` (integer ≥ 1), `model` or `variance`
 */
export function sampleMlpDenoiser(model: TrainedMlpDenoiser, n: number, r: Rng, options: AncestralOptions = {}): Matrix {
  const m = requireModel(model);
  requireInteger("n", n, 1, 1e7);
  const variance = options.variance ?? "beta";
  if (variance !== "beta" && variance !== "betaTilde") throw new DomainError("variance", `must be "beta" or "betaTilde"; got ${String(variance)}`);
  const { T, beta, sigma } = m.schedule;
  const reverse = variance === "beta" ? beta : m.schedule.betaTilde;
  const d = m.spec.dim;
  const streams: Rng[] = [];
  for (let k = 0; k < n; k++) streams.push(r.fork(k));
  const u = new Float64Array(n * d);
  for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) u[k * d + j] = streams[k].normal();
  const x32 = new Float32Array(n * d);
  for (let t = T; t >= 1; t--) {
    x32.set(u);
    const eps = m.predictFlat(x32, n, t);
    const gain = beta[t] / sigma[t];
    const scale = 1 / Math.sqrt(1 - beta[t]);
    const noise = t === 1 ? 0 : Math.sqrt(reverse[t]);
    for (let k = 0; k < n; k++) {
      const z = streams[k];
      for (let j = 0; j < d; j++) {
        const i = k * d + j;
        u[i] = (u[i] - gain * eps[i]) * scale + (noise > 0 ? noise * z.normal() : 0);
      }
    }
  }
  const out = new Matrix(n, d);
  for (let k = 0; k < n; k++) for (let j = 0; j < d; j++) out.set(k, j, u[k * d + j]);
  return out;
}

/**
 * The MLP as a clean-point {@link Denoiser}: x̂₀(x; a, s²) = (x − s ε̂(x, t))/a, where t is the step of the model's
 * schedule with s_t² = s² exactly (so it can drive sampleAncestral with that schedule). One network call per point:
 * slow, for cross-checks only; use sampleMlpDenoiser to sample.
 * @throws DomainError naming `s2` (from `denoise`) if no step of the schedule has that noise variance
 */
export function mlpAsDenoiser(model: TrainedMlpDenoiser): Denoiser {
  const m = requireModel(model);
  const d = m.spec.dim;
  const stepOf = new Map<number, number>();
  for (let t = m.schedule.T; t >= 1; t--) stepOf.set(m.schedule.sigma2[t], t);
  const x32 = new Float32Array(d);
  return {
    dim: d,
    denoise(x: Float64Array, a: number, s2: number, out: Float64Array = new Float64Array(d)): Float64Array {
      const t = stepOf.get(s2);
      if (t === undefined) throw new DomainError("s2", `must be s_t² of a step of the model's schedule; got ${s2}`);
      if (x.length !== d) throw new DomainError("x", `must have length ${d}; got ${x.length}`);
      x32.set(x);
      const eps = m.predictFlat(x32, 1, t);
      const s = Math.sqrt(s2);
      for (let j = 0; j < d; j++) out[j] = (x[j] - s * eps[j]) / a;
      return out;
    },
  };
}
