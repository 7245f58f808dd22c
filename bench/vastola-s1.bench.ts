/**
 * Vastola V-S1 (run: node build/bench/vastola-s1.bench.js): the naive-estimator batches, one batch against a plain
 * Math.exp loop, then the whole notebook computation as before (1 thread, MT19937 step noise), on 2 threads
 * (bit-identical samples: the independent (κ, scheme, batch) units run on worker threads), and with the cheaper
 * xoshiro step noise (the default; Monte Carlo-equivalent).
 */
import { suite } from "./harness.js";
import { vpSchedule, vastolaGapSet, naiveEstimatorSample, pointMassPfOde, rng, vastolaS1 } from "difftheory";

let sink = 0;
const vp = vpSchedule();
const gap = vastolaGapSet();
suite("V-S1: one batch, 1500 samples × 1000 steps", { name: "Math.exp over 4.5e6 numbers", fn: () => { let s = 0; for (let i = 0; i < 4.5e6; i++) s += Math.exp(-(i % 1000) * 0.01); sink += s; }, reps: 5 }, [
  { name: "pointMassPfOde (κ = 0)", fn: () => (sink += pointMassPfOde(gap, vp, { eps: 0.01, steps: 1000, samples: 1500, rng: rng(1) })[0]), reps: 3 },
  { name: "naiveEstimatorSample, categorical, κ = 0.1", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1500, rng: rng(1), kappa: 0.1, scheme: "categorical" })[0]), reps: 3 },
  { name: "naiveEstimatorSample, categorical, κ = 0.1, xoshiro noise", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1500, rng: rng(1), kappa: 0.1, scheme: "categorical", noise: "xoshiro" })[0]), reps: 3 },
  { name: "naiveEstimatorSample, gaussian, κ = 0.1, xoshiro noise", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1500, rng: rng(1), kappa: 0.1, scheme: "gaussian", noise: "xoshiro" })[0]), reps: 3 },
  { name: "naiveEstimatorSample, gaussian, κ = 0.1", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1500, rng: rng(1), kappa: 0.1, scheme: "gaussian" })[0]), reps: 3 },
]);
const times: number[] = [];
for (const [label, opts] of [
  ["1 thread, MT19937 step noise (the previous version)", { threads: 1, noise: "mt19937" }],
  ["2 threads, MT19937 step noise (bit-identical to it)", { threads: 2, noise: "mt19937" }],
  ["2 threads, xoshiro step noise (the notebook's default)", { threads: 2, noise: "xoshiro" }],
] as const) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  vastolaS1(opts);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  console.log(`${`vastolaS1(): ${label}`.padEnd(64)}${times[times.length - 1].toFixed(0).padStart(8)} ms wall, ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms CPU`);
}
console.log(`${"speed-up of the default over the previous version".padEnd(64)}${(times[0] / times[2]).toFixed(2).padStart(8)}x`);
if (sink === 42) console.log("");
