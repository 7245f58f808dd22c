/**
 * H-F7: sanity anchors and the bandwidth rule (Halder §4 H-F7, claim H-C12).
 * (a) P̂(Δ_KL > 0) for two generators whose answer is known (§3 item 11): the memorizer p_G = K_train (must give
 *     Δ < 0, memorization, at every N) and the oracle p_G = p (must give Δ > 0, generalization, at every N);
 * (b) the canonical model under the `fixed` bandwidth ε² = g(1 − e^(−2T)) (one ε for both kernels) against the
 *     code's `rule` ε = σ n^(−1/d), with whether P̂ is monotone in N under each.
 * Every other Halder figure uses the rule (the code's choice); (b) shows how much the transition depends on it.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { DomainError, requireInteger } from "../../core/validate.js";
import { wilsonInterval, type WilsonInterval } from "../../memorization/transition.js";
import type { KernelBandwidthRule } from "../../memorization/kernel.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { compareHalderRecords, readHalderCache, type HalderSliceCheck } from "./cache.js";
import { H_F2_FULL, halderTransitionFromRecords, halderTransitionParams, halderTransitionTasks, type HalderTransitionData, type HalderTransitionResolved } from "./h-f2.js";
import { halderModel, type HalderModel } from "./realization.js";
import { defaultThreads } from "../../core/parallel.js";
import { runHalderTasks } from "./sweep.js";
import { halderKernelOptions, halderReference, type HalderAnchorKind, type HalderAnchorResult, type HalderAnchorTask, type HalderRelativeResult } from "./tasks.js";

/** Panel (a): d = 20, M = 2000, N ∈ {5, 20, 80, 320}, 100 training sets (spec). */
export const H_F7_ANCHOR_GRID: readonly number[] = [5, 20, 80, 320];

/** Resolved parameters of the anchor panel. */
export interface HalderAnchorParams {
  d: number;
  grid: number[];
  sets: number;
  M: number;
  nMc: number;
  bandwidth: KernelBandwidthRule;
  model: HalderModel;
  seed: number;
}

/** One anchor at one N: P̂(Δ_KL > 0) with its Wilson interval, and the mean Δ_KL ± SE across training sets. */
export interface HalderAnchorRow {
  N: number;
  x: number;
  p: WilsonInterval;
  mean: number;
  se: number;
  /** largest and smallest Δ_KL over the training sets */
  max: number;
  min: number;
}

export interface HalderAnchorData {
  params: HalderAnchorParams;
  memorizer: HalderAnchorRow[];
  oracle: HalderAnchorRow[];
  records: HalderAnchorResult[];
}

/** Defaults: d = 20, the grid {5, 20, 80, 320}, 100 training sets, M = 2000, n_mc = 200, rule bandwidth, seed 1. */
export function halderAnchorParams(p: Partial<Omit<HalderAnchorParams, "model">> & { model?: Partial<HalderModel> } = {}): HalderAnchorParams {
  const grid = [...(p.grid ?? H_F7_ANCHOR_GRID)].map((N) => requireInteger("grid", N, 2));
  if (grid.length === 0) throw new DomainError("grid", "must hold at least one N");
  const bandwidth = p.bandwidth ?? "rule";
  if (bandwidth !== "rule" && bandwidth !== "fixed") throw new DomainError("bandwidth", `must be "rule" or "fixed"; got ${String(bandwidth)}`);
  return {
    d: requireInteger("d", p.d ?? 20, 1, 10000),
    grid,
    sets: requireInteger("sets", p.sets ?? 100, 1),
    M: requireInteger("M", p.M ?? 2000, 2, 1e6),
    nMc: requireInteger("nMc", p.nMc ?? 200, 2),
    bandwidth,
    model: halderModel(p.model),
    seed: requireInteger("seed", p.seed ?? 1, 0, 2 ** 32 - 1),
  };
}

/** The tasks of the anchor panel: both generators at every (N, training set). */
export function halderAnchorTasks(params: HalderAnchorParams): HalderAnchorTask[] {
  const tasks: HalderAnchorTask[] = [];
  for (const generator of ["memorizer", "oracle"] as HalderAnchorKind[]) {
    for (const N of params.grid) {
      for (let rep = 0; rep < params.sets; rep++) {
        tasks.push({ kind: "anchor", seed: params.seed, d: params.d, N, rep, model: params.model, generator, nMc: params.nMc, bandwidth: params.bandwidth });
      }
    }
  }
  return tasks;
}

/** Summarises anchor records per generator and N. */
export function halderAnchorFromRecords(params: HalderAnchorParams, records: HalderAnchorResult[]): HalderAnchorData {
  const rows = (g: HalderAnchorKind) => params.grid.map((N) => {
    const kl = records.filter((r) => r.generator === g && r.N === N).map((r) => r.kl);
    const n = kl.length;
    if (n === 0) throw new DomainError("records", `hold no ${g} record at N = ${N}`);
    const mean = kl.reduce((s, v) => s + v, 0) / n;
    const sd = n > 1 ? Math.sqrt(kl.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
    return { N, x: N / params.d, p: wilsonInterval(kl.filter((v) => v > 0).length, n), mean, se: sd / Math.sqrt(n), max: Math.max(...kl), min: Math.min(...kl) };
  });
  return { params, memorizer: rows("memorizer"), oracle: rows("oracle"), records };
}

/** Runs the anchor panel live (the spec's parameters by default: 800 realizations of Δ_KL at d = 20, M = 2000). */
export async function halderAnchorData(p: Parameters<typeof halderAnchorParams>[0] = {}, workers = defaultThreads()): Promise<HalderAnchorData> {
  const params = halderAnchorParams(p);
  const reference = halderReference(params.seed, params.d, params.M, params.model, params.bandwidth, false);
  const records = await runHalderTasks<HalderAnchorResult>(halderAnchorTasks(params), { workers, references: [reference] });
  return halderAnchorFromRecords(params, records);
}

/** Panel (b): the sweep of one bandwidth choice at d = 20 (H-F2's grid, 60 training sets, M = 2000, both metrics). */
export function halderBandwidthParams(bandwidth: KernelBandwidthRule): HalderTransitionResolved {
  return halderTransitionParams({ d: 20, grid: H_F2_FULL[20].grid, sets: 60, M: 2000, l2: true, seed: 1, bandwidth });
}

/** Cache file name of panel (b) under a bandwidth choice. */
export function halderBandwidthCacheName(bandwidth: KernelBandwidthRule): string {
  if (bandwidth !== "rule" && bandwidth !== "fixed") throw new DomainError("bandwidth", `must be "rule" or "fixed"; got ${String(bandwidth)}`);
  return `h-f7-${bandwidth}-d20`;
}

/** Runs panel (b) live for one bandwidth choice. */
export async function halderBandwidthData(bandwidth: KernelBandwidthRule, workers = defaultThreads()): Promise<HalderTransitionData> {
  const params = halderBandwidthParams(bandwidth);
  const reference = halderReference(params.seed, params.d, params.M, params.model, params.bandwidth, params.l2);
  const records = await runHalderTasks<HalderRelativeResult>(halderTransitionTasks(params), { workers, references: [reference] });
  return halderTransitionFromRecords(params, records);
}

/** Panel (b) under a bandwidth choice from its cache, or undefined when absent or stale. */
export function halderBandwidthFromCache(bandwidth: KernelBandwidthRule): HalderTransitionData | undefined {
  const params = halderBandwidthParams(bandwidth);
  const c = readHalderCache<HalderRelativeResult>(halderBandwidthCacheName(bandwidth), params);
  return c ? halderTransitionFromRecords(params, c.records) : undefined;
}

/**
 * Re-runs a live slice of a cached panel-(b) sweep (the given N, the first `sets` training sets, both metrics and
 * the bracket) and compares every number with the cache.
 */
export async function halderBandwidthSlice(data: HalderTransitionData, grid: readonly number[], sets: number, workers = defaultThreads()): Promise<HalderSliceCheck> {
  const t0 = Date.now();
  const params = data.params;
  const reference = halderReference(params.seed, params.d, params.M, params.model, params.bandwidth, params.l2);
  const records = await runHalderTasks<HalderRelativeResult>(halderTransitionTasks(params, grid, sets), { workers, references: [reference] });
  return compareHalderRecords(records, data.records, (Date.now() - t0) / 1000);
}

/** Monotonicity of P̂ along a grid. */
export interface HalderMonotonicity {
  /** no decrease at all between consecutive grid points */
  monotone: boolean;
  /** grid steps where P̂ decreases */
  decreases: { from: number; to: number; drop: number }[];
  /** decreases whose Wilson 95% intervals do not overlap (a drop beyond the binomial noise) */
  significant: number;
}

/**
 * Whether P̂ is non-decreasing in N (Halder §4 H-F7 (b)): every decrease between consecutive grid points, and how
 * many of them are significant (the later upper Wilson bound below the earlier lower bound).
 */
export function halderMonotonicity(rows: readonly { N: number; p: WilsonInterval }[]): HalderMonotonicity {
  const decreases: HalderMonotonicity["decreases"] = [];
  let significant = 0;
  for (let j = 1; j < rows.length; j++) {
    const a = rows[j - 1].p;
    const b = rows[j].p;
    if (b.estimate < a.estimate) {
      decreases.push({ from: rows[j - 1].N, to: rows[j].N, drop: a.estimate - b.estimate });
      if (b.upper < a.lower) significant++;
    }
  }
  return { monotone: decreases.length === 0, decreases, significant };
}

/** The two bandwidths of panel (b) in the paper configuration: ε_fixed and the rule's ε at the reference size M. */
export function halderBandwidthValues(model: HalderModel = halderModel(), d = 20, M = 2000): { fixed: number; ruleAt: (n: number) => number; M: number } {
  const fixed = halderKernelOptions("fixed", model).epsilon!;
  return { fixed, ruleAt: (n: number) => model.sigma * n ** (-1 / d), M };
}

const COLORS = { memorizer: "#d62728", oracle: "#2ca02c", rule: "#1f77b4", fixed: "#ff7f0e" };

/**
 * The H-F7 figure. (a) P̂(Δ_KL > 0) of the memorizer and the oracle against N/d with Wilson bands (mean Δ_KL ± SE
 * in the hover); (b) P̂(Δ > 0) of the canonical model against N/d under the rule and the fixed bandwidth, Δ_KL solid
 * and Δ_L2 dashed, N ≤ d shaded.
 */
export function halderSanityFigure(anchors: HalderAnchorData, rule: HalderTransitionData, fixed: HalderTransitionData): FigureResult<{ anchors: HalderAnchorData; rule: HalderTransitionData; fixed: HalderTransitionData }> {
  const traces: Trace[] = [];
  const band = (x: number[], ps: WilsonInterval[], color: string, xa: string, ya: string): Trace => ({
    type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...ps.map((p) => p.upper), ...[...ps].reverse().map((p) => p.lower)],
    fill: "toself", fillcolor: color + "33", line: { width: 0 }, hoverinfo: "skip", showlegend: false, xaxis: xa, yaxis: ya,
  });
  for (const g of ["memorizer", "oracle"] as const) {
    const rows = anchors[g];
    const x = rows.map((r) => r.x);
    traces.push(band(x, rows.map((r) => r.p), COLORS[g], "x", "y"), {
      type: "scatter", mode: "lines+markers", x, y: rows.map((r) => r.p.estimate), name: `(a) ${g === "memorizer" ? "memorizer p_G = K_train" : "oracle p_G = p"}`,
      line: { color: COLORS[g], width: 2 }, marker: { color: COLORS[g], size: 9 }, xaxis: "x", yaxis: "y",
      text: rows.map((r) => `N = ${r.N}: P̂ = ${r.p.estimate.toFixed(2)}; mean Δ_KL = ${r.mean.toFixed(2)} ± ${r.se.toFixed(2)} (range ${r.min.toFixed(2)} … ${r.max.toFixed(2)})`), hoverinfo: "text",
    });
  }
  for (const [name, s] of [["rule", rule], ["fixed", fixed]] as const) {
    const x = s.rows.map((r) => r.x);
    const c = COLORS[name];
    const label = name === "rule" ? "rule ε = σ n^(−1/d)" : `fixed ε² = g(1 − e^(−2T)) = ${halderKernelOptions("fixed", s.params.model).epsilon!.toFixed(5)}²`;
    traces.push(
      band(x, s.rows.map((r) => r.kl), c, "x2", "y2"),
      { type: "scatter", mode: "lines+markers", x, y: s.rows.map((r) => r.kl.estimate), name: `(b) ${label}: Δ_KL`, line: { color: c, width: 2 }, marker: { color: c }, xaxis: "x2", yaxis: "y2" },
      { type: "scatter", mode: "lines+markers", x, y: s.rows.map((r) => r.l2!.estimate), name: `(b) ${label}: Δ_L2`, line: { color: c, dash: "dash" }, marker: { color: c, symbol: "square-open" }, xaxis: "x2", yaxis: "y2" },
    );
  }
  const p = anchors.params;
  const layout = {
    title: { text: "H-F7: sanity anchors (a) and the bandwidth rule (b)" },
    width: 1150, height: 540,
    xaxis: { type: "log", title: { text: `(a) N / d   (d = ${p.d}, M = ${p.M}, ${p.sets} training sets per N)` }, domain: [0, 0.44], anchor: "y" },
    yaxis: { title: { text: "P̂(Δ_KL > 0)" }, range: [-0.03, 1.03], anchor: "x" },
    xaxis2: { type: "log", title: { text: `(b) N / d   (canonical model, d = ${rule.params.d}, M = ${rule.params.M}, ${rule.params.sets} training sets per N)` }, domain: [0.54, 1], anchor: "y2" },
    yaxis2: { title: { text: "P̂(Δ > 0)" }, range: [-0.03, 1.03], anchor: "x2" },
    shapes: [
      { type: "rect", xref: "x2", yref: "y2 domain", x0: rule.rows[0].x / 1.1, x1: 1, y0: 0, y1: 1, fillcolor: "#bbbbbb", opacity: 0.25, line: { width: 0 } },
      { type: "line", xref: "x2 domain", yref: "y2", x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { color: "#888", dash: "dot", width: 1 } },
      { type: "line", xref: "x domain", yref: "y", x0: 0, x1: 1, y0: 0.9, y1: 0.9, line: { color: COLORS.oracle, dash: "dot", width: 1 } },
    ],
    annotations: [
      { text: "N ≤ d: KL(p_G‖p) = ∞", xref: "x2", yref: "y2 domain", x: Math.log10(Math.sqrt(rule.rows[0].x / 1.1)), y: 0.97, showarrow: false },
      { text: "oracle threshold 0.9 (H-C12)", xref: "x domain", yref: "y", x: 0.02, y: 0.86, showarrow: false, xanchor: "left", font: { size: 10 } },
    ],
    legend: { orientation: "h", x: 0, y: -0.2 },
    margin: { b: 150 },
  };
  return { data: { anchors, rule, fixed }, figure: { id: "H-F7", data: traces, layout } };
}

/**
 * H-C12 (the relative distance passes sanity anchors): the memorizer has P̂(Δ_KL > 0) = 0 at every N (measured:
 * the largest P̂ over the grid) and the oracle has P̂ ≥ 0.9 at every N (measured: the smallest). The monotonicity of
 * P̂ under each bandwidth (panel (b)) is reported in a note-only record of H-C12's context, not a spec claim.
 */
export function halderSanityClaims(anchors: HalderAnchorData): Claim[] {
  const paper = "Halder";
  const p = anchors.params;
  const worstMem = anchors.memorizer.reduce((a, r) => (r.p.estimate > a.p.estimate ? r : a));
  const worstOra = anchors.oracle.reduce((a, r) => (r.p.estimate < a.p.estimate ? r : a));
  const list = (rows: HalderAnchorRow[]) => rows.map((r) => `N = ${r.N}: P̂ = ${r.p.estimate.toFixed(2)}, mean Δ_KL = ${r.mean.toFixed(2)} ± ${r.se.toFixed(2)}`).join("; ");
  return [
    checkClaim({
      id: "H-C12 (memorizer)", paper, statement: `The memorizer p_G = K_train has P̂(Δ_KL > 0) = 0 at every N ∈ {${p.grid.join(", ")}} (d = ${p.d})`,
      measured: worstMem.p.estimate, expected: 0, tolerance: 0, comparison: "abs",
      note: `largest P̂ over the grid (at N = ${worstMem.N}); ${list(anchors.memorizer)}; ${p.sets} training sets per N, M = ${p.M}, n_mc = ${p.nMc}, ${p.bandwidth} bandwidth`,
    }),
    checkClaim({
      id: "H-C12 (oracle)", paper, statement: `The oracle p_G = p has P̂(Δ_KL > 0) ≥ 0.9 at every N ∈ {${p.grid.join(", ")}} (d = ${p.d})`,
      measured: worstOra.p.estimate, expected: 0.9, comparison: ">=",
      note: `smallest P̂ over the grid (at N = ${worstOra.N}, Wilson 95% [${worstOra.p.lower.toFixed(3)}, ${worstOra.p.upper.toFixed(3)}]); ${list(anchors.oracle)}`,
    }),
  ];
}

/** Cache file of the anchor panel at the spec's parameters. */
export const H_F7_ANCHOR_CACHE = "h-f7-anchors-d20";

/** The anchor panel at the spec's parameters from its cache, or undefined when absent or stale. */
export function halderAnchorFromCache(): HalderAnchorData | undefined {
  const params = halderAnchorParams();
  const c = readHalderCache<HalderAnchorResult>(H_F7_ANCHOR_CACHE, params);
  return c ? halderAnchorFromRecords(params, c.records) : undefined;
}

/** Compares anchor records with cached ones, matched by (generator, N, training set): see {@link compareHalderRecords}. */
export function compareHalderAnchorRecords(live: readonly HalderAnchorResult[], cached: readonly HalderAnchorResult[], seconds = 0): HalderSliceCheck {
  let m = 0;
  for (const g of ["memorizer", "oracle"] as HalderAnchorKind[]) {
    m = Math.max(m, compareHalderRecords(live.filter((r) => r.generator === g), cached.filter((r) => r.generator === g)).maxRelativeDifference);
  }
  return { compared: live.length, maxRelativeDifference: m, seconds };
}

/** Re-runs a live slice of the anchor panel (the given N, the first `sets` training sets, both generators) against `data`. */
export async function halderAnchorSlice(data: HalderAnchorData, grid: readonly number[], sets: number, workers = defaultThreads()): Promise<HalderSliceCheck> {
  const t0 = Date.now();
  const live = await halderAnchorData({ ...data.params, grid: [...grid], sets }, workers);
  return compareHalderAnchorRecords(live.records, data.records, (Date.now() - t0) / 1000);
}
