/**
 * KL divergences between the sampling law N(m₀, S₀) of a linear DDPM and a Gaussian target N(μ, diag(λ)), per mode
 * in the model's eigenbasis (Merger & Goldt §3 item 3):
 *   KL_fwd = KL(p_θ‖p) = ½[Σ_i S_i q_i + (m₀ − μ)ᵀΣ⁻¹(m₀ − μ) − d + Σ_ν ln λ_ν − Σ_i ln S_i],   q_i = v_iᵀΣ⁻¹v_i,
 *   KL_rev = KL(p‖p_θ) = ½[Σ_i (c̃_i + δ_i²)/S_i − d + Σ_i ln S_i − Σ_ν ln λ_ν],   c̃_i = v_iᵀΣv_i, δ_i = v_iᵀ(μ − m₀).
 * A mode with S_i = 0 (a memorised missing direction) makes both exactly `Infinity`. [A] default direction:
 * forward, total (not / d).
 */
import type { DdpmSchedule } from "../diffusion/ddpm.js";
import { DomainError, requireFiniteArray } from "../core/validate.js";
import { populationFit, requireTarget, type DiagonalTarget, type SpectralFit } from "./linear.js";
import { linearSamplingLaw, type LinearSamplingLaw, type LinearSamplingOptions } from "./linear-sampling.js";

/** Both KL directions (nats, total over the d dimensions). */
export interface KlPair {
  /** KL(p_θ ‖ p) */
  forward: number;
  /** KL(p ‖ p_θ) */
  reverse: number;
}

/**
 * Exact KL between a linear model's sampling law and the target N(μ, diag(λ)), both directions, O(d²).
 * `Infinity` (never NaN, never a huge finite number) when any sampled variance is exactly 0.
 * @throws {DomainError} bad target or law of the wrong dimension
 */
export function linearKl(law: LinearSamplingLaw, target: DiagonalTarget): KlPair {
  const d = law.variances.length;
  if (law.vectors.rows !== d) throw new DomainError("law", `must have ${d} x ${d} vectors; got ${law.vectors.rows} rows`);
  const { variances: lam, mean: mu } = requireTarget(target, d);
  for (let i = 0; i < d; i++) if (!(law.variances[i] >= 0)) throw new DomainError("law.variances", `must be >= 0; entry ${i} is ${law.variances[i]}`);
  if (law.variances.some((s) => s === 0)) return { forward: Infinity, reverse: Infinity };
  const V = law.vectors;
  const ctilde = new Float64Array(d);
  const qinv = new Float64Array(d);
  const delta = new Float64Array(d);
  let meanFwd = 0;
  for (let nu = 0; nu < d; nu++) {
    const row = V.getRow(nu);
    const l = lam[nu];
    const dm = mu[nu] - law.mean[nu];
    meanFwd += (dm * dm) / l;
    for (let i = 0; i < d; i++) {
      const v = row[i];
      ctilde[i] += v * v * l;
      qinv[i] += (v * v) / l;
      delta[i] += v * dm;
    }
  }
  return klOfModes(law.variances, ctilde.map((c, i) => c + delta[i] * delta[i]), qinv, lam, meanFwd);
}

/**
 * The KLs from per-mode quantities alone, for zero means (model and target centred at 0): sampled variances S_i,
 * target variance c̃_i = v_iᵀΣv_i and q_i = v_iᵀΣ⁻¹v_i along each mode, and the target spectrum λ. Modes with equal
 * S_i may share their total c̃ and q in any way (the N × N Gram-matrix route for N < d). `Infinity` when any S_i = 0.
 * @throws {DomainError} arrays not finite or of unequal length, S_i < 0, λ_ν <= 0
 */
export function linearKlFromModes(variances: ArrayLike<number>, ctilde: ArrayLike<number>, qinv: ArrayLike<number>, targetVariances: ArrayLike<number>): KlPair {
  const d = variances.length;
  for (const [name, xs] of [["variances", variances], ["ctilde", ctilde], ["qinv", qinv]] as const) {
    requireFiniteArray(name, xs, d);
    for (let i = 0; i < d; i++) if (!(xs[i] >= 0)) throw new DomainError(name, `must be >= 0; entry ${i} is ${xs[i]}`);
  }
  const { variances: lam } = requireTarget({ variances: targetVariances }, d);
  if (Array.prototype.some.call(variances, (s: number) => s === 0)) return { forward: Infinity, reverse: Infinity };
  return klOfModes(variances, ctilde, qinv, lam, 0);
}

function klOfModes(S: ArrayLike<number>, ctilde: ArrayLike<number>, qinv: ArrayLike<number>, lam: ArrayLike<number>, meanFwd: number): KlPair {
  const d = S.length;
  let fwd = meanFwd - d;
  let rev = -d;
  for (let nu = 0; nu < d; nu++) {
    fwd += Math.log(lam[nu]);
    rev -= Math.log(lam[nu]);
  }
  for (let i = 0; i < d; i++) {
    const lnS = Math.log(S[i]);
    fwd += S[i] * qinv[i] - lnS;
    rev += ctilde[i] / S[i] + lnS;
  }
  return { forward: Math.max(0, 0.5 * fwd), reverse: Math.max(0, 0.5 * rev) };
}

/**
 * KL of the linear model trained on `fit`, run through the finite-T DDPM sampler, to the target: the composition
 * of {@link linearSamplingLaw} and {@link linearKl}. O(T d + d²).
 * @throws {DomainError} bad target or options
 */
export function linearModelKl(fit: SpectralFit, schedule: DdpmSchedule, target: DiagonalTarget, options: LinearSamplingOptions = {}): KlPair {
  return linearKl(linearSamplingLaw(fit, schedule, options), target);
}

/**
 * The N = ∞ optimum KL_opt: the population model W_t = s_t (a_t² Σ + s_t²)⁻¹ (and its optimal bias when the target
 * has a mean) run through the same finite-T sampler (Merger & Goldt §3 item 6). Non-zero only because T, β and σ
 * are finite.
 * @throws {DomainError} bad target or options
 */
export function klOptimum(target: DiagonalTarget, schedule: DdpmSchedule, options: LinearSamplingOptions = {}): KlPair {
  const fit = populationFit(target.variances, target.mean);
  return linearModelKl(fit, schedule, target, options);
}
