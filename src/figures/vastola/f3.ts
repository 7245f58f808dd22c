/**
 * Vastola V-F3 (spec §3, Fig. 3): features × orientation in 2-D. Four training points (cos(iπ/2 + θ), sin(iπ/2 + θ)),
 * θ ∈ {0°, 22.5°, 45°} (columns); linear denoisers on 10 × 10 × 10 tensor-product features in (x, y, t), Gaussian
 * (top row) or Fourier (bottom row), each trained by weighted ridge (ρ = 0.1) on P = 500 noisy samples (dual solve,
 * Hadamard Gram); author's VP schedule, ε = 0.01; the official 30-step Euler PF-ODE with "first grid point ≥ value"
 * lookup on a 200 × 200 grid over [−1.5, 1.5]²; 1e5 samples per model; 100 models per panel. Each panel shows the
 * model-averaged 2-D histogram; every Monte Carlo number is a mean ± SE across models (the independent unit).
 */
import { meanWithError, type MeanEstimate } from "../../core/montecarlo.js";
import { DomainError, requireInteger, requireInRange } from "../../core/validate.js";
import type { Trace } from "../../plot/figure.js";
import type { FigureResult } from "../../plot/figure.js";
import { defaultThreads } from "../../core/parallel.js";
import { f3ModelResults, vastolaF3BlocksPerPanel, vastolaF3ScaledPoints, VASTOLA_F3_PER_MODEL } from "./f3-models.js";
import { VASTOLA_F3_REGION_NAMES, type VastolaF3RegionName } from "./f3-metrics.js";
import { histogramEdges2d } from "../../features/histogram2d.js";
import { vastolaSquareSet } from "../../variance/pointmass.js";

export interface VastolaF3Params {
  /** feature families, one row each, top to bottom (default ["gaussian", "fourier"], official) */
  kinds?: ("gaussian" | "fourier")[];
  /** rotations θ in degrees, one column each (default [0, 22.5, 45], official) */
  thetas?: number[];
  /** models per panel (integer in [2, 1e4]; default 100, official) */
  models?: number;
  /** training samples P per model (integer in [1, 1e5]; default 500, official) */
  trainSize?: number;
  /** samples per model (integer in [10, 1e7]; default 1e5, official) */
  samplesPerModel?: number;
  /** features per axis (x, y and t; integer in [2, 32]; default 10, so F = 1000, official) */
  featuresPerAxis?: number;
  /** lookup grid linspace(−1.5, 1.5, gridPoints) on each axis (default 200, official) */
  gridPoints?: number;
  /** histogram bins per axis on [−1.5, 1.5] (default 200, official) */
  bins?: number;
  /** ridge ρ, not scaled with P (default 0.1, official) */
  ridge?: number;
  /** cutoff ε (default 0.01, official) */
  eps?: number;
  /** Euler steps (default 30, official) */
  steps?: number;
  /** seed (default 1) */
  seed?: number;
  /** threads (integer in [1, 8]; default min(2, available cores)); results do not depend on it */
  threads?: number;
}

/** One region's masses: the joint density's (mean ± SE over models) and the as-published image's (ratio estimate ± SE). */
export type VastolaF3Masses = Record<VastolaF3RegionName, MeanEstimate>;

/** One panel (feature family, θ). */
export interface VastolaF3Panel {
  kind: "gaussian" | "fourier";
  /** θ in degrees */
  theta: number;
  /** the training points μ_m (M × 2, row-major) */
  points: Float64Array;
  /** α_ε μ_m, where the shape regions are centred */
  scaledPoints: Float64Array;
  /** model-averaged joint probabilities per bin, [ix·bins + iy] (sums to 1) */
  joint: Float64Array;
  /** model-averaged column-normalized image p(y | x) of the official code (erratum V-E2), [ix·bins + iy] */
  published: Float64Array;
  /** joint shape masses, mean ± SE across models */
  masses: VastolaF3Masses;
  /** shape masses of the as-published image: region sum / total of the averaged image, ± SE (ratio estimator across models) */
  publishedMasses: VastolaF3Masses;
  /** per-model edges − diagonals of the joint density, mean ± SE (paired across models; V-C13) */
  edgesMinusDiagonals: MeanEstimate;
}

export interface VastolaF3Data {
  params: Required<VastolaF3Params>;
  /** histogram bin centres (both axes) */
  centers: Float64Array;
  /** panels row-major: panels[r · columns + c] */
  panels: VastolaF3Panel[];
  /** wall-clock seconds of the run */
  seconds: number;
  /** worker-thread shares computed on the main thread instead (0 when threads = 1) */
  threadFallbacks: number;
  /** every model's 13 region numbers, (panel·models + k)·13 + j (6 joint masses, 6 column-normalized sums, its total) */
  modelNumbers: Float64Array;
}

const DEFAULTS: Required<VastolaF3Params> = {
  kinds: ["gaussian", "fourier"], thetas: [0, 22.5, 45], models: 100, trainSize: 500, samplesPerModel: 1e5, featuresPerAxis: 10,
  gridPoints: 200, bins: 200, ridge: 0.1, eps: 0.01, steps: 30, seed: 1, threads: defaultThreads(),
};

function validateF3(p: VastolaF3Params): Required<VastolaF3Params> {
  const kinds = p.kinds ?? DEFAULTS.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => k !== "gaussian" && k !== "fourier")) throw new DomainError("kinds", `must be a non-empty list of "gaussian" and "fourier"; got ${JSON.stringify(kinds)}`);
  const thetas = p.thetas ?? DEFAULTS.thetas;
  if (!Array.isArray(thetas) || thetas.length === 0 || thetas.some((v) => typeof v !== "number" || !Number.isFinite(v))) throw new DomainError("thetas", `must be a non-empty list of finite angles in degrees; got ${JSON.stringify(thetas)}`);
  return {
    kinds: [...kinds], thetas: [...thetas],
    models: requireInteger("models", p.models ?? DEFAULTS.models, 2, 1e4),
    trainSize: requireInteger("trainSize", p.trainSize ?? DEFAULTS.trainSize, 1, 1e5),
    samplesPerModel: requireInteger("samplesPerModel", p.samplesPerModel ?? DEFAULTS.samplesPerModel, 10, 1e7),
    featuresPerAxis: requireInteger("featuresPerAxis", p.featuresPerAxis ?? DEFAULTS.featuresPerAxis, 2, 32),
    gridPoints: requireInteger("gridPoints", p.gridPoints ?? DEFAULTS.gridPoints, 2, 2000),
    bins: requireInteger("bins", p.bins ?? DEFAULTS.bins, 2, 2000),
    ridge: requireInRange("ridge", p.ridge ?? DEFAULTS.ridge, 0, 1e6, "lo"),
    eps: requireInRange("eps", p.eps ?? DEFAULTS.eps, 0, 1, "both"),
    steps: requireInteger("steps", p.steps ?? DEFAULTS.steps, 1, 1e4),
    seed: requireInteger("seed", p.seed ?? DEFAULTS.seed, 0, 2 ** 32 - 1),
    threads: requireInteger("threads", p.threads ?? DEFAULTS.threads, 1, 8),
  };
}

/**
 * The ratio estimate R = Σ_k r_k / Σ_k T_k with its delta-method standard error
 * SE = √(Σ_k (r_k − R T_k)² / (n(n − 1))) / mean(T) (the mass of a region in an image averaged over n models).
 * @throws DomainError naming `r` (fewer than 2 values, lengths differ) or `T` (zero total)
 */
export function vastolaRatioEstimate(r: ArrayLike<number>, T: ArrayLike<number>): MeanEstimate {
  const n = r.length;
  if (n < 2 || T.length !== n) throw new DomainError("r", `must hold at least 2 values, as many as T; got ${n} and ${T.length}`);
  let sr = 0, sT = 0;
  for (let k = 0; k < n; k++) { sr += r[k]; sT += T[k]; }
  if (!(sT > 0)) throw new DomainError("T", "must have a positive total");
  const R = sr / sT;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (r[k] - R * T[k]) ** 2;
  return { mean: R, standardError: Math.sqrt(ss / (n * (n - 1))) / (sT / n), n };
}

/** The resolved parameters of a run (all defaults filled in; `threads` does not change any result). */
export function vastolaF3Params(p: VastolaF3Params = {}): Required<VastolaF3Params> {
  return validateF3(p);
}

/** Raw results of a run: per panel the averaged joint and column-normalized images, and the per-model region numbers. */
export interface VastolaF3Raw {
  /** per panel (row-major): [joint, published], each bins² values [ix·bins + iy] */
  images: [Float64Array, Float64Array][];
  /** (panel·models + k)·13 + j: 6 joint region masses, 6 column-normalized region sums, that image's total */
  masses: Float64Array;
}

/** Runs every panel's model ensemble (on `params.threads` threads) and averages the images per panel. */
export function vastolaF3Raw(params: Required<VastolaF3Params>): VastolaF3Raw & { fallbacks: number } {
  const { images, masses, fallbacks } = f3ModelResults({ ...params });
  const nb = vastolaF3BlocksPerPanel(params.models), B2 = params.bins * params.bins, M = params.models;
  const panels = params.kinds.length * params.thetas.length;
  const out: [Float64Array, Float64Array][] = [];
  for (let panel = 0; panel < panels; panel++) {
    const joint = new Float64Array(B2), published = new Float64Array(B2);
    for (let b = 0; b < nb; b++) {
      const blk = panel * nb + b;
      for (let q = 0; q < B2; q++) {
        joint[q] += images[blk * 2 * B2 + q];
        published[q] += images[(blk * 2 + 1) * B2 + q];
      }
    }
    for (let q = 0; q < B2; q++) { joint[q] /= M; published[q] /= M; }
    out.push([joint, published]);
  }
  return { images: out, masses, fallbacks };
}

/** The data of V-F3 (panels, masses ± SE) from raw results, live or cached. */
export function vastolaF3FromRaw(params: Required<VastolaF3Params>, raw: VastolaF3Raw, seconds: number, threadFallbacks = 0): VastolaF3Data {
  const edges = histogramEdges2d(params.bins, -1.5, 1.5);
  const centers = Float64Array.from({ length: params.bins }, (_, k) => (edges[k] + edges[k + 1]) / 2);
  const M = params.models, C = params.thetas.length, masses = raw.masses;
  const panels: VastolaF3Panel[] = [];
  params.kinds.forEach((kind, r) => params.thetas.forEach((theta, c) => {
    const panel = r * C + c;
    const col = (j: number): Float64Array => Float64Array.from({ length: M }, (_, k) => masses[(panel * M + k) * VASTOLA_F3_PER_MODEL + j]);
    const totals = col(12);
    const jm = {} as VastolaF3Masses, pm = {} as VastolaF3Masses;
    VASTOLA_F3_REGION_NAMES.forEach((name, j) => {
      jm[name] = meanWithError(col(j));
      pm[name] = vastolaRatioEstimate(col(6 + j), totals);
    });
    const e = col(1), d = col(2);
    panels.push({
      kind, theta, points: Float64Array.from(vastolaSquareSet((theta * Math.PI) / 180).points), scaledPoints: vastolaF3ScaledPoints(theta, params.eps),
      joint: raw.images[panel][0], published: raw.images[panel][1], masses: jm, publishedMasses: pm,
      edgesMinusDiagonals: meanWithError(Float64Array.from(e, (v, k) => v - d[k])),
    });
  }));
  return { params, centers, panels, seconds, threadFallbacks, modelNumbers: masses };
}

/**
 * Runs V-F3 live: every panel's model ensemble (on worker threads), the averaged images and the shape masses.
 * Model k of panel (r, c) draws its training set from `rng(seed).fork("train").fork(r).fork(c).fork(k)` and its
 * 2 × samplesPerModel initial coordinates (all x, then all y) from a {@link FastNormalStream} seeded by
 * `….fork("x")`. Deterministic bit for bit for a seed, whatever the thread count; model k's numbers do not depend
 * on how many models the run has.
 * @throws DomainError naming a bad parameter
 */
export function vastolaF3(p: VastolaF3Params = {}): FigureResult<VastolaF3Data> {
  const t0 = Date.now();
  const params = validateF3(p);
  const raw = vastolaF3Raw(params);
  const data = vastolaF3FromRaw(params, raw, (Date.now() - t0) / 1000, raw.fallbacks);
  return { data, figure: vastolaF3Figure(data) };
}

/** matplotlib's RdBu_r (ColorBrewer RdBu reversed): low blue, middle white, high red. */
const RDBU_R: [number, string][] = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"].map((c, i) => [i / 10, c]);
/** matplotlib's default colour cycle (tab10). */
const TAB10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

const sig = (v: number): number => (v === 0 ? 0 : Number(v.toPrecision(4)));

/** Options of {@link vastolaF3Figure}. */
export interface VastolaF3FigureOptions {
  /**
   * false (default): the joint density p(x, y) per bin, drawn upright with the data at (cos, sin). true: the
   * published view (errata V-E2, V-E3): the column-normalized image p(y | x), vertically mirrored, squashed into
   * y ∈ [−1.5, 1] (the `extent` typo), markers at (cos, sin − 0.25).
   */
  asPublished?: boolean;
  /** colour scale of the joint view: "log" (default; log₁₀ of the bin probability, floor 1e−7) or "linear" (autoscaled per panel, like imshow) */
  scale?: "log" | "linear";
  /**
   * display resolution per axis (default 100): the bins × bins image is summed over blocks of bins/display bins per
   * axis for drawing (when display divides bins; otherwise drawn at full resolution). Display only: every number
   * in the tables and claims uses the full histogram.
   */
  display?: number;
  /** panels to draw, as indices into data.panels (default all; a subset is drawn in one row, e.g. for a comparison) */
  panels?: number[];
}

/** Sums a [ix·n + iy] image over f × f blocks: an (n/f) × (n/f) image, same layout. */
function pool(img: Float64Array, n: number, f: number): Float64Array {
  if (f === 1) return img;
  const m = n / f, out = new Float64Array(m * m);
  for (let ix = 0; ix < n; ix++) for (let iy = 0; iy < n; iy++) out[Math.floor(ix / f) * m + Math.floor(iy / f)] += img[ix * n + iy];
  return out;
}

/**
 * The 2 × 3 heat maps of Fig. 3 (RdBu_r) with the training points in red and, left of each row, a cartoon of the
 * 10 per-axis features drawn on [0, 1] (as in the paper: Gaussians with sd equal to the spacing; 5 sines and 5
 * cosines).
 */
export function vastolaF3Figure(d: VastolaF3Data, options: VastolaF3FigureOptions = {}): { id: string; data: Trace[]; layout: { [k: string]: unknown } } {
  const pub = options.asPublished === true;
  const scale = options.scale ?? "log";
  if (scale !== "log" && scale !== "linear") throw new DomainError("scale", `must be "log" or "linear"; got ${String(scale)}`);
  const nb = d.params.bins;
  const display = requireInteger("display", options.display ?? 100, 2, 2000);
  const f = nb % display === 0 ? nb / display : 1, n = nb / f;
  const C0 = d.params.thetas.length;
  const chosen = options.panels ?? d.panels.map((_, i) => i);
  chosen.forEach((i) => requireInteger("panels", i, 0, d.panels.length - 1));
  // rows of panels: the figure's own rows (feature families), or one row for a chosen subset
  const rows: number[][] = options.panels ? [chosen] : d.params.kinds.map((_, r) => Array.from({ length: C0 }, (_, c) => r * C0 + c));
  const R = rows.length, C = Math.max(...rows.map((r) => r.length));
  const traces: Trace[] = [];
  const layout: { [k: string]: unknown } = {
    title: { text: pub
      ? "Fig. 3 as published: column-normalized p(y | x), mirrored vertically, squashed to y ∈ [−1.5, 1] (errata V-E2, V-E3)"
      : `Fig. 3: model-averaged joint density (${scale === "log" ? "log₁₀ probability per bin" : "probability per bin"}), ${d.params.models} models × ${d.params.samplesPerModel} samples per panel` },
    width: options.panels ? 300 * C + 80 : 980, height: 300 * R + 90, showlegend: false, margin: { t: 70, l: 20, r: 20, b: 30 }, annotations: [] as unknown[],
  };
  const cartoonW = options.panels ? 0 : 0.14, gap = 0.015;
  const w = (1 - cartoonW - gap * C) / C, h = (1 - 0.04 * (R - 1)) / R;
  let axis = 0;
  const nextAxis = (): string => { axis++; return axis === 1 ? "" : String(axis); };
  const z01 = Array.from({ length: 100 }, (_, i) => i / 99);
  // display grid: centres of the pooled bins on [−1.5, 1.5]; as published, imshow's extent (−1.5, 1.5, −1.5, 1) puts
  // row k at y = −1.5 + (k + 0.5)·2.5/n and the axis is then inverted
  const xs = Array.from({ length: n }, (_, k) => sig(-1.5 + ((k + 0.5) * 3) / n));
  const ys = pub ? Array.from({ length: n }, (_, k) => sig(-1.5 + ((k + 0.5) * 2.5) / n)) : xs;
  rows.forEach((row, r) => {
    const y0 = 1 - (r + 1) * h - r * 0.04, y1 = y0 + h;
    if (!options.panels) {
      // feature cartoon: Gaussians with sd equal to the spacing; 5 sines and 5 cosines (as in the paper)
      const ax = nextAxis();
      layout[`xaxis${ax}`] = { domain: [0, cartoonW], anchor: `y${ax}`, visible: false };
      layout[`yaxis${ax}`] = { domain: [y0 + 0.1 * h, y1 - 0.1 * h], anchor: `x${ax}`, visible: false };
      const kind = d.params.kinds[r];
      for (let i = 0; i < 10; i++) {
        const curve = z01.map((z) => {
          if (kind === "gaussian") return Math.exp(-((z - i / 9) ** 2) / (2 / 81)) * 0.8;
          const k = (i % 5) + 1;
          return 0.4 * (i < 5 ? Math.sin(2 * Math.PI * k * z) : Math.cos(2 * Math.PI * k * z)) + 0.4;
        });
        traces.push({ type: "scatter", mode: "lines", x: z01.map(sig), y: curve.map((v) => sig(v + (9 - i))), line: { color: TAB10[i], width: 2 }, xaxis: `x${ax}`, yaxis: `y${ax}`, hoverinfo: "skip" });
      }
      (layout.annotations as unknown[]).push({ text: kind === "gaussian" ? "Gaussian features" : "Fourier features", x: cartoonW / 2, y: y1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
    }
    row.forEach((pi, c) => {
      const panel = d.panels[pi];
      const a2 = nextAxis();
      const x0 = cartoonW + gap + c * (w + gap);
      const img = pool(pub ? panel.published : panel.joint, nb, f);
      let max = 0;
      for (const v of img) if (v > max) max = v;
      const q = max > 0 ? 10 ** (Math.floor(Math.log10(max)) - 3) : 1; // linear: 4 digits relative to the panel maximum
      const z: number[][] = [];
      for (let iy = 0; iy < n; iy++) {
        const zr = new Array<number>(n);
        for (let ix = 0; ix < n; ix++) {
          const v = img[ix * n + iy];
          zr[ix] = !pub && scale === "log" ? Math.round(Math.log10(Math.max(v, 1e-7)) * 100) / 100 : Number((Math.round(v / q) * q).toPrecision(4));
        }
        z.push(zr);
      }
      traces.push({ type: "heatmap", x: xs, y: ys, z, colorscale: RDBU_R, showscale: false, xaxis: `x${a2}`, yaxis: `y${a2}`, hovertemplate: "x = %{x}<br>y = %{y}<br>%{z}<extra></extra>" });
      const pts = panel.points, M = pts.length / 2;
      const mx: number[] = [], my: number[] = [];
      for (let m = 0; m < M; m++) { mx.push(sig(pts[2 * m])); my.push(sig(pub ? pts[2 * m + 1] - 0.25 : pts[2 * m + 1])); }
      traces.push({ type: "scatter", mode: "markers", x: mx, y: my, marker: { color: "red", size: 9 }, xaxis: `x${a2}`, yaxis: `y${a2}`, hoverinfo: "skip" });
      layout[`xaxis${a2}`] = { domain: [x0, x0 + w], anchor: `y${a2}`, range: [-1.5, 1.5], visible: false };
      layout[`yaxis${a2}`] = { domain: [y0, y1], anchor: `x${a2}`, range: pub ? [1, -1.5] : [-1.5, 1.5], scaleanchor: `x${a2}`, scaleratio: 1, visible: false };
      const title = options.panels ? `${panel.kind === "gaussian" ? "Gaussian" : "Fourier"}, θ = ${panel.theta}°` : `θ = ${panel.theta}°`;
      if (r === 0) (layout.annotations as unknown[]).push({ text: title, x: x0 + w / 2, y: 1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false });
    });
  });
  return { id: pub ? "V-F3-as-published" : "V-F3", data: traces, layout };
}
