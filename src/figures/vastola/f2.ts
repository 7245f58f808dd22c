/**
 * Vastola V-F2 (spec §3, Fig. 2): gap filling in 1-D by ensembles of trained linear-in-features denoisers.
 * Data {−1, 0, 1}, author's VP schedule, 16 × 16 Gaussian features in (x, t), ridge 0.1, the official 30-step Euler
 * PF-ODE with "first grid point ≥ x" lookup on linspace(−1.5, 1.5, 200). Rows ε = 1e−2, 1e−3, 1e−4; columns
 * F/P = ¼ … 4 (P = 1024 … 64). Each model is one independent draw of P training samples; every Monte Carlo number is
 * a mean ± SE across models (the independent unit).
 */
import erf from "@stdlib/math-base-special-erf";
import { rng } from "../../core/rng.js";
import { meanWithError, type MeanEstimate } from "../../core/montecarlo.js";
import { DomainError, requireInteger, requireInRange } from "../../core/validate.js";
import { vpSchedule } from "../../diffusion/vp.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid, pointMassPfOde } from "../../variance/sampler.js";
import { gridHistogram1d, gridMass, intervalsAround, pointMassDensity1d, VASTOLA_GAP_INTERVALS } from "../../variance/metrics.js";
import { gaussianFeatureAxis, featureAxisInto } from "../../features/axis.js";
import { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserTable1d } from "../../features/linear1d.js";
import { tabulatedPfOde1d, exactPfOde1d, pointMassMeanTable1d } from "../../features/sampler.js";
import { FastNormalStream } from "../../core/fastnormal.js";
import { defaultThreads } from "../../core/parallel.js";
import { f2ModelDensities, sampleDensity } from "./f2-models.js";
import { tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts, type PiecewiseAffineMap } from "../../features/pushforward.js";
import type { EulerGrid } from "../../variance/sampler.js";

export interface VastolaF2Params {
  /** cutoffs ε, one row each, top to bottom (default [1e−2, 1e−3, 1e−4], official) */
  epsilons?: number[];
  /** training-set sizes P, one column each (default [1024, 512, 256, 128, 64]: F/P = ¼ … 4, official) */
  trainSizes?: number[];
  /** Gaussian features per axis (x and t; default 16, so F = 256, official) */
  featuresPerAxis?: number;
  /** models per panel (integer in [2, 1e4]; default 100, official) */
  models?: number;
  /** samples per model (integer in [10, 1e7]; default 1e5, official) */
  samplesPerModel?: number;
  /** lookup grid and histogram bin centres: linspace(−1.5, 1.5, gridPoints) (default 200, official) */
  gridPoints?: number;
  /** ridge ρ, not scaled with P (default 0.1, official) */
  ridge?: number;
  /** Euler steps (default 30, official) */
  steps?: number;
  /** [A] the official 1-D weight guard w = α²/(σ² + 1e−8) (erratum V-E5); default false */
  weightGuard?: boolean;
  /** gray curve: batches × batchSize samples per ε (defaults 20 × 5e4 = 1e6, official total) */
  grayBatches?: number;
  grayBatchSize?: number;
  /** V-C5 fine-Euler baseline at the first ε: steps and samples (defaults 1000 and 1e4; binomial SE of the peak mass ≈ 0.003) */
  fineSteps?: number;
  fineSamples?: number;
  /**
   * [A] how each model's histogram of `samplesPerModel` samples is drawn: "law" (default) computes the sampler's
   * exact piecewise-affine map and draws the counts from their exact multinomial law (identical in distribution,
   * cost independent of the sample count); "direct" pushes Gaussian initial points through the 30 steps.
   */
  sampling?: "law" | "direct";
  /** seed (default 1) */
  seed?: number;
  /** threads for the model ensembles (integer in [1, 8]; default min(2, available cores)); results do not depend on it */
  threads?: number;
}

/** One panel (ε, P): the model-averaged density, its band and the summary masses. */
export interface VastolaF2Panel {
  eps: number;
  trainSize: number;
  /** F/P */
  ratio: number;
  /** model-averaged histogram density on the grid */
  mean: Float64Array;
  /** per-bin 25 % and 75 % quantiles across models (linear interpolation, position q·(N − 1)) */
  q25: Float64Array;
  q75: Float64Array;
  /** gap mass G and peak mass (grid-sum rule, spec §2 item 11), mean ± SE across models */
  gap: MeanEstimate;
  peak: MeanEstimate;
  /** V-C10: per point, mass(±0.1 of α_ε μ_m) / mass(each adjacent window α_ε μ_m ± [0.1, 0.3]), the smaller of the two */
  modeRatio: number[];
  /** offset of the averaged density's maximum within ±0.2 of each α_ε μ_m (reported, not tested) */
  modeOffset: number[];
  /** rms half-width of the averaged density within ±0.1 of each α_ε μ_m, averaged over the 3 points */
  peakWidth: number;
}

/** One row (ε): the closed-form baseline and the gray "PF-ODE + true score" curve. */
export interface VastolaF2Row {
  eps: number;
  sigmaEps: number;
  /** p(x | ε) on the grid (black curve) and its grid-sum masses */
  truth: Float64Array;
  truthGap: number;
  truthPeak: number;
  /** exact integrals of p(x | ε) over the gap and peak windows */
  exactGap: number;
  exactPeak: number;
  /** gray curve: pooled density of the official sampler with the exact posterior mean, and its masses ± SE across batches */
  gray: Float64Array;
  grayGap: MeanEstimate;
  grayPeak: MeanEstimate;
  grayWidth: number;
}

export interface VastolaF2Data {
  params: Required<VastolaF2Params>;
  grid: Float64Array;
  dx: number;
  rows: VastolaF2Row[];
  /** panels row-major: panels[r * columns + c] */
  panels: VastolaF2Panel[];
  /** V-C5 fine-Euler baseline (exact score, no lookup) at ε = epsilons[0]: gap and peak masses ± SE (binomial) */
  fine: { eps: number; gap: MeanEstimate; peak: MeanEstimate };
  /** wall-clock seconds of the run */
  seconds: number;
  /** worker-thread shares that failed or did not start and were computed on the main thread (0 when threads = 1) */
  threadFallbacks: number;
}

const DEFAULTS: Required<VastolaF2Params> = {
  epsilons: [1e-2, 1e-3, 1e-4], trainSizes: [1024, 512, 256, 128, 64], featuresPerAxis: 16, models: 100, samplesPerModel: 1e5,
  gridPoints: 200, ridge: 0.1, steps: 30, weightGuard: false, grayBatches: 20, grayBatchSize: 5e4, fineSteps: 1000, fineSamples: 1e4, sampling: "law", seed: 1, threads: defaultThreads(),
};

function validateF2(p: VastolaF2Params): Required<VastolaF2Params> {
  const eps = p.epsilons ?? DEFAULTS.epsilons;
  if (!Array.isArray(eps) || eps.length === 0 || eps.some((e) => !(e > 0 && e < 1))) throw new DomainError("epsilons", `must be a non-empty list in (0, 1); got ${JSON.stringify(eps)}`);
  const Ps = p.trainSizes ?? DEFAULTS.trainSizes;
  if (!Array.isArray(Ps) || Ps.length === 0 || Ps.some((v) => !Number.isInteger(v) || v < 1 || v > 1e5)) throw new DomainError("trainSizes", `must be a non-empty list of integers in [1, 1e5]; got ${JSON.stringify(Ps)}`);
  return {
    epsilons: [...eps], trainSizes: [...Ps],
    featuresPerAxis: requireInteger("featuresPerAxis", p.featuresPerAxis ?? DEFAULTS.featuresPerAxis, 2, 64),
    models: requireInteger("models", p.models ?? DEFAULTS.models, 2, 1e4),
    samplesPerModel: requireInteger("samplesPerModel", p.samplesPerModel ?? DEFAULTS.samplesPerModel, 10, 1e7),
    gridPoints: requireInteger("gridPoints", p.gridPoints ?? DEFAULTS.gridPoints, 2, 1e5),
    ridge: requireInRange("ridge", p.ridge ?? DEFAULTS.ridge, 0, 1e6, "lo"),
    steps: requireInteger("steps", p.steps ?? DEFAULTS.steps, 1, 1e5),
    weightGuard: Boolean(p.weightGuard ?? DEFAULTS.weightGuard),
    grayBatches: requireInteger("grayBatches", p.grayBatches ?? DEFAULTS.grayBatches, 2, 1e4),
    grayBatchSize: requireInteger("grayBatchSize", p.grayBatchSize ?? DEFAULTS.grayBatchSize, 10, 1e7),
    fineSteps: requireInteger("fineSteps", p.fineSteps ?? DEFAULTS.fineSteps, 1, 1e5),
    fineSamples: requireInteger("fineSamples", p.fineSamples ?? DEFAULTS.fineSamples, 10, 1e7),
    sampling: checkSampling(p.sampling ?? DEFAULTS.sampling),
    seed: requireInteger("seed", p.seed ?? DEFAULTS.seed, 0, 2 ** 32 - 1),
    threads: requireInteger("threads", p.threads ?? DEFAULTS.threads, 1, 8),
  };
}

function checkSampling(s: unknown): "law" | "direct" {
  if (s !== "law" && s !== "direct") throw new DomainError("sampling", `must be "law" or "direct"; got ${String(s)}`);
  return s;
}

/** Per-bin quantile q across `rows` (linear interpolation between order statistics at position q·(N − 1)). */
export function vastolaBinQuantile(rows: Float64Array[], q: number): Float64Array {
  if (!Array.isArray(rows) || rows.length === 0) throw new DomainError("rows", "must be a non-empty list of densities");
  requireInRange("q", q, 0, 1);
  const n = rows[0].length, N = rows.length;
  const out = new Float64Array(n);
  const col = new Float64Array(N);
  const pos = q * (N - 1), lo = Math.floor(pos), f = pos - lo;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < N; k++) col[k] = rows[k][i];
    col.sort();
    out[i] = lo + 1 < N ? col[lo] + f * (col[lo + 1] - col[lo]) : col[lo];
  }
  return out;
}

/** Mass of N(mean, sd²) in [a, b]. */
function normalMass(mean: number, sd: number, a: number, b: number): number {
  const s = sd * Math.SQRT2;
  return 0.5 * (erf((b - mean) / s) - erf((a - mean) / s));
}

/**
 * Exact integrals of p(x | ε) = (1/M) Σ N(α μ_m, σ²) over a union of disjoint intervals (spec V-C5 "closed form").
 */
export function vastolaExactMass(alpha: number, sigma: number, points: ArrayLike<number>, intervals: ReadonlyArray<readonly [number, number]>): number {
  let s = 0;
  for (let m = 0; m < points.length; m++) for (const [a, b] of intervals) s += normalMass(alpha * points[m], sigma, a, b);
  return s / points.length;
}

/** V-C10 ratios and the argmax offsets of a density around each centre (grid-sum rule). */
function modeStats(grid: Float64Array, p: Float64Array, dx: number, centers: number[]): { ratio: number[]; offset: number[]; width: number } {
  const ratio: number[] = [], offset: number[] = [];
  let width = 0;
  for (const c of centers) {
    const inner = gridMass(grid, p, dx, [[c - 0.1, c + 0.1]]);
    const left = gridMass(grid, p, dx, [[c - 0.3, c - 0.1]]);
    const right = gridMass(grid, p, dx, [[c + 0.1, c + 0.3]]);
    const rl = left > 0 ? inner / left : Infinity, rr = right > 0 ? inner / right : Infinity;
    ratio.push(Math.min(rl, rr));
    let best = -1, bi = 0, s0 = 0, s2 = 0;
    for (let i = 0; i < grid.length; i++) {
      const d = grid[i] - c;
      if (Math.abs(d) <= 0.2 && p[i] > best) {
        best = p[i];
        bi = i;
      }
      if (Math.abs(d) <= 0.1) {
        s0 += p[i];
        s2 += p[i] * d * d;
      }
    }
    offset.push(grid[bi] - c);
    width += s0 > 0 ? Math.sqrt(s2 / s0) / centers.length : 0;
  }
  return { ratio, offset, width };
}

/**
 * Runs V-F2. Model k of panel (r, c) trains on `rng(seed).fork("train").fork(r).fork(c).fork(k)` and samples its
 * initial points from a {@link FastNormalStream} seeded by `….fork("x")`; the gray curve's batch b of row r uses
 * `rng(seed).fork("gray").fork(r).fork(b)`. Deterministic bit for bit for a seed.
 * @throws DomainError naming a bad parameter
 */
export function vastolaF2(p: VastolaF2Params = {}): FigureResult<VastolaF2Data> {
  const t0 = Date.now();
  const params = validateF2(p);
  const set = vastolaGapSet();
  const schedule = vpSchedule();
  const probe = gridHistogram1d([0], params.gridPoints);
  const grid = probe.centers, dx = probe.dx;
  const gapIv = VASTOLA_GAP_INTERVALS;
  const peakIv = intervalsAround([-1, 0, 1], 0.1);
  const root = rng(params.seed);
  const rows: VastolaF2Row[] = [];
  const panels: VastolaF2Panel[] = [];
  const edges = Float64Array.from({ length: params.gridPoints + 1 }, (_, b) => grid[0] - dx / 2 + b * dx);
  const rowCenters: number[][] = [];
  params.epsilons.forEach((eps, r) => {
    const g = vastolaEulerGrid(schedule, eps, params.steps, 1);
    const times = g.times.subarray(0, params.steps);
    const sdT = Math.sqrt(g.sigma2[0]);
    const alphaE = schedule.alpha(eps), sigmaE = Math.sqrt(schedule.sigma2(eps));
    const centers = [-alphaE, 0, alphaE];
    // black and gray curves
    const truth = pointMassDensity1d(set, schedule, eps, grid);
    const meanTable = pointMassMeanTable1d(set, g, grid);
    const gx = new Float64Array(params.sampling === "direct" ? params.grayBatchSize : 0);
    const grayMap = params.sampling === "law" ? tabulatedPfOdeMap1d(g, grid, meanTable, 10 * sdT) : undefined;
    const grayD: Float64Array[] = [], gGap: number[] = [], gPeak: number[] = [];
    for (let b = 0; b < params.grayBatches; b++) {
      const dens = sampleDensity(params.sampling, g, grid, meanTable, sdT, params.grayBatchSize, new FastNormalStream(root.fork("gray").fork(r).fork(b)), gx, edges, grayMap);
      grayD.push(dens);
      gGap.push(gridMass(grid, dens, dx, gapIv));
      gPeak.push(gridMass(grid, dens, dx, peakIv));
    }
    const gray = averageRows(grayD);
    rows.push({
      eps, sigmaEps: sigmaE, truth, truthGap: gridMass(grid, truth, dx, gapIv), truthPeak: gridMass(grid, truth, dx, peakIv),
      exactGap: vastolaExactMass(alphaE, sigmaE, set.points, gapIv), exactPeak: vastolaExactMass(alphaE, sigmaE, set.points, peakIv),
      gray, grayGap: meanWithError(gGap), grayPeak: meanWithError(gPeak), grayWidth: modeStats(grid, gray, dx, centers).width,
    });
    // the ensembles (per-model densities computed below, possibly on a second thread)
    params.trainSizes.forEach((P) => panels.push({ eps, trainSize: P, ratio: (params.featuresPerAxis * params.featuresPerAxis) / P } as VastolaF2Panel));
    rowCenters.push(centers);
  });
  const C = params.trainSizes.length, M = params.models, bins = params.gridPoints;
  const { densities: all, fallbacks } = f2ModelDensities(params, grid, edges);
  panels.forEach((panel, pi) => {
    const dens: Float64Array[] = [], gap: number[] = [], peak: number[] = [];
    for (let k = 0; k < M; k++) {
      const density = all.slice((pi * M + k) * bins, (pi * M + k + 1) * bins);
      dens.push(density);
      gap.push(gridMass(grid, density, dx, gapIv));
      peak.push(gridMass(grid, density, dx, peakIv));
    }
    const mean = averageRows(dens);
    const ms = modeStats(grid, mean, dx, rowCenters[Math.floor(pi / C)]);
    Object.assign(panel, {
      mean, q25: vastolaBinQuantile(dens, 0.25), q75: vastolaBinQuantile(dens, 0.75),
      gap: meanWithError(gap), peak: meanWithError(peak), modeRatio: ms.ratio, modeOffset: ms.offset, peakWidth: ms.width,
    });
  });
  // V-C5: fine Euler, exact score, no lookup, at the first ε
  const fe = params.epsilons[0];
  const fx = pointMassPfOde(set, schedule, { eps: fe, steps: params.fineSteps, samples: params.fineSamples, rng: root.fork("fine"), T: 1 });
  const fh = gridHistogram1d(fx, params.gridPoints);
  const fineGap = gridMass(grid, fh.density, dx, gapIv), finePeak = gridMass(grid, fh.density, dx, peakIv);
  const binom = (q: number): MeanEstimate => ({ mean: q, standardError: Math.sqrt((q * (1 - q)) / fh.inRange) }) as MeanEstimate;
  const data: VastolaF2Data = { params, grid, dx, rows, panels, fine: { eps: fe, gap: binom(fineGap), peak: binom(finePeak) }, seconds: (Date.now() - t0) / 1000, threadFallbacks: fallbacks };
  return { data, figure: vastolaF2Figure(data) };
}

function averageRows(ds: Float64Array[]): Float64Array {
  const out = new Float64Array(ds[0].length);
  for (const d of ds) for (let i = 0; i < out.length; i++) out[i] += d[i];
  for (let i = 0; i < out.length; i++) out[i] /= ds.length;
  return out;
}

const round = (xs: ArrayLike<number>): number[] => Array.from(xs, (v) => Math.round(v * 1e5) / 1e5);
const ratioLabel = (r: number): string => (r >= 1 ? String(r) : `1/${Math.round(1 / r)}`);

/**
 * The 3 × 5 grid of Fig. 2: red model average with a light-red 25–75 % band, black p(x | ε), gray "PF-ODE + true
 * score"; y in (0, 2.5). `asPublished` reproduces erratum V-E1: the band's lower edge is taken from the mirrored
 * condition (R − 1 − r, C − 1 − c), as the official `fill_between` call does.
 */
export function vastolaF2Figure(d: VastolaF2Data, options: { asPublished?: boolean } = {}): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const R = d.rows.length, C = d.params.trainSizes.length;
  const traces: Trace[] = [];
  const layout: { [k: string]: unknown } = {
    title: { text: `Fig. 2: gap filling by linear models (${d.params.models} models × ${d.params.samplesPerModel} samples per panel)${options.asPublished ? " — as published (band bug V-E1)" : ""}` },
    width: 1100, height: 640, showlegend: true, legend: { orientation: "h", y: -0.08 }, margin: { t: 70 },
    annotations: [] as unknown[],
  };
  const x = Array.from(d.grid);
  const gapW = 0.02, gapH = 0.06;
  const w = (1 - gapW * (C - 1)) / C, h = (1 - gapH * (R - 1)) / R;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = r * C + c + 1;
      const ax = k === 1 ? "" : String(k);
      const panel = d.panels[r * C + c];
      const lower = options.asPublished ? d.panels[(R - 1 - r) * C + (C - 1 - c)].q25 : panel.q25;
      layout[`xaxis${ax}`] = { domain: [c * (w + gapW), c * (w + gapW) + w], anchor: `y${ax}`, range: [-1.5, 1.5], showticklabels: r === R - 1, title: r === R - 1 ? { text: "x" } : undefined };
      layout[`yaxis${ax}`] = { domain: [1 - (r + 1) * h - r * gapH, 1 - r * (h + gapH)], anchor: `x${ax}`, range: [0, 2.5], showticklabels: c === 0, title: c === 0 ? { text: `ε = ${d.rows[r].eps}<br>prob. density` } : undefined };
      const show = r === 0 && c === 0;
      const common = { xaxis: `x${ax}`, yaxis: `y${ax}`, type: "scatter", mode: "lines" };
      traces.push({ ...common, x, y: round(lower), line: { width: 0 }, showlegend: false, hoverinfo: "skip", legendgroup: "band" });
      traces.push({ ...common, x, y: round(panel.q75), line: { width: 0 }, fill: "tonexty", fillcolor: "rgba(214,39,40,0.2)", name: "25–75 % across models", showlegend: show, legendgroup: "band" });
      traces.push({ ...common, x, y: round(d.rows[r].gray), line: { color: "gray", width: 1 }, name: "PF-ODE + true score (30 steps, lookup)", showlegend: show, legendgroup: "gray" });
      traces.push({ ...common, x, y: round(d.rows[r].truth), line: { color: "black", width: 1 }, name: "p(x | ε) (true)", showlegend: show, legendgroup: "truth" });
      traces.push({ ...common, x, y: round(panel.mean), line: { color: "#d62728", width: 1.2 }, name: "linear models (mean)", showlegend: show, legendgroup: "mean" });
      if (r === 0) (layout.annotations as unknown[]).push({ text: `F/P = ${ratioLabel(panel.ratio)} (P = ${panel.trainSize})`, x: c * (w + gapW) + w / 2, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
    }
  }
  return { id: options.asPublished ? "V-F2-as-published" : "V-F2", data: traces, layout };
}

/** Gap mass G against F/P (one line per ε, error bars ±1 SE; gray dashed: each row's 30-step-sampler leak). */
export function vastolaF2GapFigure(d: VastolaF2Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const C = d.params.trainSizes.length;
  const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"];
  const traces: Trace[] = [];
  d.rows.forEach((row, r) => {
    const ps = d.panels.slice(r * C, (r + 1) * C);
    traces.push({ type: "scatter", mode: "lines+markers", x: ps.map((q) => q.ratio), y: ps.map((q) => q.gap.mean), error_y: { type: "data", array: ps.map((q) => q.gap.standardError), visible: true }, name: `linear models, ε = ${row.eps}`, line: { color: colors[r % 5] } });
    traces.push({ type: "scatter", mode: "lines", x: [ps[0].ratio, ps[C - 1].ratio].sort((a, b) => a - b), y: [row.grayGap.mean, row.grayGap.mean], name: `leak of the exact-score sampler, ε = ${row.eps}`, line: { color: colors[r % 5], dash: "dash", width: 1 } });
  });
  return {
    id: "V-F2-gap",
    data: traces,
    layout: { title: { text: "Gap mass G = mass in (−0.75, −0.25) ∪ (0.25, 0.75), mean ± SE across models" }, width: 760, height: 440, xaxis: { type: "log", title: { text: "F/P" } }, yaxis: { title: { text: "G" }, rangemode: "tozero" } },
  };
}

/**
 * Interactive: one axis, a slider over F/P; each step shows that column's three rows (model means) with the
 * black baselines.
 */
export function vastolaF2SliderFigure(d: VastolaF2Data): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const R = d.rows.length, C = d.params.trainSizes.length;
  const colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"];
  const x = Array.from(d.grid);
  const traces: Trace[] = [];
  for (let c = 0; c < C; c++)
    for (let r = 0; r < R; r++)
      traces.push({ type: "scatter", mode: "lines", x, y: round(d.panels[r * C + c].mean), name: `ε = ${d.rows[r].eps}`, line: { color: colors[r % 5], width: 1.2 }, visible: c === 0 });
  for (let r = 0; r < R; r++) traces.push({ type: "scatter", mode: "lines", x, y: round(d.rows[r].truth), name: `p(x | ε = ${d.rows[r].eps})`, line: { color: colors[r % 5], width: 1, dash: "dot" }, visible: true });
  const steps = d.params.trainSizes.map((P, c) => ({
    label: ratioLabel(d.panels[c].ratio), method: "restyle",
    args: ["visible", traces.map((_, i) => (i >= C * R ? true : Math.floor(i / R) === c))],
  }));
  return {
    id: "V-F2-slider", data: traces,
    layout: { title: { text: "Model-averaged density; slide over F/P" }, width: 760, height: 460, xaxis: { title: { text: "x" } }, yaxis: { title: { text: "prob. density" }, range: [0, 2.5] }, sliders: [{ active: 0, currentvalue: { prefix: "F/P = " }, steps }] },
  };
}

/** Per-model densities of one panel with the official grid lookup and with exact evaluation of Wφ (spec §3 V-F2). */
export interface VastolaF2LookupData {
  eps: number;
  trainSize: number;
  grid: Float64Array;
  /** one density per model, grid lookup and exact evaluation (same model, same initial points) */
  lookup: Float64Array[];
  exact: Float64Array[];
  /** mean |h_i − h_{i+1}| over bins (a spikiness index), per route, averaged over models */
  roughnessLookup: number;
  roughnessExact: number;
}

/**
 * Runs a few models of one panel through the 30-step sampler twice, with the official "first grid point ≥ x"
 * lookup and with `lookup = 'exact'` (μ̂ = Wφ at x itself), from the same initial points (spec §2 item 7).
 * @throws DomainError naming `models`, `samples`, `eps` or `trainSize`
 */
export function vastolaF2LookupComparison(p: { eps?: number; trainSize?: number; models?: number; samples?: number; seed?: number } = {}): FigureResult<VastolaF2LookupData> {
  const eps = requireInRange("eps", p.eps ?? 0.01, 0, 1, "both");
  const P = requireInteger("trainSize", p.trainSize ?? 256, 1, 1e5);
  const models = requireInteger("models", p.models ?? 3, 1, 100);
  const n = requireInteger("samples", p.samples ?? 2e4, 10, 1e6);
  const seed = requireInteger("seed", p.seed ?? 1, 0, 2 ** 32 - 1);
  const set = vastolaGapSet(), schedule = vpSchedule();
  const probe = gridHistogram1d([0], 200);
  const grid = probe.centers;
  const g = vastolaEulerGrid(schedule, eps, 30, 1);
  const times = g.times.subarray(0, 30);
  const xAxis = gaussianFeatureAxis(-1.5, 1.5, 16), tAxis = gaussianFeatureAxis(eps, 1, 16);
  const root = rng(seed).fork("lookup");
  const lookup: Float64Array[] = [], exact: Float64Array[] = [];
  const fx = new Float64Array(16);
  for (let k = 0; k < models; k++) {
    const model = fitLinearDenoiser1d(drawLinearTrainingSet(set, schedule, { samples: P, eps, T: 1, rng: root.fork(k) }), xAxis, tAxis, 0.1);
    const table = linearDenoiserTable1d(model, grid, times);
    // V[a, j] = Σ_b W_ab φᵗ_b(t_j): exact evaluation costs 16 exps + 16 products per step
    const Vt = new Float64Array(16 * 30);
    const ft = new Float64Array(16);
    for (let j = 0; j < 30; j++) {
      featureAxisInto(tAxis, times[j], ft, 0);
      for (let a = 0; a < 16; a++) {
        let s = 0;
        for (let b = 0; b < 16; b++) s += model.W[a * 16 + b] * ft[b];
        Vt[j * 16 + a] = s;
      }
    }
    const x0 = new FastNormalStream(root.fork(k).fork("x")).fill(new Float64Array(n), Math.sqrt(g.sigma2[0]));
    lookup.push(gridHistogram1d(tabulatedPfOde1d(g, grid, table, x0.slice()), 200).density);
    exact.push(gridHistogram1d(exactPfOde1d(g, (x, j) => {
      featureAxisInto(xAxis, x, fx, 0);
      let s = 0;
      for (let a = 0; a < 16; a++) s += fx[a] * Vt[j * 16 + a];
      return s;
    }, x0), 200).density);
  }
  const rough = (ds: Float64Array[]): number => ds.reduce((acc, h) => {
    let s = 0;
    for (let i = 0; i + 1 < h.length; i++) s += Math.abs(h[i + 1] - h[i]);
    return acc + s / (h.length - 1) / ds.length;
  }, 0);
  const data: VastolaF2LookupData = { eps, trainSize: P, grid, lookup, exact, roughnessLookup: rough(lookup), roughnessExact: rough(exact) };
  const x = Array.from(grid);
  const traces: Trace[] = [];
  const colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];
  lookup.forEach((h, k) => traces.push({ type: "scatter", mode: "lines", x, y: round(h), name: `model ${k + 1}`, line: { color: colors[k % 5], width: 1 }, legendgroup: `m${k}` }));
  exact.forEach((h, k) => traces.push({ type: "scatter", mode: "lines", x, y: round(h), name: `model ${k + 1}`, line: { color: colors[k % 5], width: 1 }, xaxis: "x2", yaxis: "y2", showlegend: false, legendgroup: `m${k}` }));
  return {
    data,
    figure: {
      id: "V-F2-lookup", data: traces,
      layout: {
        title: { text: `Individual models, ε = ${eps}, P = ${P}: official grid lookup (left) vs exact evaluation of Wφ (right)` },
        width: 980, height: 420,
        xaxis: { domain: [0, 0.47], title: { text: "x" } }, yaxis: { title: { text: "prob. density" }, range: [0, 6] },
        xaxis2: { domain: [0.53, 1], title: { text: "x" }, anchor: "y2" }, yaxis2: { anchor: "x2", range: [0, 6] },
      },
    },
  };
}
