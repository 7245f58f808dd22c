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

// V-F2 (linear models): one model's fit + table + exact-law histogram, against a direct 1e5-sample run of the sampler
{
  const { vastolaF2, vastolaEulerGrid: euler, gaussianFeatureAxis, drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserTable1d, tabulatedPfOde1d, tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts, FastNormalStream } = await import("difftheory");
  const eps = 0.01;
  const g = euler(vp, eps, 30, 1);
  const grid = Float64Array.from({ length: 200 }, (_, i) => -1.5 + (3 * i) / 199);
  const dx = 3 / 199;
  const edges = Float64Array.from({ length: 201 }, (_, b) => -1.5 - dx / 2 + b * dx);
  const xa = gaussianFeatureAxis(-1.5, 1.5, 16), ta = gaussianFeatureAxis(eps, 1, 16);
  const sd = Math.sqrt(g.sigma2[0]);
  const model = (P: number) => fitLinearDenoiser1d(drawLinearTrainingSet(gap, vp, { samples: P, eps, rng: rng(P) }), xa, ta, 0.1);
  const table = linearDenoiserTable1d(model(256), grid, g.times.subarray(0, 30));
  suite("V-F2: one model (ε = 0.01)", { name: "direct: 1e5 seeds through the 30-step lookup sampler", fn: () => (sink += tabulatedPfOde1d(g, grid, table, new FastNormalStream(rng(1)).fill(new Float64Array(1e5), sd))[0]), reps: 5 }, [
    { name: "exact law: piecewise-affine map + bin masses + 1e5 multinomial draws", fn: () => (sink += multinomialCounts(pushforwardBinMasses(tabulatedPfOdeMap1d(g, grid, table, 10 * sd), sd, edges), 1e5, new FastNormalStream(rng(1)))[0]), reps: 5 },
    { name: "fit, P = 1024 (primal 256 × 256)", fn: () => (sink += model(1024).W[0]), reps: 5 },
    { name: "fit, P = 64 (dual 64 × 64, Hadamard Gram)", fn: () => (sink += model(64).W[0]), reps: 5 },
  ]);
  for (const threads of [1, 2]) {
    const t0 = performance.now();
    vastolaF2({ threads });
    console.log(`${`vastolaF2() (official parameters, ${threads} thread${threads > 1 ? "s" : ""})`.padEnd(56)}${(performance.now() - t0).toFixed(0).padStart(10)} ms (one run)`);
  }
}
