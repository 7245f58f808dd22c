/**
 * The per-model work of V-S2 (train, evaluate μ̂ at the probe points, optionally sample a density), and the
 * densities of Gaussian-W surrogate models, as independent units run on several threads (src/core/parallel.ts), writing
 * into SharedArrayBuffers. Every unit's random streams depend only on (seed, P, k), so the results are
 * bit-identical for any thread count.
 */
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { vastolaEulerGrid } from "../../variance/sampler.js";
import { gaussianFeatureAxis } from "../../features/axis.js";
import { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserAt, linearDenoiserTable1d, type LinearDenoiser1d } from "../../features/linear1d.js";
import { FastNormalStream } from "../../core/fastnormal.js";
import { sampleDensity } from "./f2-models.js";
import { runUnitsInParallel } from "../../core/parallel.js";

/** Everything a thread needs to run V-S2's units (plain data, sent to workers). */
export interface S2Job {
  seed: number;
  eps: number;
  featuresPerAxis: number;
  ridge: number;
  weightGuard: boolean;
  /** training-set sizes P of the ensembles */
  trainSizes: number[];
  /** the P whose models also get a sampled density (V-C16) */
  densitySizes: number[];
  models: number;
  /** probe points, x-major */
  points: { x: number; t: number }[];
  samplesPerModel: number;
  gridPoints: number;
  steps: number;
}

/** The shared output buffers of one V-S2 run. */
export interface S2Buffers {
  /** trainSizes × models × F weights */
  W: SharedArrayBuffer;
  /** trainSizes × models × points values of μ̂ */
  mu: SharedArrayBuffer;
  /** densitySizes × models × bins densities of the trained models */
  density: SharedArrayBuffer;
  /** densitySizes × models × F surrogate weights (input of phase "surrogate") */
  surrogateW: SharedArrayBuffer;
  /** densitySizes × models × bins densities of the surrogate models */
  surrogateDensity: SharedArrayBuffer;
}

/** The lookup grid linspace(−1.5, 1.5, n) and the official 1-D histogram edges around it (spec §2 item 8). */
export function s2Grid(n: number): { grid: Float64Array; edges: Float64Array } {
  const dx = 3 / (n - 1);
  return {
    grid: Float64Array.from({ length: n }, (_, i) => -1.5 + i * dx),
    edges: Float64Array.from({ length: n + 1 }, (_, b) => -1.5 - dx / 2 + b * dx),
  };
}

/** Allocates the shared buffers for a job. */
export function s2Buffers(job: S2Job): S2Buffers {
  const F = job.featuresPerAxis ** 2, N = job.models, S = job.trainSizes.length, D = job.densitySizes.length;
  return {
    W: new SharedArrayBuffer(8 * S * N * F),
    mu: new SharedArrayBuffer(8 * S * N * job.points.length),
    density: new SharedArrayBuffer(8 * D * N * job.gridPoints),
    surrogateW: new SharedArrayBuffer(8 * D * N * F),
    surrogateDensity: new SharedArrayBuffer(8 * D * N * job.gridPoints),
  };
}

/** Number of units of a phase. */
export function s2UnitCount(job: S2Job, phase: "train" | "surrogate"): number {
  return (phase === "train" ? job.trainSizes.length : job.densitySizes.length) * job.models;
}

/** A runner of single units of one phase, with its set-up (axes, grids) done once. */
export function s2UnitRunner(job: S2Job, phase: "train" | "surrogate", buf: S2Buffers): (u: number) => void {
  const set = vastolaGapSet(), schedule = vpSchedule();
  const root = rng(job.seed);
  const xAxis = gaussianFeatureAxis(-1.5, 1.5, job.featuresPerAxis);
  const tAxis = gaussianFeatureAxis(job.eps, 1, job.featuresPerAxis);
  const F = job.featuresPerAxis ** 2, N = job.models, npts = job.points.length, bins = job.gridPoints;
  const g = vastolaEulerGrid(schedule, job.eps, job.steps, 1);
  const times = g.times.subarray(0, job.steps);
  const sdT = Math.sqrt(g.sigma2[0]);
  const { grid, edges } = s2Grid(bins);
  const none = new Float64Array(0);
  const density = (model: LinearDenoiser1d, stream: FastNormalStream): Float64Array =>
    sampleDensity("law", g, grid, linearDenoiserTable1d(model, grid, times), sdT, job.samplesPerModel, stream, none, edges);
  const W = new Float64Array(buf.W), mu = new Float64Array(buf.mu), dens = new Float64Array(buf.density);
  const sW = new Float64Array(buf.surrogateW), sDens = new Float64Array(buf.surrogateDensity);
  if (phase === "train") {
    return (u: number) => {
      const c = Math.floor(u / N), k = u % N, P = job.trainSizes[c];
      const mr = root.fork("train").fork(P).fork(k);
      const train = drawLinearTrainingSet(set, schedule, { samples: P, eps: job.eps, T: 1, rng: mr, weightGuard: job.weightGuard });
      const model = fitLinearDenoiser1d(train, xAxis, tAxis, job.ridge);
      W.set(model.W, u * F);
      job.points.forEach((p, i) => (mu[u * npts + i] = linearDenoiserAt(model, p.x, p.t)));
      const d = job.densitySizes.indexOf(P);
      if (d >= 0) dens.set(density(model, new FastNormalStream(mr.fork("x"))), (d * N + k) * bins);
    };
  }
  return (u: number) => {
    const d = Math.floor(u / N), k = u % N, P = job.densitySizes[d];
    const model: LinearDenoiser1d = { xAxis, tAxis, W: sW.subarray(u * F, (u + 1) * F) };
    sDens.set(density(model, new FastNormalStream(root.fork("surrogate-x").fork(P).fork(k))), u * bins);
  };
}

/** The task data a V-S2 worker receives. */
export interface S2WorkerTask {
  job: S2Job;
  phase: "train" | "surrogate";
  buf: S2Buffers;
}

/**
 * Runs a phase on `threads` threads (the main thread included; see src/core/parallel.ts). `mainFirst` runs on the main
 * thread before it joins the queue (V-S2 computes the quadrature moments there while the workers train). Returns the
 * number of units the main thread had to redo for workers that failed.
 */
export function s2RunPhase(job: S2Job, phase: "train" | "surrogate", buf: S2Buffers, threads: number, mainFirst?: () => void): number {
  const task: S2WorkerTask = { job, phase, buf };
  return runUnitsInParallel(new URL("./s2-worker.js", import.meta.url), task, s2UnitCount(job, phase), threads, s2UnitRunner(job, phase, buf), mainFirst);
}
