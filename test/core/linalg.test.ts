import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  symEig, matrixFunction, cholesky, logDet, solveSPD, columnMeans, sampleCovariance, mulTransposed, rng, DomainError,
} from "difftheory";

const isDomainError = (parameter: string, pattern?: RegExp) => (e: unknown) =>
  e instanceof DomainError && e.parameter === parameter && e.message.startsWith(parameter) && (!pattern || pattern.test(e.message));

/** A random symmetric positive-definite d x d matrix B B^T / d + shift I. */
function randomSpd(d: number, seed: number, shift = 0.1): Matrix {
  const B = rng(seed).normalMatrix(d, d);
  return mulTransposed(B, B).div(d).add(Matrix.eye(d).mul(shift));
}

const relError = (A: Matrix, B: Matrix) => A.clone().sub(B).norm() / B.norm();

for (const d of [1, 2, 7, 60]) {
  test(`symEig d=${d}: V diag(lambda) V^T reconstructs A, V is orthonormal, values descend`, () => {
    const A = randomSpd(d, d).sub(Matrix.eye(d).mul(0.5)); // indefinite too
    const { values, vectors } = symEig(A);
    assert.ok(values instanceof Float64Array);
    const recon = vectors.mmul(Matrix.diag(Array.from(values))).mmul(vectors.transpose());
    assert.ok(relError(recon, A) < 1e-10, `reconstruction ${relError(recon, A)}`);
    assert.ok(relError(vectors.transpose().mmul(vectors), Matrix.eye(d)) < 1e-10);
    for (let i = 1; i < d; i++) assert.ok(values[i] <= values[i - 1]);
  });
}

test("symEig: hand-computed 2x2 case [[2, 1], [1, 2]] has eigenvalues 3, 1", () => {
  const { values, vectors } = symEig(new Matrix([[2, 1], [1, 2]]));
  assert.ok(Math.abs(values[0] - 3) < 1e-14 && Math.abs(values[1] - 1) < 1e-14);
  const s = Math.SQRT1_2;
  assert.ok(Math.abs(Math.abs(vectors.get(0, 0)) - s) < 1e-14 && Math.abs(vectors.get(0, 0) - vectors.get(1, 0)) < 1e-14);
});

test("symEig: diagonal, zero and repeated-eigenvalue matrices", () => {
  const D = symEig(Matrix.diag([1, 5, 3]));
  assert.deepEqual(Array.from(D.values), [5, 3, 1]);
  const Z = symEig(Matrix.zeros(3, 3));
  assert.deepEqual(Array.from(Z.values), [0, 0, 0]);
  assert.ok(relError(Z.vectors.transpose().mmul(Z.vectors), Matrix.eye(3)) < 1e-14);
  const I = symEig(Matrix.eye(4).mul(2));
  assert.ok(I.values.every((v) => Math.abs(v - 2) < 1e-14));
});

test("symEig: rank-deficient A A^T has (numerically) zero eigenvalues", () => {
  const A = rng(2).normalMatrix(6, 2);
  const { values } = symEig(mulTransposed(A, A));
  for (let i = 2; i < 6; i++) assert.ok(Math.abs(values[i]) < 1e-13 * values[0]);
});

test("symEig: symmetrises within tolerance, rejects asymmetry beyond it", () => {
  const A = new Matrix([[1, 0.5], [0.5 + 1e-13, 2]]);
  const { values } = symEig(A);
  assert.ok(Math.abs(values[0] + values[1] - 3) < 1e-12);
  assert.throws(() => symEig(new Matrix([[1, 0.5], [0.6, 2]])), isDomainError("A", /symmetric/));
  assert.ok(symEig(new Matrix([[1, 0.5], [0.6, 2]]), { symmetryTolerance: 0.1 }).values.length === 2);
});

test("symEig: validation errors name A", () => {
  assert.throws(() => symEig(new Matrix([[1, 2, 3], [2, 1, 0]])), isDomainError("A", /square/));
  assert.throws(() => symEig(new Matrix([[1, NaN], [NaN, 1]])), isDomainError("A", /finite/));
  assert.throws(() => symEig(new Matrix([[1, Infinity], [Infinity, 1]])), isDomainError("A", /finite/));
  assert.throws(() => symEig(new Matrix(0, 0)), isDomainError("A", /empty/));
  assert.throws(() => symEig([[1]] as unknown as Matrix), isDomainError("A", /Matrix/));
});

test("symEig: handles extreme scales without overflow (power-of-two rescaling)", () => {
  for (const s of [1e-200, 1e200]) {
    const { values } = symEig(new Matrix([[2 * s, s], [s, 2 * s]]));
    assert.ok(Math.abs(values[0] / s - 3) < 1e-14 && Math.abs(values[1] / s - 1) < 1e-14);
  }
});

test("matrixFunction(sqrt) squared gives A back; identity function gives A", () => {
  const A = randomSpd(20, 3);
  const eig = symEig(A);
  const R = matrixFunction(eig, Math.sqrt);
  assert.ok(relError(R.mmul(R), A) < 1e-12);
  assert.ok(relError(matrixFunction(eig, (l) => l), A) < 1e-12);
  // inverse
  assert.ok(relError(matrixFunction(eig, (l) => 1 / l).mmul(A), Matrix.eye(20)) < 1e-10);
  // negative values of f (sign split) and index argument
  const B = randomSpd(5, 4).sub(Matrix.eye(5));
  assert.ok(relError(matrixFunction(symEig(B), (l) => l), B) < 1e-12);
  const idx: number[] = [];
  matrixFunction(symEig(B), (l, i) => (idx.push(i), l));
  assert.deepEqual(idx, [0, 1, 2, 3, 4]);
});

test("matrixFunction: f must return finite values; eig must be well formed", () => {
  const eig = symEig(new Matrix([[1, 0], [0, 0]]));
  assert.throws(() => matrixFunction(eig, Math.log), isDomainError("f", /finite/));
  assert.throws(() => matrixFunction(eig, () => NaN), isDomainError("f"));
  assert.throws(() => matrixFunction({ values: new Float64Array(3), vectors: Matrix.eye(2) }, Math.abs), isDomainError("eig.vectors"));
  assert.throws(() => matrixFunction({ values: new Float64Array([NaN, 1]), vectors: Matrix.eye(2) }, Math.abs), isDomainError("eig.values"));
});

test("logDet: 2x2 by hand and against the sum of log-eigenvalues", () => {
  assert.ok(Math.abs(logDet(new Matrix([[2, 1], [1, 3]])) - Math.log(5)) < 1e-14);
  const A = randomSpd(40, 5);
  const fromEig = symEig(A).values.reduce((s, l) => s + Math.log(l), 0);
  assert.ok(Math.abs(logDet(A) - fromEig) < 1e-10 * Math.abs(fromEig) + 1e-10);
  // extreme scales stay finite: det(1e-200 I_3) = 1e-600
  assert.ok(Math.abs(logDet(Matrix.eye(3).mul(1e-200)) - 3 * Math.log(1e-200)) < 1e-9);
});

test("logDet / cholesky: not positive definite throws DomainError naming A", () => {
  assert.throws(() => logDet(new Matrix([[1, 2], [2, 1]])), isDomainError("A", /positive definite/));
  assert.throws(() => logDet(new Matrix([[1, 1], [1, 1]])), isDomainError("A", /positive definite/));
  assert.throws(() => logDet(Matrix.zeros(2, 2)), isDomainError("A", /positive definite/));
  assert.throws(() => cholesky(new Matrix([[-1]])), isDomainError("A", /positive definite/));
  assert.throws(() => logDet(new Matrix([[1, 0.5], [0.4, 1]])), isDomainError("A", /symmetric/));
});

test("cholesky: L L^T = A with L lower triangular", () => {
  const A = randomSpd(15, 6);
  const L = cholesky(A);
  assert.ok(relError(L.mmul(L.transpose()), A) < 1e-13);
  for (let i = 0; i < 15; i++) for (let j = i + 1; j < 15; j++) assert.equal(L.get(i, j), 0);
});

test("solveSPD: A x = b for a vector and for a matrix of right-hand sides", () => {
  const A = randomSpd(30, 7);
  const b = rng(8).normals(30);
  const x = solveSPD(A, b);
  assert.ok(x instanceof Float64Array);
  const Ax = A.mmul(Matrix.columnVector(Array.from(x))).getColumn(0);
  for (let i = 0; i < 30; i++) assert.ok(Math.abs(Ax[i] - b[i]) < 1e-10);
  const B = rng(9).normalMatrix(30, 4);
  const X = solveSPD(A, B);
  assert.ok(X instanceof Matrix && relError(A.mmul(X), B) < 1e-12);
  assert.throws(() => solveSPD(A, new Float64Array(29)), isDomainError("b", /length/));
  assert.throws(() => solveSPD(A, [NaN, ...new Array(29).fill(0)]), isDomainError("b", /finite/));
  assert.throws(() => solveSPD(new Matrix([[0, 1], [1, 0]]), [1, 1]), isDomainError("A", /positive definite/));
});

test("columnMeans and sampleCovariance (1/n normalisation, centred or not) by hand", () => {
  const X = new Matrix([[1, 2], [3, 6], [5, 4]]);
  assert.deepEqual(Array.from(columnMeans(X)), [3, 4]);
  const S = sampleCovariance(X);
  // deviations (-2,-2), (0,2), (2,0): S = [[8, 4], [4, 8]] / 3
  assert.ok(relError(S, new Matrix([[8 / 3, 4 / 3], [4 / 3, 8 / 3]])) < 1e-15);
  const M = sampleCovariance(X, { center: false });
  assert.ok(relError(M, X.transpose().mmul(X).div(3)) < 1e-15);
  const big = sampleCovariance(rng(2).normalMatrix(20000, 3));
  assert.ok(relError(big, Matrix.eye(3)) < 0.05);
  assert.throws(() => sampleCovariance(new Matrix([[1, NaN]])), isDomainError("X"));
  assert.throws(() => columnMeans(new Matrix(0, 3)), isDomainError("X"));
});

test("mulTransposed(A, B) = A B^T", () => {
  const A = rng(1).normalMatrix(9, 5);
  const B = rng(2).normalMatrix(7, 5);
  assert.ok(relError(mulTransposed(A, B), A.mmul(B.transpose())) < 1e-14);
  assert.ok(relError(mulTransposed(A, A), A.mmul(A.transpose())) < 1e-14);
  assert.throws(() => mulTransposed(A, rng(3).normalMatrix(7, 4)), isDomainError("B"));
});
