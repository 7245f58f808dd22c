/**
 * Point-mass training sets, p_data(x₀) = (1/M) Σ_m δ(x₀ − μ_m) (Vastola §1.1), in 1-D or 2-D (any d ≥ 1 works),
 * and the data sets of the paper's figures.
 */
import { Matrix } from "ml-matrix";
import { DomainError, requireFiniteArray, requireFinite } from "../core/validate.js";

/** M training points μ_m in d dimensions, stored row-major: `points[m * dim + i]` = μ_m,i. Frozen. */
export interface PointMassSet {
  /** dimension d ≥ 1 */
  readonly dim: number;
  /** number of points M ≥ 1 */
  readonly size: number;
  /** the points, M·d numbers, row-major */
  readonly points: Float64Array;
  /** a short name for figures and tables */
  readonly name: string;
}

/**
 * A point-mass training set (Vastola §1.1). Accepts a 1-D list of numbers (d = 1), a list of equal-length rows, or
 * an ml-matrix `Matrix` (rows are points).
 * @throws DomainError naming `points` if empty, ragged or not finite
 * @example pointMassSet([-1, 0, 1]) // the 1-D set of Fig. 2
 */
export function pointMassSet(points: ArrayLike<number> | ArrayLike<ArrayLike<number>> | Matrix, name = "data"): PointMassSet {
  let rows: ArrayLike<number>[];
  if (Matrix.isMatrix(points)) rows = (points as Matrix).to2DArray();
  else if (points != null && typeof (points as ArrayLike<unknown>).length === "number" && (points as ArrayLike<unknown>).length > 0 && typeof (points as ArrayLike<unknown>)[0] === "number") {
    rows = Array.from(points as ArrayLike<number>, (v) => [v]);
  } else if (points != null && typeof (points as ArrayLike<unknown>).length === "number") rows = Array.from(points as ArrayLike<ArrayLike<number>>);
  else throw new DomainError("points", "must be an array of numbers, an array of rows or a Matrix");
  if (rows.length === 0) throw new DomainError("points", "must hold at least one point");
  const dim = rows[0]?.length;
  if (!(dim >= 1)) throw new DomainError("points", "rows must have at least one coordinate");
  const flat = new Float64Array(rows.length * dim);
  rows.forEach((r, m) => {
    requireFiniteArray("points", r, dim);
    for (let i = 0; i < dim; i++) flat[m * dim + i] = r[i];
  });
  return Object.freeze({ dim, size: rows.length, points: flat, name });
}

/** The 1-D training set of Vastola's Fig. 2: {−1, 0, 1}. */
export function vastolaGapSet(): PointMassSet {
  return pointMassSet([-1, 0, 1], "{−1, 0, 1}");
}

/** Names of the four six-point sets of Vastola's Fig. 1. */
export type VastolaFig1SetName = "polygon" | "line" | "L-shaped" | "random";

/**
 * One of the four six-point 2-D sets of Vastola's Fig. 1 (spec §3 V-F1):
 * polygon (cos 2πm/6, sin 2πm/6); line x = y = linspace(−1, 1, 6); L-shaped (official file name "blend");
 * random (the fixed points of the official notebook).
 * @throws DomainError naming `name` for an unknown set
 */
export function vastolaFig1Set(name: VastolaFig1SetName): PointMassSet {
  switch (name) {
    case "polygon":
      return pointMassSet(Array.from({ length: 6 }, (_, m) => [Math.cos((2 * Math.PI * m) / 6), Math.sin((2 * Math.PI * m) / 6)]), name);
    case "line":
      return pointMassSet(Array.from({ length: 6 }, (_, m) => [-1 + (2 * m) / 5, -1 + (2 * m) / 5]), name);
    case "L-shaped":
      return pointMassSet([[-1, -1], [-1, 0], [-1, 1], [0, -1], [0.5, -1], [1, -1]], name);
    case "random":
      return pointMassSet([[-1, -1], [-0.9, 1], [-0.3, 0.2], [0.1, -0.1], [0.2, -0.1], [0.9, 0.7]], name);
    default:
      throw new DomainError("name", `must be one of polygon, line, L-shaped, random; got ${String(name)}`);
  }
}

/**
 * The four-point "square" set of Vastola's Fig. 3 rotated by θ (radians): (cos(iπ/2 + θ), sin(iπ/2 + θ)), i = 0…3.
 * @throws DomainError naming `theta` if not finite
 */
export function vastolaSquareSet(theta: number): PointMassSet {
  requireFinite("theta", theta);
  return pointMassSet(Array.from({ length: 4 }, (_, i) => [Math.cos((i * Math.PI) / 2 + theta), Math.sin((i * Math.PI) / 2 + theta)]), `square θ = ${(theta * 180 / Math.PI).toFixed(1)}°`);
}
