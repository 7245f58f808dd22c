/**
 * Vastola V-S2 (run: node build/bench/vastola-s2.bench.js): the pieces of the linear V-kernel notebook against a plain
 * Math.exp loop (the quadrature evaluates about 5e7 feature exponentials), then the notebook's run from the cache and
 * the full ensemble computation (400 models × 4 sizes + 1600 densities) that the cache replaces.
 */
import { suite } from "./harness.js";
import {
  vpSchedule, vastolaGapSet, gaussianFeatureAxis, linearModelMoments, linearVKernelPredict, drawLinearTrainingSet, fitLinearDenoiser1d, rng,
  vastolaS2, vastolaS2Ensembles, loadVastolaS2Ensembles, vastolaS2LiveSlice,
} from "difftheory";

let sink = 0;
const vp = vpSchedule(), gap = vastolaGapSet(), eps = 0.01;
const xa = gaussianFeatureAxis(-1.5, 1.5, 16), ta = gaussianFeatureAxis(eps, 1, 16);
const mom = linearModelMoments(gap, vp, xa, ta, { eps, T: 1 });
suite("V-S2 pieces", { name: "Math.exp over 5e7 numbers", fn: () => { let s = 0; for (let i = 0; i < 5e7; i++) s += Math.exp(-(i % 1000) * 0.01); sink += s; }, reps: 3 }, [
  { name: "linearModelMoments (quadrature, 2.6e6 nodes × 2 passes)", fn: () => (sink += linearModelMoments(gap, vp, xa, ta, { eps, T: 1 }).wBar[0]), reps: 3 },
  { name: "linearVKernelPredict × 21 points × 3 sizes", fn: () => { for (let i = 0; i < 63; i++) sink += linearVKernelPredict(mom, 256, -1 + (i % 7) / 3, 0.1).sd; }, reps: 5 },
  { name: "one fit, P = 1024 (primal)", fn: () => (sink += fitLinearDenoiser1d(drawLinearTrainingSet(gap, vp, { samples: 1024, eps, T: 1, rng: rng(1) }), xa, ta, 0.1).W[0]), reps: 5 },
]);
const ens = loadVastolaS2Ensembles();
for (const [name, run] of [
  ["vastolaS2() from the cache (notebook)", () => vastolaS2({}, ens)],
  ["vastolaS2LiveSlice(8 models per size)", () => vastolaS2LiveSlice(ens, 8)],
  ["vastolaS2Ensembles() (what the cache replaces, 2 threads)", () => vastolaS2Ensembles({})],
] as const) {
  const t0 = performance.now();
  run();
  console.log(`${name.padEnd(60)}${(performance.now() - t0).toFixed(0).padStart(10)} ms (one run)`);
}
if (sink === 42) console.log("");
