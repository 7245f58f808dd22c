// Regenerates mg-c13-replica-check.json: the MG-C13 check of the replica theory (simulated t-averaged and t = 1 test
// loss of the converged linear model vs the deterministic equivalent) on the spec's grid d = 200, k ∈ {0, 1, 2},
// N ∈ {50, 100, 400, 1600}, 10 seeds, seed 2505, T = 1000, Tr Σ = d, c = 0. Run from the repository root after
// `npm run build`:   node data/merger-goldt/generate-mg-c13.mjs          (5–15 s: 60 eigen-decompositions at d = 200)
import { writeFileSync } from "node:fs";
import { mgSetting, replicaCheck } from "difftheory";

const seed = 2505;
const t0 = Date.now();
const check = replicaCheck(mgSetting(), { d: 200, ks: [0, 1, 2], sizes: [50, 100, 400, 1600], seeds: 10, seed, ridge: 0 });
const out = { seed, T: 1000, trace: "d", ridge: 0, check, seconds: (Date.now() - t0) / 1000 };
writeFileSync(new URL("./mg-c13-replica-check.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log(check.cells.map((c) => `k=${c.k} N=${c.N}: ${(100 * c.deviation).toFixed(3)}%`).join("\n"), `\n${out.seconds} s`);
