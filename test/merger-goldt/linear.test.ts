import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, ddpmSchedule, powerLawSpectrum, mgFixedSet, spectralFit, spectralFitFromCovariance, linearWeights, linearMinimizer,
  linearWeightsClosedForm, explicitGradientDescent, linearLosses, optimumLoss, linearSamplingLaw, linearSamplingLawMatrix,
  linearKl, linearModelKl, klOptimum, gaussian, klDivergence, sampleLinearChain, linearModelDenoiser, sampleAncestral, rng,
  samplePowerLawData, modeSamplingLaw, linearGains,
} from "difftheory";

const schedule = ddpmSchedule();
const { X, variances } = mgFixedSet(12);
const C = X.transpose().mmul(X).div(12);
const fit = spectralFit(X);
const maxAbsDiff = (A: Matrix, B: Matrix) => Math.max(...A.clone().sub(B).abs().to1DArray());
const isDomain = (name: string) => (e: unknown) => e instanceof DomainError && e.parameter === name;

test("power-law spectrum: descending, trace d by default, Tr = 1 or a number on request [A]", () => {
  const l = powerLawSpectrum(100, 1);
  assert.ok(Math.abs(l.reduce((a, b) => a + b, 0) - 100) < 1e-10);
  for (let i = 1; i < 100; i++) assert.ok(l[i] < l[i - 1]);
  assert.ok(Math.abs(l[0] / l[9] - 10) < 1e-12);
  assert.ok(Math.abs(powerLawSpectrum(10, 2, { trace: "one" }).reduce((a, b) => a + b, 0) - 1) < 1e-14);
  assert.ok(Math.abs(powerLawSpectrum(10, 2, { trace: 5 }).reduce((a, b) => a + b, 0) - 5) < 1e-13);
  assert.deepEqual(Array.from(powerLawSpectrum(4, 0)), [1, 1, 1, 1]);
});

test("per-mode closed-form weights equal the direct ridge solve W = s(a²Ĉ + (s² + c)I)⁻¹", () => {
  for (const t of [1, 10, 500, 1000]) {
    for (const ridge of [0, 0.01]) {
      assert.ok(maxAbsDiff(linearWeights(fit, schedule, t, { ridge }), linearMinimizer(C, schedule, t, ridge)) < 1e-8 * (1 / schedule.sigma[t]));
    }
  }
});

test("MG-C12: 50 explicit GD steps (η = 0.1) equal the GD closed form within 1e-12 at t = 1, 100, 1000", () => {
  for (const t of [1, 100, 1000]) {
    const explicit = explicitGradientDescent(C, schedule, t, 0.1, 50);
    const closed = linearWeightsClosedForm(C, schedule, t, { training: { kind: "gd", eta: 0.1, steps: 50 } });
    const perMode = linearWeights(fit, schedule, t, { training: { kind: "gd", eta: 0.1, steps: 50 } });
    assert.ok(maxAbsDiff(explicit, closed) < 1e-12, `t = ${t}: ${maxAbsDiff(explicit, closed)}`);
    assert.ok(maxAbsDiff(explicit, perMode) < 1e-12, `t = ${t} per mode: ${maxAbsDiff(explicit, perMode)}`);
  }
  // gradient flow is the small-η limit of GD at fixed τ = η K
  const t = 100;
  const flow = linearWeights(fit, schedule, t, { training: { kind: "flow", tau: 2 } });
  const gd = explicitGradientDescent(C, schedule, t, 0.002, 1000);
  assert.ok(maxAbsDiff(flow, gd) < 5e-3);
  // τ → ∞ is the converged minimiser
  assert.ok(maxAbsDiff(linearWeights(fit, schedule, 500, { training: { kind: "flow", tau: 1e9 } }), linearMinimizer(C, schedule, 500)) < 1e-10);
});

test("losses in the eigenbasis equal the loss of the full weight matrix, per step", () => {
  const Sigma = Matrix.diag(Array.from(variances));
  const L = linearLosses(fit, schedule, { variances }, { ridge: 0.003 });
  for (const t of [1, 37, 1000]) {
    const W = linearMinimizer(C, schedule, t, 0.003);
    const R = Matrix.eye(8, 8).sub(W.clone().mul(schedule.sigma[t]));
    const base = R.mmul(R.transpose()).trace();
    const train = base + schedule.alphaBar[t] * W.mmul(C).mmul(W.transpose()).trace();
    const testLoss = base + schedule.alphaBar[t] * W.mmul(Sigma).mmul(W.transpose()).trace();
    assert.ok(Math.abs(L.train[t - 1] - train / 8) < 1e-8 * Math.max(1, train));
    assert.ok(Math.abs(L.test[t - 1] - testLoss / 8) < 1e-8 * Math.max(1, testLoss));
  }
  const opt = optimumLoss(variances, schedule);
  const pop = linearLosses(spectralFitFromCovariance(Sigma, 1e9), schedule, { variances });
  assert.ok(Math.abs(pop.testMean - opt.mean) < 1e-10);
  assert.ok(opt.perStep[0] > 0.99 && opt.perStep[999] < 0.01, "the ε-loss per dimension runs from ≈ 1 at t = 1 to ≈ 0 at T");
});

test("MG-C11: the per-mode sampling law equals the full-matrix recursion within 1e-10 (converged, ridge, flow, affine, β̃)", () => {
  const cases = [{}, { ridge: 0.01 }, { training: { kind: "flow" as const, tau: 30 } }, { variance: "betaTilde" as const }];
  for (const opts of cases) {
    const law = linearSamplingLaw(fit, schedule, opts);
    const full = linearSamplingLawMatrix(C, schedule, opts);
    const S = fit.vectors.mmul(Matrix.diag(Array.from(law.variances))).mmul(fit.vectors.transpose());
    assert.ok(maxAbsDiff(S, full.covariance) / Math.max(...law.variances) < 1e-10, JSON.stringify(opts));
  }
  const affine = spectralFit(X.clone().add(1), { meanMode: "estimated" });
  const law = linearSamplingLaw(affine, schedule);
  const Cc = new Matrix(8, 8);
  for (let r = 0; r < 12; r++) for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) Cc.set(i, j, Cc.get(i, j) + (X.get(r, i) + 1 - affine.mean[i]) * (X.get(r, j) + 1 - affine.mean[j]) / 12);
  const full = linearSamplingLawMatrix(Cc, schedule, {}, affine.mean);
  for (let i = 0; i < 8; i++) assert.ok(Math.abs(law.mean[i] - full.mean[i]) < 1e-10);
});

test("MG-C2: with d = 8, N = 5 the model memorises its training span: 3 exact zero variances, KL = Infinity", () => {
  const small = spectralFit(mgFixedSet(5).X);
  assert.equal(small.eigenvalues.filter((l) => l === 0).length, 3);
  const law = linearSamplingLaw(small, schedule);
  assert.equal(law.variances.filter((s) => s === 0).length, 3);
  assert.equal(law.variances.filter((s) => s > 1e-6).length, 5);
  const kl = linearKl(law, { variances });
  assert.equal(kl.forward, Infinity);
  assert.equal(kl.reverse, Infinity);
  // A₁ = 0 exactly for a missing direction; ridge or early stopping keep the variance positive and the KL finite
  assert.equal(modeSamplingLaw(0, schedule).variance, 0);
  assert.ok(Number.isFinite(linearModelKl(small, schedule, { variances }, { ridge: 1e-3 }).forward));
  assert.ok(Number.isFinite(linearModelKl(small, schedule, { variances }, { training: { kind: "flow", tau: 100 } }).forward));
  // the estimated-mean model misses one more direction
  assert.equal(spectralFit(mgFixedSet(5).X, { meanMode: "estimated" }).eigenvalues.filter((l) => l === 0).length, 4);
});

test("per-mode KL (both directions, with a mean) equals the core's exact Gaussian KL", () => {
  const mu = [1, 0.5, 0, 0, 0, 0, 0, -0.2];
  const affine = spectralFit(X.clone().addRowVector(mu), { meanMode: "estimated" });
  const law = linearSamplingLaw(affine, schedule, { ridge: 0.02 });
  const S = affine.vectors.mmul(Matrix.diag(Array.from(law.variances))).mmul(affine.vectors.transpose());
  const model = gaussian(law.mean, S.add(S.transpose()).div(2));
  const target = gaussian(mu, Matrix.diag(Array.from(variances)));
  const kl = linearKl(law, { variances, mean: mu });
  assert.ok(Math.abs(kl.forward - klDivergence(model, target)) < 1e-9 * Math.max(1, kl.forward));
  assert.ok(Math.abs(kl.reverse - klDivergence(target, model)) < 1e-9 * Math.max(1, kl.reverse));
});

test("KL_opt is small, positive, and grows when λ_min falls below β₁ (k = 3)", () => {
  const opt = [0, 1, 2, 3].map((k) => klOptimum({ variances: powerLawSpectrum(100, k) }, schedule).forward / 100);
  for (const v of opt) assert.ok(v > 0 && Number.isFinite(v));
  for (let i = 1; i < 4; i++) assert.ok(opt[i] > opt[i - 1]);
  assert.ok(opt[0] < 1e-6 && opt[3] > 1e-3);
});

test("the DDPM chain by Monte Carlo matches the exact law (generic ancestral sampler and the batched chain)", () => {
  const short = ddpmSchedule({ T: 200, betaEnd: 0.05 });
  const law = linearSamplingLaw(fit, short);
  const n = 3000;
  const V = fit.vectors;
  const check = (get: (r: number, c: number) => number) => {
    for (let i = 0; i < 8; i++) {
      let v = 0;
      for (let r = 0; r < n; r++) {
        let p = 0;
        for (let c = 0; c < 8; c++) p += get(r, c) * V.get(c, i);
        v += p * p;
      }
      const z = (v / n - law.variances[i]) / (law.variances[i] * Math.sqrt(2 / n));
      assert.ok(Math.abs(z) < 5, `mode ${i}: z = ${z}`);
    }
  };
  const U = sampleLinearChain(fit, short, rng(3), n);
  check((r, c) => U[r * 8 + c]);
  const A = sampleAncestral(linearModelDenoiser(fit, short), short, rng(4), n);
  check((r, c) => A.get(r, c));
});

test("validation: DomainErrors name the parameter", () => {
  assert.throws(() => powerLawSpectrum(0, 1), isDomain("d"));
  assert.throws(() => powerLawSpectrum(10, -1), isDomain("k"));
  assert.throws(() => powerLawSpectrum(10, 1, { trace: -2 }), isDomain("options.trace"));
  assert.throws(() => samplePowerLawData(10, 1, 0, rng(1)), isDomain("n"));
  assert.throws(() => spectralFit(X, { meanMode: "nope" as never }), isDomain("meanMode"));
  assert.throws(() => linearGains([1], schedule, 0), isDomain("t"));
  assert.throws(() => linearGains([1], schedule, 1, { ridge: -1 }), isDomain("ridge"));
  assert.throws(() => linearGains([1], schedule, 1, { training: { kind: "flow", tau: -1 } }), isDomain("training.tau"));
  assert.throws(() => linearGains([1000], schedule, 1, { training: { kind: "gd", eta: 1, steps: 3 } }), isDomain("training.eta"));
  assert.throws(() => linearLosses(fit, schedule, { variances: [1, 2] }), isDomain("target.variances"));
  assert.throws(() => linearLosses(fit, schedule, { variances: [1, 1, 1, 1, 1, 1, 1, 0] }), isDomain("target.variances"));
  assert.throws(() => linearSamplingLaw(fit, schedule, { variance: "x" as never }), isDomain("variance"));
  assert.throws(() => explicitGradientDescent(C, schedule, 1, -1, 3), isDomain("eta"));
  assert.throws(() => modeSamplingLaw(-1, schedule), isDomain("l"));
  assert.throws(() => linearModelDenoiser(fit, schedule).denoise(new Float64Array(8), 0.5, 0.123), isDomain("s2"));
});
