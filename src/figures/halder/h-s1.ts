/**
 * H-S1 (stretch, Halder §4 H-S1, claims H-C16 and H-C17): a small nonlinear DDPM trained on N points of an isotropic
 * Gaussian, judged by the relative distance Δ_KL of its samples, the KL of a Gaussian fitted to them and the
 * nearest-neighbour memorization fraction, against N and the training budget S. This module turns per-model records
 * (from the cache written by data/halder/generate-h-s1.mjs, or from a live run) into curves, a figure and claims.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { DomainError } from "../../core/validate.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { halderDataDir, halderRelativeGap, readHalderCache, writeHalderCache, type HalderCache } from "./cache.js";
import {
  halderSampleMetrics, halderStretchMemorizer, halderStretchOracle, halderStretchStream, halderStretchTrainingSet,
  type HalderSampleMetrics, type HalderStretchDesign,
} from "./h-s1-metrics.js";
import type { KernelApproximation } from "../../memorization/kernel.js";
import { nearestDistances } from "../../memorization/nearest.js";
import type { Matrix } from "ml-matrix";

/** What produced a record: the trained DDPM, or a stand-in generator. */
export type HalderStretchKind = "ddpm" | "memorizer" | "oracle";

/** Training facts of a DDPM record. */
export interface HalderStretchTraining {
  /** the seed handed to the trainer (initialisation, minibatch indices, times and noise) */
  modelSeed: number;
  /** mean of the recorded DDPM losses over the last 10% of the steps */
  finalLoss: number;
  /** SHA-256 (hex) of the trained float32 weights ({@link mlpWeightsHash}): equal hashes mean bit-identical networks */
  weightsHash: string;
  /** wall time of training and sampling, seconds (not part of any comparison) */
  seconds: number;
}

/** One model (or stand-in) at one (N, rep, S): its sample metrics. */
export interface HalderStretchRecord extends HalderSampleMetrics {
  kind: HalderStretchKind;
  N: number;
  rep: number;
  /** Adam steps S (0 for stand-ins) */
  steps: number;
  training?: HalderStretchTraining;
}

/** One task of the sweep. */
export interface HalderStretchTask {
  kind: HalderStretchKind;
  N: number;
  rep: number;
  steps: number;
}

/**
 * Every task of the full design, in the order the regenerating script runs them: the DDPM at the main S (every N and
 * rep), the stand-ins (memorizer, oracle), then the budget variants in increasing S (at the budget grid's N,
 * largest first). The essential curve comes first,
 * so an interrupted run (the script resumes from its partial file) has it.
 */
export function halderStretchTasks(p: HalderStretchDesign): HalderStretchTask[] {
  const budgets = [p.steps, ...[...new Set(p.budgets)].filter((s) => s !== p.steps).sort((a, b) => a - b)];
  const out: HalderStretchTask[] = [];
  const ddpm = (steps: number, grid: readonly number[]) => {
    for (const N of grid) for (let rep = 0; rep < p.seeds; rep++) out.push({ kind: "ddpm", N, rep, steps });
  };
  ddpm(budgets[0], p.grid);
  for (const kind of ["memorizer", "oracle"] as const) for (const N of p.grid) for (let rep = 0; rep < p.seeds; rep++) out.push({ kind, N, rep, steps: 0 });
  // budget variants: largest N first (the point just above the transition sits at the top of the default list)
  for (const steps of budgets.slice(1)) ddpm(steps, [...(p.budgetGrid ?? p.grid)].sort((a, b) => b - a));
  return out;
}

/**
 * The record of a stand-in generator at (N, rep): the memorizer resamples the training set itself, the oracle draws
 * fresh points of p; n_gen samples each, from the streams ("memorizer" | "oracle", N, rep).
 */
export function halderStretchAnchorRecord(p: HalderStretchDesign, ref: KernelApproximation, kind: "memorizer" | "oracle", N: number, rep: number): HalderStretchRecord {
  const train = halderStretchTrainingSet(p, N, rep);
  const stream = halderStretchStream(p, kind, N, rep);
  const samples = kind === "memorizer" ? halderStretchMemorizer(train, stream, p.nGen) : halderStretchOracle(p, stream, p.nGen);
  return { kind, N, rep, steps: 0, ...halderSampleMetrics(samples, train, ref, p) };
}

/** The cache file of the stretch. */
export const H_S1_CACHE = "h-s1";
/** The script that regenerates it. */
export const H_S1_SCRIPT = "data/halder/generate-h-s1.mjs";

/** The stretch cache as stored on disk: a {@link HalderCache} that also names the TensorFlow.js backend. */
export type HalderStretchCache = HalderCache<HalderStretchRecord> & { params: HalderStretchDesign; backend: string };

/** Writes the stretch cache (records sorted by kind, S, N, rep) as data/halder/h-s1.json (or `dir`). */
export function writeHalderStretchCache(p: HalderStretchDesign, records: readonly HalderStretchRecord[], meta: { seconds: number; workers: number; backend: string }, dir = halderDataDir()): string {
  const order: HalderStretchKind[] = ["ddpm", "memorizer", "oracle"];
  const sorted = [...records].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.steps - b.steps || a.N - b.N || a.rep - b.rep);
  return writeHalderCache(H_S1_CACHE, p, sorted, { script: H_S1_SCRIPT, ...meta }, dir);
}

/** The stretch cache when it exists and its parameter hash matches `p`; undefined otherwise. */
export function readHalderStretchCache(p: HalderStretchDesign, dir = halderDataDir()): HalderStretchCache | undefined {
  return readHalderCache<HalderStretchRecord>(H_S1_CACHE, p, dir) as HalderStretchCache | undefined;
}

/** The numbers of a record that a seed fixes (everything but wall times). */
export function halderStretchDeterministic(r: HalderStretchRecord): Omit<HalderStretchRecord, "training"> & { training?: Omit<HalderStretchTraining, "seconds"> } {
  const { training, ...rest } = r;
  if (!training) return rest;
  const { seconds: _s, ...t } = training;
  return { ...rest, training: t };
}

/** Largest relative difference between the seed-fixed numbers of two records (0: bit for bit; Infinity if a hash or key differs). */
export function halderStretchRecordGap(a: HalderStretchRecord, b: HalderStretchRecord): number {
  return halderRelativeGap(halderStretchDeterministic(a), halderStretchDeterministic(b));
}

/** One point of a curve: the records of one (kind, S, N) over the seeds. */
export interface HalderStretchPoint {
  N: number;
  /** per-seed Δ_KL (nats), in rep order */
  deltas: number[];
  /** per-seed Monte Carlo SE of Δ_KL over the n_gen samples */
  deltaSEs: number[];
  /** mean Δ_KL over the seeds */
  delta: number;
  /** SE of that mean across seeds (sd/√seeds; 0 for one seed) */
  deltaSE: number;
  fittedKl: number[];
  /** mean fitted-Gaussian KL over the seeds (Infinity if any is) */
  fittedKlMean: number;
  memorized: number[];
  memorizedMean: number;
  /** mean final training loss (DDPM records only) */
  finalLoss?: number;
}

/** A curve against N: one kind at one S. */
export interface HalderStretchCurve {
  kind: HalderStretchKind;
  steps: number;
  points: HalderStretchPoint[];
}

/** Everything the figure and the claims need. */
export interface HalderStretchData {
  design: HalderStretchDesign;
  /** DDPM curves, S ascending */
  ddpm: HalderStretchCurve[];
  memorizer?: HalderStretchCurve;
  oracle?: HalderStretchCurve;
}

const mean = (xs: readonly number[]) => (xs.some((x) => x === Infinity) ? Infinity : xs.reduce((s, x) => s + x, 0) / xs.length);
const seAcross = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

function curveOf(p: HalderStretchDesign, records: readonly HalderStretchRecord[], kind: HalderStretchKind, steps: number): HalderStretchCurve | undefined {
  const mine = records.filter((r) => r.kind === kind && r.steps === steps);
  if (mine.length === 0) return undefined;
  const points: HalderStretchPoint[] = [];
  for (const N of p.grid) {
    const rs = mine.filter((r) => r.N === N).sort((a, b) => a.rep - b.rep);
    if (rs.length === 0) continue;
    const deltas = rs.map((r) => r.deltaKl);
    const losses = rs.map((r) => r.training?.finalLoss).filter((x): x is number => x !== undefined);
    points.push({
      N, deltas, deltaSEs: rs.map((r) => r.deltaKlSE), delta: mean(deltas), deltaSE: seAcross(deltas),
      fittedKl: rs.map((r) => r.fittedKl), fittedKlMean: mean(rs.map((r) => r.fittedKl)),
      memorized: rs.map((r) => r.memorizedFraction), memorizedMean: mean(rs.map((r) => r.memorizedFraction)),
      ...(losses.length ? { finalLoss: mean(losses) } : {}),
    });
  }
  return { kind, steps, points };
}

/** Groups records into curves (DDPM per S, memorizer, oracle). @throws {DomainError} no DDPM record at all */
export function halderStretchFromRecords(p: HalderStretchDesign, records: readonly HalderStretchRecord[]): HalderStretchData {
  const steps = [...new Set(records.filter((r) => r.kind === "ddpm").map((r) => r.steps))].sort((a, b) => a - b);
  if (steps.length === 0) throw new DomainError("records", "must hold at least one DDPM record");
  const ddpm = steps.map((s) => curveOf(p, records, "ddpm", s) as HalderStretchCurve);
  return { design: p, ddpm, memorizer: curveOf(p, records, "memorizer", 0), oracle: curveOf(p, records, "oracle", 0) };
}

/** The stretch's curves from its cache, or undefined when it is missing or stale. */
export function halderStretchFromCache(p: HalderStretchDesign): HalderStretchData | undefined {
  const c = readHalderStretchCache(p);
  return c ? halderStretchFromRecords(p, c.records) : undefined;
}

/** The DDPM curve at S steps. @throws {DomainError} when absent */
export function halderStretchCurve(data: HalderStretchData, steps: number): HalderStretchCurve {
  const c = data.ddpm.find((x) => x.steps === steps);
  if (!c) throw new DomainError("steps", `no DDPM curve at S = ${steps}; have ${data.ddpm.map((x) => x.steps).join(", ")}`);
  return c;
}

/** Sign changes of the mean Δ_KL along the grid, and the first N after the last upward one (the point "just above" the transition). */
export interface HalderStretchTransition {
  /** number of sign changes of the mean Δ_KL between neighbouring grid points (0 counts as its own sign) */
  signChanges: number;
  /** the first grid N with mean Δ_KL > 0 after the last point with mean Δ_KL ≤ 0 (undefined: never positive at the end) */
  above?: number;
  /** the last grid N with mean Δ_KL ≤ 0 (undefined: positive everywhere) */
  below?: number;
  /** log-linear interpolation of the zero crossing between `below` and `above` */
  crossing?: number;
}

/** Locates the transition of a curve (Halder §5 H-C16, H-C17). */
export function halderStretchTransition(curve: HalderStretchCurve): HalderStretchTransition {
  const pts = curve.points;
  let signChanges = 0;
  for (let i = 1; i < pts.length; i++) if (Math.sign(pts[i].delta) !== Math.sign(pts[i - 1].delta)) signChanges++;
  let last = -1;
  for (let i = 0; i < pts.length; i++) if (!(pts[i].delta > 0)) last = i;
  if (last === pts.length - 1) return { signChanges, below: pts[last].N };
  if (last === -1) return { signChanges, above: pts[0].N };
  const a = pts[last];
  const b = pts[last + 1];
  const t = a.delta / (a.delta - b.delta);
  return { signChanges, below: a.N, above: b.N, crossing: Math.exp(Math.log(a.N) + t * (Math.log(b.N) - Math.log(a.N))) };
}

const fmt = (x: number | undefined, p = 3) => (x === undefined ? "undefined" : Number.isFinite(x) ? x.toPrecision(p) : String(x));

/**
 * Claims of H-S1 (Halder §5), on the DDPM curve at the design's S and its budget variants:
 * - H-C16a: mean Δ_KL over seeds < 0 at the two smallest N; H-C16b: > 0 at the two largest N; H-C16c: exactly one
 *   sign change along the grid; H-C16d: the fitted-Gaussian KL at the largest N is below that at the smallest N. The
 *   memorization fraction is reported in H-C16a's and H-C16b's notes.
 * - H-C17: at the grid point just above the transition, Δ_KL(S = min budget) > Δ_KL(S = max budget) (means over
 *   seeds; checked as a difference ≥ 0, a tie having probability 0).
 */
export function halderStretchClaims(data: HalderStretchData): Claim[] {
  const paper = "Halder";
  const p = data.design;
  const main = halderStretchCurve(data, p.steps);
  const pts = main.points;
  if (pts.length < 4) throw new DomainError("data", "must hold at least 4 grid points of the main curve");
  const [s0, s1] = pts;
  const [l1, l0] = pts.slice(-2);
  const tr = halderStretchTransition(main);
  const mem = pts.map((q) => `N = ${q.N}: ${fmt(q.memorizedMean, 2)}`).join(", ");
  const claims: Claim[] = [
    checkClaim({
      id: "H-C16a", paper, statement: `A trained nonlinear DDPM memorizes at small N: the mean Δ_KL over seeds is negative at N = ${s0.N} and N = ${s1.N} (S = ${p.steps})`,
      measured: Math.max(s0.delta, s1.delta), expected: 0, comparison: "<=",
      note: `larger of the two means (nats); N = ${s0.N}: ${fmt(s0.delta)} (seeds ${s0.deltas.map((x) => fmt(x)).join(", ")}), N = ${s1.N}: ${fmt(s1.delta)} (seeds ${s1.deltas.map((x) => fmt(x)).join(", ")}); memorized fraction (1/3 ratio) ${mem}`,
    }),
    checkClaim({
      id: "H-C16b", paper, statement: `… and generalizes at large N: the mean Δ_KL is positive at N = ${l1.N} and N = ${l0.N} (S = ${p.steps})`,
      measured: Math.min(l1.delta, l0.delta), expected: 0, comparison: ">=",
      note: `smaller of the two means (nats); N = ${l1.N}: ${fmt(l1.delta)} (seeds ${l1.deltas.map((x) => fmt(x)).join(", ")}), N = ${l0.N}: ${fmt(l0.delta)} (seeds ${l0.deltas.map((x) => fmt(x)).join(", ")}); memorized fraction at N = ${l1.N}, ${l0.N}: ${fmt(l1.memorizedMean, 2)}, ${fmt(l0.memorizedMean, 2)}`,
    }),
    checkClaim({
      id: "H-C16c", paper, statement: `The mean Δ_KL changes sign exactly once along N ∈ {${p.grid.join(", ")}} (S = ${p.steps})`,
      measured: tr.signChanges, expected: 1, tolerance: 0, comparison: "abs",
      note: `means ${pts.map((q) => `${q.N}: ${fmt(q.delta)}`).join(", ")}; zero crossing between N = ${fmt(tr.below)} and ${fmt(tr.above)} (log-interpolated N ≈ ${fmt(tr.crossing)}, N/d ≈ ${fmt(tr.crossing === undefined ? undefined : tr.crossing / p.d)})`,
    }),
    checkClaim({
      id: "H-C16d", paper, statement: `The KL(N(m̂, Ĉ)‖p) of a Gaussian fitted to the samples is lower at the largest N (${l0.N}) than at the smallest (${s0.N})`,
      measured: l0.fittedKlMean, expected: s0.fittedKlMean, comparison: "<=",
      note: `means over seeds (nats), n_gen = ${p.nGen}; all N: ${pts.map((q) => `${q.N}: ${fmt(q.fittedKlMean)}`).join(", ")}${data.oracle ? `; fresh draws of p give ${fmt(mean(data.oracle.points.map((q) => q.fittedKlMean)))} (the n_gen sampling floor)` : ""}`,
    }),
  ];
  const budgets = data.ddpm.map((c) => c.steps);
  const lo = Math.min(...budgets);
  const hi = Math.max(...budgets);
  if (lo !== hi) {
    const target = tr.above ?? pts[pts.length - 1].N;
    // the budget variants may cover only part of the grid (design.budgetGrid): take the first of their N ≥ target
    const shared = halderStretchCurve(data, lo).points.map((q) => q.N).filter((n) => halderStretchCurve(data, hi).points.some((q) => q.N === n));
    const N = shared.find((n) => n >= target);
    if (N === undefined) throw new DomainError("data", `the budget variants S = ${lo}, ${hi} have no N ≥ ${target} (the point just above the transition)`);
    const a = halderStretchCurve(data, lo).points.find((q) => q.N === N);
    const b = halderStretchCurve(data, hi).points.find((q) => q.N === N);
    if (a && b) {
      claims.push(checkClaim({
        id: "H-C17", paper, statement: `Memorization grows with the training budget: just above the transition (N = ${N}), Δ_KL(S = ${lo}) > Δ_KL(S = ${hi})`,
        measured: a.delta - b.delta, expected: 0, comparison: ">=",
        note: `${tr.above === undefined ? "no upward crossing at S = " + p.steps + ": the largest N is used; " : N !== target ? `the first budget point at or above N = ${target}; ` : ""}Δ_KL(${lo}) = ${fmt(a.delta)} ± ${fmt(a.deltaSE, 2)} (seeds ${a.deltas.map((x) => fmt(x)).join(", ")}), Δ_KL(${hi}) = ${fmt(b.delta)} ± ${fmt(b.deltaSE, 2)} (seeds ${b.deltas.map((x) => fmt(x)).join(", ")}); SE across ${a.deltas.length} seeds; all budgets at N = ${N}: ${data.ddpm.map((c) => `S = ${c.steps}: ${fmt(c.points.find((q) => q.N === N)?.delta)}`).join(", ")}`,
      }));
    }
  }
  return claims;
}

/**
 * The H-S1 figure, four panels against N (log axis): (a) Δ_KL at the design's S, one marker per seed, the mean with
 * its across-seed SE, and the two stand-ins (memorizer, oracle); (b) the fitted-Gaussian KL (log axis) with the
 * oracle's sampling floor; (c) the memorized fraction; (d) the mean Δ_KL for every training budget S.
 */
export function halderStretchFigure(data: HalderStretchData): FigureResult<HalderStretchData> {
  const p = data.design;
  const main = halderStretchCurve(data, p.steps);
  const traces: Trace[] = [];
  const xs = (c: HalderStretchCurve) => c.points.map((q) => q.N);
  const anchorStyle = { memorizer: { color: "#7f7f7f", dash: "dot" }, oracle: { color: "#2ca02c", dash: "dash" } } as const;
  const anchors = [data.memorizer, data.oracle].filter((c): c is HalderStretchCurve => c !== undefined);
  // (a)
  for (let rep = 0; rep < p.seeds; rep++) {
    traces.push({ type: "scatter", mode: "markers", x: xs(main), y: main.points.map((q) => q.deltas[rep]), name: `seed ${rep}`, legendgroup: `seed${rep}`,
      marker: { symbol: rep === 0 ? "circle-open" : "square-open", size: 8, color: "#1f77b4" }, xaxis: "x", yaxis: "y",
      error_y: { type: "data", array: main.points.map((q) => 2 * q.deltaSEs[rep]), visible: true, thickness: 1 } });
  }
  traces.push({ type: "scatter", mode: "lines+markers", x: xs(main), y: main.points.map((q) => q.delta), name: `DDPM, mean over seeds (S = ${p.steps})`, legendgroup: "main",
    line: { color: "#1f77b4", width: 3 }, marker: { color: "#1f77b4" }, xaxis: "x", yaxis: "y" });
  for (const c of anchors) {
    traces.push({ type: "scatter", mode: "lines", x: xs(c), y: c.points.map((q) => q.delta), name: c.kind === "memorizer" ? "stand-in: the training set itself" : "stand-in: fresh draws of p", legendgroup: c.kind,
      line: { ...anchorStyle[c.kind as "memorizer" | "oracle"] }, xaxis: "x", yaxis: "y" });
  }
  // (b)
  const finiteFit = main.points.filter((q) => Number.isFinite(q.fittedKlMean));
  traces.push({ type: "scatter", mode: "lines+markers", x: finiteFit.map((q) => q.N), y: finiteFit.map((q) => q.fittedKlMean), name: "fitted-Gaussian KL (DDPM)", legendgroup: "main", showlegend: false,
    line: { color: "#1f77b4", width: 3 }, xaxis: "x2", yaxis: "y2" });
  for (const c of anchors) {
    const o = c.points.filter((q) => Number.isFinite(q.fittedKlMean));
    traces.push({ type: "scatter", mode: "lines", x: o.map((q) => q.N), y: o.map((q) => q.fittedKlMean), name: c.kind, legendgroup: c.kind, showlegend: false, line: { ...anchorStyle[c.kind as "memorizer" | "oracle"] }, xaxis: "x2", yaxis: "y2" });
  }
  // (c)
  traces.push({ type: "scatter", mode: "lines+markers", x: xs(main), y: main.points.map((q) => q.memorizedMean), name: "memorized fraction (DDPM)", legendgroup: "main", showlegend: false,
    line: { color: "#1f77b4", width: 3 }, xaxis: "x3", yaxis: "y3" });
  for (const c of anchors) {
    traces.push({ type: "scatter", mode: "lines", x: xs(c), y: c.points.map((q) => q.memorizedMean), name: c.kind, legendgroup: c.kind, showlegend: false, line: { ...anchorStyle[c.kind as "memorizer" | "oracle"] }, xaxis: "x3", yaxis: "y3" });
  }
  // (d)
  const budgetColors = ["#ff7f0e", "#1f77b4", "#d62728", "#9467bd"];
  data.ddpm.forEach((c, k) => {
    traces.push({ type: "scatter", mode: "lines+markers", x: xs(c), y: c.points.map((q) => q.delta), name: `S = ${c.steps} Adam steps`, legendgroup: `S${c.steps}`,
      line: { color: budgetColors[k % budgetColors.length], width: c.steps === p.steps ? 3 : 2 }, marker: { color: budgetColors[k % budgetColors.length] },
      error_y: { type: "data", array: c.points.map((q) => q.deltaSE), visible: true, thickness: 1 }, xaxis: "x4", yaxis: "y4" });
  });
  const zero = (ax: string) => ({ type: "line", xref: `${ax.replace("y", "x")} domain`, yref: ax, x0: 0, x1: 1, y0: 0, y1: 0, line: { color: "#888", dash: "dot", width: 1 } });
  const dline = (ax: string) => ({ type: "line", xref: ax, yref: `${ax.replace("x", "y")} domain`, x0: p.d, x1: p.d, y0: 0, y1: 1, line: { color: "#bbb", dash: "dot", width: 1 } });
  const title = (text: string, x: number, y: number) => ({ text, x, y, xref: "paper", yref: "paper", showarrow: false, xanchor: "center", yanchor: "bottom", font: { size: 13 } });
  const xaxis = (domain: number[], anchor: string) => ({ type: "log", domain, anchor, title: { text: "training-set size N" }, tickvals: p.grid, ticktext: p.grid.map(String) });
  const layout = {
    title: { text: `H-S1: an MLP DDPM (hidden ${p.hidden.join(", ")}, ${p.activation}; K = ${p.K}) trained on N points of N(0, ${p.sigma}² I_${p.d}), ${p.seeds} seeds per N` },
    width: 1100, height: 860,
    xaxis: xaxis([0, 0.45], "y"), yaxis: { domain: [0.58, 1], anchor: "x", title: { text: "Δ_KL (nats)" } },
    xaxis2: xaxis([0.55, 1], "y2"), yaxis2: { domain: [0.58, 1], anchor: "x2", type: "log", title: { text: "KL(N(m̂, Ĉ) ‖ p) (nats)" }, tickformat: "~g" },
    xaxis3: xaxis([0, 0.45], "y3"), yaxis3: { domain: [0, 0.4], anchor: "x3", range: [-0.03, 1.03], title: { text: `share with d₁/d₂ < ${fmt(p.ratio, 3)}` } },
    xaxis4: xaxis([0.55, 1], "y4"), yaxis4: { domain: [0, 0.4], anchor: "x4", title: { text: "mean Δ_KL (nats)" } },
    shapes: [zero("y"), zero("y4"), dline("x"), dline("x2"), dline("x3"), dline("x4")],
    annotations: [
      title(`(a) Δ_KL, S = ${p.steps}: > 0 generalization, < 0 memorization`, 0.225, 1.0),
      title("(b) KL of a Gaussian fitted to the samples", 0.775, 1.0),
      title(`(c) memorized fraction (nearest-neighbour ratio < ${fmt(p.ratio, 3)})`, 0.225, 0.42),
      title("(d) Δ_KL for each training budget S", 0.775, 0.42),
    ],
    legend: { orientation: "h", x: 0, y: -0.08 },
    margin: { t: 90, b: 120 },
  };
  return { data, figure: { id: "H-S1", data: traces, layout, parameters: { ...p } } };
}

/**
 * Generated samples next to their nearest training points, as side × side pixel images x = (y + 1)/2 (the inverse of
 * the model-space map; d must be a perfect square, 16 → 4 × 4): top row the first `count` samples, bottom row the
 * nearest training point of each, with the ratio d₁/d₂ of the memorization test in the titles.
 * @throws {DomainError} d not a perfect square, shapes that disagree, count not an integer in [1, n]
 */
export function halderStretchSamplesFigure(train: Matrix, samples: Matrix, options: { count?: number; title?: string; ratio?: number } = {}): FigureResult<{ ratios: number[]; nearest: number[] }> {
  const d = samples.columns;
  const side = Math.round(Math.sqrt(d));
  if (side * side !== d) throw new DomainError("samples", `must have a square number of columns (an image); got ${d}`);
  if (train.columns !== d || train.rows < 2) throw new DomainError("train", `must have ${d} columns and at least 2 rows`);
  const count = options.count ?? 6;
  if (!Number.isInteger(count) || count < 1 || count > samples.rows) throw new DomainError("count", `must be an integer in [1, ${samples.rows}]; got ${count}`);
  const shown = samples.subMatrix(0, count - 1, 0, d - 1);
  const { first, second, index } = nearestDistances(shown, train);
  const ratios = Array.from(first, (f, k) => f / second[k]);
  const img = (row: number[]) => Array.from({ length: side }, (_, i) => row.slice(i * side, (i + 1) * side).map((y) => (y + 1) / 2));
  const traces: Trace[] = [];
  const axes: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  const w = 1 / count;
  for (let k = 0; k < count; k++) {
    for (const [r, row] of [[0, shown.getRow(k)], [1, train.getRow(index[k])]] as [number, number[]][]) {
      const n = r * count + k + 1;
      const sfx = n === 1 ? "" : String(n);
      traces.push({ type: "heatmap", z: img(row), zmin: 0.2, zmax: 0.8, colorscale: "Greys", reversescale: true, showscale: n === 1, xaxis: `x${sfx}`, yaxis: `y${sfx}`,
        colorbar: { title: { text: "pixel" }, len: 0.8 }, hovertemplate: "pixel %{z:.3f}<extra></extra>" });
      const bare = { showticklabels: false, ticks: "", showgrid: false, zeroline: false };
      axes[`xaxis${sfx}`] = { domain: [k * w + 0.01, (k + 1) * w - 0.01], anchor: `y${sfx}`, constrain: "domain", ...bare };
      axes[`yaxis${sfx}`] = { domain: r === 0 ? [0.52, 0.9] : [0.04, 0.42], anchor: `x${sfx}`, autorange: "reversed", scaleanchor: `x${sfx}`, constrain: "domain", ...bare };
    }
    annotations.push({ text: `#${k}: d₁/d₂ = ${ratios[k].toFixed(2)}${ratios[k] < (options.ratio ?? 1 / 3) ? " *" : ""}`, x: 0.5, y: 0.91, xref: `x${k === 0 ? "" : k + 1} domain`, yref: "paper", showarrow: false, yanchor: "bottom", font: { size: 11 } });
    annotations.push({ text: `nearest: point ${index[k]}`, x: 0.5, y: 0.43, xref: `x${count + k + 1} domain`, yref: "paper", showarrow: false, yanchor: "bottom", font: { size: 11 } });
  }
  return {
    data: { ratios, nearest: Array.from(index) },
    figure: { id: "H-S1-samples", data: traces, layout: { title: { text: options.title ?? `Generated samples (top) and their nearest training points (bottom), pixel units; * memorized (d₁/d₂ < ${(options.ratio ?? 1 / 3).toFixed(3)})` }, width: 1100, height: 420, ...axes, annotations, margin: { t: 80, b: 10 } } },
  };
}
