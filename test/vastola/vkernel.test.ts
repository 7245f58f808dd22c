import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, rng, vpSchedule, vastolaGapSet, gaussianFeatureAxis, pointMassPosterior, proxyScoreCovariance,
  vkernelTimeNodes, vkernelSpaceNodes, linearModelMoments, linearVKernelPredict, linearFeatures1d, linearMomentsMonteCarlo,
  drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserAt,
} from "difftheory";

const vp = vpSchedule();
const gap = vastolaGapSet();
const eps = 0.01;

test("t-nodes: 1434 nodes for 121 breakpoints, weights sum to 1, E[t] and E[1/t] under U(ε, 1) to 1e-10", () => {
  const tn = vkernelTimeNodes(eps, 1, 121);
  assert.equal(tn.breakpoints.length, 240);
  assert.equal(tn.t.length, 1434);
  let s = 0, m = 0, inv = 0;
  for (let j = 0; j < tn.t.length; j++) {
    s += tn.weight[j];
    m += tn.weight[j] * tn.t[j];
    inv += tn.weight[j] / tn.t[j];
  }
  assert.ok(Math.abs(s - 1) < 1e-12);
  assert.ok(Math.abs(m - (1 + eps) / 2) < 1e-12);
  const exact = Math.log(1 / eps) / (1 - eps); // w ≈ 1/(2β_min t) at small t needs this to be accurate
  assert.ok(Math.abs(inv - exact) / exact < 1e-10, `${inv} vs ${exact}`);
});

test("z-nodes: spacing min(0.05, 0.02/σ), last node below 8 + dz/2; weights integrate 1 and z² to 1e-10", () => {
  for (const sigma of [0.05, 0.4, 1]) {
    const { z, weight } = vkernelSpaceNodes(sigma);
    const dz = Math.min(0.05, 0.02 / sigma);
    assert.equal(z[0], -8);
    assert.ok(Math.abs(z[1] - z[0] - dz) < 1e-12);
    assert.ok(z[z.length - 1] < 8 + dz / 2 && z[z.length - 1] + dz >= 8 + dz / 2);
    let s = 0, v = 0;
    for (let k = 0; k < z.length; k++) {
      s += weight[k];
      v += weight[k] * z[k] * z[k];
    }
    assert.ok(Math.abs(s - 1) < 1e-10 && Math.abs(v - 1) < 1e-10, `σ = ${sigma}: ${s}, ${v}`);
  }
  assert.equal(vkernelSpaceNodes(0.4).z.length, 321);
  assert.equal(vkernelSpaceNodes(1).z.length, 801);
});

test("the residual split, pointwise: Σ_m w_m (μ_m − v)² = Cov[x₀|x,t] + (m − v)², and Cov[x₀|x,t] = (σ⁴/α²) C(x,t)", () => {
  for (const [x, t, v] of [[-0.5, 0.03, 0.2], [0.25, 0.1, -0.7], [1, 0.3, 0.9], [0, 0.8, 0]]) {
    const post = pointMassPosterior(gap, vp, t, [x]);
    let direct = 0;
    for (let m = 0; m < 3; m++) direct += post.weights[m] * (gap.points[m] - v) ** 2;
    const split = post.covariance[0] + (post.mean[0] - v) ** 2;
    assert.ok(Math.abs(direct - split) < 1e-14 * Math.max(1, direct), `${direct} vs ${split}`);
    const C = proxyScoreCovariance(gap, vp, t, [x])[0];
    const fromC = (post.sigma2 ** 2 / post.alpha ** 2) * C;
    assert.ok(Math.abs(fromC - post.covariance[0]) <= 1e-12 * Math.max(1e-300, post.covariance[0]) + 1e-300, `${fromC} vs ${post.covariance[0]}`);
  }
});

// The full Fig. 2 model: 16 × 16 Gaussian features.
const xAxis = gaussianFeatureAxis(-1.5, 1.5, 16), tAxis = gaussianFeatureAxis(eps, 1, 16);
const mom = linearModelMoments(gap, vp, xAxis, tAxis, { eps, T: 1 });

test("moments: symmetric Σ̄, Q, Q_C, Q_A; W̄ solves R W̄ = Ā; the integrated split Q = Q_C + Q_A", () => {
  const F = 256;
  let maxQ = 0, maxDiff = 0, asym = 0, maxS = 0;
  for (let i = 0; i < F; i++) {
    for (let k = 0; k < F; k++) {
      maxQ = Math.max(maxQ, Math.abs(mom.Q[i * F + k]));
      maxDiff = Math.max(maxDiff, Math.abs(mom.Q[i * F + k] - mom.QC[i * F + k] - mom.QA[i * F + k]));
      for (const S of [mom.sigmaBar, mom.Q, mom.QC, mom.QA]) {
        asym = Math.max(asym, Math.abs(S[i * F + k] - S[k * F + i]));
        maxS = Math.max(maxS, Math.abs(S[i * F + k]));
      }
    }
    let r = mom.ridge * mom.wBar[i];
    for (let k = 0; k < F; k++) r += mom.sigmaBar[i * F + k] * mom.wBar[k];
    assert.ok(Math.abs(r - mom.aBar[i]) < 1e-9 * Math.max(1, Math.abs(mom.aBar[i])));
  }
  assert.ok(asym < 1e-14 * maxS, `asymmetry ${asym}`); // rounding only: the Kronecker products multiply in either order
  // the same integral with two integrands (x₀ drawn per component vs the posterior's split): quadrature-level agreement
  assert.ok(maxDiff < 1e-6 * maxQ, `max |Q − Q_C − Q_A| = ${maxDiff}, max |Q| = ${maxQ}`);
});

test("quadrature moments match a 1e6-draw Monte Carlo average over the training distribution within 4 SE", () => {
  const probes = [[-1, 0.03], [-0.25, 0.03], [0.5, 0.1], [0, 0.3]].map(([x, t]) => linearFeatures1d(xAxis, tAxis, x, t));
  const checks = linearMomentsMonteCarlo(gap, vp, mom, probes, 1e6, rng(11));
  assert.equal(checks.length, 12);
  for (const c of checks) assert.ok(Math.abs(c.z) < 4, `${c.name} probe ${c.probe}: quadrature ${c.quadrature}, MC ${c.monteCarlo.mean} ± ${c.monteCarlo.standardError}`);
});

test("prediction: Var ∝ 1/P exactly; mean W̄φ; the Q_C part is below the full Q", () => {
  const a = linearVKernelPredict(mom, 256, 0.25, 0.1), b = linearVKernelPredict(mom, 1024, 0.25, 0.1);
  assert.ok(Math.abs(a.variance / b.variance - 4) < 1e-12);
  const phi = linearFeatures1d(xAxis, tAxis, 0.25, 0.1);
  assert.ok(Math.abs(a.mean - phi.reduce((s, v, i) => s + v * mom.wBar[i], 0)) < 1e-12);
  assert.ok(a.proxyVariance < a.variance && a.proxySd <= a.sd);
});

test("first-order regime: a small model (4 × 4 features) with P ≫ F has the predicted spread across 300 trained models", () => {
  const xa = gaussianFeatureAxis(-1.5, 1.5, 4), ta = gaussianFeatureAxis(eps, 1, 4);
  const m4 = linearModelMoments(gap, vp, xa, ta, { eps, T: 1, breakpoints: 61 });
  const pts = [[-0.5, 0.2], [0, 0.5], [1, 0.1]];
  const P = 4000, N = 300;
  const vals = pts.map(() => [] as number[]);
  for (let k = 0; k < N; k++) {
    const model = fitLinearDenoiser1d(drawLinearTrainingSet(gap, vp, { samples: P, eps, T: 1, rng: rng(5).fork(k) }), xa, ta, 0.1);
    pts.forEach(([x, t], i) => vals[i].push(linearDenoiserAt(model, x, t)));
  }
  pts.forEach(([x, t], i) => {
    const v = vals[i], mean = v.reduce((s, y) => s + y, 0) / N;
    const sd = Math.sqrt(v.reduce((s, y) => s + (y - mean) ** 2, 0) / (N - 1));
    const pr = linearVKernelPredict(m4, P, x, t);
    // sd of an sd estimate ≈ sd/√(2(N − 1)) ≈ 4 %; allow 4 SE plus 10 % for second-order terms (F/P = 0.004)
    assert.ok(Math.abs(sd / pr.sd - 1) < 4 / Math.sqrt(2 * (N - 1)) + 0.1, `(${x}, ${t}): empirical ${sd}, predicted ${pr.sd}`);
    assert.ok(Math.abs(mean - pr.mean) < 4 * (sd / Math.sqrt(N)), `(${x}, ${t}): mean ${mean} vs W̄φ ${pr.mean}`);
  });
});

test("validation: DomainErrors name the parameter", () => {
  assert.throws(() => vkernelTimeNodes(0, 1), (e: unknown) => e instanceof DomainError && e.parameter === "eps");
  assert.throws(() => vkernelTimeNodes(0.01, 1, 1), (e: unknown) => e instanceof DomainError && e.parameter === "n");
  assert.throws(() => vkernelSpaceNodes(0), (e: unknown) => e instanceof DomainError && e.parameter === "sigma");
  assert.throws(() => linearVKernelPredict(mom, 0, 0, 0.1), (e: unknown) => e instanceof DomainError && e.parameter === "P");
  assert.throws(() => linearVKernelPredict(mom, 10, NaN, 0.1), (e: unknown) => e instanceof DomainError && e.parameter === "x");
  assert.throws(() => linearModelMoments(gap, vp, xAxis, tAxis, { eps, ridge: -1 }), (e: unknown) => e instanceof DomainError && e.parameter === "ridge");
  assert.throws(() => linearMomentsMonteCarlo(gap, vp, mom, [], 100, rng(1)), (e: unknown) => e instanceof DomainError && e.parameter === "probes");
});
