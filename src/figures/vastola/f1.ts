/**
 * Vastola Fig. 1 (spec §3 V-F1): maps of the scale-free ratio r(x, t) = tr C/(tr C + |s|²) of the proxy-score
 * covariance for four six-point data sets at five times, under the linear-variance schedule α = √(1 − t), σ² = t.
 * Closed form, no randomness except the Monte Carlo check of V-C1. Also a slider figure over t.
 */
import { rng } from "../../core/rng.js";
import { meanWithError } from "../../core/montecarlo.js";
import { DomainError, requireInteger, requirePositive } from "../../core/validate.js";
import { linearVarianceSchedule } from "../../diffusion/linear-variance.js";
import { checkClaim, type Claim } from "../../claims.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { formatVastolaNumber, type VastolaTable } from "./table.js";
import { vastolaFig1Set, type PointMassSet, type VastolaFig1SetName } from "../../variance/pointmass.js";
import { pointMassPosterior } from "../../variance/posterior.js";
import {
  logDensityGradientFD, pointMassScore, proxyScore, proxyScoreCovariance, proxyScoreMap, scaleFreeRatio, scoreJacobianFD,
} from "../../variance/proxy.js";

/** The four data sets in the published order. */
export const VASTOLA_F1_SETS: readonly VastolaFig1SetName[] = ["polygon", "line", "L-shaped", "random"];

export interface VastolaF1Params {
  /** times, each in (0, 1) (default [0.05, 0.1, 0.2, 0.5, 0.75], the official values) */
  times?: number[];
  /** grid points per axis on [−lim, lim] (integer in [5, 400]; default 100, official) */
  grid?: number;
  /** half-width of the square grid (default 2, official) */
  lim?: number;
  /** erratum V-E6 toggle: false (default) = fixed [0, 1] colour scale with a colourbar; true = each panel autoscaled, no colourbar (as published) */
  asPublished?: boolean;
  /** seed of the Monte Carlo check of V-C1 (default 1) */
  seed?: number;
  /** posterior draws per point for V-C1 (integer in [100, 1e6]; default 10000) */
  mcDraws?: number;
  /** finite-difference step for V-C2 (default 1e−5, spec) */
  h?: number;
}

/** Summary of one r map (spec §3 V-F1 "Report"). */
export interface RatioSummary {
  set: VastolaFig1SetName;
  t: number;
  mean: number;
  max: number;
  min: number;
  /** fraction of grid points with r > 0.5 */
  fractionAboveHalf: number;
}

/** One Monte Carlo check point of V-C1. */
export interface UnbiasednessCheck {
  set: VastolaFig1SetName;
  t: number;
  x: [number, number];
  /** the true score s(x, t) */
  score: [number, number];
  /** Σ_m w_m s̃(x, t; μ_m) (closed form) */
  posteriorAverage: [number, number];
  /** Monte Carlo mean of s̃ over posterior draws, with its standard error */
  mcMean: [number, number];
  mcError: [number, number];
}

export interface VastolaF1Data {
  params: Required<VastolaF1Params>;
  /** the grid axis (both axes) */
  axis: Float64Array;
  /** r maps, maps[set][time], indexed [ix·n + iy] */
  maps: Float64Array[][];
  summaries: RatioSummary[];
  unbiasedness: UnbiasednessCheck[];
  /** V-C1: max over points and components of |Σ w s̃ − s| / max(1, |s|) */
  closedFormBiasMax: number;
  /** V-C1: max |MC mean − s| / SE */
  mcZMax: number;
  /** V-C2: max over grids, times and sets of |C_FD − C|·σ² (C_FD = I/σ² + central-difference Jacobian of s) */
  covarianceIdentityMax: number;
  /** V-C2: max |∇_FD log p − s| / max(1, |s|) over the same points (the finite-difference error level) */
  scoreGradientMax: number;
  /** V-C3: max_t |r(0, t) − 1| (polygon) */
  centreDeviation: number;
  /** V-C3: r at the midpoint of two neighbouring polygon vertices, t = times[0] */
  midpointRatio: number;
  /** V-C3: r at 1.5 μ₀, t = times[0] */
  outsideRatio: number;
  /** V-C4: polygon grid means of r at t = 0.05 and t = 0.2 (NaN when those times are absent) */
  gridMeanSmall: number;
  gridMeanMid: number;
  /** V-C4: polygon at t = 0.75: mean r over the disk |x| < 0.5 and over the ring 0.9 < |x| < 1.1 (NaN if absent) */
  diskMean: number;
  ringMean: number;
}

const DEFAULT_TIMES = [0.05, 0.1, 0.2, 0.5, 0.75];

/** The five V-C1 Monte Carlo points (a choice of this reproduction: one or two per data set, spread over t). */
export const VASTOLA_F1_MC_POINTS: ReadonlyArray<{ set: VastolaFig1SetName; t: number; x: [number, number] }> = [
  { set: "polygon", t: 0.05, x: [0.5, 0.3] },
  { set: "polygon", t: 0.2, x: [0, 0] },
  { set: "line", t: 0.1, x: [0.1, -0.1] },
  { set: "L-shaped", t: 0.5, x: [-0.5, -0.5] },
  { set: "random", t: 0.75, x: [0.15, -0.05] },
];

function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + (i * (hi - lo)) / (n - 1)));
}

function point(set: PointMassSet, m: number): [number, number] {
  return [set.points[2 * m], set.points[2 * m + 1]];
}

function validateF1(p: VastolaF1Params): Required<VastolaF1Params> {
  const times = p.times ?? DEFAULT_TIMES;
  if (!Array.isArray(times) || times.length === 0 || times.some((t) => !(t > 0 && t < 1))) throw new DomainError("times", `must be a non-empty list of times in (0, 1); got ${JSON.stringify(times)}`);
  return {
    times: [...times],
    grid: requireInteger("grid", p.grid ?? 100, 5, 400),
    lim: requirePositive("lim", p.lim ?? 2),
    asPublished: p.asPublished ?? false,
    seed: requireInteger("seed", p.seed ?? 1, 0, 2 ** 32 - 1),
    mcDraws: requireInteger("mcDraws", p.mcDraws ?? 10000, 100, 1e6),
    h: requirePositive("h", p.h ?? 1e-5),
  };
}

/** V-C1: closed-form and Monte Carlo unbiasedness of the proxy score at the five check points. */
function unbiasednessChecks(seed: number, draws: number): UnbiasednessCheck[] {
  const schedule = linearVarianceSchedule();
  const root = rng(seed).fork("V-C1");
  return VASTOLA_F1_MC_POINTS.map((pt, k) => {
    const set = vastolaFig1Set(pt.set);
    const post = pointMassPosterior(set, schedule, pt.t, pt.x);
    const s = pointMassScore(set, schedule, pt.t, pt.x);
    const proxies = Array.from({ length: set.size }, (_, m) => proxyScore(schedule, pt.t, pt.x, point(set, m)));
    const avg: [number, number] = [0, 0];
    for (let m = 0; m < set.size; m++) for (let i = 0; i < 2; i++) avg[i] += post.weights[m] * proxies[m][i];
    const r = root.fork(k);
    const vals = [new Float64Array(draws), new Float64Array(draws)];
    for (let n = 0; n < draws; n++) {
      const u = r.uniform();
      let m = 0;
      let c = post.weights[0];
      while (u >= c && m < set.size - 1) c += post.weights[++m];
      vals[0][n] = proxies[m][0];
      vals[1][n] = proxies[m][1];
    }
    const e = vals.map((v) => meanWithError(v));
    return {
      set: pt.set, t: pt.t, x: pt.x, score: [s[0], s[1]], posteriorAverage: avg,
      mcMean: [e[0].mean, e[1].mean], mcError: [e[0].standardError, e[1].standardError],
    };
  });
}

/**
 * Computes every number of V-F1 and draws the 4 × 5 panel figure (rows: data sets; columns: times).
 * Deterministic: the maps are closed form; the V-C1 Monte Carlo uses `seed`.
 * @throws DomainError naming a bad parameter
 */
export function vastolaF1(p: VastolaF1Params = {}): FigureResult<VastolaF1Data> {
  const params = validateF1(p);
  const schedule = linearVarianceSchedule();
  const axis = linspace(-params.lim, params.lim, params.grid);
  const n = params.grid;
  const maps: Float64Array[][] = [];
  const summaries: RatioSummary[] = [];
  let covarianceIdentityMax = 0;
  let scoreGradientMax = 0;
  for (const name of VASTOLA_F1_SETS) {
    const set = vastolaFig1Set(name);
    const row: Float64Array[] = [];
    for (const t of params.times) {
      const map = proxyScoreMap(set, schedule, t, axis, axis);
      row.push(map.ratio);
      let sum = 0, max = -Infinity, min = Infinity, above = 0;
      for (const r of map.ratio) {
        sum += r;
        if (r > max) max = r;
        if (r < min) min = r;
        if (r > 0.5) above++;
      }
      summaries.push({ set: name, t, mean: sum / map.ratio.length, max, min, fractionAboveHalf: above / map.ratio.length });
      // V-C2 over the whole grid
      const s2 = schedule.sigma2(t);
      const x = new Float64Array(2);
      for (let ix = 0; ix < n; ix++) for (let iy = 0; iy < n; iy++) {
        x[0] = axis[ix];
        x[1] = axis[iy];
        const C = proxyScoreCovariance(set, schedule, t, x);
        const J = scoreJacobianFD(set, schedule, t, x, params.h);
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
          const fd = (i === j ? 1 / s2 : 0) + J[i * 2 + j];
          covarianceIdentityMax = Math.max(covarianceIdentityMax, Math.abs(fd - C[i * 2 + j]) * s2);
        }
        const g = logDensityGradientFD(set, schedule, t, x, params.h);
        const s = pointMassScore(set, schedule, t, x);
        for (let i = 0; i < 2; i++) scoreGradientMax = Math.max(scoreGradientMax, Math.abs(g[i] - s[i]) / Math.max(1, Math.abs(s[i])));
      }
    }
    maps.push(row);
  }
  const unbiasedness = unbiasednessChecks(params.seed, params.mcDraws);
  let closedFormBiasMax = 0;
  let mcZMax = 0;
  for (const u of unbiasedness) for (let i = 0; i < 2; i++) {
    closedFormBiasMax = Math.max(closedFormBiasMax, Math.abs(u.posteriorAverage[i] - u.score[i]) / Math.max(1, Math.abs(u.score[i])));
    mcZMax = Math.max(mcZMax, u.mcError[i] > 0 ? Math.abs(u.mcMean[i] - u.score[i]) / u.mcError[i] : u.mcMean[i] === u.score[i] ? 0 : Infinity);
  }
  // V-C3 and V-C4 on the polygon
  const polygon = vastolaFig1Set("polygon");
  const centreDeviation = Math.max(...params.times.map((t) => Math.abs(scaleFreeRatio(polygon, schedule, t, [0, 0]) - 1)));
  const [m0, m1] = [point(polygon, 0), point(polygon, 1)];
  const t0 = params.times[0];
  const midpointRatio = scaleFreeRatio(polygon, schedule, t0, [(m0[0] + m1[0]) / 2, (m0[1] + m1[1]) / 2]);
  const outsideRatio = scaleFreeRatio(polygon, schedule, t0, [1.5 * m0[0], 1.5 * m0[1]]);
  const meanAt = (t: number) => summaries.find((s) => s.set === "polygon" && s.t === t)?.mean ?? NaN;
  const k75 = params.times.indexOf(0.75);
  let diskMean = NaN, ringMean = NaN;
  if (k75 >= 0) {
    let ds = 0, dn = 0, rs = 0, rn = 0;
    const r = maps[0][k75];
    for (let ix = 0; ix < n; ix++) for (let iy = 0; iy < n; iy++) {
      const rad = Math.hypot(axis[ix], axis[iy]);
      if (rad < 0.5) { ds += r[ix * n + iy]; dn++; }
      if (rad > 0.9 && rad < 1.1) { rs += r[ix * n + iy]; rn++; }
    }
    diskMean = dn > 0 ? ds / dn : NaN;
    ringMean = rn > 0 ? rs / rn : NaN;
  }
  const data: VastolaF1Data = {
    params, axis, maps, summaries, unbiasedness, closedFormBiasMax, mcZMax, covarianceIdentityMax, scoreGradientMax,
    centreDeviation, midpointRatio, outsideRatio, gridMeanSmall: meanAt(0.05), gridMeanMid: meanAt(0.2), diskMean, ringMean,
  };
  return { data, figure: f1Figure(data) };
}

/** z[iy][ix] for plotly (rows are y), rounded to 4 decimals to keep the figure small. */
function heatZ(r: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, iy) => Array.from({ length: n }, (_, ix) => Math.round(r[ix * n + iy] * 1e4) / 1e4));
}

function dataMarkers(set: PointMassSet, axis: string, show = false): Trace {
  const xs = Array.from({ length: set.size }, (_, m) => set.points[2 * m]);
  const ys = Array.from({ length: set.size }, (_, m) => set.points[2 * m + 1]);
  return { type: "scatter", mode: "markers", x: xs, y: ys, xaxis: `x${axis}`, yaxis: `y${axis}`, marker: { color: "red", size: 5 }, name: "training points", showlegend: show, hoverinfo: "skip" };
}

function f1Figure(data: VastolaF1Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const { params, axis, maps } = data;
  const rows = VASTOLA_F1_SETS.length;
  const cols = params.times.length;
  const n = params.grid;
  const traces: Trace[] = [];
  const layout: { [k: string]: unknown } = {
    title: { text: `Proxy-score variance ratio r = tr C / (tr C + |s|²), α = √(1 − t), σ² = t${params.asPublished ? " (as published: each panel autoscaled)" : ""}` },
    width: 190 * cols + 120,
    height: 185 * rows + 110,
    margin: { t: 70, l: 80, r: 90, b: 40 },
    showlegend: false,
    annotations: [] as unknown[],
  };
  const gap = 0.02;
  const w = (1 - gap * (cols - 1)) / cols;
  const h = (1 - gap * (rows - 1)) / rows;
  const annotations = layout.annotations as unknown[];
  for (let i = 0; i < rows; i++) {
    const set = vastolaFig1Set(VASTOLA_F1_SETS[i]);
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j + 1;
      const ax = k === 1 ? "" : String(k);
      const heat: Trace = {
        type: "heatmap", x: Array.from(axis), y: Array.from(axis), z: heatZ(maps[i][j], n), colorscale: "Viridis",
        xaxis: `x${ax}`, yaxis: `y${ax}`, hovertemplate: "x=%{x:.2f}, y=%{y:.2f}<br>r=%{z:.3f}<extra></extra>",
      };
      if (params.asPublished) Object.assign(heat, { zauto: true, showscale: false });
      else Object.assign(heat, { zmin: 0, zmax: 1, showscale: k === 1, colorbar: { title: { text: "r" }, len: 0.5 } });
      traces.push(heat, dataMarkers(set, ax));
      const x0 = j * (w + gap);
      const y0 = 1 - (i + 1) * h - i * gap;
      layout[`xaxis${ax}`] = { domain: [x0, x0 + w], range: [-params.lim, params.lim], showticklabels: false, anchor: `y${ax}` };
      layout[`yaxis${ax}`] = { domain: [y0, y0 + h], range: [-params.lim, params.lim], showticklabels: false, anchor: `x${ax}`, scaleanchor: `x${ax}` };
      if (i === 0) annotations.push({ text: `t = ${params.times[j]}`, x: x0 + w / 2, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
      if (j === 0) annotations.push({ text: VASTOLA_F1_SETS[i], x: -0.01, y: y0 + h / 2, xref: "paper", yref: "paper", xanchor: "right", showarrow: false, textangle: -90 });
    }
  }
  return { id: params.asPublished ? "V-F1-as-published" : "V-F1", data: traces, layout };
}

export interface VastolaF1SliderParams {
  /** times shown by the slider, each in (0, 1) (default 13 values from 0.01 to 0.9) */
  times?: number[];
  /** grid points per axis (integer in [5, 200]; default 60, coarser than the static figure to keep the page small) */
  grid?: number;
  /** half-width of the grid (default 2) */
  lim?: number;
}

/**
 * The interactive view of V-F1: the four data sets side by side, with a slider over t (plotly slider, one step per
 * time: each step shows that time's four heat maps). Fixed [0, 1] colour scale.
 * @throws DomainError naming a bad parameter
 */
export function vastolaF1Slider(p: VastolaF1SliderParams = {}): FigureResult<{ times: number[]; grid: number }> {
  const times = p.times ?? [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 0.9];
  if (!Array.isArray(times) || times.length === 0 || times.some((t) => !(t > 0 && t < 1))) throw new DomainError("times", `must be a non-empty list of times in (0, 1); got ${JSON.stringify(times)}`);
  const n = requireInteger("grid", p.grid ?? 60, 5, 200);
  const lim = requirePositive("lim", p.lim ?? 2);
  const schedule = linearVarianceSchedule();
  const axis = linspace(-lim, lim, n);
  const sets = VASTOLA_F1_SETS.map((s) => vastolaFig1Set(s));
  const traces: Trace[] = [];
  const cols = sets.length;
  const gap = 0.03;
  const w = (1 - gap * (cols - 1)) / cols;
  const layout: { [k: string]: unknown } = {
    title: { text: "Proxy-score variance ratio r(x, t): drag the slider over t" },
    width: 980, height: 380, margin: { t: 70, l: 30, r: 80, b: 90 }, showlegend: false,
    annotations: VASTOLA_F1_SETS.map((s, j) => ({ text: s, x: j * (w + gap) + w / 2, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false })),
  };
  for (let j = 0; j < cols; j++) {
    const ax = j === 0 ? "" : String(j + 1);
    layout[`xaxis${ax}`] = { domain: [j * (w + gap), j * (w + gap) + w], range: [-lim, lim], showticklabels: false, anchor: `y${ax}` };
    layout[`yaxis${ax}`] = { range: [-lim, lim], showticklabels: false, anchor: `x${ax}`, scaleanchor: `x${ax}` };
  }
  const perStep = cols;
  const initial = Math.max(0, times.indexOf(0.05));
  times.forEach((t, k) => {
    sets.forEach((set, j) => {
      const ax = j === 0 ? "" : String(j + 1);
      traces.push({
        type: "heatmap", x: Array.from(axis), y: Array.from(axis), z: heatZ(proxyScoreMap(set, schedule, t, axis, axis).ratio, n),
        colorscale: "Viridis", zmin: 0, zmax: 1, showscale: j === cols - 1, colorbar: { title: { text: "r" } },
        xaxis: `x${ax}`, yaxis: `y${ax}`, visible: k === initial, hovertemplate: "r=%{z:.3f}<extra></extra>",
      });
    });
  });
  const markerStart = traces.length;
  sets.forEach((set, j) => traces.push(dataMarkers(set, j === 0 ? "" : String(j + 1))));
  const steps = times.map((t, k) => ({
    label: String(t),
    method: "restyle",
    args: [{ visible: traces.map((_, i) => i >= markerStart || Math.floor(i / perStep) === k) }],
  }));
  layout.sliders = [{ active: initial, currentvalue: { prefix: "t = " }, pad: { t: 30 }, steps }];
  return { data: { times: [...times], grid: n }, figure: { id: "V-F1-slider", data: traces, layout } };
}

/** The claims of V-F1: V-C1 (a, b), V-C2, V-C3 (a, b, c), V-C4 (a, b), with the spec's thresholds. */
export function vastolaF1Claims(d: VastolaF1Data): Claim[] {
  const paper = "Vastola";
  const fmt = (x: number) => x.toPrecision(4);
  return [
    checkClaim({
      id: "V-C1a", paper, statement: "The proxy score is unbiased: the posterior average Σ w_m s̃(x, t; μ_m) equals the true score s (closed form)",
      measured: d.closedFormBiasMax, expected: 1e-12, comparison: "<=",
      note: "max over 5 points and 2 components of |Σ w s̃ − s| / max(1, |s|)",
    }),
    checkClaim({
      id: "V-C1b", paper, statement: "The proxy score is unbiased: a Monte Carlo average of s̃ over posterior draws matches s within 4 SE",
      measured: d.mcZMax, expected: 4, comparison: "<=",
      note: `max |z| over 5 points × 2 components, ${d.params.mcDraws} draws each, seed ${d.params.seed}`,
    }),
    checkClaim({
      id: "V-C2", paper, statement: "Eq. 5: C = I/σ² + Hess log p, with the Hessian from central differences of the analytic score (h = 1e−5)",
      measured: d.covarianceIdentityMax, expected: 1e-6, comparison: "<=",
      note: `max |ΔC|·σ² over the ${d.params.grid}×${d.params.grid} grid, ${d.params.times.length} times, 4 data sets; score vs finite-difference gradient of log p: max relative error ${d.scoreGradientMax.toExponential(2)}`,
    }),
    checkClaim({
      id: "V-C3a", paper, statement: "r(0, t) = 1 at the centre of the hexagon for every t (the score vanishes there)",
      measured: d.centreDeviation, expected: 0, tolerance: 1e-12, comparison: "abs",
      note: `max over t ∈ {${d.params.times.join(", ")}} of |r(0, t) − 1|`,
    }),
    checkClaim({
      id: "V-C3b", paper, statement: `C dominates the score on the boundary between two neighbouring points at small t: r > 0.99 at (μ₀ + μ₁)/2, t = ${d.params.times[0]}`,
      measured: d.midpointRatio, expected: 0.99, comparison: ">=",
    }),
    checkClaim({
      id: "V-C3c", paper, statement: `C vanishes away from the data: r < 1e−3 at 1.5 μ₀, t = ${d.params.times[0]}`,
      measured: d.outsideRatio, expected: 1e-3, comparison: "<=",
    }),
    checkClaim({
      id: "V-C4a", paper, statement: "The emphasized boundary scale grows with t: the polygon's grid mean of r rises from t = 0.05 to t = 0.2",
      measured: d.gridMeanMid / d.gridMeanSmall, expected: 1, comparison: ">=",
      note: `ratio of grid means, ${fmt(d.gridMeanMid)} / ${fmt(d.gridMeanSmall)}`,
    }),
    checkClaim({
      id: "V-C4b", paper, statement: "At t = 0.75 the variance has moved to the centre: mean r over |x| < 0.5 exceeds mean r over 0.9 < |x| < 1.1",
      measured: d.diskMean / d.ringMean, expected: 1, comparison: ">=",
      note: `disk mean ${fmt(d.diskMean)}, ring mean ${fmt(d.ringMean)} (ratio shown)`,
    }),
  ];
}

/** The spec's report for V-F1: mean, max, min of r and the fraction of grid points with r > 0.5, per panel. */
export function vastolaF1SummaryTable(d: VastolaF1Data): VastolaTable {
  return {
    caption: `r(x, t) over the ${d.params.grid}×${d.params.grid} grid on [−${d.params.lim}, ${d.params.lim}]²`,
    headers: ["data set", "t", "mean r", "max r", "min r", "fraction r > 0.5"],
    rows: d.summaries.map((s) => [s.set, String(s.t), s.mean, s.max, s.min, s.fractionAboveHalf]),
  };
}

/** The V-C1 check points: the true score, the closed-form posterior average of s̃, and the Monte Carlo mean ± SE. */
export function vastolaF1UnbiasednessTable(d: VastolaF1Data): VastolaTable {
  return {
    caption: `V-C1: E[s̃ | x, t] = s at five points (${d.params.mcDraws} posterior draws each)`,
    headers: ["data set", "t", "x", "s (true score)", "Σ w s̃ (closed form)", "Monte Carlo mean ± SE", "|z| max"],
    rows: d.unbiasedness.map((u) => [
      u.set, String(u.t), `(${u.x.join(", ")})`,
      `(${u.score.map(formatVastolaNumber).join(", ")})`,
      `(${u.posteriorAverage.map(formatVastolaNumber).join(", ")})`,
      `(${u.mcMean.map((m, i) => `${formatVastolaNumber(m)} ± ${formatVastolaNumber(u.mcError[i])}`).join(", ")})`,
      Math.max(...[0, 1].map((i) => Math.abs(u.mcMean[i] - u.score[i]) / u.mcError[i])),
    ]),
  };
}
