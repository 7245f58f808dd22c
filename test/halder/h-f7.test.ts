// H-F7 (Halder spec §4): sanity anchors and the bandwidth rule. Guards claim H-C12 on the cached anchor panel (the
// spec's parameters), re-runs live slices of every cache, checks the anchors against independent facts (the
// memorizer's Δ_KL is minus a KL; the oracle's draws are p's), the fixed bandwidth's value, the monotonicity
// finding of panel (b), the figure and validation.
import test from "node:test";
import assert from "node:assert/strict";
import {
  DomainError, H_F7_ANCHOR_GRID, compareHalderAnchorRecords, halderAnchorData, halderAnchorFromCache, halderAnchorParams, halderAnchorSlice, halderBandwidthCacheName,
  halderBandwidthFromCache, halderBandwidthParams, halderBandwidthSlice, halderBandwidthValues, halderMonotonicity, halderSanityClaims,
  halderSanityFigure, halderTransitionData, runHalderAnchorTask, halderReference, prepareHalderReferences, wilsonInterval,
} from "difftheory";

const anchors = halderAnchorFromCache();
const rule = halderBandwidthFromCache("rule");
const fixed = halderBandwidthFromCache("fixed");

test("H-F7: the caches exist and H-C12 keeps its recorded status (both anchors pass at the spec's parameters)", () => {
  assert.ok(anchors, "data/halder/h-f7-anchors-d20.json is missing or stale: run node scripts/halder-sweeps.mjs h-f7-anchors-d20");
  assert.ok(rule && fixed, "data/halder/h-f7-{rule,fixed}-d20.json is missing or stale: run node scripts/halder-sweeps.mjs h-f7-rule-d20 h-f7-fixed-d20");
  assert.deepEqual(anchors!.params.grid, [...H_F7_ANCHOR_GRID]);
  assert.equal(anchors!.params.sets, 100);
  assert.equal(anchors!.params.M, 2000);
  assert.equal(anchors!.params.d, 20);
  const claims = halderSanityClaims(anchors!);
  assert.deepEqual(Object.fromEntries(claims.map((c) => [c.id, c.status])), { "H-C12 (memorizer)": "pass", "H-C12 (oracle)": "pass" });
  // the thresholds are the spec's
  assert.equal(claims[0].expected, 0);
  assert.equal(claims[0].tolerance, 0);
  assert.equal(claims[1].expected, 0.9);
  // the recorded finding: the memorizer is negative on every training set, the oracle positive on every one
  assert.ok(anchors!.records.filter((r) => r.generator === "memorizer").every((r) => r.kl < 0));
  assert.ok(anchors!.records.filter((r) => r.generator === "oracle").every((r) => r.kl > 0));
  // the oracle's margin shrinks as K_train approaches K_ref (N → M)
  const m = anchors!.oracle.map((r) => r.mean);
  for (let j = 1; j < m.length; j++) assert.ok(m[j] < m[j - 1], m.join(", "));
});

test("H-F7 (b): the recorded monotonicity finding: the rule's P̂(Δ_KL > 0) is monotone in N, the fixed bandwidth's is not (significantly)", () => {
  const kl = (s: typeof rule) => halderMonotonicity(s!.rows.map((r) => ({ N: r.N, p: r.kl })));
  const rk = kl(rule);
  const fk = kl(fixed);
  assert.equal(rk.monotone, true);
  assert.equal(fk.monotone, false);
  assert.ok(fk.significant >= 1, JSON.stringify(fk));
  // the fixed bandwidth peaks at N = d and never crosses ½ for good: N* undefined, P̂ below ½ at N = 10d
  const atD = fixed!.rows.find((r) => r.N === 20)!;
  assert.ok(atD.kl.estimate > 0.9);
  assert.equal(fixed!.crossingKl, undefined);
  assert.ok(fixed!.rows[fixed!.rows.length - 1].kl.estimate < 0.5);
  // the rule sweep is H-F2's live sweep (same parameters): N* in the fall phase
  assert.ok(rule!.crossingKl! > 1 && rule!.crossingKl! < 3);
});

test("H-F7: live slices reproduce the cached anchor and bandwidth records bit for bit", async () => {
  const a = await halderAnchorSlice(anchors!, [5, 320], 1);
  assert.equal(a.compared, 4);
  assert.ok(a.maxRelativeDifference <= 1e-12, String(a.maxRelativeDifference));
  for (const s of [rule!, fixed!]) {
    const c = await halderBandwidthSlice(s, [20], 1);
    assert.equal(c.compared, 1);
    assert.ok(c.maxRelativeDifference <= 1e-12, `${s.params.bandwidth}: ${c.maxRelativeDifference}`);
  }
});

test("the rule sweep of panel (b) is exactly H-F2's live sweep (same realizations, same records)", async () => {
  const live = await halderTransitionData({ d: 20, sets: 2, M: 2000, grid: [30, 60] });
  for (const r of live.records) {
    const c = rule!.records.find((x) => x.N === r.N && x.rep === r.rep)!;
    assert.deepEqual(r, c);
  }
});

test("the memorizer's Δ_KL estimates minus a KL (≤ 0), the oracle's draws are p's; both depend only on the seed path", () => {
  const params = halderAnchorParams({ grid: [10], sets: 1, M: 300 });
  const ref = halderReference(params.seed, params.d, params.M, params.model, params.bandwidth, false);
  const refs = prepareHalderReferences([ref]);
  const task = { kind: "anchor" as const, seed: 1, d: 20, N: 10, rep: 0, model: params.model, nMc: 400, bandwidth: "rule" as const };
  const mem = runHalderAnchorTask({ ...task, generator: "memorizer" }, refs.get(20)!);
  const ora = runHalderAnchorTask({ ...task, generator: "oracle" }, refs.get(20)!);
  assert.ok(mem.kl + 4 * mem.klSE < 0, `memorizer ${mem.kl} ± ${mem.klSE}`);
  assert.ok(ora.kl - 4 * ora.klSE > 0, `oracle ${ora.kl} ± ${ora.klSE}`);
  assert.deepEqual(runHalderAnchorTask({ ...task, generator: "memorizer" }, refs.get(20)!), mem);
  assert.throws(() => runHalderAnchorTask({ ...task, generator: "other" as never }, refs.get(20)!), DomainError);
});

test("the fixed bandwidth is the spec's ε = 0.99080 in the paper configuration, the rule's ε(n) = n^(−1/d)", () => {
  const bw = halderBandwidthValues();
  assert.ok(Math.abs(bw.fixed - 0.9908) < 5e-6, String(bw.fixed));
  assert.ok(Math.abs(bw.ruleAt(2000) - 2000 ** (-1 / 20)) < 1e-15);
  assert.equal(halderBandwidthParams("fixed").bandwidth, "fixed");
  assert.equal(halderBandwidthCacheName("rule"), "h-f7-rule-d20");
  assert.throws(() => halderBandwidthCacheName("other" as never), DomainError);
});

test("halderMonotonicity counts decreases and the significant ones (non-overlapping Wilson intervals)", () => {
  const rows = [[0, 50], [10, 50], [45, 50], [40, 50], [50, 50], [5, 50]].map(([k, n], i) => ({ N: i + 1, p: wilsonInterval(k, n) }));
  const m = halderMonotonicity(rows);
  assert.equal(m.monotone, false);
  assert.deepEqual(m.decreases.map((x) => [x.from, x.to]), [[3, 4], [5, 6]]);
  assert.equal(m.significant, 1);
  assert.equal(halderMonotonicity(rows.slice(0, 3)).monotone, true);
});

test("H-F7: the figure has both panels and no NaN; validation of the anchor parameters", async () => {
  const fig = halderSanityFigure(anchors!, rule!, fixed!).figure;
  assert.equal(fig.id, "H-F7");
  assert.ok(!JSON.stringify(fig).includes("NaN"));
  assert.ok(fig.data.some((t) => t.xaxis === "x2"));
  assert.throws(() => halderAnchorParams({ grid: [] }), DomainError);
  assert.throws(() => halderAnchorParams({ grid: [1] }), DomainError);
  assert.throws(() => halderAnchorParams({ bandwidth: "other" as never }), DomainError);
  assert.throws(() => halderAnchorParams({ sets: 0 }), DomainError);
  const small = await halderAnchorData({ grid: [5], sets: 2, M: 50 }, 0);
  assert.equal(small.records.length, 4);
});

test("compareHalderAnchorRecords matches records by generator, N and training set", () => {
  const recs = anchors!.records.filter((r) => r.N === 5 && r.rep < 2);
  assert.equal(compareHalderAnchorRecords(recs, anchors!.records).maxRelativeDifference, 0);
  const changed = recs.map((r) => (r.generator === "oracle" ? { ...r, kl: r.kl * (1 + 1e-6) } : r));
  const c = compareHalderAnchorRecords(changed, anchors!.records);
  assert.ok(c.maxRelativeDifference > 5e-7 && c.maxRelativeDifference < 2e-6);
});
