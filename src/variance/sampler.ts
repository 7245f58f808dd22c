/**
 * Samplers driven by the exact posterior of a point-mass set (no learned model):
 * - the probability-flow ODE with the exact score, by explicit Euler (Vastola §1.6): its output law tends to
 *   p(x | ε) = (1/M) Σ_m N(α_ε μ_m, σ_ε²), the memorizing baseline, as the number of steps grows;
 * - the naive estimator of Vastola Sec. 4 (Prop. 4.1, spec §1.8): at every Euler step a fresh "trained" score
 *   ŝ = s + √(κ/Δt)(s̃(x, t; x₀ₜ) − s) with x₀ₜ ~ p(x₀ | x, t), either drawn categorically or replaced by its Gaussian
 *   surrogate, the effective SDE of Prop. 3.1 with white noise of covariance κ D_t C(x, t) D_t δ(t − t').
 *
 * Time runs backwards on the uniform grid t_j = linspace(ε, T, steps + 1) reversed (spec §2 item 1), with
 * Δ_j = t_j − t_{j+1} > 0 and the update (author's VP convention, D = β)
 *
 *   x_{j+1} = x_j + Δ_j (β_j x_j + D_j s(x_j, t_j)) [+ √(κ Δ_j) D_j (s̃ − s)],   s̃ − s = α_j (x₀ₜ − m)/σ_j².
 */
import type { ContinuousSchedule } from "../diffusion/continuous.js";
import { Rng } from "../core/rng.js";
import { DomainError, requireInRange, requireInteger, MAX_ARRAY_LENGTH } from "../core/validate.js";
import { FastNormalStream } from "../core/fastnormal.js";
import type { PointMassSet } from "./pointmass.js";
import { posteriorInto, posteriorMeanInto, scheduleAt } from "./posterior.js";

/** The Euler time grid with the schedule's coefficients at each node. */
export interface EulerGrid {
  /** t_0 = T > t_1 > … > t_steps = ε */
  times: Float64Array;
  alpha: Float64Array;
  sigma2: Float64Array;
  beta: Float64Array;
  diffusion: Float64Array;
}

/**
 * The reversed uniform grid t_j = ε + (steps − j)(T − ε)/steps, j = 0 … steps (numpy's flip(linspace(ε, T,
 * steps + 1)), spec §2 item 1), with α, σ², β, D at every node.
 * @param eps the cutoff ε > 0, below T
 * @param steps number of Euler steps, integer in [1, 1e6]
 * @param T the start time, default the schedule's tMax (must be finite)
 * @throws DomainError naming `eps`, `steps`, `T` or `schedule`
 */
export function vastolaEulerGrid(schedule: ContinuousSchedule, eps: number, steps: number, T: number = schedule?.tMax): EulerGrid {
  requireInteger("steps", steps, 1, 1e6);
  if (typeof T !== "number" || !Number.isFinite(T) || !(T > 0)) throw new DomainError("T", `must be a finite time > 0; got ${T}`);
  requireInRange("eps", eps, 0, T, "both");
  const n = steps + 1;
  const g: EulerGrid = { times: new Float64Array(n), alpha: new Float64Array(n), sigma2: new Float64Array(n), beta: new Float64Array(n), diffusion: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    const k = steps - j;
    const t = k === steps ? T : eps + (k * (T - eps)) / steps;
    const c = scheduleAt(schedule, t);
    g.times[j] = t;
    g.alpha[j] = c.alpha;
    g.sigma2[j] = c.sigma2;
    g.beta[j] = c.beta;
    g.diffusion[j] = c.diffusion;
  }
  return g;
}

/** Options shared by the point-mass samplers. */
export interface PointMassSamplerOptions {
  /** the cutoff ε > 0 where sampling stops */
  eps: number;
  /** Euler steps, integer in [1, 1e6] */
  steps: number;
  /** number of samples, integer in [1, 1e7] */
  samples: number;
  /** random stream: initial points come from `rng.fork("init")`, step noise from `rng.fork("noise")` */
  rng: Rng;
  /** start time T, default the schedule's tMax */
  T?: number;
}

/** Options of {@link naiveEstimatorSample}. */
export interface NaiveEstimatorOptions extends PointMassSamplerOptions {
  /** κ ≥ 0, a time: the strength of the naive estimator's noise (Prop. 4.1); κ = 0 is the exact PF-ODE */
  kappa: number;
  /** "categorical": draw x₀ₜ ~ p(x₀ | x, t) (the naive estimator itself); "gaussian": its Gaussian surrogate */
  scheme: "categorical" | "gaussian";
  /**
   * Source of the step noise: "mt19937" (default; `rng.fork("noise")`, MT19937 + ziggurat) or "xoshiro" (a
   * FastNormalStream seeded from `rng.fork("noise")`: xoshiro128** uniforms, Box–Muller normals; about 5× cheaper
   * per draw, a different but equally valid stream). The initial points are the same for both.
   */
  noise?: "mt19937" | "xoshiro";
}

/** What the samplers draw their step noise from. */
interface NoiseSource {
  uniform(): number;
  normal(): number;
}

/** xoshiro128** uniforms (53-bit) and Box–Muller normals (two per pair of uniforms, the second one cached). */
class XoshiroNoise implements NoiseSource {
  private readonly s: FastNormalStream;
  private spare = 0;
  private hasSpare = false;
  constructor(r: Rng) {
    this.s = new FastNormalStream(r);
  }
  uniform(): number {
    return this.s.uniform();
  }
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.s.uniform()));
    const th = 2 * Math.PI * this.s.uniform();
    this.spare = r * Math.sin(th);
    this.hasSpare = true;
    return r * Math.cos(th);
  }
}

function validate(set: PointMassSet, schedule: ContinuousSchedule, o: PointMassSamplerOptions): EulerGrid {
  if (set == null || !(set.points instanceof Float64Array)) throw new DomainError("set", "must be a PointMassSet (from pointMassSet)");
  if (o == null) throw new DomainError("options", "must be given");
  if (!(o.rng instanceof Rng)) throw new DomainError("rng", "must be an Rng (from rng(seed))");
  requireInteger("samples", o.samples, 1, Math.min(1e7, MAX_ARRAY_LENGTH / set.dim));
  return vastolaEulerGrid(schedule, o.eps, o.steps, o.T ?? schedule?.tMax);
}

/** Initial points x_T ~ N(0, σ_T² I), n·d numbers row-major, from `rng.fork("init")`. */
function initialPoints(rng: Rng, n: number, d: number, sigma2T: number): Float64Array {
  const z = rng.fork("init").normals(n * d);
  const s = Math.sqrt(sigma2T);
  for (let i = 0; i < z.length; i++) z[i] *= s;
  return z;
}

/** Weights below e^−46 ≈ 1e−20 of the largest are set to 0 in the samplers' 1-D kernel (they cannot change a sum ≥ 1). */
const NEGLIGIBLE_LOG_WEIGHT = -46;

/**
 * The 1-D kernel of both samplers, sample by sample and step by step with precomputed coefficients:
 * x ← (1 + Δβ − ΔD/σ²) x + (ΔDα/σ²) m + √(κΔ) D (α/σ²) ξ, with ξ = x₀ₜ − m (categorical) or √Var·z (gaussian).
 * mode "none" draws nothing (the exact PF-ODE).
 */
function run1d(set: PointMassSet, g: EulerGrid, x: Float64Array, kappa: number, mode: "none" | "categorical" | "gaussian", noise: NoiseSource | undefined): void {
  const P = set.points;
  const M = set.size;
  const steps = g.times.length - 1;
  const cx = new Float64Array(steps), cm = new Float64Array(steps), amp = new Float64Array(steps), a = new Float64Array(steps), h = new Float64Array(steps);
  for (let j = 0; j < steps; j++) {
    const dt = g.times[j] - g.times[j + 1];
    cx[j] = 1 + dt * g.beta[j] - (dt * g.diffusion[j]) / g.sigma2[j];
    cm[j] = (dt * g.diffusion[j] * g.alpha[j]) / g.sigma2[j];
    amp[j] = Math.sqrt(kappa * dt) * g.diffusion[j] * (g.alpha[j] / g.sigma2[j]);
    a[j] = g.alpha[j];
    h[j] = -0.5 / g.sigma2[j];
  }
  const e = new Float64Array(M);
  for (let k = 0; k < x.length; k++) {
    let xk = x[k];
    for (let j = 0; j < steps; j++) {
      const aj = a[j], hj = h[j];
      let max = -Infinity;
      for (let c = 0; c < M; c++) {
        const r = xk - aj * P[c];
        const l = hj * r * r;
        e[c] = l;
        if (l > max) max = l;
      }
      let sum = 0;
      let sm = 0;
      for (let c = 0; c < M; c++) {
        const l = e[c] - max;
        const v = l === 0 ? 1 : l < NEGLIGIBLE_LOG_WEIGHT ? 0 : Math.exp(l);
        e[c] = v;
        sum += v;
        sm += v * P[c];
      }
      const m = sm / sum;
      let xi = 0;
      if (mode === "categorical") {
        const u = noise!.uniform() * sum;
        let c = 0;
        let cum = e[0];
        while (u >= cum && c < M - 1) cum += e[++c];
        xi = P[c] - m;
      } else if (mode === "gaussian") {
        let v = 0;
        for (let c = 0; c < M; c++) v += e[c] * (P[c] - m) ** 2;
        xi = Math.sqrt(v / sum) * noise!.normal();
      }
      xk = cx[j] * xk + cm[j] * m + amp[j] * xi;
    }
    x[k] = xk;
  }
}

/**
 * Samples of the probability-flow ODE with the exact score of the point-mass set, by explicit Euler on the
 * reversed uniform grid (Vastola §1.6; with `steps` = 30 the official scheme, without grid lookup). Returns n·d
 * numbers row-major. Deterministic given `rng` (only the initial points are random).
 * @throws DomainError naming `set`, `rng`, `samples`, `steps`, `eps`, `T` or `schedule`
 */
export function pointMassPfOde(set: PointMassSet, schedule: ContinuousSchedule, options: PointMassSamplerOptions): Float64Array {
  const g = validate(set, schedule, options);
  const d = set.dim;
  const n = options.samples;
  const x = initialPoints(options.rng, n, d, g.sigma2[0]);
  if (d === 1) {
    run1d(set, g, x, 0, "none", undefined);
    return x;
  }
  const w = new Float64Array(set.size);
  const mean = new Float64Array(d);
  for (let j = 0; j + 1 < g.times.length; j++) {
    const dt = g.times[j] - g.times[j + 1];
    const a = g.alpha[j], s2 = g.sigma2[j], b = g.beta[j], D = g.diffusion[j];
    for (let k = 0; k < n; k++) {
      const off = k * d;
      posteriorInto(set, x, off, a, s2, w);
      posteriorMeanInto(set, w, mean);
      for (let i = 0; i < d; i++) {
        const xi = x[off + i];
        x[off + i] = xi + dt * (b * xi + D * ((a * mean[i] - xi) / s2));
      }
    }
  }
  return x;
}

/**
 * Samples of the naive estimator (Vastola Sec. 4, Prop. 4.1; spec §1.8 and §2 item 10): the Euler scheme of
 * {@link pointMassPfOde} plus, at every step, √(κ Δ) D (s̃ − s) with s̃ − s = α (x₀ₜ − m)/σ², where
 * - "categorical": x₀ₜ is one draw from the posterior over training points (one uniform per sample and step);
 * - "gaussian": x₀ₜ − m is replaced by a Gaussian with the posterior covariance, i.e. step noise of covariance
 *   κ Δ D² C(x, t) (the effective SDE of Prop. 3.1 for this estimator). In 1-D one normal √Var·z per step; in
 *   d > 1 Σ_m √w_m (μ_m − m) z_m, which has covariance Cov[x₀ | x, t] exactly without a matrix square root.
 * In 1-D a fused kernel runs each sample through all steps (draws are sample-major) and drops posterior weights
 * below e^−46 of the largest, which cannot change the normalising sum.
 * The noise is always computed and added, so κ = 0 reproduces {@link pointMassPfOde} bit for bit for the same
 * `rng` (claim V-C6): the initial points come from `rng.fork("init")`, the step noise from `rng.fork("noise")`
 * (directly, or as the seed of a xoshiro stream with `noise: "xoshiro"`).
 * @throws DomainError naming `kappa`, `scheme`, `noise`, or as {@link pointMassPfOde}
 */
export function naiveEstimatorSample(set: PointMassSet, schedule: ContinuousSchedule, options: NaiveEstimatorOptions): Float64Array {
  const g = validate(set, schedule, options);
  requireInRange("kappa", options.kappa, 0, Infinity, "hi");
  const categorical = options.scheme === "categorical";
  if (!categorical && options.scheme !== "gaussian") throw new DomainError("scheme", `must be "categorical" or "gaussian"; got ${String(options.scheme)}`);
  const d = set.dim;
  const n = options.samples;
  const kappa = options.kappa;
  const x = initialPoints(options.rng, n, d, g.sigma2[0]);
  const source = options.noise ?? "mt19937";
  if (source !== "mt19937" && source !== "xoshiro") throw new DomainError("noise", `must be "mt19937" or "xoshiro"; got ${String(source)}`);
  const noise: NoiseSource = source === "xoshiro" ? new XoshiroNoise(options.rng.fork("noise")) : options.rng.fork("noise");
  if (d === 1) {
    run1d(set, g, x, kappa, options.scheme, noise);
    return x;
  }
  const w = new Float64Array(set.size);
  const mean = new Float64Array(d);
  const P = set.points;
  const M = set.size;
  for (let j = 0; j + 1 < g.times.length; j++) {
    const dt = g.times[j] - g.times[j + 1];
    const a = g.alpha[j], s2 = g.sigma2[j], b = g.beta[j], D = g.diffusion[j];
    const amp = Math.sqrt(kappa * dt) * D * (a / s2); // multiplies x₀ₜ − m
    for (let k = 0; k < n; k++) {
      const off = k * d;
      posteriorInto(set, x, off, a, s2, w);
      posteriorMeanInto(set, w, mean);
      if (categorical) {
        // x₀ₜ ~ categorical(w): first c with cumulative weight > u
        const u = noise.uniform();
        let c = 0;
        let cum = w[0];
        while (u >= cum && c < M - 1) cum += w[++c];
        for (let i = 0; i < d; i++) {
          const xi = x[off + i];
          x[off + i] = xi + dt * (b * xi + D * ((a * mean[i] - xi) / s2)) + amp * (P[c * d + i] - mean[i]);
        }
      } else {
        for (let i = 0; i < d; i++) {
          const xi = x[off + i];
          x[off + i] = xi + dt * (b * xi + D * ((a * mean[i] - xi) / s2));
        }
        for (let c = 0; c < M; c++) {
          const z = noise.normal() * Math.sqrt(w[c]) * amp;
          for (let i = 0; i < d; i++) x[off + i] += z * (P[c * d + i] - mean[i]);
        }
      }
    }
  }
  return x;
}
