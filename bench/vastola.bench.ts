/**
 * Vastola: the computations behind V-F1 and V-S1, each against a plain loop of Math.exp over as many numbers as the
 * posterior needs (run: node build/bench/vastola.bench.js). The full figures are timed once each at the end.
 */
import { suite } from "./harness.js";
import {
  linearVarianceSchedule, vpSchedule, vastolaFig1Set, vastolaGapSet, proxyScoreMap, pointMassPfOde, naiveEstimatorSample, rng,
  vastolaF1, vastolaS1,
} from "difftheory";

let sink = 0;
const expLoop = (n: number) => () => {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(-(i % 1000) * 0.01);
  sink += s;
};
const axis = Float64Array.from({ length: 100 }, (_, i) => -2 + (4 * i) / 99);
const lv = linearVarianceSchedule();
const vp = vpSchedule();
const hex = vastolaFig1Set("polygon");
const gap = vastolaGapSet();

suite("V-F1 map: 100 × 100 grid, 6 points", { name: "Math.exp over 6e4 numbers", fn: expLoop(6e4), reps: 21 }, [
  { name: "proxyScoreMap (polygon, t = 0.05)", fn: () => (sink += proxyScoreMap(hex, lv, 0.05, axis, axis).ratio[0]), reps: 21 },
]);

suite("V-S1 sampler: 1e3 samples × 1000 steps, 3 points", { name: "Math.exp over 3e6 numbers", fn: expLoop(3e6), reps: 5 }, [
  { name: "pointMassPfOde", fn: () => (sink += pointMassPfOde(gap, vp, { eps: 0.01, steps: 1000, samples: 1000, rng: rng(1) })[0]) },
  { name: "naiveEstimatorSample, categorical, κ = 0.1", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1000, rng: rng(1), kappa: 0.1, scheme: "categorical" })[0]) },
  { name: "naiveEstimatorSample, gaussian, κ = 0.1", fn: () => (sink += naiveEstimatorSample(gap, vp, { eps: 0.01, steps: 1000, samples: 1000, rng: rng(1), kappa: 0.1, scheme: "gaussian" })[0]) },
]);

for (const [name, run] of [["vastolaF1() (official parameters)", () => vastolaF1()], ["vastolaS1() (notebook parameters)", () => vastolaS1()]] as const) {
  const t0 = performance.now();
  run();
  console.log(`${name.padEnd(56)}${(performance.now() - t0).toFixed(0).padStart(10)} ms (one run)`);
}
if (sink === 42) console.log("");
