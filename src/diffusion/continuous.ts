/**
 * The vocabulary shared by every continuous-time noise schedule: the forward process
 *
 *   x_t = α_t x_0 + σ_t ε,   ε ~ N(0, I),   t ∈ [tMin, tMax],
 *
 * which is the solution of the linear SDE dx = −β(t) x dt + √(2 D(t)) dW started at x_0 (Vastola §1.2, the author's
 * convention: drift −β x, not the −β x / 2 of Song et al.). Hence
 *
 *   α_t = exp(−∫_0^t β),   dσ²/dt = −2 β σ² + 2 D,   σ_0² = 0.
 *
 * Every schedule in this library belongs to the family σ² = ℓ (1 − α²), D = ℓ β, with ℓ the stationary variance
 * (ℓ = 1: variance preserving, α² + σ² = 1).
 */
import { DomainError } from "../core/validate.js";

/** The names of the continuous schedules: `vp` (linear β), `linear-variance` (σ² = t), `ou` (α = e^{−t}). */
export type ScheduleKind = "vp" | "linear-variance" | "ou";

/**
 * A continuous noise schedule, x_t = α_t x_0 + σ_t ε (Vastola §1.2). Every method validates `t`: a time outside
 * [tMin, tMax], NaN or ±Infinity throws a `DomainError` naming `t` and the range.
 */
export interface ContinuousSchedule {
  /** Which family the schedule belongs to. */
  readonly kind: ScheduleKind;
  /** First time, always 0 (clean data: α = 1, σ² = 0). */
  readonly tMin: number;
  /** Last time (may be `Infinity` for schedules defined for all t ≥ 0; times must still be finite). */
  readonly tMax: number;
  /** ℓ in σ² = ℓ (1 − α²) and D = ℓ β; the variance of x_t as t → ∞. 1 means variance preserving. */
  readonly stationaryVariance: number;
  /** ln α_t = −∫_0^t β(s) ds, in (−∞, 0]; −Infinity only where α = 0 exactly (linear-variance at t = 1). */
  logAlpha(t: number): number;
  /** α_t = exp(ln α_t), the signal coefficient, in [0, 1]. */
  alpha(t: number): number;
  /** σ_t² = ℓ (1 − α_t²), the noise variance, in [0, ℓ]; computed without cancellation (expm1). */
  sigma2(t: number): number;
  /** σ_t = √σ_t². */
  sigma(t: number): number;
  /** Signal-to-noise ratio α_t² / σ_t², in [0, ∞]; `Infinity` at t = 0. */
  snr(t: number): number;
  /** Drift rate β(t) = −d ln α / dt ≥ 0 of dx = −β x dt + √(2D) dW (author's convention, Vastola §1.2). */
  beta(t: number): number;
  /** Diffusion coefficient D(t) = ℓ β(t), so that dσ²/dt = −2 β σ² + 2 D (Vastola §1.2: D_t = β_t for ℓ = 1). */
  diffusion(t: number): number;
  /**
   * Inverse of `logAlpha`: the time t in [tMin, tMax] with ln α_t = `logAlpha`.
   * @throws DomainError naming `logAlpha` if it is NaN, > 0, or not reached on [tMin, tMax]
   */
  timeOfLogAlpha(logAlpha: number): number;
}

/** The raw, unvalidated formulas from which {@link defineSchedule} builds a schedule. Internal. */
export interface ScheduleFormulas<K extends ScheduleKind> {
  kind: K;
  tMax: number;
  stationaryVariance: number;
  /** ln α_t */
  logAlpha(t: number): number;
  /** β(t) = −d ln α/dt */
  beta(t: number): number;
  /** the inverse of logAlpha on [0, tMax] (may return values slightly outside it from rounding) */
  inverseLogAlpha(logAlpha: number): number;
  /** α_t when a more exact form than exp(ln α) exists */
  alpha?(t: number): number;
  /** σ_t² when a more exact form than −ℓ expm1(2 ln α) exists */
  sigma2?(t: number): number;
}

const show = (x: unknown): string => (typeof x === "number" ? String(x) : JSON.stringify(x) ?? String(x));

/**
 * Returns a validator of times t ∈ [0, tMax] (t finite). Throws `DomainError("t", ...)` with the range otherwise.
 * @internal
 */
export function timeValidator(tMax: number): (t: number) => number {
  const range = tMax === Infinity ? "a finite number >= 0" : `in [0, ${tMax}]`;
  return (t: number): number => {
    if (typeof t === "number" && t >= 0 && t <= tMax && t !== Infinity) return t + 0; // −0 → +0
    throw new DomainError("t", `must be ${range}; got ${show(t)}`);
  };
}

/**
 * Builds a validated, frozen {@link ContinuousSchedule} of the family σ² = ℓ (1 − α²), D = ℓ β from its raw
 * formulas. σ² defaults to −ℓ expm1(2 ln α) (no cancellation at small t), α to exp(ln α).
 * @internal used by the schedule constructors of this folder
 */
export function defineSchedule<K extends ScheduleKind>(f: ScheduleFormulas<K>): ContinuousSchedule & { readonly kind: K } {
  const check = timeValidator(f.tMax);
  const ell = f.stationaryVariance;
  const rawAlpha = f.alpha ?? ((t: number) => Math.exp(f.logAlpha(t)));
  const rawSigma2 = f.sigma2 ?? ((t: number) => -ell * Math.expm1(2 * f.logAlpha(t)) + 0); // + 0: σ²(0) = +0, not −0
  const logAlphaMin = f.tMax === Infinity ? -Infinity : f.logAlpha(f.tMax);
  // rounding slack for inverting at the ends of the range
  const slack = 8 * Number.EPSILON * (f.tMax === Infinity ? 1 : Math.max(1, f.tMax));
  return Object.freeze({
    kind: f.kind,
    tMin: 0,
    tMax: f.tMax,
    stationaryVariance: ell,
    logAlpha: (t: number) => f.logAlpha(check(t)),
    alpha: (t: number) => rawAlpha(check(t)),
    sigma2: (t: number) => rawSigma2(check(t)),
    sigma: (t: number) => Math.sqrt(rawSigma2(check(t))),
    snr: (t: number) => {
      const s2 = rawSigma2(check(t));
      const a = rawAlpha(t);
      return s2 === 0 ? Infinity : (a * a) / s2;
    },
    beta: (t: number) => f.beta(check(t)),
    diffusion: (t: number) => ell * f.beta(check(t)),
    timeOfLogAlpha: (logAlpha: number): number => {
      const fail = (): never => {
        throw new DomainError(
          "logAlpha",
          `must be in [${logAlphaMin}, 0] (reached by the ${f.kind} schedule on [0, ${f.tMax}]); got ${show(logAlpha)}`,
        );
      };
      if (typeof logAlpha !== "number" || !(logAlpha <= 0) || logAlpha < logAlphaMin) return fail();
      const t = f.inverseLogAlpha(logAlpha);
      if (Number.isNaN(t) || t === Infinity || t > f.tMax + slack) return fail();
      return Math.min(Math.max(t, 0), f.tMax);
    },
  });
}

/** The values of α_t and σ_t² on a grid of times (see {@link tabulate}). */
export interface ScheduleTable {
  /** the times, copied */
  t: Float64Array;
  /** α at each time */
  alpha: Float64Array;
  /** σ² at each time */
  sigma2: Float64Array;
}

/**
 * Evaluates α_t and σ_t² of `schedule` at every time of `times`, e.g. for plotting or a sampler's grid.
 * @throws DomainError naming `t` if any time is outside [tMin, tMax] or not finite
 * @example tabulate(vpSchedule(), [0, 0.5, 1]).sigma2 // Float64Array [0, 0.9953..., 0.99999...]
 */
export function tabulate(schedule: ContinuousSchedule, times: ArrayLike<number>): ScheduleTable {
  const n = times.length;
  const out: ScheduleTable = { t: new Float64Array(n), alpha: new Float64Array(n), sigma2: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const t = times[i];
    out.t[i] = t;
    out.alpha[i] = schedule.alpha(t);
    out.sigma2[i] = schedule.sigma2(t);
  }
  return out;
}
