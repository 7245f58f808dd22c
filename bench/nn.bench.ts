// Nonlinear-denoiser benchmarks (src/nn, TensorFlow.js wasm): one Adam step and one batched sampling step of the
// MG-R7 network (d = 32 → 256 → 256 → 32, batch 128), against a plain dot-product baseline.
import { suite, dotProductBaseline } from "./harness.js";
import { ddpmSchedule, mgR7Setting, rng, trainMlpDenoiser, useTfBackend, type TrainedMlpDenoiser } from "difftheory";

await useTfBackend("wasm");
const schedule = ddpmSchedule();
const s = mgR7Setting();
const X = rng(1).normalMatrix(256, s.d);
const batch = rng(2).normalMatrix(128, s.d);
const model: TrainedMlpDenoiser = await trainMlpDenoiser(X, schedule, s.spec, { steps: 1, batchSize: 128, learningRate: 1e-3, seed: 1 });
const t0 = performance.now();
const steps = 20;
(await trainMlpDenoiser(X, schedule, s.spec, { steps, batchSize: 128, learningRate: 1e-3, seed: 1 })).dispose();
const perStep = (performance.now() - t0) / steps;
suite("nn (wasm)", dotProductBaseline((seed, n) => rng(seed).normals(n)), [
  { name: "MLP forward, batch 128 (one sampling step)", fn: () => model.predictNoise(batch, 500), reps: 20 },
]);
console.log(`Adam step, batch 128 (mean of ${steps}, incl. setup)`.padEnd(56) + `${perStep.toFixed(3).padStart(10)} ms`);
model.dispose();
