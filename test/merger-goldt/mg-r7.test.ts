import test from "node:test";
import assert from "node:assert/strict";
import { DomainError, mgR7, mgR7CachedRuns, mgR7Claims, mgR7LiveCheck, mgR7Setting, useTfBackend } from "difftheory";

await useTfBackend("wasm");
const cache = mgR7CachedRuns();
// the notebook's parameters (defaults: d = 32, k = 1, N ∈ {16, 64, 256}, 3000 Adam steps, 2000 samples), from the cache
const result = await mgR7();
// MG-C16 does not reproduce at the spec's factor-2 threshold with this network and budget (see the notebook): the
// MLP (3000 Adam steps) shrinks the small-variance tail of its samples; worst bulk factors 20.7 (N = 16), 3.61 (64),
// 2.02 (256), while its top-3 eigenvectors agree with the linear model's to 0.97–0.99.
const RECORDED = [["MG-C16", "does not reproduce"], ["MG-C16", "does not reproduce"], ["MG-C16", "does not reproduce"]];

test("the cache is present, matches the default setting and is used", () => {
  assert.ok(cache !== undefined, "data/merger-goldt/mg-r7-runs.json is present");
  assert.equal(result.data.cached, true);
  assert.deepEqual(cache.runs.map((r) => r.N), [16, 64, 256]);
  for (const r of cache.runs) {
    assert.equal(r.covariance.length, 32 * 32);
    assert.equal(r.samples, 2000);
    assert.equal(r.steps, 3000);
  }
});

test("MG-C16 at the spec's N ∈ {d/2, 2d, 8d} (recorded status)", () => {
  const claims = mgR7Claims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), RECORDED);
  // the recorded numbers, so that a change in the cache or the analysis is noticed
  assert.deepEqual(claims.map((c) => Number(c.measured.toFixed(3))), [20.71, 3.608, 2.016]);
  // the leading directions: the MLP's top-3 eigenvectors follow the linear model's (= Ĉ's) closely
  for (const c of result.data.cells) for (const o of c.overlapBetween) assert.ok(o > 0.89, `overlap ${o}`);
  // N = d/2: the MLP, like the linear model, nearly empties the directions the data miss (< 2% of the data's variance)
  assert.ok(result.data.cells[0].nullSpaceVariance < 0.02 * result.data.cells[0].nullSpaceTarget);
});

test("the linear model puts exactly zero variance beyond rank N for N = d/2; the bulk is ranks 4 … min(N, d)", () => {
  const [small, mid, big] = result.data.cells;
  assert.deepEqual(small.bulk, [4, 16]);
  assert.deepEqual(mid.bulk, [4, 32]);
  assert.deepEqual(big.bulk, [4, 32]);
  for (let r = 16; r < 32; r++) assert.equal(small.linear[r], 0);
  for (let r = 0; r < 16; r++) assert.ok(small.linear[r] > 0);
  for (const c of result.data.cells) for (const o of [...c.overlapLinear, ...c.overlapNonlinear, ...c.overlapBetween]) assert.ok(o >= 0 && o <= 1 + 1e-12);
});

test("live check: retraining the cached short run gives bit-identical weights and losses", async () => {
  const live = await mgR7LiveCheck();
  assert.equal(live.liveHash, live.cachedHash);
  assert.ok(live.identical && live.lossIdentical);
});

test("the figure is deterministic and has its three panels", async () => {
  const tiny = { d: 4, T: 20, steps: 3, samples: 10, hidden: [8], timeEmbedding: 4 };
  const a = await mgR7(tiny);
  const b = await mgR7(tiny);
  assert.equal(a.data.cached, false);
  assert.equal(JSON.stringify(a.figure), JSON.stringify(b.figure));
  assert.equal(result.figure.id, "MG-R7");
  assert.deepEqual([...new Set(result.figure.data.map((t) => t.xaxis ?? "x"))], ["x", "x2", "x3"]);
});

test("validation: DomainError names the option", () => {
  const bad = (o: object, p: string) => assert.throws(() => mgR7Setting(o), (e: unknown) => e instanceof DomainError && e.parameter === p);
  bad({ d: 1 }, "d");
  bad({ k: 0 }, "k");
  bad({ sizes: [1.5] }, "sizes[0]");
  bad({ steps: 0 }, "steps");
  bad({ learningRate: -1 }, "learningRate");
  bad({ variance: "x" }, "variance");
  bad({ samples: 1 }, "samples");
});
