// Regenerates mg-c11-montecarlo.json: the MG-C11 Monte Carlo check (20000 DDPM chains of the converged linear model
// on the fixed d = 8, N = 12 set, default switches, seed 2505). Run from the repository root after `npm run build`:
//   node data/merger-goldt/generate-mg-c11.mjs          (about 1–2 minutes)
import { writeFileSync } from "node:fs";
import { mgSetting, samplingLawCheck } from "difftheory";

const samples = 20000;
const seed = 2505;
const t0 = Date.now();
const check = samplingLawCheck(mgSetting(), samples, seed);
const out = { samples, seed, zScores: check.zScores, variances: check.variances, seconds: (Date.now() - t0) / 1000 };
writeFileSync(new URL("./mg-c11-montecarlo.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log(out);
