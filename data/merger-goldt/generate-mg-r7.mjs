// Regenerates data/merger-goldt/mg-r7-runs.json (MG-R7 / MG-C16): trains the MLP DDPM for every N and replicate of
// the default MG-R7 setting, samples it, and stores the sample covariances, plus the short live-check run.
// Usage: npm run build && node data/merger-goldt/generate-mg-r7.mjs
//   (about 5 CPU-minutes per model; `--part i/n` runs every n-th model in one of n processes and writes a part file,
//    `--merge n` then joins the n part files into mg-r7-runs.json)
import { readFileSync, writeFileSync } from "node:fs";
import { mgR7Setting, mgR7Run, useTfBackend, MG_R7_LIVE_STEPS } from "difftheory";

const args = process.argv.slice(2);
const setting = mgR7Setting();
const jobs = [];
for (let rep = 0; rep < setting.replicates; rep++) for (const N of setting.sizes) jobs.push({ N, rep });
const out = new URL("./mg-r7-runs.json", import.meta.url);
const partFile = (i) => new URL(`./mg-r7-runs.part${i}.json`, import.meta.url);

if (args[0] === "--merge") {
  const n = Number(args[1]);
  const parts = Array.from({ length: n }, (_, i) => JSON.parse(readFileSync(partFile(i), "utf8")));
  const runs = jobs.map(({ N, rep }) => parts.flatMap((p) => p.runs).find((r) => r.N === N && r.replicate === rep));
  if (runs.some((r) => r === undefined)) throw new Error("a part is missing a run");
  const live = parts.find((p) => p.live)?.live;
  writeFileSync(out, JSON.stringify({ setting, runs, live }) + "\n");
  console.log(`merged ${runs.length} runs into ${out.pathname}`);
} else {
  const [i, n] = args[0] === "--part" ? args[1].split("/").map(Number) : [0, 1];
  await useTfBackend("wasm");
  const started = Date.now();
  const live = i === 0 ? await mgR7Run(setting, setting.sizes[0], 0, { steps: MG_R7_LIVE_STEPS, samples: 0 }) : undefined;
  const runs = [];
  for (let j = i; j < jobs.length; j += n) {
    runs.push(await mgR7Run(setting, jobs[j].N, jobs[j].rep));
    console.log(`N = ${jobs[j].N}, replicate ${jobs[j].rep}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    writeFileSync(n === 1 ? out : partFile(i), JSON.stringify({ setting, runs, live }) + "\n");
  }
}
