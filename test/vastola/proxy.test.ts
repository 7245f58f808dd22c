import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, linearVarianceSchedule, vpSchedule, posteriorWeights, pointMassSet, vastolaFig1Set, vastolaGapSet, vastolaSquareSet,
  pointMassPosterior, pointMassLogDensity, pointMassScore, proxyScore, proxyScoreCovariance, scaleFreeRatio, proxyScoreMap,
  scoreJacobianFD, logDensityGradientFD, rng, meanWithError,
} from "difftheory";

const lv = linearVarianceSchedule();
const vp = vpSchedule();
const polygon = vastolaFig1Set("polygon");

test("point-mass sets: 1-D lists, rows and matrices; the paper's sets", () => {
  assert.deepEqual([vastolaGapSet().dim, vastolaGapSet().size], [1, 3]);
  const s = pointMassSet(new Matrix([[1, 2], [3, 4]]));
  assert.deepEqual(Array.from(s.points), [1, 2, 3, 4]);
  for (const name of ["polygon", "line", "L-shaped", "random"] as const) assert.deepEqual([vastolaFig1Set(name).size, vastolaFig1Set(name).dim], [6, 2]);
  assert.ok(Math.abs(vastolaSquareSet(Math.PI / 4).points[0] - Math.SQRT1_2) < 1e-15);
  assert.throws(() => pointMassSet([]), (e: unknown) => e instanceof DomainError && e.parameter === "points");
  assert.throws(() => pointMassSet([[1, 2], [3]]), (e: unknown) => e instanceof DomainError && e.parameter === "points");
  assert.throws(() => pointMassSet([1, NaN]), (e: unknown) => e instanceof DomainError && e.parameter === "points");
});

test("posterior weights equal the empirical denoiser's posteriorWeights (independent code)", () => {
  const pts = new Matrix(Array.from({ length: polygon.size }, (_, m) => [polygon.points[2 * m], polygon.points[2 * m + 1]]));
  for (const t of [0.05, 0.3, 0.75]) {
    const x = [0.3, -0.4];
    const w = pointMassPosterior(polygon, lv, t, x).weights;
    const ref = posteriorWeights(pts, x, lv.alpha(t), lv.sigma2(t));
    for (let m = 0; m < 6; m++) assert.ok(Math.abs(w[m] - ref[m]) < 1e-15);
  }
});

test("log density equals the direct mixture formula and stays finite far away", () => {
  const set = vastolaGapSet();
  const t = 0.2, a = vp.alpha(t), s2 = vp.sigma2(t), x = 0.37;
  const direct = Math.log([-1, 0, 1].reduce((p, mu) => p + Math.exp(-((x - a * mu) ** 2) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2), 0) / 3);
  assert.ok(Math.abs(pointMassLogDensity(set, vp, t, [x]) - direct) < 1e-13);
  const far = pointMassPosterior(set, vp, 1e-4, [50]);
  assert.ok(Number.isFinite(far.logDensity) && far.logDensity < -1e7);
  assert.deepEqual(Array.from(far.weights), [0, 0, 1]);
  assert.equal(far.covariance[0], 0);
});

test("posterior covariance equals Σ w μμᵀ − m mᵀ by hand (3 points, 2-D)", () => {
  const set = pointMassSet([[0, 0], [1, 0], [0, 2]]);
  const p = pointMassPosterior(set, lv, 0.4, [0.2, 0.5]);
  const [w0, w1, w2] = p.weights;
  const m = [w1, 2 * w2];
  const cov = [w1 - m[0] * m[0], -m[0] * m[1], -m[0] * m[1], 4 * w2 - m[1] * m[1]];
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(p.covariance[i] - cov[i]) < 1e-14);
  assert.ok(Math.abs(w0 + w1 + w2 - 1) < 1e-15);
});

test("V-C1 unit: the posterior average of the proxy score is the true score (closed form and Monte Carlo)", () => {
  const r = rng(11);
  for (const [t, x] of [[0.05, [0.5, 0.1]], [0.2, [-0.3, 0.7]], [0.75, [1.2, -0.4]]] as const) {
    const p = pointMassPosterior(polygon, lv, t, x);
    const s = pointMassScore(polygon, lv, t, x);
    const avg = [0, 0];
    const draws: number[][] = [[], []];
    for (let m = 0; m < 6; m++) {
      const st = proxyScore(lv, t, x, [polygon.points[2 * m], polygon.points[2 * m + 1]]);
      avg[0] += p.weights[m] * st[0];
      avg[1] += p.weights[m] * st[1];
    }
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(avg[i] - s[i]) <= 1e-12 * Math.max(1, Math.abs(s[i])));
    for (let k = 0; k < 4000; k++) {
      const u = r.uniform();
      let m = 0, c = p.weights[0];
      while (u >= c && m < 5) c += p.weights[++m];
      const st = proxyScore(lv, t, x, [polygon.points[2 * m], polygon.points[2 * m + 1]]);
      draws[0].push(st[0]);
      draws[1].push(st[1]);
    }
    for (let i = 0; i < 2; i++) {
      const e = meanWithError(draws[i]);
      assert.ok(Math.abs(e.mean - s[i]) <= 4 * e.standardError, `t=${t} i=${i}: ${e.mean} vs ${s[i]} ± ${e.standardError}`);
    }
  }
});

test("V-C2 unit: C = I/σ² + Hess log p (finite differences) and s = ∇ log p", () => {
  for (const name of ["polygon", "L-shaped", "random"] as const) {
    const set = vastolaFig1Set(name);
    for (const t of [0.05, 0.5]) {
      for (const x of [[0.1, 0.2], [-0.7, 0.9], [1.5, -1.5]]) {
        const C = proxyScoreCovariance(set, lv, t, x);
        const J = scoreJacobianFD(set, lv, t, x);
        const s2 = lv.sigma2(t);
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
          const fd = (i === j ? 1 / s2 : 0) + J[i * 2 + j];
          assert.ok(Math.abs(fd - C[i * 2 + j]) * s2 < 1e-6, `${name} t=${t} x=${x}: ${fd} vs ${C[i * 2 + j]}`);
        }
        const g = logDensityGradientFD(set, lv, t, x);
        const s = pointMassScore(set, lv, t, x);
        for (let i = 0; i < 2; i++) assert.ok(Math.abs(g[i] - s[i]) < 1e-5 * Math.max(1, Math.abs(s[i])));
      }
    }
  }
});

test("the covariance identity holds in 1-D under the author's VP schedule too", () => {
  const set = vastolaGapSet();
  for (const t of [0.01, 0.1]) for (const x of [-0.5, 0.2, 0.49]) {
    const C = proxyScoreCovariance(set, vp, t, [x])[0];
    const s2 = vp.sigma2(t);
    const fd = 1 / s2 + scoreJacobianFD(set, vp, t, [x], 1e-6)[0];
    assert.ok(Math.abs(fd - C) * s2 < 1e-5, `t=${t} x=${x}: ${fd} vs ${C}`);
  }
});

test("r is 1 at the polygon's centre, ≈ 1 between neighbours and ≈ 0 outside at t = 0.05", () => {
  for (const t of [0.05, 0.1, 0.2, 0.5, 0.75]) assert.ok(Math.abs(scaleFreeRatio(polygon, lv, t, [0, 0]) - 1) < 1e-12);
  const mid = [(polygon.points[0] + polygon.points[2]) / 2, (polygon.points[1] + polygon.points[3]) / 2];
  assert.ok(scaleFreeRatio(polygon, lv, 0.05, mid) > 0.99);
  assert.ok(scaleFreeRatio(polygon, lv, 0.05, [1.5, 0]) < 1e-3);
});

test("proxyScoreMap agrees with pointwise evaluation and indexes [ix·ny + iy]", () => {
  const xs = [-1, 0.3, 1.7], ys = [-0.5, 0.8];
  const map = proxyScoreMap(polygon, lv, 0.1, xs, ys);
  for (let ix = 0; ix < 3; ix++) for (let iy = 0; iy < 2; iy++) {
    const r = scaleFreeRatio(polygon, lv, 0.1, [xs[ix], ys[iy]]);
    assert.ok(Math.abs(map.ratio[ix * 2 + iy] - r) < 1e-14);
    const C = proxyScoreCovariance(polygon, lv, 0.1, [xs[ix], ys[iy]]);
    assert.ok(Math.abs(map.traceC[ix * 2 + iy] - C[0] - C[3]) < 1e-12 * (1 + C[0] + C[3]));
  }
  const oned = proxyScoreMap(vastolaGapSet(), vp, 0.1, [-0.5, 0.5]);
  assert.equal(oned.ratio.length, 2);
  assert.ok(Math.abs(oned.ratio[0] - oned.ratio[1]) < 1e-12);
});

test("inputs are validated with DomainError naming the parameter", () => {
  const is = (p: string) => (e: unknown) => e instanceof DomainError && e.parameter === p;
  assert.throws(() => pointMassPosterior(polygon, lv, 0, [0, 0]), is("t"));
  assert.throws(() => pointMassPosterior(polygon, lv, 2, [0, 0]), is("t"));
  assert.throws(() => pointMassPosterior(polygon, lv, 0.1, [0]), is("x"));
  assert.throws(() => proxyScore(lv, 0.1, [0, 0], [1]), is("x0"));
  assert.throws(() => scoreJacobianFD(polygon, lv, 0.1, [0, 0], 0), is("h"));
  assert.throws(() => proxyScoreMap(pointMassSet([[0, 0, 0]]), lv, 0.1, [0]), is("set"));
});
