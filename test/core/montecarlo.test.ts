import test from "node:test";
import assert from "node:assert/strict";
import {
  meanWithError, monteCarlo, klMonteCarlo, ksStatistic, ksPValue, kolmogorovSurvival, gaussian, isotropicGaussian,
  standardGaussian, klDivergence, rng, DomainError,
} from "difftheory";
import { Matrix } from "ml-matrix";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && e.message.startsWith(parameter) && (!pattern || pattern.test(e.message));

test("meanWithError by hand: [1, 2, 3, 4] has mean 2.5 and standard error sqrt(5/3)/2", () => {
  const r = meanWithError([1, 2, 3, 4]);
  assert.equal(r.mean, 2.5);
  assert.ok(Math.abs(r.standardError - Math.sqrt(5 / 3) / 2) < 1e-15);
  assert.equal(r.n, 4);
  assert.deepEqual(meanWithError([7, 7, 7]), { mean: 7, standardError: 0, n: 3 });
  assert.deepEqual(meanWithError(new Float64Array([0, 0])), { mean: 0, standardError: 0, n: 2 });
});

test("meanWithError does not overflow for huge finite values", () => {
  const r = meanWithError([1e308, -1e308, 1e308, -1e308]);
  assert.equal(r.mean, 0);
  assert.ok(Number.isFinite(r.standardError) && r.standardError > 5e307);
});

test("meanWithError: fewer than 2 values or non-finite values throw", () => {
  assert.throws(() => meanWithError([1]), isDomainError("values", /at least 2/));
  assert.throws(() => meanWithError([]), isDomainError("values"));
  assert.throws(() => meanWithError([1, NaN]), isDomainError("values", /finite/));
});

test("monteCarlo: the mean of U(0,1) is 1/2 within 4 standard errors, and the error is sqrt(1/12n)", () => {
  const n = 40000;
  const r = monteCarlo((g) => g.uniform(), rng(1), n);
  assert.ok(Math.abs(r.mean - 0.5) < 4 * r.standardError);
  assert.ok(Math.abs(r.standardError / Math.sqrt(1 / 12 / n) - 1) < 0.02);
  assert.throws(() => monteCarlo(() => NaN, rng(1), 5), isDomainError("f", /finite/));
  assert.throws(() => monteCarlo((g) => g.normal(), rng(1), 1), isDomainError("n"));
  assert.throws(() => monteCarlo((g) => g.normal(), null as never, 5), isDomainError("rng"));
});

test("monteCarlo is reproducible: same seed, same estimate", () => {
  const f = (g: ReturnType<typeof rng>) => g.normal() ** 2;
  assert.deepEqual(monteCarlo(f, rng(3), 100), monteCarlo(f, rng(3), 100));
});

test("klMonteCarlo: zero for identical laws, close to the exact KL otherwise; needs densities", () => {
  const p = standardGaussian(2);
  assert.deepEqual(klMonteCarlo(p, p, rng(1), 100).estimate, 0);
  const q = gaussian([1, 0], new Matrix([[2, 0.3], [0.3, 1]]));
  const est = klMonteCarlo(p, q, rng(2), 20000);
  assert.ok(Math.abs(est.estimate - klDivergence(p, q)) < 4 * est.standardError);
  assert.throws(() => klMonteCarlo(isotropicGaussian([0, 0], 0), p, rng(1), 10), isDomainError("p", /full rank/));
  assert.throws(() => klMonteCarlo(p, standardGaussian(3), rng(1), 10), isDomainError("q", /dimension/));
});

test("ksStatistic by hand: samples 0.1, 0.5, 0.9 against U(0,1) give D = 7/30", () => {
  assert.ok(Math.abs(ksStatistic([0.9, 0.1, 0.5], (x) => x) - 7 / 30) < 1e-15);
  assert.equal(ksStatistic([0.5], (x) => x), 0.5);
  assert.throws(() => ksStatistic([], (x) => x), isDomainError("samples"));
  assert.throws(() => ksStatistic([0.5], () => 2), isDomainError("cdf", /\[0, 1\]/));
  assert.throws(() => ksStatistic([0.5], () => NaN), isDomainError("cdf"));
});

test("Kolmogorov distribution: known quantiles (95%: 1.3581, 99%: 1.6276, median 0.8276) and continuity", () => {
  assert.ok(Math.abs(kolmogorovSurvival(1.3581) - 0.05) < 1e-4);
  assert.ok(Math.abs(kolmogorovSurvival(1.6276) - 0.01) < 1e-4);
  assert.ok(Math.abs(kolmogorovSurvival(0.8276) - 0.5) < 1e-4);
  assert.equal(kolmogorovSurvival(0), 1);
  assert.ok(kolmogorovSurvival(0.1) === 1 || kolmogorovSurvival(0.1) > 1 - 1e-12);
  assert.ok(kolmogorovSurvival(10) >= 0 && kolmogorovSurvival(10) < 1e-80);
  // both series agree where they meet
  assert.ok(Math.abs(kolmogorovSurvival(1 - 1e-12) - kolmogorovSurvival(1)) < 1e-11);
  for (let l = 0.05; l < 3; l += 0.05) assert.ok(kolmogorovSurvival(l) >= kolmogorovSurvival(l + 0.05));
  assert.throws(() => kolmogorovSurvival(-1), isDomainError("lambda"));
});

test("ksPValue: large for a correct model, tiny for a wrong one; validated", () => {
  const r = rng(5);
  const u = Array.from({ length: 2000 }, () => r.uniform());
  assert.ok(ksPValue(ksStatistic(u, (x) => x), u.length) > 0.001);
  assert.ok(ksPValue(ksStatistic(u, (x) => x * x), u.length) < 1e-10);
  assert.throws(() => ksPValue(1.5, 10), isDomainError("statistic"));
  assert.throws(() => ksPValue(0.1, 0), isDomainError("n"));
});

test("ksPValue is calibrated: under the null about 5% of p-values fall below 0.05", () => {
  const r = rng(6);
  let rejections = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const u = Array.from({ length: 100 }, () => r.uniform());
    if (ksPValue(ksStatistic(u, (x) => x), u.length) < 0.05) rejections++;
  }
  // binomial(400, 0.05): mean 20, sd 4.4
  assert.ok(rejections >= 6 && rejections <= 36, `${rejections} rejections`);
});
