/**
 * The linear-variance schedule of Vastola's Fig. 1 (§1.2): α_t = √(1 − t), σ_t² = t, t ∈ [0, 1].
 * It is variance preserving, with β(t) = −d ln α/dt = 1/(2(1 − t)) and D = β.
 */
import { defineSchedule, type ContinuousSchedule } from "./continuous.js";

/** A {@link ContinuousSchedule} of kind `linear-variance`. */
export interface LinearVarianceSchedule extends ContinuousSchedule {
  readonly kind: "linear-variance";
}

/**
 * The linear-variance schedule (Vastola §1.2, Fig. 1): α = √(1 − t), σ² = t, β = D = 1/(2(1 − t)), t ∈ [0, 1].
 * At t = 1, α = 0 exactly: `logAlpha(1)` is −Infinity, `beta(1)` and `diffusion(1)` are +Infinity, `snr(1)` is 0
 * (no NaN).
 * @example linearVarianceSchedule().alpha(0.75) // 0.5
 */
export function linearVarianceSchedule(): LinearVarianceSchedule {
  return defineSchedule({
    kind: "linear-variance",
    tMax: 1,
    stationaryVariance: 1,
    logAlpha: (t) => 0.5 * Math.log1p(-t) + 0, // + 0: ln α(0) = +0, not −0
    alpha: (t) => Math.sqrt(1 - t),
    sigma2: (t) => t,
    beta: (t) => 0.5 / (1 - t),
    inverseLogAlpha: (la) => -Math.expm1(2 * la),
  });
}
