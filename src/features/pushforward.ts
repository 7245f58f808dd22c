/**
 * The exact output law of the official tabulated sampler (spec §1.6, §2 item 7) for Gaussian initial points.
 *
 * With grid lookup, each Euler step x ← c_j x + d_j μ̂[j, i(x)] is affine on every lookup cell
 * (−∞, g_0], (g_0, g_1], …, (g_{n−2}, ∞), so the whole 30-step map x_T ↦ x_ε is piecewise affine in x_T. Tracking
 * the pieces (intervals of x_T, each with slope s and offset o) step by step gives the map exactly; the law of
 * x_ε for x_T ~ N(0, σ_T²) is then a sum of affine images of truncated Gaussians, and the histogram bin masses
 * follow from erf differences. The histogram of N samples is Multinomial(N, bin masses) (the out-of-range
 * category dropped and the rest renormalised, the official convention), so drawing the counts from that law is
 * identical in distribution to pushing N initial points through the sampler, at a cost independent of N.
 */
import erf from "@stdlib/math-base-special-erf";
import { DomainError, requireFiniteArray, requireInteger, requirePositive } from "../core/validate.js";
import type { EulerGrid } from "../variance/sampler.js";
import { eulerCoefficients } from "./sampler.js";
import type { FastNormalStream } from "../core/fastnormal.js";

/** The piecewise-affine map x_T ↦ x_ε: piece k covers x_T ∈ [lo_k, hi_k] and maps it to slope_k·x_T + offset_k. */
export interface PiecewiseAffineMap {
  lo: Float64Array;
  hi: Float64Array;
  slope: Float64Array;
  offset: Float64Array;
}

/**
 * The exact piecewise-affine map of {@link tabulatedPfOde1d} on x_T ∈ [−L, L] (pieces sorted by x_T).
 * @param L half-width of the initial interval, > 0 (e.g. 10 σ_T, beyond which the Gaussian mass is < 2e−23)
 * @throws DomainError naming `grid`, `table` or `L`
 */
export function tabulatedPfOdeMap1d(g: EulerGrid, grid: Float64Array, table: Float64Array, L: number): PiecewiseAffineMap {
  requireFiniteArray("grid", grid);
  for (let i = 1; i < grid.length; i++) if (!(grid[i] > grid[i - 1])) throw new DomainError("grid", "must be strictly increasing");
  requirePositive("L", L);
  const steps = g.times.length - 1, n = grid.length;
  if (!(table instanceof Float64Array) || table.length < steps * n) throw new DomainError("table", `must hold steps × n = ${steps * n} values`);
  const { c, d } = eulerCoefficients(g);
  // lookup cell, arithmetic on a uniform grid (corrected against the grid values), binary search otherwise
  const g0 = grid[0], last = n - 1, top = grid[last];
  const h = (top - g0) / last;
  let uniform = true;
  for (let i = 0; i < n; i++) if (Math.abs(grid[i] - (g0 + i * h)) > 1e-12 * (1 + Math.abs(grid[i]))) uniform = false;
  const inv = 1 / h;
  const cell = (y: number): number => {
    if (!uniform) return cellOf(grid, y);
    if (y > top) return last;
    if (!(y > g0)) return 0;
    let i = Math.ceil((y - g0) * inv);
    if (i > last) i = last;
    while (i < last && grid[i] < y) i++;
    while (i > 0 && grid[i - 1] >= y) i--;
    return i;
  };
  let cur = new PieceBuffer(1024), nxt = new PieceBuffer(1024);
  cur.push(-L, L, 1, 0);
  for (let j = 0; j < steps; j++) {
    nxt.clear();
    const cj = c[j], dj = d[j], row = j * n;
    for (let k = 0; k < cur.size; k++) {
      const s = cur.sl[k], o = cur.of[k], u0 = cur.lo[k], u1 = cur.hi[k];
      const ya = s * u0 + o, yb = s * u1 + o;
      const ymin = ya < yb ? ya : yb, ymax = ya < yb ? yb : ya;
      const i0 = cell(ymin), i1 = cell(ymax);
      if (i0 === i1 || s === 0) {
        nxt.push(u0, u1, cj * s, cj * o + dj * table[row + i0]);
        continue;
      }
      // split at the grid points g_{i0} … g_{i1−1} (cell i = (g_{i−1}, g_i]); pieces in increasing x_T order
      const up = s > 0;
      for (let q = 0; q <= i1 - i0; q++) {
        const i = up ? i0 + q : i1 - q;
        const ya2 = i === i0 ? ymin : grid[i - 1];
        const yb2 = i === i1 ? ymax : grid[i];
        let ua = (ya2 - o) / s, ub = (yb2 - o) / s;
        if (ua > ub) { const t = ua; ua = ub; ub = t; }
        if (q === 0) ua = u0;
        if (q === i1 - i0) ub = u1;
        if (ua < u0) ua = u0;
        if (ub > u1) ub = u1;
        if (!(ub > ua) && !(q === 0 && i0 === i1)) continue;
        nxt.push(ua, ub, cj * s, cj * o + dj * table[row + i]);
      }
    }
    const t = cur; cur = nxt; nxt = t;
  }
  return { lo: cur.lo.slice(0, cur.size), hi: cur.hi.slice(0, cur.size), slope: cur.sl.slice(0, cur.size), offset: cur.of.slice(0, cur.size) };
}

/** Growable columns of pieces. */
class PieceBuffer {
  lo: Float64Array;
  hi: Float64Array;
  sl: Float64Array;
  of: Float64Array;
  size = 0;
  constructor(cap: number) {
    this.lo = new Float64Array(cap);
    this.hi = new Float64Array(cap);
    this.sl = new Float64Array(cap);
    this.of = new Float64Array(cap);
  }
  clear(): void {
    this.size = 0;
  }
  push(lo: number, hi: number, sl: number, of: number): void {
    if (this.size === this.lo.length) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.lo = grow(this.lo);
      this.hi = grow(this.hi);
      this.sl = grow(this.sl);
      this.of = grow(this.of);
    }
    const k = this.size++;
    this.lo[k] = lo;
    this.hi[k] = hi;
    this.sl[k] = sl;
    this.of[k] = of;
  }
}

/** The lookup cell of y: min(first i with grid[i] ≥ y, n − 1). */
function cellOf(grid: Float64Array, y: number): number {
  let a = 0, b = grid.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (grid[m] >= y) b = m;
    else a = m + 1;
  }
  return a < grid.length ? a : grid.length - 1;
}

const Phi = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));

/**
 * Bin masses of the law of x_ε = map(x_T), x_T ~ N(0, sd²), over the bins [edges_b, edges_{b+1}); the last entry of
 * the result (index bins) is the mass outside the edges. Mass of x_T beyond the map's range is counted as outside.
 * @throws DomainError naming `edges` or `sd`
 */
export function pushforwardBinMasses(map: PiecewiseAffineMap, sd: number, edges: Float64Array): Float64Array {
  requireFiniteArray("edges", edges);
  requirePositive("sd", sd);
  const B = edges.length - 1;
  if (B < 1) throw new DomainError("edges", "must hold at least 2 values");
  const out = new Float64Array(B + 1);
  let inside = 0;
  for (let k = 0; k < map.lo.length; k++) {
    const s = map.slope[k], o = map.offset[k], u0 = map.lo[k], u1 = map.hi[k];
    const total = Phi(u1 / sd) - Phi(u0 / sd);
    if (!(total > 0)) continue;
    if (s === 0) {
      const b = binOf(edges, o);
      if (b >= 0) out[b] += total;
      continue;
    }
    const ya = s * u0 + o, yb = s * u1 + o;
    const ymin = Math.min(ya, yb), ymax = Math.max(ya, yb);
    let b0 = binOf(edges, ymin), b1 = binOf(edges, ymax);
    if (b0 === -1 && ymin < edges[0]) b0 = 0;
    if (b1 === -1 && ymax >= edges[B]) b1 = B - 1;
    if (b0 === -1 || b1 === -1 || ymax < edges[0] || ymin > edges[B]) continue;
    if (b0 === b1 && ymin >= edges[0] && ymax <= edges[B]) {
      out[b0] += total;
      continue;
    }
    for (let b = b0; b <= b1; b++) {
      const a = Math.max(ymin, edges[b]), e = Math.min(ymax, edges[b + 1]);
      if (!(e > a)) continue;
      let ua = (a - o) / s, ub = (e - o) / s;
      if (ua > ub) [ua, ub] = [ub, ua];
      out[b] += Math.max(0, Phi(ub / sd) - Phi(ua / sd));
    }
  }
  for (let b = 0; b < B; b++) inside += out[b];
  out[B] = Math.max(0, 1 - inside);
  return out;
}

/** Bin b with edges[b] ≤ y < edges[b+1] (the last bin closed), or −1 outside. */
function binOf(edges: Float64Array, y: number): number {
  const B = edges.length - 1;
  if (!(y >= edges[0] && y <= edges[B])) return -1;
  let a = 0, b = B;
  while (b - a > 1) {
    const m = (a + b) >>> 1;
    if (edges[m] <= y) a = m;
    else b = m;
  }
  return a;
}

/**
 * Counts of `n` independent draws from the categorical law `masses` (normalised here), by inverse CDF with a guide
 * table (one 32-bit uniform per draw: categories below ~2⁻³² are resolved only to that level).
 * @throws DomainError naming `masses` (negative/non-finite or all zero) or `n`
 */
export function multinomialCounts(masses: ArrayLike<number>, n: number, stream: FastNormalStream): Float64Array {
  requireFiniteArray("masses", masses);
  requireInteger("n", n, 0, 1e9);
  const K = masses.length;
  let tot = 0;
  for (let k = 0; k < K; k++) {
    if (!(masses[k] >= 0)) throw new DomainError("masses", "must be >= 0");
    tot += masses[k];
  }
  if (!(tot > 0)) throw new DomainError("masses", "must not all be zero");
  const cum = new Float64Array(K);
  let acc = 0;
  for (let k = 0; k < K; k++) cum[k] = acc += masses[k] / tot;
  cum[K - 1] = 1;
  const G = K * 4;
  const guide = new Int32Array(G);
  for (let q = 0, k = 0; q < G; q++) {
    while (cum[k] <= q / G && k < K - 1) k++;
    guide[q] = k;
  }
  const counts = new Float64Array(K);
  for (let r = 0; r < n; r++) {
    const u = stream.uniform32();
    let k = guide[Math.floor(u * G)];
    while (cum[k] <= u && k < K - 1) k++;
    counts[k]++;
  }
  return counts;
}
