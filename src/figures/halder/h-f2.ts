/**
 * H-F2: the memorization–generalization transition, P(Δ > 0) against N/d (Halder §4 H-F2, claims H-C6 to H-C8),
 * for the canonical model (ols, consistent, rule bandwidth) with Δ_KL (Monte Carlo) and Δ_L2 (closed form) on the
 * same realizations, against one fixed reference set of M draws of p per dimension.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { rng } from "../../core/rng.js";
import { requireInteger } from "../../core/validate.js";
import type { KernelBandwidthRule } from "../../memorization/kernel.js";
import { bootstrapCrossing, firstCrossing, transitionCrossing, wilsonInterval, type WilsonInterval } from "../../memorization/transition.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { compareHalderRecords, readHalderCache, type HalderSliceCheck } from "./cache.js";
import { halderModel, type HalderModel } from "./realization.js";
import { halderSummarize } from "./stats.js";
import { defaultThreads } from "../../core/parallel.js";
import { runHalderTasks } from "./sweep.js";
import { halderReference, type HalderRelativeResult, type HalderRelativeTask } from "./tasks.js";

/** The spec's full sweep (M = 10⁴): N grid and training sets per N, per dimension. */
export const H_F2_FULL: Readonly<Record<number, { grid: readonly number[]; sets: number }>> = {
  20: { grid: [5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100, 200], sets: 100 },
  50: { grid: [12, 25, 50, 62, 75, 88, 100, 125, 150, 250], sets: 100 },
  100: { grid: [25, 50, 75, 100, 110, 125, 150, 175, 200, 300, 500, 1000], sets: 60 },
};

export interface HalderTransitionParams {
  /** dimension (default 20) */
  d?: number;
  /** N grid (default: the spec's grid of that d) */
  grid?: readonly number[];
  /** training sets per N (default 60) */
  sets?: number;
  /** reference-set size M (default 2000: the live run; the spec's full sweep uses 10⁴) */
  M?: number;
  /** Monte Carlo draws per Δ_KL (default 200) */
  nMc?: number;
  /** compute Δ_L2 too (default true) */
  l2?: boolean;
  /** bandwidth rule (default `rule`) [A] */
  bandwidth?: KernelBandwidthRule;
  model?: Partial<HalderModel>;
  seed?: number;
  workers?: number;
}

/** Resolved parameters of a transition sweep (what the cache hash covers). */
export interface HalderTransitionResolved {
  d: number;
  grid: number[];
  sets: number;
  M: number;
  nMc: number;
  l2: boolean;
  bandwidth: KernelBandwidthRule;
  model: HalderModel;
  seed: number;
}

/** One grid point of a transition sweep. */
export interface HalderTransitionRow {
  N: number;
  /** N/d */
  x: number;
  /** P̂(Δ_KL > 0) with its Wilson 95% interval */
  kl: WilsonInterval;
  /** P̂(Δ_L2 > 0) (undefined without L2) */
  l2?: WilsonInterval;
  /** mean Δ_KL ± SE across training sets, and the mean per-realization Monte Carlo SE */
  klMean: number;
  klMeanSE: number;
  mcSE: number;
  /** mean Jensen bracket */
  lower: number;
  upper: number;
  /** median individual KL(p_G‖p) (Infinity below d) */
  individualMedian: number;
}

export interface HalderTransitionData {
  params: HalderTransitionResolved;
  rows: HalderTransitionRow[];
  /** N* / d for Δ_KL (last upward crossing of ½) and its bootstrap SE; undefined if never crossed */
  crossingKl: number | undefined;
  crossingKlSE: number;
  crossingL2: number | undefined;
  /** first crossing of ½ for Δ_L2 (H-C11's diagnostic) */
  firstCrossingL2: number | undefined;
  records: HalderRelativeResult[];
  /** realizations whose Monte Carlo Δ_KL lies in [lower − 4 SE, upper + 4 SE] (H-C13), out of records.length */
  insideBracket: number;
}

/** Resolves defaults and validates. */
export function halderTransitionParams(p: HalderTransitionParams = {}): HalderTransitionResolved {
  const d = requireInteger("d", p.d ?? 20, 2, 10000);
  const grid = [...(p.grid ?? H_F2_FULL[d]?.grid ?? [])].map((N) => requireInteger("grid", N, 2));
  if (grid.length < 2) throw new Error(`no default N grid for d = ${d}: pass grid`);
  return {
    d, grid,
    sets: requireInteger("sets", p.sets ?? 60, 2),
    M: requireInteger("M", p.M ?? 2000, 2, 1e6),
    nMc: requireInteger("nMc", p.nMc ?? 200, 2),
    l2: p.l2 ?? true,
    bandwidth: p.bandwidth ?? "rule",
    model: halderModel(p.model),
    seed: requireInteger("seed", p.seed ?? 1, 0, 2 ** 32 - 1),
  };
}

/** The task list of a transition sweep (optionally restricted to a slice of N and training sets). */
export function halderTransitionTasks(params: HalderTransitionResolved, grid: readonly number[] = params.grid, sets = params.sets): HalderRelativeTask[] {
  const tasks: HalderRelativeTask[] = [];
  for (const N of grid) {
    for (let rep = 0; rep < sets; rep++) {
      tasks.push({ kind: "relative", seed: params.seed, d: params.d, N, rep, model: params.model, nMc: params.nMc, l2: params.l2, bandwidth: params.bandwidth });
    }
  }
  return tasks;
}

/** Runs tasks of a transition sweep against its fixed reference set (built once, shared by the workers). */
export async function runHalderTransitionTasks(params: HalderTransitionResolved, tasks: HalderRelativeTask[], workers = defaultThreads()): Promise<HalderRelativeResult[]> {
  const reference = halderReference(params.seed, params.d, params.M, params.model, params.bandwidth, params.l2);
  return runHalderTasks<HalderRelativeResult>(tasks, { workers, references: [reference] });
}

/** The full live sweep of H-F2 for one dimension. */
export async function halderTransitionData(p: HalderTransitionParams = {}): Promise<HalderTransitionData> {
  const params = halderTransitionParams(p);
  const records = await runHalderTransitionTasks(params, halderTransitionTasks(params), p.workers ?? defaultThreads());
  return halderTransitionFromRecords(params, records);
}

/** The cached full sweep of dimension d (M = 10⁴, the spec's grid and training sets), or undefined if absent or stale. */
export function halderTransitionFromCache(d: number): HalderTransitionData | undefined {
  const full = H_F2_FULL[d];
  if (!full) return undefined;
  const params = halderTransitionParams({ d, grid: full.grid, sets: full.sets, M: 10000, l2: true, seed: 1 });
  const cache = readHalderCache<HalderRelativeResult>(`h-f2-d${d}`, params);
  return cache ? halderTransitionFromRecords(params, cache.records) : undefined;
}

/**
 * Re-runs a live slice of a transition sweep (the given N, the first `sets` training sets; Δ_KL only, without the
 * cross terms of L2 and the bracket, unless `l2`) and compares every shared number with `data`'s records. The Monte Carlo draws depend only on (seed, d, N, rep),
 * so Δ_KL, its SE and its bracket must agree to rounding.
 */
export async function halderTransitionSlice(data: HalderTransitionData, grid: readonly number[], sets: number, l2 = false, workers = defaultThreads()): Promise<{ check: HalderSliceCheck; live: HalderTransitionData }> {
  const t0 = Date.now();
  const params = { ...data.params, l2 };
  const tasks = halderTransitionTasks(params, grid, sets).map((t) => ({ ...t, bracket: l2 }));
  const records = await runHalderTransitionTasks(params, tasks, workers);
  // without L2 the slice skips the cross terms too: compare Δ_KL, its SE and the individual KL only
  const strip = (r: HalderRelativeResult) => (l2 ? r : { ...r, l2Scaled: 0, l2Sign: 0, lower: 0, upper: 0 });
  const check = compareHalderRecords(records.map(strip), data.records.map(strip), (Date.now() - t0) / 1000);
  return { check, live: halderTransitionFromRecords({ ...params, grid: [...grid], sets }, records) };
}

/** Probabilities, crossings and bracket checks of a transition sweep from its records (live or cached). */
export function halderTransitionFromRecords(params: HalderTransitionResolved, records: HalderRelativeResult[]): HalderTransitionData {
  const { d, grid } = params;
  const rows: HalderTransitionRow[] = grid.map((N) => {
    const rs = records.filter((r) => r.N === N);
    const kl = halderSummarize(rs.map((r) => r.kl));
    const mean = (f: (r: HalderRelativeResult) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    return {
      N, x: N / d,
      kl: wilsonInterval(rs.filter((r) => r.kl > 0).length, rs.length),
      ...(params.l2 ? { l2: wilsonInterval(rs.filter((r) => r.l2Sign > 0).length, rs.length) } : {}),
      klMean: kl.mean, klMeanSE: kl.se, mcSE: mean((r) => r.klSE), lower: mean((r) => r.lower), upper: mean((r) => r.upper),
      individualMedian: halderSummarize(rs.map((r) => r.individual)).median,
    };
  });
  const xs = rows.map((r) => r.x);
  const outcomes = grid.map((N) => records.filter((r) => r.N === N).map((r) => r.kl > 0));
  const boot = bootstrapCrossing(xs, outcomes, rng(params.seed).fork("bootstrap").fork(d), 200);
  const insideBracket = records.filter((r) => r.kl >= r.lower - 4 * r.klSE && r.kl <= r.upper + 4 * r.klSE).length;
  return {
    params, rows, records, insideBracket,
    crossingKl: transitionCrossing(xs, rows.map((r) => r.kl.estimate)),
    crossingKlSE: boot.standardError,
    crossingL2: params.l2 ? transitionCrossing(xs, rows.map((r) => r.l2!.estimate)) : undefined,
    firstCrossingL2: params.l2 ? firstCrossing(xs, rows.map((r) => r.l2!.estimate)) : undefined,
  };
}

const fmt = (x: number | undefined) => (x === undefined ? "undefined" : Number.isFinite(x) ? x.toPrecision(3) : String(x));

/** P̂(Δ_KL > 0) at grid point N (throws if N is not on the grid). */
function probabilityAt(data: HalderTransitionData, N: number): WilsonInterval {
  const row = data.rows.find((r) => r.N === N);
  if (!row) throw new Error(`N = ${N} is not on the grid of d = ${data.params.d}`);
  return row.kl;
}

/** The sweeps behind H-F2's claims: the live d = 20 run, and the full M = 10⁴ sweeps when cached. */
export interface HalderTransitionClaimInputs {
  /** d = 20, M = 2000, live */
  live: HalderTransitionData;
  /** d = 100 spot check (N ∈ {25, 200, 1000}), live, used for H-C6 when the full d = 100 sweep is absent */
  spot?: HalderTransitionData;
  /** full sweeps at M = 10⁴, keyed by d */
  full?: Partial<Record<number, HalderTransitionData>>;
}

/** Claims H-C6 to H-C8. H-C7 and H-C8 need the full M = 10⁴ sweeps; without them they are not produced. */
export function halderTransitionClaims(inputs: HalderTransitionClaimInputs): Claim[] {
  const paper = "Halder";
  const claims: Claim[] = [];
  const c6 = (data: HalderTransitionData, label: string) => {
    const d = data.params.d;
    const lo = probabilityAt(data, Math.round(d / 4));
    const hi = probabilityAt(data, 10 * d);
    claims.push(
      checkClaim({
        id: `H-C6 (d = ${d}, N = d/4)`, paper, statement: `Canonical model: P̂(Δ_KL > 0) ≤ 0.05 at N = d/4 = ${Math.round(d / 4)}`,
        measured: lo.estimate, expected: 0.05, comparison: "<=",
        note: `${label}; ${lo.n} training sets, Wilson 95% [${fmt(lo.lower)}, ${fmt(lo.upper)}]`,
      }),
      checkClaim({
        id: `H-C6 (d = ${d}, N = 10d)`, paper, statement: `Canonical model: P̂(Δ_KL > 0) ≥ 0.95 at N = 10d = ${10 * d}`,
        measured: hi.estimate, expected: 0.95, comparison: ">=",
        note: `${label}; ${hi.n} training sets, Wilson 95% [${fmt(hi.lower)}, ${fmt(hi.upper)}]`,
      }),
    );
  };
  const full = inputs.full ?? {};
  c6(inputs.live, `live, M = ${inputs.live.params.M}`);
  if (full[100]) c6(full[100], "cached full sweep, M = 10⁴");
  else if (inputs.spot) c6(inputs.spot, `live spot check, M = ${inputs.spot.params.M}`);
  const ds = [20, 50, 100].filter((d) => full[d]);
  for (const d of ds) {
    const data = full[d]!;
    const x = data.crossingKl;
    claims.push(checkClaim({
      id: `H-C7 (d = ${d})`, paper, statement: `The transition lies in the fall phase: N*/d ∈ (1, 3) at d = ${d}, M = 10⁴`,
      measured: x ?? NaN, expected: 2, tolerance: 1, comparison: "abs",
      note: `N*/d = ${fmt(x)} ± ${fmt(data.crossingKlSE)} (bootstrap SE); N*_L2/d = ${fmt(data.crossingL2)}`,
    }));
  }
  if (ds.length === 3) {
    const xs = ds.map((d) => full[d]!.crossingKl ?? NaN);
    const ratio = Math.max(...xs) / Math.min(...xs);
    const m2000 = inputs.live.params.d === 20 ? inputs.live.crossingKl : undefined;
    claims.push(checkClaim({
      id: "H-C8", paper, statement: "The transition scale is proportional to d: max/min of N*/d over d ∈ {20, 50, 100} is below 2",
      measured: ratio, expected: 2, comparison: "<=",
      note: `N*/d = ${xs.map(fmt).join(", ")} for d = 20, 50, 100 (M = 10⁴); at d = 20, M = 2000 gives N*/d = ${fmt(m2000)} against ${fmt(xs[0])} at M = 10⁴`,
    }));
  }
  return claims;
}

const COLORS: Record<number, string> = { 20: "#1f77b4", 50: "#2ca02c", 100: "#d62728" };

/**
 * The H-F2 figure: P̂(Δ > 0) with Wilson bands against N/d for each sweep (KL solid, L2 dashed), the median
 * individual KL on a right axis, N ≤ d shaded "KL = ∞", N* marked; a slider picks the sweep (one per d).
 */
export function halderTransitionFigure(sweeps: readonly { label: string; data: HalderTransitionData }[]): FigureResult<readonly { label: string; data: HalderTransitionData }[]> {
  const traces: Trace[] = [];
  const owner: number[] = [];
  sweeps.forEach(({ label, data }, s) => {
    const color = COLORS[data.params.d] ?? "#9467bd";
    const x = data.rows.map((r) => r.x);
    const add = (t: Trace) => {
      traces.push(t);
      owner.push(s);
    };
    add({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...data.rows.map((r) => r.kl.upper), ...[...data.rows].reverse().map((r) => r.kl.lower)], fill: "toself", fillcolor: color + "33", line: { width: 0 }, name: "Wilson 95% (KL)", legendgroup: "kl", hoverinfo: "skip" });
    add({ type: "scatter", mode: "lines+markers", x, y: data.rows.map((r) => r.kl.estimate), name: "P̂(Δ_KL > 0)", legendgroup: "kl", line: { color, width: 2 }, marker: { color } });
    if (data.params.l2) {
      add({ type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...data.rows.map((r) => r.l2!.upper), ...[...data.rows].reverse().map((r) => r.l2!.lower)], fill: "toself", fillcolor: "#88888833", line: { width: 0 }, name: "Wilson 95% (L2)", legendgroup: "l2", hoverinfo: "skip" });
      add({ type: "scatter", mode: "lines+markers", x, y: data.rows.map((r) => r.l2!.estimate), name: "P̂(Δ_L2 > 0)", legendgroup: "l2", line: { color: "#444", dash: "dash" }, marker: { symbol: "square-open", color: "#444" } });
    }
    add({ type: "scatter", mode: "lines+markers", x, y: data.rows.map((r) => (Number.isFinite(r.individualMedian) ? r.individualMedian : null)), name: "median KL(p_G‖p) (right axis; ∞ for N ≤ d)", line: { color: "#9467bd", dash: "dot" }, marker: { symbol: "diamond" }, yaxis: "y2" });
    if (data.crossingKl !== undefined) {
      add({ type: "scatter", mode: "markers+text", x: [data.crossingKl], y: [0.5], text: [`N*/d = ${data.crossingKl.toFixed(2)}`], textposition: "top left", marker: { symbol: "star", size: 14, color: "black" }, name: "N* (KL)" });
    }
  });
  const visible = (s: number) => owner.map((o) => o === s);
  const steps = sweeps.map(({ label, data }, s) => ({
    label,
    method: "update",
    args: [{ visible: visible(s) }, { title: { text: `H-F2: P(Δ > 0) against N/d, ${label} (d = ${data.params.d}, M = ${data.params.M}, ${data.params.sets} training sets per N)` } }],
  }));
  const first = sweeps[0]?.data;
  traces.forEach((t, i) => (t.visible = owner[i] === 0));
  const xmax = Math.max(...sweeps.map((s) => s.data.rows[s.data.rows.length - 1].x));
  const xmin = Math.min(...sweeps.map((s) => s.data.rows[0].x));
  const figure = {
    id: "H-F2",
    data: traces,
    layout: {
      title: { text: first ? `H-F2: P(Δ > 0) against N/d, ${sweeps[0].label} (d = ${first.params.d}, M = ${first.params.M}, ${first.params.sets} training sets per N)` : "H-F2" },
      width: 1050, height: 560,
      xaxis: { type: "log", title: { text: "N / d" }, range: [Math.log10(xmin) - 0.05, Math.log10(xmax) + 0.05] },
      yaxis: { title: { text: "P̂(Δ > 0)" }, range: [-0.03, 1.03] },
      yaxis2: { type: "log", overlaying: "y", side: "right", title: { text: "median KL(p_G‖p)" }, showgrid: false, tickformat: "~g" },
      shapes: [
        { type: "rect", xref: "x", yref: "paper", x0: xmin / 1.2, x1: 1, y0: 0, y1: 1, fillcolor: "#bbbbbb", opacity: 0.25, line: { width: 0 } },
        { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { color: "#888", dash: "dot", width: 1 } },
      ],
      annotations: [{ text: "N ≤ d: KL = ∞", xref: "x", yref: "paper", x: Math.log10(Math.sqrt(xmin)), y: 0.98, showarrow: false }],
      sliders: sweeps.length > 1 ? [{ active: 0, steps, currentvalue: { prefix: "sweep: " }, pad: { t: 50 } }] : [],
      legend: { x: 1.12, y: 1, xanchor: "left", font: { size: 11 } },
      margin: { r: 280, b: 120 },
    },
  };
  return { data: sweeps, figure };
}
