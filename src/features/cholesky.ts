/**
 * A flat-array Cholesky solve for the ridge systems of the linear models (spec §2 item 6: "a Cholesky solve, not an
 * explicit inverse"). Hand-written on Float64Array because the ensembles solve thousands of 64–1024 systems.
 */
import { DomainError } from "../core/validate.js";

/**
 * Factors symmetric positive-definite A = L Lᵀ in place (n × n row-major; only the lower triangle is read, and it is
 * overwritten by L). Cost n³/6 multiply-adds.
 * @throws DomainError naming `A` when a pivot is ≤ 0 (not positive definite)
 */
export function choleskyFactorInPlace(a: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j] - dot(a, rj, rj, j);
    if (!(d > 0)) throw new DomainError("A", `is not positive definite (pivot ${d} at row ${j})`);
    const l = Math.sqrt(d);
    a[rj + j] = l;
    const inv = 1 / l;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j] - dot(a, ri, rj, j)) * inv;
    }
  }
  return a;
}

/**
 * b ← (L Lᵀ)⁻¹ b in place, by forward then back substitution with the factor L that {@link choleskyFactorInPlace}
 * left in the lower triangle of `l`. Cost n² multiply-adds.
 */
export function choleskySubstituteInPlace(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

/**
 * Solves A x = b in place for symmetric positive-definite A (n × n row-major; only the lower triangle is read and it
 * is overwritten by L with A = L Lᵀ); b is overwritten by x and returned. Cost n³/6 multiply-adds.
 * @throws DomainError naming `A` when a pivot is ≤ 0 (not positive definite)
 */
export function choleskySolveInPlace(a: Float64Array, n: number, b: Float64Array): Float64Array {
  return choleskySubstituteInPlace(choleskyFactorInPlace(a, n), n, b);
}

/** Σ_{k<len} a[p + k]·a[q + k] with four independent accumulators (breaks the add-latency chain). */
function dot(a: Float64Array, p: number, q: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[p + k] * a[q + k];
    s1 += a[p + k + 1] * a[q + k + 1];
    s2 += a[p + k + 2] * a[q + k + 2];
    s3 += a[p + k + 3] * a[q + k + 3];
  }
  for (; k < len; k++) s0 += a[p + k] * a[q + k];
  return (s0 + s1) + (s2 + s3);
}
