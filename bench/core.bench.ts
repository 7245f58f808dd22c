// Benchmarks of the core numerics: `node build/bench/core.bench.js`. Times are medians of repeated runs after a
// warm-up; ratios are to a plain Float64Array dot product of length 1e6 measured in the same process.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { suite, type BenchCase, dotProductBaseline } from "./harness.js";
import {
  rng, symEig, matrixFunction, logDet, mulTransposed, gaussianFromEig, sampleGaussian, klDivergence, logDensityRows,
  type SymEig,
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
