/**
 * The samples of V-S1, computed up front as independent units (κ index, scheme, batch) on several threads
 * (src/core/parallel.ts). Unit (k, scheme, b) runs exactly what V-S1 always ran for that batch: the PF-ODE for κ = 0,
 * else the naive estimator of that scheme (step noise from the chosen `noise` source), with the stream
 * `rng(seed).fork(k).fork(b)`. So the samples are bit-identical to a single-threaded run, for any thread count.
 */
import { rng } from "../../core/rng.js";
import { vpSchedule } from "../../diffusion/vp.js";
import { vastolaGapSet } from "../../variance/pointmass.js";
import { naiveEstimatorSample, pointMassPfOde } from "../../variance/sampler.js";
import { runUnitsInParallel } from "../../core/parallel.js";

/** The parameters a V-S1 unit needs (a subset of the validated VastolaS1Params). */
export interface S1SampleParams {
  kappas: number[];
  eps: number;
  steps: number;
  batches: number;
  batchSize: number;
  identitySamples: number;
  seed: number;
  threads: number;
  noise: "mt19937" | "xoshiro";
}

/** A V-S1 worker's task: the parameters and the shared sample buffer (units × batchSize). */
export interface S1WorkerTask {
  params: S1SampleParams;
  buffer: SharedArrayBuffer;
}

type Scheme = "categorical" | "gaussian";

/** The (κ index, scheme) runs: both schemes for κ > 0, one PF-ODE run for κ = 0. */
function s1Runs(p: S1SampleParams): { k: number; scheme: Scheme }[] {
  return p.kappas.flatMap((kappa, k) => (kappa === 0 ? [{ k, scheme: "categorical" as Scheme }] : [{ k, scheme: "categorical" as Scheme }, { k, scheme: "gaussian" as Scheme }]));
}

/** The runner of unit u = run·batches + b, writing its batch of samples into the shared buffer. */
export function s1UnitRunner(task: S1WorkerTask): (u: number) => void {
  const { params: p } = task;
  const set = vastolaGapSet(), schedule = vpSchedule();
  const root = rng(p.seed);
  const runs = s1Runs(p);
  const out = new Float64Array(task.buffer);
  return (u: number) => {
    const { k, scheme } = runs[Math.floor(u / p.batches)];
    const b = u % p.batches;
    const kappa = p.kappas[k];
    const r = root.fork(k).fork(b);
    const o = { eps: p.eps, steps: p.steps, samples: p.batchSize, rng: r };
    const x = kappa === 0 ? pointMassPfOde(set, schedule, o) : naiveEstimatorSample(set, schedule, { ...o, kappa, scheme, noise: p.noise });
    out.set(x, u * p.batchSize);
  };
}

/**
 * All batches of all runs. `get(k, scheme, b)` returns batch b of κ index k (for κ = 0 both schemes name the PF-ODE
 * run). `mainFirst` runs on the main thread while the workers start.
 */
export function s1AllSamples(p: S1SampleParams, mainFirst?: () => void): { get: (k: number, scheme: Scheme, b: number) => Float64Array } {
  const runs = s1Runs(p);
  const total = runs.length * p.batches;
  const task: S1WorkerTask = { params: { ...p, kappas: [...p.kappas] }, buffer: new SharedArrayBuffer(8 * total * p.batchSize) };
  runUnitsInParallel(new URL("./s1-worker.js", import.meta.url), task, total, Math.min(p.threads, total), s1UnitRunner(task), mainFirst);
  const all = new Float64Array(task.buffer);
  return {
    get: (k, scheme, b) => {
      const r = runs.findIndex((q) => q.k === k && (p.kappas[k] === 0 || q.scheme === scheme));
      const u = r * p.batches + b;
      return all.slice(u * p.batchSize, (u + 1) * p.batchSize);
    },
  };
}

/**
 * V-C6: samples of the naive estimator at κ = 0 (both schemes) that differ, bit for bit, from the PF-ODE's for the
 * common stream `rng(seed).fork("identity")`.
 */
export function s1IdentityMismatches(p: S1SampleParams): number {
  const set = vastolaGapSet(), schedule = vpSchedule();
  const idRng = rng(p.seed).fork("identity");
  const o = { eps: p.eps, steps: p.steps, samples: p.identitySamples, rng: idRng };
  const ode = pointMassPfOde(set, schedule, o);
  let mismatches = 0;
  for (const scheme of ["categorical", "gaussian"] as const) {
    const naive = naiveEstimatorSample(set, schedule, { ...o, kappa: 0, scheme, noise: p.noise });
    for (let i = 0; i < ode.length; i++) if (!Object.is(naive[i], ode[i])) mismatches++;
  }
  return mismatches;
}
