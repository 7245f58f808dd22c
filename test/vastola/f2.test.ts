import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, vastolaF2, vastolaF2Claims, vastolaF2Figure, vastolaF2GapFigure, vastolaF2SliderFigure, vastolaF2Table, vastolaF2ModeTable,
  vastolaF2Findings, vastolaF2PipelineChecks, vastolaF2PipelineClaims, vastolaF2LookupComparison,
} from "difftheory";

// The claims are checked at the official parameters (100 models × 1e5 samples per panel, 200-point grids): with
// sampling = "law" the cost does not depend on the sample count, and smaller ensembles would change the SE-based
// thresholds' outcome, so the guard runs the real thing once.
const result = vastolaF2();

test("V-F2 claims keep their recorded status (official parameters, seed 1)", () => {
  assert.deepEqual(vastolaF2Claims(result.data).map((c) => [c.id, c.status]), [
    ["V-C5a", "pass"], ["V-C5b", "pass"], ["V-C5c", "pass"], ["V-C5d", "pass"], ["V-C5e", "pass"],
    ["V-C8a", "pass"], ["V-C8b", "pass"],
    ["V-C9a", "pass"], ["V-C9b", "does not reproduce"],
    ["V-C10", "pass"],
  ]);
});

test("V-C17: fast paths match slow direct routes on the fixed small case", () => {
  const c = vastolaF2PipelineChecks();
  assert.deepEqual(vastolaF2PipelineClaims(c).map((x) => x.status), ["pass", "pass", "pass", "pass"]);
  assert.ok(c.weightGuardW > 0 && c.weightGuardW < 1e-4, `V-E5 effect on W: ${c.weightGuardW}`);
});

test("the red curves' gap mass at F/P = 1/4 and ε = 0.01 is not distinguishable from the exact-score sampler's leak", () => {
  const row = result.data.rows[0];
  const p = result.data.panels[0];
  assert.equal(p.ratio, 0.25);
  assert.ok(Math.abs(p.gap.mean - row.grayGap.mean) < 4 * Math.hypot(p.gap.standardError, row.grayGap.standardError));
  assert.ok(vastolaF2Findings(result.data).some((l) => l.includes("not reproduced")));
});

test("figures, toggle and tables have the expected shape; the as-published band mixes conditions (V-E1)", () => {
  const f = vastolaF2Figure(result.data);
  assert.equal(f.data.length, 15 * 5);
  const pub = vastolaF2Figure(result.data, { asPublished: true });
  assert.deepEqual(pub.data[0].y, Array.from(result.data.panels[14].q25, (v) => Math.round(v * 1e5) / 1e5));
  assert.deepEqual(pub.data[7 * 5].y, f.data[7 * 5].y); // the centre panel (ε = 1e−3, F/P = 1) is right in both
  assert.equal(vastolaF2GapFigure(result.data).data.length, 6);
  assert.equal((vastolaF2SliderFigure(result.data).layout.sliders as unknown[]).length, 1);
  assert.equal(vastolaF2Table(result.data).rows.length, 9);
  assert.equal(vastolaF2ModeTable(result.data).rows.length, 15);
});

test("determinism, the direct sampling route, and validation", () => {
  const small = { models: 3, samplesPerModel: 500, grayBatches: 2, grayBatchSize: 500, fineSamples: 200, fineSteps: 100, trainSizes: [256, 64], epsilons: [0.01] };
  const once = JSON.stringify(vastolaF2(small).figure);
  assert.equal(once, JSON.stringify(vastolaF2(small).figure));
  assert.equal(once, JSON.stringify(vastolaF2({ ...small, threads: 1 }).figure)); // thread count does not change results
  assert.equal(once, JSON.stringify(vastolaF2({ ...small, threads: 3 }).figure));
  const direct = vastolaF2({ ...small, sampling: "direct" });
  assert.equal(direct.data.panels.length, 2);
  assert.throws(() => vastolaF2({ models: 1 }), (e: unknown) => e instanceof DomainError && e.parameter === "models");
  assert.throws(() => vastolaF2({ epsilons: [0] }), (e: unknown) => e instanceof DomainError && e.parameter === "epsilons");
  assert.throws(() => vastolaF2({ sampling: "x" as "law" }), (e: unknown) => e instanceof DomainError && e.parameter === "sampling");
  assert.throws(() => vastolaF2({ threads: 0 }), (e: unknown) => e instanceof DomainError && e.parameter === "threads");
});

test("exact evaluation of Wφ gives smoother individual-model densities than the official grid lookup", () => {
  const r = vastolaF2LookupComparison({ models: 2, samples: 5000 });
  assert.equal(r.data.lookup.length, 2);
  assert.ok(Number.isFinite(r.data.roughnessLookup) && Number.isFinite(r.data.roughnessExact));
});
