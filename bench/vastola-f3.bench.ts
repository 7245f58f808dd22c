/**
 * Vastola V-F3: the per-model pieces (dual fit, separable table, 30-step 2-D sampler, histogram), each against a dot
 * product baseline measured in the same run, then the full figure at official parameters, timed once
 * (run: node build/bench/vastola-f3.bench.js [--no-full]).
 */
import { suite } from "./harness.js";
import {
  rng, vpSchedule, vastolaSquareSet, vastolaEulerGrid, gaussianFeatureAxis, fourierFeatureAxis, drawLinearTrainingSet2d, fitLinearDenoiser2d,
  linearDenoiserTable2d, tabulatedPfOde2d, histogramEdges2d, histogram2dInto, FastNormalStream, vastolaF3,
} from "difftheory";

let sink = 0;
const eps = 0.01, vp = vpSchedule();
const set = vastolaSquareSet(Math.PI / 8);
const g = vastolaEulerGrid(vp, eps, 30, 1);
const times = g.times.subarray(0, 30);
const grid = Float64Array.from({ length: 200 }, (_, i) => (i === 199 ? 1.5 : i * (3 / 199) - 1.5));
const edges = histogramEdges2d(200);
const gx = gaussianFeatureAxis(-1.5, 1.5, 10), gt = gaussianFeatureAxis(eps, 1, 10);
const fx = fourierFeatureAxis(-1.5, 1.5, 10), ft = fourierFeatureAxis(eps, 1, 10);
const train = drawLinearTrainingSet2d(set, vp, { samples: 500, eps, rng: rng(1) });
const model = fitLinearDenoiser2d(train, gx, gx, gt, 0.1);
const table = linearDenoiserTable2d(model, grid, grid, times);
const sd = Math.sqrt(g.sigma2[0]);
const x0 = new FastNormalStream(rng(2)).fill(new Float64Array(1e5), sd), y0 = new FastNormalStream(rng(3)).fill(new Float64Array(1e5), sd);
const xs = x0.slice(), ys = y0.slice();
tabulatedPfOde2d(g, grid, grid, table, xs, ys);
const counts = new Float64Array(40000);
const a = new FastNormalStream(rng(4)).fill(new Float64Array(2.4e7 / 400 + 400)), b = new Float64Array(400);

suite("V-F3: one model (F = 10 × 10 × 10, P = 500, 1e5 samples)", {
  name: "2.4e7 multiply-adds (b[i] += p·a[i], rows of 400)",
  fn: () => { for (let k = 0; k < 2.4e7 / 400; k++) { const p = a[k]; for (let i = 0; i < 400; i++) b[i] += p * a[k + i]; } sink += b[7]; },
  reps: 5,
}, [
  { name: "draw 500 training samples", fn: () => (sink += drawLinearTrainingSet2d(set, vp, { samples: 500, eps, rng: rng(5) }).x[0]), reps: 5 },
  { name: "fit, Gaussian features (dual 500 × 500, Hadamard Gram)", fn: () => (sink += fitLinearDenoiser2d(train, gx, gx, gt, 0.1).W[0]), reps: 5 },
  { name: "fit, Fourier features (dual 500 × 500, Hadamard Gram)", fn: () => (sink += fitLinearDenoiser2d(train, fx, fx, ft, 0.1).W[0]), reps: 5 },
  { name: "separable table 2 × 200 × 200 × 30", fn: () => (sink += linearDenoiserTable2d(model, grid, grid, times, table)[5]), reps: 5 },
  { name: "2 × 1e5 normals (FastNormalStream)", fn: () => (sink += new FastNormalStream(rng(6)).fill(new Float64Array(2e5))[0]), reps: 5 },
  { name: "30-step grid-lookup sampler, 1e5 points", fn: () => { const x = x0.slice(), y = y0.slice(); tabulatedPfOde2d(g, grid, grid, table, x, y); sink += x[0]; }, reps: 5 },
  { name: "200 × 200 histogram of 1e5 points", fn: () => { counts.fill(0); sink += histogram2dInto(xs, ys, edges, counts); }, reps: 5 },
]);

if (!process.argv.includes("--no-full")) {
  for (const threads of [2]) {
    const t0 = performance.now();
    vastolaF3({ threads });
    console.log(`${`vastolaF3() (official parameters, ${threads} threads)`.padEnd(56)}${(performance.now() - t0).toFixed(0).padStart(10)} ms (one run)`);
  }
}
if (sink === 42) console.log("");
