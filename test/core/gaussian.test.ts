import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  gaussian, gaussianFromEig, isotropicGaussian, standardGaussian, sampleGaussian, logDensity, logDensityRows, entropy,
  klDivergence, klMonteCarlo, monteCarlo, symEig, mulTransposed, columnMeans, sampleCovariance, rng, DomainError,
  Gaussian, EIGEN_TOLERANCE,
} from "difftheory";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && e.message.startsWith(parameter) && (!pattern || pattern.test(e.message));

/** A random d x d orthogonal matrix (eigenvectors of a random symmetric matrix). */
function randomRotation(d: number, seed: number): Matrix {
  const B = rng(seed).normalMatrix(d, d);
  return symEig(B.add(B.transpose())).vectors;
}

/** V diag(values) V^T. */
function withSpectrum(V: Matrix, values: number[]): Matrix {
  return V.mmul(Matrix.diag(values)).mmul(V.transpose());
}

/** A random Gaussian in R^d with a well-conditioned covariance. */
function randomGaussian(d: number, seed: number): Gaussian {
  const r = rng(seed);
  const B = r.normalMatrix(d, d);
  return gaussian(r.normals(d), mulTransposed(B, B).div(d).add(Matrix.eye(d).mul(0.3)));
}

/** KL between 1-D normals by hand: ln(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2. */
const kl1d = (m1: number, s1: number, m2: number, s2: number) =>
  Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

test("KL in 1-D matches the closed form by hand", () => {
  const p = gaussian([0.3], new Matrix([[0.5 ** 2]]));
  const q = gaussian([-1.2], new Matrix([[2 ** 2]]));
  assert.ok(Math.abs(klDivergence(p, q) - kl1d(0.3, 0.5, -1.2, 2)) < 1e-14);
  assert.ok(Math.abs(klDivergence(q, p) - kl1d(-1.2, 2, 0.3, 0.5)) < 1e-13);
});

test("KL with diagonal covariances is the sum of 1-D KLs", () => {
  const p = gaussian([1, 2, 3], Matrix.diag([1, 4, 0.25]));
  const q = gaussian([0, 2.5, 3], Matrix.diag([2, 1, 1]));
  const expected = kl1d(1, 1, 0, Math.SQRT2) + kl1d(2, 2, 2.5, 1) + kl1d(3, 0.5, 3, 1);
  assert.ok(Math.abs(klDivergence(p, q) - expected) < 1e-13);
});

for (const d of [3, 10]) {
  test(`exact KL agrees with the Monte Carlo estimate E_p[ln p - ln q] (d=${d}, 4 standard errors)`, () => {
    const p = randomGaussian(d, 10 + d);
    const q = randomGaussian(d, 20 + d);
    for (const [a, b] of [[p, q], [q, p]] as const) {
      const exact = klDivergence(a, b);
      const mc = klMonteCarlo(a, b, rng(d), 20000);
      assert.ok(Math.abs(mc.estimate - exact) < 4 * mc.standardError, `exact ${exact}, MC ${mc.estimate} +- ${mc.standardError}`);
    }
  });
}

test("KL(p || p) = 0, also for an equal but separately built Gaussian; KL >= 0", () => {
  const p = randomGaussian(6, 1);
  assert.equal(klDivergence(p, p), 0);
  const twin = gaussian(p.mean, p.covariance);
  assert.ok(klDivergence(p, twin) < 1e-12);
  for (let s = 0; s < 10; s++) assert.ok(klDivergence(randomGaussian(4, 100 + s), randomGaussian(4, 200 + s)) >= 0);
});

test("entropy: closed form by hand and against Monte Carlo -E ln p", () => {
  const g = gaussian([0, 0], new Matrix([[2, 0.5], [0.5, 1]]));
  const hand = 0.5 * Math.log((2 * Math.PI * Math.E) ** 2 * (2 - 0.25));
  assert.ok(Math.abs(entropy(g) - hand) < 1e-14);
  const p = randomGaussian(5, 3);
  const X = sampleGaussian(p, rng(4), 20000);
  const mc = monteCarlo((_, i) => -logDensity(p, X.getRow(i)), rng(0), X.rows);
  assert.ok(Math.abs(mc.mean - entropy(p)) < 4 * mc.standardError, `${entropy(p)} vs ${mc.mean} +- ${mc.standardError}`);
  assert.ok(Math.abs(entropy(standardGaussian(3)) - 1.5 * (1 + Math.log(2 * Math.PI))) < 1e-14);
});

test("logDensity: 1-D hand formula and product of 1-D densities for a diagonal covariance", () => {
  const g = gaussian([1], new Matrix([[4]]));
  const hand = -0.5 * Math.log(2 * Math.PI * 4) - (2.5 - 1) ** 2 / 8;
  assert.ok(Math.abs(logDensity(g, [2.5]) - hand) < 1e-14);
  const vars = [0.5, 2, 3];
  const means = [0, -1, 4];
  const diag = gaussian(means, Matrix.diag(vars));
  const x = [0.3, 0.1, 2];
  const sum = x.reduce((s, xi, i) => s - 0.5 * Math.log(2 * Math.PI * vars[i]) - (xi - means[i]) ** 2 / (2 * vars[i]), 0);
  assert.ok(Math.abs(logDensity(diag, x) - sum) < 1e-13);
  const rows = logDensityRows(diag, new Matrix([x, means]));
  assert.ok(Math.abs(rows[0] - sum) < 1e-13);
  assert.ok(Math.abs(rows[1] - logDensity(diag, means)) < 1e-15);
});

test("samples: mean and covariance converge (5 standard errors), same seed same samples", () => {
  const S = new Matrix([[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 0.5]]);
  const m = [1, -2, 0.5];
  const g = gaussian(m, S);
  const n = 20000;
  const X = sampleGaussian(g, rng(12), n);
  assert.equal(X.rows, n);
  assert.equal(X.columns, 3);
  const xbar = columnMeans(X);
  const C = sampleCovariance(X);
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(xbar[i] - m[i]) < 5 * Math.sqrt(S.get(i, i) / n));
    for (let j = 0; j < 3; j++) {
      const se = Math.sqrt((S.get(i, i) * S.get(j, j) + S.get(i, j) ** 2) / n);
      assert.ok(Math.abs(C.get(i, j) - S.get(i, j)) < 5 * se, `C[${i}][${j}] = ${C.get(i, j)}`);
    }
  }
  assert.deepEqual(sampleGaussian(g, rng(5), 10).to2DArray(), sampleGaussian(g, rng(5), 10).to2DArray());
});

test("a degenerate Gaussian: rank recorded, samples lie in its support, entropy -Infinity, no density", () => {
  const V = randomRotation(4, 7);
  const g = gaussian([1, 2, 3, 4], withSpectrum(V, [3, 1, 0, 0]));
  assert.equal(g.rank, 2);
  assert.ok(g.isDegenerate);
  const X = sampleGaussian(g, rng(1), 200);
  for (let i = 0; i < X.rows; i++) {
    for (const col of [2, 3]) {
      let c = 0;
      for (let j = 0; j < 4; j++) c += V.get(j, col) * (X.get(i, j) - g.mean[j]);
      assert.ok(Math.abs(c) < 1e-12, `component off the support: ${c}`);
    }
  }
  assert.equal(entropy(g), -Infinity);
  assert.throws(() => logDensity(g, [0, 0, 0, 0]), isDomainError("cov", /positive definite/));
  assert.throws(() => logDensityRows(g, new Matrix([[0, 0, 0, 0]])), isDomainError("cov"));
  const point = isotropicGaussian([1, 2], 0);
  assert.equal(point.rank, 0);
  assert.deepEqual(sampleGaussian(point, rng(1), 3).to2DArray(), [[1, 2], [1, 2], [1, 2]]);
});

test("KL is exactly Infinity when p is not absolutely continuous w.r.t. q", () => {
  const V = randomRotation(3, 2);
  const full = gaussian([0, 0, 0], withSpectrum(V, [2, 1, 0.5]));
  const flat = gaussian([0, 0, 0], withSpectrum(V, [2, 1, 0]));
  const otherFlat = gaussian([0, 0, 0], withSpectrum(randomRotation(3, 3), [2, 1, 0]));
  const line = gaussian([0, 0, 0], withSpectrum(V, [2, 0, 0]));
  const shifted = gaussian(Array.from(V.getColumn(2)), withSpectrum(V, [2, 1, 0]));
  for (const [p, q] of [[full, flat], [flat, full], [flat, otherFlat], [line, flat], [flat, line], [flat, shifted], [shifted, flat]]) {
    assert.equal(klDivergence(p, q), Number.POSITIVE_INFINITY);
  }
  assert.equal(klDivergence(isotropicGaussian([0], 0), isotropicGaussian([1], 0)), Infinity);
  assert.equal(klDivergence(isotropicGaussian([1, 1], 0), isotropicGaussian([1, 1], 0)), 0);
});

test("KL between degenerate Gaussians with the same support equals the KL inside that subspace", () => {
  const V = randomRotation(3, 5);
  const U = V.subMatrix(0, 2, 0, 1); // orthonormal basis of a plane in R^3
  const embed = (m2: number[], S2: Matrix, offset: number[]) => {
    const mean = U.mmul(Matrix.columnVector(m2)).getColumn(0).map((v, i) => v + offset[i]);
    return gaussian(mean, U.mmul(S2).mmul(U.transpose()));
  };
  const S1 = new Matrix([[2, 0.4], [0.4, 1]]);
  const S2 = new Matrix([[1, -0.2], [-0.2, 3]]);
  const offset = [0.3, -0.7, 1.1];
  const p = embed([0.5, -1], S1, offset);
  const q = embed([-0.2, 0.4], S2, offset);
  assert.equal(p.rank, 2);
  const inPlane = klDivergence(gaussian([0.5, -1], S1), gaussian([-0.2, 0.4], S2));
  assert.ok(Math.abs(klDivergence(p, q) - inPlane) < 1e-10, `${klDivergence(p, q)} vs ${inPlane}`);
});

test("near-singular covariances (eigenvalue 1e-14 relative) never give NaN", () => {
  const V = randomRotation(3, 9);
  const near = gaussian([0, 0, 0], withSpectrum(V, [1, 0.5, 1e-14]));
  const full = gaussian([0, 0, 0], withSpectrum(V, [1, 0.5, 0.2]));
  assert.equal(near.rank, 2); // below the default tolerance ~2.2e-10: treated as singular
  for (const v of [klDivergence(full, near), klDivergence(near, full), entropy(near)]) assert.ok(!Number.isNaN(v));
  assert.equal(klDivergence(full, near), Infinity);
  assert.ok(Number.isFinite(klDivergence(near, gaussian([0, 0, 0], withSpectrum(V, [1, 0.5, 1e-15])))));
  const X = sampleGaussian(near, rng(1), 10);
  assert.ok(X.to2DArray().flat().every(Number.isFinite));
  // Just above the tolerance: full rank, huge but finite KL, matching the diagonal formula in the eigenbasis.
  const thin = gaussian([0, 0, 0], withSpectrum(V, [1, 0.5, 1e-8]));
  assert.equal(thin.rank, 3);
  const expected = kl1d(0, 1, 0, 1) + kl1d(0, Math.sqrt(0.5), 0, Math.sqrt(0.5)) + kl1d(0, Math.sqrt(0.2), 0, 1e-4);
  assert.ok(Math.abs(klDivergence(full, thin) / expected - 1) < 1e-6);
  assert.ok(Number.isFinite(logDensity(thin, [0.1, 0.2, 0.3])));
  // With a zero tolerance, the 1e-14 eigenvalue counts.
  assert.equal(gaussian([0, 0, 0], withSpectrum(V, [1, 0.5, 1e-14]), { tolerance: 0 }).rank, 3);
});

test("gaussianFromEig reuses an eigen-decomposition; a shared basis gives the same KL as the general path", () => {
  const V = randomRotation(5, 4);
  const eigP = { values: new Float64Array([3, 2, 1, 0.5, 0.1]), vectors: V };
  const eigQ = { values: new Float64Array([1, 1, 2, 0.3, 0.4]), vectors: V };
  const mp = [0, 1, 0, 1, 0];
  const mq = [0.5, 0, 0, 1, -1];
  const shared = klDivergence(gaussianFromEig(mp, eigP), gaussianFromEig(mq, eigQ));
  const general = klDivergence(
    gaussian(mp, withSpectrum(V, Array.from(eigP.values))),
    gaussian(mq, withSpectrum(V, Array.from(eigQ.values))),
  );
  assert.ok(Math.abs(shared - general) < 1e-10 * general);
  // singular members of a shared basis
  const flatP = gaussianFromEig(mp, { values: new Float64Array([3, 2, 1, 0, 0]), vectors: V });
  const flatQ = gaussianFromEig(mp, { values: new Float64Array([1, 1, 2, 0, 0]), vectors: V });
  assert.ok(Number.isFinite(klDivergence(flatP, flatQ)));
  assert.equal(klDivergence(gaussianFromEig(mp, eigP), flatQ), Infinity);
  assert.equal(klDivergence(flatQ, gaussianFromEig(mp, eigP)), Infinity);
  assert.ok(gaussianFromEig(mp, eigP).covariance.clone().sub(withSpectrum(V, Array.from(eigP.values))).norm() < 1e-13);
});

test("isotropic and standard Gaussians", () => {
  const g = isotropicGaussian([1, 2], 4);
  assert.ok(Math.abs(klDivergence(g, standardGaussian(2)) - (kl1d(1, 2, 0, 1) + kl1d(2, 2, 0, 1))) < 1e-14);
  assert.ok(Math.abs(logDensity(standardGaussian(1), [0]) + 0.5 * Math.log(2 * Math.PI)) < 1e-15);
  assert.throws(() => isotropicGaussian([0], -1), isDomainError("variance"));
  assert.throws(() => standardGaussian(0), isDomainError("d"));
});

test("precision and covariance accessors", () => {
  const S = new Matrix([[2, 0.5], [0.5, 1]]);
  const g = gaussian([0, 0], S);
  assert.ok(g.precision.mmul(S).sub(Matrix.eye(2)).norm() < 1e-14);
  assert.ok(g.covariance.clone().sub(S).norm() < 1e-15);
  assert.ok(Math.abs(g.logPseudoDeterminant - Math.log(1.75)) < 1e-14);
  assert.ok(EIGEN_TOLERANCE > 1e-10 && EIGEN_TOLERANCE < 1e-9);
});

test("validation: bad mean, covariance, eigen-decomposition or arguments throw DomainError naming them", () => {
  assert.throws(() => gaussian([0, 0], new Matrix([[1, 0], [0, -1]])), isDomainError("cov", /positive semi-definite/));
  assert.throws(() => gaussian([0, 0], new Matrix([[1, 2], [0, 1]])), isDomainError("cov", /symmetric/));
  assert.throws(() => gaussian([0, 0, 0], Matrix.eye(2)), isDomainError("cov", /match/));
  assert.throws(() => gaussian([0, NaN], Matrix.eye(2)), isDomainError("mean"));
  assert.throws(() => gaussian([], Matrix.eye(2)), isDomainError("mean"));
  assert.throws(() => gaussian([1e200], Matrix.eye(1)), isDomainError("mean"));
  assert.throws(() => gaussian([0], new Matrix([[1e200]])), isDomainError("cov"));
  assert.throws(() => gaussian([0], Matrix.eye(1), { tolerance: 2 }), isDomainError("options.tolerance"));
  const notOrthogonal = { values: new Float64Array([1, 1]), vectors: new Matrix([[1, 1], [0, 1]]) };
  assert.throws(() => gaussianFromEig([0, 0], notOrthogonal), isDomainError("eig.vectors"));
  assert.throws(() => gaussianFromEig([0, 0], { values: new Float64Array([1, -1]), vectors: Matrix.eye(2) }), isDomainError("eig.values"));
  const g = standardGaussian(2);
  assert.throws(() => klDivergence(g, standardGaussian(3)), isDomainError("q", /dimension/));
  assert.throws(() => klDivergence({} as Gaussian, g), isDomainError("p"));
  assert.throws(() => sampleGaussian(g, rng(1), 0), isDomainError("n"));
  assert.throws(() => sampleGaussian(g, {} as never, 3), isDomainError("rng"));
  assert.throws(() => logDensity(g, [1]), isDomainError("x", /length/));
  assert.throws(() => logDensityRows(g, new Matrix([[1, 2, 3]])), isDomainError("X"));
});

test("far-away points: log-density is finite or -Infinity, never NaN", () => {
  const g = randomGaussian(3, 1);
  assert.ok(logDensity(g, [1e300, -1e300, 1e300]) === -Infinity || Number.isFinite(logDensity(g, [1e300, -1e300, 1e300])));
  assert.ok(Number.isFinite(logDensity(g, [1e5, 0, 0])));
});
