/**
 * The Ornstein–Uhlenbeck schedule: dx = −x dt + √(2ℓ) dW, so α_t = e^{−t}, σ_t² = ℓ (1 − e^{−2t}), β = 1, D = ℓ,
 * and Halder's one-step forward map (Halder §2), which is this schedule run for a time T with ℓ = g e^{−2T}.
 */
import { requireInRange, requirePositive } from "../core/validate.js";
import { defineSchedule, type ContinuousSchedule } from "./continuous.js";
import { requireHorizon } from "./vp.js";

/** Options of {@link ouSchedule}. */
export interface OuOptions {
  /** ℓ > 0, the stationary variance, default 1 (then the schedule is variance preserving) */
  stationaryVariance?: number;
  /** horizon T > 0, default `Infinity` (the process is defined for all t ≥ 0; times must be finite) */
  T?: number;
}

/** A {@link ContinuousSchedule} of kind `ou`. */
export interface OuSchedule extends ContinuousSchedule {
  readonly kind: "ou";
}

/**
 * The OU schedule (Halder §2, "foundation" vocabulary): α = e^{−t}, σ² = ℓ (1 − e^{−2t}) = −ℓ expm1(−2t), β = 1,
 * D = ℓ, t ∈ [0, T]. With ℓ = 1 it is the author's VP schedule with constant β = 1 (see `ouAsVp`).
 * @throws DomainError naming `stationaryVariance` (must be finite and > 0) or `T` (must be > 0)
 * @example ouSchedule().sigma2(1) // 1 − e^{−2} = 0.864665
 */
export function ouSchedule(options: OuOptions = {}): OuSchedule {
  const ell = requirePositive("stationaryVariance", options.stationaryVariance ?? 1);
  const T = requireHorizon("T", options.T ?? Infinity);
  return defineSchedule({
    kind: "ou",
    tMax: T,
    stationaryVariance: ell,
    logAlpha: (t) => 0 - t, // ln α(0) = +0, not −0
    beta: () => 1,
    inverseLogAlpha: (la) => -la,
  });
}

/** Options of {@link ouForwardMap}: Halder's (T, g) parametrisation. */
export interface OuForwardMapOptions {
  /** diffusion time T > 0 (finite); Halder's code uses 2 */
  T: number;
  /** "generalisation parameter" g = ℓ e^{2T} > 0; Halder's code uses 1 */
  g: number;
  /** variance σ² > 0 per coordinate of the data, for `snr` and `shrink`; default 1 */
  dataVariance?: number;
}

/** The one-step forward map x_T = a x_0 + s ξ and its derived quantities (see {@link ouForwardMap}). */
export interface OuForwardMap {
  /** a = e^{−T} */
  a: number;
  /** s² = ℓ (1 − e^{−2T}) */
  s2: number;
  /** ℓ = g e^{−2T} */
  stationaryVariance: number;
  /** SNR = a² σ² / s² = σ² / (g (1 − e^{−2T})) */
  snr: number;
  /** shrink ratio r = SNR / (1 + SNR) ∈ (0, 1) */
  shrink: number;
  /** the OU schedule with this ℓ on [0, T]; its α(T) = a and σ²(T) = s² */
  schedule: OuSchedule;
}

/**
 * Halder's one-step forward map (Halder §2 "Forward map"): an OU process with stationary variance ℓ = g e^{−2T}
 * run for time T, x_T = a x_0 + s ξ with a = e^{−T}, s² = ℓ (1 − e^{−2T}); SNR = σ² / (g (1 − e^{−2T})) and
 * r = SNR / (1 + SNR). Paper configuration T = 2, g = 1, σ² = 1: a = 0.135335, s² = 0.0179802, SNR = 1.018657,
 * r = 0.504621.
 * @throws DomainError naming `T` or `g` (finite, > 0) or `dataVariance` (finite, > 0)
 */
export function ouForwardMap(options: OuForwardMapOptions): OuForwardMap {
  const { T: horizon, g: gen, dataVariance: variance = 1 } = options ?? ({} as Partial<OuForwardMapOptions>);
  const T = requirePositive("T", horizon as number);
  const g = requirePositive("g", gen as number);
  const dataVariance = requirePositive("dataVariance", variance);
  const ell = requireInRange("stationaryVariance", g * Math.exp(-2 * T), 0, Infinity, "lo");
  const oneMinusA2 = -Math.expm1(-2 * T);
  const noise = g * oneMinusA2; // s² / a²
  return {
    a: Math.exp(-T),
    s2: ell * oneMinusA2,
    stationaryVariance: ell,
    snr: dataVariance / noise,
    shrink: dataVariance / (dataVariance + noise),
    schedule: ouSchedule({ stationaryVariance: ell, T }),
  };
}
