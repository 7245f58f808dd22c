import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { DomainError, ddpmSchedule, empiricalDenoiser, gaussianDenoiser, rng, sampleAncestral } from "difftheory";

// For 1-D Gaussian data N(0, λ) the Gaussian denoiser is linear, ε̂ = u·s/(a²λ + s²), so the sampler's law is
// Gaussian with variance given by the exact recursion S_{t−1} = A_t² S_t + σ_t², A_t = (1 − β_t/(a_t²λ + s_t²))/√(1 − β_t).
function exactVariance(lambda: number, T: number, variance: "beta" | "betaTilde"): number {
  const sch = ddpmSchedule({ T });
  let S = 1;
  for (let t = T; t >= 1; t--) {
    const A = (1 - sch.beta[t] / (sch.alphaBar[t] * lambda + sch.sigma2[t])) / Math.sqrt(1 - sch.beta[t]);
    const noise = t === 1 ? 0 : variance === "beta" ? sch.beta[t] : sch.betaTilde[t];
    S = A * A * S + noise;
  }
  return S;
}

for (const variance of ["beta", "betaTilde"] as const) {
  test(`sample variance matches the exact Gaussian recursion (σ² = ${variance})`, () => {
    const lambda = 0.7;
    const T = 200;
    const n = 4000;
    const x = sampleAncestral(gaussianDenoiser([0], new Matrix([[lambda]])), ddpmSchedule({ T }), rng(11), n, { variance }).getColumn(0);
    const mean = x.reduce((u, v) => u + v, 0) / n;
    const v = x.reduce((u, xi) => u + (xi - mean) ** 2, 0) / (n - 1);
    const S = exactVariance(lambda, T, variance);
    // standard error of a Gaussian sample variance: S·sqrt(2/(n−1))
    assert.ok(Math.abs(v - S) < 4 * S * Math.sqrt(2 / (n - 1)), `sample ${v} vs exact ${S}`);
    assert.ok(Math.abs(mean) < 4 * Math.sqrt(S / n), `mean ${mean}`);
  });
}

test("with the empirical denoiser every sample ends on a training point", () => {
  const pts = new Matrix([
    [1, 1],
    [-1, 0.5],
    [0, -1],
  ]);
  const x = sampleAncestral(empiricalDenoiser(pts), ddpmSchedule(), rng(3), 50);
  for (let k = 0; k < x.rows; k++) {
    const d = Math.min(...pts.to2DArray().map((p) => Math.hypot(p[0] - x.get(k, 0), p[1] - x.get(k, 1))));
    assert.ok(d < 0.05, `sample ${k} is ${d} from the nearest training point`);
  }
});

test("the same seed gives the same samples, bit for bit", () => {
  const den = empiricalDenoiser(new Matrix([[0, 1], [2, -1]]));
  const sch = ddpmSchedule({ T: 100 });
  assert.deepEqual(sampleAncestral(den, sch, rng(5), 20).to2DArray(), sampleAncestral(den, sch, rng(5), 20).to2DArray());
  assert.notDeepEqual(sampleAncestral(den, sch, rng(5), 20).to2DArray(), sampleAncestral(den, sch, rng(6), 20).to2DArray());
});

test("the sampler validates n and the variance option", () => {
  const den = empiricalDenoiser(new Matrix([[0]]));
  assert.throws(() => sampleAncestral(den, ddpmSchedule({ T: 10 }), rng(1), 0), (e: unknown) => e instanceof DomainError && e.parameter === "n");
  assert.throws(
    () => sampleAncestral(den, ddpmSchedule({ T: 10 }), rng(1), 1, { variance: "other" as "beta" }),
    (e: unknown) => e instanceof DomainError && e.parameter === "variance",
  );
});
