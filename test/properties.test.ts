// Property-based tests of the denoisers, the sampler, the nearest-neighbour tests and the claims: generated inputs,
// valid and invalid; every call returns finite numbers or throws a DomainError naming the parameter.
import test from "node:test";
import fc from "fast-check";
import { Matrix } from "ml-matrix";
import {
  checkClaim, ddpmSchedule, empiricalDenoiser, fractionWithin, gaussianDenoiser, memorizedFraction, nearestDistances,
  posteriorWeights, rng, sampleAncestral, type Comparison,
} from "difftheory";
import { outcome } from "./support/outcome.js";

const RUNS = { numRuns: 200, seed: 20261123 };
const special = fc.constantFrom(NaN, Infinity, -Infinity, 0, 1e-300, 1e300, -1e300);
const num = fc.oneof({ arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 8 }, { arbitrary: special, weight: 1 });
const matrix = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 }))
  .chain(([r, c]) => fc.array(fc.array(num, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }).map((rows) => (r === 0 ? new Matrix(0, c) : new Matrix(rows))));
const vector = fc.array(num, { minLength: 0, maxLength: 4 }).map((v) => Float64Array.from(v));
const scale = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), special);
const variance = fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), special);

test("posterior weights and the empirical denoiser: finite weights summing to 1, or a named error", () => {
  fc.assert(
    fc.property(matrix, vector, scale, variance, (points, x, a, s2) => {
      outcome(() => posteriorWeights(points, x, a, s2), ["x", "a", "s2"]);
      const den = outcome(() => empiricalDenoiser(points), ["points"]);
      if (den) outcome(() => den.denoise(x, a, s2), ["x", "a", "s2"]);
    }),
    RUNS,
  );
});

test("the Gaussian denoiser on any mean and covariance (singular, near-singular, non-finite)", () => {
  const cov = fc.array(fc.array(num, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((A) => {
    const M = new Matrix(A);
    return M.transpose().mmul(M); // PSD, often singular (rank <= rows), sometimes non-finite
  });
  fc.assert(
    fc.property(fc.array(num, { minLength: 2, maxLength: 2 }), cov, vector, scale, variance, (mean, C, x, a, s2) => {
      const den = outcome(() => gaussianDenoiser(mean, C), ["mean", "cov", "A"]);
      if (den) outcome(() => den.denoise(x, a, s2), ["x", "a", "s2"]);
    }),
    RUNS,
  );
});

test("the ancestral sampler: finite samples for any valid denoiser, named errors otherwise", () => {
  const schedule = ddpmSchedule({ T: 20 });
  fc.assert(
    fc.property(matrix, fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(NaN, 1.5)), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (points, n, seed) => {
      const den = outcome(() => empiricalDenoiser(points), ["points"]);
      if (den) outcome(() => sampleAncestral(den, schedule, rng(seed), n), ["n"]);
    }),
    { ...RUNS, numRuns: 100 },
  );
});

test("nearest-neighbour tests on any samples and points", () => {
  fc.assert(
    fc.property(matrix, matrix, fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), special), (samples, points, r) => {
      outcome(() => nearestDistances(samples, points), ["samples", "points"], { posInf: true });
      outcome(() => fractionWithin(samples, points, r), ["samples", "points", "radius"]);
      outcome(() => memorizedFraction(samples, points, r), ["samples", "points", "ratio"]);
    }),
    RUNS,
  );
});

test("claims: any numbers give a status, never an exception beyond named errors", () => {
  const comparison = fc.constantFrom<Comparison>("abs", "rel", "<=", ">=");
  fc.assert(
    fc.property(num, num, fc.oneof(num, fc.constant(undefined)), comparison, (measured, expected, tolerance, c) => {
      outcome(() => checkClaim({ id: "P-C1", paper: "p", statement: "s", measured, expected, tolerance, comparison: c }), ["tolerance", "measured", "expected"], { posInf: true, negInf: true });
    }),
    RUNS,
  );
});
