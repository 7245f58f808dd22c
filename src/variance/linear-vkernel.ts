/**
 * The V-kernel of Vastola's 1-D linear-in-features model (Sec. 5, Prop. 5.1 as derived in spec §1.9 [D]).
 *
 * The model μ̂(x, t) = W φ(x, t), φ = φˣ ⊗ φᵗ, is trained by weighted ridge W = A(Σ + ρI)⁻¹ on P samples with
 * weights w = α_t²/σ_t². Linearizing around the population moments
 *
 *   Σ̄ = E[w φφᵀ],  Ā = E[w x₀ φᵀ],  R = Σ̄ + ρI,  W̄ = Ā R⁻¹,  r = x₀ − W̄φ,
 *
 * gives W − W̄ ≈ (1/P) Σ_i (w_i r_i φ_iᵀ − E[w r φᵀ]) R⁻¹ with E[w r φᵀ] = ρ W̄, hence
 *
 *   Cov(vec δW) = (1/P) R⁻¹ (Q − ρ² W̄ᵀW̄) R⁻¹,  Q = E[w² r² φφᵀ],
 *   Var μ̂(x, t) ≈ φᵀ R⁻¹ (Q − ρ² W̄ᵀW̄) R⁻¹ φ / P.
 *
 * The residual splits as E[r² | x, t] = Cov[x₀ | x, t] + (m − W̄φ)², Cov[x₀ | x, t] = (σ⁴/α²) C(x, t) (Eq. 5), so
 * Q = Q_C + Q_A with the proxy-covariance part Q_C = E[w² Cov[x₀|x,t] φφᵀ] and the approximation-error part
 * Q_A = E[w² (m − W̄φ)² φφᵀ]. The expectations over t ~ U(ε, T) and x | t run on the quadrature of spec §2 item 9
 * (./linear-vkernel-nodes.ts), with the Kronecker structure φφᵀ = (φˣφˣᵀ) ⊗ (φᵗφᵗᵀ): per t-node one F_x × F_x
 * block is summed over the x-nodes, then added as a Kronecker product with φᵗφᵗᵀ.
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { DomainError, requireFinite, requireInRange } from "../core/validate.js";
import { featureAxisInto, FEATURE_FLUSH, type FeatureAxis } from "../features/axis.js";
import type { PointMassSet } from "./pointmass.js";
import { scheduleAt } from "./posterior.js";
import { vkernelSpaceNodes, vkernelTimeNodes } from "./linear-vkernel-nodes.js";

/** Options of {@link linearModelMoments}. */
export interface LinearMomentsOptions {
  /** the cutoff ε: t ~ U(ε, T) */
  eps: number;
  /** default the schedule's tMax */
  T?: number;
  /** ridge ρ ≥ 0, not scaled with P (default 0.1, official) */
  ridge?: number;
  /** the official 1-D weight guard w = α²/(σ² + 1e−8) (erratum V-E5; default false) */
  weightGuard?: boolean;
  /** breakpoints per family of the t quadrature (default 121, spec §2 item 9) */
  breakpoints?: number;
}

/** Population moments of the linear model (spec §1.9), F = F_x·F_t, flat feature index a·F_t + b. */
export interface LinearModelMoments {
  xAxis: FeatureAxis;
  tAxis: FeatureAxis;
  ridge: number;
  eps: number;
  T: number;
  /** Σ̄ = E[w φφᵀ], F×F row-major */
  sigmaBar: Float64Array;
  /** Ā = E[w x₀ φ], length F */
  aBar: Float64Array;
  /** W̄ = Ā R⁻¹, length F */
  wBar: Float64Array;
  /** Q = E[w² (x₀ − W̄φ)² φφᵀ] (full residual), F×F */
  Q: Float64Array;
  /** Q_C = E[w² Cov[x₀|x,t] φφᵀ] (proxy-covariance part), F×F */
  QC: Float64Array;
  /** Q_A = E[w² (m − W̄φ)² φφᵀ] (approximation-error part; Q ≈ Q_C + Q_A), F×F */
  QA: Float64Array;
  /** lower Cholesky factor L of R = Σ̄ + ρI = L Lᵀ, F×F row-major */
  cholR: Float64Array;
  /** numbers of t-nodes and of (x, t)-nodes used */
  timeNodes: number;
  nodes: number;
}

/**
 * Indices of the entries of v (length n) above 1e−17 of its largest magnitude, written into idx; returns their count.
 * Dropped entries change no sum of products with v beyond double rounding, and dropping them keeps every product
 * away from subnormal numbers, which are very slow (spec §5).
 */
function activeIndices(v: Float64Array, n: number, idx: Int32Array): number {
  let max = 0;
  for (let k = 0; k < n; k++) max = Math.max(max, Math.abs(v[k]));
  const thr = max * 1e-17;
  let c = 0;
  for (let k = 0; k < n; k++) if (Math.abs(v[k]) > thr) idx[c++] = k;
  return c;
}

/** ln(1e17): a Gaussian feature is active where (x − c)² − min_k (x − c_k)² < 2 sd² ln(1e17), i.e. above 1e−17 of the largest. */
const LOG_SKIP = Math.log(1e17);

/**
 * The active features of one axis at u (values written at fx[idx[p]], p < count; see {@link activeIndices}). Gaussian
 * axes evaluate only the window of centres around the nearest one; other axes evaluate all and filter.
 */
function activeFeatures(axis: FeatureAxis, u: number, fx: Float64Array, idx: Int32Array): number {
  if (axis.kind !== "gaussian") {
    featureAxisInto(axis, u, fx, 0);
    return activeIndices(fx, axis.count, idx);
  }
  const n = axis.count, c = axis.centers, h = -0.5 / (axis.sd * axis.sd), norm = 1 / (axis.sd * Math.sqrt(2 * Math.PI));
  const step = (axis.hi - axis.lo) / (n - 1);
  const k0 = Math.min(n - 1, Math.max(0, Math.round((u - axis.lo) / step)));
  const d0 = (u - c[k0]) ** 2;
  const lim = d0 + 2 * axis.sd * axis.sd * LOG_SKIP;
  let lo = k0, hi = k0;
  while (lo > 0 && (u - c[lo - 1]) ** 2 < lim) lo--;
  while (hi < n - 1 && (u - c[hi + 1]) ** 2 < lim) hi++;
  let cnt = 0;
  for (let k = lo; k <= hi; k++) {
    const d = u - c[k];
    const v = norm * Math.exp(h * d * d);
    if (v < FEATURE_FLUSH) continue;
    fx[k] = v;
    idx[cnt++] = k;
  }
  return cnt;
}

/** Adds c·(G ⊗ ttᵀ) to the F×F matrix S, with G a symmetric Fx×Fx block and tv a length-Ft vector. */
function addKron(S: Float64Array, G: Float64Array, tv: Float64Array, c: number, Fx: number, Ft: number, ti: Int32Array): void {
  const F = Fx * Ft;
  const nt = activeIndices(tv, Ft, ti);
  let gmax = 0;
  for (let k = 0; k < Fx * Fx; k++) gmax = Math.max(gmax, Math.abs(G[k]));
  const thr = gmax * 1e-17;
  for (let a = 0; a < Fx; a++) {
    for (let a2 = 0; a2 < Fx; a2++) {
      if (!(Math.abs(G[a * Fx + a2]) > thr)) continue;
      const g = c * G[a * Fx + a2];
      for (let q = 0; q < nt; q++) {
        const b = ti[q];
        const gb = g * tv[b];
        const row = (a * Ft + b) * F + a2 * Ft;
        for (let q2 = 0; q2 < nt; q2++) S[row + ti[q2]] += gb * tv[ti[q2]];
      }
    }
  }
}

/** Adds c·vvᵀ to the lower triangle of the n×n block G, over the active indices idx[0 … na) of v only. */
function addOuterLower(G: Float64Array, v: Float64Array, c: number, n: number, idx: Int32Array, na: number): void {
  for (let p = 0; p < na; p++) {
    const a = idx[p];
    const ca = c * v[a];
    const row = a * n;
    for (let p2 = 0; p2 <= p; p2++) G[row + idx[p2]] += ca * v[idx[p2]];
  }
}

function symmetrizeLower(G: Float64Array, n: number): void {
  for (let a = 0; a < n; a++) for (let a2 = 0; a2 < a; a2++) G[a2 * n + a] = G[a * n + a2];
}

/** In-place lower Cholesky factor of an SPD n×n matrix (row-major; the upper triangle is zeroed). @internal */
export function choleskyLowerInPlace(A: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
    if (!(d > 0)) throw new DomainError("R", `is not positive definite (pivot ${d} at row ${j}); use a ridge > 0`);
    const l = Math.sqrt(d);
    A[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / l;
    }
    for (let k = j + 1; k < n; k++) A[j * n + k] = 0;
  }
  return A;
}

/** Solves L Lᵀ y = b for the lower factor L (n×n row-major); returns a new array. @internal */
export function choleskySolveLower(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * y[k];
    y[i] = s / L[i * n + i];
  }
  return y;
}

/**
 * The population moments Σ̄, Ā, W̄, Q, Q_C, Q_A of the 1-D linear model (spec §1.9) for a point-mass set, by the
 * quadrature of spec §2 item 9 (t-nodes × per-component z-nodes; about 1.4e3 × up to 2.4e3 nodes at the defaults).
 * Cost: two passes over the nodes with F_x features each, plus one F×F Kronecker update per t-node.
 * @param set a 1-D point-mass set; @param xAxis, tAxis the per-axis features
 * @throws DomainError naming `set` (not 1-D), `eps`, `T`, `ridge`, `breakpoints` or `R` (singular with ρ = 0)
 */
export function linearModelMoments(set: PointMassSet, schedule: ContinuousSchedule, xAxis: FeatureAxis, tAxis: FeatureAxis, options: LinearMomentsOptions): LinearModelMoments {
  if (set == null || set.dim !== 1) throw new DomainError("set", "must be a 1-D PointMassSet");
  if (options == null) throw new DomainError("options", "must be given");
  if (xAxis == null || !(xAxis.count >= 1) || tAxis == null || !(tAxis.count >= 1)) throw new DomainError("xAxis", "xAxis and tAxis must be FeatureAxis values");
  const T = options.T ?? schedule.tMax;
  const ridge = requireInRange("ridge", options.ridge ?? 0.1, 0, 1e300);
  const tn = vkernelTimeNodes(options.eps, T, options.breakpoints ?? 121);
  const Fx = xAxis.count, Ft = tAxis.count, F = Fx * Ft, M = set.size, mu = set.points;
  const sigmaBar = new Float64Array(F * F), aBar = new Float64Array(F);
  const Q = new Float64Array(F * F), QC = new Float64Array(F * F), QA = new Float64Array(F * F);
  const G = new Float64Array(Fx * Fx), Gq = new Float64Array(Fx * Fx), Gc = new Float64Array(Fx * Fx), Ga = new Float64Array(Fx * Fx);
  const ax = new Float64Array(Fx), fx = new Float64Array(Fx), ft = new Float64Array(Ft), u = new Float64Array(Fx), lw = new Float64Array(M);
  const xi = new Int32Array(Fx), ti = new Int32Array(Ft);
  const coef = Array.from(tn.t, (t) => {
    const c = scheduleAt(schedule, t);
    return { alpha: c.alpha, sigma: Math.sqrt(c.sigma2), w: (c.alpha * c.alpha) / (options.weightGuard ? c.sigma2 + 1e-8 : c.sigma2) };
  });
  let nodes = 0;
  // pass 1: Σ̄ and Ā
  for (let j = 0; j < tn.t.length; j++) {
    const { alpha, sigma, w } = coef[j];
    const zn = vkernelSpaceNodes(sigma);
    G.fill(0);
    ax.fill(0);
    for (let m = 0; m < M; m++) {
      for (let k = 0; k < zn.z.length; k++) {
        const om = zn.weight[k] / M;
        if (om === 0) continue;
        const na = activeFeatures(xAxis, alpha * mu[m] + sigma * zn.z[k], fx, xi);
        addOuterLower(G, fx, om, Fx, xi, na);
        for (let p = 0; p < na; p++) ax[xi[p]] += om * mu[m] * fx[xi[p]];
        nodes++;
      }
    }
    symmetrizeLower(G, Fx);
    featureAxisInto(tAxis, tn.t[j], ft, 0);
    const c = tn.weight[j] * w;
    addKron(sigmaBar, G, ft, c, Fx, Ft, ti);
    for (let a = 0; a < Fx; a++) for (let b = 0; b < Ft; b++) aBar[a * Ft + b] += c * ax[a] * ft[b];
  }
  const cholR = Float64Array.from(sigmaBar);
  for (let i = 0; i < F; i++) cholR[i * F + i] += ridge;
  choleskyLowerInPlace(cholR, F);
  const wBar = choleskySolveLower(cholR, F, aBar);
  // pass 2: Q, Q_C, Q_A with the residual r = x₀ − W̄φ
  for (let j = 0; j < tn.t.length; j++) {
    const { alpha, sigma, w } = coef[j];
    const zn = vkernelSpaceNodes(sigma);
    featureAxisInto(tAxis, tn.t[j], ft, 0);
    for (let a = 0; a < Fx; a++) {
      let s = 0;
      for (let b = 0; b < Ft; b++) s += wBar[a * Ft + b] * ft[b];
      u[a] = s;
    }
    Gq.fill(0);
    Gc.fill(0);
    Ga.fill(0);
    const h = -0.5 / (sigma * sigma);
    for (let m = 0; m < M; m++) {
      for (let k = 0; k < zn.z.length; k++) {
        const om = zn.weight[k] / M;
        if (om === 0) continue;
        const x = alpha * mu[m] + sigma * zn.z[k];
        const na = activeFeatures(xAxis, x, fx, xi);
        let v = 0;
        for (let p = 0; p < na; p++) v += fx[xi[p]] * u[xi[p]];
        // posterior over the training points at (x, t), log-sum-exp
        let max = -Infinity;
        for (let c = 0; c < M; c++) {
          const d = x - alpha * mu[c];
          lw[c] = h * d * d;
          if (lw[c] > max) max = lw[c];
        }
        let sum = 0, mean = 0;
        for (let c = 0; c < M; c++) {
          lw[c] = Math.exp(lw[c] - max);
          sum += lw[c];
          mean += lw[c] * mu[c];
        }
        mean /= sum;
        let cov = 0;
        for (let c = 0; c < M; c++) cov += lw[c] * (mu[c] - mean) * (mu[c] - mean);
        cov /= sum;
        const r = mu[m] - v;
        const cq = om * r * r, cc = om * cov, ca = om * (mean - v) * (mean - v);
        for (let p = 0; p < na; p++) {
          const a = xi[p], va = fx[a], row = a * Fx;
          for (let p2 = 0; p2 <= p; p2++) {
            const a2 = xi[p2], vv = va * fx[a2];
            Gq[row + a2] += cq * vv;
            Gc[row + a2] += cc * vv;
            Ga[row + a2] += ca * vv;
          }
        }
      }
    }
    const c = tn.weight[j] * w * w;
    symmetrizeLower(Gq, Fx);
    symmetrizeLower(Gc, Fx);
    symmetrizeLower(Ga, Fx);
    addKron(Q, Gq, ft, c, Fx, Ft, ti);
    addKron(QC, Gc, ft, c, Fx, Ft, ti);
    addKron(QA, Ga, ft, c, Fx, Ft, ti);
  }
  return { xAxis, tAxis, ridge, eps: options.eps, T, sigmaBar, aBar, wBar, Q, QC, QA, cholR, timeNodes: tn.t.length, nodes };
}

/** The linear V-kernel prediction at one (x, t). */
export interface LinearVKernelPrediction {
  x: number;
  t: number;
  /** W̄φ(x, t): the first-order ensemble mean */
  mean: number;
  /** predicted Var μ̂ = φᵀR⁻¹(Q − ρ²W̄ᵀW̄)R⁻¹φ / P (full Q) */
  variance: number;
  sd: number;
  /** the same with Q_C in place of Q (same R, same ρ² term); may be negative, since only Q − ρ²W̄ᵀW̄ is PSD */
  proxyVariance: number;
  /** √max(0, proxyVariance) */
  proxySd: number;
}

/** yᵀ S y for an F×F row-major S. */
function quadForm(S: Float64Array, y: Float64Array): number {
  const F = y.length;
  let s = 0;
  for (let i = 0; i < F; i++) {
    if (y[i] === 0) continue;
    let r = 0;
    for (let k = 0; k < F; k++) r += S[i * F + k] * y[k];
    s += y[i] * r;
  }
  return s;
}

/** The features φ(x, t) = φˣ(x) ⊗ φᵗ(t), flat index a·F_t + b. */
export function linearFeatures1d(xAxis: FeatureAxis, tAxis: FeatureAxis, x: number, t: number): Float64Array {
  requireFinite("x", x);
  requireFinite("t", t);
  const Fx = xAxis.count, Ft = tAxis.count;
  const fx = new Float64Array(Fx), ft = new Float64Array(Ft), phi = new Float64Array(Fx * Ft);
  featureAxisInto(xAxis, x, fx, 0);
  featureAxisInto(tAxis, t, ft, 0);
  for (let a = 0; a < Fx; a++) for (let b = 0; b < Ft; b++) phi[a * Ft + b] = fx[a] * ft[b];
  return phi;
}

/**
 * The predicted mean W̄φ and sd of μ̂(x, t) across independently trained models of P samples (spec §1.9, Prop. 5.1
 * as derived): Var = φᵀR⁻¹(Q − ρ²W̄ᵀW̄)R⁻¹φ / P, and the same with the proxy-covariance part Q_C.
 * @param P training-set size, ≥ 1
 * @throws DomainError naming `P`, `x` or `t`
 */
export function linearVKernelPredict(mom: LinearModelMoments, P: number, x: number, t: number): LinearVKernelPrediction {
  requireInRange("P", P, 1, 1e300);
  const F = mom.wBar.length;
  const phi = linearFeatures1d(mom.xAxis, mom.tAxis, x, t);
  const y = choleskySolveLower(mom.cholR, F, phi);
  let mean = 0, wy = 0;
  for (let i = 0; i < F; i++) {
    mean += mom.wBar[i] * phi[i];
    wy += mom.wBar[i] * y[i];
  }
  const r2 = mom.ridge * mom.ridge * wy * wy;
  const variance = Math.max(0, quadForm(mom.Q, y) - r2) / P;
  const proxyVariance = (quadForm(mom.QC, y) - r2) / P;
  return { x, t, mean, variance, sd: Math.sqrt(variance), proxyVariance, proxySd: Math.sqrt(Math.max(0, proxyVariance)) };
}
