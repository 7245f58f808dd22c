/**
 * Quadrature nodes for the population moments of Vastola's linear model (spec §2 item 9):
 * - t ~ U(ε, T): composite 6-node Gauss–Legendre on the sub-intervals between the merged, sorted breakpoints of
 *   geomspace(ε, T, n) and linspace(ε, T, n) (duplicates removed), weights divided by T − ε so they sum to 1. The
 *   log spacing resolves w = α²/σ² ≈ 1/(2β_min t) at small t.
 * - x | t, one mixture component μ_m (weight 1/M) at a time: z = (x − α_t μ_m)/σ_t on −8, −8 + dz, … (every
 *   z < 8 + dz/2), with weights N(z; 0, 1)·dz/M and dz = min(0.05, 0.02/σ_t), so that the x spacing σ_t dz never
 *   exceeds 0.02 and features of width 0.1 are resolved at any σ_t.
 */
import { DomainError, requireInteger, requireInRange } from "../core/validate.js";

/** The 6 Gauss–Legendre nodes on [−1, 1] (roots of P₆) and their weights. */
const GL6_NODES = [-0.932469514203152, -0.6612093864662645, -0.2386191860831969, 0.2386191860831969, 0.6612093864662645, 0.932469514203152];
const GL6_WEIGHTS = [0.1713244923791704, 0.3607615730481386, 0.467913934572691, 0.467913934572691, 0.3607615730481386, 0.1713244923791704];

/** Quadrature nodes of t ~ U(ε, T): Σ_j weight_j f(t_j) ≈ E_t[f(t)]. */
export interface VKernelTimeNodes {
  t: Float64Array;
  /** weights, summing to 1 */
  weight: Float64Array;
  /** the merged breakpoints (sorted, distinct), from ε to T */
  breakpoints: Float64Array;
}

/**
 * The t-nodes of spec §2 item 9 (see the module comment): 6 Gauss–Legendre nodes on each interval between the merged
 * breakpoints of geomspace(ε, T, n) and linspace(ε, T, n); for n = 121 that is 239 intervals, 1434 nodes.
 * @param eps ε > 0; @param T > ε (finite); @param n breakpoints per family, integer in [2, 1e5] (default 121)
 * @throws DomainError naming `eps`, `T` or `n`
 */
export function vkernelTimeNodes(eps: number, T: number, n = 121): VKernelTimeNodes {
  requireInRange("T", T, 0, 1e300, "lo");
  requireInRange("eps", eps, 0, T, "both");
  requireInteger("n", n, 2, 1e5);
  const pts: number[] = [];
  const r = Math.log(T / eps);
  for (let k = 0; k < n; k++) {
    pts.push(k === 0 ? eps : k === n - 1 ? T : eps * Math.exp((r * k) / (n - 1)));
    pts.push(k === 0 ? eps : k === n - 1 ? T : eps + ((T - eps) * k) / (n - 1));
  }
  pts.sort((a, b) => a - b);
  const bp: number[] = [];
  for (const p of pts) if (bp.length === 0 || p > bp[bp.length - 1]) bp.push(p);
  const nodes = (bp.length - 1) * 6;
  const t = new Float64Array(nodes), weight = new Float64Array(nodes);
  const span = T - eps;
  for (let i = 0; i + 1 < bp.length; i++) {
    const mid = 0.5 * (bp[i] + bp[i + 1]), half = 0.5 * (bp[i + 1] - bp[i]);
    for (let k = 0; k < 6; k++) {
      t[i * 6 + k] = mid + half * GL6_NODES[k];
      weight[i * 6 + k] = (half * GL6_WEIGHTS[k]) / span;
    }
  }
  return { t, weight, breakpoints: Float64Array.from(bp) };
}

/**
 * The z-nodes of x | t for one mixture component (spec §2 item 9): z_k = −8 + k·dz for every z_k < 8 + dz/2,
 * dz = min(0.05, 0.02/σ), weights N(z_k; 0, 1)·dz (not divided by M; they sum to ≈ 1).
 * @param sigma σ_t > 0
 * @throws DomainError naming `sigma`
 */
export function vkernelSpaceNodes(sigma: number): { z: Float64Array; weight: Float64Array } {
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new DomainError("sigma", `must be a finite number > 0; got ${sigma}`);
  const dz = Math.min(0.05, 0.02 / sigma);
  const n = Math.floor((16 + dz / 2) / dz - 1e-12) + 1;
  const z = new Float64Array(n), weight = new Float64Array(n);
  const c = dz / Math.sqrt(2 * Math.PI);
  for (let k = 0; k < n; k++) {
    const v = -8 + k * dz;
    z[k] = v;
    weight[k] = c * Math.exp(-0.5 * v * v);
  }
  return { z, weight };
}
