/**
 * Exact and asymptotic KL of a Gaussian fitted to N samples (Wishart and Marchenko–Pastur), Merger & Goldt §3 item 4.
 * For the exact sampler (T → ∞), the fit N(m̂, Ĉ) of N points of N(μ, Σ) has a KL to the truth whose law does not
 * depend on Σ: Ĉ = Σ^{1/2} (W/N) Σ^{1/2} with W ~ Wishart(n, I), n = N (known mean, Ĉ = XᵀX/N) or N − 1 (estimated
 * mean, 1/N covariance), and E ln det W = Σ_{i=0}^{d−1} ψ((n − i)/2) + d ln 2.
 */
import digamma from "@stdlib/math-base-special-digamma";
import { DomainError, requireInRange, requireInteger } from "../core/validate.js";
import type { MeanMode } from "../denoisers/linear.js";

function checkSizes(d: number, N: number, meanMode: MeanMode): number {
  requireInteger("d", d, 1, 1e7);
  requireInteger("N", N, 1, 1e12);
  if (meanMode !== "known" && meanMode !== "estimated") throw new DomainError("meanMode", `must be "known" or "estimated"; got ${JSON.stringify(meanMode)}`);
  return meanMode === "known" ? N : N - 1;
}

/** Σ_{i=0}^{d−1} ψ((n − i)/2) + d ln(2/N), i.e. E ln det(W/N) for W ~ Wishart(n, I_d). */
function expectedLogDet(d: number, n: number, N: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += digamma((n - i) / 2);
  return s + d * Math.log(2 / N);
}

/**
 * E KL_fwd = E KL(N(m̂, Ĉ) ‖ N(μ, Σ)) of the exact-sampler Gaussian fit, exact for every N (total nats, not / d):
 *   known mean:      −½[Σ_{i=0}^{d−1} ψ((N − i)/2) + d ln(2/N)]  = d(d+1)/(4N) + O(d³/N²),     N >= d;
 *   estimated mean:  −½[Σ_{i=0}^{d−1} ψ((N − 1 − i)/2) + d ln(2/N)] ≈ d(d+3)/(4N)   (E tr = (N−1)d/N, mean term d/N),
 *                    N >= d + 1.
 * `Infinity` below those N (Ĉ singular).
 * @throws {DomainError} bad `d`, `N` or `meanMode`
 */
export function wishartKlForward(d: number, N: number, meanMode: MeanMode = "known"): number {
  const n = checkSizes(d, N, meanMode);
  if (n < d) return Infinity;
  return Math.max(0, -0.5 * expectedLogDet(d, n, N));
}

/**
 * E KL_rev = E KL(N(μ, Σ) ‖ N(m̂, Ĉ)), exact (total nats). With E (W/N)⁻¹ = N I/(n − d − 1):
 *   known mean:      ½[N d/(N − d − 1) − d + Σψ((N − i)/2) + d ln(2/N)],                finite for N > d + 1;
 *   estimated mean:  ½[(N + 1) d/(N − d − 2) − d + Σψ((N − 1 − i)/2) + d ln(2/N)]  (mean term d/(N − d − 2)),
 *                    finite for N > d + 2.
 * `Infinity` otherwise.
 * @throws {DomainError} bad `d`, `N` or `meanMode`
 */
export function wishartKlReverse(d: number, N: number, meanMode: MeanMode = "known"): number {
  const n = checkSizes(d, N, meanMode);
  if (n <= d + 1) return Infinity;
  const trace = meanMode === "known" ? (N * d) / (n - d - 1) : ((N + 1) * d) / (n - d - 1);
  return Math.max(0, 0.5 * (trace - d + expectedLogDet(d, n, N)));
}

/**
 * Proportional limit d, N → ∞ with ρ = d/N < 1 (Merger & Goldt §3 item 4):
 *   KL_fwd/d → ½[1 + ((1 − ρ)/ρ) ln(1 − ρ)] = ρ/4 + ρ²/12 + ρ³/24 + …   (0.03264 at ρ = 1/8; → ½ as ρ → 1).
 * Returns `Infinity` for ρ >= 1 (KL is ∞ at finite size there). Uses the series for ρ < 1e−3 (no cancellation).
 * @throws {DomainError} ρ not a number > 0
 */
export function mpKlForwardPerDim(rho: number): number {
  requireInRange("rho", rho, 0, Infinity, "lo");
  if (rho >= 1) return Infinity;
  if (rho < 1e-3) return rho / 4 + (rho * rho) / 12 + (rho * rho * rho) / 24 + (rho ** 4) / 40;
  return 0.5 * (1 + ((1 - rho) / rho) * Math.log1p(-rho));
}

/**
 * Proportional limit of KL_rev/d: ½[ρ/(1 − ρ) − 1 − ((1 − ρ)/ρ) ln(1 − ρ)] = ρ/4 + 5ρ²/12 + …; `Infinity` for ρ >= 1.
 * @throws {DomainError} ρ not a number > 0
 */
export function mpKlReversePerDim(rho: number): number {
  requireInRange("rho", rho, 0, Infinity, "lo");
  if (rho >= 1) return Infinity;
  if (rho < 1e-3) return rho / 4 + (5 * rho * rho) / 12 + (7 * rho ** 3) / 12;
  return 0.5 * (rho / (1 - rho) - 1 - ((1 - rho) / rho) * Math.log1p(-rho));
}

/** Support and atom of the Marchenko–Pastur law of Ĉ = XᵀX/N for Σ = I, ρ = d/N. */
export interface MarchenkoPasturLaw {
  /** (1 − √ρ)² */
  lower: number;
  /** (1 + √ρ)² */
  upper: number;
  /** weight of the atom at 0: 1 − 1/ρ for ρ > 1, else 0 */
  atom: number;
}

/**
 * The Marchenko–Pastur edges (1 ± √ρ)² and the atom 1 − 1/ρ at 0 (ρ > 1) (Merger & Goldt §3 item 2).
 * @throws {DomainError} ρ not a number > 0
 */
export function marchenkoPastur(rho: number): MarchenkoPasturLaw {
  requireInRange("rho", rho, 0, Infinity, "lo");
  const r = Math.sqrt(rho);
  return { lower: (1 - r) ** 2, upper: (1 + r) ** 2, atom: rho > 1 ? 1 - 1 / rho : 0 };
}

/**
 * The Marchenko–Pastur density of the continuous part, p(x) = √((λ₊ − x)(x − λ₋)) / (2π ρ x) on [λ₋, λ₊], 0 outside
 * (it integrates to min(1, 1/ρ)).
 * @throws {DomainError} ρ not > 0, x not finite
 */
export function marchenkoPasturDensity(x: number, rho: number): number {
  const { lower, upper } = marchenkoPastur(rho);
  requireInRange("x", x, -Infinity, Infinity);
  if (x <= lower || x >= upper || x <= 0) return 0;
  return Math.sqrt((upper - x) * (x - lower)) / (2 * Math.PI * rho * x);
}
