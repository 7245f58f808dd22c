import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, rng, vpSchedule, linearVarianceSchedule, meanWithError, vastolaGapSet, vastolaFig1Set, pointMassSet, vastolaEulerGrid,
  pointMassPfOde, naiveEstimatorSample, gridHistogram1d, gridMass, intervalsAround, nearestPointStats, pointMassDensity1d, VASTOLA_GAP_INTERVALS,
} from "difftheory";

const vp = vpSchedule();
const set = vastolaGapSet();

test("the Euler grid is numpy's flip(linspace(ε, T, steps + 1)) with the schedule's coefficients", () => {
  const g = vastolaEulerGrid(vp, 0.01, 30);
  assert.equal(g.times.length, 31);
  assert.equal(g.times[0], 1);
  assert.equal(g.times[30], 0.01);
  assert.ok(Math.abs(g.times[29] - (0.01 + 0.99 / 30)) < 1e-15);
  assert.equal(g.sigma2[5], vp.sigma2(g.times[5]));
  assert.equal(g.diffusion[7], vp.beta(g.times[7]));
  assert.throws(() => vastolaEulerGrid(vp, 0, 30), (e: unknown) => e instanceof DomainError && e.parameter === "eps");
  assert.throws(() => vastolaEulerGrid(vp, 0.01, 0), (e: unknown) => e instanceof DomainError && e.parameter === "steps");
});

test("a fine PF-ODE with the exact score reproduces p(x | ε) (masses 1/3, second moment α²·2/3 + σ²)", () => {
  const eps = 0.01;
  const x = pointMassPfOde(set, vp, { eps, steps: 1000, samples: 6000, rng: rng(3) });
  const a = vp.alpha(eps), s2 = vp.sigma2(eps);
  const st = nearestPointStats(x, [-a, 0, a]);
  for (const m of st.mass) assert.ok(Math.abs(m - 1 / 3) < 4 * Math.sqrt((1 / 3) * (2 / 3) / 6000), `mass ${m}`);
  const m2 = meanWithError(Array.from(x, (v) => v * v));
  assert.ok(Math.abs(m2.mean - ((2 / 3) * a * a + s2)) < 4 * m2.standardError + 2e-3, `${m2.mean}`);
  for (const sd of st.sd) assert.ok(Math.abs(sd - Math.sqrt(s2)) < 0.1 * Math.sqrt(s2), `sd ${sd} vs ${Math.sqrt(s2)}`);
});

test("V-C6 unit: the naive estimator with κ = 0 is the PF-ODE bit for bit, in 1-D and in 2-D", () => {
  const o = { eps: 0.01, steps: 200, samples: 300, rng: rng(5) };
  const ode = pointMassPfOde(set, vp, o);
  for (const scheme of ["categorical", "gaussian"] as const) assert.deepEqual(naiveEstimatorSample(set, vp, { ...o, kappa: 0, scheme }), ode);
  const hex = vastolaFig1Set("polygon");
  const o2 = { eps: 0.05, steps: 50, samples: 200, rng: rng(6) };
  const ode2 = pointMassPfOde(hex, linearVarianceSchedule(), { ...o2, T: 0.99 });
  for (const scheme of ["categorical", "gaussian"] as const) assert.deepEqual(naiveEstimatorSample(hex, linearVarianceSchedule(), { ...o2, T: 0.99, kappa: 0, scheme }), ode2);
});

test("one step of either scheme adds zero-mean noise with covariance κΔD²C (categorical vs Gaussian, 2-D and 1-D)", () => {
  for (const [pts, d] of [[pointMassSet([[0, 0], [1, 0], [0, 1], [1, 1.5]]), 2], [set, 1]] as const) {
    const o = { eps: 0.2, steps: 1, samples: 20000, rng: rng(8), T: 0.3 };
    const ode = pointMassPfOde(pts, vp, o);
    const diffs = (["categorical", "gaussian"] as const).map((scheme) => {
      const x = naiveEstimatorSample(pts, vp, { ...o, kappa: 0.5, scheme });
      return x.map((v, i) => v - ode[i]);
    });
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) {
      const mom = diffs.map((D) => meanWithError(Array.from({ length: o.samples }, (_, k) => D[k * d + i] * D[k * d + j])));
      assert.ok(Math.abs(mom[0].mean - mom[1].mean) < 4 * Math.hypot(mom[0].standardError, mom[1].standardError), `second moment ${i}${j}: ${mom[0].mean} vs ${mom[1].mean}`);
      if (i === j) for (const D of diffs) {
        const mean = meanWithError(Array.from({ length: o.samples }, (_, k) => D[k * d + i]));
        assert.ok(Math.abs(mean.mean) < 4 * mean.standardError);
      }
    }
  }
});

test("samplers are deterministic for a seed and validate their options", () => {
  const o = { eps: 0.01, steps: 20, samples: 50, rng: rng(9), kappa: 0.1, scheme: "categorical" as const };
  assert.deepEqual(naiveEstimatorSample(set, vp, o), naiveEstimatorSample(set, vp, { ...o, rng: rng(9) }));
  const is = (p: string) => (e: unknown) => e instanceof DomainError && e.parameter === p;
  assert.throws(() => naiveEstimatorSample(set, vp, { ...o, kappa: -1 }), is("kappa"));
  assert.throws(() => naiveEstimatorSample(set, vp, { ...o, scheme: "other" as "gaussian" }), is("scheme"));
  assert.throws(() => pointMassPfOde(set, vp, { ...o, samples: 0 }), is("samples"));
});

test("the official 1-D histogram: centres on the grid, half-cell shifted edges, in-range normalisation", () => {
  const h = gridHistogram1d([-1.5, -1.5 - 0.9 * (3 / 199) / 2, 1.5 + (3 / 199) / 2, 0, 7], 200);
  assert.equal(h.dx, 3 / 199);
  assert.equal(h.centers[0], -1.5);
  assert.equal(h.centers[199], 1.5);
  assert.equal(h.inRange, 4);
  assert.equal(h.density[0], 2 / (4 * h.dx));
  assert.equal(h.density[199], 1 / (4 * h.dx));
  assert.ok(Math.abs(h.density.reduce((s, v) => s + v, 0) * h.dx - 1) < 1e-12);
});

test("grid-sum masses, windows and nearest-point statistics by hand", () => {
  const grid = [-1, -0.5, 0, 0.5, 1];
  const p = [1, 2, 3, 4, 5];
  assert.equal(gridMass(grid, p, 0.5, VASTOLA_GAP_INTERVALS), (2 + 4) * 0.5);
  assert.equal(gridMass(grid, p, 0.5, intervalsAround([-1, 0, 1], 0.1)), (1 + 3 + 5) * 0.5);
  const st = nearestPointStats([-1.1, -0.9, 0.05, 1.2, 0.9], [-1, 0, 1]);
  assert.deepEqual(Array.from(st.mass), [0.4, 0.2, 0.4]);
  assert.ok(Math.abs(st.sd[0] - 0.1) < 1e-12 && st.sd[1] === 0 && Math.abs(st.sd[2] - 0.15) < 1e-12);
  assert.ok(Math.abs(st.outside - 0.2) < 1e-15);
  assert.ok(Math.abs(st.rmsDistance - Math.sqrt((0.01 + 0.01 + 0.0025 + 0.04 + 0.01) / 5)) < 1e-12);
});

test("V-C5 closed form: p(x | ε = 0.01) has peak mass ≈ 0.8868 and gap mass ≈ 5.3e−5 (grid sums near those)", () => {
  const h = gridHistogram1d([0]);
  const p = pointMassDensity1d(set, vp, 0.01, h.centers);
  const peak = gridMass(h.centers, p, h.dx, intervalsAround([-1, 0, 1], 0.1));
  const gap = gridMass(h.centers, p, h.dx, VASTOLA_GAP_INTERVALS);
  assert.ok(Math.abs(peak - 0.8868) < 0.01, `${peak}`);
  assert.ok(gap > 1e-5 && gap < 2e-4, `${gap}`);
});
