/**
 * The discrete DDPM chain with a linear β schedule (Merger & Goldt §2 "Forward process"):
 *
 *   x_t = √(1 − β_t) x_{t−1} + √β_t ε_t,   t = 1..T,   so   x_t = α_t x_0 + σ_t ε,
 *
 * with ᾱ_t = ∏_{s≤t} (1 − β_s), α_t = a_t = √ᾱ_t and σ_t² = s_t² = 1 − ᾱ_t. The arrays are indexed 0..T, where
 * index 0 is the clean data (ᾱ_0 = 1, σ_0² = 0, β_0 = 0).
 */
import { DomainError, requireInRange, requireInteger } from "../core/validate.js";

/**
 * How β_t is spread between betaStart and betaEnd:
 * - `"merger-goldt"`: β_t = βstart + (βend − βstart) t/T, t = 1..T (so β_1 > βstart; Merger & Goldt §2);
 * - `"ho"`: β_t = βstart + (βend − βstart) (t − 1)/(T − 1) (classic DDPM, Ho et al. 2020; β_1 = βstart when T = 1).
 */
export type DdpmIndexing = "merger-goldt" | "ho";

/** Options of {@link ddpmSchedule}. */
export interface DdpmOptions {
  /** number of steps, an integer in [1, 1e7]; default 1000 (Merger & Goldt [A]) */
  T?: number;
  /** βstart in (0, 1), default 1e−4 */
  betaStart?: number;
  /** βend in (βstart, 1), default 1e−2 (Merger & Goldt; not the usual 0.02) */
  betaEnd?: number;
  /** default `"merger-goldt"` */
  indexing?: DdpmIndexing;
}

/** A discrete DDPM schedule. Every array has length T + 1 and index t = step t (index 0 = clean data). */
export interface DdpmSchedule {
  readonly kind: "ddpm";
  readonly T: number;
  readonly betaStart: number;
  readonly betaEnd: number;
  readonly indexing: DdpmIndexing;
  /** β_t; β_0 = 0 */
  readonly beta: Float64Array;
  /** ᾱ_t = ∏_{s≤t} (1 − β_s), computed as exp(Σ log1p(−β_s)); ᾱ_0 = 1 */
  readonly alphaBar: Float64Array;
  /** ln ᾱ_t = Σ_{s≤t} log1p(−β_s) */
  readonly logAlphaBar: Float64Array;
  /** a_t = √ᾱ_t, the signal coefficient α_t of x_t = α_t x_0 + σ_t ε */
  readonly alpha: Float64Array;
  /** s_t² = 1 − ᾱ_t by the stable recursion s_t² = β_t + (1 − β_t) s_{t−1}² (no cancellation at small t) */
  readonly sigma2: Float64Array;
  /** s_t = √(1 − ᾱ_t) */
  readonly sigma: Float64Array;
  /**
   * posterior variance β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t) of q(x_{t−1} | x_t, x_0); β̃_1 = 0, and index 0 holds 0
   * (unused).
   */
  readonly betaTilde: Float64Array;
}

/** Largest number of steps accepted by {@link ddpmSchedule}. */
export const DDPM_MAX_STEPS = 1e7;

/**
 * The linear-β DDPM schedule (Merger & Goldt §2 "Forward process"; "ho" indexing: Ho et al. 2020). The noise
 * variance uses the recursion s_t² = β_t + (1 − β_t) s_{t−1}², never 1 − ᾱ_t by subtraction, so s_1² = β_1 exactly.
 * Defaults (T = 1000, 1e−4, 1e−2, merger-goldt): β_1 = 1.099e−4, β_T = 0.01, Σβ = 5.05495, ᾱ_T = 6.2705e−3;
 * ᾱ at t = 10, 100, 500 is 0.998457, 0.941748, 0.274678.
 * The arrays are fresh and owned by the schedule: treat them as read-only.
 * @throws DomainError naming `T` (integer in [1, 1e7]), `betaStart` (in (0, 1)), `betaEnd` (in (betaStart, 1))
 *   or `indexing`
 */
export function ddpmSchedule(options: DdpmOptions = {}): DdpmSchedule {
  const T = requireInteger("T", options.T ?? 1000, 1, DDPM_MAX_STEPS);
  const betaStart = requireInRange("betaStart", options.betaStart ?? 1e-4, 0, 1, "both");
  const betaEnd = requireInRange("betaEnd", options.betaEnd ?? 1e-2, betaStart, 1, "both");
  const indexing = options.indexing ?? "merger-goldt";
  if (indexing !== "merger-goldt" && indexing !== "ho") {
    throw new DomainError("indexing", `must be "merger-goldt" or "ho"; got ${JSON.stringify(indexing)}`);
  }
  const n = T + 1;
  const beta = new Float64Array(n);
  const alphaBar = new Float64Array(n);
  const logAlphaBar = new Float64Array(n);
  const alpha = new Float64Array(n);
  const sigma2 = new Float64Array(n);
  const sigma = new Float64Array(n);
  const betaTilde = new Float64Array(n);
  alphaBar[0] = 1;
  alpha[0] = 1;
  const span = betaEnd - betaStart;
  // the last β is set to βend exactly; "ho" with T = 1 is linspace(βstart, βend, 1) = [βstart]
  const betaAt =
    indexing === "ho"
      ? (t: number) => (T === 1 ? betaStart : t === T ? betaEnd : betaStart + (span * (t - 1)) / (T - 1))
      : (t: number) => (t === T ? betaEnd : betaStart + (span * t) / T);
  for (let t = 1; t <= T; t++) {
    const b = betaAt(t);
    beta[t] = b;
    logAlphaBar[t] = logAlphaBar[t - 1] + Math.log1p(-b);
    alphaBar[t] = Math.exp(logAlphaBar[t]); // not a running product of fl(1 − β), which loses β < 1e−16 entirely
    alpha[t] = Math.sqrt(alphaBar[t]);
    // max/min only act when rounding near σ² = 1 would break 0 ≤ σ²_{t−1} ≤ σ²_t ≤ 1
    sigma2[t] = Math.min(1, Math.max(sigma2[t - 1], b + (1 - b) * sigma2[t - 1]));
    sigma[t] = Math.sqrt(sigma2[t]);
    betaTilde[t] = b * (sigma2[t - 1] / sigma2[t]); // ratio first: no underflow for tiny β
  }
  return Object.freeze({ kind: "ddpm", T, betaStart, betaEnd, indexing, beta, alphaBar, logAlphaBar, alpha, sigma2, sigma, betaTilde });
}
