import test from "node:test";
import assert from "node:assert/strict";
import { klVersusN, klVersusNParallel, klExcessSweep, klExcessSweepParallel, klSweepSeed, klVersusNClaims, mgCachedMonteCarlo, samplingLawCheck, mgSetting, forEachNestedFit, powerLawSpectrum, rng, spectralFit, sampleDiagonalGaussian } from "difftheory";

const cache = mgCachedMonteCarlo();
// the notebook's parameters (the spec's: d = 100, 20 seeds, N/d from 2 to 64, k = 0..3), with the cached Monte Carlo
const result = await klVersusNParallel({ cachedZScores: cache?.zScores }); // bit for bit klVersusN (tested below)

test("MG-C7 … MG-C11 and MG-C14 reproduce at the spec's parameters (recorded status)", () => {
  const claims = klVersusNClaims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["MG-C7", "pass"], ["MG-C7", "pass"], ["MG-C8", "pass"], ["MG-C9", "pass"], ["MG-C10", "pass"],
    ["MG-C11", "pass"], ["MG-C11", "pass"], ["MG-C14", "pass"], ["MG-C14", "pass"],
  ]);
});

test("MG-C11 live: per-mode = full matrix, and 2000 Monte Carlo chains give |z| < 5 on every mode; the cache is consistent", () => {
  const live = samplingLawCheck(mgSetting(), 2000, 7);
  assert.ok(live.maxRelDiff < 1e-10);
  for (const z of live.zScores) assert.ok(Math.abs(z) < 5, `z = ${z}`);
  assert.ok(cache !== undefined, "data/merger-goldt/mg-c11-montecarlo.json is present");
  assert.equal(cache.samples, 20000);
  for (const z of cache.zScores) assert.ok(Math.abs(z) < 5);
  live.variances.forEach((v, i) => assert.ok(Math.abs(v - (cache as unknown as { variances: number[] }).variances[i]) < 1e-12 * v));
});

test("nested fits equal fits of the explicitly drawn data sets (same stream, prefix rows)", () => {
  const lam = powerLawSpectrum(6, 1);
  const seen: number[][] = [];
  forEachNestedFit(rng(5), { spectra: [lam], sizes: [7, 20] }, (fit) => seen.push(Array.from(fit.eigenvalues)));
  const X = sampleDiagonalGaussian(lam, 20, rng(5));
  const direct7 = spectralFit(X.subMatrix(0, 6, 0, 5)).eigenvalues;
  const direct20 = spectralFit(X).eigenvalues;
  seen[0].forEach((v, i) => assert.ok(Math.abs(v - direct7[i]) < 1e-12));
  seen[1].forEach((v, i) => assert.ok(Math.abs(v - direct20[i]) < 1e-12));
});

test("the figure is deterministic for a seed and draws the d/(4N) line, 4 spectra and the collapse panel", () => {
  const small = klVersusN({ d: 20, ratios: [2, 8], seeds: 3, collapseDims: [10, 20], affineSeeds: 2, monteCarloSamples: 200 });
  const again = klVersusN({ d: 20, ratios: [2, 8], seeds: 3, collapseDims: [10, 20], affineSeeds: 2, monteCarloSamples: 200 });
  assert.equal(JSON.stringify(small.figure), JSON.stringify(again.figure));
  assert.equal(result.figure.id, "MG-R6");
  assert.equal(result.figure.data.filter((t) => String(t.name ?? "").startsWith("k = ")).length, 4);
});

test("the worker-thread sweep equals the single-thread sweep bit for bit (cells, figure and claims)", async () => {
  const o = { d: 12, ks: [0, 2], ratios: [2, 4], seeds: 5, seed: 9 };
  const single = klExcessSweep(o);
  assert.equal(JSON.stringify((await klExcessSweepParallel(o, 2)).cells), JSON.stringify(single.cells));
  assert.equal(JSON.stringify((await klExcessSweepParallel(o, 0)).cells), JSON.stringify(single.cells));
  // a seed's values depend on its own stream only
  assert.deepEqual(klSweepSeed(o, 3), [0, 1].map((ki) => [0, 1].map((ni) => single.cells[ki * 2 + ni].klPerDim[3])));
  const p = { d: 20, ratios: [2, 8], seeds: 3, collapseDims: [10, 20], affineSeeds: 2, monteCarloSamples: 200 };
  const a = klVersusN(p);
  const b = await klVersusNParallel(p);
  assert.equal(JSON.stringify(b.data), JSON.stringify(a.data));
  assert.equal(JSON.stringify(b.figure), JSON.stringify(a.figure));
});
