/**
 * H-C14, the methods of H-F3: every closed form of the Halder reproduction against an independent route, on
 * stored fixtures (d = 2, N = 5, M = 7; a non-degenerate and a degenerate p_G) and small seeded fits. The same
 * checks are unit tests in test/halder/; here they run live in the notebook.
 */
import { EigenvalueDecomposition, Matrix, inverse, pseudoInverse } from "ml-matrix";
import { rng } from "../../core/rng.js";
import { bhattacharyyaToIsotropic, klToIsotropic } from "../../denoisers/one-step-divergence.js";
import { fitOneStepLinear, oneStepBeta1, oneStepForward, oneStepGenerated } from "../../denoisers/one-step.js";
import { ouForwardMap } from "../../diffusion/ou.js";
import { kernelApproximation, kernelLogCrossOverlap, kernelLogDensity, kernelLogSelfOverlap } from "../../memorization/kernel.js";
import { gaussianKernelLogOverlap } from "../../memorization/overlap.js";
import { relativeDistances } from "../../memorization/relative.js";
import { signedLogValue } from "../../memorization/logsumexp.js";
import { sampleSpectralGaussian, spectralGaussian, type SpectralGaussian } from "../../memorization/spectral-gaussian.js";
import { halderGaussianDensity2, halderLineIntegral, halderPlaneIntegral } from "./quadrature.js";

/** The stored d = 2 fixture: 5 training points, 7 reference points, a full-rank and a rank-1 p_G. */
export const HALDER_FIXTURE = {
  train: [[0.31, -0.42], [-1.05, 0.27], [0.88, 0.95], [-0.12, -1.31], [0.54, 0.08]],
  ref: [[1.2, -0.3], [-0.6, -0.9], [0.05, 0.66], [-1.4, 1.1], [0.7, -1.5], [-0.2, 0.15], [1.6, 0.9]],
  mean: [0.1, -0.2],
  angle: 0.6,
  fullValues: [0.7, 0.25],
  lineValue: 0.5,
};

/** The measured errors of H-C14, each to compare with its threshold. */
export interface HalderMethodsChecks {
  /** max relative error of Δ_L2 against a grid integration (full rank) and a line quadrature (rank 1) */
  l2VsGrid: number;
  /** max relative error of log-space kernel log-density, self-overlap and cross overlap against linear space */
  logVsLinear: number;
  /** |closed-form ∫p_G K − Monte Carlo mean of K under p_G| / SE */
  overlapVsMonteCarlo: number;
  /** max relative error of ols against the normal equations (N > d + 5) and the min-norm pseudo-inverse (N ≤ d) */
  olsVsIndependent: number;
  /** max |factor spectrum − eig(v β₁β₁ᵀ)| / g_max, away from N = d + 1 */
  spectrumVsEig: number;
  /** |exact KL − Monte Carlo E[ln p_G − ln p]| / SE */
  klVsMonteCarlo: number;
  /** |D_B − (−ln BC by quadrature)| in 1-D */
  bhattacharyyaVsQuadrature: number;
}

function fixtureGaussians(): { full: SpectralGaussian; line: SpectralGaussian } {
  const c = Math.cos(HALDER_FIXTURE.angle);
  const s = Math.sin(HALDER_FIXTURE.angle);
  return {
    full: spectralGaussian(HALDER_FIXTURE.mean, HALDER_FIXTURE.fullValues, new Matrix([[c, -s], [s, c]])),
    line: spectralGaussian(HALDER_FIXTURE.mean, [HALDER_FIXTURE.lineValue], new Matrix([[c], [s]])),
  };
}

function kernelDensity(points: number[][], eps2: number, x: number[]): number {
  let s = 0;
  for (const p of points) s += Math.exp(-((x[0] - p[0]) ** 2 + (x[1] - p[1]) ** 2) / (2 * eps2)) / (2 * Math.PI * eps2);
  return s / points.length;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const meanSe = (v: number[]) => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return { m, se: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1) / v.length) };
};
const maxAbs = (A: Matrix) => Math.max(...A.to1DArray().map(Math.abs));

/** Runs every H-C14 check (about a second). */
export function halderMethodsChecks(seed = 1): HalderMethodsChecks {
  const { full, line } = fixtureGaussians();
  const train = HALDER_FIXTURE.train;
  const ref = HALDER_FIXTURE.ref;
  const ktr = kernelApproximation(new Matrix(train), { sigma: 1 });
  const kref = kernelApproximation(new Matrix(ref), { sigma: 1 });
  const et = ktr.epsilon2;
  const er = kref.epsilon2;
  // Δ_L2 against grid integration / line quadrature
  const gridFull = halderPlaneIntegral((x) => (halderGaussianDensity2(full, x) - kernelDensity(train, et, x)) ** 2 - (halderGaussianDensity2(full, x) - kernelDensity(ref, er, x)) ** 2);
  const selfDiff = halderPlaneIntegral((x) => kernelDensity(train, et, x) ** 2 - kernelDensity(ref, er, x) ** 2);
  const crossDiff = halderLineIntegral(line, (x) => kernelDensity(train, et, x) - kernelDensity(ref, er, x));
  const l2VsGrid = Math.max(
    rel(signedLogValue(relativeDistances(full, ktr, kref, { kl: false }).l2!.value), gridFull),
    rel(signedLogValue(relativeDistances(line, ktr, kref, { kl: false }).l2!.value), selfDiff - 2 * crossDiff),
  );
  // log space against linear space
  const X = [[0.2, 0.1], [-1, 2], [3, -3]];
  const logDens = kernelLogDensity(ktr, new Matrix(X));
  let selfLinear = 0;
  for (const p of train) for (const q of train) selfLinear += Math.exp(-((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / (4 * et)) / (4 * Math.PI * et);
  selfLinear /= train.length ** 2;
  let crossLinear = 0;
  for (const p of train) for (const q of ref) crossLinear += Math.exp(-((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / (2 * (et + er))) / (2 * Math.PI * (et + er));
  crossLinear /= train.length * ref.length;
  const logVsLinear = Math.max(
    ...X.map((x, i) => rel(logDens[i], Math.log(kernelDensity(train, et, x)))),
    rel(kernelLogSelfOverlap(ktr).logTotal, Math.log(selfLinear)),
    rel(kernelLogCrossOverlap(ktr, kref), Math.log(crossLinear)),
  );
  // ∫p_G K against Monte Carlo
  const S = sampleSpectralGaussian(full, rng(seed).fork("overlap"), 20000);
  const ov = meanSe(Array.from({ length: S.rows }, (_, i) => kernelDensity(train, et, S.getRow(i))));
  const overlapVsMonteCarlo = Math.abs(ov.m - Math.exp(gaussianKernelLogOverlap(full, ktr))) / ov.se;
  // ols against independent routes; factor spectrum against eig(v β₁β₁ᵀ)
  const map = ouForwardMap({ T: 2, g: 1 });
  let olsVsIndependent = 0;
  let spectrumVsEig = 0;
  for (const [N, d] of [[40, 6], [5, 8], [30, 10]]) {
    const r = rng(seed).fork("ols").fork(N);
    const x0 = new Matrix(Array.from({ length: N }, () => Array.from(r.normals(d), (z) => 10 + z)));
    const xT = oneStepForward(x0, map, r.fork("xi"));
    const centre = (M: Matrix) => M.clone().subRowVector(Array.from({ length: d }, (_, j) => M.getColumn(j).reduce((s, v) => s + v, 0) / N));
    const A = centre(xT);
    const Y = centre(x0);
    const independent = N > d + 5 ? Y.transpose().mmul(A).mmul(inverse(A.transpose().mmul(A))) : Y.transpose().mmul(pseudoInverse(A).transpose());
    const model = fitOneStepLinear(x0, xT, map);
    const B1 = oneStepBeta1(model);
    olsVsIndependent = Math.max(olsVsIndependent, maxAbs(B1.clone().sub(independent)) / maxAbs(independent));
    const g = oneStepGenerated(model);
    const v = map.a ** 2 * model.meanVariance + map.s2;
    const direct = new EigenvalueDecomposition(B1.mmul(B1.transpose()).mul(v), { assumeSymmetric: true }).realEigenvalues.sort((p, q) => q - p);
    for (let k = 0; k < g.rank; k++) spectrumVsEig = Math.max(spectrumVsEig, Math.abs(g.values[k] - direct[k]) / direct[0]);
  }
  // exact KL against Monte Carlo, d = 2 fixture vs p = N(0, I)
  const Z = sampleSpectralGaussian(full, rng(seed).fork("kl"), 20000);
  const kl = meanSe(Array.from({ length: Z.rows }, (_, i) => {
    const x = Z.getRow(i);
    return Math.log(halderGaussianDensity2(full, x)) - (-(x[0] ** 2 + x[1] ** 2) / 2 - Math.log(2 * Math.PI));
  }));
  const klVsMonteCarlo = Math.abs(kl.m - klToIsotropic(full, 0, 1)) / kl.se;
  // Bhattacharyya distance against 1-D quadrature
  const g1 = spectralGaussian([0.4], [0.3], new Float64Array([1]));
  let bc = 0;
  const h = 1e-3;
  for (let x = -15 + h / 2; x < 15; x += h) {
    bc += Math.sqrt((Math.exp(-((x - 0.4) ** 2) / 0.6) / Math.sqrt(0.6 * Math.PI)) * (Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI))) * h;
  }
  const bhattacharyyaVsQuadrature = Math.abs(bhattacharyyaToIsotropic(g1, 0, 1).distance + Math.log(bc));
  return { l2VsGrid, logVsLinear, overlapVsMonteCarlo, olsVsIndependent, spectrumVsEig, klVsMonteCarlo, bhattacharyyaVsQuadrature };
}
