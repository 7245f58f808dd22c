// Property-based tests: hundreds of generated inputs, valid and invalid, at every public function of the core
// modules. Each call must either return finite numbers (or an exact +-Infinity where that is the mathematical
// answer) or throw a DomainError that names the offending parameter. Never NaN, never another error type.
import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Matrix } from "ml-matrix";
import {
  rng, Rng, MAX_SEED, symEig, matrixFunction, cholesky, logDet, solveSPD, columnMeans, sampleCovariance,
  mulTransposed, gaussian, gaussianFromEig, isotropicGaussian, standardGaussian, sampleGaussian, logDensity,
  logDensityRows, entropy, klDivergence, Gaussian, meanWithError, monteCarlo, klMonteCarlo, ksStatistic, ksPValue,
  kolmogorovSurvival, requireMatrix, requireSymmetric, DomainError, type SymEig,
} from "difftheory";
import { assertNumbers, outcome } from "../support/outcome.js";

const RUNS = { numRuns: 200, seed: 20240611, includeErrorInReport: true };
const FEW_RUNS = { numRuns: 100, seed: 20240611, includeErrorInReport: true };

// ----------------------------------------------------------------------------------------------------------------
// Generators.

const special = fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e-300, -1e-300, 1e300, -1e300, Number.MAX_VALUE);
const ordinary = fc.double({ min: -10, max: 10, noNaN: true });
/** mostly ordinary numbers, sometimes special ones */
const num = fc.oneof({ arbitrary: ordinary, weight: 6 }, { arbitrary: special, weight: 1 });
const vector = (min = 0, max = 6) => fc.array(num, { minLength: min, maxLength: max });
const cleanVector = (d: number) => fc.array(ordinary, { minLength: d, maxLength: d });

/** any matrix up to 5 x 5, including empty ones and non-finite entries */
const anyMatrix = fc
  .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }))
  .chain(([r, c]) =>
    fc
      .array(fc.array(num, { minLength: c, maxLength: c }), { minLength: r, maxLength: r })
      .map((rows) => (r === 0 ? new Matrix(0, c) : new Matrix(rows))),
  );

const scales = fc.constantFrom(1, 1, 1, 1e-8, 1e8, 1e-120, 1e120, 1e-300, 1e300);

/** B B^T * scale with B d x k, k <= d: PSD and singular when k < d; sometimes perturbed off symmetry */
const psdMatrix = fc
  .record({
    d: fc.integer({ min: 1, max: 5 }),
    k: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: MAX_SEED }),
    scale: scales,
    asymmetry: fc.constantFrom(0, 0, 0, 1e-14, 1e-3),
  })
  .map(({ d, k, seed, scale, asymmetry }) => {
    const B = rng(seed).normalMatrix(d, Math.min(k, d));
    const S = mulTransposed(B, B).mul(scale);
    if (asymmetry > 0 && d > 1) S.set(0, 1, S.get(0, 1) + asymmetry * scale);
    return S;
  });

/** V diag(values) V^T with some eigenvalues tiny (1e-14, 1e-9 relative) or exactly zero */
const nearSingular = fc
  .record({
    d: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    small: fc.array(fc.constantFrom(1, 0.3, 1e-9, 1e-14, 0, -1e-14, -1e-3), { minLength: 5, maxLength: 5 }),
  })
  .map(({ d, seed, small }) => {
    const B = rng(seed).normalMatrix(d, d);
    const V = symEig(B.add(B.transpose())).vectors;
    const values = small.slice(0, d);
    values[0] = 1;
    return V.mmul(Matrix.diag(values)).mmul(V.transpose());
  });

const covariance = fc.oneof(psdMatrix, nearSingular, anyMatrix);

/** a Gaussian in dimension d (valid, possibly singular), or undefined when the generated covariance was rejected */
const gaussianOf = (d: number) =>
  fc.tuple(cleanVector(d), fc.oneof(psdMatrix, nearSingular), fc.integer({ min: 0, max: 1000 })).map(([m, S, seed]) => {
    if (S.rows !== d) {
      const B = rng(seed).normalMatrix(d, 1 + (seed % d));
      S = mulTransposed(B, B);
    }
    return outcome(() => gaussian(m, S), ["cov", "mean"]);
  });

const dimension = fc.integer({ min: 1, max: 4 });

// ----------------------------------------------------------------------------------------------------------------
// rng.ts

test("rng(seed) and its methods: finite draws or DomainError", () => {
  const seed = fc.oneof(fc.integer({ min: 0, max: MAX_SEED }), fc.constantFrom(0, MAX_SEED, -1, MAX_SEED + 1, 0.5), num);
  const count = fc.oneof(fc.integer({ min: 0, max: 20 }), num);
  const label = fc.oneof(fc.integer({ min: 0, max: MAX_SEED }), fc.string(), num);
  fc.assert(
    fc.property(seed, count, label, (s, n, l) => {
      const r = outcome(() => rng(s), ["seed"]);
      if (!r) return;
      outcome(() => r.fork(l), ["label"]);
      outcome(() => r.normals(n), ["n"]);
      outcome(() => r.normalMatrix(n, 3), ["rows"]);
      outcome(() => r.integer(n), ["n"]);
      outcome(() => r.permutation(n), ["n"]);
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
    }),
    RUNS,
  );
});

// ----------------------------------------------------------------------------------------------------------------
// linalg.ts

test("symEig on any matrix: a finite decomposition or DomainError naming A; valid input reconstructs", () => {
  fc.assert(
    fc.property(covariance, (A) => {
      const eig = outcome(() => symEig(A), ["A"]);
      if (!eig) return;
      const d = A.rows;
      assert.equal(eig.values.length, d);
      for (let i = 1; i < d; i++) assert.ok(eig.values[i] <= eig.values[i - 1]);
      const norm = Math.max(...A.to2DArray().flat().map(Math.abs));
      if (norm > 0 && norm < 1e250 && norm > 1e-250) {
        const recon = eig.vectors.mmul(Matrix.diag(Array.from(eig.values))).mmul(eig.vectors.transpose());
        const err = Math.max(...recon.sub(A).to2DArray().flat().map(Math.abs));
        assert.ok(err <= 1e-9 * norm, `reconstruction error ${err} vs |A| ${norm}`);
      }
    }),
    RUNS,
  );
});

test("matrixFunction: finite matrix or DomainError naming f / eig", () => {
  const f = fc.constantFrom<(x: number) => number>(Math.sqrt, Math.log, (x) => 1 / x, Math.abs, Math.exp, (x) => x * 1e300, () => NaN);
  fc.assert(
    fc.property(covariance, f, (A, fn) => {
      const eig = outcome(() => symEig(A), ["A"]);
      if (eig) outcome(() => matrixFunction(eig, fn), ["f"]);
    }),
    RUNS,
  );
  const junkEig = fc.record({ values: vector(0, 4).map((v) => new Float64Array(v)), vectors: anyMatrix });
  fc.assert(
    fc.property(junkEig, (eig) => {
      outcome(() => matrixFunction(eig as SymEig, Math.abs), ["eig", "eig.values", "eig.vectors", "f"]);
    }),
    RUNS,
  );
});

test("cholesky, logDet and solveSPD: finite or DomainError naming A / b", () => {
  fc.assert(
    fc.property(covariance, fc.oneof(vector(0, 6), anyMatrix), (A, b) => {
      outcome(() => cholesky(A), ["A"]);
      outcome(() => logDet(A), ["A"]);
      outcome(() => solveSPD(A, b as never), ["A", "b"]);
    }),
    RUNS,
  );
});

test("logDet of a positive-definite matrix equals the sum of log-eigenvalues", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: MAX_SEED }), scales, (d, seed, scale) => {
      const B = rng(seed).normalMatrix(d, d);
      const A = mulTransposed(B, B).add(Matrix.eye(d)).mul(scale);
      const viaEig = symEig(A).values.reduce((s, l) => s + Math.log(l), 0);
      assert.ok(Math.abs(logDet(A) - viaEig) <= 1e-10 * Math.max(1, Math.abs(viaEig)));
    }),
    FEW_RUNS,
  );
});

test("columnMeans, sampleCovariance, mulTransposed, requireMatrix, requireSymmetric: finite or DomainError", () => {
  fc.assert(
    fc.property(anyMatrix, anyMatrix, fc.boolean(), (X, Y, center) => {
      outcome(() => columnMeans(X), ["X"]);
      const S = outcome(() => sampleCovariance(X, { center }), ["X"]);
      if (S) for (let i = 0; i < S.rows; i++) assert.ok(S.get(i, i) >= 0);
      outcome(() => mulTransposed(X, Y), ["A", "B"]);
      outcome(() => requireMatrix("M", X), ["M"]);
      outcome(() => requireSymmetric("M", X), ["M"]);
    }),
    RUNS,
  );
});

// ----------------------------------------------------------------------------------------------------------------
// gaussian.ts

test("gaussian(mean, cov) on any input: a valid Gaussian or DomainError naming mean / cov / options", () => {
  fc.assert(
    fc.property(vector(0, 6), covariance, fc.constantFrom(undefined, 0, 1e-12, 0.5, -1, 2, NaN), (m, S, tol) => {
      const g = outcome(() => gaussian(m, S, tol === undefined ? {} : { tolerance: tol }), ["mean", "cov", "options.tolerance"]);
      if (!g) return;
      assert.ok(g.rank >= 0 && g.rank <= g.dim);
      assert.ok(g.eig.values.every((v) => v >= 0));
    }),
    RUNS,
  );
});

test("every Gaussian operation on generated (possibly singular) Gaussians: finite, exact infinities, or DomainError", () => {
  const pair = dimension.chain((d) => fc.tuple(gaussianOf(d), gaussianOf(d), vector(d, d), fc.integer({ min: 0, max: 20 })));
  fc.assert(
    fc.property(pair, ([p, q, x, n]) => {
      if (!p || !q) return;
      const X = outcome(() => sampleGaussian(p, rng(n), n), ["n"]);
      if (X) {
        assert.equal(X.rows, n);
        outcome(() => logDensityRows(q, X), ["cov"], { negInf: true });
      }
      outcome(() => logDensity(p, x), ["cov", "x"], { negInf: true });
      const h = outcome(() => entropy(p), [], { negInf: true });
      assert.equal(h === -Infinity, p.rank < p.dim);
      const kl = outcome(() => klDivergence(p, q), [], { posInf: true }) as number;
      assert.ok(kl >= 0);
      if (p.rank !== q.rank) assert.equal(kl, Infinity);
      if (p.rank === p.dim && q.rank === q.dim) assert.ok(Number.isFinite(kl));
      assert.equal(klDivergence(p, p), 0);
      outcome(() => klMonteCarlo(p, q, rng(1), 50), ["p", "q"]);
      assertNumbers([p.covariance, p.precision, p.logPseudoDeterminant], {});
    }),
    RUNS,
  );
});

test("KL between singular Gaussians: Infinity unless the supports coincide, never NaN", () => {
  // Same eigenvectors, spectra with zeros in generated places, means shifted inside or outside the support.
  const spectra = fc.array(fc.constantFrom(0, 0, 1e-15, 0.5, 2), { minLength: 3, maxLength: 3 });
  fc.assert(
    fc.property(spectra, spectra, fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, 1, 2), (a, b, seed, shiftAxis) => {
      const B = rng(seed).normalMatrix(3, 3);
      const V = symEig(B.add(B.transpose())).vectors;
      const cov = (s: number[]) => V.mmul(Matrix.diag(s)).mmul(V.transpose());
      const shift = Array.from(V.getColumn(shiftAxis));
      const p = gaussian([0, 0, 0], cov(a));
      const q = gaussian(shift, cov(b));
      const klGeneral = klDivergence(p, q);
      const klShared = klDivergence(
        gaussianFromEig([0, 0, 0], { values: new Float64Array(a), vectors: V }),
        gaussianFromEig(shift, { values: new Float64Array(b), vectors: V }),
      );
      for (const kl of [klGeneral, klShared]) {
        assert.ok(kl >= 0, `kl = ${kl}`);
        // ranks are relative: an eigenvalue counts when above ~2.2e-10 times the largest of its own spectrum
        const positive = (s: number[]) => s.map((v) => v > 1e-9 * Math.max(...s));
        const [pa, pb] = [positive(a), positive(b)];
        const sameSupport = pa.every((v, i) => v === pb[i]) && pb[shiftAxis];
        assert.equal(Number.isFinite(kl), sameSupport, `a=${a} b=${b} shift=${shiftAxis}: ${kl}`);
      }
      if (Number.isFinite(klGeneral)) assert.ok(Math.abs(klGeneral - klShared) <= 1e-8 * Math.max(1, klGeneral));
    }),
    RUNS,
  );
});

test("gaussianFromEig, isotropicGaussian, standardGaussian on any input: a Gaussian or DomainError", () => {
  const eig = fc.oneof(
    fc.record({ values: vector(0, 5).map((v) => new Float64Array(v)), vectors: anyMatrix }),
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 99 }), vector(5, 5)).map(([d, seed, v]) => {
      const B = rng(seed).normalMatrix(d, d);
      return { values: new Float64Array(v.slice(0, d)), vectors: symEig(B.add(B.transpose())).vectors };
    }),
  );
  fc.assert(
    fc.property(vector(0, 5), eig, num, fc.oneof(fc.integer({ min: -2, max: 6 }), num), (m, e, variance, d) => {
      outcome(() => gaussianFromEig(m, e as SymEig), ["mean", "eig", "eig.values", "eig.vectors"]);
      outcome(() => isotropicGaussian(m, variance), ["mean", "variance"]);
      outcome(() => standardGaussian(d), ["d"]);
    }),
    RUNS,
  );
});

// ----------------------------------------------------------------------------------------------------------------
// montecarlo.ts

test("meanWithError, ksStatistic, ksPValue, kolmogorovSurvival on any input: finite or DomainError", () => {
  fc.assert(
    fc.property(vector(0, 8), num, fc.oneof(fc.integer({ min: -2, max: 1000 }), num), (xs, D, n) => {
      const m = outcome(() => meanWithError(xs), ["values"]);
      if (m) assert.ok(m.standardError >= 0);
      const ks = outcome(() => ksStatistic(xs, (x) => Math.min(1, Math.max(0, x))), ["samples"]);
      if (ks !== undefined) assert.ok(ks >= 0 && ks <= 1);
      outcome(() => ksStatistic(xs, (x) => x), ["samples", "cdf"]);
      const p = outcome(() => ksPValue(D, n), ["statistic", "n"]);
      if (p !== undefined) assert.ok(p >= 0 && p <= 1);
      const s = outcome(() => kolmogorovSurvival(D), ["lambda"]);
      if (s !== undefined) assert.ok(s >= 0 && s <= 1);
    }),
    RUNS,
  );
});

test("monteCarlo with arbitrary integrands: a finite estimate or DomainError naming f / n", () => {
  fc.assert(
    fc.property(num, fc.oneof(fc.integer({ min: -1, max: 30 }), num), (c, n) => {
      outcome(() => monteCarlo((r) => c * r.normal(), rng(1), n), ["f", "n"]);
    }),
    RUNS,
  );
});
