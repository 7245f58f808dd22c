import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, bootstrapCrossing, firstCrossing, gaussianKernelJensenLower, gaussianKernelLogL2Distance, gaussianKernelLogOverlap,
  gaussianLogSelfOverlap, kernelApproximation, kernelLogCrossOverlap, kernelLogDensity, kernelLogEpsilon, kernelLogL2Distance,
  kernelLogSelfOverlap, logDifference, logSumExp, relativeDistances, relativeKlMonteCarlo, relativeKlSamples, rng,
  sampleSpectralGaussian, signedLogSumExp, signedLogValue, spectralGaussian, transitionCrossing, wilsonInterval,
  type KernelApproximation, type SpectralGaussian,
  halderGaussianDensity2, halderLineIntegral, halderPlaneIntegral,
} from "difftheory";
import { PG_FULL, PG_LINE, REF, TRAIN } from "./fixtures.js";

const isDomain = (parameter: string) => (e: unknown) => e instanceof DomainError && e.parameter === parameter;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const LOG_2PI = Math.log(2 * Math.PI);

// Linear-space reference implementations (independent routes).
function kernelDensity(K: Matrix, eps2: number, x: number[]): number {
  let s = 0;
  for (let i = 0; i < K.rows; i++) {
    let q = 0;
    for (let t = 0; t < K.columns; t++) q += (x[t] - K.get(i, t)) ** 2;
    s += Math.exp(-q / (2 * eps2)) / (2 * Math.PI * eps2) ** (K.columns / 2);
  }
  return s / K.rows;
}
const ktr = kernelApproximation(TRAIN, { sigma: 1 });
const kref = kernelApproximation(REF, { sigma: 1 });
const eTr = Math.exp(2 * ktr.logEpsilon);
const eRef = Math.exp(2 * kref.logEpsilon);

test("logSumExp, signed log-sum-exp and logDifference against direct sums", () => {
  const x = [-3, 0.5, 2, -700];
  assert.ok(rel(logSumExp(x), Math.log(x.reduce((s, v) => s + Math.exp(v), 0))) < 1e-15);
  assert.equal(logSumExp([]), -Infinity);
  assert.equal(logSumExp([-Infinity, -Infinity]), -Infinity);
  assert.ok(Math.abs(logSumExp([1000, 1000]) - (1000 + Math.LN2)) < 1e-12);
  const s = signedLogSumExp([{ sign: 1, logAbs: Math.log(5) }, { sign: -1, logAbs: Math.log(2) }, { sign: -1, logAbs: Math.log(4) }]);
  assert.equal(s.sign, -1);
  assert.ok(Math.abs(s.logAbs) < 1e-15);
  assert.deepEqual(signedLogSumExp([{ sign: 1, logAbs: 3 }, { sign: -1, logAbs: 3 }]), { sign: 0, logAbs: -Infinity });
  const dlt = logDifference(Math.log(3), Math.log(5));
  assert.ok(Math.abs(signedLogValue(dlt) + 2) < 1e-14);
  assert.deepEqual(logDifference(-7, -7), { sign: 0, logAbs: -Infinity });
  assert.throws(() => logSumExp([1, NaN]), isDomain("x"));
});

test("rule bandwidth: the spec's values at d = 100 and the exact log form", () => {
  assert.ok(Math.abs(Math.exp(kernelLogEpsilon(25, 100, { sigma: 1 })) - 0.96832) < 5e-6);
  assert.ok(Math.abs(Math.exp(kernelLogEpsilon(100, 100, { sigma: 1 })) - 0.95499) < 5e-6);
  assert.ok(Math.abs(Math.exp(kernelLogEpsilon(10000, 100, { sigma: 1 })) - 0.91201) < 5e-6);
  assert.equal(kernelLogEpsilon(7, 3, { bandwidth: "fixed", epsilon: 0.5 }), Math.log(0.5));
});

test("kernel log-density equals its linear-space value to 1e-12", () => {
  const X = new Matrix([[0.2, 0.1], [-1, 2], [3, -3]]);
  const got = kernelLogDensity(ktr, X);
  for (let i = 0; i < X.rows; i++) assert.ok(rel(got[i], Math.log(kernelDensity(TRAIN, eTr, X.getRow(i)))) < 1e-12);
});

test("self-overlap and cross overlap of kernels: log space vs linear space (1e-12) and vs grid integration", () => {
  let direct = 0;
  for (let i = 0; i < TRAIN.rows; i++) {
    for (let j = 0; j < TRAIN.rows; j++) {
      const q = (TRAIN.get(i, 0) - TRAIN.get(j, 0)) ** 2 + (TRAIN.get(i, 1) - TRAIN.get(j, 1)) ** 2;
      direct += Math.exp(-q / (4 * eTr)) / (4 * Math.PI * eTr);
    }
  }
  direct /= TRAIN.rows ** 2;
  const self = kernelLogSelfOverlap(ktr);
  assert.ok(rel(self.logTotal, Math.log(direct)) < 1e-12);
  // under the rule the diagonal part is (4πσ²)^(−d/2), whatever n is
  assert.equal(self.logDiagonal, -Math.log(4 * Math.PI));
  assert.equal(kernelLogSelfOverlap(kref).logDiagonal, self.logDiagonal);
  const gridSelf = halderPlaneIntegral((x) => kernelDensity(TRAIN, eTr, x) ** 2);
  assert.ok(rel(Math.exp(self.logTotal), gridSelf) < 1e-9);
  const gridCross = halderPlaneIntegral((x) => kernelDensity(TRAIN, eTr, x) * kernelDensity(REF, eRef, x));
  assert.ok(rel(Math.exp(kernelLogCrossOverlap(ktr, kref)), gridCross) < 1e-9);
  const gridL2 = halderPlaneIntegral((x) => (kernelDensity(TRAIN, eTr, x) - kernelDensity(REF, eRef, x)) ** 2);
  assert.ok(rel(Math.exp(kernelLogL2Distance(ktr, kref)), gridL2) < 1e-6);
});

test("∫p_G K in closed form: grid integration (full rank), line quadrature (rank 1), Monte Carlo within 4 SE", () => {
  const full = halderPlaneIntegral((x) => halderGaussianDensity2(PG_FULL, x) * kernelDensity(TRAIN, eTr, x));
  assert.ok(rel(Math.exp(gaussianKernelLogOverlap(PG_FULL, ktr)), full) < 1e-9);
  const line = halderLineIntegral(PG_LINE, (x) => kernelDensity(TRAIN, eTr, x));
  assert.ok(rel(Math.exp(gaussianKernelLogOverlap(PG_LINE, ktr)), line) < 1e-9);
  const X = sampleSpectralGaussian(PG_FULL, rng(3), 20000);
  const vals = Array.from({ length: X.rows }, (_, i) => kernelDensity(TRAIN, eTr, X.getRow(i)));
  const m = vals.reduce((s, v) => s + v, 0) / vals.length;
  const se = Math.sqrt(vals.reduce((s, v) => s + (v - m) ** 2, 0) / (vals.length - 1) / vals.length);
  assert.ok(Math.abs(m - Math.exp(gaussianKernelLogOverlap(PG_FULL, ktr))) < 4 * se);
});

test("L2 distance Gaussian–mixture vs grid integration; Infinity for a singular Gaussian", () => {
  const grid = halderPlaneIntegral((x) => (halderGaussianDensity2(PG_FULL, x) - kernelDensity(TRAIN, eTr, x)) ** 2);
  assert.ok(rel(Math.exp(gaussianKernelLogL2Distance(PG_FULL, ktr)), grid) < 1e-6);
  assert.ok(rel(Math.exp(gaussianLogSelfOverlap(PG_FULL)), halderPlaneIntegral((x) => halderGaussianDensity2(PG_FULL, x) ** 2)) < 1e-9);
  assert.equal(gaussianKernelLogL2Distance(PG_LINE, ktr), Infinity);
  assert.equal(gaussianLogSelfOverlap(PG_LINE), Infinity);
});

test("Δ_L2 equals a grid integration to 1e-6 (non-degenerate) and line quadrature (degenerate p_G)", () => {
  const gridFull =
    halderPlaneIntegral((x) => (halderGaussianDensity2(PG_FULL, x) - kernelDensity(TRAIN, eTr, x)) ** 2) -
    halderPlaneIntegral((x) => (halderGaussianDensity2(PG_FULL, x) - kernelDensity(REF, eRef, x)) ** 2);
  const dFull = relativeDistances(PG_FULL, ktr, kref, { kl: false }).l2!;
  assert.ok(rel(signedLogValue(dFull.value), gridFull) < 1e-6);
  const selfDiff = halderPlaneIntegral((x) => kernelDensity(TRAIN, eTr, x) ** 2 - kernelDensity(REF, eRef, x) ** 2);
  const crossDiff = halderLineIntegral(PG_LINE, (x) => kernelDensity(TRAIN, eTr, x) - kernelDensity(REF, eRef, x));
  const dLine = relativeDistances(PG_LINE, ktr, kref, { kl: false }).l2!;
  assert.ok(rel(signedLogValue(dLine.value), selfDiff - 2 * crossDiff) < 1e-6);
  assert.ok(rel(dLine.scaled * Math.exp(dLine.logScale), selfDiff - 2 * crossDiff) < 1e-6);
});

test("Monte Carlo Δ_KL lies inside its Jensen bracket and matches an independent sample average", () => {
  for (const g of [PG_FULL, PG_LINE]) {
    const r = relativeDistances(g, ktr, kref, { rng: rng(5), nMc: 4000 });
    assert.ok(r.bracket.lower <= r.kl!.mean + 4 * r.kl!.standardError);
    assert.ok(r.kl!.mean - 4 * r.kl!.standardError <= r.bracket.upper);
    assert.ok(gaussianKernelJensenLower(g, ktr) <= gaussianKernelLogOverlap(g, ktr));
    // same draws through the samples route
    const X = sampleSpectralGaussian(g, rng(5), 4000);
    const viaSamples = relativeKlSamples(X, ktr, kref);
    assert.ok(Math.abs(viaSamples.mean - r.kl!.mean) < 1e-12 * (1 + Math.abs(r.kl!.mean)));
  }
  // Δ_KL by direct linear-space log-densities
  const X = sampleSpectralGaussian(PG_FULL, rng(9), 50);
  let direct = 0;
  for (let i = 0; i < 50; i++) direct += Math.log(kernelDensity(REF, eRef, X.getRow(i))) - Math.log(kernelDensity(TRAIN, eTr, X.getRow(i)));
  assert.ok(Math.abs(relativeKlMonteCarlo(PG_FULL, ktr, kref, rng(9), 50).mean - direct / 50) < 1e-12);
});

test("log space holds where linear space underflows: d = 400, σ = 0.1 and large offsets give finite values", () => {
  const d = 400;
  const r = rng(11);
  const X = new Matrix(Array.from({ length: 30 }, () => Array.from(r.normals(d), (z) => 10 + 0.1 * z)));
  const Y = new Matrix(Array.from({ length: 40 }, () => Array.from(r.normals(d), (z) => 10 + 0.1 * z)));
  const kt = kernelApproximation(X, { sigma: 0.1 });
  const kr = kernelApproximation(Y, { sigma: 0.1 });
  const g = spectralGaussian(new Float64Array(d).fill(10), [0.004], new Matrix(Array.from({ length: d }, (_, i) => [i === 0 ? 1 : 0])));
  const res = relativeDistances(g, kt, kr, { rng: rng(1), nMc: 20 });
  for (const v of [res.kl!.mean, res.kl!.standardError, res.bracket.lower, res.bracket.upper, res.l2!.value.logAbs, res.l2!.scaled]) {
    assert.ok(Number.isFinite(v), `got ${v}`);
  }
  assert.ok(kernelLogSelfOverlap(kt).logTotal > 300); // (4πσ²)^(−d/2) = e^(+xxx): would overflow in linear space
});

test("Wilson intervals, crossings and the bootstrap", () => {
  const w = wilsonInterval(0, 60);
  assert.equal(w.lower, 0);
  assert.ok(Math.abs(w.upper - 0.0601) < 5e-4);
  const h = wilsonInterval(30, 60);
  assert.ok(Math.abs(h.lower - (1 - h.upper)) < 1e-15);
  const x = [0.5, 1, 2, 4];
  assert.ok(Math.abs(transitionCrossing(x, [0, 0.2, 0.8, 1])! - 1.5) < 1e-15);
  assert.equal(transitionCrossing(x, [0.6, 0.7, 0.8, 1]), 0.5);
  assert.equal(transitionCrossing(x, [0, 0.2, 0.3, 0.4]), undefined);
  // last upward crossing vs first crossing with a dip
  assert.ok(Math.abs(transitionCrossing(x, [0, 0.6, 0.4, 1])! - (2 + (0.1 / 0.6) * 2)) < 1e-14);
  assert.ok(Math.abs(firstCrossing(x, [0, 0.6, 0.4, 1])! - (0.5 + (0.5 / 0.6) * 0.5)) < 1e-14);
  const b = bootstrapCrossing(x, [[false, false], [false, true], [true, true], [true, true]], rng(1), 50);
  assert.ok(b.defined > 0 && Number.isFinite(b.standardError));
  assert.throws(() => wilsonInterval(5, 4), isDomain("successes"));
  assert.throws(() => transitionCrossing([1, 1], [0, 1]), isDomain("x"));
});

test("validation names the parameter", () => {
  assert.throws(() => kernelApproximation(TRAIN, {}), isDomain("sigma"));
  assert.throws(() => kernelApproximation(TRAIN, { bandwidth: "fixed" }), isDomain("epsilon"));
  assert.throws(() => kernelApproximation(TRAIN, { bandwidth: "wide" as "rule", sigma: 1 }), isDomain("bandwidth"));
  assert.throws(() => relativeDistances(PG_FULL, ktr, kref, {}), isDomain("rng"));
  assert.throws(() => relativeKlMonteCarlo(PG_FULL, ktr, kref, rng(1), 1), isDomain("nMc"));
  const k3: KernelApproximation = kernelApproximation(new Matrix([[1, 2, 3], [0, 1, 0]]), { sigma: 1 });
  assert.throws(() => relativeDistances(PG_FULL, k3, kref, { kl: false }), isDomain("train"));
  assert.throws(() => spectralGaussian([0, 0], [1, -1], Matrix.eye(2)), isDomain("values"));
  assert.throws(() => spectralGaussian([0, 0], [1, 1], new Matrix([[1, 1], [0, 1]])), isDomain("vectors"));
});
