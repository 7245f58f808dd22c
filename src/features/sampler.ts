/**
 * The official 1-D sampler of Vastola's Fig. 2 (spec §1.6, §2 item 7): the PF-ODE by explicit Euler on the reversed
 * grid of `vastolaEulerGrid`, driven by a denoiser μ̂ read from a table on an x grid with the "first grid point ≥ x"
 * rule, or evaluated exactly:
 *
 *   x_{j+1} = x_j + Δ_j (β_j x_j + D_j (α_j μ̂(x_j, t_j) − x_j)/σ_j²) = c_j x_j + d_j μ̂(x_j, t_j),
 *   c_j = 1 + Δ_j β_j − Δ_j D_j/σ_j²,  d_j = Δ_j D_j α_j/σ_j².
 */
import { DomainError, requireFiniteArray } from "../core/validate.js";
import type { EulerGrid } from "../variance/sampler.js";
import type { PointMassSet } from "../variance/pointmass.js";
import { posteriorInto } from "../variance/posterior.js";

/**
 * The official lookup index (spec §2 item 7): min(first i with grid[i] ≥ x, n − 1), i.e. numpy's
 * searchsorted(grid, x, 'left') clipped; values below the grid map to 0, above (and NaN) to n − 1.
 * @param grid increasing values (not checked here: hot path)
 */
export function gridLookupIndex(grid: ArrayLike<number>, x: number): number {
  let lo = 0, hi = grid.length; // first index in [lo, hi) with grid[i] >= x
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo < grid.length ? lo : grid.length - 1;
}

/** The Euler coefficients c_j (multiplies x) and d_j (multiplies μ̂) of each of the grid's steps. */
export function eulerCoefficients(g: EulerGrid): { c: Float64Array; d: Float64Array } {
  const steps = g.times.length - 1;
  const c = new Float64Array(steps), d = new Float64Array(steps);
  for (let j = 0; j < steps; j++) {
    const dt = g.times[j] - g.times[j + 1];
    c[j] = 1 + dt * g.beta[j] - (dt * g.diffusion[j]) / g.sigma2[j];
    d[j] = (dt * g.diffusion[j] * g.alpha[j]) / g.sigma2[j];
  }
  return { c, d };
}

function checkUniform(grid: Float64Array): { lo: number; inv: number } | null {
  const n = grid.length;
  if (n < 2) return null;
  const dx = (grid[n - 1] - grid[0]) / (n - 1);
  for (let i = 0; i < n; i++) if (Math.abs(grid[i] - (grid[0] + i * dx)) > 1e-12 * (1 + Math.abs(grid[i]))) return null;
  return { lo: grid[0], inv: 1 / dx };
}

/**
 * Runs the Euler PF-ODE in place on initial points `x` (already drawn from N(0, σ_T²)) with the denoiser read from
 * `table` (steps × n, row j = μ̂(grid_i, t_j) for the grid's times t_0 … t_{steps−1}) by the official lookup rule.
 * On a uniform grid the index is guessed arithmetically and corrected against the grid values, so the result is
 * exactly {@link gridLookupIndex}'s.
 * @throws DomainError naming `grid` (not increasing/finite), `table` (wrong length) or `x`
 */
export function tabulatedPfOde1d(g: EulerGrid, grid: Float64Array, table: Float64Array, x: Float64Array): Float64Array {
  requireFiniteArray("grid", grid);
  for (let i = 1; i < grid.length; i++) if (!(grid[i] > grid[i - 1])) throw new DomainError("grid", "must be strictly increasing");
  const steps = g.times.length - 1;
  const n = grid.length;
  if (!(table instanceof Float64Array) || table.length < steps * n) throw new DomainError("table", `must hold steps × n = ${steps * n} values`);
  requireFiniteArray("x", x);
  const { c, d } = eulerCoefficients(g);
  // fold d_j into the table once
  const tab = new Float64Array(steps * n);
  for (let j = 0; j < steps; j++) for (let i = 0; i < n; i++) tab[j * n + i] = d[j] * table[j * n + i];
  const u = checkUniform(grid);
  const last = n - 1;
  if (u === null) {
    for (let k = 0; k < x.length; k++) {
      let xk = x[k];
      for (let j = 0; j < steps; j++) xk = c[j] * xk + tab[j * n + gridLookupIndex(grid, xk)];
      x[k] = xk;
    }
    return x;
  }
  // step-major over blocks of samples: each step's update of one sample is a serial chain (index → load → update),
  // so independent samples are interleaved to keep the pipeline full
  const lo = u.lo, inv = u.inv, top = grid[last];
  const B = 4096;
  for (let k0 = 0; k0 < x.length; k0 += B) {
    const k1 = Math.min(x.length, k0 + B);
    for (let j = 0; j < steps; j++) {
      const cj = c[j], off = j * n;
      for (let k = k0; k < k1; k++) {
        const xk = x[k];
        let i: number;
        if (xk > top) i = last;
        else if (!(xk > lo)) i = 0;
        else {
          i = Math.ceil((xk - lo) * inv);
          if (i > last) i = last;
          if (grid[i] < xk) i++;
          else if (i > 0 && grid[i - 1] >= xk) i--;
        }
        x[k] = cj * xk + tab[off + i];
      }
    }
  }
  return x;
}

/**
 * The exact-evaluation variant (spec §2 item 7, `lookup = 'exact'`): the same Euler scheme with μ̂(x, t_j) computed
 * at x itself by `denoise(x, j)` (j the step index, t_j = g.times[j]). In place on `x`.
 */
export function exactPfOde1d(g: EulerGrid, denoise: (x: number, step: number) => number, x: Float64Array): Float64Array {
  requireFiniteArray("x", x);
  const steps = g.times.length - 1;
  const { c, d } = eulerCoefficients(g);
  for (let k = 0; k < x.length; k++) {
    let xk = x[k];
    for (let j = 0; j < steps; j++) xk = c[j] * xk + d[j] * denoise(xk, j);
    x[k] = xk;
  }
  return x;
}

/**
 * The exact posterior mean m(grid_i, t_j) of a 1-D point-mass set on the grid at each of the Euler grid's first
 * `steps` times (steps × n, ts-major): the table behind Fig. 2's gray curve ("PF-ODE + true score" with lookup).
 * @throws DomainError naming `set` (not 1-D)
 */
export function pointMassMeanTable1d(set: PointMassSet, g: EulerGrid, grid: ArrayLike<number>): Float64Array {
  if (set == null || set.dim !== 1) throw new DomainError("set", "must be a 1-D PointMassSet");
  requireFiniteArray("grid", grid);
  const steps = g.times.length - 1, n = grid.length;
  const out = new Float64Array(steps * n);
  const w = new Float64Array(set.size);
  const xv = new Float64Array(1);
  for (let j = 0; j < steps; j++) {
    for (let i = 0; i < n; i++) {
      xv[0] = grid[i];
      posteriorInto(set, xv, 0, g.alpha[j], g.sigma2[j], w);
      let m = 0;
      for (let c = 0; c < set.size; c++) m += w[c] * set.points[c];
      out[j * n + i] = m;
    }
  }
  return out;
}
