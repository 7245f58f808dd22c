/**
 * H-F1: the individual distance KL(p_G‖p) of the one-step linear model against N/d (Halder §4 H-F1, claims H-C1 to
 * H-C5): infinite up to N = d (a rank N − 1 generator on the training flat), a very large finite value at N = d + 1,
 * then a monotone fall towards the floor KL_∞ set by the finite diffusion time and noise scale.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { requireInteger } from "../../core/validate.js";
import { oneStepFloors, oneStepMarchenkoPasturKl, type OneStepFloors } from "../../denoisers/one-step-divergence.js";
import { fitOneStepLinearRows, oneStepGenerated } from "../../denoisers/one-step.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { compareHalderRecords, readHalderCache, type HalderSliceCheck } from "./cache.js";
import { halderModel, halderTrainingSet, type HalderModel } from "./realization.js";
import { halderSummarize, type HalderSummary } from "./stats.js";
import { defaultThreads } from "../../core/parallel.js";
import { runHalderTasks } from "./sweep.js";
import type { HalderIndividualRecord, HalderIndividualResult, HalderIndividualTask } from "./tasks.js";

/** The spec's N grid at d = 100. */
export const H_F1_GRID: readonly number[] = [25, 50, 75, 100, 101, 102, 105, 110, 125, 150, 200, 300, 500, 1000, 2000, 5000];

export interface HalderIndividualParams {
  /** dimension (default 100) */
  d?: number;
  /** training-set sizes (default {@link H_F1_GRID}) */
  grid?: readonly number[];
  /** training sets per N for `ols` (default 40) */
  olsSets?: number;
  /** training sets per N for `avg` (default 20; the first 20 of the `ols` sets) */
  avgSets?: number;
  /** model parameters (paper configuration by default) */
  model?: Partial<HalderModel>;
  /** root seed (default 1) */
  seed?: number;
  /** worker threads (default min(2, cores); 0 = inline) */
  workers?: number;
}

/** Per N and fit: summaries of each distance over the training sets. */
export interface HalderFitSummaries {
  kl: HalderSummary;
  klReverse: HalderSummary;
  renyiHalf: HalderSummary;
  hellinger2: HalderSummary;
  trace: HalderSummary;
}

export interface HalderIndividualData {
  params: { d: number; grid: number[]; olsSets: number; avgSets: number; seed: number; model: HalderModel };
  floors: OneStepFloors;
  ols: HalderFitSummaries[];
  avg: HalderFitSummaries[];
  /** Marchenko–Pastur deterministic equivalent per grid N (null for N ≤ d + 1) */
  mp: (number | null)[];
  records: HalderIndividualResult[];
  /** the largest relative violation (bound − KL)/KL over all finite realizations, both fits (≤ 0 means it holds) */
  boundViolation: { renyi: number; trace: number };
  /** realizations with N ≤ d that are not (rank N − 1, KL = Infinity, H² = 1), and with N > d whose KL is not finite */
  degenerateViolations: number;
  finiteViolations: number;
  /** realizations checked below / above d */
  degenerateCount: number;
  finiteCount: number;
}

const summarizeFit = (recs: HalderIndividualRecord[]): HalderFitSummaries => ({
  kl: halderSummarize(recs.map((r) => r.kl)),
  klReverse: halderSummarize(recs.map((r) => r.klReverse)),
  renyiHalf: halderSummarize(recs.map((r) => r.renyiHalf)),
  hellinger2: halderSummarize(recs.map((r) => r.hellinger2)),
  trace: halderSummarize(recs.map((r) => r.trace)),
});

/** The resolved parameters of an H-F1 sweep (what the cache hash covers). */
export function halderIndividualParams(p: HalderIndividualParams = {}): HalderIndividualData["params"] {
  const olsSets = requireInteger("olsSets", p.olsSets ?? 40, 2);
  return {
    d: requireInteger("d", p.d ?? 100, 2, 10000),
    grid: [...(p.grid ?? H_F1_GRID)].map((N) => requireInteger("grid", N, 2)),
    olsSets,
    avgSets: requireInteger("avgSets", p.avgSets ?? 20, 2, olsSets),
    seed: requireInteger("seed", p.seed ?? 1, 0, 2 ** 32 - 1),
    model: halderModel(p.model),
  };
}

/** H-F1 from the cache `data/halder/h-f1.json` when its parameters match, else undefined. */
export function halderIndividualFromCache(p: HalderIndividualParams = {}): HalderIndividualData | undefined {
  const params = halderIndividualParams(p);
  const cache = readHalderCache<HalderIndividualResult>("h-f1", params);
  return cache ? halderIndividualFromRecords(params, cache.records) : undefined;
}

/** Re-runs a live slice of an H-F1 sweep (some N, the first `sets` training sets) and compares it with `data`. */
export async function halderIndividualSlice(data: HalderIndividualData, grid: readonly number[], sets: number, workers = defaultThreads()): Promise<HalderSliceCheck> {
  const t0 = Date.now();
  const live = await runHalderTasks<HalderIndividualResult>(halderIndividualTasks(data.params, grid, sets), { workers });
  return compareHalderRecords(live, data.records, (Date.now() - t0) / 1000);
}

/** The H-F1 sweep: every (N, rep) runs `ols`, and the first `avgSets` also `avg`, on the same training set. */
export async function halderIndividualDistanceData(p: HalderIndividualParams = {}): Promise<HalderIndividualData> {
  const params = halderIndividualParams(p);
  const records = await runHalderTasks<HalderIndividualResult>(halderIndividualTasks(params), { workers: p.workers ?? defaultThreads() });
  return halderIndividualFromRecords(params, records);
}

/** The H-F1 task list of a parameter set (exported so that a live slice can re-run part of a cached sweep). */
export function halderIndividualTasks(params: HalderIndividualData["params"], grid: readonly number[] = params.grid, sets = params.olsSets): HalderIndividualTask[] {
  const tasks: HalderIndividualTask[] = [];
  for (const N of grid) {
    for (let rep = 0; rep < sets; rep++) {
      tasks.push({ kind: "individual", seed: params.seed, d: params.d, N, rep, model: params.model, fits: rep < params.avgSets ? ["ols", "avg"] : ["ols"] });
    }
  }
  return tasks;
}

/** Summaries, floors, MP curve and per-realization checks of H-F1 from its records (live or cached). */
export function halderIndividualFromRecords(params: HalderIndividualData["params"], records: HalderIndividualResult[]): HalderIndividualData {
  const { d, grid, model } = params;
  const floors = oneStepFloors({ d, T: model.T, g: model.g, sigma: model.sigma });
  const byN = (fit: "ols" | "avg") => grid.map((N) => summarizeFit(records.filter((r) => r.N === N && r.fits[fit]).map((r) => r.fits[fit]!)));
  let renyi = -Infinity;
  let trace = -Infinity;
  let degenerateViolations = 0;
  let finiteViolations = 0;
  let degenerateCount = 0;
  let finiteCount = 0;
  for (const r of records) {
    for (const rec of Object.values(r.fits)) {
      if (!rec) continue;
      if (r.N <= d) {
        degenerateCount++;
        if (rec.rank !== r.N - 1 || rec.kl !== Infinity || rec.hellinger2 !== 1) degenerateViolations++;
      } else {
        finiteCount++;
        if (!Number.isFinite(rec.kl)) finiteViolations++;
      }
      if (Number.isFinite(rec.kl)) {
        renyi = Math.max(renyi, (rec.renyiHalf - rec.kl) / rec.kl, (rec.renyiHalf - rec.klReverse) / rec.klReverse);
        trace = Math.max(trace, (rec.trace - rec.kl) / rec.kl);
      } else if (!(rec.trace < Infinity)) trace = Infinity;
    }
  }
  const mp = grid.map((N) => (N > d + 1 ? oneStepMarchenkoPasturKl({ d, N, T: model.T, g: model.g, sigma: model.sigma }) : null));
  return {
    params, floors, ols: byN("ols"), avg: byN("avg"), mp, records,
    boundViolation: { renyi, trace }, degenerateViolations, finiteViolations, degenerateCount, finiteCount,
  };
}

/** The fixed case of H-C1 (d = 8, N = 5): distances of μ_G and of the range of Σ_G from the training flat. */
export interface HalderFlatCheck {
  d: number;
  N: number;
  rank: number;
  /** consistent convention: max over μ_G and the unit eigenvectors of their distance from the affine hull / its span */
  consistentOffFlat: number;
  /** code convention: max distance of its eigenvectors from the span of the centred training points */
  codeOffFlat: number;
  /** max |g_k(consistent) − g_k(code)| / max g */
  spectrumGap: number;
}

/** H-C1's fixed case: a rank-(N − 1) generator on the flat through the training points (consistent), off it (code). */
export function halderFlatCheck(seed = 1, d = 8, N = 5): HalderFlatCheck {
  const model = halderModel();
  const set = halderTrainingSet(seed, d, N, 0, model);
  const fitted = fitOneStepLinearRows(set.x0, set.xT, N, d, set.map, { fit: "ols" });
  const cons = oneStepGenerated(fitted, { convention: "consistent" });
  const code = oneStepGenerated(fitted, { convention: "code" });
  // orthonormal basis of span{x_i − x̄} by modified Gram–Schmidt (an independent route from the fit's Gram)
  const mean = new Float64Array(d);
  for (let i = 0; i < N; i++) for (let t = 0; t < d; t++) mean[t] += set.x0[i * d + t] / N;
  const basis: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    const v = Float64Array.from({ length: d }, (_, t) => set.x0[i * d + t] - mean[t]);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let p = 0;
        for (let t = 0; t < d; t++) p += b[t] * v[t];
        for (let t = 0; t < d; t++) v[t] -= p * b[t];
      }
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm > 1e-8) basis.push(v.map((x) => x / norm));
  }
  const offSpan = (v: ArrayLike<number>): number => {
    const w = Float64Array.from(v);
    for (const b of basis) {
      let p = 0;
      for (let t = 0; t < d; t++) p += b[t] * w[t];
      for (let t = 0; t < d; t++) w[t] -= p * b[t];
    }
    return Math.sqrt(w.reduce((s, x) => s + x * x, 0));
  };
  const rows = (g: typeof cons) => Array.from({ length: g.rank }, (_, k) => g.vectors.subarray(k * d, (k + 1) * d));
  const consistentOffFlat = Math.max(offSpan(cons.mean.map((m, t) => m - mean[t])), ...rows(cons).map(offSpan));
  const codeOffFlat = Math.max(...rows(code).map(offSpan));
  const a = [...cons.values].sort((x, y) => x - y);
  const b = [...code.values].sort((x, y) => x - y);
  const gmax = Math.max(...a);
  const spectrumGap = Math.max(...a.map((x, k) => Math.abs(x - b[k]))) / gmax;
  return { d, N, rank: cons.rank, consistentOffFlat, codeOffFlat, spectrumGap };
}

/** KL_∞/d on the grid T × g of H-C3: the number of steps where it fails to increase strictly in T or in g. */
export function halderFloorViolations(Ts: readonly number[] = [0.25, 0.5, 1, 1.5, 2, 3], gs: readonly number[] = [0.1, 0.5, 1, 2, 10]): number {
  const f = (T: number, g: number) => oneStepFloors({ d: 1, T, g, sigma: 1 }).kl;
  let bad = 0;
  for (const g of gs) for (let i = 1; i < Ts.length; i++) if (!(f(Ts[i], g) > f(Ts[i - 1], g))) bad++;
  for (const T of Ts) for (let j = 1; j < gs.length; j++) if (!(f(T, gs[j]) > f(T, gs[j - 1]))) bad++;
  return bad;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

/** The claims H-C1 to H-C5 of H-F1. */
export function halderIndividualClaims(data: HalderIndividualData, flat: HalderFlatCheck = halderFlatCheck()): Claim[] {
  const { d, grid } = data.params;
  const paper = "Halder";
  const above = grid.map((N, j) => ({ N, j })).filter(({ N }) => N > d);
  const means = above.map(({ j }) => data.ols[j].kl.mean);
  let increases = 0;
  for (let i = 1; i < means.length; i++) if (!(means[i] < means[i - 1])) increases++;
  const minGap = Math.min(...means.map((m) => m - data.floors.kl));
  const j50 = grid.indexOf(50 * d);
  const ratio50 = j50 >= 0 ? (data.ols[j50].kl.mean - data.floors.kl) / data.floors.kl : NaN;
  const mpRows = grid.map((N, j) => ({ N, j })).filter(({ N, j }) => N >= 1.5 * d && data.mp[j] !== null);
  const mpErr = Math.max(...mpRows.map(({ j }) => Math.abs(data.mp[j]! - data.avg[j].kl.mean) / data.avg[j].kl.mean));
  return [
    checkClaim({
      id: "H-C1a", paper, statement: `Below d (N ≤ ${d}) every generator has rank N − 1, KL(p_G‖p) = Infinity (not NaN) and H² = 1 exactly`,
      measured: data.degenerateViolations, expected: 0, tolerance: 0, comparison: "abs",
      note: `violations among ${data.degenerateCount} realizations (ols and avg)`,
    }),
    checkClaim({
      id: "H-C1b", paper, statement: `Above d (N ≥ ${d + 1}) every KL(p_G‖p) is finite`,
      measured: data.finiteViolations, expected: 0, tolerance: 0, comparison: "abs",
      note: `non-finite among ${data.finiteCount} realizations`,
    }),
    checkClaim({
      id: "H-C1c", paper, statement: `d = ${flat.d}, N = ${flat.N}: rank ${flat.N - 1}; μ_G and the range of Σ_G lie in the affine hull of the training points (consistent)`,
      measured: flat.rank === flat.N - 1 ? flat.consistentOffFlat : Infinity, expected: 1e-10, comparison: "<=",
      note: `rank ${flat.rank}; largest distance from the flat ${fmt(flat.consistentOffFlat)}`,
    }),
    checkClaim({
      id: "H-C1d", paper, statement: "Under the code's convention the range leaves the hull by more than 1e-3 while the spectra agree to 1e-10",
      measured: flat.spectrumGap <= 1e-10 ? flat.codeOffFlat : -1, expected: 1e-3, comparison: ">=",
      note: `largest distance of a code eigenvector from the span ${fmt(flat.codeOffFlat)}; relative spectrum gap ${fmt(flat.spectrumGap)}`,
    }),
    checkClaim({
      id: "H-C2", paper, statement: `The mean KL (ols) decreases strictly along N ∈ {${above[0]?.N}, …, ${above.at(-1)?.N}} and stays above KL_∞`,
      measured: minGap > 0 ? increases : increases + 1, expected: 0, tolerance: 0, comparison: "abs",
      note: `non-decreasing steps ${increases}; smallest mean − KL_∞ = ${fmt(minGap)} (KL_∞ = ${fmt(data.floors.kl)})`,
    }),
    checkClaim({
      id: "H-C3a", paper, statement: `At N = 50d the mean KL lies above KL_∞ by more than 0 and less than 15% of KL_∞`,
      measured: ratio50, expected: 0.075, tolerance: 0.075, comparison: "abs",
      note: `(mean − KL_∞)/KL_∞; mean ${fmt(data.ols[j50]?.kl.mean ?? NaN)} ± ${fmt(data.ols[j50]?.kl.se ?? NaN)}, KL_∞ ${fmt(data.floors.kl)}`,
    }),
    checkClaim({
      id: "H-C3b", paper, statement: "KL_∞ increases strictly in g at fixed T and in T at fixed g (T ∈ {0.25 … 3}, g ∈ {0.1 … 10})",
      measured: halderFloorViolations(), expected: 0, tolerance: 0, comparison: "abs", note: "non-increasing steps on the grid",
    }),
    checkClaim({
      id: "H-C4", paper, statement: "The Marchenko–Pastur deterministic equivalent matches the simulated mean KL of avg within 3% for N ≥ 1.5d",
      measured: mpErr, expected: 0.03, comparison: "<=",
      note: `largest |MP − mean|/mean over N ∈ {${mpRows.map((r) => r.N).join(", ")}}, ${data.params.avgSets} training sets each`,
    }),
    checkClaim({
      id: "H-C5a", paper, statement: "The Rényi bound D_½ ≤ KL holds in both directions on every realization of both fits",
      measured: data.boundViolation.renyi, expected: 1e-9, comparison: "<=", note: "largest (D_½ − KL)/KL over finite realizations",
    }),
    checkClaim({
      id: "H-C5b", paper, statement: "The trace bound ≤ KL(p_G‖p) holds on every realization of both fits",
      measured: data.boundViolation.trace, expected: 1e-9, comparison: "<=", note: "largest (trace bound − KL)/KL over finite realizations",
    }),
  ];
}

const BLUE = "#1f77b4";
const ORANGE = "#ff7f0e";
const GREY = "#555";

/** The H-F1 figure: (a) KL against N/d with ∞ markers, floor, MP curve and bounds; (b) D_½ and H². */
export function halderIndividualFigure(data: HalderIndividualData): FigureResult<HalderIndividualData> {
  const { d, grid } = data.params;
  const x = grid.map((N) => N / d);
  const finite = (j: number, s: HalderSummary) => (Number.isFinite(s.mean) ? s.mean : null);
  const allFinite = [...data.ols, ...data.avg].flatMap((f) => [f.kl.mean, f.kl.median, f.trace.mean]).filter((v) => Number.isFinite(v) && v > 0);
  const top = Math.log10(Math.max(...allFinite)) + 0.6;
  const bottom = Math.log10(Math.min(data.floors.kl, ...allFinite)) - 0.3;
  const infX = x.filter((_, j) => !Number.isFinite(data.ols[j].kl.mean));
  const mpN: number[] = [];
  for (let N = d + 2; N <= grid[grid.length - 1]; N = Math.max(N + 1, Math.round(N * 1.05))) mpN.push(N);
  const mpCurve = mpN.map((N) => oneStepMarchenkoPasturKl({ d, N, T: data.params.model.T, g: data.params.model.g, sigma: data.params.model.sigma }));
  const fitTraces = (fit: "ols" | "avg", color: string, label: string): Trace[] => {
    const s = data[fit];
    return [
      {
        type: "scatter", mode: "lines+markers", name: `${label}: mean ± SE`, x, y: s.map((f, j) => finite(j, f.kl)),
        error_y: { type: "data", array: s.map((f) => (Number.isFinite(f.kl.mean) ? f.kl.se : null)), visible: true },
        line: { color }, marker: { color, size: 7 }, xaxis: "x", yaxis: "y",
      },
      { type: "scatter", mode: "markers", name: `${label}: median`, x, y: s.map((f) => (Number.isFinite(f.kl.median) ? f.kl.median : null)), marker: { color, symbol: "diamond-open", size: 9 }, xaxis: "x", yaxis: "y" },
      { type: "scatter", mode: "lines", name: `${label}: Rényi bound D_½ (mean)`, x, y: s.map((f) => (Number.isFinite(f.renyiHalf.mean) ? f.renyiHalf.mean : null)), line: { color, dash: "dot", width: 1 }, xaxis: "x", yaxis: "y" },
      { type: "scatter", mode: "lines", name: `${label}: trace bound (mean)`, x, y: s.map((f) => f.trace.mean), line: { color, dash: "dash", width: 1 }, xaxis: "x", yaxis: "y" },
    ];
  };
  const traces: Trace[] = [
    ...fitTraces("ols", BLUE, "ols"),
    ...fitTraces("avg", ORANGE, "avg"),
    { type: "scatter", mode: "lines", name: "avg: Marchenko–Pastur equivalent", x: mpN.map((N) => N / d), y: mpCurve, line: { color: "#2ca02c", width: 2 }, xaxis: "x", yaxis: "y" },
    { type: "scatter", mode: "lines", name: `floor KL_∞ = ${data.floors.kl.toFixed(3)}`, x: [x[0], x[x.length - 1]], y: [data.floors.kl, data.floors.kl], line: { color: GREY, dash: "longdash" }, xaxis: "x", yaxis: "y" },
    {
      type: "scatter", mode: "markers+text", name: "rank N − 1: KL = ∞", x: infX, y: infX.map(() => 10 ** (top - 0.15)),
      text: infX.map(() => "∞"), textposition: "bottom center", marker: { symbol: "triangle-up", size: 12, color: "#d62728" }, xaxis: "x", yaxis: "y",
    },
    ...(["ols", "avg"] as const).map((fit, i): Trace => ({
      type: "scatter", mode: "lines+markers", name: `${fit}: D_½ = −2 ln BC (mean)`, x, y: data[fit].map((f) => (Number.isFinite(f.renyiHalf.mean) ? f.renyiHalf.mean : null)),
      line: { color: i ? ORANGE : BLUE }, xaxis: "x2", yaxis: "y2", showlegend: true,
    })),
    {
      type: "scatter", mode: "lines+markers", name: "ols: H² = 1 − BC (mean, right axis)", x, y: data.ols.map((f) => f.hellinger2.mean),
      line: { color: GREY, dash: "dot" }, marker: { symbol: "x" }, xaxis: "x2", yaxis: "y3",
    },
  ];
  const figure = {
    id: "H-F1",
    data: traces,
    layout: {
      title: { text: `H-F1: individual distance KL(p_G‖p) of the one-step linear model, d = ${d} (T = ${data.params.model.T}, g = ${data.params.model.g})` },
      width: 900, height: 900,
      grid: { rows: 2, columns: 1, pattern: "independent" },
      xaxis: { type: "log", title: { text: "N / d" }, domain: [0, 0.88], anchor: "y" },
      yaxis: { type: "log", title: { text: "KL(p_G ‖ p)  (nats)" }, range: [bottom, top], domain: [0.42, 1] },
      xaxis2: { type: "log", title: { text: "N / d" }, domain: [0, 0.88], anchor: "y2", matches: "x" },
      yaxis2: { type: "log", title: { text: "D_½ (nats)" }, domain: [0, 0.3], anchor: "x2" },
      yaxis3: { type: "linear", title: { text: "H²" }, overlaying: "y2", side: "right", range: [0.9, 1.005], dtick: 0.02, tickformat: ".2f", anchor: "x2", showgrid: false },
      shapes: [
        { type: "line", xref: "x", yref: "paper", x0: 1, x1: 1, y0: 0.42, y1: 1, line: { color: GREY, dash: "dot" } },
        { type: "line", xref: "x2", yref: "paper", x0: 1, x1: 1, y0: 0, y1: 0.3, line: { color: GREY, dash: "dot" } },
      ],
      annotations: [
        { text: "(a) KL against N/d; N = d dotted", xref: "paper", yref: "paper", x: 0, y: 1.02, showarrow: false, xanchor: "left" },
        { text: "(b) Rényi-½ divergence and squared Hellinger distance (H² = 1 to double precision well past d)", xref: "paper", yref: "paper", x: 0, y: 0.32, showarrow: false, xanchor: "left" },
      ],
      legend: { x: 1.02, y: 1, font: { size: 10 } },
      margin: { r: 260 },
    },
  };
  return { data, figure };
}

/** H-F1 end to end: the sweep, then the figure. */
export async function halderIndividualDistance(p: HalderIndividualParams = {}): Promise<FigureResult<HalderIndividualData>> {
  return halderIndividualFigure(await halderIndividualDistanceData(p));
}
