// Merger & Goldt benchmarks: the MG-R6 KL-vs-N sweep (target ≤ 5 s) and its parts, against one d = 100 eigen-decomposition.
import { suite } from "./harness.js";
import { klExcessSweep, klExcessSweepParallel, klVersusNParallel, mgCachedMonteCarlo, defaultThreads, mgF1, lossVersusN, mgCachedReplicaCheck, replicaCheck, mgSetting, ridgeAndEarlyStopping, symEig, sampleCovariance, samplePowerLawData, rng, spectralFit, linearSamplingLaw, ddpmSchedule, replicaLosses, powerLawSpectrum } from "difftheory";

const X = samplePowerLawData(100, 1, 400, rng(1));
const C = sampleCovariance(X, { center: false });
const fit = spectralFit(X);
const schedule = ddpmSchedule();
suite("merger-goldt", { name: "core symEig d = 100", fn: () => symEig(C), reps: 20 }, [
  { name: "linearSamplingLaw d = 100, T = 1000", fn: () => linearSamplingLaw(fit, schedule), reps: 20 },
  { name: "replicaLosses d = 100, T = 1000", fn: () => replicaLosses(powerLawSpectrum(100, 1), 50, schedule), reps: 10 },
  { name: "MG-R6 sweep: d = 100, N = 2d..64d, k = 0,1,2, 20 seeds", fn: () => klExcessSweep({ d: 100, ks: [0, 1, 2], ratios: [2, 4, 8, 16, 32, 64], seeds: 20, seed: 2505 }), reps: 1 },
  { name: "MG-R2/R3 sweep (cached MG-C13 check)", fn: () => lossVersusN({ cachedCheck: mgCachedReplicaCheck()?.check }), reps: 1 },
  { name: "MG-C13 replica check live (d = 200, 10 seeds)", fn: () => replicaCheck(mgSetting(), { d: 200, ks: [0, 1, 2], sizes: [50, 100, 400, 1600], seeds: 10, seed: 2505, ridge: 0 }), reps: 1 },
  { name: "MG-R4/R5 sweep (ridge, flow, converged)", fn: () => ridgeAndEarlyStopping(), reps: 1 },
  { name: "MG-F1 (cached spectra and simulations + live slice)", fn: () => mgF1(), reps: 1 },
]);

// The MG-R6 sweep on worker threads (seeds spread over min(2, cores) workers; bit for bit the single-thread cells):
// the issue's ≤ 5 s target is for this one on the 2-core CI machine. Timed once after a warm-up, worker start included.
// On a shared machine wall times are inflated, so the process CPU time (all threads) is printed beside them: on an
// idle 2-core machine the parallel wall time is about CPU / 2.
const sweep = { d: 100, ks: [0, 1, 2], ratios: [2, 4, 8, 16, 32, 64], seeds: 20, seed: 2505 };
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
await klExcessSweepParallel({ ...sweep, seeds: 2 });
for (const [label, run] of [
  ["MG-R6 sweep, one thread", async () => klExcessSweep(sweep)],
  [`MG-R6 sweep on ${defaultThreads()} worker threads (same cells)`, () => klExcessSweepParallel(sweep)],
  ["MG-R6 notebook computation (klVersusNParallel, cached MC)", () => klVersusNParallel({ cachedZScores: mgCachedMonteCarlo()?.zScores })],
] as const) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  console.log(label.padEnd(56) + `${(performance.now() - t0).toFixed(3).padStart(10)} ms   (CPU ${cpuSeconds(process.cpuUsage(c0)).toFixed(2)} s)`);
}
