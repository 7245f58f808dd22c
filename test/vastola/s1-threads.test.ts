import test from "node:test";
import assert from "node:assert/strict";
import { vastolaS1 } from "difftheory";

// V-S1 computes its batches as independent units on worker threads; the numbers must not depend on the thread count.
test("V-S1 samples and statistics are identical on 1 and 2 threads", () => {
  const p = { batches: 3, batchSize: 60, steps: 200, kappas: [0, 0.1, 1], identitySamples: 50 };
  const a = vastolaS1({ ...p, threads: 1 }), b = vastolaS1({ ...p, threads: 2 });
  const strip = (d: typeof a.data) => JSON.stringify({ ...d, params: { ...d.params, threads: 0 }, runs: d.runs.map((r) => ({ ...r, density: Array.from(r.density) })) });
  assert.equal(strip(a.data), strip(b.data));
  assert.equal(JSON.stringify(a.figure), JSON.stringify(b.figure));
});

// The step-noise stream is a choice (xoshiro by default, MT19937 as before): both must give the same law.
test("V-S1 with xoshiro and with MT19937 step noise: κ = 0 is the PF-ODE for both, point masses agree within 4 SE", async () => {
  const { vastolaGapSet, vpSchedule, naiveEstimatorSample, pointMassPfOde, rng, DomainError } = await import("difftheory");
  const o = { eps: 0.01, steps: 200, samples: 300, rng: rng(4) };
  const ode = pointMassPfOde(vastolaGapSet(), vpSchedule(), o);
  for (const scheme of ["categorical", "gaussian"] as const) {
    assert.deepEqual(naiveEstimatorSample(vastolaGapSet(), vpSchedule(), { ...o, kappa: 0, scheme, noise: "xoshiro" }), ode);
  }
  assert.throws(() => naiveEstimatorSample(vastolaGapSet(), vpSchedule(), { ...o, kappa: 0.1, scheme: "gaussian", noise: "x" as "xoshiro" }), (e: unknown) => e instanceof DomainError && e.parameter === "noise");
  const p = { batches: 8, batchSize: 300, steps: 300, kappas: [0, 1], identitySamples: 20 };
  const a = vastolaS1({ ...p, noise: "mt19937" }).data, b = vastolaS1({ ...p, noise: "xoshiro" }).data;
  for (const scheme of ["categorical", "gaussian"] as const) {
    const ra = a.runs.find((r) => r.kappa === 1 && r.scheme === scheme)!, rb = b.runs.find((r) => r.kappa === 1 && r.scheme === scheme)!;
    for (let m = 0; m < 3; m++) {
      const se = Math.hypot(ra.pointMass[m].standardError, rb.pointMass[m].standardError);
      assert.ok(Math.abs(ra.pointMass[m].mean - rb.pointMass[m].mean) < 4 * se, `${scheme}, point ${m}`);
    }
  }
});
