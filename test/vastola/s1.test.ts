import test from "node:test";
import assert from "node:assert/strict";
import { DomainError, vastolaS1, vastolaS1Claims, vastolaS1Findings, vastolaS1Table, vastolaS1Disagreements } from "difftheory";

// Smaller than the notebook (10 × 400 samples per κ and scheme instead of 20 × 2000); the thresholds are SE-based.
const result = vastolaS1({ batches: 10, batchSize: 400 });

test("V-S1 claims keep their recorded status: V-C6 and V-C7 pass, the gap-filling reading does not reproduce", () => {
  assert.deepEqual(vastolaS1Claims(result.data).map((c) => [c.id, c.status]), [
    ["V-C6", "pass"],
    ["V-C7", "pass"],
    ["V-C7b", "does not reproduce"],
  ]);
});

test("variance moves mass out of the middle point and beyond the outer points instead of into the gaps", () => {
  const cat = (k: number) => result.data.runs.find((r) => r.kappa === k && r.scheme === "categorical")!;
  assert.ok(cat(1).pointMass[1].mean < cat(0).pointMass[1].mean - 4 * Math.hypot(cat(1).pointMass[1].standardError, cat(0).pointMass[1].standardError));
  assert.ok(cat(1).outside.mean > cat(0).outside.mean + 4 * Math.hypot(cat(1).outside.standardError, cat(0).outside.standardError));
  assert.ok(cat(1).gapMass.mean < 1e-3);
  assert.ok(vastolaS1Findings(result.data).some((l) => l.includes("monotonically decreasing")));
});

test("the κ = 0 row is the PF-ODE and sits near p(x | ε)", () => {
  const r0 = result.data.runs.filter((r) => r.kappa === 0);
  assert.equal(r0.length, 2);
  assert.equal(r0[0].density, r0[1].density);
  assert.ok(Math.abs(r0[0].peakMass.mean - result.data.truthPeak) < 4 * r0[0].peakMass.standardError + 0.01);
});

test("the table, the figure and determinism", () => {
  assert.equal(vastolaS1Table(result.data).rows.length, 8);
  assert.equal(result.figure.data.length, 2 * (1 + 4));
  assert.ok(Array.isArray(vastolaS1Disagreements(result.data)));
  const again = vastolaS1({ batches: 2, batchSize: 20, steps: 50 });
  assert.equal(JSON.stringify(again.figure), JSON.stringify(vastolaS1({ batches: 2, batchSize: 20, steps: 50 }).figure));
});

test("parameters are validated", () => {
  assert.throws(() => vastolaS1({ kappas: [-1] }), (e: unknown) => e instanceof DomainError && e.parameter === "kappas");
  assert.throws(() => vastolaS1({ batches: 1 }), (e: unknown) => e instanceof DomainError && e.parameter === "batches");
});
