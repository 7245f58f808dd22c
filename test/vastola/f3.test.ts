import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, vastolaF3, vastolaF3FromCache, vastolaF3Slice, vastolaF3Claims, vastolaF3Figure, vastolaF3Table, vastolaF3Findings,
  vastolaF3PipelineChecks, vastolaF3PipelineClaims, vastolaF3EdgeAsymmetry, writeVastolaF3Cache,
} from "difftheory";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The claims are guarded at the official parameters (100 models × 1e5 samples per panel, 200 × 200 grids) from the
// cache data/vastola/f3.json (regenerate with data/vastola/generate-f3.mjs); a live slice re-runs the first models
// of every panel and must reproduce their numbers bit for bit.
const cached = vastolaF3FromCache();

test("the V-F3 cache exists and matches the official parameters", () => {
  assert.ok(cached, "data/vastola/f3.json missing or stale: run node data/vastola/generate-f3.mjs");
  assert.equal(cached.data.params.models, 100);
  assert.equal(cached.data.params.samplesPerModel, 1e5);
  assert.equal(cached.data.panels.length, 6);
});

test("V-F3 claims keep their recorded status (official parameters, seed 1)", () => {
  assert.deepEqual(vastolaF3Claims(cached!.data).map((c) => [c.id, c.status]), [
    ["V-C13", "pass"], ["V-C14a", "pass"], ["V-C14b", "pass"],
    ["V-C15a", "pass"], ["V-C15b", "pass"], ["V-C15c", "pass"], ["V-C15d", "does not reproduce"],
    ["V-E2a", "pass"], ["V-E2b", "pass"],
  ]);
});

test("a live slice (first 2 models of every panel) reproduces the cached numbers bit for bit", () => {
  const s = vastolaF3Slice(cached!.data, 2);
  assert.equal(s.maxDifference, 0);
});

test("V-C17: the 2-D fast paths match slow direct routes on fixed cases", () => {
  const c = vastolaF3PipelineChecks();
  assert.deepEqual(vastolaF3PipelineClaims(c).map((x) => x.status), ["pass", "pass", "pass", "pass"]);
});

test("figures, toggle and tables have the expected shape; the as-published view is mirrored, squashed and offset (V-E3)", () => {
  const d = cached!.data;
  const f = vastolaF3Figure(d);
  assert.equal(f.data.length, 2 * 10 + 6 * 2);
  const pub = vastolaF3Figure(d, { asPublished: true });
  const heat = pub.data.filter((t) => t.type === "heatmap");
  assert.equal(heat.length, 6);
  const ys = heat[0].y as number[];
  assert.ok(Math.abs(ys[ys.length - 1] - (1 - 1.25 / 100)) < 1e-3); // squashed into [−1.5, 1] (100 × 100 display)
  assert.equal((heat[0].z as number[][]).length, 100);
  assert.equal(((vastolaF3Figure(d, { display: 200 }).data.find((t) => t.type === "heatmap")!.z) as number[][]).length, 200);
  assert.equal(vastolaF3Figure(d, { panels: [2, 5], asPublished: true }).data.length, 4);
  const yaxis = Object.entries(pub.layout).filter(([k]) => k.startsWith("yaxis")).map(([, v]) => v as { range?: number[] }).filter((v) => v.range);
  assert.ok(yaxis.every((v) => v.range![0] > v.range![1])); // reversed
  const markers = pub.data.filter((t) => t.mode === "markers")[0].y as number[];
  const truth = f.data.filter((t) => t.mode === "markers")[0].y as number[];
  markers.forEach((v, k) => assert.ok(Math.abs(v - (truth[k] - 0.25)) < 1e-3));
  assert.equal(vastolaF3Table(d).rows.length, 12);
  assert.ok(vastolaF3Findings(d).length >= 3);
  const a = vastolaF3EdgeAsymmetry(d, d.panels[2]);
  assert.ok(Math.abs(a.joint.mean) < 4 * a.joint.standardError && a.published.mean > 4 * a.published.standardError);
  assert.throws(() => vastolaF3Figure(d, { scale: "x" as "log" }), (e: unknown) => e instanceof DomainError && e.parameter === "scale");
});

test("determinism: the same seed gives the same numbers for any thread count; model k does not depend on the run size", () => {
  const small = { models: 3, samplesPerModel: 2000, kinds: ["gaussian" as const], thetas: [45], trainSize: 100 };
  const once = vastolaF3(small);
  assert.equal(JSON.stringify(once.figure), JSON.stringify(vastolaF3({ ...small, threads: 1 }).figure));
  assert.equal(JSON.stringify(once.figure), JSON.stringify(vastolaF3({ ...small, threads: 3 }).figure));
  assert.deepEqual(vastolaF3Slice(once.data, 2, 1).maxDifference, 0);
  // the cache round trip keeps the per-model numbers exactly (images are stored as float32)
  const dir = mkdtempSync(join(tmpdir(), "f3-cache-"));
  try {
    writeVastolaF3Cache(once.data, dir);
    const back = vastolaF3FromCache(small, dir)!;
    assert.deepEqual(back.data.modelNumbers, once.data.modelNumbers);
    assert.ok(Math.abs(back.data.panels[0].joint[12345] - once.data.panels[0].joint[12345]) <= 1e-7 * Math.abs(once.data.panels[0].joint[12345]) + 1e-12);
    assert.equal(vastolaF3FromCache({ ...small, seed: 2 }, dir), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("validation names the bad parameter", () => {
  assert.throws(() => vastolaF3({ models: 1 }), (e: unknown) => e instanceof DomainError && e.parameter === "models");
  assert.throws(() => vastolaF3({ kinds: ["x" as "gaussian"] }), (e: unknown) => e instanceof DomainError && e.parameter === "kinds");
  assert.throws(() => vastolaF3({ thetas: [] }), (e: unknown) => e instanceof DomainError && e.parameter === "thetas");
  assert.throws(() => vastolaF3({ threads: 0 }), (e: unknown) => e instanceof DomainError && e.parameter === "threads");
  assert.throws(() => vastolaF3({ eps: 0 }), (e: unknown) => e instanceof DomainError && e.parameter === "eps");
});
