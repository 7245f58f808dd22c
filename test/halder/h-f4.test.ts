// H-F4 (Halder spec §4): the code's L2 relative distance against the KL one, on the cached H-F2 realizations.
// Guards claim H-C9's recorded status, checks the comparison against direct counts over the records, the sign-log
// scale, validation, and re-runs a live slice of the d = 20 cache with both metrics.
import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, halderMetricClaims, halderMetricComparison, halderMetricFigure, halderSignLogFloor, halderSignLogUnit,
  halderTransitionData, halderTransitionFromCache, halderTransitionSlice, transitionCrossing,
} from "difftheory";

const full = { 20: halderTransitionFromCache(20), 100: halderTransitionFromCache(100) };

test("H-F4: H-C9 keeps its recorded status on the cached M = 10⁴ sweeps (lower half passes, N = 10d does not reproduce)", () => {
  for (const d of [20, 100] as const) assert.ok(full[d], `data/halder/h-f2-d${d}.json is missing or stale: run node scripts/halder-sweeps.mjs h-f2-d${d}`);
  const cs = [halderMetricComparison(full[20]!), halderMetricComparison(full[100]!)];
  const claims = halderMetricClaims(cs);
  assert.deepEqual(Object.fromEntries(claims.map((c) => [c.id, c.status])), { "H-C9a": "pass", "H-C9b": "does not reproduce" });
  // the recorded finding: at d = 100 the L2 crossing lies far above the KL one, and P̂(Δ_L2 > 0) at N = 10d is below 0.95
  const c100 = cs[1];
  assert.ok(c100.crossingL2! > 3 && c100.crossingKl! < 2, `N*_L2/d = ${c100.crossingL2}, N*_KL/d = ${c100.crossingKl}`);
  assert.ok(c100.ratio! > 2);
  assert.equal(claims[1].measured, c100.rows.find((r) => r.N === 1000)!.l2.estimate);
  assert.ok(claims[1].measured < 0.95 && claims[1].measured > 0.5);
});

test("H-F4: the comparison equals direct counts over the records; crossings agree with transitionCrossing", () => {
  const data = full[100]!;
  const c = halderMetricComparison(data);
  for (const row of c.rows) {
    const rs = data.records.filter((r) => r.N === row.N);
    assert.equal(row.l2.estimate, rs.filter((r) => r.l2Scaled > 0).length / rs.length);
    assert.equal(row.kl.estimate, rs.filter((r) => r.kl > 0).length / rs.length);
    const agree = rs.filter((r) => Math.sign(r.l2Scaled) === Math.sign(r.kl)).length / rs.length;
    assert.equal(row.agreement, agree);
  }
  assert.equal(c.crossingL2, transitionCrossing(c.rows.map((r) => r.x), c.rows.map((r) => r.l2.estimate)));
  assert.equal(c.points.length, data.records.length);
  assert.ok(c.crossingL2SE > 0 && Number.isFinite(c.crossingL2SE));
});

test("sign-log scale: odd, monotone, zero at 0, log10 far out; floor is the decade below the smallest magnitude", () => {
  for (const u of [1, 1e-14]) {
    const xs = [-1e5, -3, -1e-13, 0, 1e-13, 3, 1e5].map((x) => x * u);
    const ys = xs.map((x) => halderSignLogUnit(x, u));
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i] > ys[i - 1]);
    xs.forEach((x, i) => assert.equal(halderSignLogUnit(-x, u), -ys[i]));
    assert.equal(halderSignLogUnit(0, u), 0);
    assert.ok(Math.abs(halderSignLogUnit(1e5 * u, u) - 5) < 1e-4);
  }
  assert.equal(halderSignLogFloor([-3e-14, 2e4, 0]), 1e-14);
  assert.equal(halderSignLogFloor([0, 0]), 1);
  assert.throws(() => halderSignLogUnit(1, 0), DomainError);
  assert.throws(() => halderSignLogUnit(1, -1), /unit/);
});

test("H-F4: validation and a live sweep: needs L2, needs d = 100 for the claim; the figure has no NaN and a dimension switch", async () => {
  const noL2 = await halderTransitionData({ d: 6, grid: [3, 12], sets: 3, M: 50, nMc: 20, l2: false, workers: 0 });
  assert.throws(() => halderMetricComparison(noL2), /l2/);
  const small = halderMetricComparison(await halderTransitionData({ d: 6, grid: [3, 6, 12, 60], sets: 4, M: 60, nMc: 20, workers: 0 }));
  assert.throws(() => halderMetricClaims([small]), /d = 100/);
  assert.throws(() => halderMetricFigure([]), DomainError);
  const fig = halderMetricFigure([small, halderMetricComparison(full[100]!)]).figure;
  assert.equal(fig.id, "H-F4");
  const json = JSON.stringify(fig);
  assert.ok(!json.includes("NaN") && !json.includes("null"));
  assert.equal((fig.layout.updatemenus as { buttons: unknown[] }[])[0].buttons.length, 2);
});

test("H-F4: a live d = 20 slice with both metrics reproduces the cached records", async () => {
  const { check } = await halderTransitionSlice(full[20]!, [5, 200], 1, true);
  assert.equal(check.compared, 2);
  assert.ok(check.maxRelativeDifference <= 1e-9, `max relative difference ${check.maxRelativeDifference}`);
});
