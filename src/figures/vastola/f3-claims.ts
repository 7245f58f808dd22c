/**
 * Claims, tables, findings and pipeline checks of V-F3 (spec §4: V-C13, V-C14, V-C15, V-C17; erratum V-E2).
 */
import { meanWithError, type MeanEstimate } from "../../core/montecarlo.js";
import { checkClaim, type Claim } from "../../claims.js";
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaSquareSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid } from "../../variance/sampler.js";
import { drawLinearTrainingSet2d, fitLinearDenoiser2d, linearDenoiserAt2d, linearDenoiserTable2d } from "../../features/linear2d.js";
import { tabulatedPfOde2d } from "../../features/sampler2d.js";
import { gridLookupIndex } from "../../features/sampler.js";
import { gridHistogram2d } from "../../features/histogram2d.js";
import { VASTOLA_F3_PER_MODEL, vastolaF3Axes, vastolaF3Grid } from "./f3-models.js";
import { VASTOLA_F3_REGION_NAMES } from "./f3-metrics.js";
import { vastolaRatioEstimate, type VastolaF3Data, type VastolaF3Panel } from "./f3.js";
import type { VastolaTable } from "./table.js";

const PAPER = "Vastola";

function fmt(x: number): string {
  const a = Math.abs(x);
  return x === 0 ? "0" : a < 1e-3 || a >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}
const pm = (e: MeanEstimate): string => `${fmt(e.mean)} ± ${fmt(e.standardError)}`;

/** (a − b)/√(SE_a² + SE_b²) for independent estimates; ±Infinity for exact unequal values, 0 for exact equal ones. */
function zIndependent(a: MeanEstimate, b: MeanEstimate): number {
  const se = Math.hypot(a.standardError, b.standardError);
  const d = a.mean - b.mean;
  return se > 0 ? d / se : d === 0 ? 0 : d > 0 ? Infinity : -Infinity;
}

/** mean/SE of a paired difference (±Infinity or 0 when the SE is 0). */
function zOf(e: MeanEstimate): number {
  return e.standardError > 0 ? e.mean / e.standardError : e.mean === 0 ? 0 : e.mean > 0 ? Infinity : -Infinity;
}

const label = (k: "gaussian" | "fourier"): string => (k === "gaussian" ? "Gaussian" : "Fourier");

function panel(d: VastolaF3Data, kind: "gaussian" | "fourier", theta: number): VastolaF3Panel | undefined {
  return d.panels.find((p) => p.kind === kind && Math.abs(p.theta - theta) < 1e-9);
}

/** Per-model values of region j (0–5 joint, 6–11 column-normalized sums, 12 total) of a panel. */
function modelColumn(d: VastolaF3Data, p: VastolaF3Panel, j: number): Float64Array {
  const idx = d.panels.indexOf(p), M = d.params.models;
  return Float64Array.from({ length: M }, (_, k) => d.modelNumbers[(idx * M + k) * VASTOLA_F3_PER_MODEL + j]);
}

/**
 * Erratum V-E2 in numbers for one panel: horizontal minus vertical edge mass, in the joint density (paired mean ± SE
 * across models) and in the as-published column-normalized image (ratio estimate ± SE).
 */
export function vastolaF3EdgeAsymmetry(d: VastolaF3Data, p: VastolaF3Panel): { joint: MeanEstimate; published: MeanEstimate } {
  const h = VASTOLA_F3_REGION_NAMES.indexOf("horizontalEdges"), v = VASTOLA_F3_REGION_NAMES.indexOf("verticalEdges");
  const jh = modelColumn(d, p, h), jv = modelColumn(d, p, v), ph = modelColumn(d, p, 6 + h), pv = modelColumn(d, p, 6 + v), T = modelColumn(d, p, 12);
  return {
    joint: meanWithError(Float64Array.from(jh, (x, k) => x - jv[k])),
    published: vastolaRatioEstimate(Float64Array.from(ph, (x, k) => x - pv[k]), T),
  };
}

/** The shape masses of every panel: joint (mean ± SE over models) and as published (ratio estimate ± SE). */
export function vastolaF3Table(d: VastolaF3Data): VastolaTable {
  return {
    caption: `V-F3: shape masses per panel (spec §2 item 11), ${d.params.models} models × ${d.params.samplesPerModel} samples; joint density (mean ± SE over models) and the as-published column-normalized image (erratum V-E2; region sum / image total, ± SE)`,
    headers: ["features", "θ", "image", "points", "edges", "diagonals", "centre", "horizontal edges", "vertical edges"],
    rows: d.panels.flatMap((p) => [
      [label(p.kind), `${p.theta}°`, "joint", ...VASTOLA_F3_REGION_NAMES.map((n) => pm(p.masses[n]))],
      [label(p.kind), `${p.theta}°`, "as published", ...VASTOLA_F3_REGION_NAMES.map((n) => pm(p.publishedMasses[n]))],
    ]),
  };
}

/** Plain findings computed from the data: erratum V-E2's symmetry test and what the joint view changes. */
export function vastolaF3Findings(d: VastolaF3Data): string[] {
  const lines: string[] = [];
  for (const p of d.panels) {
    if (!(p.masses.horizontalEdges.mean > 0 || p.masses.verticalEdges.mean > 0)) continue;
    const a = vastolaF3EdgeAsymmetry(d, p);
    lines.push(`${label(p.kind)}, θ = ${p.theta}°: horizontal vs vertical edge mass, joint density ${pm(p.masses.horizontalEdges)} vs ${pm(p.masses.verticalEdges)} (difference z = ${zOf(a.joint).toFixed(1)}); as published ${pm(p.publishedMasses.horizontalEdges)} vs ${pm(p.publishedMasses.verticalEdges)} (z = ${zOf(a.published).toFixed(1)}).`);
  }
  const g45 = panel(d, "gaussian", 45);
  if (g45) {
    const a = vastolaF3EdgeAsymmetry(d, g45);
    lines.push(`The 45° configuration and the Gaussian features are symmetric under x ↔ y, so the joint density must give equal horizontal and vertical edge mass: ${Math.abs(zOf(a.joint)) < 4 ? "it does (|z| < 4)" : "it does not (|z| ≥ 4): check the pipeline"}. The official column normalization p(y | x) ${zOf(a.published) > 4 ? "inflates the horizontal edges" : "does not separate them"} (z = ${zOf(a.published).toFixed(1)}): columns between the points' x-coordinates hold few samples and are divided by small sums, which is why the published 45° Gaussian panel shows strong horizontal bands and weak vertical ones.`);
  }
  const g0 = panel(d, "gaussian", 0), g22 = panel(d, "gaussian", 22.5);
  if (g0 && g22) {
    const zj = zIndependent(g0.masses.diagonals, g22.masses.diagonals), zp = zIndependent(g0.publishedMasses.diagonals, g22.publishedMasses.diagonals);
    lines.push(`Gaussian diagonal mass at 0° vs 22.5° (V-C15d): joint ${pm(g0.masses.diagonals)} vs ${pm(g22.masses.diagonals)} (z = ${zj.toFixed(1)}); as published ${pm(g0.publishedMasses.diagonals)} vs ${pm(g22.publishedMasses.diagonals)} (z = ${zp.toFixed(1)}).`);
  }
  for (const kind of ["gaussian", "fourier"] as const) {
    const ps = d.panels.filter((p) => p.kind === kind);
    if (ps.length === 0) continue;
    lines.push(`${label(kind)}: point mass per θ = ${ps.map((p) => `${p.theta}°: ${pm(p.masses.points)}`).join(", ")} (joint) vs ${ps.map((p) => fmt(p.publishedMasses.points.mean)).join(", ")} (as published): column normalization moves weight from the points to sparsely visited columns.`);
  }
  return lines;
}

/** The claims of V-F3 computed from a run (V-C13, V-C14, V-C15) and the erratum V-E2 symmetry checks. */
export function vastolaF3Claims(d: VastolaF3Data): Claim[] {
  const claims: Claim[] = [];
  const thetas = d.params.thetas;
  // V-C13: Gaussian edges − diagonals > 4 SE (paired across models) at every θ
  const g = thetas.map((t) => panel(d, "gaussian", t)).filter((p): p is VastolaF3Panel => p !== undefined);
  const f = thetas.map((t) => panel(d, "fourier", t)).filter((p): p is VastolaF3Panel => p !== undefined);
  if (g.length > 0) {
    const zs = g.map((p) => zOf(p.edgesMinusDiagonals));
    const zu = g.map((p) => zIndependent(p.masses.edges, p.masses.diagonals));
    claims.push(checkClaim({ id: "V-C13", paper: PAPER, statement: "Gaussian features fill edges more than diagonals: edges − diagonals > 4 SE at every θ (joint density)", measured: Math.min(...zs), expected: 4, comparison: ">=", note: `smallest z over θ; per θ = ${g.map((p) => p.theta).join(", ")}°: edges − diagonals = ${g.map((p) => pm(p.edgesMinusDiagonals)).join(", ")} (paired SE across models; z = ${zs.map((v) => v.toFixed(1)).join(", ")}; with √(SE₁² + SE₂²) instead: ${zu.map((v) => v.toFixed(1)).join(", ")})` }));
  }
  if (f.length > 0) {
    const ratios = f.map((p) => p.masses.diagonals.mean / p.masses.edges.mean);
    claims.push(checkClaim({ id: "V-C14a", paper: PAPER, statement: "Fourier features fill the cross/X through the centre: diagonal mass > 2.5 × edge mass at every θ (joint density)", measured: Math.min(...ratios), expected: 2.5, comparison: ">=", note: `smallest ratio; per θ: ${ratios.map((v) => v.toFixed(2)).join(", ")} (diagonals ${f.map((p) => pm(p.masses.diagonals)).join(", ")}; edges ${f.map((p) => pm(p.masses.edges)).join(", ")})` }));
  }
  if (f.length > 0 && g.length > 0) {
    const ratios = thetas.map((t) => panel(d, "fourier", t)!.masses.centre.mean / panel(d, "gaussian", t)!.masses.centre.mean);
    claims.push(checkClaim({ id: "V-C14b", paper: PAPER, statement: "Centre mass with Fourier features > 5 × centre mass with Gaussian features at every θ", measured: Math.min(...ratios), expected: 5, comparison: ">=", note: `smallest ratio; per θ: ${ratios.map((v) => v.toFixed(1)).join(", ")} (Fourier ${f.map((p) => pm(p.masses.centre)).join(", ")}; Gaussian ${g.map((p) => pm(p.masses.centre)).join(", ")})` }));
  }
  const f0 = panel(d, "fourier", 0), f45 = panel(d, "fourier", 45), g0 = panel(d, "gaussian", 0), g22 = panel(d, "gaussian", 22.5);
  if (f0 && f45) {
    const zd = zIndependent(f0.masses.diagonals, f45.masses.diagonals), zc = zIndependent(f0.masses.centre, f45.masses.centre), zp = zIndependent(f45.masses.points, f0.masses.points);
    claims.push(checkClaim({ id: "V-C15a", paper: PAPER, statement: "Orientation matters (Fourier): diagonal mass falls from 0° to 45° by more than 4 SE", measured: zd, expected: 4, comparison: ">=", note: `z; diagonals ${pm(f0.masses.diagonals)} → ${pm(f45.masses.diagonals)}` }));
    claims.push(checkClaim({ id: "V-C15b", paper: PAPER, statement: "… and centre mass falls from 0° to 45° by more than 4 SE", measured: zc, expected: 4, comparison: ">=", note: `z; centre ${pm(f0.masses.centre)} → ${pm(f45.masses.centre)}` }));
    claims.push(checkClaim({ id: "V-C15c", paper: PAPER, statement: "… while point mass rises from 0° to 45° by more than 4 SE", measured: zp, expected: 4, comparison: ">=", note: `z; points ${pm(f0.masses.points)} → ${pm(f45.masses.points)}` }));
  }
  if (g0 && g22) {
    const z = zIndependent(g0.masses.diagonals, g22.masses.diagonals);
    claims.push(checkClaim({ id: "V-C15d", paper: PAPER, statement: "Orientation matters (Gaussian): diagonal mass is higher at 0° than at 22.5° by more than 2 SE", measured: z, expected: 2, comparison: ">=", note: `z; diagonals ${pm(g0.masses.diagonals)} (0°) vs ${pm(g22.masses.diagonals)} (22.5°)` }));
  }
  const g45 = panel(d, "gaussian", 45);
  if (g45) {
    const a = vastolaF3EdgeAsymmetry(d, g45);
    claims.push(checkClaim({ id: "V-E2a", paper: PAPER, statement: "Erratum V-E2 check: in the joint density of the x ↔ y symmetric 45° Gaussian panel, horizontal and vertical edge masses agree within 4 SE", measured: Math.abs(zOf(a.joint)), expected: 4, comparison: "<=", note: `|z| of the paired difference ${pm(a.joint)}; horizontal ${pm(g45.masses.horizontalEdges)}, vertical ${pm(g45.masses.verticalEdges)}` }));
    claims.push(checkClaim({ id: "V-E2b", paper: PAPER, statement: "Erratum V-E2 check: the official column-normalized image p(y | x) of the same panel has more horizontal than vertical edge mass, by more than 4 SE (the published bands)", measured: zOf(a.published), expected: 4, comparison: ">=", note: `z of the difference ${pm(a.published)}; horizontal ${pm(g45.publishedMasses.horizontalEdges)}, vertical ${pm(g45.publishedMasses.verticalEdges)}` }));
  }
  return claims;
}

/** Measured agreement of V-F3's fast paths with slow direct routes on fixed cases (V-C17). */
export interface VastolaF3PipelineChecks {
  /** max |W_dual − W_primal| / max |W_primal| over both outputs, Gaussian and Fourier features, F = 8 × 8 × 8 = 512, P = 250 */
  dualVsPrimal: number;
  /** max |separable table − direct Σ_f W_f φ_f| over a subset of the 200 × 200 × 30 table (Gaussian and Fourier) */
  separableVsDirect: number;
  /** max |fast sampler − straightforward official update| over 12 fixed initial points */
  samplerVsStraightforward: number;
  /** histogram convention: counts of 8 fixed points on edges and outside (expected [1 at (0,0), 1 at (199,199), 1 at (100,100)], 5 dropped) */
  histogramConvention: boolean;
}

/**
 * V-C17 for V-F3 (θ = 22.5°, ε = 0.01, both feature families): the dual Hadamard-Gram solve against the primal
 * solve (seed 11, F = 8 × 8 × 8 = 512, P = 250); on a model of the official size (seed 12, F = 10 × 10 × 10,
 * P = 500) the separable table against pointwise Wφ, and the fast 30-step sampler
 * (arithmetic lookup, cell-sorted processing) against a straightforward loop of the official update
 * x ← x − (βx + D(αμ̂ − x)/σ²)·(t_{j+1} − t_j) with numpy-style binary-search lookup per coordinate; the right-open
 * histogram bins.
 */
export function vastolaF3PipelineChecks(): VastolaF3PipelineChecks {
  const vp = vpSchedule(), eps = 0.01;
  const set = vastolaSquareSet(Math.PI / 8);
  const g = vastolaEulerGrid(vp, eps, 30, 1);
  const times = g.times.subarray(0, 30);
  const grid = vastolaF3Grid(200);
  let dual = 0, sep = 0, samp = 0;
  for (const kind of ["gaussian", "fourier"] as const) {
    // dual vs primal on a mid-size case (F = 8 × 8 × 8 = 512, P = 250 < F)
    const [sx, sy, tz] = vastolaF3Axes(kind, 8, eps);
    const small = drawLinearTrainingSet2d(set, vp, { samples: 250, eps, T: 1, rng: rng(11) });
    const a = fitLinearDenoiser2d(small, sx, sy, tz, 0.1, "primal"), a2 = fitLinearDenoiser2d(small, sx, sy, tz, 0.1, "dual");
    let dm = 0, wm = 0;
    for (let k = 0; k < a.W.length; k++) { dm = Math.max(dm, Math.abs(a.W[k] - a2.W[k])); wm = Math.max(wm, Math.abs(a.W[k])); }
    dual = Math.max(dual, dm / wm);
    // table and sampler on a model of the official size (F = 1000, P = 500, dual)
    const [xa, ya, ta] = vastolaF3Axes(kind, 10, eps);
    const b = fitLinearDenoiser2d(drawLinearTrainingSet2d(set, vp, { samples: 500, eps, T: 1, rng: rng(12) }), xa, ya, ta, 0.1);
    const table = linearDenoiserTable2d(b, grid, grid, times);
    for (let j = 0; j < 30; j += 7) for (let ix = 0; ix < 200; ix += 17) for (let iy = 3; iy < 200; iy += 19) {
      const v = linearDenoiserAt2d(b, grid[ix], grid[iy], times[j]);
      const q = 2 * ((j * 200 + ix) * 200 + iy);
      sep = Math.max(sep, Math.abs(v[0] - table[q]), Math.abs(v[1] - table[q + 1]));
    }
    const x0 = Float64Array.from([-2.3, -1.5, -1.0, -0.61, -0.2, 0, 0.013, 0.33, 0.5, 0.9, 1.4, 2.7]);
    const y0 = Float64Array.from([0.4, 1.5, -0.77, 2.2, -1.5, 0, -0.05, 1.1, -0.33, 0.9, -2.0, 0.21]);
    const fx = x0.slice(), fy = y0.slice();
    tabulatedPfOde2d(g, grid, grid, table, fx, fy);
    for (let k = 0; k < x0.length; k++) {
      let x = x0[k], y = y0[k];
      for (let j = 0; j < 30; j++) {
        const dt = g.times[j + 1] - g.times[j]; // negative, as the official np.roll(t, −1) − t
        const i = gridLookupIndex(grid, x), l = gridLookupIndex(grid, y);
        const mx = table[2 * ((j * 200 + i) * 200 + l)], my = table[2 * ((j * 200 + i) * 200 + l) + 1];
        const nx = x - (g.beta[j] * x + g.diffusion[j] * ((g.alpha[j] * mx - x) / g.sigma2[j])) * dt;
        y = y - (g.beta[j] * y + g.diffusion[j] * ((g.alpha[j] * my - y) / g.sigma2[j])) * dt;
        x = nx;
      }
      samp = Math.max(samp, Math.abs(x - fx[k]), Math.abs(y - fy[k]));
    }
  }
  const h = gridHistogram2d([-1.5, 1.5, 1.4999999, 0, -1.6, 0, 0, 2], [-1.5, 0, 1.4999999, 0, 0, 1.5, -1.5000001, 0]);
  const nz: number[] = [];
  h.counts.forEach((c, q) => { if (c > 0) nz.push(q, c); });
  const histogramConvention = h.inRange === 3 && JSON.stringify(nz) === JSON.stringify([0, 1, 100 * 200 + 100, 1, 199 * 200 + 199, 1]);
  return { dualVsPrimal: dual, separableVsDirect: sep, samplerVsStraightforward: samp, histogramConvention };
}

/** V-C17's claims for V-F3 (tolerances: 1e−8 relative for the solves, 1e−10 absolute for the table and the sampler). */
export function vastolaF3PipelineClaims(c: VastolaF3PipelineChecks): Claim[] {
  return [
    checkClaim({ id: "V-C17e", paper: PAPER, statement: "2-D: the dual ridge solve (Hadamard Gram Kˣ ∘ Kʸ ∘ Kᵗ) matches the primal solve", measured: c.dualVsPrimal, expected: 0, tolerance: 1e-8, comparison: "abs", note: "max |ΔW| / max |W| over both outputs, Gaussian and Fourier features, F = 512, P = 250" }),
    checkClaim({ id: "V-C17f", paper: PAPER, statement: "2-D: the separable denoiser table (contracting t, then y, then x) matches pointwise Wφ", measured: c.separableVsDirect, expected: 0, tolerance: 1e-10, comparison: "abs", note: "max abs difference over 840 entries of each 200 × 200 × 30 table" }),
    checkClaim({ id: "V-C17g", paper: PAPER, statement: "2-D: the fast 30-step grid-lookup sampler matches a straightforward implementation of the official update", measured: c.samplerVsStraightforward, expected: 0, tolerance: 1e-10, comparison: "abs", note: "12 fixed initial points, both feature families" }),
    checkClaim({ id: "V-C17h", paper: PAPER, statement: "2-D histogram convention: right-open bins on linspace(−1.5, 1.5, 201), out-of-range samples dropped", measured: c.histogramConvention ? 1 : 0, expected: 1, tolerance: 0, comparison: "abs", note: "8 fixed points on and outside the edges" }),
  ];
}
