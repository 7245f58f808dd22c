import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, ddpmSchedule, mlpAsDenoiser, restoreMlpDenoiser, rng, sampleAncestral, sampleMlpDenoiser,
  sinusoidalTimeTable, tfTensorCount, trainMlpDenoiser, useTfBackend, type MlpDenoiserSpec,
} from "difftheory";

const schedule = ddpmSchedule(); // the spec's T = 1000 schedule
const tiny: MlpDenoiserSpec = { dim: 3, hidden: [16, 16], activation: "silu", timeEmbedding: 8 };
const data = rng(11).normalMatrix(40, 3);
const isDomain = (parameter: string) => (e: unknown) => e instanceof DomainError && e.parameter === parameter;

test("the wasm backend starts and a second call is free; a bad name is a DomainError", async () => {
  assert.equal(await useTfBackend(), "wasm");
  assert.equal(await useTfBackend("wasm"), "wasm");
  await assert.rejects(() => useTfBackend("gpu" as "cpu"), isDomain("backend"));
});

test("one seed fixes the trained weights bit for bit; another seed changes them", async () => {
  await useTfBackend();
  const opts = { steps: 30, batchSize: 16, learningRate: 1e-3, seed: 4, lossEvery: 10 };
  const a = await trainMlpDenoiser(data, schedule, tiny, opts);
  const b = await trainMlpDenoiser(data, schedule, tiny, opts);
  const c = await trainMlpDenoiser(data, schedule, tiny, { ...opts, seed: 5 });
  assert.deepEqual(a.weights(), b.weights());
  assert.notDeepEqual(a.weights().values[0], c.weights().values[0]);
  assert.equal(a.lossHistory.length, 3);
  assert.deepEqual(Array.from(a.lossHistory), Array.from(b.lossHistory));
  for (const m of [a, b, c]) m.dispose();
});

test("shapes: weights follow the spec, predictNoise is n × d, restore predicts identically", async () => {
  await useTfBackend();
  const m = await trainMlpDenoiser(data, schedule, tiny, { steps: 5, batchSize: 8, learningRate: 1e-3, seed: 1 });
  assert.deepEqual(m.weights().shapes, [[11, 16], [16], [16, 16], [16], [16, 3], [3]]);
  const x = rng(2).normalMatrix(7, 3);
  const eps = m.predictNoise(x, 500);
  assert.equal(eps.rows, 7);
  assert.equal(eps.columns, 3);
  const back = restoreMlpDenoiser(tiny, schedule, JSON.parse(JSON.stringify(m.weights())));
  assert.deepEqual(back.predictNoise(x, 500).to2DArray(), eps.to2DArray());
  assert.deepEqual(back.predictNoise(x, 1).to2DArray(), m.predictNoise(x, 1).to2DArray());
  m.dispose();
  back.dispose();
  assert.throws(() => m.predictNoise(x, 1), isDomain("model"));
});

test("the sinusoidal embedding: e(t) = (sin tω_j, cos tω_j), ω_0 = 1", () => {
  const tab = sinusoidalTimeTable(10, 4);
  assert.equal(tab.length, 40);
  assert.equal(tab[0], Math.fround(Math.sin(1)));
  assert.equal(tab[1], Math.fround(Math.cos(1)));
  assert.equal(tab[4 * 6 + 2], Math.fround(Math.sin(7 * 0.01)));
});

test("memory stays flat: training, prediction, sampling and dispose leave no tensor behind", async () => {
  await useTfBackend();
  const before = tfTensorCount();
  const m = await trainMlpDenoiser(data, schedule, tiny, { steps: 20, batchSize: 8, learningRate: 1e-3, seed: 2, lossEvery: 1 });
  const held = tfTensorCount();
  assert.equal(held - before, 6); // the model's own W and b
  m.predictNoise(data, 10);
  sampleMlpDenoiser(m, 4, rng(3), { variance: "betaTilde" });
  assert.equal(tfTensorCount(), held);
  m.dispose();
  assert.equal(tfTensorCount(), before);
});

test("the batched sampler equals the foundation's sampleAncestral sample by sample (same noise streams)", async () => {
  await useTfBackend();
  const m = await trainMlpDenoiser(data, schedule, tiny, { steps: 50, batchSize: 16, learningRate: 3e-3, seed: 8 });
  for (const variance of ["beta", "betaTilde"] as const) {
    const batched = sampleMlpDenoiser(m, 3, rng(21), { variance });
    for (let k = 0; k < 3; k++) {
      const single = sampleAncestral(mlpAsDenoiser(m), schedule, rng(21).fork(k), 1, { variance });
      for (let j = 0; j < 3; j++) {
        const a = batched.get(k, j);
        const b = single.get(0, j);
        // the chain runs in float64 on both sides; the network rounds its float32 input, so allow 1e-9 relative
        assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${variance} sample ${k}, coordinate ${j}: ${a} vs ${b}`);
      }
    }
  }
  // samples do not depend on how many are drawn
  assert.deepEqual(sampleMlpDenoiser(m, 2, rng(21)).getRow(1), sampleMlpDenoiser(m, 3, rng(21)).getRow(1));
  m.dispose();
});

test("training works: samples of a model trained on 1-D N(1.5, 0.5²) data match its mean and variance", async () => {
  await useTfBackend();
  const r = rng(31);
  const N = 4000;
  const x = new Matrix(N, 1);
  for (let i = 0; i < N; i++) x.set(i, 0, 1.5 + 0.5 * r.normal());
  const spec: MlpDenoiserSpec = { dim: 1, hidden: [32, 32], activation: "silu", timeEmbedding: 16 };
  const m = await trainMlpDenoiser(x, schedule, spec, { steps: 600, batchSize: 64, learningRate: 5e-3, seed: 1 });
  const n = 1000;
  const s = sampleMlpDenoiser(m, n, rng(32)).getColumn(0);
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const variance = s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  // tolerance = 5 standard errors of the sample statistics (mean: σ/√n; variance: σ²√(2/(n−1))) plus a stated 10%
  // model error on the variance (a small network after 600 Adam steps is not exact)
  const seMean = Math.sqrt(0.25 / n);
  const seVar = 0.25 * Math.sqrt(2 / (n - 1));
  console.log(`# 1-D check: sample mean ${mean.toFixed(4)} (data 1.5), variance ${variance.toFixed(4)} (data 0.25)`);
  assert.ok(Math.abs(mean - 1.5) < 5 * seMean + 0.05, `mean ${mean}`);
  assert.ok(Math.abs(variance - 0.25) < 5 * seVar + 0.025, `variance ${variance}`);
  m.dispose();
});

test("validation: DomainError names the parameter", async () => {
  await useTfBackend();
  const opts = { steps: 2, batchSize: 2, learningRate: 1e-3, seed: 0 };
  await assert.rejects(() => trainMlpDenoiser(rng(1).normalMatrix(5, 2), schedule, tiny, opts), isDomain("data"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, { ...tiny, timeEmbedding: 7 }, opts), isDomain("spec.timeEmbedding"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, { ...tiny, hidden: [0] }, opts), isDomain("spec.hidden[0]"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, { ...tiny, activation: "tanh" as "relu" }, opts), isDomain("spec.activation"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, { ...tiny, dim: 0 }, opts), isDomain("spec.dim"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, tiny, { ...opts, steps: 0 }), isDomain("steps"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, tiny, { ...opts, batchSize: -1 }), isDomain("batchSize"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, tiny, { ...opts, learningRate: 0 }), isDomain("learningRate"));
  await assert.rejects(() => trainMlpDenoiser(data, schedule, tiny, { ...opts, seed: 1.5 }), isDomain("seed"));
  const m = await trainMlpDenoiser(data, schedule, tiny, opts);
  assert.throws(() => m.predictNoise(data, 0), isDomain("t"));
  assert.throws(() => m.predictNoise(data, 1001), isDomain("t"));
  assert.throws(() => m.predictNoise(rng(1).normalMatrix(2, 4), 5), isDomain("x"));
  assert.throws(() => sampleMlpDenoiser(m, 0, rng(1)), isDomain("n"));
  assert.throws(() => restoreMlpDenoiser({ ...tiny, hidden: [8] }, schedule, m.weights()), isDomain("weights"));
  assert.throws(() => mlpAsDenoiser(m).denoise(new Float64Array(3), 0.9, 0.123), isDomain("s2"));
  m.dispose();
});
