import test from "node:test";
import assert from "node:assert/strict";
import { rng, Rng, DomainError, ksStatistic, ksPValue, meanWithError, MAX_SEED } from "difftheory";

/**
 * Standard normal CDF through erfc, Numerical Recipes' Chebyshev fit `erfcc` (fractional error < 1.2e-7 everywhere),
 * far below the KS resolution 1/sqrt(n) of the tests below.
 */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const isDomainError = (parameter: string) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && e.message.startsWith(parameter);

test("the same seed gives the same numbers", () => {
  const a = rng(2024);
  const b = rng(2024);
  assert.deepEqual(a.normals(1000), b.normals(1000));
  assert.deepEqual([a.uniform(), a.integer(10), a.normal()], [b.uniform(), b.integer(10), b.normal()]);
});

test("golden values: seed 42 gives these numbers bit for bit on every machine", () => {
  const r = rng(42);
  const got = [r.normal(), r.normal(), r.uniform(), r.integer(1000)];
  assert.deepEqual(got, GOLDEN_42);
});
// Recorded once from this implementation (MT19937 init_by_array [0x64746831, 42] + stdlib improved ziggurat).
const GOLDEN_42 = [-1.1713466132988977, -0.9748029805469184, 0.19957486547938863, 152];

test("different seeds give different streams", () => {
  const xs = [0, 1, 2, MAX_SEED].map((s) => rng(s).normals(4));
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) assert.notDeepEqual(xs[i], xs[j]);
});

test("seeds at both ends of [0, 2^32 - 1] work; others throw DomainError naming seed", () => {
  assert.ok(Number.isFinite(rng(0).normal()));
  assert.ok(Number.isFinite(rng(MAX_SEED).normal()));
  assert.ok(Rng.fromSeed(7) instanceof Rng);
  for (const bad of [-1, MAX_SEED + 1, 1.5, NaN, Infinity]) assert.throws(() => rng(bad), isDomainError("seed"));
});

test("fork is deterministic and independent of the order of evaluation and of parent draws", () => {
  const a = rng(5);
  const x = a.fork(1).normals(8);
  const b = rng(5);
  b.normals(100);
  b.fork("other").normals(3);
  const y = b.fork(1).normals(8);
  assert.deepEqual(x, y);
  assert.deepEqual(rng(5).fork("N=10").fork(3).normals(4), rng(5).fork("N=10").fork(3).normals(4));
});

test("forking does not consume or change the parent stream", () => {
  const a = rng(9);
  a.fork(1);
  a.fork("x").normals(50);
  assert.deepEqual(a.normals(20), rng(9).normals(20));
});

test("forks with different labels or paths give different streams", () => {
  const root = rng(11);
  const streams = [
    root.normals(4),
    rng(11).fork(0).normals(4),
    rng(11).fork(1).normals(4),
    rng(11).fork("1").normals(4),
    rng(11).fork(1).fork(2).normals(4),
    rng(11).fork(2).fork(1).normals(4),
    rng(12).fork(1).normals(4),
  ];
  for (let i = 0; i < streams.length; i++) {
    for (let j = i + 1; j < streams.length; j++) assert.notDeepEqual(streams[i], streams[j], `streams ${i} and ${j}`);
  }
  assert.deepEqual(rng(11).fork(1).fork(2).path, [1, 2]);
});

test("fork labels: numbers must be integers in [0, 2^32 - 1]", () => {
  for (const bad of [-1, 0.5, MAX_SEED + 1, NaN]) assert.throws(() => rng(1).fork(bad), isDomainError("label"));
  assert.ok(rng(1).fork(MAX_SEED) instanceof Rng);
});

test("uniform draws pass a Kolmogorov-Smirnov test against U(0, 1)", () => {
  const r = rng(123);
  const n = 50000;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = r.uniform();
  assert.ok(u.every((x) => x >= 0 && x < 1));
  const D = ksStatistic(u, (x) => x);
  assert.ok(ksPValue(D, n) > 1e-3, `D = ${D}`);
});

test("normal draws pass a Kolmogorov-Smirnov test against N(0, 1)", () => {
  const x = rng(321).normals(50000);
  const D = ksStatistic(x, normalCdf);
  assert.ok(ksPValue(D, x.length) > 1e-3, `D = ${D}`);
});

test("the KS test has power: normal draws fail against N(0.05, 1)", () => {
  const x = rng(321).normals(50000);
  const D = ksStatistic(x, (t) => normalCdf(t - 0.05));
  assert.ok(ksPValue(D, x.length) < 1e-6, `D = ${D}`);
});

test("normal moments: mean 0, variance 1, skewness 0, kurtosis 3 within 5 standard errors", () => {
  const n = 100000;
  const x = rng(77).normals(n);
  const moment = (k: number) => meanWithError(Array.from(x, (v) => v ** k));
  const checks: Array<[number, number]> = [
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 3],
  ];
  for (const [k, expected] of checks) {
    const m = moment(k);
    assert.ok(Math.abs(m.mean - expected) < 5 * m.standardError, `E x^${k} = ${m.mean} +- ${m.standardError}`);
  }
});

test("integer(n) is uniform on 0..n-1 (chi-square test)", () => {
  const r = rng(8);
  const n = 7;
  const draws = 70000;
  const counts = new Array(n).fill(0);
  for (let i = 0; i < draws; i++) {
    const k = r.integer(n);
    assert.ok(Number.isInteger(k) && k >= 0 && k < n);
    counts[k]++;
  }
  const expected = draws / n;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  assert.ok(chi2 < 22.5, `chi2 = ${chi2} (6 dof, p = 0.001 at 22.46)`);
  assert.equal(r.integer(1), 0);
  for (const bad of [0, -3, 2.5, 2 ** 32 + 1]) assert.throws(() => r.integer(bad), isDomainError("n"));
});

test("permutation returns each of 0..n-1 once", () => {
  const p = rng(3).permutation(100);
  assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.equal(rng(3).permutation(0).length, 0);
});

test("normalMatrix is filled row by row from the normal stream", () => {
  const M = rng(4).normalMatrix(3, 5);
  const v = rng(4).normals(15);
  assert.equal(M.rows, 3);
  assert.equal(M.columns, 5);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) assert.equal(M.get(i, j), v[i * 5 + j]);
  assert.throws(() => rng(1).normalMatrix(-1, 2), isDomainError("rows"));
  assert.throws(() => rng(1).normals(1.5), isDomainError("n"));
});
