/**
 * The official 2-D sampler of Vastola's Fig. 3 (spec §1.6, §2 item 7; official `sample_PF_ODE_2d_batched`): the
 * PF-ODE by explicit Euler on the reversed grid of `vastolaEulerGrid`, with μ̂ read from a table on an x grid × y
 * grid by the "first grid point ≥ value" rule applied to each coordinate separately; both coordinates move with the
 * indices taken at the start of the step:
 *
 *   (x, y)_{j+1} = c_j (x, y)_j + d_j μ̂(i(x_j), i(y_j), t_j),  c_j = 1 + Δ_j β_j − Δ_j D_j/σ_j²,  d_j = Δ_j D_j α_j/σ_j².
 */
import { DomainError, requireFiniteArray } from "../core/validate.js";
import type { EulerGrid } from "../variance/sampler.js";
import { eulerCoefficients } from "./sampler.js";

function checkGrid(name: string, grid: Float64Array): { lo: number; inv: number; top: number; uniform: boolean } {
  if (!(grid instanceof Float64Array) || grid.length < 2) throw new DomainError(name, "must be a Float64Array of at least 2 increasing values");
  requireFiniteArray(name, grid);
  for (let i = 1; i < grid.length; i++) if (!(grid[i] > grid[i - 1])) throw new DomainError(name, "must be strictly increasing");
  const n = grid.length, lo = grid[0], top = grid[n - 1];
  const h = (top - lo) / (n - 1);
  let uniform = true;
  for (let i = 0; i < n; i++) if (Math.abs(grid[i] - (lo + i * h)) > 1e-12 * (1 + Math.abs(grid[i]))) uniform = false;
  return { lo, inv: 1 / h, top, uniform };
}

/**
 * The official lookup index on a uniform grid (min(first i with grid[i] ≥ v, n − 1); below the grid 0): with
 * u = (v − lo)/h, the index is ⌊u⌋ + 1 unless u lies within 1e−6 of an integer (then v is within 1e−6 h of a grid
 * point and the binary search decides), so it equals the binary search exactly for grids uniform to 1e−12.
 */
function lookup(grid: Float64Array, lo: number, inv: number, top: number, last: number, v: number): number {
  if (v > top) return last;
  if (!(v > lo)) return 0;
  const u = (v - lo) * inv;
  const i = (u | 0) + 1;
  if (i - u < 1e-6 || u - i + 1 < 1e-6) return binarySearch(grid, v);
  return i;
}

function binarySearch(grid: Float64Array, v: number): number {
  let lo = 0, hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo < grid.length ? lo : grid.length - 1;
}

/**
 * Runs the 2-D Euler PF-ODE in place on initial points (x[k], y[k]) (already drawn from N(0, σ_T² I)) with the
 * denoiser read from `table` (as from `linearDenoiserTable2d` on xGrid × yGrid × the grid's first `steps` times:
 * table[((j·n_x + ix)·n_y + iy)·2 + d]) by the official lookup rule per coordinate (spec §2 item 7).
 * @throws DomainError naming `xGrid`, `yGrid` (not increasing/finite), `table` (wrong length), `x` or `y`
 */
export function tabulatedPfOde2d(g: EulerGrid, xGrid: Float64Array, yGrid: Float64Array, table: Float64Array, x: Float64Array, y: Float64Array): void {
  const gx = checkGrid("xGrid", xGrid), gy = checkGrid("yGrid", yGrid);
  const steps = g.times.length - 1, nx = xGrid.length, ny = yGrid.length;
  if (!(table instanceof Float64Array) || table.length < 2 * nx * ny * steps) throw new DomainError("table", `must hold steps × n_x × n_y × 2 = ${2 * nx * ny * steps} values`);
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array) || x.length !== y.length) throw new DomainError("y", "x and y must be Float64Arrays of equal length");
  requireFiniteArray("x", x);
  requireFiniteArray("y", y);
  const { c, d } = eulerCoefficients(g);
  const lx = nx - 1, ly = ny - 1;
  const cell = (v: number, grid: Float64Array, q: { lo: number; inv: number; top: number; uniform: boolean }, last: number): number =>
    q.uniform ? lookup(grid, q.lo, q.inv, q.top, last, v) : binarySearch(grid, v);
  // samples are processed in the order of their initial lookup cell (a counting sort), so that neighbours in memory
  // read neighbouring table entries at every step (3x faster on Fig. 3); each sample's result does not depend on it
  const n = x.length;
  const pos = new Int32Array(n), start = new Int32Array(nx * ny + 1);
  for (let k = 0; k < n; k++) {
    const key = cell(x[k], xGrid, gx, lx) * ny + cell(y[k], yGrid, gy, ly);
    pos[k] = key;
    start[key + 1]++;
  }
  for (let i = 0; i < nx * ny; i++) start[i + 1] += start[i];
  const wx = new Float64Array(n), wy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const p = start[pos[k]]++;
    pos[k] = p;
    wx[p] = x[k];
    wy[p] = y[k];
  }
  // step-major over all samples: in cell order each step sweeps its table slice nearly in order, and independent
  // samples keep the pipeline full
  const cell1 = nx * ny;
  if (gx.uniform && gy.uniform) {
    const xlo = gx.lo, xinv = gx.inv, xtop = gx.top, ylo = gy.lo, yinv = gy.inv, ytop = gy.top;
    for (let j = 0; j < steps; j++) {
      const cj = c[j], dj = d[j], off = j * cell1;
      for (let k = 0; k < n; k++) {
        const xk = wx[k], yk = wy[k];
        // lookup() inlined (same arithmetic): ⌊u⌋ + 1 away from grid points, binary search within 1e−6 cells of one
        let ix: number, iy: number;
        if (xk > xtop) ix = lx;
        else if (!(xk > xlo)) ix = 0;
        else {
          const u = (xk - xlo) * xinv;
          ix = (u | 0) + 1;
          if (ix - u < 1e-6 || u - ix + 1 < 1e-6) ix = binarySearch(xGrid, xk);
        }
        if (yk > ytop) iy = ly;
        else if (!(yk > ylo)) iy = 0;
        else {
          const u = (yk - ylo) * yinv;
          iy = (u | 0) + 1;
          if (iy - u < 1e-6 || u - iy + 1 < 1e-6) iy = binarySearch(yGrid, yk);
        }
        const p = 2 * (off + ix * ny + iy);
        wx[k] = cj * xk + dj * table[p];
        wy[k] = cj * yk + dj * table[p + 1];
      }
    }
  } else {
    for (let j = 0; j < steps; j++) {
      const cj = c[j], dj = d[j], off = j * cell1;
      for (let k = 0; k < n; k++) {
        const xk = wx[k], yk = wy[k];
        const p = 2 * (off + cell(xk, xGrid, gx, lx) * ny + cell(yk, yGrid, gy, ly));
        wx[k] = cj * xk + dj * table[p];
        wy[k] = cj * yk + dj * table[p + 1];
      }
    }
  }
  for (let k = 0; k < n; k++) {
    x[k] = wx[pos[k]];
    y[k] = wy[pos[k]];
  }
}

/**
 * The exact-evaluation variant (spec §2 item 7, `lookup = 'exact'`): the same Euler scheme with μ̂(x, y, t_j)
 * computed at the point itself by `denoise(x, y, j, out)` (j the step index, t_j = g.times[j]; writes μ̂ into
 * out[0], out[1]). In place on x, y.
 * @throws DomainError naming `x` or `y`
 */
export function exactPfOde2d(g: EulerGrid, denoise: (x: number, y: number, step: number, out: Float64Array) => void, x: Float64Array, y: Float64Array): void {
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array) || x.length !== y.length) throw new DomainError("y", "x and y must be Float64Arrays of equal length");
  requireFiniteArray("x", x);
  requireFiniteArray("y", y);
  const steps = g.times.length - 1;
  const { c, d } = eulerCoefficients(g);
  const mu = new Float64Array(2);
  for (let k = 0; k < x.length; k++) {
    let xk = x[k], yk = y[k];
    for (let j = 0; j < steps; j++) {
      denoise(xk, yk, j, mu);
      const nx = c[j] * xk + d[j] * mu[0];
      yk = c[j] * yk + d[j] * mu[1];
      xk = nx;
    }
    x[k] = xk;
    y[k] = yk;
  }
}
