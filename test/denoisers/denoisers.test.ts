import test from "node:test";
import assert from "node:assert/strict";
import { Matrix, inverse } from "ml-matrix";
import { DomainError, empiricalDenoiser, gaussianDenoiser, posteriorWeights } from "difftheory";

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `entry ${i}: ${a[i]} vs ${b[i]}`);
};

const points = new Matrix([
  [1, 0, 2],
  [-1, 0.5, 0],
  [0.3, -2, 1],
]);

test("posterior weights equal the direct softmax and sum to 1", () => {
  const x = [0.2, -0.1, 0.7];
  const a = 0.8;
  const s2 = 0.5;
  const direct = points.to2DArray().map((p) => Math.exp(-p.reduce((acc, pi, i) => acc + (x[i] - a * pi) ** 2, 0) / (2 * s2)));
  const z = direct.reduce((u, v) => u + v, 0);
  close(posteriorWeights(points, x, a, s2), direct.map((w) => w / z), 1e-14);
});

test("posterior weights stay finite far from every point (log-sum-exp)", () => {
  const w = posteriorWeights(points, [1e4, -1e4, 3e4], 0.5, 1e-6);
  assert.ok(w.every(Number.isFinite));
  assert.ok(Math.abs(w.reduce((u, v) => u + v, 0) - 1) < 1e-12);
});

test("posterior weights pick the nearest point when s² underflows every other logit", () => {
  assert.deepEqual(Array.from(posteriorWeights(points, [1, 0, 2], 1, 5e-324)), [1, 0, 0]);
  assert.throws(() => posteriorWeights(points, [1e300, 0, 0], 1, 1), (e: unknown) => e instanceof DomainError && e.parameter === "x");
});

test("the empirical denoiser returns the training point itself when there is one", () => {
  const one = new Matrix([[0.5, -1.5]]);
  close(empiricalDenoiser(one).denoise(Float64Array.from([3, 3]), 0.3, 2), [0.5, -1.5], 0);
});

test("the empirical denoiser snaps to the nearest scaled point at small noise", () => {
  const x = Float64Array.from(points.getRow(2).map((v) => 0.99 * v + 0.01));
  close(empiricalDenoiser(points).denoise(x, 0.99, 1e-4), points.getRow(2), 1e-9);
});

test("the Gaussian denoiser equals m + aC(a²C + s²I)⁻¹(x − am) computed with an explicit inverse", () => {
  const C = new Matrix([
    [2, 0.3, 0.1],
    [0.3, 1, -0.2],
    [0.1, -0.2, 0.5],
  ]);
  const m = [0.5, -1, 2];
  const x = [1, 2, -0.5];
  const a = 0.7;
  const s2 = 0.4;
  const M = C.clone().mul(a * a).add(Matrix.eye(3).mul(s2));
  const r = Matrix.columnVector(x.map((xi, i) => xi - a * m[i]));
  const expected = C.mmul(inverse(M)).mmul(r).mul(a).to1DArray().map((v, i) => v + m[i]);
  close(gaussianDenoiser(m, C).denoise(Float64Array.from(x), a, s2), expected, 1e-12);
});

test("the Gaussian denoiser of a singular fit pulls null directions onto the mean", () => {
  const C = new Matrix([
    [1, 0],
    [0, 0],
  ]);
  const out = gaussianDenoiser([0, 3], C).denoise(Float64Array.from([0.4, -5]), 0.9, 0.1);
  assert.equal(out[1], 3);
  assert.ok(Math.abs(out[0] - (0.9 * 0.4) / (0.81 + 0.1)) < 1e-14);
});

test("denoisers reject bad input with named errors", () => {
  const named = (p: string) => (e: unknown) => e instanceof DomainError && e.parameter === p;
  assert.throws(() => empiricalDenoiser(new Matrix(0, 2)), named("points"));
  assert.throws(() => empiricalDenoiser(new Matrix([[NaN, 1]])), named("points"));
  const den = empiricalDenoiser(points);
  assert.throws(() => den.denoise(Float64Array.from([1, 2]), 0.5, 1), named("x"));
  assert.throws(() => den.denoise(Float64Array.from([1, 2, 3]), 0, 1), named("a"));
  assert.throws(() => den.denoise(Float64Array.from([1, 2, 3]), 0.5, 0), named("s2"));
  assert.throws(() => den.denoise(Float64Array.from([1, NaN, 3]), 0.5, 1), named("x"));
  assert.throws(() => gaussianDenoiser([0, 0], Matrix.eye(3)), named("cov"));
  assert.throws(() => gaussianDenoiser([0, NaN], Matrix.eye(2)), named("mean"));
});
