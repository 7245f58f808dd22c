// Benchmarks of the core numerics: `node build/bench/core.bench.js`. Times are medians of repeated runs after a
// warm-up; ratios are to a plain Float64Array dot product of length 1e6 measured in the same process.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { suite, type BenchCase, dotProductBaseline } from "./harness.js";
import {
  rng, symEig, matrixFunction, logDet, mulTransposed, gaussianFromEig, sampleGaussian, klDivergence, logDensityRows,
  multiplyABt, lseSquaredDistances, type SymEig,
} from "difftheory";

const baseline = dotProductBaseline((seed, n) => rng(seed).normals(n));

/** A random SPD matrix B B^T / d + 0.1 I and its eigen-decomposition. */
function spd(d: number, seed: number): { A: Matrix; eig: SymEig } {
  const B = rng(seed).normalMatrix(d, d);
  const A = mulTransposed(B, B).div(d).add(Matrix.eye(d).mul(0.1));
  return { A, eig: symEig(A) };
}

const cases: BenchCase[] = [];
for (const d of [100, 500]) {
  const P = spd(d, 10 + d);
  const Q = spd(d, 20 + d);
  const mp = rng(3).normals(d);
  const mq = rng(4).normals(d);
  const reps = d >= 500 ? 3 : 9;

  cases.push({ name: `symEig, d = ${d}`, fn: () => symEig(P.A), reps });
  cases.push({
    name: `  (ml-matrix EigenvalueDecomposition, d = ${d})`,
    fn: () => new EigenvalueDecomposition(P.A, { assumeSymmetric: true }),
    reps: d >= 500 ? 1 : 5,
  });
  cases.push({ name: `matrixFunction (sqrt), d = ${d}`, fn: () => matrixFunction(P.eig, Math.sqrt), reps });
  cases.push({ name: `logDet (Cholesky), d = ${d}`, fn: () => logDet(P.A), reps });

  // KL from precomputed eigen-decompositions. Cold: fresh Gaussians, so the precision of q and covariance of p are
  // formed (O(d^3)). Warm: the same Gaussians again, caches filled (O(d^2)). Shared basis: same eigenvectors.
  cases.push({
    name: `KL exact, precomputed eig, cold caches, d = ${d}`,
    fn: () => klDivergence(gaussianFromEig(mp, P.eig), gaussianFromEig(mq, Q.eig)),
    reps,
  });
  const p = gaussianFromEig(mp, P.eig);
  const q = gaussianFromEig(mq, Q.eig);
  klDivergence(p, q);
  cases.push({ name: `KL exact, warm caches, d = ${d}`, fn: () => klDivergence(p, q), reps: 21 });
  const qShared = gaussianFromEig(mq, { values: Q.eig.values, vectors: P.eig.vectors });
  cases.push({ name: `KL exact, shared eigenbasis, d = ${d}`, fn: () => klDivergence(p, qShared), reps: 21 });

  const r = rng(5);
  sampleGaussian(p, r, 1);
  cases.push({ name: `sampleGaussian, 1000 draws, d = ${d}`, fn: () => sampleGaussian(p, r, 1000), reps });
  const X = sampleGaussian(p, r, 1000);
  cases.push({ name: `logDensityRows, 1000 points, d = ${d}`, fn: () => logDensityRows(q, X), reps });
}

suite("core numerics", baseline, cases);

// The WebAssembly all-pairs kernels (src/core/pairwise.wat) at the sizes of Halder's Monte Carlo Δ_KL: 200 draws against
// a reference set, and, for comparison, the same dot products by a plain JavaScript loop (4 rows × 1 column at a time).
function plainABt(a: Float64Array, n: number, b: Float64Array, m: number, d: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
      out[i * m + j] = s;
    }
  }
  return out;
}
const pairCases: BenchCase[] = [];
for (const [d, M] of [[20, 2000], [100, 10000]]) {
  const q = rng(6).normals(200 * d);
  const c = rng(7).normals(M * d);
  const sq = (x: Float64Array, n: number) => Float64Array.from({ length: n }, (_, i) => x.subarray(i * d, (i + 1) * d).reduce((s, v) => s + v * v, 0));
  const qn = sq(q, 200);
  const cn = sq(c, M);
  const out = new Float64Array(200);
  const scale = 1 / (2 * M ** (-2 / d)); // the rule bandwidth ε² = M^(−2/d)
  pairCases.push(
    { name: `multiplyABt (wasm), 200 × ${M}, d = ${d}`, fn: () => multiplyABt(q, 200, c, M, d), reps: 9 },
    { name: `  (plain JavaScript loop, 200 × ${M}, d = ${d})`, fn: () => plainABt(q, 200, c, M, d), reps: 3 },
    { name: `lseSquaredDistances (wasm), 200 × ${M}, d = ${d}`, fn: () => lseSquaredDistances(q, qn, 200, c, cn, M, d, scale, out), reps: 9 },
  );
}
suite("all-pairs kernels (WebAssembly SIMD)", baseline, pairCases);
