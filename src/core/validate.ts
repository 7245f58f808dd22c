/**
 * Input validation at the public boundary. Every check throws a {@link DomainError} whose message names the
 * parameter, the allowed range and the value received, so bad input never turns into a silent NaN.
 */
import { Matrix, type AbstractMatrix } from "ml-matrix";

/** An input outside its allowed domain. `parameter` is the name of the offending argument. */
export class DomainError extends RangeError {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(`${parameter} ${message}`);
    this.name = "DomainError";
    this.parameter = parameter;
  }
}

const show = (x: unknown): string => (typeof x === "number" ? String(x) : JSON.stringify(x) ?? String(x));

/** Throws unless `x` is a finite number. */
export function requireFinite(name: string, x: number): number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new DomainError(name, `must be a finite number; got ${show(x)}`);
  return x;
}

/**
 * Throws unless `lo <= x <= hi` (or strict where `open` says so) and `x` is finite.
 * @param open which ends are excluded: "lo", "hi", "both" or "none" (default)
 */
export function requireInRange(
  name: string,
  x: number,
  lo: number,
  hi: number,
  open: "none" | "lo" | "hi" | "both" = "none",
): number {
  const loOpen = open === "lo" || open === "both";
  const hiOpen = open === "hi" || open === "both";
  const inside = (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
  if (typeof x !== "number" || !Number.isFinite(x) || !inside) {
    throw new DomainError(name, `must be in ${loOpen ? "(" : "["}${lo}, ${hi}${hiOpen ? ")" : "]"}; got ${show(x)}`);
  }
  return x;
}

/** Throws unless `x` is a finite number > 0. */
export function requirePositive(name: string, x: number): number {
  return requireInRange(name, x, 0, Infinity, "both");
}

/** Throws unless `x` is an integer with `min <= x <= max`. */
export function requireInteger(name: string, x: number, min = -Infinity, max = Infinity): number {
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new DomainError(name, `must be an integer in [${min}, ${max}]; got ${show(x)}`);
  }
  return x;
}

/** Throws unless every entry of `xs` is finite and, when `length` is given, `xs.length === length`. */
export function requireFiniteArray(name: string, xs: ArrayLike<number>, length?: number): ArrayLike<number> {
  if (xs == null || typeof xs.length !== "number") throw new DomainError(name, "must be an array of numbers");
  if (length !== undefined && xs.length !== length) {
    throw new DomainError(name, `must have length ${length}; got length ${xs.length}`);
  }
  if (xs.length === 0) throw new DomainError(name, "must not be empty");
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== "number" || !Number.isFinite(xs[i])) {
      throw new DomainError(name, `must contain only finite numbers; entry ${i} is ${show(xs[i])}`);
    }
  }
  return xs;
}

/**
 * Throws unless `A` is an ml-matrix matrix with at least one row and one column, only finite entries and, when
 * asked, the given shape (`rows`, `columns`) or a square shape.
 */
export function requireMatrix(
  name: string,
  A: AbstractMatrix,
  shape: { rows?: number; columns?: number; square?: boolean } = {},
): AbstractMatrix {
  if (!Matrix.isMatrix(A)) throw new DomainError(name, "must be an ml-matrix Matrix");
  if (A.rows < 1 || A.columns < 1) throw new DomainError(name, `must not be empty; got ${A.rows} x ${A.columns}`);
  if (shape.square && A.rows !== A.columns) throw new DomainError(name, `must be square; got ${A.rows} x ${A.columns}`);
  if ((shape.rows !== undefined && A.rows !== shape.rows) || (shape.columns !== undefined && A.columns !== shape.columns)) {
    throw new DomainError(
      name,
      `must be ${shape.rows ?? A.rows} x ${shape.columns ?? A.columns}; got ${A.rows} x ${A.columns}`,
    );
  }
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.columns; j++) {
      const v = A.get(i, j);
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new DomainError(name, `must contain only finite numbers; entry (${i}, ${j}) is ${show(v)}`);
      }
    }
  }
  return A;
}

/**
 * Throws unless `A` is a finite square matrix that is symmetric within a relative tolerance:
 * |A_ij - A_ji| <= rtol * max_kl |A_kl| for all i, j.
 */
export function requireSymmetric(name: string, A: AbstractMatrix, rtol = 1e-10): AbstractMatrix {
  requireMatrix(name, A, { square: true });
  const n = A.rows;
  let scale = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(A.get(i, j)));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gap = Math.abs(A.get(i, j) - A.get(j, i));
      if (!(gap <= rtol * scale)) {
        throw new DomainError(
          name,
          `must be symmetric within relative tolerance ${rtol}; |A[${i}][${j}] - A[${j}][${i}]| = ${gap} exceeds ${rtol * scale}`,
        );
      }
    }
  }
  return A;
}

/** Largest number of entries a core function allocates for one result (1e8 doubles = 800 MB). */
export const MAX_ARRAY_LENGTH = 1e8;
