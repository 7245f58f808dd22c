import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, wishartKlForward, wishartKlReverse, mpKlForwardPerDim, mpKlReversePerDim, marchenkoPastur, marchenkoPasturDensity,
  replicaKappa, replicaLosses, ddpmSchedule, powerLawSpectrum, rng, gaussian, klDivergence, columnMeans, sampleCovariance,
  sampleDiagonalGaussian, spectralFit, linearLosses, meanWithError,
} from "difftheory";

const isDomain = (name: string) => (e: unknown) => e instanceof DomainError && e.parameter === name;

test("Wishart: the spec's closed-form values (ratio 1.055 at N/d = 8, 1.015 at 64; estimated mean 0.0706, 0.01645)", () => {
  assert.ok(Math.abs((wishartKlForward(100, 800) / 100) * 32 - 1.055) < 5e-4);
  assert.ok(Math.abs((wishartKlForward(100, 6400) / 100) * 256 - 1.015) < 5e-4);
  assert.ok(Math.abs(wishartKlForward(100, 400, "estimated") / 100 - 0.0706) < 5e-5);
  assert.ok(Math.abs(wishartKlForward(100, 1600, "estimated") / 100 - 0.01645) < 5e-6);
  assert.ok(Math.abs(mpKlForwardPerDim(1 / 8) - 0.03264) < 5e-6);
  // leading order d(d+1)/(4N)
  assert.ok(Math.abs(wishartKlForward(10, 1e6) / ((10 * 11) / 4e6) - 1) < 1e-3);
  assert.equal(wishartKlForward(10, 9), Infinity);
  assert.equal(wishartKlReverse(10, 11), Infinity);
  assert.ok(Number.isFinite(wishartKlReverse(10, 12)));
  // the series branch joins the closed form
  assert.ok(Math.abs(mpKlForwardPerDim(0.000999) - mpKlForwardPerDim(0.001001)) < 1e-6);
  assert.ok(Math.abs(mpKlReversePerDim(0.000999) - mpKlReversePerDim(0.001001)) < 1e-6);
  assert.equal(mpKlForwardPerDim(1), Infinity);
});

test("Wishart: the exact expectations agree with Monte Carlo of Gaussian fits (both directions, both mean modes)", () => {
  const d = 3;
  const N = 12;
  const Sigma = Matrix.diag([2, 1, 0.5]);
  const truth = gaussian([0, 0, 0], Sigma);
  const r = rng(11);
  const fk: number[] = [], rk: number[] = [], fe: number[] = [], re: number[] = [];
  for (let s = 0; s < 4000; s++) {
    const X = sampleDiagonalGaussian([2, 1, 0.5], N, r);
    const known = gaussian([0, 0, 0], sampleCovariance(X, { center: false }));
    const est = gaussian(columnMeans(X), sampleCovariance(X));
    fk.push(klDivergence(known, truth));
    rk.push(klDivergence(truth, known));
    fe.push(klDivergence(est, truth));
    re.push(klDivergence(truth, est));
  }
  const close = (xs: number[], exact: number, what: string) => {
    const m = meanWithError(xs);
    assert.ok(Math.abs(m.mean - exact) < 4 * m.standardError, `${what}: MC ${m.mean} ± ${m.standardError}, exact ${exact}`);
  };
  close(fk, wishartKlForward(d, N), "forward, known");
  close(rk, wishartKlReverse(d, N), "reverse, known");
  close(fe, wishartKlForward(d, N, "estimated"), "forward, estimated");
  close(re, wishartKlReverse(d, N, "estimated"), "reverse, estimated");
});

test("Marchenko–Pastur: edges, atom, and the density integrates to min(1, 1/ρ)", () => {
  const mp = marchenkoPastur(0.25);
  assert.ok(Math.abs(mp.lower - 0.25) < 1e-15 && Math.abs(mp.upper - 2.25) < 1e-15 && mp.atom === 0);
  assert.ok(Math.abs(marchenkoPastur(2).atom - 0.5) < 1e-15);
  for (const rho of [0.25, 2]) {
    const { lower, upper } = marchenkoPastur(rho);
    let s = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) {
      const x = lower + ((upper - lower) * (i + 0.5)) / n;
      s += (marchenkoPasturDensity(x, rho) * (upper - lower)) / n;
    }
    assert.ok(Math.abs(s - Math.min(1, 1 / rho)) < 2e-3, `rho ${rho}: ${s}`);
  }
});

test("replica: κ solves its equation, and the N → ∞ limit is the population optimum", () => {
  const lam = powerLawSpectrum(100, 1);
  for (const [N, lp] of [[50, 1e-4], [100, 1e-3], [400, 1e-4], [1e4, 10]] as const) {
    const k = replicaKappa(lam, N, lp);
    let df1 = 0;
    for (const l of lam) df1 += l / (l + k);
    assert.ok(Math.abs(k * (1 - df1 / N) - lp) < 1e-10 * lp, `N ${N}`);
  }
  const schedule = ddpmSchedule();
  const big = replicaLosses(lam, 1e9, schedule);
  let opt = 0;
  for (let t = 1; t <= 1000; t++) {
    let v = 0;
    for (const l of lam) v += (schedule.alphaBar[t] * l) / (schedule.alphaBar[t] * l + schedule.sigma2[t]);
    opt += v / 100 / 1000;
  }
  assert.ok(Math.abs(big.testMean / opt - 1) < 1e-5 && Math.abs(big.trainMean / opt - 1) < 1e-5);
});

test("replica: train and test losses match simulation away from N = d (d = 100, 5 seeds, within 5%)", () => {
  const schedule = ddpmSchedule();
  for (const k of [0, 1, 2]) {
    const lam = powerLawSpectrum(100, k);
    for (const N of [50, 400]) {
      let te = 0;
      let tr = 0;
      for (let s = 0; s < 5; s++) {
        const fit = spectralFit(sampleDiagonalGaussian(lam, N, rng(100 + s).fork(k).fork(N)));
        const L = linearLosses(fit, schedule, { variances: lam });
        te += L.testMean / 5;
        tr += L.trainMean / 5;
      }
      const th = replicaLosses(lam, N, schedule);
      assert.ok(Math.abs(te / th.testMean - 1) < 0.05, `k ${k} N ${N} test ${te} vs ${th.testMean}`);
      assert.ok(Math.abs(tr / th.trainMean - 1) < 0.05, `k ${k} N ${N} train ${tr} vs ${th.trainMean}`);
    }
  }
});

test("theory validation: DomainErrors name the parameter", () => {
  assert.throws(() => wishartKlForward(0, 10), isDomain("d"));
  assert.throws(() => wishartKlForward(3, 2.5), isDomain("N"));
  assert.throws(() => mpKlForwardPerDim(0), isDomain("rho"));
  assert.throws(() => replicaKappa([1, 2], 10, 0), isDomain("lambdaPrime"));
  assert.throws(() => replicaKappa([1, -2], 10, 1), isDomain("variances"));
  assert.throws(() => replicaLosses([1, 2], -1, ddpmSchedule()), isDomain("N"));
});
