/**
 * The memorization–generalization transition from repeated training sets (Halder §3 item 10): the probability
 * P(Δ > 0) with Wilson intervals, and the crossing N* of ½ along a grid in N/d.
 */
import { Rng } from "../core/rng.js";
import { DomainError, requireFiniteArray, requireInteger, requirePositive } from "../core/validate.js";

/** A binomial proportion with its Wilson score interval. */
export interface WilsonInterval {
  /** p̂ = k/n */
  estimate: number;
  lower: number;
  upper: number;
  n: number;
}

/**
 * Wilson score interval (p̂ + z²/(2n) ± z√(p̂(1 − p̂)/n + z²/(4n²)))/(1 + z²/n) for k successes in n trials
 * (z = 1.96: 95%).
 * @throws {DomainError} n not an integer ≥ 1; k not an integer in [0, n]; z not > 0
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): WilsonInterval {
  requireInteger("n", n, 1);
  requireInteger("successes", successes, 0, n);
  requirePositive("z", z);
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { estimate: p, lower: Math.max(0, (centre - half) / denom), upper: Math.min(1, (centre + half) / denom), n };
}

function requireGrid(x: ArrayLike<number>, p: ArrayLike<number>): void {
  requireFiniteArray("x", x);
  requireFiniteArray("p", p, x.length);
  for (let j = 1; j < x.length; j++) if (!(x[j] > x[j - 1])) throw new DomainError("x", "must be strictly increasing");
  for (let j = 0; j < p.length; j++) if (p[j] < 0 || p[j] > 1) throw new DomainError("p", `must lie in [0, 1]; entry ${j} is ${p[j]}`);
}

function interpolate(x: ArrayLike<number>, p: ArrayLike<number>, j: number, level: number): number {
  const dp = p[j + 1] - p[j];
  return dp === 0 ? x[j] : x[j] + ((level - p[j]) * (x[j + 1] - x[j])) / dp;
}

/**
 * N*: the last upward crossing of `level` (default ½) along the grid (Halder §3 item 10). With j₀ the largest j
 * with p_j < level, interpolate linearly between j₀ and j₀ + 1. Returns undefined when j₀ is the last grid point
 * (never crossed) and x₀ when no p_j is below the level.
 */
export function transitionCrossing(x: ArrayLike<number>, p: ArrayLike<number>, level = 0.5): number | undefined {
  requireGrid(x, p);
  let j0 = -1;
  for (let j = 0; j < p.length; j++) if (p[j] < level) j0 = j;
  if (j0 === -1) return x[0];
  if (j0 === p.length - 1) return undefined;
  return interpolate(x, p, j0, level);
}

/**
 * The first crossing: the first j with p_j ≥ level, interpolated from j − 1; x₀ if p₀ ≥ level, undefined if
 * never reached.
 */
export function firstCrossing(x: ArrayLike<number>, p: ArrayLike<number>, level = 0.5): number | undefined {
  requireGrid(x, p);
  for (let j = 0; j < p.length; j++) {
    if (p[j] >= level) return j === 0 ? x[0] : interpolate(x, p, j - 1, level);
  }
  return undefined;
}

/** A bootstrap estimate of N* with its standard error. */
export interface CrossingBootstrap {
  estimate: number | undefined;
  standardError: number;
  /** resamples in which the crossing was defined */
  defined: number;
}

/**
 * Bootstrap standard error of {@link transitionCrossing}: resample the training sets (the outcomes Δ > 0 per grid
 * point) with replacement `resamples` times; SE is the sd of the defined crossings.
 */
export function bootstrapCrossing(x: ArrayLike<number>, outcomes: readonly (readonly boolean[])[], rng: Rng, resamples = 200): CrossingBootstrap {
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng");
  requireInteger("resamples", resamples, 2);
  if (outcomes.length !== x.length) throw new DomainError("outcomes", `must have one row per grid point (${x.length})`);
  const frac = (o: readonly boolean[]) => o.filter(Boolean).length / o.length;
  const estimate = transitionCrossing(x, outcomes.map(frac));
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const p = outcomes.map((o) => {
      let k = 0;
      for (let i = 0; i < o.length; i++) if (o[rng.integer(o.length)]) k++;
      return k / o.length;
    });
    const c = transitionCrossing(x, p);
    if (c !== undefined) values.push(c);
  }
  const m = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : NaN;
  return { estimate, standardError: Number.isFinite(sd) ? sd : Infinity, defined: values.length };
}
