import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, rng, vastolaS2, vastolaS2Ensembles, loadVastolaS2Ensembles, vastolaS2LiveSlice, vastolaS2Claims, vastolaS2Findings,
  vastolaS2Table, vastolaS2ScalingTable, vastolaS2QuadratureTable, vastolaS2SummaryTable, vastolaS2RatioFigure, vastolaS2SurrogateFigure,
  vastolaGaussianSurrogateWeights, vastolaS2CoarseL1, VASTOLA_S2_POINTS,
} from "difftheory";

// The notebook's run: the cached 400-model ensembles (data/vastola/s2-ensembles.json), everything else live.
const ens = loadVastolaS2Ensembles();
const full = vastolaS2({ mcSamples: 2e4 }, ens);

test("V-S2 claims keep their recorded status: V-C11 passes; V-C11b, V-C11c, V-C12 and V-C16 do not reproduce", () => {
  assert.deepEqual(vastolaS2Claims(full.data).map((c) => [c.id, c.status]), [
    ["V-C11", "pass"],
    ["V-C11b", "does not reproduce"],
    ["V-C11c", "does not reproduce"],
    ["V-C12", "does not reproduce"],
    ["V-C16", "does not reproduce"],
  ]);
});

test("the recorded reasons: F/P = 1 spreads more than predicted, F/P = 4 shrinks the mean, P·Var falls faster than 1/P, the surrogate L1 sits above its noise floor", () => {
  const [e4, e1, e64] = full.data.ensembles;
  assert.ok(e1.medianRatio > 1.5 && e64.medianRatio < 0.8);
  const shrunk = e64.mean.filter((m, i) => Math.abs(m.mean - e64.predicted[i].mean) > 4 * m.standardError && Math.abs(m.mean) < Math.abs(e64.predicted[i].mean));
  assert.ok(shrunk.length >= 5);
  assert.ok(e4.mean.every((m, i) => Math.abs(m.mean - e4.predicted[i].mean) < 4 * m.standardError));
  assert.ok(full.data.scaling.ratio.filter((_, i) => full.data.scaling.wellSampled[i]).every((r) => r < 1));
  const s = full.data.surrogates[0];
  assert.ok(s.l1 > 0.1 && s.l1Noise > 0.1 && s.l1 < 2 * s.l1Noise);
  assert.ok(full.data.surrogates[1].l1 > 2 * full.data.surrogates[1].l1Noise);
});

test("the cache is what this code computes: a live slice of 2 models per size matches bit for bit", () => {
  const r = vastolaS2LiveSlice(ens, 2);
  assert.deepEqual(r, { compared: 4 * 2 * VASTOLA_S2_POINTS.length, mismatches: 0 });
});

test("a live run is deterministic and does not depend on the thread count", () => {
  const p = { models: 6, trainSizes: [256, 64], scalingSizes: [64, 256] as [number, number], surrogateSizes: [64], samplesPerModel: 500, gridPoints: 50 };
  const a = vastolaS2Ensembles({ ...p, threads: 1 }), b = vastolaS2Ensembles({ ...p, threads: 2 });
  assert.equal(JSON.stringify({ ...a, redoneUnits: 0 }), JSON.stringify({ ...b, redoneUnits: 0 }));
  assert.equal(b.redoneUnits, 0);
  assert.throws(() => vastolaS2({ ...p, models: 7 }, a), (e: unknown) => e instanceof DomainError && e.parameter === "ensembles");
});

test("Gaussian-W surrogate draws have the ensemble's empirical mean and covariance", () => {
  const n = 4, F = 3;
  const W = Float64Array.from([1, 2, 0, 3, -1, 1, 0, 0, 2, 2, 1, -1]);
  const mean = [0, 1, 2].map((f) => [0, 1, 2, 3].reduce((s, k) => s + W[k * F + f], 0) / n);
  const cov = (f: number, g: number) => [0, 1, 2, 3].reduce((s, k) => s + (W[k * F + f] - mean[f]) * (W[k * F + g] - mean[g]), 0) / (n - 1);
  const reps = 20000;
  const r = rng(3);
  const m1 = new Float64Array(F), m2 = new Float64Array(F * F);
  for (let i = 0; i < reps; i++) {
    const d = vastolaGaussianSurrogateWeights(W, F, r.normals(n * n));
    for (let j = 0; j < n; j++) for (let f = 0; f < F; f++) {
      m1[f] += d[j * F + f] / (reps * n);
      for (let g = 0; g < F; g++) m2[f * F + g] += ((d[j * F + f] - mean[f]) * (d[j * F + g] - mean[g])) / (reps * n);
    }
  }
  for (let f = 0; f < F; f++) {
    assert.ok(Math.abs(m1[f] - mean[f]) < 4 * Math.sqrt(cov(f, f) / (reps * n)) + 1e-12);
    for (let g = 0; g < F; g++) assert.ok(Math.abs(m2[f * F + g] - cov(f, g)) < 0.05 * Math.sqrt(cov(f, f) * cov(g, g)) + 1e-12, `cov ${f},${g}: ${m2[f * F + g]} vs ${cov(f, g)}`);
  }
  assert.throws(() => vastolaGaussianSurrogateWeights(W, F, new Float64Array(3)), (e: unknown) => e instanceof DomainError && e.parameter === "z");
});

test("tables, findings and figures", () => {
  assert.equal(vastolaS2Table(full.data, 0).rows.length, 21);
  assert.equal(vastolaS2ScalingTable(full.data).rows.length, 21);
  assert.equal(vastolaS2QuadratureTable(full.data).rows.length, 63);
  assert.equal(vastolaS2SummaryTable(full.data).rows.length, 3);
  assert.ok(vastolaS2Findings(full.data).length >= 9);
  assert.equal(full.figure.data.length, 3 * 3 * 3);
  assert.equal(vastolaS2RatioFigure(full.data).data.length, 5);
  assert.equal(vastolaS2SurrogateFigure(full.data).data.length, 6);
  assert.ok(Math.abs(vastolaS2CoarseL1([1, 2, 3], [1, 2, 3], 0.1, 2)) === 0);
  assert.ok(Math.abs(vastolaS2CoarseL1([1, 0], [0, 1], 1, 2)) === 0 && vastolaS2CoarseL1([1, 0], [0, 1], 1, 1) === 2);
});

test("parameters are validated", () => {
  assert.throws(() => vastolaS2({ models: 2 }), (e: unknown) => e instanceof DomainError && e.parameter === "models");
  assert.throws(() => vastolaS2({ trainSizes: [0] }), (e: unknown) => e instanceof DomainError && e.parameter === "trainSizes");
  assert.throws(() => loadVastolaS2Ensembles("/nonexistent/s2.json"), (e: unknown) => e instanceof DomainError && e.parameter === "path");
});
