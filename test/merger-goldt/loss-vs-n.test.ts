import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, lossVersusN, lossVersusNClaims, lossStepsFigure, lossHierarchyFigure, gramModeSummary, powerLawSpectrum, rng,
  sampleDiagonalGaussian, spectralFit, linearLosses, linearLossesFromModes, linearModelKl, linearKlFromModes, modeSamplingLaw,
  ddpmSchedule, replicaLosses, mgCachedReplicaCheck,
} from "difftheory";

const isDomain = (name: string) => (e: unknown) => e instanceof DomainError && e.parameter === name;
const schedule = ddpmSchedule();

// the notebook's parameters: the spec's MG-R2/MG-R3 grid (d = 100, k = 0..3, 11 sizes, 5 seeds) and the MG-C13 grid
// (d = 200, k = 0, 1, 2, N ∈ {50, 100, 400, 1600}, 10 seeds)
const result = lossVersusN();

test("MG-C1, C2, C3, C4, C13 and C15 reproduce at the spec's parameters (recorded status)", () => {
  const claims = lossVersusNClaims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["MG-C1", "pass"], ["MG-C1", "pass"], ["MG-C1", "pass"],
    ["MG-C2", "pass"], ["MG-C2", "pass"], ["MG-C2", "pass"],
    ["MG-C3", "pass"], ["MG-C3", "pass"], ["MG-C4", "pass"], ["MG-C13", "pass"], ["MG-C15", "pass"],
  ]);
  // MG-C2: the memorising model's KL is exactly Infinity, never NaN or a huge finite number
  assert.equal(result.data.memorisation.klForward, Infinity);
  assert.equal(result.data.memorisation.klReverse, Infinity);
});

test("the cached MG-C13 check (data/merger-goldt/mg-c13-replica-check.json) equals the live run number for number", () => {
  const cache = mgCachedReplicaCheck();
  assert.ok(cache !== undefined);
  assert.deepEqual([cache.seed, cache.T, cache.trace, cache.ridge], [result.data.params.seed, 1000, "d", 0]);
  assert.equal(JSON.stringify(cache.check), JSON.stringify(result.data.check));
  assert.equal(result.data.checkCached, false);
  const cached = lossVersusN({ seeds: 1, sizes: [50, 200], theoryPoints: 3, cachedCheck: cache.check });
  assert.equal(cached.data.checkCached, true);
  assert.equal(lossVersusNClaims(cached.data).find((c) => c.id === "MG-C13")?.status, "pass");
});

test("finite-size deviations from the replica theory are largest at N = d and larger at t = 1 than t-averaged", () => {
  const d = result.data.params.d;
  for (const k of [0, 1]) {
    const at = result.data.cells.find((c) => c.k === k && c.N === d);
    const far = result.data.cells.find((c) => c.k === k && c.N === 8 * d);
    assert.ok(at && far);
    const dev = Math.abs(at.test.mean / at.replicaTest - 1);
    const dev1 = Math.abs(at.testStep1.mean / at.replicaTestStep1 - 1);
    assert.ok(dev1 > dev, `k = ${k}: t = 1 deviation ${dev1} vs t-averaged ${dev}`);
    assert.ok(dev > Math.abs(far.test.mean / far.replicaTest - 1));
  }
});

test("the Gram route (N < d) equals the full eigen-decomposition route: eigenvalues, losses and KL", () => {
  const d = 30;
  const lam = powerLawSpectrum(d, 1.5);
  const r = rng(17);
  const Z = new Float64Array(12 * d);
  for (let n = 0; n < 12; n++) Z.set(r.normals(d), n * d);
  for (const N of [5, 12]) {
    const m = gramModeSummary(Z, N, lam);
    const fit = spectralFit(sampleDiagonalGaussian(lam, N, rng(17)));
    assert.equal(m.rank, N);
    for (let i = 0; i < d; i++) assert.ok(Math.abs(m.eigenvalues[i] - fit.eigenvalues[i]) < 1e-12 * fit.eigenvalues[0], `l_${i}`);
    for (const ridge of [0, 1e-3]) {
      const a = linearLossesFromModes(m.eigenvalues, m.ctilde, schedule, { ridge });
      const b = linearLosses(fit, schedule, { variances: lam }, { ridge });
      for (const t of [1, 10, 1000]) {
        assert.ok(Math.abs(a.test[t - 1] / b.test[t - 1] - 1) < 1e-9, `test t = ${t}`);
        assert.ok(Math.abs(a.train[t - 1] / b.train[t - 1] - 1) < 1e-9, `train t = ${t}`);
      }
      const S = Float64Array.from(m.eigenvalues, (l) => modeSamplingLaw(l, schedule, { ridge }).variance);
      const klA = linearKlFromModes(S, m.ctilde, m.qinv, lam);
      const klB = linearModelKl(fit, schedule, { variances: lam }, { ridge });
      if (ridge === 0) {
        assert.equal(klA.forward, Infinity);
        assert.equal(klB.forward, Infinity);
      } else {
        assert.ok(Math.abs(klA.forward / klB.forward - 1) < 1e-9);
        assert.ok(Math.abs(klA.reverse / klB.reverse - 1) < 1e-9);
      }
    }
  }
});

test("the sweep is deterministic for a seed; N < d and N >= d share the nested stream", () => {
  const p = { d: 20, sizes: [10, 20, 40], seeds: 2, theoryPoints: 5, checkD: 20, checkSizes: [10, 40], checkSeeds: 2 };
  const a = lossVersusN(p);
  const b = lossVersusN(p);
  assert.equal(JSON.stringify(a.data.cells), JSON.stringify(b.data.cells));
  assert.equal(JSON.stringify(a.figure), JSON.stringify(b.figure));
  // the replica lines at N → ∞ sit on the optimum; the sampled test loss at N = 2d is above the optimum
  const lam = powerLawSpectrum(20, 1);
  const th = a.data.theory[1];
  assert.ok(Math.abs(replicaLosses(lam, 1e9, schedule).testMean / th.optimum - 1) < 1e-6);
  for (const c of a.data.cells) assert.ok(c.test.mean > a.data.theory[a.data.params.ks.indexOf(c.k)].optimum);
});

test("figures: MG-R2 with its t = 1 panel, the MG-R2 slider over t, MG-R3 test/optimum per k", () => {
  assert.equal(result.figure.id, "MG-R2");
  const steps = lossStepsFigure(result.data);
  assert.equal(steps.id, "MG-R2-steps");
  const slider = (steps.layout.sliders as { steps: { args: [{ visible: boolean[] }] }[] }[])[0];
  assert.equal(slider.steps.length, result.data.params.steps.length);
  for (const s of slider.steps) {
    assert.equal(s.args[0].visible.length, steps.data.length);
    assert.equal(s.args[0].visible.filter(Boolean).length, 5 * result.data.params.ks.length);
  }
  const r3 = lossHierarchyFigure(result.data);
  assert.equal(r3.id, "MG-R3");
  assert.equal(r3.data.filter((t) => String(t.name ?? "").startsWith("k = ")).length, 4);
});

test("validation: DomainErrors name the parameter", () => {
  assert.throws(() => lossVersusN({ sizes: [50, 25] }), isDomain("sizes"));
  assert.throws(() => lossVersusN({ ks: [-1] }), isDomain("ks"));
  assert.throws(() => lossVersusN({ steps: [0] }), isDomain("steps"));
  assert.throws(() => lossVersusN({ ridge: -1 }), isDomain("ridge"));
  assert.throws(() => lossVersusN({ seeds: 0 }), isDomain("seeds"));
  assert.throws(() => gramModeSummary(new Float64Array(6), 3, [1, 1]), isDomain("N"));
  assert.throws(() => gramModeSummary(new Float64Array(2), 2, [1, 1]), isDomain("Z"));
  assert.throws(() => gramModeSummary(new Float64Array(4), 2, [1, 0]), isDomain("variances"));
  assert.throws(() => linearLossesFromModes([1, 2], [1], schedule), isDomain("ctilde"));
  assert.throws(() => linearLossesFromModes([-1], [1], schedule), isDomain("eigenvalues"));
  assert.throws(() => linearKlFromModes([1, -1], [1, 1], [1, 1], [1, 1]), isDomain("variances"));
  assert.throws(() => linearKlFromModes([1, 1], [1, 1], [1, 1], [1, 0]), isDomain("target.variances"));
  assert.deepEqual(linearKlFromModes([0, 1], [1, 1], [1, 1], [1, 1]), { forward: Infinity, reverse: Infinity });
});
