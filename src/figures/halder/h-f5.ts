/**
 * H-F5: finite diffusion time and noise scale (Halder §4 H-F5, claims H-C3 floor part and H-C15).
 * (a) the closed-form floor KL_∞/d = φ(r)/2 against T for several g, and over the (T, g) plane;
 * (b) the simulated KL(p_G‖p) against N/d at d = 100 for several T (g = 1), with each T's floor;
 * (c) P̂(Δ_KL > 0) against N/d at d = 20 for several T, and the transition N*(T) (v2's remark on diffusion steps,
 *     read as: a shorter one-step time stands for more steps [A]).
 * Panels (b) and (c) are cached under data/halder/ (one file per T) and re-checked by live slices.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { DomainError, requirePositive } from "../../core/validate.js";
import { oneStepFloors } from "../../denoisers/one-step-divergence.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { readHalderCache } from "./cache.js";
import { halderFloorViolations, halderIndividualFromRecords, halderIndividualParams, type HalderIndividualData } from "./h-f1.js";
import { halderTransitionFromRecords, halderTransitionParams, type HalderTransitionData, type HalderTransitionResolved } from "./h-f2.js";
import type { HalderIndividualResult, HalderRelativeResult } from "./tasks.js";

/** Panel (a): the g values of the curves, and the T range. */
export const H_F5_G_VALUES: readonly number[] = [0.1, 0.5, 1, 2, 10];
/** Panel (b): diffusion times (g = 1), d = 100, 20 training sets per N. */
export const H_F5_KL_TIMES: readonly number[] = [0.5, 1, 2, 3];
export const H_F5_KL_GRID: readonly number[] = [50, 100, 101, 110, 125, 150, 200, 300, 500, 1000, 2000, 5000];
/** Panel (c): diffusion times (g = 1), d = 20, M = 2000, 40 training sets per N. */
export const H_F5_P_TIMES: readonly number[] = [0.25, 0.5, 1, 2];
export const H_F5_P_GRID: readonly number[] = [10, 20, 25, 30, 35, 40, 50, 60, 80];

/** KL_∞/d = φ(r)/2 with r = σ²/(σ² + g(1 − e^(−2T))) (Halder §3 item 1). */
export function halderFloorPerDim(T: number, g: number, sigma = 1): number {
  return oneStepFloors({ d: 1, T, g, sigma }).kl;
}

/** Panel (a): floor curves against T per g, and a heat map over (T, log-spaced g). */
export interface HalderFloorMap {
  Ts: number[];
  gs: number[];
  /** curves[j][i] = KL_∞/d at (Ts[i], gs[j]) */
  curves: number[][];
  heat: { Ts: number[]; gs: number[]; z: number[][] };
}

/**
 * The closed-form floors of panel (a): T on a uniform grid of `nT` points in [Tmin, Tmax] (default 0.05 … 4, 80
 * points), the curves at `gs` (default {0.1, 0.5, 1, 2, 10}), the heat map at `nG` log-spaced g in [0.01, 100].
 */
export function halderFloorMap(options: { Tmin?: number; Tmax?: number; nT?: number; gs?: readonly number[]; nG?: number; sigma?: number } = {}): HalderFloorMap {
  const Tmin = requirePositive("Tmin", options.Tmin ?? 0.05);
  const Tmax = requirePositive("Tmax", options.Tmax ?? 4);
  if (!(Tmax > Tmin)) throw new DomainError("Tmax", `must exceed Tmin = ${Tmin}; got ${Tmax}`);
  const nT = options.nT ?? 80;
  const nG = options.nG ?? 60;
  if (!(Number.isInteger(nT) && nT >= 2)) throw new DomainError("nT", `must be an integer >= 2; got ${nT}`);
  if (!(Number.isInteger(nG) && nG >= 2)) throw new DomainError("nG", `must be an integer >= 2; got ${nG}`);
  const sigma = requirePositive("sigma", options.sigma ?? 1);
  const gs = [...(options.gs ?? H_F5_G_VALUES)].map((g) => requirePositive("gs", g));
  const Ts = Array.from({ length: nT }, (_, i) => Tmin + ((Tmax - Tmin) * i) / (nT - 1));
  const hg = Array.from({ length: nG }, (_, j) => 10 ** (-2 + (4 * j) / (nG - 1)));
  return {
    Ts, gs,
    curves: gs.map((g) => Ts.map((T) => halderFloorPerDim(T, g, sigma))),
    heat: { Ts, gs: hg, z: hg.map((g) => Ts.map((T) => halderFloorPerDim(T, g, sigma))) },
  };
}

/** The resolved parameters of panel (b) at one T (what the cache h-f5-kl-t<T> covers). */
export function halderTimeKlParams(T: number): HalderIndividualData["params"] {
  return halderIndividualParams({ d: 100, grid: H_F5_KL_GRID, olsSets: 20, avgSets: 2, seed: 1, model: { T, g: 1 } });
}

/** The resolved parameters of panel (c) at one T (what the cache h-f5-p-t<T> covers). Δ_KL only. */
export function halderTimeTransitionParams(T: number): HalderTransitionResolved {
  return halderTransitionParams({ d: 20, grid: H_F5_P_GRID, sets: 40, M: 2000, l2: false, seed: 1, model: { T, g: 1 } });
}

/** Cache file name of a panel at diffusion time T, e.g. h-f5-kl-t050 for T = 0.5. */
export function halderTimeCacheName(panel: "kl" | "p", T: number): string {
  requirePositive("T", T);
  return `h-f5-${panel}-t${String(Math.round(T * 100)).padStart(3, "0")}`;
}

/** Panel (b) at T from its cache, or undefined when absent or stale. */
export function halderTimeKlFromCache(T: number): HalderIndividualData | undefined {
  const params = halderTimeKlParams(T);
  const c = readHalderCache<HalderIndividualResult>(halderTimeCacheName("kl", T), params);
  return c ? halderIndividualFromRecords(params, c.records) : undefined;
}

/** Panel (c) at T from its cache, or undefined when absent or stale. */
export function halderTimeTransitionFromCache(T: number): HalderTransitionData | undefined {
  const params = halderTimeTransitionParams(T);
  const c = readHalderCache<HalderRelativeResult>(halderTimeCacheName("p", T), params);
  return c ? halderTransitionFromRecords(params, c.records) : undefined;
}

const fmt = (x: number | undefined, p = 3) => (x === undefined ? "undefined" : Number.isFinite(x) ? x.toPrecision(p) : String(x));

/** The figure of panel (a): KL_∞/d against T (log axis), one curve per g, and a heat map of log₁₀ KL_∞/d over (T, log₁₀ g). */
export function halderFloorFigure(map: HalderFloorMap): FigureResult<HalderFloorMap> {
  const colors = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#ff7f0e"];
  const traces: Trace[] = map.gs.map((g, j) => ({
    type: "scatter", mode: "lines", x: map.Ts, y: map.curves[j], name: `g = ${g}`, line: { color: colors[j % colors.length] }, xaxis: "x", yaxis: "y",
  }));
  traces.push({
    type: "heatmap", x: map.heat.Ts, y: map.heat.gs.map((g) => Math.log10(g)), z: map.heat.z.map((row) => row.map((v) => Math.log10(v))), colorscale: "Viridis", xaxis: "x2", yaxis: "y2",
    colorbar: { title: { text: "log₁₀ KL_∞/d" }, x: 1.0 }, name: "log₁₀ KL_∞/d", hovertemplate: "T = %{x:.2f}, log₁₀ g = %{y:.2f}: log₁₀ KL_∞/d = %{z:.3f}<extra></extra>",
  });
  const layout = {
    title: { text: "H-F5 (a): the floor KL_∞/d = φ(r)/2, r = σ²/(σ² + g(1 − e^(−2T))), closed form (σ = 1)" },
    width: 1100, height: 480,
    xaxis: { title: { text: "diffusion time T" }, domain: [0, 0.45], anchor: "y" },
    yaxis: { type: "log", title: { text: "KL_∞ / d (nats)" }, anchor: "x", tickformat: "~g" },
    xaxis2: { title: { text: "diffusion time T" }, domain: [0.58, 0.95], anchor: "y2" },
    yaxis2: { title: { text: "log₁₀ g" }, anchor: "x2" },
    legend: { orientation: "h", x: 0, y: -0.22 },
    margin: { b: 130 },
  };
  return { data: map, figure: { id: "H-F5a", data: traces, layout } };
}

/**
 * The figure of panel (b): mean KL(p_G‖p) ± SE and median against N/d (log–log), one T at a time chosen by a slider,
 * with that T's floor KL_∞ and "∞" markers at the top edge for N ≤ d (rank N − 1).
 */
export function halderTimeKlFigure(panels: readonly HalderIndividualData[]): FigureResult<readonly HalderIndividualData[]> {
  if (panels.length === 0) throw new DomainError("panels", "must hold at least one diffusion time");
  const traces: Trace[] = [];
  const owner: number[] = [];
  let top = 0;
  for (const p of panels) for (const s of p.ols) if (Number.isFinite(s.kl.mean)) top = Math.max(top, s.kl.mean + s.kl.se);
  panels.forEach((p, k) => {
    const { d, grid } = p.params;
    const x = grid.map((N) => N / d);
    const fin = p.ols.map((s) => Number.isFinite(s.kl.mean));
    const add = (t: Trace) => {
      traces.push({ ...t, visible: k === 0 });
      owner.push(k);
    };
    add({ type: "scatter", mode: "markers+lines", x: x.filter((_, i) => fin[i]), y: p.ols.filter((_, i) => fin[i]).map((s) => s.kl.mean), name: "mean KL(p_G‖p) ± SE (ols)",
      error_y: { type: "data", array: p.ols.filter((_, i) => fin[i]).map((s) => s.kl.se), visible: true }, line: { color: "#d62728" }, marker: { color: "#d62728" } });
    add({ type: "scatter", mode: "markers", x: x.filter((_, i) => fin[i]), y: p.ols.filter((_, i) => fin[i]).map((s) => s.kl.median), name: "median", marker: { symbol: "diamond-open", color: "#d62728", size: 9 } });
    add({ type: "scatter", mode: "markers+text", x: x.filter((_, i) => !fin[i]), y: x.filter((_, i) => !fin[i]).map(() => top * 2), text: x.filter((_, i) => !fin[i]).map(() => "∞"), textposition: "top center", name: "rank N − 1: KL = ∞", marker: { symbol: "triangle-up", color: "#555", size: 10 } });
    add({ type: "scatter", mode: "lines", x: [x[0], x[x.length - 1]], y: [p.floors.kl, p.floors.kl], name: `floor KL_∞ = ${p.floors.kl.toFixed(3)}`, line: { color: "black", dash: "dash" } });
  });
  const steps = panels.map((p, k) => ({
    label: `T = ${p.params.model.T}`, method: "update",
    args: [{ visible: owner.map((o) => o === k) }, { title: { text: `H-F5 (b): KL(p_G‖p) against N/d, d = ${p.params.d}, T = ${p.params.model.T}, g = ${p.params.model.g}, ${p.params.olsSets} training sets per N` } }],
  }));
  const p0 = panels[0].params;
  const layout = {
    title: { text: `H-F5 (b): KL(p_G‖p) against N/d, d = ${p0.d}, T = ${p0.model.T}, g = ${p0.model.g}, ${p0.olsSets} training sets per N` },
    width: 950, height: 560,
    xaxis: { type: "log", title: { text: "N / d" } },
    yaxis: { type: "log", title: { text: "KL(p_G‖p) (nats)" }, tickformat: "~g" },
    shapes: [{ type: "line", xref: "x", yref: "paper", x0: 1, x1: 1, y0: 0, y1: 1, line: { color: "#888", dash: "dot" } }],
    sliders: [{ active: 0, steps, currentvalue: { prefix: "diffusion time " }, pad: { t: 50 } }],
    legend: { x: 0.6, y: 0.98 },
  };
  return { data: panels, figure: { id: "H-F5b", data: traces, layout } };
}

/** The figure of panel (c): P̂(Δ_KL > 0) with Wilson bands against N/d, one curve per T, N*(T) starred. */
export function halderTimeTransitionFigure(sweeps: readonly HalderTransitionData[]): FigureResult<readonly HalderTransitionData[]> {
  if (sweeps.length === 0) throw new DomainError("sweeps", "must hold at least one diffusion time");
  const colors = ["#9467bd", "#1f77b4", "#2ca02c", "#d62728", "#ff7f0e"];
  const traces: Trace[] = [];
  sweeps.forEach((s, k) => {
    const color = colors[k % colors.length];
    const x = s.rows.map((r) => r.x);
    traces.push(
      { type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...s.rows.map((r) => r.kl.upper), ...[...s.rows].reverse().map((r) => r.kl.lower)], fill: "toself", fillcolor: color + "26", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
      { type: "scatter", mode: "lines+markers", x, y: s.rows.map((r) => r.kl.estimate), name: `T = ${s.params.model.T} (KL_∞/d = ${halderFloorPerDim(s.params.model.T, s.params.model.g, s.params.model.sigma).toFixed(4)})`, line: { color }, marker: { color } },
    );
    if (s.crossingKl !== undefined) traces.push({ type: "scatter", mode: "markers", x: [s.crossingKl], y: [0.5], name: `N*/d = ${s.crossingKl.toFixed(2)} ± ${s.crossingKlSE.toFixed(2)}, T = ${s.params.model.T}`, marker: { symbol: "star", size: 13, color }, error_x: { type: "data", array: [1.96 * s.crossingKlSE], visible: true, color } });
  });
  const s0 = sweeps[0].params;
  const layout = {
    title: { text: `H-F5 (c): P̂(Δ_KL > 0) against N/d for several diffusion times (d = ${s0.d}, M = ${s0.M}, ${s0.sets} training sets per N, g = ${s0.model.g})` },
    width: 950, height: 520,
    xaxis: { type: "log", title: { text: "N / d" } },
    yaxis: { title: { text: "P̂(Δ_KL > 0)" }, range: [-0.03, 1.03] },
    shapes: [
      { type: "rect", xref: "x", yref: "paper", x0: sweeps[0].rows[0].x / 1.1, x1: 1, y0: 0, y1: 1, fillcolor: "#bbbbbb", opacity: 0.25, line: { width: 0 } },
      { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { color: "#888", dash: "dot", width: 1 } },
    ],
    annotations: [{ text: "N ≤ d: KL(p_G‖p) = ∞", xref: "x", yref: "paper", x: Math.log10(Math.sqrt(sweeps[0].rows[0].x)), y: 0.97, showarrow: false }],
    legend: { x: 1.02, y: 1, xanchor: "left", font: { size: 11 } },
    margin: { r: 300 },
  };
  return { data: sweeps, figure: { id: "H-F5c", data: traces, layout } };
}

/** The spec's closed-form KL_∞/d at g = 1, σ = 1 (Halder §3 item 1), a fixed table to check the code against. */
export const H_F5_FLOOR_TABLE: readonly { T: number; value: number }[] = [
  { T: 0.25, value: 0.024715 }, { T: 0.5, value: 0.05129 }, { T: 1, value: 0.079685 }, { T: 2, value: 0.094284 }, { T: 3, value: 0.096264 },
];

/**
 * Claims of H-F5: H-C3 (floor part: KL_∞ strictly increasing in g and in T on the spec's grid; the closed-form
 * table of §3 item 1 to 1e-6; the simulated mean KL at N = 50d above each T's floor) and H-C15 (N*(T)/d reported;
 * checked: whether N* at the shortest T equals N* at the longest within 4 combined bootstrap SEs, the spec's rule
 * for comparing two Monte Carlo estimates).
 */
export function halderTimeClaims(klPanels: readonly HalderIndividualData[], sweeps: readonly HalderTransitionData[]): Claim[] {
  const paper = "Halder";
  const tableGap = Math.max(...H_F5_FLOOR_TABLE.map((r) => Math.abs(halderFloorPerDim(r.T, 1) - r.value)));
  const claims: Claim[] = [
    checkClaim({
      id: "H-C3c", paper, statement: "KL_∞ increases strictly in g at fixed T and in T at fixed g (T ∈ {0.25, 0.5, 1, 1.5, 2, 3}, g ∈ {0.1, 0.5, 1, 2, 10})",
      measured: halderFloorViolations(), expected: 0, comparison: "abs", note: "number of grid steps where KL_∞/d fails to increase",
    }),
    checkClaim({
      id: "H-C3d", paper, statement: "KL_∞/d at g = 1, σ = 1 equals the spec's closed-form table (T = 0.25 … 3) to its 6 decimals",
      measured: tableGap, expected: 5e-7, comparison: "<=", note: `largest absolute difference; ${H_F5_FLOOR_TABLE.map((r) => `T = ${r.T}: ${halderFloorPerDim(r.T, 1).toFixed(6)}`).join(", ")}`,
    }),
  ];
  for (const p of klPanels) {
    const i = p.params.grid.indexOf(50 * p.params.d);
    if (i < 0) continue;
    const s = p.ols[i].kl;
    claims.push(checkClaim({
      id: `H-C3e (T = ${p.params.model.T})`, paper, statement: `The simulated mean KL at N = 50d (d = ${p.params.d}, T = ${p.params.model.T}) lies above its floor KL_∞`,
      measured: s.mean - p.floors.kl, expected: 0, comparison: ">=",
      note: `mean ${fmt(s.mean, 4)} ± ${fmt(s.se, 2)} against KL_∞ = ${fmt(p.floors.kl, 4)} (excess ${fmt((100 * (s.mean - p.floors.kl)) / p.floors.kl, 3)}% of the floor; ${s.n} training sets)`,
    }));
  }
  if (sweeps.length >= 2) {
    const sorted = [...sweeps].sort((a, b) => a.params.model.T - b.params.model.T);
    const short = sorted[0];
    const long = sorted[sorted.length - 1];
    const list = sorted.map((s) => `T = ${s.params.model.T}: N*/d = ${fmt(s.crossingKl)} ± ${fmt(s.crossingKlSE, 2)} (95% ${fmt(s.crossingKl === undefined ? undefined : s.crossingKl - 1.96 * s.crossingKlSE)} … ${fmt(s.crossingKl === undefined ? undefined : s.crossingKl + 1.96 * s.crossingKlSE)}), KL_∞/d = ${halderFloorPerDim(s.params.model.T, s.params.model.g, s.params.model.sigma).toFixed(4)}`).join("; ");
    const a = short.crossingKl;
    const b = long.crossingKl;
    if (a === undefined || b === undefined) throw new DomainError("sweeps", "N* must be defined at the shortest and the longest T (extend the grid)");
    claims.push(checkClaim({
      id: "H-C15", paper,
      statement: `Diffusion time and the transition (reported, no threshold in the spec): N*(T = ${short.params.model.T}) = N*(T = ${long.params.model.T}) within 4 combined bootstrap SEs, i.e. a shorter time does not move the transition`,
      measured: a - b, expected: 0, tolerance: 4 * Math.hypot(short.crossingKlSE, long.crossingKlSE), comparison: "abs",
      note: `shift ${fmt(a - b)} = ${fmt(Math.abs(a - b) / Math.hypot(short.crossingKlSE, long.crossingKlSE))} combined SEs; ${list}; d = ${short.params.d}, M = ${short.params.M}, ${short.params.sets} training sets per N; 95% intervals are ±1.96 bootstrap SE (200 resamples over training sets)`,
    }));
  }
  return claims;
}
