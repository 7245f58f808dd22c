/**
 * Per-axis feature families of Vastola's linear-in-features models (spec §1.9): normalized Gaussian pdf bumps and
 * a Fourier basis. Tensor products of axes give the model's features (see ./tensor.ts).
 */
import { DomainError, requireInteger, requireInRange, requirePositive } from "../core/validate.js";

/** One axis of features: `count` functions of a scalar u. */
export interface FeatureAxis {
  kind: "gaussian" | "fourier";
  /** number of features F on this axis */
  count: number;
  /** axis range [lo, hi] (Gaussian centres span it; the Fourier period is hi − lo) */
  lo: number;
  hi: number;
  /** Gaussian centres linspace(lo, hi, count) (empty for Fourier) */
  centers: Float64Array;
  /** Gaussian sd (0 for Fourier) */
  sd: number;
}

/** Gaussian feature values below this are flushed to 0 (subnormals make arithmetic slow; spec §5). */
export const FEATURE_FLUSH = 1e-150;

/**
 * Gaussian features φ_k(u) = N(u; c_k, sd²) (normalized pdf values, not unit-height bumps), c = linspace(lo, hi,
 * count) (spec §1.9). Default sd = (c₁ − c₀)/2, half the spacing, as in Fig. 2.
 * @param count integer in [2, 1e4]; lo < hi finite; sd > 0
 * @throws DomainError naming `count`, `lo`, `hi` or `sd`
 */
export function gaussianFeatureAxis(lo: number, hi: number, count: number, sd?: number): FeatureAxis {
  requireInteger("count", count, 2, 1e4);
  requireInRange("lo", lo, -1e300, 1e300, "both");
  requireInRange("hi", hi, lo, 1e300, "lo");
  const centers = new Float64Array(count);
  for (let k = 0; k < count; k++) centers[k] = lo + (k * (hi - lo)) / (count - 1);
  const s = sd ?? (centers[1] - centers[0]) / 2;
  requirePositive("sd", s);
  return { kind: "gaussian", count, lo, hi, centers, sd: s };
}

/**
 * Fourier features [1, cos(2πnu/L) for n = 1 … F−1−⌊(F−1)/2⌋, sin(2πnu/L) for n = 1 … ⌊(F−1)/2⌋], L = hi − lo, phase
 * measured from u = 0, not from lo (spec §1.9, §5 "Fourier phase").
 * @param count integer in [1, 1e4]
 * @throws DomainError naming `count`, `lo` or `hi`
 */
export function fourierFeatureAxis(lo: number, hi: number, count: number): FeatureAxis {
  requireInteger("count", count, 1, 1e4);
  requireInRange("lo", lo, -1e300, 1e300, "both");
  requireInRange("hi", hi, lo, 1e300, "lo");
  return { kind: "fourier", count, lo, hi, centers: new Float64Array(0), sd: 0 };
}

/**
 * The axis's feature values at u, written into `out` (length ≥ count) and returned.
 * @throws DomainError naming `u` (not finite)
 */
export function evalFeatureAxis(axis: FeatureAxis, u: number, out: Float64Array = new Float64Array(axis.count)): Float64Array {
  if (!Number.isFinite(u)) throw new DomainError("u", `must be finite; got ${u}`);
  featureAxisInto(axis, u, out, 0);
  return out;
}

/** Unchecked kernel of {@link evalFeatureAxis}: writes the values at out[off … off + count). */
export function featureAxisInto(axis: FeatureAxis, u: number, out: Float64Array, off: number): void {
  const F = axis.count;
  if (axis.kind === "gaussian") {
    const c = axis.centers;
    const h = -0.5 / (axis.sd * axis.sd);
    const norm = 1 / (axis.sd * Math.sqrt(2 * Math.PI));
    for (let k = 0; k < F; k++) {
      const d = u - c[k];
      const v = norm * Math.exp(h * d * d);
      out[off + k] = v < FEATURE_FLUSH ? 0 : v;
    }
    return;
  }
  const L = axis.hi - axis.lo;
  const nCos = F - 1 - Math.floor((F - 1) / 2);
  out[off] = 1;
  for (let n = 1; n <= nCos; n++) out[off + n] = Math.cos((2 * Math.PI * n * u) / L);
  for (let n = 1; n + nCos < F; n++) out[off + nCos + n] = Math.sin((2 * Math.PI * n * u) / L);
}

/** The axis's values at every point of `us`: a us.length × count row-major table. */
export function featureAxisTable(axis: FeatureAxis, us: ArrayLike<number>): Float64Array {
  const out = new Float64Array(us.length * axis.count);
  for (let i = 0; i < us.length; i++) {
    if (!Number.isFinite(us[i])) throw new DomainError("us", `must be finite; entry ${i} is ${us[i]}`);
    featureAxisInto(axis, us[i], out, i * axis.count);
  }
  return out;
}
