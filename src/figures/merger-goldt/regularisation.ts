/**
 * MG-R4 and MG-R5 (Merger & Goldt, reconstructed [A]): regularisation and early stopping of the linear denoiser.
 * Test and train loss and the KL of the sampler against the ridge c (MG-R4) and against the gradient-flow time τ
 * from W = 0 (MG-R5), at N < d and N > d; the population optimum; the replica line for the ridge losses; and the
 * exactness of the GD closed form (MG-C12).
 */
import { Matrix } from "ml-matrix";
import { rng } from "../../core/rng.js";
import { DomainError, requireInRange, requireInteger } from "../../core/validate.js";
import { powerLawSpectrum } from "../../data/power-law.js";
import { explicitGradientDescent, linearWeightsClosedForm, optimumLoss, type LinearModelOptions } from "../../denoisers/linear.js";
import { klOptimum } from "../../denoisers/linear-kl.js";
import { replicaLosses } from "../../theory/replica.js";
import { checkClaim, type Claim } from "../../claims.js";
import type { Figure, FigureResult, Trace } from "../../plot/figure.js";
import { forEachNestedModes, modalLossesAndKl } from "./gram.js";
import { meanAndSem } from "./nested.js";
import { describeSetting, logGrid, mgFixedSet, mgSetting, MG_COLORS, type MgSwitches } from "./common.js";

type Stat = { mean: number; sem: number };

/** Seed statistics of one model setting (losses per dimension, t-averaged; KL per dimension, chosen direction). */
export interface MgRegPoint {
  train: Stat;
  test: Stat;
  kl: Stat;
}

/** One training-set size: the ridge sweep, the gradient-flow sweep and the converged unregularised model. */
export interface MgRegCurves {
  N: number;
  /** at each c of `params.ridges` (converged) */
  ridge: MgRegPoint[];
  /** replica t-averaged test and train loss/d at each c */
  ridgeReplica: { train: number[]; test: number[] };
  /** at each τ of `params.taus` (gradient flow from 0, c = 0) */
  flow: MgRegPoint[];
  /** converged, c = 0 (KL = ∞ for N < d) */
  converged: MgRegPoint;
}

/** Parameters of {@link ridgeAndEarlyStopping} (defaults: the spec's MG-R4/MG-R5). */
export interface RegularisationParams extends MgSwitches {
  /** default 100 */
  d?: number;
  /** spectrum exponent, default 1 */
  k?: number;
  /** training-set sizes, default [50, 200] */
  sizes?: number[];
  /** ridge values, default 25 log-spaced in [1e-5, 1] */
  ridges?: number[];
  /** gradient-flow times τ = η × steps ([A] on Σ_t L_t), default 25 log-spaced in [1e-1, 1e5] */
  taus?: number[];
  /** default 5 */
  seeds?: number;
  /** default 2505 */
  seed?: number;
}

/** Everything behind MG-R4, MG-R5 and their claims. */
export interface RegularisationData {
  params: Required<Omit<RegularisationParams, keyof MgSwitches>>;
  setting: string;
  curves: MgRegCurves[];
  /** t-averaged test_opt/d and KL_opt/d of the population model */
  optimum: { test: number; kl: number };
  /** MG-C12: max |explicit GD − closed form| over t ∈ {1, 100, 1000} on the fixed d = 8, N = 12 set (50 steps, η = 0.1) */
  gdCheck: { eta: number; steps: number; ts: number[]; maxAbsDiff: number[] };
}

function requireGrid(name: string, xs: number[], min: number): number[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new DomainError(name, "must be a non-empty array");
  xs.forEach((x) => requireInRange(name, x, min, Infinity));
  return xs;
}

const stats = (xs: { train: number[]; test: number[]; kl: number[] }): MgRegPoint => ({ train: meanAndSem(xs.train), test: meanAndSem(xs.test), kl: meanAndSem(xs.kl) });

/**
 * MG-R4 / MG-R5: losses and KL against the ridge c and the gradient-flow time τ. Per seed, nested training sets
 * (rng(seed).fork("regularisation").fork(s)); one decomposition per (seed, N), then every c and τ is O(T d).
 * Seed means are taken before any minimum (spec MG-R4).
 */
export function ridgeAndEarlyStopping(p: RegularisationParams = {}): FigureResult<RegularisationData> {
  const params = {
    d: requireInteger("d", p.d ?? 100, 2, 1000),
    k: requireInRange("k", p.k ?? 1, 0, 100),
    sizes: p.sizes ?? [50, 200],
    ridges: requireGrid("ridges", p.ridges ?? logGrid(-5, 0, 25), Number.MIN_VALUE),
    taus: requireGrid("taus", p.taus ?? logGrid(-1, 5, 25), 0),
    seeds: requireInteger("seeds", p.seeds ?? 5, 1, 1000),
    seed: requireInteger("seed", p.seed ?? 2505, 0, 2 ** 32 - 1),
  };
  if (!Array.isArray(params.sizes) || params.sizes.length === 0) throw new DomainError("sizes", "must be a non-empty array");
  params.sizes.forEach((N, i) => {
    requireInteger("sizes", N, 1, 1e6);
    if (i > 0 && N <= params.sizes[i - 1]) throw new DomainError("sizes", `must be strictly increasing; got ${params.sizes.join(", ")}`);
  });
  const setting = mgSetting(p);
  const { d, sizes, ridges, taus } = params;
  const lam = powerLawSpectrum(d, params.k, { trace: setting.trace });
  const pick = (kl: { forward: number; reverse: number }) => (setting.direction === "forward" ? kl.forward : kl.reverse) / d;
  const empty = () => ({ train: [] as number[], test: [] as number[], kl: [] as number[] });
  const acc = sizes.map(() => ({ ridge: ridges.map(empty), flow: taus.map(empty), converged: empty() }));
  const root = rng(params.seed).fork("regularisation");
  for (let s = 0; s < params.seeds; s++) {
    forEachNestedModes(() => root.fork(s), [lam], sizes, (modes, _k, N) => {
      const a = acc[sizes.indexOf(N)];
      const add = (into: { train: number[]; test: number[]; kl: number[] }, options: LinearModelOptions) => {
        const r = modalLossesAndKl(modes, lam, setting.schedule, { ...options, variance: setting.variance });
        into.train.push(r.losses.trainMean);
        into.test.push(r.losses.testMean);
        into.kl.push(pick(r.kl));
      };
      ridges.forEach((c, i) => add(a.ridge[i], { ridge: c }));
      taus.forEach((tau, i) => add(a.flow[i], { training: { kind: "flow", tau } }));
      add(a.converged, {});
    });
  }
  const curves: MgRegCurves[] = sizes.map((N, n) => {
    const reps = ridges.map((c) => replicaLosses(lam, N, setting.schedule, c));
    return {
      N, ridge: acc[n].ridge.map(stats), flow: acc[n].flow.map(stats), converged: stats(acc[n].converged),
      ridgeReplica: { train: reps.map((r) => r.trainMean), test: reps.map((r) => r.testMean) },
    };
  });
  const optimum = { test: optimumLoss(lam, setting.schedule).mean, kl: pick(klOptimum({ variances: lam }, setting.schedule, { variance: setting.variance })) };
  const data: RegularisationData = { params, setting: describeSetting(setting), curves, optimum, gdCheck: gdClosedFormCheck(setting.schedule) };
  return { data, figure: ridgeFigure(data) };
}

/**
 * MG-C12: K = 50 explicit GD steps W ← W − 2η(W M̂_t − s_t I) from W = 0 with η = 0.1, at t ∈ {1, 100, 1000} on the
 * fixed d = 8, N = 12 set, against the closed form s_t M̂_t⁻¹(I − (I − 2η M̂_t)^K): max absolute entry difference per t.
 */
export function gdClosedFormCheck(schedule: ReturnType<typeof mgSetting>["schedule"], eta = 0.1, steps = 50, ts: number[] = [1, 100, 1000]): RegularisationData["gdCheck"] {
  const { X } = mgFixedSet(12);
  const C = X.transpose().mmul(X).div(X.rows);
  const maxAbsDiff = ts.map((t) => {
    const explicit = explicitGradientDescent(C, schedule, t, eta, steps);
    const closed = linearWeightsClosedForm(C, schedule, t, { training: { kind: "gd", eta, steps } });
    return Math.max(...Matrix.sub(explicit, closed).abs().to1DArray());
  });
  return { eta, steps, ts, maxAbsDiff };
}

const color = (i: number) => MG_COLORS[i % MG_COLORS.length];

function sweepFigure(data: RegularisationData, id: string, axis: "ridge" | "flow"): Figure {
  const xs = axis === "ridge" ? data.params.ridges : data.params.taus;
  const traces: Trace[] = [];
  const ends = [xs[0], xs[xs.length - 1]];
  data.curves.forEach((cv, i) => {
    const pts = axis === "ridge" ? cv.ridge : cv.flow;
    const c = color(i);
    const g = `N${cv.N}`;
    const klc = cv.converged.kl.mean;
    traces.push({ type: "scatter", mode: "markers+lines", name: `N = ${cv.N} (N/d = ${cv.N / data.params.d}); converged, c = 0 (dash-dot): KL/d = ${Number.isFinite(klc) ? klc.toPrecision(3) : "∞"}`, legendgroup: g, x: xs, y: pts.map((q) => q.test.mean), error_y: { type: "data", array: pts.map((q) => q.test.sem), visible: true }, marker: { color: c, size: 6 }, line: { color: c, width: 1 } });
    traces.push({ type: "scatter", mode: "markers+lines", showlegend: false, legendgroup: g, x: xs, y: pts.map((q) => q.train.mean), marker: { color: c, size: 6, symbol: "circle-open" }, line: { color: c, width: 1, dash: "dash" } });
    if (axis === "ridge") traces.push({ type: "scatter", mode: "lines", showlegend: false, legendgroup: g, x: xs, y: cv.ridgeReplica.test, line: { color: c, width: 3 }, opacity: 0.35 });
    traces.push({ type: "scatter", mode: "lines", showlegend: false, legendgroup: g, x: ends, y: [cv.converged.test.mean, cv.converged.test.mean], line: { color: c, dash: "dashdot", width: 1 } });
    traces.push({ type: "scatter", mode: "markers+lines", showlegend: false, legendgroup: g, x: xs, y: pts.map((q) => q.kl.mean), error_y: { type: "data", array: pts.map((q) => q.kl.sem), visible: true }, xaxis: "x2", yaxis: "y2", marker: { color: c, size: 6 }, line: { color: c, width: 1 } });
    if (Number.isFinite(klc)) traces.push({ type: "scatter", mode: "lines", showlegend: false, legendgroup: g, x: ends, y: [klc, klc], xaxis: "x2", yaxis: "y2", line: { color: c, dash: "dashdot", width: 1 } });
  });
  traces.push({ type: "scatter", mode: "lines", name: "optimum", x: ends, y: [data.optimum.test, data.optimum.test], line: { color: "black", dash: "dot" } });
  const xTitle = axis === "ridge" ? "ridge c" : "training time τ = η · steps";
  const what = axis === "ridge" ? "Regularisation: converged models with ridge c" : "Early stopping: gradient flow from W = 0 (c = 0)";
  return {
    id,
    data: traces,
    layout: {
      title: { text: `${what} (d = ${data.params.d}, k = ${data.params.k}, ${data.params.seeds} seeds)` },
      width: 1100,
      height: 480,
      xaxis: { domain: [0, 0.46], type: "log", title: { text: xTitle } },
      yaxis: { type: "log", title: { text: "t-averaged loss / d: test (filled), train (open)" } },
      xaxis2: { domain: [0.56, 1], type: "log", title: { text: xTitle }, anchor: "y2" },
      yaxis2: { type: "log", anchor: "x2", title: { text: `KL_${data.setting.includes("reverse") ? "rev" : "fwd"} / d  (KL_opt/d = ${data.optimum.kl.toExponential(2)}, off scale)` } },
      legend: { orientation: "h", y: -0.2 },
    },
    parameters: { ...data.params, setting: data.setting },
  };
}

function ridgeFigure(data: RegularisationData): Figure {
  return sweepFigure(data, "MG-R4", "ridge");
}

/** MG-R5: losses and KL against the gradient-flow time τ (the converged model as dash-dotted lines). */
export function earlyStoppingFigure(data: RegularisationData): Figure {
  return sweepFigure(data, "MG-R5", "flow");
}

function argmin(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[best]) best = i;
  return best;
}

/** Claims MG-C5, MG-C6 and MG-C12 (spec thresholds; MG-C5/C6 at N = d/2, skipped when that size is absent). */
export function ridgeAndEarlyStoppingClaims(data: RegularisationData): Claim[] {
  const paper = "Merger & Goldt";
  const claims: Claim[] = [];
  const cv = data.curves.find((c) => c.N * 2 === data.params.d);
  const opt = data.optimum.test;
  if (cv) {
    const ridgeTests = cv.ridge.map((q) => q.test.mean);
    const i = argmin(ridgeTests);
    const smallest = argmin(data.params.ridges);
    claims.push(
      checkClaim({ id: "MG-C5", paper, statement: `Regularisation helps for N < d (N = ${cv.N}, d = ${data.params.d}, k = ${data.params.k}): min over c of the t-averaged test loss / optimum ≤ 1.3`, measured: ridgeTests[i] / opt, expected: 1.3, comparison: "<=", note: `min at c = ${data.params.ridges[i].toExponential(2)}: test/d = ${ridgeTests[i].toPrecision(4)}, optimum/d = ${opt.toPrecision(4)}` }),
      checkClaim({ id: "MG-C5", paper, statement: `… and the test loss at c = ${data.params.ridges[smallest].toExponential(0)} is more than 5 × that minimum`, measured: ridgeTests[smallest] / ridgeTests[i], expected: 5, comparison: ">=", note: `test/d = ${ridgeTests[smallest].toPrecision(4)} at c = ${data.params.ridges[smallest].toExponential(0)}` }),
    );
    const flowTests = cv.flow.map((q) => q.test.mean);
    const j = argmin(flowTests);
    const kls = cv.flow.map((q) => q.kl.mean);
    const jk = argmin(kls);
    claims.push(
      checkClaim({ id: "MG-C6", paper, statement: `Early stopping helps for N < d (N = ${cv.N}): min over τ of the t-averaged test loss / optimum ≤ 1.3`, measured: flowTests[j] / opt, expected: 1.3, comparison: "<=", note: `min at τ* = ${data.params.taus[j].toExponential(2)}: test/d = ${flowTests[j].toPrecision(4)}` }),
      checkClaim({ id: "MG-C6", paper, statement: "… the converged test loss is more than 5 × that minimum", measured: cv.converged.test.mean / flowTests[j], expected: 5, comparison: ">=", note: `converged test/d = ${cv.converged.test.mean.toPrecision(4)}` }),
      checkClaim({ id: "MG-C6", paper, statement: "… and min over τ of KL_fwd/d is below 1 (finite at every τ, ∞ converged)", measured: kls[jk], expected: 1, comparison: "<=", note: `min at τ = ${data.params.taus[jk].toExponential(2)}; KL/d at the test-optimal τ* = ${kls[j].toPrecision(4)}; converged KL/d = ${cv.converged.kl.mean}` }),
    );
  }
  const g = data.gdCheck;
  claims.push(checkClaim({ id: "MG-C12", paper, statement: `The GD closed form is exact: ${g.steps} explicit GD steps (η = ${g.eta}) vs s M̂⁻¹(I − (I − 2ηM̂)^K), max |ΔW| over t ∈ {${g.ts.join(", ")}} (d = 8, N = 12)`, measured: Math.max(...g.maxAbsDiff), expected: 1e-12, comparison: "<=", note: g.maxAbsDiff.map((v, i) => `t=${g.ts[i]}: ${v.toExponential(2)}`).join("; ") }));
  return claims;
}
