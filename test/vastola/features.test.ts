import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, rng, vpSchedule, vastolaGapSet, vastolaEulerGrid, solveSPD, meanWithError, gridHistogram1d,
  gaussianFeatureAxis, fourierFeatureAxis, evalFeatureAxis, featureAxisTable, choleskySolveInPlace,
  drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserAt, linearDenoiserTable1d,
  gridLookupIndex, tabulatedPfOde1d, exactPfOde1d, pointMassMeanTable1d, FastNormalStream,
  tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts, vastolaBinQuantile, vastolaExactMass, pointMassPosterior,
} from "difftheory";
import { Matrix } from "ml-matrix";

const vp = vpSchedule();
const set = vastolaGapSet();
const eps = 0.01;
const xa = gaussianFeatureAxis(-1.5, 1.5, 16);
const ta = gaussianFeatureAxis(eps, 1, 16);
const grid = Float64Array.from({ length: 200 }, (_, i) => -1.5 + (3 * i) / 199);

test("Gaussian features are normalized pdf bumps with sd half the spacing; tiny values flush to 0", () => {
  assert.ok(Math.abs(xa.sd - 0.1) < 1e-15);
  const v = evalFeatureAxis(xa, 0.3);
  for (let k = 0; k < 16; k++) {
    const c = -1.5 + (3 * k) / 15;
    const pdf = Math.exp(-((0.3 - c) ** 2) / (2 * 0.01)) / (0.1 * Math.sqrt(2 * Math.PI));
    assert.ok(Math.abs(v[k] - (pdf < 1e-150 ? 0 : pdf)) <= 1e-12 * pdf, `${k}: ${v[k]} vs ${pdf}`);
  }
  assert.ok(Math.abs(ta.sd - (1 - eps) / 30) < 1e-15);
  assert.equal(evalFeatureAxis(xa, 40)[0], 0);
});

test("Fourier features: [1, cos(2πnu/L) …, sin(2πnu/L) …] with the phase measured from u = 0", () => {
  const f = fourierFeatureAxis(-1.5, 1.5, 10);
  const v = evalFeatureAxis(f, 0);
  assert.deepEqual(Array.from(v), [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  const u = 0.4;
  const w = evalFeatureAxis(f, u);
  assert.ok(Math.abs(w[2] - Math.cos((2 * Math.PI * 2 * u) / 3)) < 1e-15);
  assert.ok(Math.abs(w[6] - Math.sin((2 * Math.PI * 1 * u) / 3)) < 1e-15);
  assert.equal(evalFeatureAxis(fourierFeatureAxis(0, 1, 1), 0.3).length, 1);
});

test("the Cholesky solve matches ml-matrix on an SPD system", () => {
  const r = rng(2);
  const B = r.normalMatrix(6, 6);
  const A = B.mmul(B.transpose()).add(Matrix.eye(6).mul(0.5));
  const b = r.normals(6);
  const want = solveSPD(A, b);
  const got = choleskySolveInPlace(Float64Array.from(A.to1DArray()), 6, b.slice());
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-10 * (1 + Math.abs(want[i])));
  assert.throws(() => choleskySolveInPlace(new Float64Array([1, 2, 2, 1]), 2, new Float64Array(2)), (e: unknown) => e instanceof DomainError && e.parameter === "A");
});

/** The primal ridge solve written with ml-matrix on the full feature matrix (independent route). */
function directRidge(train: ReturnType<typeof drawLinearTrainingSet>, ridge: number): Float64Array {
  const P = train.x.length;
  const Phi = new Matrix(P, 256);
  for (let i = 0; i < P; i++) {
    const fx = evalFeatureAxis(xa, train.x[i]), ft = evalFeatureAxis(ta, train.t[i]);
    for (let a = 0; a < 16; a++) for (let b = 0; b < 16; b++) Phi.set(i, a * 16 + b, fx[a] * ft[b]);
  }
  const L = Matrix.diag(Array.from(train.weight, (w) => w / P));
  const S = Phi.transpose().mmul(L).mmul(Phi).add(Matrix.eye(256).mul(ridge));
  const A = Phi.transpose().mmul(L).mmul(Matrix.columnVector(Array.from(train.x0)));
  return Float64Array.from(solveSPD(S, A).getColumn(0));
}

test("primal (sparse accumulation) and dual (Hadamard Gram) ridge solves both match a direct ml-matrix solve", () => {
  for (const P of [40, 300]) {
    const train = drawLinearTrainingSet(set, vp, { samples: P, eps, rng: rng(P) });
    const want = directRidge(train, 0.1);
    const scale = Math.max(...Array.from(want, Math.abs));
    for (const solver of ["primal", "dual"] as const) {
      const W = fitLinearDenoiser1d(train, xa, ta, 0.1, solver).W;
      let d = 0;
      for (let k = 0; k < 256; k++) d = Math.max(d, Math.abs(W[k] - want[k]));
      assert.ok(d / scale < 1e-7, `P = ${P}, ${solver}: ${d / scale}`);
    }
  }
});

test("a case by hand: one constant feature per axis gives W = Σ w x0 / (Σ w + Pρ)", () => {
  const one = fourierFeatureAxis(-1.5, 1.5, 1);
  const train = { x0: Float64Array.from([1, -1, 0, 1]), t: Float64Array.from([0.1, 0.2, 0.3, 0.4]), x: Float64Array.from([0.9, -0.8, 0.1, 0.7]), weight: Float64Array.from([4, 2, 1, 3]) };
  const W = fitLinearDenoiser1d(train, one, one, 0.5).W[0];
  assert.ok(Math.abs(W - (4 - 2 + 3) / (10 + 4 * 0.5)) < 1e-15);
  assert.ok(Math.abs(fitLinearDenoiser1d(train, one, one, 0.5, "dual").W[0] - W) < 1e-15);
});

test("the ridge is not scaled with P: duplicating every sample leaves W unchanged", () => {
  const train = drawLinearTrainingSet(set, vp, { samples: 200, eps, rng: rng(4) });
  const dup = { x0: new Float64Array(400), t: new Float64Array(400), x: new Float64Array(400), weight: new Float64Array(400) };
  for (const k of ["x0", "t", "x", "weight"] as const) { dup[k].set(train[k]); dup[k].set(train[k], 200); }
  const a = fitLinearDenoiser1d(train, xa, ta, 0.1).W, b = fitLinearDenoiser1d(dup, xa, ta, 0.1).W;
  const scale = Math.max(...Array.from(a, Math.abs));
  for (let k = 0; k < 256; k++) assert.ok(Math.abs(a[k] - b[k]) < 1e-8 * scale);
});

test("training draws: weights α²/σ², or α²/(σ² + 1e−8) with the official 1-D guard; t in [ε, T)", () => {
  const a = drawLinearTrainingSet(set, vp, { samples: 50, eps, rng: rng(5) });
  const b = drawLinearTrainingSet(set, vp, { samples: 50, eps, rng: rng(5), weightGuard: true });
  for (let i = 0; i < 50; i++) {
    const al = vp.alpha(a.t[i]), s2 = vp.sigma2(a.t[i]);
    assert.ok(a.t[i] >= eps && a.t[i] < 1);
    assert.ok(Math.abs(a.weight[i] - (al * al) / s2) < 1e-12 * a.weight[i]);
    assert.ok(Math.abs(b.weight[i] - (al * al) / (s2 + 1e-8)) < 1e-12 * b.weight[i]);
    assert.ok([-1, 0, 1].includes(a.x0[i]));
  }
  assert.throws(() => drawLinearTrainingSet(set, vp, { samples: 0, eps, rng: rng(1) }), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
});

test("separable contraction of the denoiser table equals direct Σ W φˣ φᵗ", () => {
  const model = fitLinearDenoiser1d(drawLinearTrainingSet(set, vp, { samples: 100, eps, rng: rng(6) }), xa, ta, 0.1);
  const ts = [0.01, 0.05, 0.4, 0.99];
  const tab = linearDenoiserTable1d(model, grid, ts);
  for (let j = 0; j < ts.length; j++) for (let i = 0; i < 200; i += 3) assert.ok(Math.abs(tab[j * 200 + i] - linearDenoiserAt(model, grid[i], ts[j])) < 1e-12);
  const T = featureAxisTable(xa, [0, 1]);
  assert.equal(T.length, 32);
});

test("the official lookup rule: first grid point ≥ x, clipped to n − 1", () => {
  const g = [0, 1, 2, 3];
  assert.equal(gridLookupIndex(g, -5), 0);
  assert.equal(gridLookupIndex(g, 0), 0);
  assert.equal(gridLookupIndex(g, 0.2), 1);
  assert.equal(gridLookupIndex(g, 1), 1);
  assert.equal(gridLookupIndex(g, 2.999), 3);
  assert.equal(gridLookupIndex(g, 7), 3);
});

test("the fast tabulated sampler equals the official update with binary-search lookup, on uniform and non-uniform grids", () => {
  const g = vastolaEulerGrid(vp, eps, 30, 1);
  const table = pointMassMeanTable1d(set, g, grid);
  // the table is the exact posterior mean
  const post = pointMassPosterior(set, vp, g.times[5], [grid[17]]);
  assert.ok(Math.abs(table[5 * 200 + 17] - post.mean[0]) < 1e-14);
  const x0 = new FastNormalStream(rng(1)).fill(new Float64Array(500));
  for (const gr of [grid, Float64Array.from(grid, (v) => v + 1e-3 * Math.sin(7 * v))]) {
    const fast = tabulatedPfOde1d(g, gr, table, x0.slice());
    for (let k = 0; k < 500; k++) {
      let x = x0[k];
      for (let j = 0; j < 30; j++) {
        const dt = g.times[j] - g.times[j + 1];
        x = x + dt * (g.beta[j] * x + g.diffusion[j] * ((g.alpha[j] * table[j * 200 + gridLookupIndex(gr, x)] - x) / g.sigma2[j]));
      }
      assert.ok(Math.abs(fast[k] - x) < 1e-12, `${fast[k]} vs ${x}`);
    }
  }
  // exact evaluation with a tabulated-equivalent denoiser reproduces the same update
  const ex = exactPfOde1d(g, (x, j) => table[j * 200 + gridLookupIndex(grid, x)], x0.slice());
  const fast = tabulatedPfOde1d(g, grid, table, x0.slice());
  for (let k = 0; k < 500; k++) assert.ok(Math.abs(ex[k] - fast[k]) < 1e-12);
  assert.throws(() => tabulatedPfOde1d(g, grid, new Float64Array(10), x0.slice()), (e: unknown) => e instanceof DomainError && e.parameter === "table");
});

test("the piecewise-affine map reproduces the sampler, and its exact bin masses match a direct Monte Carlo histogram", () => {
  const g = vastolaEulerGrid(vp, eps, 30, 1);
  const model = fitLinearDenoiser1d(drawLinearTrainingSet(set, vp, { samples: 128, eps, rng: rng(9) }), xa, ta, 0.1);
  const table = linearDenoiserTable1d(model, grid, g.times.subarray(0, 30));
  const sd = Math.sqrt(g.sigma2[0]);
  const map = tabulatedPfOdeMap1d(g, grid, table, 10 * sd);
  for (let k = 1; k < map.lo.length; k++) assert.ok(map.lo[k] >= map.hi[k - 1] - 1e-12 && map.lo[k] <= map.hi[k]);
  const n = 2e5;
  const x0 = new FastNormalStream(rng(10)).fill(new Float64Array(n), sd);
  const x = tabulatedPfOde1d(g, grid, table, x0.slice());
  let piece = 0;
  const order = Array.from(x0.keys()).sort((a, b) => x0[a] - x0[b]);
  for (const k of order.slice(0, 5000).concat(order.slice(n - 5000))) {
    piece = 0;
    let a = 0, b = map.lo.length - 1;
    while (a < b) { const m = (a + b + 1) >> 1; if (map.lo[m] <= x0[k]) a = m; else b = m - 1; }
    piece = a;
    assert.ok(Math.abs(map.slope[piece] * x0[k] + map.offset[piece] - x[k]) < 1e-12);
  }
  const dx = 3 / 199;
  const edges = Float64Array.from({ length: 201 }, (_, b) => -1.5 - dx / 2 + b * dx);
  const q = pushforwardBinMasses(map, sd, edges);
  assert.ok(Math.abs(q.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  const h = gridHistogram1d(x, 200);
  // per-bin z-scores of the direct histogram against the exact law
  let chi2 = 0, used = 0;
  for (let b = 0; b < 200; b++) {
    const expected = q[b] * n;
    if (expected < 5) continue;
    const observed = h.density[b] * dx * h.inRange;
    chi2 += (observed - expected) ** 2 / expected;
    used++;
  }
  assert.ok(chi2 < used + 5 * Math.sqrt(2 * used), `chi2 ${chi2} on ${used} bins`);
  // multinomial counts: total n and each category within 5 sd of n q
  const c = multinomialCounts(q, n, new FastNormalStream(rng(11)));
  assert.equal(c.reduce((s, v) => s + v, 0), n);
  for (let b = 0; b <= 200; b++) assert.ok(Math.abs(c[b] - n * q[b]) <= 5 * Math.sqrt(n * q[b]) + 1);
});

test("fast normals: mean 0 and variance 1 within Monte Carlo error, deterministic per seed", () => {
  const z = new FastNormalStream(rng(3)).fill(new Float64Array(1e5));
  const m = meanWithError(z);
  assert.ok(Math.abs(m.mean) < 4 * m.standardError);
  const v = meanWithError(Array.from(z, (t) => t * t));
  assert.ok(Math.abs(v.mean - 1) < 4 * v.standardError);
  assert.deepEqual(Array.from(new FastNormalStream(rng(3)).fill(new Float64Array(5))), Array.from(z.subarray(0, 5)));
});

test("per-bin quantiles interpolate at q·(N − 1); exact masses match a Riemann sum", () => {
  const rows = [Float64Array.from([0, 10]), Float64Array.from([1, 30]), Float64Array.from([2, 20]), Float64Array.from([3, 40])];
  assert.deepEqual(Array.from(vastolaBinQuantile(rows, 0.25)), [0.75, 17.5]);
  assert.deepEqual(Array.from(vastolaBinQuantile(rows, 0.75)), [2.25, 32.5]);
  const a = vp.alpha(eps), s = Math.sqrt(vp.sigma2(eps));
  const exact = vastolaExactMass(a, s, [-1, 0, 1], [[-0.1, 0.1]]);
  let riemann = 0;
  const N = 20000;
  for (let i = 0; i < N; i++) {
    const x = -0.1 + (0.2 * (i + 0.5)) / N;
    for (const m of [-1, 0, 1]) riemann += Math.exp(-((x - a * m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI)) * (0.2 / N) / 3;
  }
  assert.ok(Math.abs(exact - riemann) < 1e-8);
});
