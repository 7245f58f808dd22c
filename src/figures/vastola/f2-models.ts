/**
 * The per-model work of V-F2 (train, tabulate, sample, histogram), split across threads: the main thread and up to
 * `threads − 1` worker threads each take the models k ≡ part (mod threads) of every panel and write their densities
 * into one SharedArrayBuffer; the main thread blocks on Atomics.wait until the workers are done. Every model's
 * random streams depend only on (seed, r, c, k), so the result is bit-identical for any thread count. If a worker
 * fails or does not start within 10 s, the main thread computes its share itself.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid, type EulerGrid } from "../../variance/sampler.js";
import { gridHistogram1d } from "../../variance/metrics.js";
import { gaussianFeatureAxis } from "../../features/axis.js";
import { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserTable1d } from "../../features/linear1d.js";
import { tabulatedPfOde1d } from "../../features/sampler.js";
import { FastNormalStream } from "../../features/fastnormal.js";
import { tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts, type PiecewiseAffineMap } from "../../features/pushforward.js";
import type { VastolaF2Params } from "./f2.js";

/** min(2, available cores): the spec's machine has 2. */
export function defaultThreads(): number {
  try {
    return Math.max(1, Math.min(2, availableParallelism()));
  } catch {
    return 1;
  }
}

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

/**
 * All models' densities (panels × models × bins), on `params.threads` threads; `fallbacks` counts the worker shares
 * that the main thread had to compute itself.
 */
export function f2ModelDensities(params: Required<VastolaF2Params>, grid: Float64Array, edges: Float64Array): { densities: Float64Array; fallbacks: number } {
  const n = params.epsilons.length * params.trainSizes.length * params.models * grid.length;
  const parts = Math.min(params.threads, params.models);
  if (parts <= 1) {
    const out = new Float64Array(n);
    fillF2Models(params, grid, edges, out, 0, 1);
    return { densities: out, fallbacks: 0 };
  }
  const sab = new SharedArrayBuffer(n * 8);
  const out = new Float64Array(sab);
  const flags = new Int32Array(new SharedArrayBuffer(4 * parts)); // 0 pending, 1 started, 2 done, 3 failed
  const workers: (Worker | null)[] = [null];
  for (let w = 1; w < parts; w++) {
    try {
      workers.push(new Worker(new URL("./f2-worker.js", import.meta.url), { workerData: { params, grid, edges, sab, flags: flags.buffer, part: w, parts } }));
    } catch {
      workers.push(null);
      Atomics.store(flags, w, 3);
    }
  }
  fillF2Models(params, grid, edges, out, 0, parts);
  let fallbacks = 0;
  for (let w = 1; w < parts; w++) {
    const t0 = Date.now();
    for (;;) {
      const f = Atomics.load(flags, w);
      if (f >= 2) break;
      if (f === 0 && Date.now() - t0 > 10000) break;
      Atomics.wait(flags, w, f, 200);
    }
    const f = Atomics.load(flags, w);
    if (f !== 2) {
      fillF2Models(params, grid, edges, out, w, parts); // deterministic: the same values the worker would write
      fallbacks++;
    }
    void workers[w]?.terminate();
  }
  return { densities: out, fallbacks };
}
