import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, ridgeAndEarlyStopping, ridgeAndEarlyStoppingClaims, earlyStoppingFigure, gdClosedFormCheck, gramModeSummary,
  modalLossesAndKl, forEachNestedModes, powerLawSpectrum, rng, sampleDiagonalGaussian, spectralFit, linearLosses, linearModelKl,
  ddpmSchedule,
} from "difftheory";

const isDomain = (name: string) => (e: unknown) => e instanceof DomainError && e.parameter === name;
const schedule = ddpmSchedule();

// the notebook's parameters: the spec's MG-R4/MG-R5 (d = 100, k = 1, N ∈ {50, 200}, 25 ridges in [1e-5, 1],
// 25 times τ in [1e-1, 1e5], 5 seeds)
const result = ridgeAndEarlyStopping();

test("MG-C5, MG-C6 and MG-C12 reproduce at the spec's parameters (recorded status)", () => {
  const claims = ridgeAndEarlyStoppingClaims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["MG-C5", "pass"], ["MG-C5", "pass"], ["MG-C6", "pass"], ["MG-C6", "pass"], ["MG-C6", "pass"], ["MG-C12", "pass"],
  ]);
});

test("MG-R4/R5 shapes at N < d: KL finite for every c > 0 and finite τ, ∞ converged; train falls monotonically in τ; test is U-shaped", () => {
  const cv = result.data.curves.find((c) => c.N === 50);
  assert.ok(cv);
  assert.equal(cv.converged.kl.mean, Infinity);
  for (const q of [...cv.ridge, ...cv.flow]) assert.ok(Number.isFinite(q.kl.mean) && q.kl.mean > 0);
  for (let i = 1; i < cv.flow.length; i++) assert.ok(cv.flow[i].train.mean <= cv.flow[i - 1].train.mean);
  const tests = cv.flow.map((q) => q.test.mean);
  const i = tests.indexOf(Math.min(...tests));
  assert.ok(i > 0 && i < tests.length - 1, "interior minimum in τ");
  // the ridge replica line matches the simulation within 5% at N = d/2 and N = 2d
  for (const c of result.data.curves) c.ridge.forEach((q, j) => assert.ok(Math.abs(q.test.mean / c.ridgeReplica.test[j] - 1) < 0.05, `N = ${c.N}, c = ${result.data.params.ridges[j]}`));
  // N > d: the converged model's KL is finite
  assert.ok(Number.isFinite(result.data.curves.find((c) => c.N === 200)?.converged.kl.mean));
});

test("MG-C12 live: 50 explicit GD steps equal the closed form within 1e-12 at t = 1, 100, 1000", () => {
  const g = gdClosedFormCheck(schedule);
  assert.deepEqual(g.ts, [1, 100, 1000]);
  for (const v of g.maxAbsDiff) assert.ok(v < 1e-12, String(v));
});

test("mode form (Gram route and full route) equals the fit-based losses and KL under ridge and gradient flow", () => {
  const d = 24;
  const lam = powerLawSpectrum(d, 1);
  for (const N of [10, 40]) {
    const fit = spectralFit(sampleDiagonalGaussian(lam, N, rng(23)));
    const seen: ReturnType<typeof gramModeSummary>[] = [];
    forEachNestedModes(() => rng(23), [lam], [N], (m) => seen.push(m));
    assert.equal(seen.length, 1);
    for (const options of [{ ridge: 0.01 }, { training: { kind: "flow" as const, tau: 30 } }]) {
      const a = modalLossesAndKl(seen[0], lam, schedule, options);
      const b = linearLosses(fit, schedule, { variances: lam }, options);
      const kl = linearModelKl(fit, schedule, { variances: lam }, options);
      assert.ok(Math.abs(a.losses.testMean / b.testMean - 1) < 1e-9, `N = ${N} test`);
      assert.ok(Math.abs(a.losses.trainMean / b.trainMean - 1) < 1e-9, `N = ${N} train`);
      assert.ok(Math.abs(a.kl.forward / kl.forward - 1) < 1e-9, `N = ${N} KL fwd`);
      assert.ok(Math.abs(a.kl.reverse / kl.reverse - 1) < 1e-9, `N = ${N} KL rev`);
    }
  }
});

test("deterministic for a seed; figure ids MG-R4 and MG-R5", () => {
  const p = { d: 20, sizes: [10, 40], ridges: [1e-3, 1e-1], taus: [1, 100], seeds: 2 };
  assert.equal(JSON.stringify(ridgeAndEarlyStopping(p).data), JSON.stringify(ridgeAndEarlyStopping(p).data));
  assert.equal(result.figure.id, "MG-R4");
  assert.equal(earlyStoppingFigure(result.data).id, "MG-R5");
});

test("validation: DomainErrors name the parameter", () => {
  assert.throws(() => ridgeAndEarlyStopping({ sizes: [200, 50] }), isDomain("sizes"));
  assert.throws(() => ridgeAndEarlyStopping({ ridges: [0] }), isDomain("ridges"));
  assert.throws(() => ridgeAndEarlyStopping({ taus: [-1] }), isDomain("taus"));
  assert.throws(() => ridgeAndEarlyStopping({ k: -1 }), isDomain("k"));
  assert.throws(() => ridgeAndEarlyStopping({ seeds: 0 }), isDomain("seeds"));
  assert.throws(() => ridgeAndEarlyStopping({ T: 0 }), isDomain("T"));
  assert.throws(() => forEachNestedModes(() => rng(1), [], [3], () => undefined), isDomain("spectra"));
  assert.throws(() => forEachNestedModes(() => rng(1), [powerLawSpectrum(4, 1)], [3, 2], () => undefined), isDomain("sizes"));
});
