/**
 * H-F3: the relative distance Δ_KL itself against N, with its Monte Carlo error bars and the deterministic Jensen
 * bracket (Halder §4 H-F3, claims H-C13 and H-C14). Δ spans orders of magnitude and changes sign, so it is drawn as
 * sign(Δ)·log₁₀(1 + |Δ|) with relabelled ticks.
 */
import { checkClaim, type Claim } from "../../claims.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import type { HalderTransitionData } from "./h-f2.js";
import type { HalderMethodsChecks } from "./methods.js";

/** One panel of H-F3: per N, the mean Δ_KL ± SE across training sets, the mean Monte Carlo SE and the mean bracket. */
export interface HalderDeltaPanel {
  d: number;
  M: number;
  sets: number;
  rows: { N: number; x: number; mean: number; se: number; mcSE: number; lower: number; upper: number }[];
}

/** The panel of a transition sweep restricted to the given N and the first `sets` training sets. */
export function halderDeltaPanel(data: HalderTransitionData, grid: readonly number[] = data.params.grid, sets = data.params.sets): HalderDeltaPanel {
  const rows = grid.map((N) => {
    const rs = data.records.filter((r) => r.N === N && r.rep < sets);
    if (rs.length < 2) throw new Error(`fewer than 2 training sets at N = ${N}`);
    const mean = rs.reduce((s, r) => s + r.kl, 0) / rs.length;
    const sd = Math.sqrt(rs.reduce((s, r) => s + (r.kl - mean) ** 2, 0) / (rs.length - 1));
    const avg = (f: (r: (typeof rs)[number]) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    return { N, x: N / data.params.d, mean, se: sd / Math.sqrt(rs.length), mcSE: avg((r) => r.klSE), lower: avg((r) => r.lower), upper: avg((r) => r.upper) };
  });
  return { d: data.params.d, M: data.params.M, sets, rows };
}

/** sign(Δ)·log₁₀(1 + |Δ|). */
export function halderSignLog(x: number): number {
  return Math.sign(x) * Math.log10(1 + Math.abs(x));
}

/** The H-F3 figure: one panel per sweep, Δ_KL (sign-log) ± SE, the bracket as a band, the Monte Carlo SE on hover. */
export function halderDeltaFigure(panels: readonly HalderDeltaPanel[]): FigureResult<readonly HalderDeltaPanel[]> {
  const traces: Trace[] = [];
  const n = panels.length;
  const layout: { [k: string]: unknown } = {
    title: { text: "H-F3: Δ_KL = E_{p_G}[ln K_ref − ln K_train] against N/d, with the Jensen bracket (sign-log scale)" },
    width: 900, height: 380 * n + 80,
    legend: { orientation: "h", y: -0.22 },
    margin: { b: 140 },
    annotations: [] as unknown[],
    shapes: [] as unknown[],
  };
  const ticks = [-1000, -100, -10, -1, 0, 1, 10, 100, 1000];
  panels.forEach((p, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    const x = p.rows.map((r) => r.x);
    const top = 1 - i / n;
    const domain = [1 - (i + 1) / n + 0.07, top - 0.03];
    traces.push(
      { type: "scatter", mode: "lines", x: [...x, ...[...x].reverse()], y: [...p.rows.map((r) => halderSignLog(r.upper)), ...[...p.rows].reverse().map((r) => halderSignLog(r.lower))], fill: "toself", fillcolor: "#1f77b433", line: { width: 0 }, name: "mean Jensen bracket [L_ref − U_tr, U_ref − L_tr]", showlegend: i === 0, xaxis: `x${ax}`, yaxis: `y${ax}`, hoverinfo: "skip" },
      {
        type: "scatter", mode: "markers+lines", x, y: p.rows.map((r) => halderSignLog(r.mean)), name: "mean Δ_KL ± SE across training sets", showlegend: i === 0,
        error_y: { type: "data", symmetric: false, array: p.rows.map((r) => halderSignLog(r.mean + r.se) - halderSignLog(r.mean)), arrayminus: p.rows.map((r) => halderSignLog(r.mean) - halderSignLog(r.mean - r.se)), visible: true },
        text: p.rows.map((r) => `N = ${r.N}: Δ_KL = ${r.mean.toFixed(3)} ± ${r.se.toFixed(3)}; mean Monte Carlo SE per realization ${r.mcSE.toFixed(3)}; bracket [${r.lower.toFixed(1)}, ${r.upper.toFixed(1)}]`),
        hoverinfo: "text", marker: { color: "#1f77b4" }, line: { color: "#1f77b4" }, xaxis: `x${ax}`, yaxis: `y${ax}`,
      },
      { type: "scatter", mode: "lines", x, y: p.rows.map((r) => halderSignLog(r.mcSE)), name: "mean per-realization Monte Carlo SE", showlegend: i === 0, line: { color: "#ff7f0e", dash: "dot" }, xaxis: `x${ax}`, yaxis: `y${ax}` },
    );
    layout[`xaxis${ax}`] = { type: "log", title: { text: "N / d" }, anchor: `y${ax}` };
    layout[`yaxis${ax}`] = { title: { text: "Δ_KL (sign-log)" }, domain, tickvals: ticks.map(halderSignLog), ticktext: ticks.map(String), anchor: `x${ax}`, zeroline: true, zerolinewidth: 2 };
    (layout.annotations as unknown[]).push({ text: `d = ${p.d}, M = ${p.M}, ${p.sets} training sets per N`, xref: "paper", yref: "paper", x: 0, y: top, showarrow: false, xanchor: "left" });
    (layout.shapes as unknown[]).push({ type: "line", xref: `x${ax}`, yref: `y${ax} domain`, x0: 1, x1: 1, y0: 0, y1: 1, line: { color: "#888", dash: "dot" } });
  });
  return { data: panels, figure: { id: "H-F3", data: traces, layout } };
}

/** H-C13 (every Monte Carlo Δ_KL inside its bracket ± 4 SE) and H-C14 (the closed forms are exact). */
export function halderBracketClaims(sweeps: readonly HalderTransitionData[], methods: HalderMethodsChecks): Claim[] {
  const paper = "Halder";
  const inside = sweeps.reduce((s, w) => s + w.insideBracket, 0);
  const total = sweeps.reduce((s, w) => s + w.records.length, 0);
  const c = (id: string, statement: string, measured: number, expected: number, note: string) =>
    checkClaim({ id, paper, statement, measured, expected, comparison: "<=", note });
  return [
    checkClaim({
      id: "H-C13", paper, statement: "Every Monte Carlo Δ_KL lies in its Jensen bracket [lower − 4 SE, upper + 4 SE]",
      measured: inside / total, expected: 1, tolerance: 0, comparison: "abs",
      note: `${inside} of ${total} realizations inside, over the sweeps: ${sweeps.map((w) => `d = ${w.params.d}, M = ${w.params.M}`).join("; ")}`,
    }),
    c("H-C14a", "Δ_L2 in closed form equals a grid integration (d = 2 fixtures, full rank and rank 1)", methods.l2VsGrid, 1e-6, "largest relative error"),
    c("H-C14b", "Each log-space term equals its linear-space value", methods.logVsLinear, 1e-12, "largest relative error (log-density, ∫K², ∫K₁K₂)"),
    c("H-C14c", "∫p_G K equals a Monte Carlo mean of K under p_G within 4 SE", methods.overlapVsMonteCarlo, 4, "|difference| / SE, 20000 draws"),
    c("H-C14d", "ols equals the normal equations (N > d + 5) and the min-norm Gram pseudo-inverse (N ≤ d)", methods.olsVsIndependent, 1e-9, "largest relative error of β₁"),
    c("H-C14e", "The factor spectrum equals eig(v β₁β₁ᵀ) away from N = d + 1", methods.spectrumVsEig, 1e-9, "largest error / g_max"),
    c("H-C14f", "The exact KL(p_G‖p) equals Monte Carlo E[ln p_G − ln p] within 4 SE", methods.klVsMonteCarlo, 4, "|difference| / SE, 20000 draws"),
    c("H-C14g", "D_B equals a 1-D quadrature of −ln ∫√(p_G p)", methods.bhattacharyyaVsQuadrature, 1e-8, "absolute error"),
  ];
}
