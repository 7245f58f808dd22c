// H-S1 (Halder spec §4 H-S1, §3 item 12; claims H-C16, H-C17): the metric pipeline on stand-in generators (the
// training set itself, fresh draws of p) against independent routes, the transition and claim logic on synthetic
// records, the seeded determinism of a short training, and the recorded claim statuses of the cached sweep.
import test from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import {
  DomainError, H_S1_DEFAULTS, columnMeans, halderSampleMetrics, halderStretchAnchorRecord, halderStretchClaims, halderStretchDesign,
  halderStretchFigure, halderStretchFromCache, halderStretchFromRecords, halderStretchMemorizer, halderStretchOracle,
  halderStretchPopulation, halderStretchRecordGap, halderStretchReference, halderStretchSamplesFigure, halderStretchSchedule, halderStretchStream,
  halderStretchTasks, halderStretchTrainRun, halderStretchTrainingSet, halderStretchTransition, mlpWeightsHash,
  kernelApproximation, logDet, readHalderStretchCache, rng, sampleCovariance, tfTensorCount, useTfBackend,
  type HalderStretchRecord,
} from "difftheory";

const statusOf = (claims: { id: string; status: string }[]) => Object.fromEntries(claims.map((c) => [c.id, c.status]));
/** A cheaper design for the metric tests: the spec's d, σ and M = 10⁴, with n_gen = 400. */
const small = halderStretchDesign({ nGen: 400 });
const smallRef = halderStretchReference(small);

test("the design: the spec's defaults, ᾱ_K = 0.00612 with the 'ho' indexing, and validation naming the field", () => {
  const p = halderStretchDesign();
  assert.deepEqual(p.grid, [2, 4, 8, 16, 32, 64, 128, 256, 1024]);
  assert.equal(p.d, 16); assert.equal(p.sigma, 0.2); assert.equal(p.K, 200); assert.equal(p.steps, 2000);
  assert.deepEqual(p.budgets, [500, 6000]); assert.equal(p.nGen, 1000); assert.equal(p.M, 10000); assert.deepEqual(p.hidden, [128, 128]);
  const s = halderStretchSchedule(p);
  assert.ok(Math.abs(s.alphaBar[200] - 0.00612) < 5e-6, String(s.alphaBar[200]));
  assert.equal(s.beta[1], 1e-4); assert.equal(s.beta[200], 0.05);
  const mg = halderStretchSchedule(halderStretchDesign({ indexing: "merger-goldt" }));
  assert.ok(Math.abs(mg.alphaBar[200] - 0.00612) > 1e-4, "the other indexing does not match the spec's ᾱ_K");
  const bad: [Partial<typeof p>, string][] = [
    [{ d: 0 }, "d"], [{ sigma: -1 }, "sigma"], [{ timeEmbedding: 31 }, "timeEmbedding"], [{ grid: [4, 2] }, "grid"], [{ grid: [1, 4] }, "grid"],
    [{ indexing: "x" as never }, "indexing"], [{ activation: "tanh" as never }, "activation"], [{ variance: "x" as never }, "variance"],
    [{ nGen: 1 }, "nGen"], [{ M: 1 }, "M"], [{ betaEnd: 2 }, "betaEnd"], [{ hidden: [] }, "hidden"], [{ budgets: [0] }, "budgets"], [{ seeds: 0 }, "seeds"],
  ];
  for (const [o, name] of bad) assert.throws(() => halderStretchDesign(o), (e: unknown) => e instanceof DomainError && e.parameter === name, JSON.stringify(o));
  assert.equal(H_S1_DEFAULTS.ratio, 1 / 3);
});

test("the data: pixels N(0.5, 0.1²) mapped by y = 2x − 1 give p = N(0, 0.2² I) (moments within 4 SE); seeded and fresh per (N, rep)", () => {
  const X = halderStretchPopulation(small, rng(3), 5000);
  const m = columnMeans(X);
  const C = sampleCovariance(X);
  for (let j = 0; j < 16; j++) {
    assert.ok(Math.abs(m[j]) < 4 * 0.2 / Math.sqrt(5000), `mean ${j}: ${m[j]}`);
    assert.ok(Math.abs(C.get(j, j) - 0.04) < 4 * 0.04 * Math.sqrt(2 / 5000), `variance ${j}: ${C.get(j, j)}`);
  }
  assert.deepEqual(halderStretchTrainingSet(small, 8, 0).to2DArray(), halderStretchTrainingSet(small, 8, 0).to2DArray());
  assert.notDeepEqual(halderStretchTrainingSet(small, 8, 0).to2DArray(), halderStretchTrainingSet(small, 8, 1).to2DArray());
  assert.throws(() => halderStretchTrainingSet(small, 1, 0), (e: unknown) => e instanceof DomainError && e.parameter === "N");
});

test("stand-in memorizer (the training set itself): Δ_KL < 0, every sample memorized, fitted KL = ∞ below d and finite above", () => {
  for (const N of [4, 64]) {
    const train = halderStretchTrainingSet(small, N, 0);
    const m = halderSampleMetrics(halderStretchMemorizer(train, rng(5), small.nGen), train, smallRef, small);
    assert.ok(m.deltaKl < -3, `N = ${N}: Δ_KL = ${m.deltaKl}`);
    assert.equal(m.memorizedFraction, 1);
    assert.equal(m.fittedKl, N <= 16 ? Infinity : m.fittedKl);
    assert.ok(N <= 16 || Number.isFinite(m.fittedKl));
  }
});

test("stand-in oracle (fresh draws of p): Δ_KL > 0 at every N of the grid, almost nothing memorized, fitted KL at the n_gen sampling floor", () => {
  for (const N of [2, 16, 1024]) {
    const train = halderStretchTrainingSet(small, N, 0);
    const m = halderSampleMetrics(halderStretchOracle(small, rng(6), small.nGen), train, smallRef, small);
    assert.ok(m.deltaKl - 4 * m.deltaKlSE > 0, `N = ${N}: Δ_KL = ${m.deltaKl} ± ${m.deltaKlSE}`);
    assert.ok(m.memorizedFraction < 0.05, `N = ${N}: ${m.memorizedFraction}`);
    // E KL of an ML Gaussian fit from n draws ≈ d(d + 3)/(4n) = 0.19 at d = 16, n = 400
    assert.ok(m.fittedKl > 0.05 && m.fittedKl < 0.4, `N = ${N}: fitted KL ${m.fittedKl}`);
    assert.ok(Math.abs(Math.sqrt(m.variance) - 0.2) < 0.01);
  }
});

test("the fitted-Gaussian KL equals the closed form ½[tr Ĉ/σ² − d + |m̂|²/σ² − ln det(Ĉ/σ²)]; Δ_KL equals a direct log-sum-exp at d = 2", () => {
  const train = halderStretchTrainingSet(small, 32, 1);
  const X = halderStretchOracle(small, rng(7), small.nGen).mul(1.3).add(0.05);
  const m = halderSampleMetrics(X, train, smallRef, small);
  const C = sampleCovariance(X);
  const mu = columnMeans(X);
  let tr = 0;
  for (let j = 0; j < 16; j++) tr += C.get(j, j);
  const s2 = 0.04;
  const closed = 0.5 * (tr / s2 - 16 + mu.reduce((s, v) => s + v * v, 0) / s2 - (logDet(C) - 16 * Math.log(s2)));
  assert.ok(Math.abs(m.fittedKl - closed) < 1e-9 * closed, `${m.fittedKl} vs ${closed}`);
  // d = 2: ln K(x) by a direct sum of Gaussian densities, ε = σ n^(−1/d)
  const p2 = halderStretchDesign({ d: 2, M: 50, nGen: 20 });
  const ref2 = halderStretchReference(p2);
  const t2 = halderStretchTrainingSet(p2, 5, 0);
  const x2 = halderStretchOracle(p2, rng(8), 20);
  const refPts = halderStretchPopulation(p2, halderStretchStream(p2, "ref"), 50);
  const lnK = (pts: Matrix, x: number[]) => {
    const e2 = (0.2 * pts.rows ** (-1 / 2)) ** 2;
    let s = 0;
    for (let i = 0; i < pts.rows; i++) s += Math.exp(-((x[0] - pts.get(i, 0)) ** 2 + (x[1] - pts.get(i, 1)) ** 2) / (2 * e2)) / (2 * Math.PI * e2);
    return Math.log(s / pts.rows);
  };
  let direct = 0;
  for (let k = 0; k < 20; k++) direct += (lnK(refPts, x2.getRow(k)) - lnK(t2, x2.getRow(k))) / 20;
  const via = halderSampleMetrics(x2, t2, ref2, p2).deltaKl;
  assert.ok(Math.abs(via - direct) < 1e-10 * Math.max(1, Math.abs(direct)), `${via} vs ${direct}`);
  assert.ok(Math.abs(ref2.logEpsilon - (Math.log(0.2) - Math.log(50) / 2)) < 1e-15);
});

test("the metrics validate their inputs, and a diverged sampler (non-finite samples) is an error, never a NaN", () => {
  const train = halderStretchTrainingSet(small, 8, 0);
  const X = halderStretchOracle(small, rng(9), 10);
  assert.throws(() => halderSampleMetrics(new Matrix(10, 3), train, smallRef, small), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
  assert.throws(() => halderSampleMetrics(X, train.subMatrix(0, 0, 0, 15), smallRef, small), (e: unknown) => e instanceof DomainError && e.parameter === "train");
  assert.throws(() => halderSampleMetrics(X.subMatrix(0, 0, 0, 15), train, smallRef, small), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
  const bad = X.clone();
  bad.set(3, 4, NaN);
  assert.throws(() => halderSampleMetrics(bad, train, smallRef, small), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
  const ref3 = kernelApproximation(new Matrix([[0, 0, 0], [1, 1, 1]]), { sigma: 0.2 });
  assert.throws(() => halderSampleMetrics(X, train, ref3, small), (e: unknown) => e instanceof DomainError && e.parameter === "ref");
});

/** A synthetic record for the claim logic. */
const rec = (N: number, rep: number, steps: number, deltaKl: number, fittedKl = 1, kind: HalderStretchRecord["kind"] = "ddpm"): HalderStretchRecord =>
  ({ kind, N, rep, steps, deltaKl, deltaKlSE: 0.1, fittedKl, memorizedFraction: deltaKl < 0 ? 0.5 : 0, meanNorm: 0, variance: 0.04 });

test("transition and claim logic on synthetic records: one sign change passes, two fail; H-C17 compares S = 500 and 6000 just above the crossing", () => {
  const p = halderStretchDesign({ grid: [2, 4, 8, 16, 32], seeds: 2 });
  const shape = [-5, -3, -1, 0.5, 2];
  const records: HalderStretchRecord[] = [];
  for (const [k, N] of p.grid.entries()) for (const rep of [0, 1]) {
    records.push(rec(N, rep, 2000, shape[k] + 0.1 * rep, 10 - k));
    records.push(rec(N, rep, 500, shape[k] + 1));
    records.push(rec(N, rep, 6000, shape[k] - 1));
  }
  const data = halderStretchFromRecords(p, records);
  assert.deepEqual(data.ddpm.map((c) => c.steps), [500, 2000, 6000]);
  const tr = halderStretchTransition(data.ddpm[1]);
  assert.equal(tr.signChanges, 1); assert.equal(tr.below, 8); assert.equal(tr.above, 16);
  assert.ok(tr.crossing! > 8 && tr.crossing! < 16);
  assert.deepEqual(statusOf(halderStretchClaims(data)), { "H-C16a": "pass", "H-C16b": "pass", "H-C16c": "pass", "H-C16d": "pass", "H-C17": "pass" });
  const c17 = halderStretchClaims(data).find((c) => c.id === "H-C17")!;
  assert.ok(Math.abs(c17.measured - 2) < 1e-12);
  // a wiggle: two sign changes
  const wiggle = records.map((r) => (r.N === 4 && r.steps === 2000 ? { ...r, deltaKl: 1 } : r));
  assert.equal(statusOf(halderStretchClaims(halderStretchFromRecords(p, wiggle)))["H-C16c"], "does not reproduce");
  // budgets reversed: H-C17 fails
  const reversed = records.map((r) => (r.steps === 500 ? { ...r, steps: 6000 } : r.steps === 6000 ? { ...r, steps: 500 } : r));
  assert.equal(statusOf(halderStretchClaims(halderStretchFromRecords(p, reversed)))["H-C17"], "does not reproduce");
  assert.throws(() => halderStretchFromRecords(p, []), DomainError);
  const fig = halderStretchFigure(data).figure;
  assert.equal(fig.id, "H-S1");
  assert.ok(!JSON.stringify(fig).includes("NaN"));
});

test("H-C17 falls back to the first budget point above the crossing when the budget variants skip it; the samples figure shows images and ratios", () => {
  const p = halderStretchDesign({ grid: [2, 4, 8, 16, 32], budgetGrid: [4, 32], seeds: 2 });
  const shape = [-5, -3, -1, 0.5, 2];
  const records: HalderStretchRecord[] = [];
  for (const [k, N] of p.grid.entries()) for (const rep of [0, 1]) {
    records.push(rec(N, rep, 2000, shape[k], 10 - k));
    if (p.budgetGrid!.includes(N)) records.push(rec(N, rep, 500, shape[k] + 1), rec(N, rep, 6000, shape[k] - 1.5));
  }
  const c17 = halderStretchClaims(halderStretchFromRecords(p, records)).find((c) => c.id === "H-C17")!;
  assert.match(c17.statement, /N = 32/);
  assert.match(c17.note!, /first budget point at or above N = 16/);
  assert.ok(Math.abs(c17.measured - 2.5) < 1e-12);
  const train = halderStretchTrainingSet(small, 4, 0);
  const X = halderStretchMemorizer(train, rng(1), 10);
  const f = halderStretchSamplesFigure(train, X, { count: 3 });
  assert.equal(f.figure.data.length, 6);
  assert.deepEqual(f.data.ratios, [0, 0, 0]);
  assert.equal((f.figure.data[0].z as number[][]).length, 4);
  assert.throws(() => halderStretchSamplesFigure(train.subMatrix(0, 3, 0, 14), X.subMatrix(0, 9, 0, 14)), (e: unknown) => e instanceof DomainError && e.parameter === "samples");
  assert.throws(() => halderStretchSamplesFigure(train, X, { count: 11 }), (e: unknown) => e instanceof DomainError && e.parameter === "count");
});

test("the task list covers every (S, N, rep) and both stand-ins once, main curve first", () => {
  const tasks = halderStretchTasks(halderStretchDesign());
  assert.equal(tasks.length, 9 * 2 + 2 * 9 * 2 + 2 * 9 * 2); // main curve, two budget variants on the whole grid, two stand-ins
  assert.equal(halderStretchDesign({ grid: [2, 32, 100] }).budgetGrid, undefined);
  assert.equal(halderStretchTasks(halderStretchDesign({ budgetGrid: [4, 32, 64] })).length, 9 * 2 + 2 * 3 * 2 + 2 * 9 * 2);
  assert.throws(() => halderStretchDesign({ budgetGrid: [5] }), (e: unknown) => e instanceof DomainError && e.parameter === "budgetGrid");
  assert.equal(new Set(tasks.map((t) => `${t.kind}/${t.steps}/${t.N}/${t.rep}`)).size, tasks.length);
  assert.ok(tasks.slice(0, 18).every((t) => t.kind === "ddpm" && t.steps === 2000));
  assert.equal(tasks[tasks.length - 1].steps, 6000);
});

test("a short seeded training is bit-for-bit reproducible (same weights hash and metrics); the hash sees a one-ulp change", async () => {
  await useTfBackend("wasm");
  const p = halderStretchDesign({ M: 500, nGen: 50, K: 20 });
  const ref = halderStretchReference(p);
  const tensors = tfTensorCount();
  const a = await halderStretchTrainRun(p, ref, 8, 0, 15);
  const b = await halderStretchTrainRun(p, ref, 8, 0, 15);
  assert.equal(halderStretchRecordGap(a.record, b.record), 0);
  assert.equal(a.record.training!.weightsHash, b.record.training!.weightsHash);
  const w = a.model.weights();
  const h = mlpWeightsHash(w);
  const f = new Float32Array([w.values[0][0]]);
  new Uint32Array(f.buffer)[0] += 1;
  w.values[0][0] = f[0];
  assert.notEqual(mlpWeightsHash(w), h);
  a.model.dispose();
  b.model.dispose();
  const other = await halderStretchTrainRun(p, ref, 8, 1, 15);
  assert.notEqual(other.record.training!.weightsHash, a.record.training!.weightsHash);
  other.model.dispose();
  assert.equal(tfTensorCount(), tensors, "every tensor of the three trainings is freed");
});

const cache = readHalderStretchCache(halderStretchDesign());

test("the cache exists for the spec's design and holds every task", () => {
  assert.ok(cache, "data/halder/h-s1.json is missing or stale: run npm run build && node data/halder/generate-h-s1.mjs");
  assert.equal(cache.records.length, halderStretchTasks(halderStretchDesign()).length);
  for (const r of cache.records) assert.ok(Number.isFinite(r.deltaKl) && r.memorizedFraction >= 0 && r.memorizedFraction <= 1);
});

test("a stand-in record of the cache is reproduced (bit for bit on the same code; checked to 1e-9 relative)", () => {
  const p = halderStretchDesign();
  const ref = halderStretchReference(p);
  for (const kind of ["memorizer", "oracle"] as const) {
    const cached = cache!.records.find((r) => r.kind === kind && r.N === 16 && r.rep === 1)!;
    assert.ok(halderStretchRecordGap(halderStretchAnchorRecord(p, ref, kind, 16, 1), cached) <= 1e-9);
  }
});

test("H-C16 and H-C17 keep their recorded statuses on the cached sweep", () => {
  const data = halderStretchFromCache(halderStretchDesign())!;
  assert.deepEqual(statusOf(halderStretchClaims(data)), RECORDED);
});

/** The statuses recorded from the cached sweep (see the notebook H-S1-nonlinear for the numbers). */
const RECORDED: Record<string, string> = { "H-C16a": "pass", "H-C16b": "pass", "H-C16c": "pass", "H-C16d": "pass", "H-C17": "pass" };

test("the recorded findings behind the statuses: the zero of Δ_KL lies between N = 32 and 64 (N/d in (1, 3) like the linear model), memorization grows with S through the transition region, and the zero moves to larger N with S", () => {
  const data = halderStretchFromCache(halderStretchDesign())!;
  const tr = halderStretchTransition(data.ddpm.find((c) => c.steps === 2000)!);
  assert.equal(tr.below, 32); assert.equal(tr.above, 64);
  assert.ok(tr.crossing! / 16 > 1 && tr.crossing! / 16 < 3);
  const at = (S: number, N: number) => data.ddpm.find((c) => c.steps === S)!.points.find((q) => q.N === N)!;
  for (const N of [4, 8, 16, 32, 64]) assert.ok(at(500, N).delta > at(2000, N).delta && at(2000, N).delta > at(6000, N).delta, `N = ${N}`);
  const zero = (S: number) => halderStretchTransition(data.ddpm.find((c) => c.steps === S)!);
  for (const S of [500, 2000, 6000]) assert.equal(zero(S).signChanges, 1, `S = ${S}`);
  assert.ok(zero(500).crossing! < zero(2000).crossing! && zero(2000).crossing! < zero(6000).crossing!);
  assert.ok(at(6000, 4).memorizedMean > at(2000, 4).memorizedMean && at(2000, 4).memorizedMean > at(500, 4).memorizedMean);
});
