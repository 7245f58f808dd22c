// Library pieces behind Halder's sanity anchors (spec §3 item 11): draws of a kernel mixture (the memorizer) and
// Δ_KL from generated sample rows, each against an independent route.
import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { DomainError, kernelFromRows, kernelLogDensityRows, relativeKlRows, relativeKlSamples, rng, sampleKernelRows } from "difftheory";

const isDomain = (parameter: string) => (e: unknown) => e instanceof DomainError && e.parameter === parameter;

test("sampleKernelRows: mixture moments (mean = mean of the points, covariance = their biased covariance + ε²I) within 4 SE", () => {
  const d = 3;
  const pts = Float64Array.from([0, 0, 0, 4, 1, -2, -1, 3, 5, 2, -2, 1, 10, 0, 0]);
  const n = pts.length / d;
  const K = kernelFromRows(pts, n, d, { bandwidth: "fixed", epsilon: 0.7 });
  const m = 40000;
  const x = sampleKernelRows(K, rng(11), m);
  assert.equal(x.length, m * d);
  for (let t = 0; t < d; t++) {
    let mu = 0;
    let v = 0;
    for (let i = 0; i < n; i++) mu += pts[i * d + t] / n;
    for (let i = 0; i < n; i++) v += (pts[i * d + t] - mu) ** 2 / n;
    v += 0.49;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < m; i++) {
      s += x[i * d + t];
      s2 += x[i * d + t] ** 2;
    }
    const mean = s / m;
    const variance = s2 / m - mean * mean;
    assert.ok(Math.abs(mean - mu) < 4 * Math.sqrt(v / m), `coordinate ${t}: mean ${mean} vs ${mu}`);
    // SE of a sample variance is √((κ − 1)/m)·v with κ the kurtosis; κ ≤ 2.7 for this mixture, so 4·√6·v/√m (κ = 7) bounds 4 SE generously
    assert.ok(Math.abs(variance - v) < 4 * Math.sqrt(6) * v / Math.sqrt(m), `coordinate ${t}: variance ${variance} vs ${v}`);
  }
  // every draw lies within a few ε of some point (a memorizer never strays far from the training set)
  for (let i = 0; i < 200; i++) {
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      let q = 0;
      for (let t = 0; t < d; t++) q += (x[i * d + t] - pts[j * d + t]) ** 2;
      best = Math.min(best, q);
    }
    assert.ok(Math.sqrt(best) < 0.7 * 6, `draw ${i} is ${Math.sqrt(best)} from the nearest point`);
  }
  // the same seed gives the same draws
  assert.deepEqual(sampleKernelRows(K, rng(11), m), x);
});

test("relativeKlRows equals the mean of ln K_ref − ln K_train computed by hand, and relativeKlSamples on a Matrix", () => {
  const d = 2;
  const r = rng(3);
  const train = kernelFromRows(Float64Array.from(r.normals(6 * d)), 6, d, { sigma: 1 });
  const ref = kernelFromRows(Float64Array.from(r.normals(40 * d)), 40, d, { sigma: 1 });
  const x = Float64Array.from(r.normals(50 * d));
  const est = relativeKlRows(x, 50, train, ref);
  const lr = kernelLogDensityRows(ref, x, 50);
  const lt = kernelLogDensityRows(train, x, 50);
  const diffs = Array.from(lr, (v, i) => v - lt[i]);
  const mean = diffs.reduce((s, v) => s + v, 0) / 50;
  const sd = Math.sqrt(diffs.reduce((s, v) => s + (v - mean) ** 2, 0) / 49);
  assert.ok(Math.abs(est.mean - mean) < 1e-12);
  assert.ok(Math.abs(est.standardError - sd / Math.sqrt(50)) < 1e-12);
  const X = new Matrix(Array.from({ length: 50 }, (_, i) => [x[2 * i], x[2 * i + 1]]));
  assert.ok(Math.abs(relativeKlSamples(X, train, ref).mean - est.mean) < 1e-12);
});

test("sampleKernelRows and relativeKlRows validate their inputs", () => {
  const K = kernelFromRows(Float64Array.from([0, 1, 2, 3]), 2, 2, { sigma: 1 });
  const K3 = kernelFromRows(Float64Array.from([0, 1, 2, 3, 4, 5]), 2, 3, { sigma: 1 });
  assert.throws(() => sampleKernelRows(K, rng(1), 0), isDomain("n"));
  assert.throws(() => sampleKernelRows(K, {} as never, 3), isDomain("rng"));
  assert.throws(() => relativeKlRows(new Float64Array(4), 2, K, K3), isDomain("ref"));
  assert.throws(() => relativeKlRows(new Float64Array(2), 1, K, K), isDomain("n"));
  assert.throws(() => relativeKlRows(new Float64Array(5), 2, K, K), isDomain("x"));
});
