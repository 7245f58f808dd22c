/**
 * Monte Carlo estimates with their standard errors, and the Kolmogorov-Smirnov goodness-of-fit test used to check
 * samplers against a known distribution function.
 */
import { Gaussian, logDensityRows, sampleGaussian } from "./gaussian.js";
import { Rng } from "./rng.js";
import { DomainError, MAX_ARRAY_LENGTH, requireFiniteArray, requireInRange, requireInteger } from "./validate.js";

/** A sample mean with its standard error. */
export interface MeanEstimate {
  /** sample mean (1/n) sum_i x_i */
  mean: number;
  /** estimated standard error of the mean, s / sqrt(n), with s^2 = sum_i (x_i - mean)^2 / (n - 1) */
  standardError: number;
  /** number of values */
  n: number;
}

/** A Monte Carlo estimate of a KL divergence with its standard error. */
export interface KlEstimate {
  /** the estimate (1/n) sum_i [ln p(x_i) - ln q(x_i)], x_i ~ p (nats) */
  estimate: number;
  /** its standard error s / sqrt(n) */
  standardError: number;
  /** number of samples */
  n: number;
}

/**
 * Sample mean and its standard error: mean = (1/n) sum x_i, standardError = s / sqrt(n) with the unbiased sample
 * variance s^2 = sum (x_i - mean)^2 / (n - 1). Computed on x / max|x| (then rescaled) so that it cannot overflow
 * for finite inputs.
 *
 * @param values at least 2 finite numbers
 * @throws {DomainError} fewer than 2 values, or a non-finite value
 */
export function meanWithError(values: ArrayLike<number>): MeanEstimate {
  requireFiniteArray("values", values);
  const n = values.length;
  if (n < 2) throw new DomainError("values", `must hold at least 2 numbers for a standard error; got ${n}`);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(values[i]));
  if (scale === 0) return { mean: 0, standardError: 0, n };
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i] / scale;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] / scale - m) ** 2;
  return { mean: m * scale, standardError: Math.sqrt(ss / (n - 1) / n) * scale, n };
}

/**
 * Monte Carlo estimate of E[f]: calls f(rng, i) for i = 0..n-1 (each call draws what it needs from `rng`) and
 * returns the mean of the results with its standard error.
 *
 * @param f returns one finite sample of the quantity to average
 * @param n number of samples, an integer in [2, 1e8]
 * @throws {DomainError} `f` not a function or returning a non-finite value; `rng` not an Rng; bad `n`
 */
export function monteCarlo(f: (rng: Rng, index: number) => number, rng: Rng, n: number): MeanEstimate {
  if (typeof f !== "function") throw new DomainError("f", "must be a function");
  if (!(rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  requireInteger("n", n, 2, MAX_ARRAY_LENGTH);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = f(rng, i);
    if (typeof y !== "number" || !Number.isFinite(y)) throw new DomainError("f", `must return finite numbers; call ${i} returned ${y}`);
    values[i] = y;
  }
  return meanWithError(values);
}

/**
 * Monte Carlo estimate of KL(p || q) = E_{x ~ p}[ln p(x) - ln q(x)] from n samples of p, with its standard error:
 * an independent check of the exact `klDivergence`. Both laws must have densities (full rank).
 *
 * @param n number of samples, an integer in [2, 1e8 / d]
 * @throws {DomainError} `p` or `q` not a full-rank Gaussian, dimensions differ; bad `rng` or `n`
 */
export function klMonteCarlo(p: Gaussian, q: Gaussian, rng: Rng, n: number): KlEstimate {
  for (const [name, g] of [["p", p], ["q", q]] as const) {
    if (!(g instanceof Gaussian)) throw new DomainError(name, "must be a Gaussian");
    if (g.rank < g.dim) throw new DomainError(name, `must have a density (full rank); rank ${g.rank} < dimension ${g.dim}`);
  }
  if (q.dim !== p.dim) throw new DomainError("q", `must have the dimension of p (${p.dim}); got ${q.dim}`);
  requireInteger("n", n, 2, MAX_ARRAY_LENGTH / p.dim);
  const X = sampleGaussian(p, rng, n);
  const lp = logDensityRows(p, X);
  const lq = logDensityRows(q, X);
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = lp[i] - lq[i];
  const { mean, standardError } = meanWithError(diff);
  return { estimate: mean, standardError, n };
}

/**
 * Kolmogorov-Smirnov statistic D_n = sup_x |F_n(x) - F(x)| between the empirical distribution function F_n of the
 * samples and a continuous distribution function F: D_n = max_i max(i/n - F(x_(i)), F(x_(i)) - (i-1)/n) over the
 * sorted samples x_(1) <= ... <= x_(n). Lies in [0, 1].
 *
 * @param samples at least one finite number
 * @param cdf F, must return values in [0, 1]
 * @throws {DomainError} empty or non-finite samples; `cdf` not a function or returning a value outside [0, 1]
 */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  requireFiniteArray("samples", samples);
  if (typeof cdf !== "function") throw new DomainError("cdf", "must be a function");
  const x = Float64Array.from(samples).sort();
  const n = x.length;
  let D = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(x[i]);
    if (typeof F !== "number" || !(F >= 0 && F <= 1)) throw new DomainError("cdf", `must return values in [0, 1]; cdf(${x[i]}) = ${F}`);
    D = Math.max(D, (i + 1) / n - F, F - i / n);
  }
  return D;
}

/**
 * Kolmogorov distribution tail Q(lambda) = P(K > lambda) = 2 sum_{k>=1} (-1)^{k-1} exp(-2 k^2 lambda^2), evaluated
 * with the Jacobi-theta form 1 - (sqrt(2 pi) / lambda) sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2)) for small
 * lambda, where the alternating series converges slowly. Accurate to ~1e-15.
 *
 * @param lambda >= 0
 * @throws {DomainError} `lambda` negative or non-finite
 */
export function kolmogorovSurvival(lambda: number): number {
  requireInRange("lambda", lambda, 0, Infinity, "hi");
  if (lambda < 0.1) return 1; // 1 - Q < 1e-50
  if (lambda < 1) {
    let s = 0;
    for (let k = 1; k <= 20; k++) s += Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * lambda * lambda));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * Asymptotic p-value of a Kolmogorov-Smirnov statistic D from n samples: Q((sqrt(n) + 0.12 + 0.11 / sqrt(n)) D),
 * with Stephens' (1970) finite-n correction (good for n >= ~5; Numerical Recipes 14.3).
 *
 * @param statistic D in [0, 1]
 * @param n number of samples, an integer >= 1
 * @throws {DomainError} `statistic` outside [0, 1]; `n` not an integer >= 1
 */
export function ksPValue(statistic: number, n: number): number {
  requireInRange("statistic", statistic, 0, 1);
  requireInteger("n", n, 1);
  const rn = Math.sqrt(n);
  return kolmogorovSurvival((rn + 0.12 + 0.11 / rn) * statistic);
}
