import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, ddpmSchedule, rng, symEig, sampleCovariance, replicaLosses, powerLawSpectrum,
  mnistDigits, pixelMoments, pixelVariances, covarianceSpectrum, eigenpairResidual, vectorAsImage, imageRows, MNIST_DIM,
  randomFieldSpectrum, fieldModeVector, randomFieldCovariance, sampleRandomField,
  powerLawFit, mgF1Simulate, mgF1, mgF1Claims, mgF1SpectraFigure, mgF1ExamplesFigure, mgF1EigenvectorsFigure, mgF1LossFigure,
  mgF1CachedMnist, mgF1CachedSimulation, mgF1SimulationStream, mgF1Spectra,
  type ImageSet,
} from "difftheory";

const isDomain = (name: string) => (e: unknown) => e instanceof DomainError && e.parameter === name;
const schedule = ddpmSchedule();

// ---------------------------------------------------------------------------------------------------------------
// the synthetic 1/f^α field: closed form against an independent eigen-decomposition and Monte Carlo

for (const side of [7, 12]) {
  test(`random field (side ${side}): the closed-form spectrum and Fourier modes equal the eigen-decomposition of its covariance`, () => {
    const spec = randomFieldSpectrum({ side, alpha: 2.5, dcPower: 3 });
    const d = side * side;
    assert.equal(spec.eigenvalues.length, d);
    assert.ok(Math.abs(spec.eigenvalues.reduce((a, b) => a + b, 0) - d) < 1e-9 * d, "Tr Σ = d by default");
    const Carr = randomFieldCovariance(spec);
    const C = new Matrix(d, d);
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) C.set(p, q, Carr[p * d + q]);
    // independent route: C from the stationary kernel (1/d) Σ_f P(f) cos(2π f·(x − y)/side), normalised to Tr = d
    const wrap = (k: number) => (k > side / 2 ? k - side : k);
    let maxKernel = 0;
    let traceP = 0;
    for (let a = 0; a < side; a++) for (let b = 0; b < side; b++) traceP += a === 0 && b === 0 ? 3 : Math.hypot(wrap(a), wrap(b)) ** -2.5;
    for (const [p, q] of [[0, 0], [1, 5], [side + 2, 3 * side - 1], [d - 1, 4]]) {
      const [x1, x2, y1, y2] = [Math.floor(p / side), p % side, Math.floor(q / side), q % side];
      let k = 0;
      for (let a = 0; a < side; a++) for (let b = 0; b < side; b++) {
        const P = a === 0 && b === 0 ? 3 : Math.hypot(wrap(a), wrap(b)) ** -2.5;
        k += P * Math.cos((2 * Math.PI * (a * (x1 - y1) + b * (x2 - y2))) / side);
      }
      maxKernel = Math.max(maxKernel, Math.abs(k / traceP - C.get(p, q)));
    }
    assert.ok(maxKernel < 1e-12, `kernel vs modes ${maxKernel}`);
    const eig = symEig(C);
    for (let i = 0; i < d; i++) assert.ok(Math.abs(eig.values[i] - spec.eigenvalues[i]) < 1e-10, `eigenvalue ${i}: ${eig.values[i]} vs ${spec.eigenvalues[i]}`);
    // every mode vector is a unit eigenvector, and the modes are orthonormal
    const U = spec.modes.map((m) => fieldModeVector(m, side));
    spec.modes.forEach((m, i) => {
      const Cu = C.mmul(Matrix.columnVector(Array.from(U[i]))).getColumn(0);
      const res = Math.sqrt(Cu.reduce((s, v, p) => s + (v - m.variance * U[i][p]) ** 2, 0));
      assert.ok(res < 1e-12, `mode ${i} residual ${res}`);
    });
    for (const [i, j] of [[0, 0], [0, 1], [3, 4], [d - 1, d - 1], [d - 1, 1]]) {
      const dot = U[i].reduce((s, v, p) => s + v * U[j][p], 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12);
    }
  });
}

test("random field: the sample covariance of seeded draws matches Σ within 5 standard errors (Monte Carlo)", () => {
  const side = 4;
  const d = 16;
  const spec = randomFieldSpectrum({ side, alpha: 2 });
  const C = randomFieldCovariance(spec);
  const n = 20000;
  const X = sampleRandomField(spec, n, rng(11));
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += X[r * d + p] * X[r * d + q];
      const se = Math.sqrt((C[p * d + p] * C[q * d + q] + C[p * d + q] ** 2) / n);
      assert.ok(Math.abs(s / n - C[p * d + q]) < 5 * se, `C[${p},${q}]: ${s / n} vs ${C[p * d + q]} (se ${se})`);
    }
  }
  // seeded: the same stream gives the same field bit for bit
  assert.deepEqual(Array.from(sampleRandomField(spec, 3, rng(11))), Array.from(X.subarray(0, 3 * d)));
});

test("random field: the rank-ordered spectrum decays as ν^(−α/2) (28 × 28, α = 2 and 3)", () => {
  for (const alpha of [2, 3]) {
    const fit = powerLawFit(randomFieldSpectrum({ alpha }).eigenvalues, 5, 200);
    assert.ok(Math.abs(fit.slope + alpha / 2) < 0.1, `α = ${alpha}: slope ${fit.slope}`);
  }
});

test("random field: validation", () => {
  assert.throws(() => randomFieldSpectrum({ side: 1 }), isDomain("side"));
  assert.throws(() => randomFieldSpectrum({ alpha: -1 }), isDomain("alpha"));
  assert.throws(() => randomFieldSpectrum({ dcPower: -1 }), isDomain("dcPower"));
  assert.throws(() => randomFieldSpectrum({ trace: 0 }), isDomain("trace"));
  assert.throws(() => sampleRandomField(randomFieldSpectrum({ side: 4 }), 0, rng(1)), isDomain("n"));
});

// ---------------------------------------------------------------------------------------------------------------
// MNIST

const digits = mnistDigits();

test("MNIST: 10,000 digits of 784 pixels in [0, 1], labels 0–9, loaded once", () => {
  assert.equal(digits.count, 10000);
  assert.equal(digits.dim, MNIST_DIM);
  assert.equal(digits.pixels.length, 10000 * 784);
  assert.equal(mnistDigits(), digits);
  assert.deepEqual([...new Set(digits.labels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const img = imageRows(digits, 0);
  assert.equal(img.length, 28);
  assert.equal(img[5][7], digits.pixels[5 * 28 + 7]);
  assert.throws(() => imageRows(digits, 10000), isDomain("index"));
  assert.throws(() => vectorAsImage([1, 2, 3], 2), isDomain("v"));
});

const subset = (n: number): ImageSet => ({ ...digits, count: n, pixels: digits.pixels.slice(0, n * MNIST_DIM), labels: digits.labels.slice(0, n) });

test("MNIST: pixelMoments (sparse second moment) equals the dense 1/n covariance; zero-variance pixels are exact zeros", () => {
  const small = subset(150);
  const { mean, covariance } = pixelMoments(small);
  const X = new Matrix(150, MNIST_DIM);
  for (let r = 0; r < 150; r++) for (let i = 0; i < MNIST_DIM; i++) X.set(r, i, small.pixels[r * MNIST_DIM + i]);
  const dense = sampleCovariance(X); // 1/n, centred
  let maxDiff = 0;
  for (let i = 0; i < MNIST_DIM; i++) for (let j = 0; j < MNIST_DIM; j++) maxDiff = Math.max(maxDiff, Math.abs(dense.get(i, j) - covariance.get(i, j)));
  assert.ok(maxDiff < 1e-12, `max diff ${maxDiff}`);
  const v = pixelVariances(small);
  for (let i = 0; i < MNIST_DIM; i++) {
    assert.ok(Math.abs(v[i] - covariance.get(i, i)) < 1e-12);
    if (v[i] === 0) assert.equal(covariance.get(i, i), 0);
  }
  assert.ok(Math.abs(mean[300] - X.getColumn(300).reduce((a, b) => a + b, 0) / 150) < 1e-15);
});

test("covarianceSpectrum: exact zeros for constant pixels, rank deficiency floored to 0, eigenpairs verified from the images", () => {
  const small = subset(150);
  const { mean, covariance } = pixelMoments(small);
  const spec = covarianceSpectrum(covariance, mean, 3);
  const zeroVar = pixelVariances(small).filter((v) => v === 0).length;
  assert.equal(spec.zeroPixels.length, zeroVar);
  // 150 centred images span at most 149 directions: everything else is an exact zero
  const positive = Array.from(spec.eigenvalues).filter((l) => l > 0).length;
  assert.equal(positive, 149);
  assert.equal(spec.numericalZeros, MNIST_DIM - zeroVar - 149);
  assert.ok(Array.from(spec.eigenvalues).every((l, i, a) => l >= 0 && (i === 0 || l <= a[i - 1])));
  for (let i = 0; i < 3; i++) {
    assert.ok(eigenpairResidual(small, spec.top[i], spec.eigenvalues[i]) < 1e-10);
    for (const p of spec.zeroPixels) assert.equal(spec.top[i][p], 0);
  }
  assert.ok(Math.abs(spec.trace - Array.from(spec.eigenvalues).reduce((a, b) => a + b, 0)) < 1e-10 * spec.trace);
  assert.throws(() => covarianceSpectrum(new Matrix([[1, 0]]), new Float64Array(2)), isDomain("C"));
  assert.throws(() => covarianceSpectrum(new Matrix([[-1]]), new Float64Array(1), 0), isDomain("C"));
  assert.throws(() => covarianceSpectrum(new Matrix([[1]]), new Float64Array(1), 2), isDomain("topCount"));
  assert.throws(() => eigenpairResidual(small, spec.top[0], 0), isDomain("lambda"));
});

test("the cached MNIST spectrum (data/merger-goldt/mg-f1-mnist-spectrum.json) is consistent with the images", () => {
  const cache = mgF1CachedMnist();
  assert.ok(cache !== undefined);
  assert.equal(cache.eigenvalues.length, MNIST_DIM);
  const v = pixelVariances(digits);
  assert.deepEqual(cache.zeroPixels, Array.from(v.keys()).filter((i) => v[i] === 0));
  assert.ok(Math.abs(v.reduce((a, b) => a + b, 0) / cache.trace - 1) < 1e-12);
  assert.equal(cache.eigenvalues.filter((l) => l === 0).length, cache.zeroPixels.length + cache.numericalZeros);
  cache.top.forEach((u, i) => assert.ok(eigenpairResidual(digits, u, cache.eigenvalues[i]) < 1e-8));
});

// ---------------------------------------------------------------------------------------------------------------
// fits and the simulation

test("powerLawFit recovers an exact power law and validates its range", () => {
  const lam = powerLawSpectrum(300, 1.3);
  const fit = powerLawFit(lam, 2, 250);
  assert.ok(Math.abs(fit.slope + 1.3) < 1e-12);
  assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
  assert.throws(() => powerLawFit(lam, 0, 10), isDomain("from"));
  assert.throws(() => powerLawFit(lam, 10, 10), isDomain("to"));
  assert.throws(() => powerLawFit([1, 0.5, 0], 1, 3), isDomain("eigenvalues"));
});

test("zero-variance directions add exactly 0 to the losses: replica and simulation with zeros = without, rescaled by d₊/d", () => {
  const base = powerLawSpectrum(40, 1);
  const withZeros = Float64Array.from([...base, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const scale = 40 / 50;
  for (const N of [20, 90]) {
    const a = replicaLosses(withZeros, N, schedule);
    const b = replicaLosses(base, N, schedule);
    assert.ok(Math.abs(a.testMean / (b.testMean * scale) - 1) < 1e-10, `N = ${N}: ${a.testMean} vs ${b.testMean * scale}`);
    assert.ok(Math.abs(a.trainMean / (b.trainMean * scale) - 1) < 1e-10);
  }
  const simZ = mgF1Simulate(withZeros, [20, 90], 2, rng(3), schedule);
  const simB = mgF1Simulate(base, [20, 90], 2, rng(3), schedule);
  simZ.forEach((c, i) => c.test.forEach((v, s) => assert.ok(Math.abs(v / (simB[i].test[s] * scale) - 1) < 1e-12)));
  assert.throws(() => mgF1Simulate([1, -1], [2], 1, rng(1), schedule), isDomain("variances"));
  assert.throws(() => mgF1Simulate([1, 1], [2], 0, rng(1), schedule), isDomain("seeds"));
});

// ---------------------------------------------------------------------------------------------------------------
// the figure at the notebook's parameters (caches + live slice)

const result = mgF1();

test("MG-F1: claims at the spec's parameters (recorded status)", () => {
  const claims = mgF1Claims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["MG-C13", "pass"],
    ["MG-F1(a)", "pass"], ["MG-F1(a)", "pass"], ["MG-F1(a)", "pass"],
    // MNIST's gap at N = d/2 is 5.9 (< 10): its variance sits in few directions (recorded: does not reproduce)
    ["MG-F1(h)", "does not reproduce"], ["MG-F1(h)", "pass"], ["MG-F1(h)", "pass"], ["MG-F1(h)", "pass"],
    ["MG-F1 data", "pass"], ["MG-F1 data", "pass"], ["MG-F1 data", "pass"],
  ]);
  assert.ok(result.data.sets.every((s) => s.simulationCached), "the notebook reads the cached simulation");
  assert.equal(result.data.sets[0].zeroPixelCount, 111);
  const mnistGap = result.data.gap.find((g) => g.name === "mnist");
  assert.ok(mnistGap && mnistGap.half > 5 && mnistGap.half < 10 && mnistGap.eighth > 100, JSON.stringify(mnistGap));
});

test("the cached simulations are the generator's output for the default parameters, and a live seed reproduces them", () => {
  for (const set of ["mnist", "field"] as const) {
    const cache = mgF1CachedSimulation(set);
    assert.ok(cache !== undefined);
    assert.deepEqual([cache.seed, cache.T, cache.trace, cache.alpha, cache.dcPower, cache.seeds], [2505, 1000, "d", 2, 1, 10]);
    assert.deepEqual(cache.sizes, result.data.params.sizes);
    const lam = mgF1Spectra()[set];
    const live = mgF1Simulate(lam, [98], 2, mgF1SimulationStream(2505, set), schedule);
    assert.deepEqual(live[0].test, cache.cells[0].test.slice(0, 2));
  }
});

test("MG-F1 is deterministic bit for bit and its figures have the promised panels", () => {
  const again = mgF1();
  assert.equal(JSON.stringify(mgF1SpectraFigure(again.data)), JSON.stringify(result.figure));
  assert.equal(result.figure.data.length, 4);
  const ex = mgF1ExamplesFigure(result.data);
  assert.equal(ex.data.filter((t) => t.type === "heatmap").length, 8);
  const ev = mgF1EigenvectorsFigure(result.data);
  assert.equal(ev.data.filter((t) => t.type === "heatmap").length, 6);
  const h = mgF1LossFigure(result.data);
  assert.equal(h.data.length, 8);
  // the theory lines are finite everywhere
  for (const s of result.data.sets) assert.ok([...s.theory.test, ...s.theory.train].every(Number.isFinite));
});

test("MG-F1: parameters are validated", () => {
  assert.throws(() => mgF1({ alpha: -1 }), isDomain("alpha"));
  assert.throws(() => mgF1({ seeds: 0 }), isDomain("seeds"));
  assert.throws(() => mgF1({ fitRange: [0, 10] }), isDomain("fitRange[0]"));
  assert.throws(() => mgF1({ sizes: [100, 50] }), isDomain("sizes"));
  assert.throws(() => mgF1({ T: 0 }), isDomain("T"));
});
