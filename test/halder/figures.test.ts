// Claim guards of H-F1 and H-F2 (Halder spec §5): the claims are evaluated on the cached full sweeps at the spec's
// parameters, and a live slice of each cache is re-run and must reproduce its records.
import test from "node:test";
import assert from "node:assert/strict";
import {
  halderFlatCheck, halderIndividualClaims, halderIndividualFigure, halderIndividualFromCache, halderIndividualSlice,
  halderTransitionClaims, halderTransitionData, halderTransitionFigure, halderTransitionFromCache, halderTransitionSlice,
  halderIndividualDistanceData, readHalderCache, halderParamsHash, halderTransitionParams,
} from "difftheory";

const statusOf = (claims: { id: string; status: string }[]) => Object.fromEntries(claims.map((c) => [c.id, c.status]));

test("H-F1: the cache exists for the spec's parameters and every claim H-C1 … H-C5 reproduces", () => {
  const data = halderIndividualFromCache();
  assert.ok(data, "data/halder/h-f1.json is missing or stale: run node scripts/halder-sweeps.mjs h-f1");
  assert.equal(data.records.length, 16 * 40);
  const claims = halderIndividualClaims(data, halderFlatCheck());
  assert.deepEqual(statusOf(claims), {
    "H-C1a": "pass", "H-C1b": "pass", "H-C1c": "pass", "H-C1d": "pass", "H-C2": "pass", "H-C3a": "pass", "H-C3b": "pass",
    "H-C4": "pass", "H-C5a": "pass", "H-C5b": "pass",
  });
  const fig = halderIndividualFigure(data).figure;
  assert.equal(fig.id, "H-F1");
  assert.ok(!JSON.stringify(fig).includes("NaN"));
});

test("H-F1: a live slice reproduces the cached records (N = d + 1, 1.5d, 10d)", async () => {
  const data = halderIndividualFromCache()!;
  const check = await halderIndividualSlice(data, [101, 150, 1000], 2);
  assert.equal(check.compared, 6);
  assert.ok(check.maxRelativeDifference <= 1e-9, `max relative difference ${check.maxRelativeDifference}`);
});

test("sweeps are identical inline and on two workers, and a cache with other parameters is not used", async () => {
  const p = { d: 10, grid: [5, 11, 40], olsSets: 3, avgSets: 2 };
  const a = await halderIndividualDistanceData({ ...p, workers: 0 });
  const b = await halderIndividualDistanceData({ ...p, workers: 2 });
  assert.deepEqual(b.records, a.records);
  const t = { d: 6, grid: [3, 12], sets: 3, M: 50, nMc: 20 };
  const x = await halderTransitionData({ ...t, workers: 0 });
  const y = await halderTransitionData({ ...t, workers: 2 });
  assert.deepEqual(y.records, x.records);
  assert.equal(readHalderCache("h-f1", { ...a.params }), undefined);
  assert.notEqual(halderParamsHash({ a: 1, b: 2 }), halderParamsHash({ a: 1, b: 3 }));
  assert.equal(halderParamsHash({ a: 1, b: 2 }), halderParamsHash({ b: 2, a: 1 }));
});

const full = { 20: halderTransitionFromCache(20), 50: halderTransitionFromCache(50), 100: halderTransitionFromCache(100) };

test("H-F2: the full M = 10⁴ caches exist and H-C6 … H-C8 reproduce", async () => {
  for (const d of [20, 50, 100] as const) assert.ok(full[d], `data/halder/h-f2-d${d}.json is missing or stale: run node scripts/halder-sweeps.mjs`);
  // the live run of the notebook (d = 20, M = 2000), with fewer training sets: the claims keep their thresholds
  const live = await halderTransitionData({ d: 20, grid: [5, 20, 30, 40, 50, 100, 200], sets: 30, M: 2000 });
  const claims = halderTransitionClaims({ live, full });
  assert.deepEqual(statusOf(claims), {
    "H-C6 (d = 20, N = d/4)": "pass", "H-C6 (d = 20, N = 10d)": "pass", "H-C6 (d = 100, N = d/4)": "pass", "H-C6 (d = 100, N = 10d)": "pass",
    "H-C7 (d = 20)": "pass", "H-C7 (d = 50)": "pass", "H-C7 (d = 100)": "pass", "H-C8": "pass",
  });
  const fig = halderTransitionFigure([{ label: "d = 20 live", data: live }, { label: "d = 100", data: full[100]! }]).figure;
  assert.equal((fig.layout.sliders as unknown[]).length, 1);
});

test("H-F2: a live d = 100 slice reproduces the cached Δ_KL records", async () => {
  const { check, live } = await halderTransitionSlice(full[100]!, [25, 1000], 2);
  assert.equal(check.compared, 4);
  assert.ok(check.maxRelativeDifference <= 1e-9, `max relative difference ${check.maxRelativeDifference}`);
  assert.deepEqual(live.params.grid, [25, 1000]);
  assert.equal(halderTransitionParams({ d: 100, grid: [25, 1000], sets: 2, M: 10000, l2: false }).l2, false);
});

test("H-F3: H-C13 and H-C14 reproduce (cached sweeps and methods checks); the figure is sign-log with both panels", async () => {
  const { halderMethodsChecks, halderBracketClaims, halderDeltaPanel, halderDeltaFigure } = await import("difftheory");
  const live = await halderTransitionData({ d: 20, grid: [5, 20, 40, 200], sets: 6, M: 2000 });
  const sweeps = [live, full[20]!, full[50]!, full[100]!];
  const claims = halderBracketClaims(sweeps, halderMethodsChecks());
  assert.ok(claims.length === 8 && claims.every((c) => c.status === "pass"), JSON.stringify(claims.filter((c) => c.status !== "pass")));
  const fig = halderDeltaFigure([halderDeltaPanel(live), halderDeltaPanel(full[100]!, [50, 150, 500], 5)]).figure;
  assert.equal(fig.id, "H-F3");
  assert.ok(!JSON.stringify(fig).includes("NaN"));
});
