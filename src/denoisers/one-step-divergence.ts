/**
 * Exact divergences between a (possibly singular) Gaussian p_G = N(μ_G, Σ_k g_k u_k u_kᵀ) and the isotropic data law
 * p = N(μ1, σ²I) (Halder §3 items 4-5), the N → ∞ floors of the one-step model (§3 item 1) and the Marchenko–Pastur
 * deterministic equivalent of its mean KL for the `avg` fit (§3 item 6).
 */
import { DomainError, requireFinite, requireInteger, requirePositive } from "../core/validate.js";
import { ouForwardMap } from "../diffusion/ou.js";
import type { SpectralGaussian } from "../memorization/spectral-gaussian.js";

/** φ(x) = x − 1 − ln x ≥ 0, accurate near x = 1 (through log1p). */
export function halderPhi(x: number): number {
  if (!(x > 0)) return Infinity;
  const y = x - 1;
  return Math.abs(y) < 0.5 ? y - Math.log1p(y) : y - Math.log(x);
}

/** Δμ = μ_G − μ1, its squared norm and its coordinates u_kᵀΔμ in the eigenbasis. */
function meanOffset(g: SpectralGaussian, mu: number): { norm2: number; proj: Float64Array } {
  const d = g.dim;
  const dm = Float64Array.from(g.mean, (m) => m - mu);
  let norm2 = 0;
  for (let t = 0; t < d; t++) norm2 += dm[t] * dm[t];
  const proj = new Float64Array(g.rank);
  for (let k = 0; k < g.rank; k++) {
    let p = 0;
    for (let t = 0; t < d; t++) p += g.vectors[k * d + t] * dm[t];
    proj[k] = p;
  }
  return { norm2, proj };
}

function check(g: SpectralGaussian, mu: number, sigma: number): void {
  if (g == null || typeof g.dim !== "number" || !(g.values instanceof Float64Array)) throw new DomainError("g", "must be a SpectralGaussian");
  requireFinite("mu", mu);
  requirePositive("sigma", sigma);
}

/**
 * KL(p_G‖p) = ½[Σ_k φ(g_k/σ²) + |Δμ|²/σ²] (nats; Halder §3 item 4). Exactly +Infinity when rank < d (N ≤ d).
 * @throws {DomainError} μ not finite; σ not > 0
 */
export function klToIsotropic(g: SpectralGaussian, mu: number, sigma: number): number {
  check(g, mu, sigma);
  if (g.rank < g.dim) return Infinity;
  const s2 = sigma * sigma;
  let sum = 0;
  for (let k = 0; k < g.rank; k++) sum += halderPhi(g.values[k] / s2);
  return 0.5 * (sum + meanOffset(g, mu).norm2 / s2);
}

/**
 * KL(p‖p_G) = ½[Σ_k (σ²/g_k − 1 + ln(g_k/σ²)) + Σ_k (u_kᵀΔμ)²/g_k] (nats; Halder §3 item 4). +Infinity when
 * rank < d.
 */
export function klFromIsotropic(g: SpectralGaussian, mu: number, sigma: number): number {
  check(g, mu, sigma);
  if (g.rank < g.dim) return Infinity;
  const s2 = sigma * sigma;
  const { proj } = meanOffset(g, mu);
  let sum = 0;
  for (let k = 0; k < g.rank; k++) sum += halderPhi(s2 / g.values[k]) + (proj[k] * proj[k]) / g.values[k];
  return 0.5 * sum;
}

/** The Bhattacharyya family between p_G and p. */
export interface BhattacharyyaResult {
  /** D_B = ¼ Σ_k (u_kᵀΔμ)²/(g_k + σ²) + ½ Σ_k ln((g_k + σ²)/(2σ√g_k)); +Infinity when rank < d */
  distance: number;
  /** BC = e^(−D_B) ∈ [0, 1] */
  coefficient: number;
  /** squared Hellinger distance H² = 1 − BC = −expm1(−D_B) (the code's [0, 1] convention); exactly 1 when rank < d */
  hellinger2: number;
  /** Rényi divergence of order ½, D_½ = 2 D_B (≤ KL in both directions) */
  renyiHalf: number;
}

/** Bhattacharyya distance, coefficient, squared Hellinger and Rényi-½ between p_G and p (Halder §3 item 4). */
export function bhattacharyyaToIsotropic(g: SpectralGaussian, mu: number, sigma: number): BhattacharyyaResult {
  check(g, mu, sigma);
  if (g.rank < g.dim) return { distance: Infinity, coefficient: 0, hellinger2: 1, renyiHalf: Infinity };
  const s2 = sigma * sigma;
  const { proj } = meanOffset(g, mu);
  let D = 0;
  for (let k = 0; k < g.rank; k++) {
    const gk = g.values[k];
    D += (0.25 * proj[k] * proj[k]) / (gk + s2) + 0.5 * Math.log((gk + s2) / (2 * sigma * Math.sqrt(gk)));
  }
  D = Math.max(0, D);
  return { distance: D, coefficient: Math.exp(-D), hellinger2: -Math.expm1(-D), renyiHalf: 2 * D };
}

/**
 * The trace lower bound KL(p_G‖p) ≥ (d/2) φ(tr Σ_G/(dσ²)) + |Δμ|²/(2σ²) (convexity of φ; Halder §3 item 5).
 * Finite for a singular p_G.
 */
export function traceBoundToIsotropic(g: SpectralGaussian, mu: number, sigma: number): number {
  check(g, mu, sigma);
  const s2 = sigma * sigma;
  let tr = 0;
  for (let k = 0; k < g.rank; k++) tr += g.values[k];
  return (g.dim / 2) * halderPhi(tr / (g.dim * s2)) + meanOffset(g, mu).norm2 / (2 * s2);
}

/** Options shared by the closed-form one-step predictions. */
export interface OneStepTheoryOptions {
  /** dimension d ≥ 1 */
  d: number;
  /** diffusion time T > 0 (paper configuration 2) */
  T: number;
  /** generalization parameter g = ℓe^(2T) > 0 (paper configuration 1) */
  g: number;
  /** data standard deviation σ > 0 (paper configuration 1) */
  sigma: number;
}

/** The N → ∞ limits of the one-step model's distances to p. */
export interface OneStepFloors {
  /** shrink ratio r = SNR/(1 + SNR) */
  shrink: number;
  /** KL_∞ = (d/2) φ(r) */
  kl: number;
  /** KL_∞^rev = (d/2)(1/r − 1 + ln r) */
  klReverse: number;
  /** BC_∞ = (2√r/(1 + r))^(d/2) */
  bhattacharyya: number;
  /** H²_∞ = 1 − BC_∞ */
  hellinger2: number;
}

/**
 * The floors as N → ∞, where Σ_G → rσ²I and μ_G → μ1 (Halder §3 item 1): KL_∞ = (d/2)φ(r),
 * KL_∞^rev = (d/2)φ(1/r), BC_∞ = (2√r/(1 + r))^(d/2). Paper configuration (d = 100): 9.42842, 14.88686, H² 0.943209.
 * @throws {DomainError} d not an integer ≥ 1; T, g, σ not > 0
 */
export function oneStepFloors(options: OneStepTheoryOptions): OneStepFloors {
  const d = requireInteger("d", options?.d, 1);
  const sigma = requirePositive("sigma", options.sigma);
  const r = ouForwardMap({ T: options.T, g: options.g, dataVariance: sigma * sigma }).shrink;
  const logBc = (d / 2) * Math.log((2 * Math.sqrt(r)) / (1 + r));
  return {
    shrink: r,
    kl: (d / 2) * halderPhi(r),
    klReverse: (d / 2) * halderPhi(1 / r),
    bhattacharyya: Math.exp(logBc),
    hellinger2: -Math.expm1(logBc),
  };
}

/**
 * The Marchenko–Pastur deterministic equivalent of E KL(p_G‖p) for the `avg` fit with the empirical input, N > d + 1
 * (Halder §3 item 6): (d/2) ∫ φ(γ(λ)/σ²) ρ(λ) dλ + d/(2N), γ(λ) = v̄a²λ²/(a²λ + s²)², v̄ = a²σ² + s², ρ the MP law with
 * ratio q = d/(N − 1) and scale c = σ²(N − 1)/N on [c(1 − √q)², c(1 + √q)²]. Quadrature: λ = m + h cos θ, midpoint
 * rule in θ with `nodes` nodes, weight h² sin²θ/(2πqcλ), normalised by the total weight.
 * @throws {DomainError} N not an integer > d + 1; nodes < 2000; bad T, g, σ
 */
export function oneStepMarchenkoPasturKl(options: OneStepTheoryOptions & { N: number; nodes?: number }): number {
  const d = requireInteger("d", options?.d, 1);
  const N = requireInteger("N", options.N, d + 2);
  const nodes = requireInteger("nodes", options.nodes ?? 4000, 2000);
  const sigma = requirePositive("sigma", options.sigma);
  const s2d = sigma * sigma;
  const { a, s2 } = ouForwardMap({ T: options.T, g: options.g, dataVariance: s2d });
  const vbar = a * a * s2d + s2;
  const q = d / (N - 1);
  const c = (s2d * (N - 1)) / N;
  const lo = c * (1 - Math.sqrt(q)) ** 2;
  const hi = c * (1 + Math.sqrt(q)) ** 2;
  const m = (lo + hi) / 2;
  const h = (hi - lo) / 2;
  let wsum = 0;
  let fsum = 0;
  for (let j = 0; j < nodes; j++) {
    const theta = ((j + 0.5) * Math.PI) / nodes;
    const lambda = m + h * Math.cos(theta);
    const w = (h * h * Math.sin(theta) ** 2) / (2 * Math.PI * q * c * lambda);
    const gamma = (vbar * a * a * lambda * lambda) / (a * a * lambda + s2) ** 2;
    wsum += w;
    fsum += w * halderPhi(gamma / s2d);
  }
  return (d / 2) * (fsum / wsum) + d / (2 * N);
}
