// Regenerates the cached Halder sweeps under data/halder/ (Halder spec §6 "Sweeps"):
//   h-f1      H-F1: individual distances, d = 100, the spec's N grid, 40 ols + 20 avg training sets per N
//   h-f2-d20  H-F2: the transition at d = 20, M = 10⁴, 100 training sets per N, Δ_KL and Δ_L2
//   h-f2-d50  H-F2: d = 50, M = 10⁴, 100 training sets per N
//   h-f2-d100 H-F2: d = 100, M = 10⁴, 60 training sets per N
//   h-f5-kl-t050 … h-f5-kl-t300  H-F5 (b): individual KL at d = 100, T ∈ {0.5, 1, 2, 3}, g = 1, 20 training sets per N
//   h-f5-p-t025 … h-f5-p-t200    H-F5 (c): P(Δ_KL > 0) at d = 20, M = 2000, T ∈ {0.25, 0.5, 1, 2}, 40 training sets per N
//   h-f6-d100 H-F6: d = 100, M = 10⁴, 40 training sets per N: writes h-f6-d100-avg (Δ_KL, Δ_L2), h-f6-d100-code (Δ_L2)
//             and h-f6-d100-canonical (only N ∈ {60, 90}: the other N are the first 40 training sets of h-f2-d100)
//   h-f6-d20  H-F6: the same three variants at d = 20, M = 2000, 40 training sets per N (h-f6-d20-<variant>; the notebook
//             re-runs a live slice, or the whole d = 20 sweep with liveD20 = true)
//   h-f7-anchors-d20  H-F7 (a): memorizer and oracle, d = 20, M = 2000, N ∈ {5, 20, 80, 320}, 100 training sets
//   h-f7-rule-d20, h-f7-fixed-d20  H-F7 (b): canonical model at d = 20, M = 2000, 60 training sets, rule / fixed bandwidth
// Usage: npm run build && node scripts/halder-sweeps.mjs [name ...] [--workers N]
// Each file records its parameters, their hash, this script's name, the wall time and the per-realization records;
// notebooks load a file only when the hash of their parameters matches. Seeds derive from (seed, d, N, rep), so
// the records do not depend on the number of workers.
import {
  H_F5_KL_TIMES, H_F5_P_TIMES, halderTimeCacheName, halderTimeKlParams, halderTimeTransitionParams,
  H_F6_VARIANTS, halderVariantCacheName, halderVariantCacheParams, halderVariantSweeps,
  halderBandwidthCacheName, halderBandwidthData,
  H_F7_ANCHOR_CACHE, halderAnchorData, halderAnchorParams,
  H_F2_FULL, defaultThreads, halderIndividualDistanceData, halderTransitionData, halderTransitionParams, writeHalderCache,
} from "difftheory";

const args = process.argv.slice(2);
const wi = args.indexOf("--workers");
const workers = wi >= 0 ? Number(args[wi + 1]) : defaultThreads();
const names = args.filter((a, i) => !a.startsWith("--") && (wi < 0 || i !== wi + 1));
const h5 = [...H_F5_KL_TIMES.map((T) => [halderTimeCacheName("kl", T), "kl", T]), ...H_F5_P_TIMES.map((T) => [halderTimeCacheName("p", T), "p", T])];
const all = ["h-f1", "h-f2-d20", "h-f2-d50", "h-f2-d100", ...h5.map(([n]) => n), "h-f6-d20", "h-f6-d100", "h-f7-anchors-d20", "h-f7-rule-d20", "h-f7-fixed-d20"];
const todo = names.length ? names : all;

/** The parameters of each cached sweep (the notebooks build the same objects). */
export function sweepParams(name) {
  if (name === "h-f1") return { d: 100, olsSets: 40, avgSets: 20, seed: 1 };
  const five = h5.find(([n]) => n === name);
  if (five) return five[1] === "kl" ? halderTimeKlParams(five[2]) : halderTimeTransitionParams(five[2]);
  const d = Number(name.replace("h-f2-d", ""));
  return halderTransitionParams({ d, grid: H_F2_FULL[d].grid, sets: H_F2_FULL[d].sets, M: 10000, l2: true, seed: 1 });
}

for (const name of todo) {
  if (!all.includes(name)) throw new Error(`unknown sweep ${name}; choose from ${all.join(", ")}`);
  const t0 = Date.now();
  if (name.startsWith("h-f6-d")) {
    // the three variants share one reference set (∫K_ref² computed once) and one pool of workers
    const d = Number(name.replace("h-f6-d", ""));
    const list = H_F6_VARIANTS.map((v) => halderVariantCacheParams(v.name, d));
    const recs = await halderVariantSweeps(list, { workers });
    const seconds = (Date.now() - t0) / 1000;
    list.forEach((p, i) => {
      const path = writeHalderCache(halderVariantCacheName(p.variant, d), p, recs[i], { seconds, workers });
      console.log(`${name} (${p.variant}): ${recs[i].length} realizations -> ${path}`);
    });
    console.log(`${name}: ${seconds.toFixed(1)} s on ${workers} workers (all three variants)`);
    continue;
  }
  if (name === H_F7_ANCHOR_CACHE) {
    const data = await halderAnchorData(halderAnchorParams(), workers);
    const seconds = (Date.now() - t0) / 1000;
    const path = writeHalderCache(name, data.params, data.records, { seconds, workers });
    console.log(`${name}: ${data.records.length} realizations in ${seconds.toFixed(1)} s on ${workers} workers -> ${path}`);
    continue;
  }
  if (name.startsWith("h-f7-")) {
    const bandwidth = name === "h-f7-rule-d20" ? "rule" : "fixed";
    const { params, records } = await halderBandwidthData(bandwidth, workers);
    const seconds = (Date.now() - t0) / 1000;
    const path = writeHalderCache(halderBandwidthCacheName(bandwidth), params, records, { seconds, workers });
    console.log(`${name}: ${records.length} realizations in ${seconds.toFixed(1)} s on ${workers} workers -> ${path}`);
    continue;
  }
  let params;
  let records;
  if (name === "h-f1" || name.startsWith("h-f5-kl-")) {
    const data = await halderIndividualDistanceData({ ...sweepParams(name), workers });
    params = data.params;
    records = data.records;
  } else {
    params = sweepParams(name);
    records = (await halderTransitionData({ ...params, workers })).records;
  }
  const seconds = (Date.now() - t0) / 1000;
  const path = writeHalderCache(name, params, records, { seconds, workers });
  console.log(`${name}: ${records.length} realizations in ${seconds.toFixed(1)} s on ${workers} workers -> ${path}`);
}
