/**
 * The start-here figure: one DDPM sampler, two denoisers fitted to the same few training points.
 * - The exact empirical denoiser (the optimum for the training set itself) makes every sample land on a training
 *   point: memorization.
 * - The Gaussian posterior-mean denoiser of the Gaussian fit N(m̂, Ĉ) of the same points (what a linear model
 *   trained to convergence learns, Merger & Goldt §2) spreads samples over a whole ellipse: generalization.
 */
import { Matrix } from "ml-matrix";
import { gaussian, sampleGaussian } from "../core/gaussian.js";
import { rng } from "../core/rng.js";
import { sampleCovariance, columnMeans } from "../core/linalg.js";
import { requireInteger, requirePositive } from "../core/validate.js";
import { ddpmSchedule } from "../diffusion/ddpm.js";
import { sampleAncestral } from "../diffusion/ancestral.js";
import { empiricalDenoiser } from "../denoisers/empirical.js";
import { gaussianDenoiser } from "../denoisers/gaussian.js";
import { fractionWithin, nearestDistances } from "../memorization/nearest.js";
import { checkClaim, type Claim } from "../claims.js";
import type { FigureResult, Trace } from "../plot/figure.js";

export interface StartHereParams {
  /** training points drawn from the 2-D data distribution (integer ≥ 3; default 6) */
  trainingPoints?: number;
  /** samples per model (integer ≥ 10; default 400) */
  samples?: number;
  /** seed of every random draw (default 7) */
  seed?: number;
  /** DDPM steps (default 1000, β from 1e-4 to 1e-2) */
  T?: number;
  /** a sample is "on" a training point when closer than this (default 0.05; the data have unit scale) */
  radius?: number;
}

export interface StartHereData {
  params: Required<StartHereParams>;
  /** training points, N × 2 */
  training: Matrix;
  /** samples of the sampler with the exact empirical denoiser, n × 2 */
  memorizing: Matrix;
  /** samples of the sampler with the Gaussian-fit denoiser, n × 2 */
  generalizing: Matrix;
  /** fraction of samples within `radius` of a training point, per model */
  onTrainingPoint: { memorizing: number; generalizing: number };
}

/** The 2-D data distribution of the tour: a correlated Gaussian with unit-scale variances. */
export const START_HERE_COVARIANCE = [
  [1.0, 0.6],
  [0.6, 0.7],
];

function scatter(m: Matrix, name: string, style: { [k: string]: unknown }, axis: string): Trace {
  return { type: "scatter", mode: "markers", name, x: m.getColumn(0), y: m.getColumn(1), xaxis: `x${axis}`, yaxis: `y${axis}`, ...style };
}

/**
 * Memorization vs generalization on a tiny 2-D example (the figure of `00-start-here.ipynb`).
 * Deterministic for a given seed: the training set, then each model's samples, use forks of one seeded stream.
 */
export function memorizationVersusGeneralization(p: StartHereParams = {}): FigureResult<StartHereData> {
  const params: Required<StartHereParams> = {
    trainingPoints: requireInteger("trainingPoints", p.trainingPoints ?? 6, 3, 1000),
    samples: requireInteger("samples", p.samples ?? 400, 10, 1e6),
    seed: requireInteger("seed", p.seed ?? 7, 0, 2 ** 32 - 1),
    T: requireInteger("T", p.T ?? 1000, 10, 1e5),
    radius: requirePositive("radius", p.radius ?? 0.05),
  };
  const root = rng(params.seed);
  const population = gaussian([0, 0], new Matrix(START_HERE_COVARIANCE));
  const training = sampleGaussian(population, root.fork("training"), params.trainingPoints);
  const schedule = ddpmSchedule({ T: params.T });
  const memorizing = sampleAncestral(empiricalDenoiser(training), schedule, root.fork("memorizing"), params.samples);
  const fit = gaussianDenoiser(columnMeans(training), sampleCovariance(training, { center: true }));
  const generalizing = sampleAncestral(fit, schedule, root.fork("generalizing"), params.samples);
  const onTrainingPoint = {
    memorizing: fractionWithin(memorizing, training, params.radius),
    generalizing: fractionWithin(generalizing, training, params.radius),
  };

  // how many memorizing samples landed on each training point (they stack exactly, so say it in words)
  const counts = new Array<number>(training.rows).fill(0);
  const { index } = nearestDistances(memorizing, training);
  for (const n of index) counts[n]++;
  const trainStyle = { marker: { symbol: "circle-open", size: 16, color: "black", line: { width: 2 } } };
  const sampleStyle = (color: string) => ({ marker: { size: 5, color, opacity: 0.6 } });
  const pct = (f: number) => `${(100 * f).toFixed(1)}%`;
  const panelTitle = (text: string, x: number) => ({ text, x, y: 1.0, xref: "paper", yref: "paper", showarrow: false, xanchor: "center", yanchor: "bottom", font: { size: 13 } });
  const figure = {
    id: "start-here",
    parameters: { ...params },
    data: [
      scatter(training, "training points", { ...trainStyle, legendgroup: "train" }, ""),
      scatter(memorizing, "samples (×k: how many landed on that point)", sampleStyle("#d62728"), ""),
      {
        type: "scatter", mode: "text", x: training.getColumn(0), y: training.getColumn(1), xaxis: "x", yaxis: "y",
        text: counts.map((c) => `×${c}`), textposition: "middle left", textfont: { size: 11, color: "#d62728" },
        showlegend: false, hoverinfo: "skip",
      },
      scatter(training, "training points", { ...trainStyle, legendgroup: "train", showlegend: false }, "2"),
      scatter(generalizing, "samples, Gaussian-fit denoiser", sampleStyle("#1f77b4"), "2"),
    ],
    layout: {
      title: { text: `One sampler, the same ${params.trainingPoints} training points, two denoisers` },
      width: 860,
      height: 480,
      xaxis: { domain: [0, 0.46], title: { text: "x₁" } },
      yaxis: { title: { text: "x₂" }, scaleanchor: "x" },
      xaxis2: { domain: [0.54, 1], title: { text: "x₁" }, matches: "x" },
      yaxis2: { anchor: "x2", matches: "y" },
      annotations: [
        panelTitle(`exact empirical denoiser: memorizes<br>${pct(onTrainingPoint.memorizing)} of samples on a training point`, 0.23),
        panelTitle(`Gaussian-fit denoiser: generalizes<br>${pct(onTrainingPoint.generalizing)} of samples on a training point`, 0.77),
      ],
      legend: { orientation: "h", y: -0.18 },
      margin: { t: 95 },
    },
  };
  return { data: { params, training, memorizing, generalizing, onTrainingPoint }, figure };
}

/**
 * The tour's two claims. START-C1: the empirical denoiser's samples sit on training points (≥ 99% within the
 * radius). START-C2: the Gaussian fit's samples do not (≤ 5% within the radius; by chance alone one expects about
 * N·πr²·density ≈ 1%).
 */
export function startHereClaims(data: StartHereData): Claim[] {
  const r = data.params.radius;
  return [
    checkClaim({
      id: "START-C1",
      paper: "start-here",
      statement: `The exact empirical denoiser memorizes: its samples land within ${r} of a training point`,
      measured: data.onTrainingPoint.memorizing,
      expected: 0.99,
      comparison: ">=",
      note: `fraction of ${data.params.samples} samples; T = ${data.params.T}`,
    }),
    checkClaim({
      id: "START-C2",
      paper: "start-here",
      statement: `The Gaussian-fit denoiser generalizes: few of its samples land within ${r} of a training point`,
      measured: data.onTrainingPoint.generalizing,
      expected: 0.05,
      comparison: "<=",
      note: `fraction of ${data.params.samples} samples`,
    }),
  ];
}
