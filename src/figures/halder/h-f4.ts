/**
 * H-F4: the code's L2 relative distance against the KL relative distance, on the same realizations as H-F2
 * (Halder §4 H-F4, claim H-C9). Panel (a): P̂(Δ_L2 > 0) and P̂(Δ_KL > 0) against N/d; panel (b): one point per
 * realization, sign-log Δ̃_L2 against Δ_KL, coloured by N/d. Both metrics come from the same records, so every
 * difference between them is a difference of metric, not of sampling.
 */
import { checkClaim, type Claim } from "../../claims.js";
import { rng } from "../../core/rng.js";
import { DomainError, requirePositive } from "../../core/validate.js";
import { bootstrapCrossing, transitionCrossing, type WilsonInterval } from "../../memorization/transition.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import type { HalderTransitionData } from "./h-f2.js";

/** One grid point of the metric comparison. */
export interface HalderMetricRow {
  N: number;
  x: number;
  kl: WilsonInterval;
  l2: WilsonInterval;
  /** fraction of training sets on which sign(Δ_L2) = sign(Δ_KL) */
  agreement: number;
  /** median |Δ̃_L2| = |Δ_L2|/(4πσ²)^(−d/2) */
  l2MedianAbs: number;
}

/** The comparison of both metrics for one sweep (one dimension). */
export interface HalderMetricComparison {
  d: number;
  M: number;
  sets: number;
  rows: HalderMetricRow[];
  /** N* / d (last upward crossing of ½) for each metric, undefined if never crossed, with bootstrap SEs */
  crossingKl: number | undefined;
  crossingKlSE: number;
  crossingL2: number | undefined;
  crossingL2SE: number;
  /** N*_L2 / N*_KL (undefined if either is) */
  ratio: number | undefined;
  /** one point per realization: (Δ_KL, Δ̃_L2, N/d) */
  points: { kl: number; l2: number; x: number }[];
}

/**
 * Compares P̂(Δ_L2 > 0) with P̂(Δ_KL > 0) on the records of a transition sweep that computed both metrics
 * (Halder §3 items 8–10). N* is the last upward crossing of ½; its SE is a 200-resample bootstrap over training
 * sets, seeded from the sweep's seed and d.
 */
export function halderMetricComparison(data: HalderTransitionData): HalderMetricComparison {
  const { d, grid, l2, seed } = data.params;
  if (!l2) throw new DomainError("data", "must be a sweep with l2 = true (Δ_L2 computed on the same realizations)");
  const rows: HalderMetricRow[] = data.rows.map((row) => {
    const rs = data.records.filter((r) => r.N === row.N);
    const abs = rs.map((r) => Math.abs(r.l2Scaled)).sort((a, b) => a - b);
    const n = abs.length;
    return {
      N: row.N, x: row.x, kl: row.kl, l2: row.l2!,
      agreement: rs.filter((r) => (r.l2Sign > 0) === (r.kl > 0)).length / rs.length,
      l2MedianAbs: n % 2 ? abs[(n - 1) / 2] : (abs[n / 2 - 1] + abs[n / 2]) / 2,
    };
  });
  const xs = rows.map((r) => r.x);
  const outcomes = grid.map((N) => data.records.filter((r) => r.N === N).map((r) => r.l2Sign > 0));
  const boot = bootstrapCrossing(xs, outcomes, rng(seed).fork("bootstrap-l2").fork(d), 200);
  const crossingL2 = transitionCrossing(xs, rows.map((r) => r.l2.estimate));
  const crossingKl = data.crossingKl;
  return {
    d, M: data.params.M, sets: data.params.sets, rows,
    crossingKl, crossingKlSE: data.crossingKlSE, crossingL2, crossingL2SE: boot.standardError,
    ratio: crossingKl !== undefined && crossingL2 !== undefined ? crossingL2 / crossingKl : undefined,
    points: data.records.map((r) => ({ kl: r.kl, l2: r.l2Scaled, x: r.N / d })),
  };
}

/**
 * sign(x)·log₁₀(1 + |x|/unit): a symmetric log scale whose linear region is |x| ≲ unit (unit > 0). Δ̃_L2 spans
 * 1e-14 … 1e4 at d = 100, so the unit must sit below its smallest magnitude to keep the decades apart.
 */
export function halderSignLogUnit(x: number, unit: number): number {
  requirePositive("unit", unit);
  return Math.sign(x) * Math.log10(1 + Math.abs(x) / unit);
}

/** The decade at or below the smallest nonzero |value| (1 if there is none): the default unit of the scatter. */
export function halderSignLogFloor(values: readonly number[]): number {
  const m = values.reduce((lo, v) => (v !== 0 && Number.isFinite(v) ? Math.min(lo, Math.abs(v)) : lo), Infinity);
  return Number.isFinite(m) ? 10 ** Math.floor(Math.log10(m)) : 1;
}

const fmt = (x: number | undefined) => (x === undefined ? "undefined" : x.toPrecision(3));
const DASH: Record<number, string> = { 20: "#1f77b4", 50: "#2ca02c", 100: "#d62728" };

/**
 * The H-F4 figure. (a) P̂(Δ > 0) with Wilson bands against N/d, KL solid and L2 dashed, one colour per d, N* of
 * each metric starred; N ≤ d shaded. (b) sign-log Δ̃_L2 (unit: the decade below the smallest |Δ̃_L2| of all
 * panels, ticks relabelled) against sign-log Δ_KL, one marker per realization, coloured by log₁₀ N/d; a dropdown
 * picks the dimension of panel (b).
 */
export function halderMetricFigure(comparisons: readonly HalderMetricComparison[]): FigureResult<readonly HalderMetricComparison[]> {
  if (comparisons.length === 0) throw new DomainError("comparisons", "must hold at least one sweep");
  const traces: Trace[] = [];
  const unit = halderSignLogFloor(comparisons.flatMap((c) => c.points.map((p) => p.l2)));
  const klTicks = [-1000, -100, -10, -1, 0, 1, 10];
  for (const c of comparisons) {
    const color = DASH[c.d] ?? "#9467bd";
    const x = c.rows.map((r) => r.x);
    const band = (p: (r: HalderMetricRow) => WilsonInterval, name: string, fill: string): Trace => ({
      type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...c.rows.map((r) => p(r).upper), ...[...c.rows].reverse().map((r) => p(r).lower)],
      fill: "toself", fillcolor: fill, line: { width: 0 }, name, showlegend: false, hoverinfo: "skip", xaxis: "x", yaxis: "y",
    });
    traces.push(
      band((r) => r.kl, `Wilson 95% KL, d = ${c.d}`, color + "33"),
      band((r) => r.l2, `Wilson 95% L2, d = ${c.d}`, color + "1a"),
      { type: "scatter", mode: "lines+markers", x, y: c.rows.map((r) => r.kl.estimate), name: `P̂(Δ_KL > 0), d = ${c.d}`, line: { color, width: 2 }, marker: { color }, xaxis: "x", yaxis: "y" },
      { type: "scatter", mode: "lines+markers", x, y: c.rows.map((r) => r.l2.estimate), name: `P̂(Δ_L2 > 0), d = ${c.d}`, line: { color, dash: "dash" }, marker: { color, symbol: "square-open" }, xaxis: "x", yaxis: "y",
        text: c.rows.map((r) => `N = ${r.N}: signs agree on ${(100 * r.agreement).toFixed(0)}% of training sets; median |Δ̃_L2| = ${r.l2MedianAbs.toExponential(2)}`), hoverinfo: "text+y" },
    );
    const stars = [[c.crossingKl, "KL"], [c.crossingL2, "L2"]] as const;
    for (const [s, m] of stars) {
      if (s !== undefined) traces.push({ type: "scatter", mode: "markers", x: [s], y: [0.5], marker: { symbol: m === "KL" ? "star" : "star-open", size: 13, color }, name: `N*_${m}/d = ${s.toFixed(2)}, d = ${c.d}`, xaxis: "x", yaxis: "y" });
    }
  }
  const nA = traces.length;
  comparisons.forEach((c, i) => {
    traces.push({
      type: "scatter", mode: "markers", visible: i === comparisons.length - 1,
      x: c.points.map((p) => halderSignLogUnit(p.kl, 1)), y: c.points.map((p) => halderSignLogUnit(p.l2, unit)),
      marker: { size: 5, opacity: 0.7, color: c.points.map((p) => Math.log10(p.x)), colorscale: "Viridis", showscale: true,
        colorbar: { title: { text: "log₁₀ N/d" }, x: 1.02, y: 0.22, len: 0.42 } },
      text: c.points.map((p) => `N/d = ${p.x.toFixed(2)}: Δ_KL = ${p.kl.toPrecision(3)}, Δ̃_L2 = ${p.l2.toExponential(2)}`), hoverinfo: "text",
      name: `realizations, d = ${c.d}`, xaxis: "x2", yaxis: "y2",
    });
  });
  const l2Ticks: number[] = [];
  const maxAbs = Math.max(...comparisons.flatMap((c) => c.points.map((p) => Math.abs(p.l2))), unit);
  for (let e = Math.log10(unit) + 2; e <= Math.log10(maxAbs) + 1; e += 4) l2Ticks.push(10 ** e);
  const l2Vals = [...l2Ticks.map((t) => -t).reverse(), 0, ...l2Ticks];
  const last = comparisons.length - 1;
  const buttons = comparisons.map((c, i) => ({
    label: `panel (b): d = ${c.d}`, method: "restyle",
    args: [{ visible: traces.map((_t, k) => (k < nA ? true : k - nA === i)) }],
  }));
  const layout = {
    title: { text: "H-F4: the code's L2 relative distance against the KL relative distance (same realizations)" },
    width: 1000, height: 980,
    xaxis: { type: "log", title: { text: "N / d" }, domain: [0, 1], anchor: "y" },
    yaxis: { title: { text: "(a) P̂(Δ > 0)" }, range: [-0.03, 1.03], domain: [0.58, 1], anchor: "x" },
    xaxis2: { title: { text: "Δ_KL (sign-log, unit 1 nat)" }, tickvals: klTicks.map((t) => halderSignLogUnit(t, 1)), ticktext: klTicks.map(String), domain: [0, 1], anchor: "y2", zeroline: true },
    yaxis2: { title: { text: `(b) Δ̃_L2 = Δ_L2/(4πσ²)^(−d/2) (sign-log, unit ${unit.toExponential(0)})` }, tickvals: l2Vals.map((t) => halderSignLogUnit(t, unit)), ticktext: l2Vals.map((t) => (t === 0 ? "0" : t.toExponential(0))), domain: [0, 0.45], anchor: "x2", zeroline: true, zerolinewidth: 2 },
    shapes: [
      { type: "rect", xref: "x", yref: "y domain", x0: Math.min(...comparisons.map((c) => c.rows[0].x)) / 1.2, x1: 1, y0: 0, y1: 1, fillcolor: "#bbbbbb", opacity: 0.25, line: { width: 0 } },
      { type: "line", xref: "x domain", yref: "y", x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { color: "#888", dash: "dot", width: 1 } },
    ],
    annotations: [
      { text: "N ≤ d: KL(p_G‖p) = ∞", xref: "x", yref: "y domain", x: Math.log10(0.5), y: 0.97, showarrow: false },
      { text: "both > 0", xref: "x2 domain", yref: "y2 domain", x: 0.98, y: 0.98, showarrow: false, xanchor: "right" },
      { text: "both < 0", xref: "x2 domain", yref: "y2 domain", x: 0.02, y: 0.02, showarrow: false, xanchor: "left" },
      { text: "Δ_KL > 0, Δ_L2 < 0", xref: "x2 domain", yref: "y2 domain", x: 0.98, y: 0.02, showarrow: false, xanchor: "right" },
    ],
    updatemenus: comparisons.length > 1 ? [{ type: "buttons", direction: "right", active: last, buttons, x: 0, y: 0.5, xanchor: "left", yanchor: "bottom" }] : [],
    legend: { x: 1.02, y: 1, xanchor: "left", font: { size: 11 } },
    margin: { r: 230 },
  };
  return { data: comparisons, figure: { id: "H-F4", data: traces, layout } };
}

/**
 * H-C9 (the code's L2 metric shows the transition too): at d = 100, P̂(Δ_L2 > 0) ≤ 0.05 at N = d/4 and ≥ 0.95 at
 * N = 10d; N*_L2/d is reported beside N*_KL/d (and their ratio), for every comparison given.
 */
export function halderMetricClaims(comparisons: readonly HalderMetricComparison[]): Claim[] {
  const c = comparisons.find((x) => x.d === 100);
  if (!c) throw new DomainError("comparisons", "must include the d = 100 sweep (H-C9 is stated at d = 100)");
  const at = (N: number) => {
    const r = c.rows.find((x) => x.N === N);
    if (!r) throw new DomainError("comparisons", `the d = 100 grid must contain N = ${N}`);
    return r;
  };
  const lo = at(25);
  const hi = at(1000);
  const crossings = comparisons.map((x) => `d = ${x.d}: N*_L2/d = ${fmt(x.crossingL2)} ± ${fmt(x.crossingL2SE)}, N*_KL/d = ${fmt(x.crossingKl)} ± ${fmt(x.crossingKlSE)}, ratio ${fmt(x.ratio)}`).join("; ");
  const paper = "Halder";
  return [
    checkClaim({
      id: "H-C9a", paper, statement: "The code's L2 metric: P̂(Δ_L2 > 0) ≤ 0.05 at N = d/4 (d = 100)",
      measured: lo.l2.estimate, expected: 0.05, comparison: "<=",
      note: `${lo.l2.n} training sets, M = ${c.M}, Wilson 95% [${fmt(lo.l2.lower)}, ${fmt(lo.l2.upper)}]; P̂(Δ_KL > 0) = ${fmt(lo.kl.estimate)}`,
    }),
    checkClaim({
      id: "H-C9b", paper, statement: "The code's L2 metric: P̂(Δ_L2 > 0) ≥ 0.95 at N = 10d (d = 100)",
      measured: hi.l2.estimate, expected: 0.95, comparison: ">=",
      note: `${hi.l2.n} training sets, M = ${c.M}, Wilson 95% [${fmt(hi.l2.lower)}, ${fmt(hi.l2.upper)}]; P̂(Δ_KL > 0) = ${fmt(hi.kl.estimate)} on the same realizations, signs agree on ${(100 * hi.agreement).toFixed(0)}%, median |Δ̃_L2| = ${hi.l2MedianAbs.toExponential(2)}. ${crossings}`,
    }),
  ];
}
