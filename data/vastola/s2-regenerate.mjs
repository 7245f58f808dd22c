// Regenerates data/vastola/s2-ensembles.json, the cached ensembles of notebook V-S2 (spec §3 V-S2, default
// parameters: 400 models at P = 1024, 256, 64 and 512, V-C16 densities at P = 1024 and 64, seed 1).
// Run from the repository root after building (npm run build):  node data/vastola/s2-regenerate.mjs
// The result does not depend on the thread count; the notebook re-trains a live slice and checks it bit for bit.
import { writeFileSync } from "node:fs";
import { vastolaS2Ensembles, vastolaS2CachePath } from "difftheory";

const t0 = performance.now();
const ens = vastolaS2Ensembles({});
const out = vastolaS2CachePath();
writeFileSync(out, JSON.stringify(ens));
console.log(`wrote ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s (redone units: ${ens.redoneUnits})`);
