/**
 * Conversions between schedules that describe the same forward process:
 * - Song et al.'s VP-SDE (drift −β_Song x/2) ↔ the author's VP (drift −β x): β_Song = 2β (Vastola §1.2);
 * - the DDPM chain ↔ its continuous VP limit: β_t ≈ 2 β(t/T)/T (Merger & Goldt §2 as the discretisation of a VP);
 * - the unit OU schedule = the author's VP with constant β = 1;
 * - any two schedules by a change of time with the same α (`equivalentTime`).
 */
import { DomainError, requireInteger } from "../core/validate.js";
import type { ContinuousSchedule } from "./continuous.js";
import { ddpmSchedule, type DdpmIndexing, type DdpmSchedule } from "./ddpm.js";
import type { OuSchedule } from "./ou.js";
import { vpSchedule, type VpOptions, type VpSchedule } from "./vp.js";

/** Parameters of a linear VP schedule, in either convention: β(t) = betaMin + betaD t on [0, T]. */
export interface VpParameters {
  betaMin: number;
  betaD: number;
  T: number;
}

/**
 * Song et al.'s VP-SDE, dx = −½ β_S(t) x dt + √β_S(t) dW with β_S(t) = βmin + βd t, as the author's VP schedule
 * (Vastola §1.2): the same process with β = β_S / 2, i.e. `vpSchedule({ betaMin: βmin/2, betaD: βd/2, T })`.
 * Defaults are Song's (0.1, 19.9, T = 1): α(1) = exp(−5.025). Note that `vpSchedule()` uses the same numbers in the
 * author's convention and therefore decays twice as fast (α(1) = exp(−10.05) = 4.3e−5).
 * @throws DomainError as {@link vpSchedule}
 */
export function vpFromSong(song: VpOptions = {}): VpSchedule {
  const { betaMin = 0.1, betaD = 19.9, T = 1 } = song;
  return vpSchedule({ betaMin: betaMin / 2, betaD: betaD / 2, T });
}

/**
 * The parameters of Song et al.'s VP-SDE describing the same process as the author's VP `schedule`:
 * β_S = 2β, i.e. { betaMin: 2βmin, betaD: 2βd, T } (Vastola §1.2). Inverse of {@link vpFromSong}.
 */
export function toSongVp(schedule: VpSchedule): VpParameters {
  return { betaMin: 2 * schedule.betaMin, betaD: 2 * schedule.betaD, T: schedule.tMax };
}

/**
 * The unit OU schedule (α = e^{−t}, σ² = 1 − e^{−2t}) as the author's VP schedule with constant β = 1:
 * `vpSchedule({ betaMin: 1, betaD: 0, T })`. Both give identical α, σ², β and D.
 * @throws DomainError naming `stationaryVariance` unless it is 1 (an OU with ℓ ≠ 1 is not variance preserving)
 */
export function ouAsVp(ou: OuSchedule): VpSchedule {
  if (ou.stationaryVariance !== 1) {
    throw new DomainError("stationaryVariance", `must be 1 to write the OU schedule as a VP schedule; got ${ou.stationaryVariance}`);
  }
  return vpSchedule({ betaMin: 1, betaD: 0, T: ou.tMax });
}

/**
 * The continuous VP schedule (author's convention, t ∈ [0, 1]) of which the linear-β DDPM chain is the
 * discretisation with step t ↔ time t/T (Song et al. 2021, App. B, with β_S = 2β):
 *
 *   β(τ) = βmin + βd τ,  βmin = T βstart / 2,  βd = T (βend − βstart) / 2,  so  β_t = 2 β(τ_t) / T
 *
 * with τ_t = t/T ("merger-goldt" indexing) or (t − 1)/(T − 1) ("ho"). Then ᾱ_t = α(τ)² (1 + O(1/T)) at τ = t/T,
 * with the leading error (from the Riemann sum of β and from ln(1 − β_t) = −β_t − β_t²/2 − …)
 *
 *   ln ᾱ_t − 2 ln α(τ) = −[βd τ + 2∫_0^τ β²] / T + O(1/T²)            ("merger-goldt")
 *   ln ᾱ_t − 2 ln α(τ) = −[βd τ (τ − 1) + 2∫_0^τ β²] / T + O(1/T²)    ("ho"),
 *
 * e.g. ᾱ_T / α(1)² = e^{−0.0219} ≈ 0.978 for Merger & Goldt's T = 1000 chain.
 * Merger & Goldt's defaults (T = 1000, 1e−4, 1e−2) give βmin = 0.05, βd = 4.95 (Song's convention: 0.1 and 9.9).
 */
export function ddpmToVp(ddpm: DdpmSchedule): VpSchedule {
  return vpSchedule({ betaMin: (ddpm.T * ddpm.betaStart) / 2, betaD: (ddpm.T * (ddpm.betaEnd - ddpm.betaStart)) / 2, T: 1 });
}

/** Options of {@link vpToDdpm}. */
export interface VpToDdpmOptions {
  /** number of steps, an integer in [1, 1e7] */
  T: number;
  /** default `"merger-goldt"` */
  indexing?: DdpmIndexing;
}

/**
 * Discretises the author's VP `schedule` on [0, tMax] into a linear-β DDPM with T steps of length Δ = tMax/T:
 * βstart = 2Δ β(0), βend = 2Δ β(tMax), so β_t = 2Δ β(tΔ) ("merger-goldt") and ᾱ_t → α(tΔ)² as T → ∞
 * (see {@link ddpmToVp} for the error). Inverse of `ddpmToVp` when tMax = 1.
 * @throws DomainError naming `T` (integer ≥ 1, large enough that βend < 1), `betaD` (must be > 0: the DDPM β is
 *   strictly increasing) or `tMax` (must be finite)
 */
export function vpToDdpm(schedule: VpSchedule, options: VpToDdpmOptions): DdpmSchedule {
  const T = requireInteger("T", options?.T, 1, Infinity);
  if (!(schedule.betaD > 0)) throw new DomainError("betaD", `must be > 0 to discretise as a linear-β DDPM; got ${schedule.betaD}`);
  if (!Number.isFinite(schedule.tMax)) throw new DomainError("tMax", "must be finite to discretise the schedule; got Infinity");
  const dt = schedule.tMax / T;
  const betaEnd = 2 * dt * (schedule.betaMin + schedule.betaD * schedule.tMax);
  if (!(betaEnd < 1)) {
    const minimum = Math.floor(2 * schedule.tMax * (schedule.betaMin + schedule.betaD * schedule.tMax)) + 1;
    throw new DomainError("T", `must be at least ${minimum} so that betaEnd = 2 (tMax/T) β(tMax) < 1; got ${T}`);
  }
  return ddpmSchedule({ T, betaStart: 2 * dt * schedule.betaMin, betaEnd, indexing: options.indexing });
}

/** The end of an error message: the range of ln α that `to` reaches. */
function unreached(to: ContinuousSchedule): string {
  const floor = to.tMax === Infinity ? -Infinity : to.logAlpha(to.tMax);
  return `which the ${to.kind} schedule does not reach on [${to.tMin}, ${to.tMax}] (its ln alpha is in [${floor}, 0])`;
}

/**
 * The time s of `to` with the same signal coefficient as time t of `from`: α_to(s) = α_from(t). When both have the
 * same stationary variance ℓ (e.g. both variance preserving) they then have the same σ² and SNR, so x_t of `from` and
 * x_s of `to` have the same law: e.g. linear-variance t ↔ the VP time with σ² = t.
 * @throws DomainError naming `t` if t is outside `from`'s range, or if `to` never reaches α_from(t) on its range
 */
export function equivalentTime(from: ContinuousSchedule, t: number, to: ContinuousSchedule): number {
  const logAlpha = from.logAlpha(t);
  try {
    return to.timeOfLogAlpha(logAlpha);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError("t", `= ${t} of the ${from.kind} schedule has ln alpha = ${logAlpha}, ${unreached(to)}`);
  }
}

/**
 * The time s of the continuous schedule `to` whose α_to(s)² equals ᾱ_step of the DDPM chain (so σ_to(s)² = 1 − ᾱ_step
 * when `to` is variance preserving): s = to.timeOfLogAlpha(ln ᾱ_step / 2).
 * @throws DomainError naming `step` (integer in [0, T]) or `t` if `to` does not reach that α
 */
export function ddpmStepTime(ddpm: DdpmSchedule, step: number, to: ContinuousSchedule): number {
  requireInteger("step", step, 0, ddpm.T);
  const logAlpha = 0.5 * ddpm.logAlphaBar[step];
  try {
    return to.timeOfLogAlpha(logAlpha);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError("step", `= ${step} has ln alpha = ln(alphaBar)/2 = ${logAlpha}, ${unreached(to)}`);
  }
}
