/**
 * Deterministic-equivalent ("replica") train and test losses of the linear denoiser for any population spectrum λ,
 * any N and any ridge c (Merger & Goldt §3 item 2). With λ₀ = s²/a², λ' = (s² + c)/a² and R = (Ĉ + λ')⁻¹:
 *   κ solves λ' = κ (1 − N⁻¹ Σ_ν λ_ν/(λ_ν + κ)),
 *   tr R ≍ (κ/λ') Σ_ν 1/(λ_ν + κ),   tr RΣR ≍ (κ/λ')² Σ_ν λ_ν/(λ_ν + κ)² / (1 − df₂/N),   df₂ = Σ_ν λ_ν²/(λ_ν + κ)²,
 *   tr R² = −∂ tr R/∂λ' with ∂κ/∂λ' = 1/(1 − df₂/N),
 *   test_t = d − 2λ₀ tr R + λ₀² tr R² + λ₀ tr RΣR,   train_t = d − λ₀ tr R + λ₀(λ₀ − λ') tr R².
 */
import type { DdpmSchedule } from "../diffusion/ddpm.js";
import { DomainError, requireFiniteArray, requireInRange, requirePositive } from "../core/validate.js";

function requireSpectrum(variances: ArrayLike<number>): void {
  requireFiniteArray("variances", variances);
  for (let i = 0; i < variances.length; i++) if (!(variances[i] >= 0)) throw new DomainError("variances", `must be >= 0; entry ${i} is ${variances[i]}`);
}

/**
 * The root κ > κ₀ of F(κ) = κ (1 − df₁(κ)/N) − λ' = 0, df₁ = Σ λ/(λ + κ). F is increasing and convex on the branch
 * df₁ <= N, so the root is unique there; it lies in [λ', λ' + Σλ/N]. Newton from the upper end converges
 * monotonically from above (convexity); a bisection step in log κ guards every iterate. Relative accuracy ~1e−14.
 * @param N number of samples (> 0, real allowed)
 * @param lambdaPrime λ' > 0
 * @throws {DomainError} bad spectrum, N or λ'
 */
export function replicaKappa(variances: ArrayLike<number>, N: number, lambdaPrime: number): number {
  requireSpectrum(variances);
  requirePositive("N", N);
  requirePositive("lambdaPrime", lambdaPrime);
  return kappaRoot(variances, N, lambdaPrime);
}

function kappaRoot(lam: ArrayLike<number>, N: number, lp: number): number {
  const d = lam.length;
  let total = 0;
  for (let i = 0; i < d; i++) total += lam[i];
  let lo = lp;
  let hi = lp + total / N + lp;
  let k = hi;
  for (let iter = 0; iter < 200; iter++) {
    let df1 = 0;
    let df2 = 0;
    for (let i = 0; i < d; i++) {
      const r = lam[i] / (lam[i] + k);
      df1 += r;
      df2 += r * r;
    }
    const F = k * (1 - df1 / N) - lp;
    if (F > 0) hi = k;
    else lo = k;
    if (F === 0 || hi - lo <= 1e-15 * hi) return k;
    const slope = 1 - df2 / N;
    let next = slope > 0 ? k - F / slope : NaN;
    if (!(next > lo && next < hi)) next = Math.sqrt(lo * hi); // bisection in log κ
    if (Math.abs(next - k) <= 1e-15 * k) return next;
    k = next;
  }
  return k;
}

/** Deterministic-equivalent losses, per dimension (loss/d); arrays of length T, entry t − 1 = step t. */
export interface ReplicaLosses {
  train: Float64Array;
  test: Float64Array;
  trainMean: number;
  testMean: number;
}

/**
 * Replica train and test losses per step and averaged uniformly over t (per dimension), converged model with
 * ridge c (see the module doc for the formulas). O(T d × Newton steps).
 * @param N number of training samples (> 0)
 * @throws {DomainError} bad spectrum, N or ridge
 */
export function replicaLosses(variances: ArrayLike<number>, N: number, schedule: DdpmSchedule, ridge = 0): ReplicaLosses {
  requireSpectrum(variances);
  requirePositive("N", N);
  requireInRange("ridge", ridge, 0, Infinity);
  const d = variances.length;
  const T = schedule.T;
  const train = new Float64Array(T);
  const test = new Float64Array(T);
  let trSum = 0;
  let teSum = 0;
  for (let t = 1; t <= T; t++) {
    const a2 = schedule.alphaBar[t];
    const s2 = schedule.sigma2[t];
    const l0 = s2 / a2;
    const lp = (s2 + ridge) / a2;
    const k = kappaRoot(variances, N, lp);
    let S1 = 0;
    let S2 = 0;
    let df2 = 0;
    let sig = 0;
    for (let i = 0; i < d; i++) {
      const lam = variances[i];
      const inv = 1 / (lam + k);
      S1 += inv;
      S2 += inv * inv;
      df2 += lam * lam * inv * inv;
      sig += lam * inv * inv;
    }
    const dk = 1 / (1 - df2 / N);
    const trR = (k / lp) * S1;
    const trR2 = (k * S1) / (lp * lp) - (dk * S1) / lp + (k * dk * S2) / lp;
    const trRSR = (k / lp) ** 2 * sig * dk;
    const te = d - 2 * l0 * trR + l0 * l0 * trR2 + l0 * trRSR;
    const tr = d - l0 * trR + l0 * (l0 - lp) * trR2;
    train[t - 1] = tr / d;
    test[t - 1] = te / d;
    trSum += tr / d;
    teSum += te / d;
  }
  return { train, test, trainMean: trSum / T, testMean: teSum / T };
}
