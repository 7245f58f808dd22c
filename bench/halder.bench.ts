// Benchmarks of the Halder reproduction: `node build/bench/halder.bench.js` (or `npm run bench halder`).
// Budgets (Halder issue): the live P(Δ > 0) transition sweep (d = 20, 13 N × 60 training sets, M = 2000, both
// metrics) ≤ 8 s on the 2-core CI machine; every notebook ≤ 30 s; the full cached sweeps ≤ 6 min on both cores
// (timed by scripts/halder-sweeps.mjs, which records its wall time in each cache file).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suite, type BenchCase, dotProductBaseline } from "./harness.js";
import {
  rng, kernelFromRows, kernelLogSelfOverlap, kernelLogDensityRows, relativeDistances, halderTransitionData, halderIndividualFromCache,
  halderIndividualSlice, halderTrainingSet, halderGenerator, halderModel, halderDataDir, defaultThreads,
} from "difftheory";

const baseline = dotProductBaseline((seed, n) => rng(seed).normals(n));

const model = halderModel();
const cases: BenchCase[] = [];
for (const [d, M] of [[20, 2000], [100, 10000]]) {
  const ref = kernelFromRows(Float64Array.from(rng(3).normals(M * d), (z) => 10 + z), M, d, { sigma: 1 });
  const set = halderTrainingSet(1, d, 5 * d, 0, model);
  const { generated } = halderGenerator(set, model);
  const train = kernelFromRows(set.x0, set.N, d, { sigma: 1 });
  const q = Float64Array.from(rng(4).normals(200 * d), (z) => 10 + z);
  cases.push(
    { name: `kernel log-density, 200 queries × M = ${M}, d = ${d}`, fn: () => kernelLogDensityRows(ref, q, 200), reps: 3 },
    { name: `one realization: fit + generated law, N = 5d, d = ${d}`, fn: () => halderGenerator(set, model), reps: 5 },
    { name: `one realization: Δ_KL (n_mc = 200) + bracket, d = ${d}`, fn: () => relativeDistances(generated, train, ref, { rng: rng(5), l2: false }), reps: 3 },
  );
  if (d === 20) cases.push({ name: `reference self-overlap ∫K², M = ${M}, d = ${d}`, fn: () => kernelLogSelfOverlap(ref), reps: 3 });
}
suite("Halder kernels", baseline, cases);

// The budgeted end-to-end runs, timed once each.
const t0 = performance.now();
await halderTransitionData({ d: 20, sets: 60, M: 2000 });
const live = (performance.now() - t0) / 1000;
console.log(`\nlive transition sweep d = 20, 13 N × 60 sets, M = 2000, both metrics, ${defaultThreads()} workers: ${live.toFixed(1)} s (budget 8 s)`);
const f1 = halderIndividualFromCache();
if (f1) {
  const check = await halderIndividualSlice(f1, [101, 150, 1000], 4);
  console.log(`H-F1 live slice (12 realizations at d = 100): ${check.seconds.toFixed(1)} s`);
}
let total = 0;
for (const name of ["h-f1", "h-f2-d20", "h-f2-d50", "h-f2-d100"]) {
  const path = join(halderDataDir(), `${name}.json`);
  if (!existsSync(path)) continue;
  const { seconds, workers } = JSON.parse(readFileSync(path, "utf8")) as { seconds: number; workers: number };
  total += name === "h-f1" ? 0 : seconds;
  console.log(`cached sweep ${name}: regenerated in ${seconds.toFixed(0)} s on ${workers} workers (recorded by ${"scripts/halder-sweeps.mjs"})`);
}
console.log(`full H-F2 sweeps: ${total.toFixed(0)} s (budget 360 s)`);

// H-F4: the metric comparison and figure over the cached d = 20 and d = 100 sweeps (the notebook adds live slices).
{
  const { halderTransitionFromCache, halderMetricComparison, halderMetricFigure } = await import("difftheory");
  const t = performance.now();
  const sweeps = [20, 100].map((d) => halderTransitionFromCache(d)).filter((s) => s !== undefined);
  if (sweeps.length === 2) {
    halderMetricFigure(sweeps.map((s) => halderMetricComparison(s!)));
    console.log(`H-F4 comparison + figure from the caches (2020 realizations): ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
}

// H-F5: the closed-form floor map, and the recorded regeneration times of its caches (scripts/halder-sweeps.mjs).
{
  const { halderFloorMap, halderFloorFigure, H_F5_KL_TIMES, H_F5_P_TIMES, halderTimeCacheName } = await import("difftheory");
  const t = performance.now();
  halderFloorFigure(halderFloorMap());
  console.log(`H-F5 (a) floor map 80 T × 60 g + curves: ${((performance.now() - t) / 1000).toFixed(3)} s`);
  let h5 = 0;
  for (const name of [...H_F5_KL_TIMES.map((T) => halderTimeCacheName("kl", T)), ...H_F5_P_TIMES.map((T) => halderTimeCacheName("p", T))]) {
    const path = join(halderDataDir(), `${name}.json`);
    if (existsSync(path)) h5 += (JSON.parse(readFileSync(path, "utf8")) as { seconds: number }).seconds;
  }
  console.log(`H-F5 caches (8 files): regenerated in ${h5.toFixed(0)} s in total`);
}

// H-F6 and H-F7: the live runs the notebooks can switch on (liveD20, liveAnchors), and the recorded regeneration
// times of their caches (scripts/halder-sweeps.mjs).
{
  const { halderVariantData, halderAnchorData } = await import("difftheory");
  let t = performance.now();
  await halderVariantData(20);
  console.log(`H-F6 d = 20 live, 3 variants × 11 N × 40 sets, M = 2000: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await halderAnchorData();
  console.log(`H-F7 (a) anchors live, 2 × 4 N × 100 sets, M = 2000: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  let h67 = 0;
  for (const name of ["h-f6-d20-avg", "h-f6-d100-avg", "h-f7-anchors-d20", "h-f7-rule-d20", "h-f7-fixed-d20"]) {
    const path = join(halderDataDir(), `${name}.json`);
    if (!existsSync(path)) continue;
    const { seconds } = JSON.parse(readFileSync(path, "utf8")) as { seconds: number };
    h67 += seconds; // the three variant files of one d are written by one run: one of them carries its wall time
    console.log(`cached sweep ${name}${name.startsWith("h-f6") ? " (all three variants)" : ""}: regenerated in ${seconds.toFixed(0)} s`);
  }
  console.log(`H-F6 + H-F7 caches: ${h67.toFixed(0)} s in total`);
}
