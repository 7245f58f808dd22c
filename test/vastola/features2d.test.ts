import test from "node:test";
import assert from "node:assert/strict";
import { Matrix, solve } from "ml-matrix";
import {
  DomainError, rng, vpSchedule, vastolaSquareSet, vastolaGapSet, vastolaEulerGrid, gaussianFeatureAxis, fourierFeatureAxis, evalFeatureAxis,
  drawLinearTrainingSet2d, fitLinearDenoiser2d, linearDenoiserAt2d, linearDenoiserTable2d, tabulatedPfOde2d, exactPfOde2d, eulerCoefficients,
  gridLookupIndex, gridHistogram2d, histogramEdges2d, jointProbabilities2d, columnNormalized2d, vastolaF3RegionMask, VASTOLA_F3_REGION,
  vastolaRatioEstimate, type FeatureAxis, type LinearTrainingSet2d,
} from "difftheory";

const vp = vpSchedule();
const eps = 0.01;
const set = vastolaSquareSet(Math.PI / 8);
const axes = (kind: "gaussian" | "fourier", fx: number, fy: number, ft: number): [FeatureAxis, FeatureAxis, FeatureAxis] =>
  kind === "gaussian"
    ? [gaussianFeatureAxis(-1.5, 1.5, fx), gaussianFeatureAxis(-1.5, 1.5, fy), gaussianFeatureAxis(eps, 1, ft)]
    : [fourierFeatureAxis(-1.5, 1.5, fx), fourierFeatureAxis(-1.5, 1.5, fy), fourierFeatureAxis(eps, 1, ft)];
const maxRel = (a: Float64Array, b: Float64Array): number => {
  let d = 0, m = 0;
  for (let k = 0; k < a.length; k++) { d = Math.max(d, Math.abs(a[k] - b[k])); m = Math.max(m, Math.abs(a[k])); }
  return d / m;
};

/** The full feature vector φ_(a,b,c) = φˣ_a φʸ_b φᵗ_c from the per-axis values (flat index (a·F_y + b)·F_t + c). */
function features(ax: [FeatureAxis, FeatureAxis, FeatureAxis], x: number, y: number, t: number): number[] {
  const [fx, fy, ft] = [evalFeatureAxis(ax[0], x), evalFeatureAxis(ax[1], y), evalFeatureAxis(ax[2], t)];
  const out: number[] = [];
  for (const a of fx) for (const b of fy) for (const c of ft) out.push(a * b * c);
  return out;
}

test("drawLinearTrainingSet2d: x0 are training points, x = α x0 + σ z, w = α²/σ², t in [ε, 1]", () => {
  const tr = drawLinearTrainingSet2d(set, vp, { samples: 200, eps, rng: rng(1) });
  assert.equal(tr.x.length, 400);
  for (let i = 0; i < 200; i++) {
    const m = [0, 1, 2, 3].find((q) => set.points[2 * q] === tr.x0[2 * i] && set.points[2 * q + 1] === tr.x0[2 * i + 1]);
    assert.notEqual(m, undefined);
    assert.ok(tr.t[i] >= eps && tr.t[i] <= 1);
    const a = vp.alpha(tr.t[i]), s2 = vp.sigma2(tr.t[i]);
    assert.ok(Math.abs(tr.weight[i] - (a * a) / s2) <= 1e-12 * tr.weight[i]);
  }
  // the standardized noise (x − α x0)/σ has mean ≈ 0 and variance ≈ 1 (400 draws: 5 SE bounds)
  const z: number[] = [];
  for (let i = 0; i < 200; i++) for (let d = 0; d < 2; d++) z.push((tr.x[2 * i + d] - vp.alpha(tr.t[i]) * tr.x0[2 * i + d]) / Math.sqrt(vp.sigma2(tr.t[i])));
  const mean = z.reduce((s, v) => s + v, 0) / z.length, varz = z.reduce((s, v) => s + (v - mean) ** 2, 0) / (z.length - 1);
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(400), `mean ${mean}`);
  assert.ok(Math.abs(varz - 1) < 5 * Math.sqrt(2 / 400), `var ${varz}`);
  assert.throws(() => drawLinearTrainingSet2d(vastolaGapSet(), vp, { samples: 5, eps, rng: rng(1) }), (e: unknown) => e instanceof DomainError && e.parameter === "set");
  assert.throws(() => drawLinearTrainingSet2d(set, vp, { samples: 0, eps, rng: rng(1) }), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
});

for (const kind of ["gaussian", "fourier"] as const) {
  test(`${kind}: the dual Hadamard-Gram solve matches the primal solve (P = 40 < F = 100)`, () => {
    const ax = axes(kind, 5, 5, 4);
    const tr = drawLinearTrainingSet2d(set, vp, { samples: 40, eps, rng: rng(2) });
    const p = fitLinearDenoiser2d(tr, ...ax, 0.1, "primal"), d = fitLinearDenoiser2d(tr, ...ax, 0.1, "dual");
    assert.equal(p.W.length, 200);
    assert.ok(maxRel(p.W, d.W) < 1e-9, `rel ${maxRel(p.W, d.W)}`);
    assert.deepEqual(fitLinearDenoiser2d(tr, ...ax, 0.1).W, d.W); // auto picks the dual when P < F
  });

  test(`${kind}: the primal solve matches the normal equations built from explicit feature vectors (ml-matrix solve)`, () => {
    const ax = axes(kind, 3, 3, 2);
    const tr = drawLinearTrainingSet2d(set, vp, { samples: 60, eps, rng: rng(3) });
    const F = 18, P = 60;
    const S = Matrix.zeros(F, F), A = Matrix.zeros(F, 2);
    for (let i = 0; i < P; i++) {
      const phi = features(ax, tr.x[2 * i], tr.x[2 * i + 1], tr.t[i]);
      const w = tr.weight[i] / P;
      for (let f = 0; f < F; f++) {
        for (let g = 0; g < F; g++) S.set(f, g, S.get(f, g) + w * phi[f] * phi[g]);
        for (let d = 0; d < 2; d++) A.set(f, d, A.get(f, d) + w * tr.x0[2 * i + d] * phi[f]);
      }
    }
    for (let f = 0; f < F; f++) S.set(f, f, S.get(f, f) + 0.1);
    const X = solve(S, A);
    const ref = new Float64Array(2 * F);
    for (let f = 0; f < F; f++) { ref[f] = X.get(f, 0); ref[F + f] = X.get(f, 1); }
    const W = fitLinearDenoiser2d(tr, ...ax, 0.1, "primal").W;
    assert.ok(maxRel(ref, W) < 1e-9, `rel ${maxRel(ref, W)}`);
  });

  test(`${kind}: the separable table matches pointwise Wφ, on non-uniform grids`, () => {
    const ax = axes(kind, 10, 10, 10);
    const model = fitLinearDenoiser2d(drawLinearTrainingSet2d(set, vp, { samples: 120, eps, rng: rng(4) }), ...ax, 0.1);
    const xs = [-1.4, -0.9, -0.2, 0.35, 1.1], ys = [-1.2, 0, 0.05, 0.8], ts = [0.02, 0.3, 0.77];
    const tab = linearDenoiserTable2d(model, xs, ys, ts);
    assert.equal(tab.length, 2 * 5 * 4 * 3);
    let m = 0;
    ts.forEach((t, j) => xs.forEach((x, ix) => ys.forEach((y, iy) => {
      const v = linearDenoiserAt2d(model, x, y, t);
      // the direct route from explicit features, an independent third route
      const phi = features(ax, x, y, t);
      const F = phi.length;
      const v0 = phi.reduce((s, p, f) => s + p * model.W[f], 0), v1 = phi.reduce((s, p, f) => s + p * model.W[F + f], 0);
      const q = 2 * ((j * 5 + ix) * 4 + iy);
      m = Math.max(m, Math.abs(v[0] - tab[q]), Math.abs(v[1] - tab[q + 1]), Math.abs(v0 - v[0]), Math.abs(v1 - v[1]));
    })));
    assert.ok(m < 1e-11, `max diff ${m}`);
    assert.throws(() => linearDenoiserTable2d(model, xs, ys, ts, new Float64Array(3)), (e: unknown) => e instanceof DomainError && e.parameter === "out");
  });
}

test("the ridge is not scaled with P: duplicating every training sample leaves W unchanged", () => {
  const ax = axes("gaussian", 4, 4, 3);
  const tr = drawLinearTrainingSet2d(set, vp, { samples: 30, eps, rng: rng(5) });
  const cat = (a: Float64Array): Float64Array => { const o = new Float64Array(2 * a.length); o.set(a); o.set(a, a.length); return o; };
  const dup: LinearTrainingSet2d = { x0: cat(tr.x0), t: cat(tr.t), x: cat(tr.x), weight: cat(tr.weight) };
  const a = fitLinearDenoiser2d(tr, ...ax, 0.1, "primal"), b = fitLinearDenoiser2d(dup, ...ax, 0.1, "primal");
  assert.ok(maxRel(a.W, b.W) < 1e-10);
  assert.throws(() => fitLinearDenoiser2d(tr, ...ax, -1), (e: unknown) => e instanceof DomainError && e.parameter === "ridge");
  assert.throws(() => fitLinearDenoiser2d(tr, ...ax, 0.1, "x" as "dual"), (e: unknown) => e instanceof DomainError && e.parameter === "solver");
});

test("the 2-D sampler matches a straightforward loop of the official update with binary-search lookup (uniform and non-uniform grids)", () => {
  const g = vastolaEulerGrid(vp, eps, 30, 1);
  const times = g.times.subarray(0, 30);
  const model = fitLinearDenoiser2d(drawLinearTrainingSet2d(set, vp, { samples: 200, eps, rng: rng(6) }), ...axes("fourier", 10, 10, 10), 0.1);
  const uniform = Float64Array.from({ length: 50 }, (_, i) => (i === 49 ? 1.5 : i * (3 / 49) - 1.5));
  const warped = Float64Array.from({ length: 40 }, (_, i) => 1.5 * Math.sin((Math.PI / 2) * (-1 + (2 * i) / 39)));
  for (const grid of [uniform, warped]) {
    const n = grid.length;
    const table = linearDenoiserTable2d(model, grid, grid, times);
    const r = rng(7);
    const x0 = Float64Array.from({ length: 300 }, () => 1.3 * r.normal()), y0 = Float64Array.from({ length: 300 }, () => 1.3 * r.normal());
    x0[0] = grid[10]; y0[0] = grid[n - 1]; x0[1] = -5; y0[1] = 5; // exact grid points and far outside
    const x = x0.slice(), y = y0.slice();
    tabulatedPfOde2d(g, grid, grid, table, x, y);
    let m = 0;
    for (let k = 0; k < x0.length; k++) {
      let a = x0[k], b = y0[k];
      for (let j = 0; j < 30; j++) {
        const dt = g.times[j + 1] - g.times[j];
        const q = 2 * ((j * n + gridLookupIndex(grid, a)) * n + gridLookupIndex(grid, b));
        const na = a - (g.beta[j] * a + g.diffusion[j] * ((g.alpha[j] * table[q] - a) / g.sigma2[j])) * dt;
        b = b - (g.beta[j] * b + g.diffusion[j] * ((g.alpha[j] * table[q + 1] - b) / g.sigma2[j])) * dt;
        a = na;
      }
      m = Math.max(m, Math.abs(a - x[k]), Math.abs(b - y[k]));
    }
    assert.ok(m < 1e-12, `max diff ${m}`);
  }
});

test("lookup rule: first grid point ≥ value, per coordinate; below the grid 0, above n − 1", () => {
  const g = vastolaEulerGrid(vp, eps, 1, 1);
  const { c, d } = eulerCoefficients(g);
  const grid = Float64Array.from({ length: 200 }, (_, i) => (i === 199 ? 1.5 : i * (3 / 199) - 1.5));
  const table = new Float64Array(2 * 200 * 200);
  for (let i = 0; i < 200; i++) for (let l = 0; l < 200; l++) { table[2 * (i * 200 + l)] = i; table[2 * (i * 200 + l) + 1] = l; }
  const xs = [grid[37], grid[37] + 1e-13, -2, 1.7, grid[0], grid[199], 0.1234];
  const ys = [grid[120] - 1e-13, grid[120], grid[5], -1.50000001, 3, grid[198] + 1e-9, -0.77];
  const x = Float64Array.from(xs), y = Float64Array.from(ys);
  tabulatedPfOde2d(g, grid, grid, table, x, y);
  const idx = (v0: number, v1: number) => Math.round((v1 - c[0] * v0) / d[0]);
  assert.deepEqual(xs.map((v, k) => idx(v, x[k])), xs.map((v) => gridLookupIndex(grid, v)));
  assert.deepEqual(ys.map((v, k) => idx(v, y[k])), ys.map((v) => gridLookupIndex(grid, v)));
  assert.deepEqual(xs.map((v, k) => idx(v, x[k])), [37, 38, 0, 199, 0, 199, gridLookupIndex(grid, 0.1234)]);
  assert.throws(() => tabulatedPfOde2d(g, grid, grid, new Float64Array(5), x, y), (e: unknown) => e instanceof DomainError && e.parameter === "table");
  assert.throws(() => tabulatedPfOde2d(g, grid, grid, table, x, new Float64Array(2)), (e: unknown) => e instanceof DomainError && e.parameter === "y");
});

test("exactPfOde2d: with μ̂ = 0 each coordinate is multiplied by Π c_j", () => {
  const g = vastolaEulerGrid(vp, eps, 30, 1);
  const { c } = eulerCoefficients(g);
  const prod = c.reduce((s, v) => s * v, 1);
  const x = Float64Array.from([0.5, -1]), y = Float64Array.from([2, 0.25]);
  exactPfOde2d(g, (_x, _y, _j, out) => { out[0] = 0; out[1] = 0; }, x, y);
  assert.ok(Math.abs(x[0] - 0.5 * prod) < 1e-15 && Math.abs(y[1] - 0.25 * prod) < 1e-15);
});

test("2-D histogram: right-open bins on linspace(lo, hi, bins + 1), out-of-range dropped, joint sums to 1, columns of p(y|x) sum to 1", () => {
  const e = histogramEdges2d(200);
  assert.equal(e.length, 201);
  assert.equal(e[0], -1.5);
  assert.equal(e[200], 1.5);
  const r = rng(8);
  const xs = Array.from({ length: 2000 }, () => 0.9 * r.normal()), ys = Array.from({ length: 2000 }, (_, k) => 0.5 * r.normal() + (k % 2 ? 0.4 : -0.4));
  xs.push(1.5, -1.5, 0); ys.push(0, -1.5, 1.5);
  const h = gridHistogram2d(xs, ys);
  // independent route: numpy-style searchsorted(edges, v, 'right') − 1 by linear scan
  const bin = (v: number) => { let k = 0; while (k <= 200 && e[k] <= v) k++; return k - 1; };
  const ref = new Float64Array(40000);
  let n = 0;
  xs.forEach((v, k) => { const i = bin(v), l = bin(ys[k]); if (i >= 0 && i < 200 && l >= 0 && l < 200) { ref[i * 200 + l]++; n++; } });
  assert.deepEqual(h.counts, ref);
  assert.equal(h.inRange, n);
  assert.equal(h.counts[0], 1); // (−1.5, −1.5) kept, (1.5, 0) and (0, 1.5) dropped
  const p = jointProbabilities2d(h.counts, h.inRange);
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  const q = columnNormalized2d(h.counts, 200);
  for (let ix = 0; ix < 200; ix++) {
    let s = 0, c = 0;
    for (let iy = 0; iy < 200; iy++) { s += q[ix * 200 + iy]; c += h.counts[ix * 200 + iy]; }
    assert.ok(c === 0 ? s === 0 : Math.abs(s - 1) < 1e-12);
  }
});

test("shape regions: points, edges, diagonals, centre; x ↔ y symmetry at 45° swaps horizontal and vertical edges; the 0° diamond has neither", () => {
  const centers = Float64Array.from({ length: 200 }, (_, k) => -1.5 + (k + 0.5) * 0.015);
  const a = vpSchedule().alpha(eps);
  const pts = (deg: number) => Float64Array.from(vastolaSquareSet((deg * Math.PI) / 180).points, (v) => a * v);
  const R = VASTOLA_F3_REGION;
  const m45 = vastolaF3RegionMask(pts(45), centers), m0 = vastolaF3RegionMask(pts(0), centers);
  let h = 0, v = 0;
  for (let i = 0; i < 200; i++) for (let l = 0; l < 200; l++) {
    const b = m45[i * 200 + l], t = m45[l * 200 + i];
    assert.equal(Boolean(b & R.horizontalEdges), Boolean(t & R.verticalEdges));
    assert.equal(b & (R.points | R.edges | R.diagonals | R.centre), t & (R.points | R.edges | R.diagonals | R.centre));
    if (b & R.horizontalEdges) h++;
    if (b & R.verticalEdges) v++;
    assert.equal(m0[i * 200 + l] & (R.horizontalEdges | R.verticalEdges), 0);
    if (b & R.points) assert.equal(b & (R.edges | R.diagonals), 0);
  }
  assert.ok(h > 0 && h === v);
  const at = (x: number, y: number) => m0[Math.floor((x + 1.5) / 0.015) * 200 + Math.floor((y + 1.5) / 0.015)];
  assert.equal(at(0.001, 0.001), R.centre | R.diagonals);
  assert.equal(at(0.99, 0.01), R.points);
  assert.equal(at(0.5, 0.5), R.edges);
  assert.equal(at(0.6, 0.001), R.diagonals);
  assert.equal(at(-1.4, 1.4), 0);
});

test("vastolaRatioEstimate: Σr/ΣT with a delta-method SE; exact for proportional data", () => {
  const e = vastolaRatioEstimate([1, 2, 3], [2, 4, 6]);
  assert.equal(e.mean, 0.5);
  assert.equal(e.standardError, 0);
  const f = vastolaRatioEstimate([1, 2, 4], [2, 2, 2]);
  assert.ok(Math.abs(f.mean - 7 / 6) < 1e-15);
  // equal totals: the SE is the plain SE of r/T
  const sd = Math.sqrt(((0.5 - 7 / 6) ** 2 + (1 - 7 / 6) ** 2 + (2 - 7 / 6) ** 2) / 2 / 3);
  assert.ok(Math.abs(f.standardError - sd) < 1e-15);
  assert.throws(() => vastolaRatioEstimate([1], [1]), (x: unknown) => x instanceof DomainError && x.parameter === "r");
});

test("fixed case: 24 explicit training samples → μ̂ at 3 points (recorded values; dual and primal routes both reproduce them)", () => {
  const sq = vastolaSquareSet(0), P = 24;
  const tr: LinearTrainingSet2d = { x0: new Float64Array(2 * P), t: new Float64Array(P), x: new Float64Array(2 * P), weight: new Float64Array(P) };
  for (let i = 0; i < P; i++) {
    const m = i % 4, t = 0.02 + 0.04 * i, a = vp.alpha(t), s = Math.sqrt(vp.sigma2(t));
    tr.x0[2 * i] = sq.points[2 * m]; tr.x0[2 * i + 1] = sq.points[2 * m + 1]; tr.t[i] = t;
    tr.x[2 * i] = a * sq.points[2 * m] + s * Math.sin(1.7 * i + 0.3); tr.x[2 * i + 1] = a * sq.points[2 * m + 1] + s * Math.cos(2.3 * i);
    tr.weight[i] = (a * a) / (s * s);
  }
  const recorded = {
    gaussian: [[0.584829209389, -0.371893393197], [-0.100592241488, 0.00427390111088], [0.00650509908421, 0.001813742344]],
    fourier: [[-0.249318949105, 0.0950097127636], [-0.0652419164219, 0.0193198262283], [0.108862128949, 0.329700401304]],
  };
  const pts = [[0.3, -0.2, 0.05], [-1, 0.9, 0.5], [0.7, 0.7, 0.9]];
  for (const kind of ["gaussian", "fourier"] as const) {
    const ax = axes(kind, 5, 5, 4);
    for (const solver of ["dual", "primal"] as const) {
      const m = fitLinearDenoiser2d(tr, ...ax, 0.1, solver);
      pts.forEach(([x, y, t], q) => {
        const v = linearDenoiserAt2d(m, x, y, t);
        for (let d = 0; d < 2; d++) assert.ok(Math.abs(v[d] - recorded[kind][q][d]) < 1e-10, `${kind} ${solver} point ${q}: ${v[d]}`);
      });
    }
  }
});
