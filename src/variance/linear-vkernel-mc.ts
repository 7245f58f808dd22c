/**
 * An independent route to the linear model's population moments (spec §1.9): plain Monte Carlo over the training
 * distribution itself (m uniform, t ~ U(ε, T), x = α_t μ_m + σ_t z, drawn by `drawLinearTrainingSet`). Each moment
 * is probed along fixed vectors c, so the checks are scalars with standard errors:
 *
 *   cᵀΣ̄c = E[w (cᵀφ)²],  Āc = E[w x₀ cᵀφ],  cᵀQc = E[w² (x₀ − W̄φ)² (cᵀφ)²].
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { Rng } from "../core/rng.js";
import { meanWithError, type MeanEstimate } from "../core/montecarlo.js";
import { DomainError, requireFiniteArray, requireInteger } from "../core/validate.js";
import { featureAxisInto } from "../features/axis.js";
import { drawLinearTrainingSet } from "../features/linear1d.js";
import type { PointMassSet } from "./pointmass.js";
import type { LinearModelMoments } from "./linear-vkernel.js";

/** One probe's three moments: quadrature value, Monte Carlo mean ± SE, and z = (MC − quadrature)/SE. */
export interface LinearMomentCheck {
  name: "cᵀΣ̄c" | "Āc" | "cᵀQc";
  probe: number;
  quadrature: number;
  monteCarlo: MeanEstimate;
  z: number;
}

/** yᵀ S y for an F×F row-major S. */
function quad(S: Float64Array, c: ArrayLike<number>): number {
  const F = c.length;
  let s = 0;
  for (let i = 0; i < F; i++) {
    let r = 0;
    for (let k = 0; k < F; k++) r += S[i * F + k] * c[k];
    s += c[i] * r;
  }
  return s;
}

/**
 * Compares the quadrature moments `mom` with a Monte Carlo average over `samples` training draws, along each probe
 * vector (length F). Returns 3 checks per probe.
 * @param samples integer in [10, 1e7]
 * @throws DomainError naming `probes`, `samples` or `rng`
 */
export function linearMomentsMonteCarlo(set: PointMassSet, schedule: ContinuousSchedule, mom: LinearModelMoments, probes: ArrayLike<number>[], samples: number, rng: Rng): LinearMomentCheck[] {
  const Fx = mom.xAxis.count, Ft = mom.tAxis.count, F = Fx * Ft;
  if (!Array.isArray(probes) || probes.length === 0) throw new DomainError("probes", "must be a non-empty list of vectors of length F");
  probes.forEach((c) => requireFiniteArray("probes", c, F));
  requireInteger("samples", samples, 10, 1e7);
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  const train = drawLinearTrainingSet(set, schedule, { samples, eps: mom.eps, T: mom.T, rng });
  const np = probes.length;
  const vs = probes.map(() => [new Float64Array(samples), new Float64Array(samples), new Float64Array(samples)]);
  const fx = new Float64Array(Fx), ft = new Float64Array(Ft), phi = new Float64Array(F), act = new Int32Array(F);
  for (let i = 0; i < samples; i++) {
    featureAxisInto(mom.xAxis, train.x[i], fx, 0);
    featureAxisInto(mom.tAxis, train.t[i], ft, 0);
    // the entries of φ = φˣ ⊗ φᵗ above 1e−17 of its largest (the rest cannot change a sum beyond double rounding)
    let mx = 0, mt = 0;
    for (let a = 0; a < Fx; a++) mx = Math.max(mx, Math.abs(fx[a]));
    for (let b = 0; b < Ft; b++) mt = Math.max(mt, Math.abs(ft[b]));
    const thx = 1e-17 * mx, tht = 1e-17 * mt;
    let na = 0, v = 0;
    for (let a = 0; a < Fx; a++) {
      if (!(Math.abs(fx[a]) > thx)) continue;
      for (let b = 0; b < Ft; b++) {
        if (!(Math.abs(ft[b]) > tht)) continue;
        const k = a * Ft + b;
        phi[k] = fx[a] * ft[b];
        act[na++] = k;
        v += mom.wBar[k] * phi[k];
      }
    }
    const w = train.weight[i], x0 = train.x0[i], r = x0 - v;
    for (let p = 0; p < np; p++) {
      const c = probes[p];
      let f = 0;
      for (let q = 0; q < na; q++) f += c[act[q]] * phi[act[q]];
      vs[p][0][i] = w * f * f;
      vs[p][1][i] = w * x0 * f;
      vs[p][2][i] = w * w * r * r * f * f;
    }
  }
  const out: LinearMomentCheck[] = [];
  probes.forEach((c, p) => {
    let ac = 0;
    for (let k = 0; k < F; k++) ac += mom.aBar[k] * c[k];
    const quads = [quad(mom.sigmaBar, c), ac, quad(mom.Q, c)];
    (["cᵀΣ̄c", "Āc", "cᵀQc"] as const).forEach((name, j) => {
      const mc = meanWithError(vs[p][j]);
      out.push({ name, probe: p, quadrature: quads[j], monteCarlo: mc, z: mc.standardError > 0 ? (mc.mean - quads[j]) / mc.standardError : 0 });
    });
  });
  return out;
}
