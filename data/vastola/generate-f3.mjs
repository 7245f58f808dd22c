// Regenerates data/vastola/f3.json and data/vastola/f3-images.f32.gz, the cache of Vastola's Fig. 3 (V-F3) at the
// official parameters: 2 feature families × 3 rotations, 100 linear models per panel (P = 500, F = 10 × 10 × 10,
// ridge 0.1, ε = 0.01), 1e5 samples per model through the official 30-step grid-lookup sampler, seed 1.
// Usage (after `npm run build`): node data/vastola/generate-f3.mjs [--threads 2]
// Every draw depends only on (seed, row, column, model), so the files do not depend on the thread count.
import { vastolaF3, writeVastolaF3Cache } from "difftheory";

const args = process.argv.slice(2);
const threads = args.includes("--threads") ? Number(args[args.indexOf("--threads") + 1]) : undefined;
const run = vastolaF3(threads ? { threads } : {});
const path = writeVastolaF3Cache(run.data);
console.log(`wrote ${path} (${run.data.seconds.toFixed(1)} s on ${run.data.params.threads} thread(s), ${run.data.threadFallbacks} fallback(s))`);
