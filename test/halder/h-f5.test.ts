// H-F5 (Halder spec §4): finite diffusion time and noise scale. Guards claims H-C3 (floor part) and H-C15 on the
// cached panels, checks the closed-form floor against an independent route (the limit generated law Σ_G = rσ²I
// through the foundation's Gaussian KL), validation, and re-runs live slices of both caches.
import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, H_F5_KL_TIMES, H_F5_P_TIMES, gaussian, halderFloorFigure, halderFloorMap, halderFloorPerDim, halderIndividualSlice,
  halderTimeCacheName, halderTimeClaims, halderTimeKlFigure, halderTimeKlFromCache, halderTimeTransitionFigure,
  halderTimeTransitionFromCache, halderTransitionSlice, klDivergence, ouForwardMap,
} from "difftheory";
import { Matrix } from "ml-matrix";

const klPanels = H_F5_KL_TIMES.map((T) => halderTimeKlFromCache(T));
const sweeps = H_F5_P_TIMES.map((T) => halderTimeTransitionFromCache(T));

test("H-F5: the caches exist and H-C3 (floor part) and H-C15 keep their recorded statuses", () => {
  klPanels.forEach((p, i) => assert.ok(p, `${halderTimeCacheName("kl", H_F5_KL_TIMES[i])}.json is missing or stale: run node scripts/halder-sweeps.mjs`));
  sweeps.forEach((s, i) => assert.ok(s, `${halderTimeCacheName("p", H_F5_P_TIMES[i])}.json is missing or stale: run node scripts/halder-sweeps.mjs`));
  const claims = halderTimeClaims(klPanels.map((p) => p!), sweeps.map((s) => s!));
  assert.deepEqual(Object.fromEntries(claims.map((c) => [c.id, c.status])), {
    "H-C3c": "pass", "H-C3d": "pass",
    "H-C3e (T = 0.5)": "pass", "H-C3e (T = 1)": "pass", "H-C3e (T = 2)": "pass", "H-C3e (T = 3)": "pass",
    "H-C15": "pass",
  });
  // the recorded finding: N* is flat from T = 0.5 to 2 and lower at T = 0.25, by less than 4 combined SEs
  const x = sweeps.map((s) => s!.crossingKl!);
  assert.ok(Math.max(x[1], x[2], x[3]) - Math.min(x[1], x[2], x[3]) < 0.1, x.join(", "));
  assert.ok(x[0] < x[3]);
  // below d every realization of panel (b) has KL = ∞, above d every one is finite
  for (const p of klPanels) for (const r of p!.records) assert.equal(Number.isFinite(r.fits.ols!.kl), r.N > 100);
});

test("the floor per dimension equals the KL of the limit law N(μ1, rσ²I) to N(μ1, σ²I) (foundation Gaussian KL)", () => {
  for (const [T, g, sigma] of [[0.25, 1, 1], [2, 1, 1], [1, 0.1, 0.5], [3, 10, 2]]) {
    const d = 3;
    const r = ouForwardMap({ T, g, dataVariance: sigma * sigma }).shrink;
    const mean = [1, 2, 3];
    const kl = klDivergence(gaussian(mean, Matrix.eye(d).mul(r * sigma * sigma)), gaussian(mean, Matrix.eye(d).mul(sigma * sigma)));
    assert.ok(Math.abs(kl / d - halderFloorPerDim(T, g, sigma)) < 1e-12, `T = ${T}, g = ${g}: ${kl / d} vs ${halderFloorPerDim(T, g, sigma)}`);
  }
  // limits: T → 0 gives 0; T → ∞ at g = 1, σ = 1 gives φ(1/2)/2
  assert.ok(halderFloorPerDim(1e-6, 1) < 1e-11);
  assert.ok(Math.abs(halderFloorPerDim(40, 1) - (0.5 - 1 - Math.log(0.5)) / 2) < 1e-12);
});

test("H-F5 (a): the floor map is monotone in T and g, has no NaN, and validates its options", () => {
  const m = halderFloorMap({ nT: 20, nG: 10 });
  for (const c of m.curves) for (let i = 1; i < c.length; i++) assert.ok(c[i] > c[i - 1]);
  for (let i = 0; i < m.Ts.length; i++) for (let j = 1; j < m.gs.length; j++) assert.ok(m.curves[j][i] > m.curves[j - 1][i]);
  assert.equal(m.heat.z.length, 10);
  const fig = halderFloorFigure(m).figure;
  assert.equal(fig.id, "H-F5a");
  assert.ok(!JSON.stringify(fig).includes("NaN"));
  assert.throws(() => halderFloorMap({ Tmin: 2, Tmax: 1 }), /Tmax/);
  assert.throws(() => halderFloorMap({ nT: 1 }), DomainError);
  assert.throws(() => halderFloorMap({ gs: [0] }), /gs/);
  assert.throws(() => halderTimeCacheName("kl", 0), /T/);
  assert.equal(halderTimeCacheName("p", 0.25), "h-f5-p-t025");
});

test("H-F5 (b), (c): figures have a slider over T / one curve per T and no NaN; claims need two times", () => {
  const b = halderTimeKlFigure(klPanels.map((p) => p!)).figure;
  assert.equal((b.layout.sliders as { steps: unknown[] }[])[0].steps.length, 4);
  assert.ok(!JSON.stringify(b).includes("NaN"));
  const c = halderTimeTransitionFigure(sweeps.map((s) => s!)).figure;
  assert.ok(!JSON.stringify(c).includes("NaN"));
  assert.throws(() => halderTimeKlFigure([]), DomainError);
  assert.throws(() => halderTimeTransitionFigure([]), DomainError);
  assert.ok(!halderTimeClaims([], [sweeps[0]!]).some((x) => x.id === "H-C15"));
});

test("H-F5: live slices reproduce the cached records of both panels", async () => {
  const b = await halderIndividualSlice(klPanels[0]!, [101, 1000], 1);
  assert.equal(b.compared, 2);
  assert.ok(b.maxRelativeDifference <= 1e-9, `panel (b): ${b.maxRelativeDifference}`);
  const { check } = await halderTransitionSlice(sweeps[0]!, [30, 50], 1);
  assert.equal(check.compared, 2);
  assert.ok(check.maxRelativeDifference <= 1e-9, `panel (c): ${check.maxRelativeDifference}`);
});
