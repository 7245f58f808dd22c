/**
 * The per-model work of V-F3 (train, tabulate, sample, histogram, region masses), split across threads like V-F2's
 * (src/core/parallel.ts): models are grouped in fixed blocks of {@link VASTOLA_F3_BLOCK} per panel, and unit u of
 * `parts` takes the blocks b ≡ u (mod parts), writing into SharedArrayBuffers each block's summed images (joint
 * probabilities and column-normalized) and each model's region sums. Every model's random streams depend only on
 * (seed, row, column, model) and every sum runs in a fixed order inside a block, so the result is bit-identical for
 * any thread count. A unit that a failed worker left undone is cleared and computed again on the main thread.
 */
import { runUnitsInParallel } from "../../core/parallel.js";
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaSquareSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid } from "../../variance/sampler.js";
import { gaussianFeatureAxis, fourierFeatureAxis, type FeatureAxis } from "../../features/axis.js";
import { drawLinearTrainingSet2d, fitLinearDenoiser2d, linearDenoiserTable2d } from "../../features/linear2d.js";
import { tabulatedPfOde2d } from "../../features/sampler2d.js";
import { histogram2dInto, histogramEdges2d, columnNormalized2d } from "../../features/histogram2d.js";
import { FastNormalStream } from "../../core/fastnormal.js";
import { vastolaF3RegionMask, vastolaF3RegionSumsInto } from "./f3-metrics.js";

/** Models per block (the unit of work and of summation order). */
export const VASTOLA_F3_BLOCK = 25;
/** Numbers stored per model: 6 joint region masses, 6 column-normalized region sums and that image's total. */
export const VASTOLA_F3_PER_MODEL = 13;

/** The fully specified parameters the model work needs (see ./f3.ts for their meaning and defaults). */
export interface VastolaF3ModelParams {
  kinds: ("gaussian" | "fourier")[];
  thetas: number[];
  models: number;
  trainSize: number;
  samplesPerModel: number;
  featuresPerAxis: number;
  gridPoints: number;
  bins: number;
  ridge: number;
  eps: number;
  steps: number;
  seed: number;
  threads: number;
}

/** The (x, y, t) feature axes of one row: Gaussian bumps (sd half the spacing) or Fourier, x and y on [−1.5, 1.5], t on [ε, 1]. */
export function vastolaF3Axes(kind: "gaussian" | "fourier", F: number, eps: number): [FeatureAxis, FeatureAxis, FeatureAxis] {
  if (kind === "gaussian") return [gaussianFeatureAxis(-1.5, 1.5, F), gaussianFeatureAxis(-1.5, 1.5, F), gaussianFeatureAxis(eps, 1, F)];
  return [fourierFeatureAxis(-1.5, 1.5, F), fourierFeatureAxis(-1.5, 1.5, F), fourierFeatureAxis(eps, 1, F)];
}

/** The training points of column c scaled by α_ε (where the shape masses are centred), M × 2 row-major. */
export function vastolaF3ScaledPoints(thetaDeg: number, eps: number): Float64Array {
  const set = vastolaSquareSet((thetaDeg * Math.PI) / 180);
  const a = vpSchedule().alpha(eps);
  return Float64Array.from(set.points, (v) => a * v);
}

/** The lookup grid linspace(−1.5, 1.5, n) with numpy's formula i·(3/(n − 1)) − 1.5, last point exactly 1.5. */
export function vastolaF3Grid(n: number): Float64Array {
  const step = 3 / (n - 1);
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 1.5 : i * step - 1.5));
}

/** Blocks per panel. */
export function vastolaF3BlocksPerPanel(models: number): number {
  return Math.ceil(models / VASTOLA_F3_BLOCK);
}

/**
 * Computes every block b with b % parts === part (blocks numbered panel-major, panel = row·columns + column):
 * images[(block·2 + 0)·bins²…] += joint probabilities, images[(block·2 + 1)·bins²…] += column-normalized image
 * (both [ix, iy]), masses[(panel·models + k)·13 …] = the model's region numbers.
 */
export function fillF3Blocks(p: VastolaF3ModelParams, images: Float64Array, masses: Float64Array, part: number, parts: number): void {
  const schedule = vpSchedule();
  const root = rng(p.seed);
  const g = vastolaEulerGrid(schedule, p.eps, p.steps, 1);
  const times = g.times.subarray(0, p.steps);
  const sdT = Math.sqrt(g.sigma2[0]);
  const grid = vastolaF3Grid(p.gridPoints);
  const edges = histogramEdges2d(p.bins, -1.5, 1.5);
  const centers = Float64Array.from({ length: p.bins }, (_, k) => (edges[k] + edges[k + 1]) / 2);
  const nb = vastolaF3BlocksPerPanel(p.models), C = p.thetas.length, B2 = p.bins * p.bins;
  const table = new Float64Array(2 * p.gridPoints * p.gridPoints * p.steps);
  const x = new Float64Array(p.samplesPerModel), y = new Float64Array(p.samplesPerModel);
  const counts = new Float64Array(B2), pub = new Float64Array(B2), joint = new Float64Array(B2);
  const axes = new Map<string, [FeatureAxis, FeatureAxis, FeatureAxis]>();
  const masks = new Map<number, Uint8Array>();
  const totalBlocks = p.kinds.length * C * nb;
  for (let blk = part; blk < totalBlocks; blk += parts) {
    const panel = Math.floor(blk / nb), b = blk % nb;
    const r = Math.floor(panel / C), c = panel % C;
    const kind = p.kinds[r];
    if (!axes.has(kind)) axes.set(kind, vastolaF3Axes(kind, p.featuresPerAxis, p.eps));
    const [xa, ya, ta] = axes.get(kind)!;
    if (!masks.has(c)) masks.set(c, vastolaF3RegionMask(vastolaF3ScaledPoints(p.thetas[c], p.eps), centers));
    const mask = masks.get(c)!;
    const set = vastolaSquareSet((p.thetas[c] * Math.PI) / 180);
    const imgJ = images.subarray((blk * 2) * B2, (blk * 2 + 1) * B2), imgP = images.subarray((blk * 2 + 1) * B2, (blk * 2 + 2) * B2);
    for (let k = b * VASTOLA_F3_BLOCK; k < Math.min(p.models, (b + 1) * VASTOLA_F3_BLOCK); k++) {
      const mr = root.fork("train").fork(r).fork(c).fork(k);
      const train = drawLinearTrainingSet2d(set, schedule, { samples: p.trainSize, eps: p.eps, T: 1, rng: mr });
      const model = fitLinearDenoiser2d(train, xa, ya, ta, p.ridge);
      linearDenoiserTable2d(model, grid, grid, times, table);
      const stream = new FastNormalStream(mr.fork("x"));
      stream.fill(x, sdT);
      stream.fill(y, sdT);
      tabulatedPfOde2d(g, grid, grid, table, x, y);
      counts.fill(0);
      const inRange = histogram2dInto(x, y, edges, counts);
      const s = 1 / Math.max(1, inRange);
      for (let q = 0; q < B2; q++) joint[q] = counts[q] * s;
      columnNormalized2d(counts, p.bins, pub);
      for (let q = 0; q < B2; q++) {
        imgJ[q] += joint[q];
        imgP[q] += pub[q];
      }
      const off = (panel * p.models + k) * VASTOLA_F3_PER_MODEL;
      vastolaF3RegionSumsInto(joint, mask, masses, off); // joint masses (its total, 1, is overwritten next)
      vastolaF3RegionSumsInto(pub, mask, masses, off + 6);
    }
  }
}

/** What the worker threads of {@link f3ModelResults} receive. */
export interface F3WorkerTask {
  params: VastolaF3ModelParams;
  sabI: SharedArrayBuffer;
  sabM: SharedArrayBuffer;
  parts: number;
}

/** Unit u of V-F3's ensembles: the blocks b ≡ u (mod parts), their image share cleared first (a redo starts clean). */
export function f3UnitRunner(task: F3WorkerTask): (u: number) => void {
  const images = new Float64Array(task.sabI), masses = new Float64Array(task.sabM);
  return (u) => {
    clearShare(task.params, images, u, task.parts);
    fillF3Blocks(task.params, images, masses, u, task.parts);
  };
}

/**
 * All blocks' images and all models' region numbers on `p.threads` threads; `fallbacks` counts the shares the main
 * thread had to redo for a failed worker (0 normally).
 */
export function f3ModelResults(p: VastolaF3ModelParams): { images: Float64Array; masses: Float64Array; fallbacks: number } {
  const blocks = p.kinds.length * p.thetas.length * vastolaF3BlocksPerPanel(p.models);
  const nImg = blocks * 2 * p.bins * p.bins, nMass = p.kinds.length * p.thetas.length * p.models * VASTOLA_F3_PER_MODEL;
  const parts = Math.max(1, Math.min(p.threads, blocks));
  const task: F3WorkerTask = { params: p, sabI: new SharedArrayBuffer(nImg * 8), sabM: new SharedArrayBuffer(nMass * 8), parts };
  const fallbacks = runUnitsInParallel(new URL("./f3-worker.js", import.meta.url), task, parts, parts, f3UnitRunner(task));
  return { images: new Float64Array(task.sabI), masses: new Float64Array(task.sabM), fallbacks };
}

function clearShare(p: VastolaF3ModelParams, images: Float64Array, part: number, parts: number): void {
  const nb = vastolaF3BlocksPerPanel(p.models), B2 = p.bins * p.bins;
  const total = p.kinds.length * p.thetas.length * nb;
  for (let blk = part; blk < total; blk += parts) images.fill(0, blk * 2 * B2, (blk * 2 + 2) * B2);
}
