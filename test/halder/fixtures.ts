// Stored fixtures for the exact tests (Halder spec §6 "Reproducible tests"): d = 2, N = 5 training points,
// M = 7 reference points, a non-degenerate and a degenerate generated Gaussian. Exact quantities do not depend on
// the PRNG.
import { Matrix } from "ml-matrix";
import { spectralGaussian } from "difftheory";

export const TRAIN = new Matrix([
  [0.31, -0.42],
  [-1.05, 0.27],
  [0.88, 0.95],
  [-0.12, -1.31],
  [0.54, 0.08],
]);
export const REF = new Matrix([
  [1.2, -0.3],
  [-0.6, -0.9],
  [0.05, 0.66],
  [-1.4, 1.1],
  [0.7, -1.5],
  [-0.2, 0.15],
  [1.6, 0.9],
]);
const c = Math.cos(0.6);
const s = Math.sin(0.6);
/** full rank: eigenvalues 0.7 and 0.25 along a rotated basis */
export const PG_FULL = spectralGaussian([0.1, -0.2], [0.7, 0.25], new Matrix([[c, -s], [s, c]]));
/** rank 1: a line through (0.1, −0.2) along (c, s) */
export const PG_LINE = spectralGaussian([0.1, -0.2], [0.5], new Matrix([[c], [s]]));
