import test from "node:test";
import assert from "node:assert/strict";
import { Matrix, inverse, pseudoInverse, SingularValueDecomposition } from "ml-matrix";
import {
  DomainError, bhattacharyyaToIsotropic, fitOneStepLinear, gaussian, halderPhi, isotropicGaussian, klDivergence, klFromIsotropic,
  klToIsotropic, oneStepBeta1, oneStepDenoiser, oneStepFloors, oneStepForward, oneStepGenerated, oneStepMarchenkoPasturKl,
  ouForwardMap, rng, sampleSpectralGaussian, spectralGaussian, symEig, traceBoundToIsotropic, type SpectralGaussian,
} from "difftheory";

const isDomain = (parameter: string) => (e: unknown) => e instanceof DomainError && e.parameter === parameter;
const map = ouForwardMap({ T: 2, g: 1 });

function trainingSet(N: number, d: number, seed: number, mu = 10, sigma = 1): { x0: Matrix; xT: Matrix } {
  const r = rng(seed);
  const x0 = new Matrix(Array.from({ length: N }, () => Array.from(r.normals(d), (z) => mu + sigma * z)));
  return { x0, xT: oneStepForward(x0, map, r.fork("xi")) };
}
function centred(X: Matrix): { C: Matrix; mean: number[] } {
  const mean = Array.from({ length: X.columns }, (_, j) => X.getColumn(j).reduce((s, v) => s + v, 0) / X.rows);
  return { C: X.clone().subRowVector(mean), mean };
}
function maxAbs(A: Matrix): number {
  return Math.max(...A.to1DArray().map(Math.abs));
}
/** Σ_G formed explicitly, d × d. */
function covariance(g: SpectralGaussian): Matrix {
  const d = g.dim;
  const S = new Matrix(d, d);
  for (let k = 0; k < g.rank; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, S.get(i, j) + g.values[k] * g.vectors[k * d + i] * g.vectors[k * d + j]);
  return S;
}

test("ols equals the normal equations (N > d + 5) to 1e-9", () => {
  const { x0, xT } = trainingSet(40, 6, 1);
  const m = fitOneStepLinear(x0, xT, map);
  const { C: A } = centred(xT);
  const { C: Y } = centred(x0);
  const beta1 = Y.transpose().mmul(A).mmul(inverse(A.transpose().mmul(A)));
  assert.ok(maxAbs(oneStepBeta1(m).sub(beta1)) < 1e-9 * maxAbs(beta1));
  // intercept: the fit passes through the means
  const D = oneStepDenoiser(m);
  const xbarT = centred(xT).mean;
  const out = D.denoise(Float64Array.from(xbarT), map.a, map.s2);
  centred(x0).mean.forEach((v, i) => assert.ok(Math.abs(out[i] - v) < 1e-9));
});

test("ols below d is the minimum-norm solution: the Gram pseudo-inverse, to 1e-9", () => {
  for (const N of [3, 5, 8]) {
    const { x0, xT } = trainingSet(N, 8, 2 + N);
    const m = fitOneStepLinear(x0, xT, map);
    assert.equal(m.rank, N - 1);
    const { C: A } = centred(xT);
    const { C: Y } = centred(x0);
    const beta1 = Y.transpose().mmul(pseudoInverse(A).transpose());
    assert.ok(maxAbs(oneStepBeta1(m).sub(beta1)) < 1e-9 * maxAbs(beta1), `N = ${N}`);
  }
});

test("avg equals aS(a²S + s²I)⁻¹ and β₀ = (I − aβ₁)x̄", () => {
  for (const N of [4, 30]) {
    const { x0, xT } = trainingSet(N, 6, 7 + N);
    const m = fitOneStepLinear(x0, xT, map, { fit: "avg" });
    const { C: Y, mean } = centred(x0);
    const S = Y.transpose().mmul(Y).div(N);
    const I = Matrix.eye(6);
    const beta1 = S.clone().mul(map.a).mmul(inverse(S.clone().mul(map.a ** 2).add(I.clone().mul(map.s2))));
    assert.ok(maxAbs(oneStepBeta1(m).sub(beta1)) < 1e-10, `N = ${N}`);
    const b0 = I.clone().sub(beta1.clone().mul(map.a)).mmul(Matrix.columnVector(mean)).getColumn(0);
    b0.forEach((v, i) => assert.ok(Math.abs(m.beta0[i] - v) < 1e-10));
    // the consistent and code conventions coincide for the symmetric β₁
    const c1 = covariance(oneStepGenerated(m));
    const c2 = covariance(oneStepGenerated(m, { convention: "code" }));
    assert.ok(maxAbs(c1.sub(c2)) < 1e-12);
  }
});

test("factor spectrum equals eig(vβ₁β₁ᵀ) to 1e-9, both conventions share it, and Σ_G is the law of β₀ + β₁z", () => {
  for (const [N, d] of [[30, 10], [6, 10], [200, 10]]) {
    const { x0, xT } = trainingSet(N, d, 20 + N);
    const m = fitOneStepLinear(x0, xT, map);
    const gc = oneStepGenerated(m);
    const gk = oneStepGenerated(m, { convention: "code" });
    const B1 = oneStepBeta1(m);
    const Yc = centred(x0).C;
    const v = map.a ** 2 * (Yc.to1DArray().reduce((s, y) => s + y * y, 0) / ((N - 1) * d)) + map.s2;
    const direct = symEig(B1.mmul(B1.transpose()).mul(v)).values;
    const top = direct[0];
    for (let k = 0; k < gc.rank; k++) {
      assert.ok(Math.abs(gc.values[k] - direct[k]) < 1e-9 * top, `N = ${N}, k = ${k}`);
      assert.ok(Math.abs(gk.values[k] - gc.values[k]) < 1e-9 * top);
    }
    assert.ok(maxAbs(covariance(gc).sub(B1.mmul(B1.transpose()).mul(v))) < 1e-9 * top);
    assert.ok(maxAbs(covariance(gk).sub(B1.transpose().mmul(B1).mul(v))) < 1e-9 * top);
  }
});

test("near N = d + 1 the factor spectrum matches an SVD of the factor (the ill-conditioned case)", () => {
  const d = 30;
  const { x0, xT } = trainingSet(d + 1, d, 5);
  const m = fitOneStepLinear(x0, xT, map);
  const g = oneStepGenerated(m);
  const B1 = oneStepBeta1(m);
  const sv = new SingularValueDecomposition(B1, { autoTranspose: true }).diagonal;
  const v = g.values[0] / sv[0] ** 2;
  for (let k = 0; k < d; k++) assert.ok(Math.abs(g.values[k] - v * sv[k] ** 2) < 1e-7 * g.values[k] + 1e-12 * g.values[0], `k = ${k}`);
  assert.ok(Number.isFinite(klToIsotropic(g, 10, 1)));
});

test("rank N − 1 below d: μ_G and the range on the training flat (consistent), off it (code)", () => {
  const { x0, xT } = trainingSet(5, 8, 3);
  const m = fitOneStepLinear(x0, xT, map);
  const g = oneStepGenerated(m);
  assert.equal(g.rank, 4);
  const { C: Y, mean } = centred(x0);
  const P = Y.transpose().mmul(pseudoInverse(Y.transpose())); // projector onto span of centred points
  const off = (v: number[]) => maxAbs(Matrix.columnVector(v).sub(P.mmul(Matrix.columnVector(v))));
  assert.ok(off(Array.from(g.mean, (x, i) => x - mean[i])) < 1e-10);
  for (let k = 0; k < 4; k++) assert.ok(off(Array.from(g.vectors.subarray(k * 8, (k + 1) * 8))) < 1e-10);
  const code = oneStepGenerated(m, { convention: "code" });
  assert.ok(Math.max(...[0, 1, 2, 3].map((k) => off(Array.from(code.vectors.subarray(k * 8, (k + 1) * 8))))) > 1e-3);
  // the samples lie on the flat
  const X = sampleSpectralGaussian(g, rng(1), 5);
  for (let i = 0; i < 5; i++) assert.ok(off(X.getRow(i).map((x, j) => x - mean[j])) < 1e-9);
});

test("exact KL in both directions equals the core KL and Monte Carlo; Infinity (never NaN) below d", () => {
  const d = 5;
  const { x0, xT } = trainingSet(40, d, 8);
  const g = oneStepGenerated(fitOneStepLinear(x0, xT, map));
  const pG = gaussian(g.mean, covariance(g));
  const p = isotropicGaussian(new Float64Array(d).fill(10), 1);
  assert.ok(Math.abs(klToIsotropic(g, 10, 1) - klDivergence(pG, p)) < 1e-9);
  assert.ok(Math.abs(klFromIsotropic(g, 10, 1) - klDivergence(p, pG)) < 1e-9);
  // Monte Carlo E_{p_G}[ln p_G − ln p]
  const X = sampleSpectralGaussian(g, rng(4), 20000);
  const S = covariance(g);
  const Sinv = inverse(S);
  const logDet = Math.log(g.values.reduce((s, v) => s * v, 1));
  const vals = Array.from({ length: X.rows }, (_, i) => {
    const x = X.getRow(i);
    const r = Matrix.columnVector(x.map((v, j) => v - g.mean[j]));
    const q = r.transpose().mmul(Sinv).mmul(r).get(0, 0);
    const lp = -0.5 * (q + logDet);
    const lq = -0.5 * x.reduce((s, v) => s + (v - 10) ** 2, 0);
    return lp - lq;
  });
  const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
  const se = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / (vals.length - 1) / vals.length);
  assert.ok(Math.abs(mean - klToIsotropic(g, 10, 1)) < 4 * se);
  // below d
  const low = oneStepGenerated(fitOneStepLinear(x0.subMatrix(0, 3, 0, d - 1), xT.subMatrix(0, 3, 0, d - 1), map));
  assert.equal(klToIsotropic(low, 10, 1), Infinity);
  assert.equal(klFromIsotropic(low, 10, 1), Infinity);
  const bc = bhattacharyyaToIsotropic(low, 10, 1);
  assert.equal(bc.distance, Infinity);
  assert.equal(bc.hellinger2, 1);
  assert.ok(Number.isFinite(traceBoundToIsotropic(low, 10, 1)));
});

test("Bhattacharyya distance equals quadrature to 1e-8 (d = 1 and a rotated d = 2)", () => {
  const g1 = spectralGaussian([0.4], [0.3], new Float64Array([1]));
  let bc = 0;
  const h = 1e-3;
  for (let x = -15 + h / 2; x < 15; x += h) {
    const p = Math.exp(-((x - 0.4) ** 2) / 0.6) / Math.sqrt(2 * Math.PI * 0.3);
    const q = Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
    bc += Math.sqrt(p * q) * h;
  }
  assert.ok(Math.abs(bhattacharyyaToIsotropic(g1, 0, 1).distance + Math.log(bc)) < 1e-8);
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  const g2 = spectralGaussian([0.2, -0.1], [0.5, 1.7], new Matrix([[c, -s], [s, c]]));
  const h2 = 0.01;
  let bc2 = 0;
  for (let a = -10 + h2 / 2; a < 10; a += h2) {
    for (let b = -10 + h2 / 2; b < 10; b += h2) {
      const r = [a - 0.2, b + 0.1];
      const p1 = c * r[0] + s * r[1];
      const p2 = -s * r[0] + c * r[1];
      const pg = Math.exp(-(p1 * p1) / 1.0 - (p2 * p2) / 3.4) / (2 * Math.PI * Math.sqrt(0.5 * 1.7));
      const q = Math.exp(-(a * a + b * b) / 2) / (2 * Math.PI);
      bc2 += Math.sqrt(pg * q);
    }
  }
  bc2 *= h2 * h2;
  const res = bhattacharyyaToIsotropic(g2, 0, 1);
  assert.ok(Math.abs(res.distance + Math.log(bc2)) < 1e-8);
  assert.ok(res.renyiHalf <= klToIsotropic(g2, 0, 1) && res.renyiHalf <= klFromIsotropic(g2, 0, 1));
  assert.ok(traceBoundToIsotropic(g2, 0, 1) <= klToIsotropic(g2, 0, 1));
});

test("floors: the spec's paper-configuration values and the T-grid at g = 1", () => {
  const f = oneStepFloors({ d: 100, T: 2, g: 1, sigma: 1 });
  assert.ok(Math.abs(f.kl - 9.42842) < 5e-6);
  assert.ok(Math.abs(f.klReverse - 14.88686) < 5e-6);
  assert.ok(Math.abs(f.hellinger2 - 0.943209) < 5e-7);
  assert.ok(Math.abs(f.shrink - 0.504621) < 5e-7);
  const expected: [number, number][] = [[0.25, 0.024715], [0.5, 0.05129], [1, 0.079685], [2, 0.094284], [3, 0.096264]];
  for (const [T, v] of expected) assert.ok(Math.abs(oneStepFloors({ d: 1, T, g: 1, sigma: 1 }).kl - v) < 1e-6, `T = ${T}`);
  assert.ok(Math.abs(halderPhi(1 + 1e-9) - 5e-19) < 1e-24);
});

test("the Marchenko–Pastur equivalent tends to the floor and is stable in the number of nodes", () => {
  const base = { d: 100, T: 2, g: 1, sigma: 1 };
  const big = oneStepMarchenkoPasturKl({ ...base, N: 1e7 });
  assert.ok(Math.abs(big - oneStepFloors(base).kl) < 1e-3);
  const a = oneStepMarchenkoPasturKl({ ...base, N: 300, nodes: 2000 });
  const b = oneStepMarchenkoPasturKl({ ...base, N: 300, nodes: 20000 });
  assert.ok(Math.abs(a - b) < 1e-4 * b);
  assert.throws(() => oneStepMarchenkoPasturKl({ ...base, N: 101 }), isDomain("N"));
});

test("fuzz: N ≤ d, N = d + 1, large d and small σ give no NaN", () => {
  for (const [N, d, sigma] of [[2, 400, 0.1], [2, 3, 1], [10, 10, 1], [11, 10, 1], [12, 10, 0.1], [401, 400, 0.1], [60, 20, 3]]) {
    const r = rng(N * 1000 + d);
    const x0 = new Matrix(Array.from({ length: N }, () => Array.from(r.normals(d), (z) => 10 + sigma * z)));
    const m = ouForwardMap({ T: 2, g: 1, dataVariance: sigma * sigma });
    const xT = oneStepForward(x0, m, r);
    for (const fit of ["ols", "avg"] as const) {
      const model = fitOneStepLinear(x0, xT, m, { fit });
      for (const convention of ["consistent", "code"] as const) {
        const g = oneStepGenerated(model, { convention });
        assert.equal(g.rank, Math.min(N - 1, d));
        const vals = [klToIsotropic(g, 10, sigma), klFromIsotropic(g, 10, sigma), traceBoundToIsotropic(g, 10, sigma), ...Object.values(bhattacharyyaToIsotropic(g, 10, sigma))];
        for (const v of vals) assert.ok(!Number.isNaN(v), `N = ${N}, d = ${d}, ${fit}, ${convention}`);
        if (N <= d) assert.equal(vals[0], Infinity);
        else assert.ok(Number.isFinite(vals[0]), `N = ${N}, d = ${d}, ${fit}`);
      }
    }
  }
});

test("validation names the parameter", () => {
  const { x0, xT } = trainingSet(5, 3, 1);
  assert.throws(() => fitOneStepLinear(x0, xT, map, { fit: "ridge" as "ols" }), isDomain("fit"));
  assert.throws(() => fitOneStepLinear(x0.subMatrix(0, 0, 0, 2), xT.subMatrix(0, 0, 0, 2), map), isDomain("x0"));
  assert.throws(() => fitOneStepLinear(x0, xT.subMatrix(0, 3, 0, 2), map), isDomain("xT"));
  assert.throws(() => fitOneStepLinear(x0, xT, { a: 0, s2: 1 }), isDomain("map.a"));
  const m = fitOneStepLinear(x0, xT, map);
  assert.throws(() => oneStepGenerated(m, { convention: "other" as "code" }), isDomain("convention"));
  assert.throws(() => oneStepGenerated(m, { input: "population" }), isDomain("mu"));
  assert.throws(() => oneStepGenerated(m, { input: "population", mu: 10 }), isDomain("sigma"));
  assert.throws(() => klToIsotropic(oneStepGenerated(m), 10, 0), isDomain("sigma"));
  assert.throws(() => oneStepFloors({ d: 0, T: 2, g: 1, sigma: 1 }), isDomain("d"));
  assert.throws(() => oneStepFloors({ d: 3, T: -1, g: 1, sigma: 1 }), isDomain("T"));
  assert.throws(() => oneStepForward(x0, map, {} as never), isDomain("rng"));
  // population input: μ_G = β₀ + β₁ aμ1
  const pop = oneStepGenerated(m, { input: "population", mu: 10, sigma: 1 });
  assert.equal(pop.rank, 3);
});
