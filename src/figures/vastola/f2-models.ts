/**
 * The per-model work of V-F2 (train, tabulate, sample, histogram), split across threads (src/core/parallel.ts): one
 * unit is model k of every panel, and every unit writes its densities into one SharedArrayBuffer. Every model's
 * random streams depend only on (seed, r, c, k), so the result is bit-identical for any thread count. A unit that a
 * failed worker left undone is computed afterwards on the main thread.
 */
import { runUnitsInParallel } from "../../core/parallel.js";
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid, type EulerGrid } from "../../variance/sampler.js";
import { gridHistogram1d } from "../../variance/metrics.js";
import { gaussianFeatureAxis } from "../../features/axis.js";
import { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserTable1d } from "../../features/linear1d.js";
import { tabulatedPfOde1d } from "../../features/sampler.js";
import { FastNormalStream } from "../../core/fastnormal.js";
import { tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts, type PiecewiseAffineMap } from "../../features/pushforward.js";
import type { VastolaF2Params } from "./f2.js";

/**
 * One histogram density of `n` samples of the official tabulated sampler (grid lookup) from N(0, sdT²) initial
 * points, by the exact law (multinomial counts) or directly; `x` is scratch of length n for "direct".
 */
export function sampleDensity(sampling: "law" | "direct", g: EulerGrid, grid: Float64Array, table: Float64Array, sdT: number, n: number, stream: FastNormalStream, x: Float64Array, edges: Float64Array, map?: PiecewiseAffineMap): Float64Array {
  const bins = grid.length, dx = edges[1] - edges[0];
  if (sampling === "direct") {
    stream.fill(x.length === n ? x : (x = new Float64Array(n)), sdT);
    tabulatedPfOde1d(g, grid, table, x);
    return gridHistogram1d(x, bins).density;
  }
  const m = map ?? tabulatedPfOdeMap1d(g, grid, table, 10 * sdT);
  const counts = multinomialCounts(pushforwardBinMasses(m, sdT, edges), n, stream);
  let inRange = 0;
  for (let b = 0; b < bins; b++) inRange += counts[b];
  const out = new Float64Array(bins);
  if (inRange > 0) for (let b = 0; b < bins; b++) out[b] = counts[b] / (inRange * dx);
  return out;
}


/**
 * Fills `out` (panels × models × bins, panel-major as rows × columns) with the density of every model k with
 * k % parts === part.
 */
export function fillF2Models(params: Required<VastolaF2Params>, grid: Float64Array, edges: Float64Array, out: Float64Array, part: number, parts: number): void {
  const set = vastolaGapSet(), schedule = vpSchedule();
  const root = rng(params.seed);
  const xAxis = gaussianFeatureAxis(-1.5, 1.5, params.featuresPerAxis);
  const bins = grid.length, M = params.models, C = params.trainSizes.length;
  const x = new Float64Array(params.sampling === "direct" ? params.samplesPerModel : 0);
  params.epsilons.forEach((eps, r) => {
    const g = vastolaEulerGrid(schedule, eps, params.steps, 1);
    const times = g.times.subarray(0, params.steps);
    const sdT = Math.sqrt(g.sigma2[0]);
    const tAxis = gaussianFeatureAxis(eps, 1, params.featuresPerAxis);
    params.trainSizes.forEach((P, c) => {
      for (let k = part; k < M; k += parts) {
        const mr = root.fork("train").fork(r).fork(c).fork(k);
        const train = drawLinearTrainingSet(set, schedule, { samples: P, eps, T: 1, rng: mr, weightGuard: params.weightGuard });
        const model = fitLinearDenoiser1d(train, xAxis, tAxis, params.ridge);
        const table = linearDenoiserTable1d(model, grid, times);
        const density = sampleDensity(params.sampling, g, grid, table, sdT, params.samplesPerModel, new FastNormalStream(mr.fork("x")), x, edges);
        out.set(density, ((r * C + c) * M + k) * bins);
      }
    });
  });
}

/** What the worker threads of {@link f2ModelDensities} receive. */
export interface F2WorkerTask {
  params: Required<VastolaF2Params>;
  grid: Float64Array;
  edges: Float64Array;
  sab: SharedArrayBuffer;
}

/** Unit k of V-F2's ensembles: model k of every panel, written into the shared densities. */
export function f2UnitRunner(task: F2WorkerTask): (k: number) => void {
  const out = new Float64Array(task.sab);
  return (k) => fillF2Models(task.params, task.grid, task.edges, out, k, task.params.models);
}

/**
 * All models' densities (panels × models × bins), on `params.threads` threads; `fallbacks` counts the models that
 * the main thread had to redo for a failed worker (0 normally).
 */
export function f2ModelDensities(params: Required<VastolaF2Params>, grid: Float64Array, edges: Float64Array): { densities: Float64Array; fallbacks: number } {
  const n = params.epsilons.length * params.trainSizes.length * params.models * grid.length;
  const task: F2WorkerTask = { params, grid, edges, sab: new SharedArrayBuffer(n * 8) };
  const threads = Math.min(params.threads, params.models);
  const fallbacks = runUnitsInParallel(new URL("./f2-worker.js", import.meta.url), task, params.models, threads, f2UnitRunner(task));
  return { densities: new Float64Array(task.sab), fallbacks };
}
