// Regenerates data/halder/h-s1.json, the cache of Halder's stretch H-S1 (spec §4 H-S1): a 2×128 SiLU MLP DDPM
// (K = 200, linear β 1e-4 … 0.05, "ho" indexing, ε-prediction, Adam 1e-3, batch 128 with replacement) trained on N
// points of N(0, 0.2² I_16) for N ∈ {2, …, 1024}, 2 seeds, S ∈ {500, 2000, 6000} Adam steps on the whole grid, plus the two stand-ins
// (the training set itself, fresh draws of p); per model: Δ_KL, the fitted-Gaussian KL, the 1/3-ratio memorized
// fraction, the final loss and a hash of the trained weights.
// Usage (after `npm run build`): node data/halder/generate-h-s1.mjs [--workers 2] [--backend wasm|cpu]
// Progress is kept in data/halder/h-s1.partial.json; an interrupted run resumes from it (records whose parameters,
// apart from the lists choosing which tasks run, are the same), and the file is removed when the cache is written.
// Every draw depends only on (seed, N, rep), so the records do not depend on the number of workers or their order.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import {
  halderDataDir, halderStretchRecordHash, halderStretchDesign, halderStretchReference, halderStretchTaskRecord, halderStretchTasks,
  useTfBackend, writeHalderStretchCache,
} from "difftheory";

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

if (isMainThread) {
  const workers = Number(opt("--workers", 2));
  const backend = opt("--backend", "wasm");
  const design = halderStretchDesign();
  // records depend on the design except the fields that only choose which tasks run: resume on that hash
  const hash = halderStretchRecordHash(design);
  const partialPath = join(halderDataDir(), "h-s1.partial.json");
  let done = [];
  let priorSeconds = 0;
  if (existsSync(partialPath)) {
    const partial = JSON.parse(readFileSync(partialPath, "utf8"), (_k, v) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : v));
    if (partial.recordHash === hash) {
      const wanted = new Set(halderStretchTasks(design).map((t) => `${t.kind}/${t.steps}/${t.N}/${t.rep}`));
      done = partial.records.filter((r) => wanted.has(`${r.kind}/${r.steps}/${r.N}/${r.rep}`));
      priorSeconds = partial.seconds;
    }
  }
  const key = (t) => `${t.kind}/${t.steps}/${t.N}/${t.rep}`;
  const have = new Set(done.map(key));
  const todo = halderStretchTasks(design).filter((t) => !have.has(key(t)));
  console.log(`h-s1: ${todo.length} tasks to run (${done.length} resumed) on ${workers} workers, backend ${backend}`);
  const t0 = Date.now();
  const save = () => writeFileSync(partialPath, JSON.stringify({ recordHash: hash, seconds: priorSeconds + (Date.now() - t0) / 1000, records: done }, (_k, v) => (v === Infinity ? "inf" : v === -Infinity ? "-inf" : v)) + "\n");
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(workers, todo.length) }, () => new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { backend }, argv: args });
    const feed = () => {
      if (next < todo.length) w.postMessage(todo[next++]);
      else w.terminate().then(resolve);
    };
    w.on("message", (record) => {
      done.push(record);
      save();
      const s = record.training ? `, ${record.training.seconds.toFixed(1)} s` : "";
      console.log(`[${done.length}] ${record.kind} S = ${record.steps} N = ${record.N} rep ${record.rep}: Δ_KL = ${record.deltaKl.toFixed(3)} ± ${record.deltaKlSE.toFixed(3)}, fitted KL ${Number(record.fittedKl).toPrecision(3)}, memorized ${record.memorizedFraction}${s}`);
      feed();
    });
    w.on("error", reject);
    w.once("online", feed);
  })));
  const seconds = priorSeconds + (Date.now() - t0) / 1000;
  const path = writeHalderStretchCache(design, done, { seconds, workers, backend });
  rmSync(partialPath, { force: true });
  console.log(`h-s1: ${done.length} records in ${seconds.toFixed(0)} s (this run ${((Date.now() - t0) / 1000).toFixed(0)} s) -> ${path}`);
} else {
  await useTfBackend(workerData.backend);
  const design = halderStretchDesign();
  const ref = halderStretchReference(design);
  parentPort.on("message", async (task) => {
    parentPort.postMessage(await halderStretchTaskRecord(design, ref, task, workerData.backend));
  });
}
