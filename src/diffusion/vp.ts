/**
 * The continuous variance-preserving (VP) schedule with a linear drift rate, in the author's convention of
 * Vastola §1.2: dx = −β(t) x dt + √(2 β(t)) dW with β(t) = βmin + βd t, so
 *
 *   α_t = exp(−(βmin t + βd t²/2)),   σ_t² = 1 − α_t² = −expm1(−2 (βmin t + βd t²/2)),   D(t) = β(t).
 *
 * Song et al.'s VP-SDE (drift −β x / 2, diffusion √β) with rate β_Song is the same process with β = β_Song / 2;
 * see `vpFromSong` and `toSongVp` in `conversions.ts`.
 */
import { DomainError, requireInRange } from "../core/validate.js";
import { defineSchedule, type ContinuousSchedule } from "./continuous.js";

/** Options of {@link vpSchedule}. */
export interface VpOptions {
  /** β(0) ≥ 0, default 0.1 (Vastola's code) */
  betaMin?: number;
  /** slope βd ≥ 0 of β(t) = βmin + βd t, default 19.9 (Vastola's code); βmin + βd must be > 0 */
  betaD?: number;
  /** horizon T > 0, default 1; `Infinity` allowed (times must still be finite) */
  T?: number;
}

/** A {@link ContinuousSchedule} of kind `vp` with its parameters. */
export interface VpSchedule extends ContinuousSchedule {
  readonly kind: "vp";
  /** β(0) */
  readonly betaMin: number;
  /** slope of β(t) */
  readonly betaD: number;
}

/**
 * Validates a horizon T > 0 that may be `Infinity`.
 * @internal
 */
export function requireHorizon(name: string, T: number): number {
  if (typeof T !== "number" || !(T > 0)) throw new DomainError(name, `must be > 0 (Infinity allowed); got ${String(T)}`);
  return T;
}

/**
 * The author's VP schedule (Vastola §1.2): β(t) = βmin + βd t, α = exp(−∫β), σ² = 1 − α² (stable), D = β, t ∈ [0, T].
 * Defaults (0.1, 19.9, T = 1) give α(1) = 4.3e−5, σ²(1e−4) = 2.0e−5, σ²(1e−3) = 2.2e−4, σ²(1e−2) = 3.98e−3.
 * @throws DomainError naming `betaMin` or `betaD` if negative or not finite, `betaD` if βmin = βd = 0, `T` if ≤ 0
 * @example vpSchedule().alpha(1) // 4.3e-5
 */
export function vpSchedule(options: VpOptions = {}): VpSchedule {
  const betaMin = requireInRange("betaMin", options.betaMin ?? 0.1, 0, Infinity);
  const betaD = requireInRange("betaD", options.betaD ?? 19.9, 0, Infinity);
  if (betaMin === 0 && betaD === 0) throw new DomainError("betaD", "must be > 0 when betaMin = 0 (β would vanish); got 0");
  const T = requireHorizon("T", options.T ?? 1);
  const base = defineSchedule({
    kind: "vp",
    tMax: T,
    stationaryVariance: 1,
    logAlpha: (t) => 0 - t * (betaMin + 0.5 * betaD * t), // 0 − …: ln α(0) = +0, not −0
    beta: (t) => betaMin + betaD * t,
    // root of βd s²/2 + βmin s + ℓa = 0 (ℓa = ln α ≤ 0), in the form without cancellation
    inverseLogAlpha: (la) => {
      if (la === -Infinity) return Infinity;
      const s = (-2 * la) / (betaMin + Math.sqrt(betaMin * betaMin - 2 * betaD * la));
      // |ln α| so large that the quadratic overflows: the βd term dominates
      return Number.isFinite(s) ? s : Math.SQRT2 * Math.sqrt(-la) / Math.sqrt(betaD);
    },
  });
  return Object.freeze({ ...base, betaMin, betaD });
}
