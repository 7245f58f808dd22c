// Benchmarks of Halder's stretch H-S1: `node build/bench/h-s1.bench.js` (or `npm run bench h-s1`).
// Budgets: the notebook retrains one cached model live (S = 500, N = 4) in ≤ 30 s with sampling and metrics; the
// full cache (data/halder/h-s1.json) records its own wall time, printed here.
import { suite, dotProductBaseline } from "./harness.js";
import {
  rng, useTfBackend, halderStretchDesign, halderStretchReference, halderStretchTrainingSet, halderStretchOracle, halderSampleMetrics,
  halderStretchSchedule, halderStretchSpec, trainMlpDenoiser, sampleMlpDenoiser, halderStretchTrainRun, readHalderStretchCache,
} from "difftheory";

await useTfBackend("wasm");
const p = halderStretchDesign();
const ref = halderStretchReference(p);
const train = halderStretchTrainingSet(p, 64, 0);
const samples = halderStretchOracle(p, rng(2), p.nGen);
const model = await trainMlpDenoiser(train, halderStretchSchedule(p), halderStretchSpec(p), { steps: 1, batchSize: p.batchSize, learningRate: p.learningRate, seed: 3 });
suite("Halder H-S1 pieces", dotProductBaseline((seed, n) => rng(seed).normals(n)), [
  { name: "reference kernel, M = 10⁴, d = 16", fn: () => halderStretchReference(p), reps: 3 },
  { name: "sample metrics, n_gen = 1000, N = 64, M = 10⁴", fn: () => halderSampleMetrics(samples, train, ref, p), reps: 3 },
  { name: "ancestral sampling, 1000 samples × 200 steps (wasm)", fn: () => sampleMlpDenoiser(model, p.nGen, rng(4)), reps: 1 },
]);
model.dispose();

// training is asynchronous (the harness times synchronous calls): time the end-to-end runs explicitly
for (const steps of [100, 500]) {
  const t0 = performance.now();
  const run = await halderStretchTrainRun(p, ref, 4, 0, steps);
  run.model.dispose();
  console.log(`one H-S1 model end to end (N = 4, S = ${steps}: training, 1000 samples, metrics): ${((performance.now() - t0) / 1000).toFixed(1)} s${steps === 500 ? " (the notebook's live model; budget with the rest of the notebook 30 s)" : ""}`);
}
const cache = readHalderStretchCache(p);
if (cache) console.log(`cached sweep h-s1: ${cache.records.length} records regenerated in ${(cache.seconds / 60).toFixed(1)} min on ${cache.workers} workers (${cache.backend}), recorded by data/halder/generate-h-s1.mjs`);
