/**
 * Runs Halder's sweep tasks on worker threads (Halder §6 "Sweeps"). Each task carries its own seed path
 * (seed, d, N, rep), so the results are identical whatever the number of workers or the order of completion.
 */
import { defaultThreads } from "../../core/parallel.js";
import { Worker } from "node:worker_threads";
import { requireInteger } from "../../core/validate.js";
import { prepareHalderReferences, runHalderTask, type HalderResult, type HalderTask, type HalderReferenceData } from "./tasks.js";

/** Options of {@link runHalderTasks}. */
export interface HalderSweepOptions {
  /** worker threads: 0 runs inline; default min(2, available cores) */
  workers?: number;
  /** reference sets shared by the relative tasks */
  references?: HalderReferenceData[];
}

/**
 * Runs every task and returns the results in task order. Tasks are handed out largest N first, one at a time, to
 * keep both cores busy.
 */
export async function runHalderTasks<R extends HalderResult = HalderResult>(tasks: readonly HalderTask[], options: HalderSweepOptions = {}): Promise<R[]> {
  const workers = requireInteger("workers", options.workers ?? defaultThreads(), 0, 64);
  const references = options.references ?? [];
  if (workers === 0 || tasks.length <= 1) {
    const refs = prepareHalderReferences(references);
    return tasks.map((t) => runHalderTask(t, refs) as R);
  }
  const order = tasks.map((t, i) => i).sort((i, j) => tasks[j].N * tasks[j].d - tasks[i].N * tasks[i].d || i - j);
  const results = new Array<R>(tasks.length);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () =>
    new Worker(new URL("./sweep-worker.js", import.meta.url), { workerData: { references } }));
  try {
    await Promise.all(pool.map((w) => new Promise<void>((resolve, reject) => {
      const feed = () => {
        if (next >= order.length) return resolve();
        const id = order[next++];
        w.postMessage({ id, task: tasks[id] });
      };
      w.on("message", (msg: { id: number; result?: R; error?: string }) => {
        if (msg.error !== undefined) return reject(new Error(`task ${msg.id} failed: ${msg.error}`));
        results[msg.id] = msg.result as R;
        feed();
      });
      w.on("error", reject);
      feed();
    })));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
