/**
 * SYNTHETIC 1/f^α Gaussian random field on a periodic side × side grid (Merger & Goldt "Data note": a labelled
 * natural-image-like stand-in for the unknown image data sets of v2 Fig. 1; never a real data set).
 *
 * Construction: the field is stationary on the torus with power spectrum P(f) = |f|^(−α) at the integer frequency
 * f = (f₁, f₂), f_j ∈ {−⌈side/2⌉+1, …, ⌊side/2⌋} (minimal image), and P(0) = `dcPower` (default P at |f| = 1). Its
 * covariance C(x, y) = (1/d) Σ_f P(f) cos(2π f·(x − y)/side) is circulant, so in closed form:
 *   - the eigenvalues are exactly {P(f) : f}, d = side² values (rescaled to the requested trace);
 *   - the eigenvectors are the real Fourier modes √(2/d) cos(2π f·x/side) and √(2/d) sin(2π f·x/side) for each pair
 *     ±f, and √(1/d) cos(2π f·x/side) for the self-conjugate f ≡ −f (f = 0 and the Nyquist frequencies).
 * Since the number of frequencies with |f| < r grows as π r², the rank-ordered spectrum decays as ν^(−α/2).
 * Samples x = Σ_modes √λ_m ξ_m u_m with ξ_m ~ N(0, 1).
 */
import type { Rng } from "../core/rng.js";
import { DomainError, requireInRange, requireInteger, requirePositive } from "../core/validate.js";

/** Parameters of the synthetic field. */
export interface RandomFieldOptions {
  /** grid side (pixels), an integer in [2, 256]; default 28 (the MNIST grid) */
  side?: number;
  /** spectral exponent α of P(f) = |f|^(−α), in [0, 20]; default 2 (the classic 1/f² of natural images) [A] */
  alpha?: number;
  /** power of the constant (f = 0) mode before normalisation, >= 0; default 1 = P(|f| = 1) [A] */
  dcPower?: number;
  /** Tr Σ; default d = side² (mean pixel variance 1, as the power-law data [A]) */
  trace?: number;
}

/** One real Fourier mode of the grid. */
export interface FieldMode {
  /** frequency (f₁ along rows, f₂ along columns) */
  f1: number;
  f2: number;
  /** "cos" or "sin" */
  kind: "cos" | "sin";
  /** variance of the field along this mode (an eigenvalue of Σ) */
  variance: number;
}

/** The closed-form spectrum of the field: modes in descending order of variance (ties: by |f|, then f₁, f₂, cos first). */
export interface RandomFieldSpectrum {
  side: number;
  dim: number;
  alpha: number;
  modes: FieldMode[];
  /** eigenvalues in descending order (= modes[i].variance) */
  eigenvalues: Float64Array;
}

const wrap = (k: number, side: number) => (k > side / 2 ? k - side : k);

function resolve(o: RandomFieldOptions): Required<RandomFieldOptions> {
  const side = requireInteger("side", o.side ?? 28, 2, 256);
  return {
    side,
    alpha: requireInRange("alpha", o.alpha ?? 2, 0, 20),
    dcPower: requireInRange("dcPower", o.dcPower ?? 1, 0, Infinity),
    trace: requirePositive("trace", o.trace ?? side * side),
  };
}

/**
 * The eigen-decomposition of the field's covariance in closed form (module doc): one real Fourier mode per
 * eigenvalue, O(d log d). @throws {DomainError} bad options
 */
export function randomFieldSpectrum(options: RandomFieldOptions = {}): RandomFieldSpectrum {
  const { side, alpha, dcPower, trace } = resolve(options);
  const d = side * side;
  const modes: (FieldMode & { r: number })[] = [];
  for (let a = 0; a < side; a++) {
    for (let b = 0; b < side; b++) {
      const f1 = wrap(a, side);
      const f2 = wrap(b, side);
      const selfConjugate = (2 * a) % side === 0 && (2 * b) % side === 0;
      const r = Math.hypot(f1, f2);
      const power = r === 0 ? dcPower : Math.pow(r, -alpha);
      if (selfConjugate) modes.push({ f1, f2, kind: "cos", variance: power, r });
      else if ((f1 > 0 && f1 < side / 2) || ((f1 === 0 || f1 === side / 2) && f2 > 0)) {
        // one representative of each pair ±f carries a cos and a sin mode
        modes.push({ f1, f2, kind: "cos", variance: power, r }, { f1, f2, kind: "sin", variance: power, r });
      }
    }
  }
  if (modes.length !== d) throw new DomainError("side", `internal: ${modes.length} modes for d = ${d}`);
  let total = 0;
  for (const m of modes) total += m.variance;
  if (!(total > 0)) throw new DomainError("dcPower", "the field has zero total variance (α and dcPower give no power)");
  modes.sort((p, q) => q.variance - p.variance || p.r - q.r || q.f1 - p.f1 || q.f2 - p.f2 || (p.kind === "cos" ? -1 : 1));
  const out = modes.map(({ f1, f2, kind, variance }) => ({ f1, f2, kind, variance: (variance * trace) / total }));
  return { side, dim: d, alpha, modes: out, eigenvalues: Float64Array.from(out, (m) => m.variance) };
}

/**
 * The unit eigenvector of one mode as a pixel vector (row-major, pixel (x₁, x₂) at x₁·side + x₂):
 * √(2/d) cos or sin(2π (f₁x₁ + f₂x₂)/side), or √(1/d) cos(…) for a self-conjugate frequency.
 */
export function fieldModeVector(mode: FieldMode, side: number): Float64Array {
  requireInteger("side", side, 2, 256);
  const d = side * side;
  const selfConjugate = (2 * mode.f1) % side === 0 && (2 * mode.f2) % side === 0;
  const scale = Math.sqrt((selfConjugate ? 1 : 2) / d);
  const v = new Float64Array(d);
  for (let x1 = 0; x1 < side; x1++) {
    for (let x2 = 0; x2 < side; x2++) {
      const phase = (2 * Math.PI * (mode.f1 * x1 + mode.f2 * x2)) / side;
      v[x1 * side + x2] = scale * (mode.kind === "cos" ? Math.cos(phase) : Math.sin(phase));
    }
  }
  return v;
}

/**
 * The field's covariance as a full row-major d × d array, C_pq = Σ_modes λ_m u_m(p) u_m(q) (for tests against the
 * closed form; O(d³) time and d² memory: use small grids).
 */
export function randomFieldCovariance(spectrum: RandomFieldSpectrum): Float64Array {
  const { side, dim: d } = spectrum;
  const C = new Float64Array(d * d);
  for (const m of spectrum.modes) {
    const u = fieldModeVector(m, side);
    for (let p = 0; p < d; p++) {
      const up = m.variance * u[p];
      if (up === 0) continue;
      for (let q = 0; q < d; q++) C[p * d + q] += up * u[q];
    }
  }
  return C;
}

/**
 * n seeded samples of the SYNTHETIC field (row-major n × d): x = Σ_m √λ_m ξ_m u_m, ξ from `rng.normals(d)` per sample
 * (one row of draws per image, in mode order). O(n d²).
 * @param n number of images, an integer in [1, 1e5]
 */
export function sampleRandomField(spectrum: RandomFieldSpectrum, n: number, rng: Rng): Float64Array {
  requireInteger("n", n, 1, 1e5);
  const { side, dim: d } = spectrum;
  const vectors = spectrum.modes.map((m) => fieldModeVector(m, side));
  const sd = Float64Array.from(spectrum.eigenvalues, Math.sqrt);
  const out = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const xi = rng.normals(d);
    const o = r * d;
    for (let m = 0; m < d; m++) {
      const c = sd[m] * xi[m];
      if (c === 0) continue;
      const u = vectors[m];
      for (let p = 0; p < d; p++) out[o + p] += c * u[p];
    }
  }
  return out;
}
