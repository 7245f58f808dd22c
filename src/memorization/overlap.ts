/**
 * A Gaussian generator against a kernel approximation (Halder §3 items 7-9): the overlap ∫p_G K_C in closed form
 * (finite even for a singular p_G), its Jensen lower bound on E_{p_G}[ln K_C], and the squared L2 distance.
 */
import { DomainError } from "../core/validate.js";
import type { KernelApproximation, KernelSelfOverlap } from "./kernel.js";
import { kernelLogSelfOverlap } from "./kernel.js";
import { logSumExp, signedLogSumExp } from "./logsumexp.js";
import { multiplyABt } from "../core/pairwise.js";
import { spectralTrace, type SpectralGaussian } from "./spectral-gaussian.js";

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_4PI = Math.log(4 * Math.PI);

/** Throws unless g and K live in the same dimension. */
export function requireKernelDimension(g: SpectralGaussian, K: KernelApproximation, name = "K"): void {
  if (g == null || typeof g.dim !== "number") throw new DomainError("g", "must be a SpectralGaussian");
  if (K == null || typeof K.dim !== "number") throw new DomainError(name, "must be a KernelApproximation");
  if (g.dim !== K.dim) throw new DomainError(name, `must have the dimension of g (${g.dim}); got ${K.dim}`);
}

/** Per kernel point: |c_i − μ_G|² and the squared projections Σ-weighted as needed. */
function residualNorms(g: SpectralGaussian, K: KernelApproximation, weights: Float64Array | null): { dist2: Float64Array; weighted: Float64Array } {
  const d = K.dim;
  const r = g.rank;
  const shift = new Float64Array(d); // center − μ_G
  let shiftNorm = 0;
  for (let t = 0; t < d; t++) {
    shift[t] = K.center[t] - g.mean[t];
    shiftNorm += shift[t] * shift[t];
  }
  const shiftProj = new Float64Array(r);
  for (let k = 0; k < r; k++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += g.vectors[k * d + t] * shift[t];
    shiftProj[k] = s;
  }
  const dist2 = new Float64Array(K.n);
  const weighted = new Float64Array(K.n);
  for (let i = 0; i < K.n; i++) {
    const row = i * d;
    let cs = 0;
    for (let t = 0; t < d; t++) cs += K.points[row + t] * shift[t];
    dist2[i] = Math.max(0, K.norms[i] + 2 * cs + shiftNorm);
  }
  if (weights && r > 0) {
    const proj = multiplyABt(K.points, K.n, g.vectors, r, d); // n × r: u_kᵀ(c_i − center)
    for (let i = 0; i < K.n; i++) {
      let w = 0;
      for (let k = 0; k < r; k++) {
        const p = proj[i * r + k] + shiftProj[k];
        w += p * p * weights[k];
      }
      weighted[i] = w;
    }
  }
  return { dist2, weighted };
}

/**
 * U_C = ln ∫p_G K_C = LSE_i(−q_i/2) − ln n − (d/2) ln 2π − ½ Σ_k ln(g_k + ε²), with the low-rank form
 * q_i = |c_i − μ_G|²/ε² − Σ_{k≤r} (u_kᵀ(c_i − μ_G))² g_k/(ε²(g_k + ε²)) and Σ_k ln(g_k + ε²) =
 * Σ_{k≤r} ln(g_k + ε²) + (d − r) ln ε² (Halder §3 item 7). Finite for a singular Σ_G. It is also the Jensen upper
 * bound on E_{p_G}[ln K_C] (§3 item 9). Cost n·r·d.
 */
export function gaussianKernelLogOverlap(g: SpectralGaussian, K: KernelApproximation): number {
  requireKernelDimension(g, K);
  const e2 = K.epsilon2;
  const weights = Float64Array.from(g.values, (gk) => gk / (e2 * (gk + e2)));
  const { dist2, weighted } = residualNorms(g, K, weights);
  const terms = new Float64Array(K.n);
  for (let i = 0; i < K.n; i++) terms[i] = -0.5 * Math.max(0, dist2[i] / e2 - weighted[i]);
  let logDet = (K.dim - g.rank) * 2 * K.logEpsilon;
  for (let k = 0; k < g.rank; k++) logDet += Math.log(g.values[k] + e2);
  return logSumExp(terms) - Math.log(K.n) - (K.dim / 2) * LOG_2PI - 0.5 * logDet;
}

/**
 * L_C = LSE_i(e_i) − ln n with e_i = −(d/2) ln(2πε²) − (|μ_G − c_i|² + tr Σ_G)/(2ε²): a lower bound on
 * E_{p_G}[ln K_C] (Jensen on the convex log-sum-exp; Halder §3 item 9). Cost n·d.
 */
export function gaussianKernelJensenLower(g: SpectralGaussian, K: KernelApproximation): number {
  requireKernelDimension(g, K);
  const { dist2 } = residualNorms(g, K, null);
  const tr = spectralTrace(g);
  const c = -(K.dim / 2) * (LOG_2PI + 2 * K.logEpsilon);
  const terms = Float64Array.from(dist2, (x) => c - (x + tr) / (2 * K.epsilon2));
  return logSumExp(terms) - Math.log(K.n);
}

/** ln ∫p_G² = −(d/2) ln 4π − ½ ln det Σ_G; +Infinity for a singular p_G (rank < d). */
export function gaussianLogSelfOverlap(g: SpectralGaussian): number {
  if (g.rank < g.dim) return Infinity;
  let logDet = 0;
  for (let k = 0; k < g.rank; k++) logDet += Math.log(g.values[k]);
  return -(g.dim / 2) * LOG_4PI - 0.5 * logDet;
}

/**
 * Squared L2 distance ∫(p_G − K_C)² = ∫p_G² − 2∫p_G K_C + ∫K_C², returned as its logarithm. A singular p_G has
 * ∫p_G² = ∞, so the result is +Infinity (never NaN). Pass a precomputed `selfOverlap` of K to save its n²d/2 cost.
 */
export function gaussianKernelLogL2Distance(g: SpectralGaussian, K: KernelApproximation, selfOverlap?: KernelSelfOverlap): number {
  requireKernelDimension(g, K);
  if (g.rank < g.dim) return Infinity;
  const s = signedLogSumExp([
    { sign: 1, logAbs: gaussianLogSelfOverlap(g) },
    { sign: 1, logAbs: (selfOverlap ?? kernelLogSelfOverlap(K)).logTotal },
    { sign: -1, logAbs: Math.LN2 + gaussianKernelLogOverlap(g, K) },
  ]);
  return s.sign <= 0 ? -Infinity : s.logAbs;
}
