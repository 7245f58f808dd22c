/**
 * Independent work units on several threads (V-F2, V-F3, V-S1, V-S2): the main thread and up to `threads − 1` worker
 * threads take the next unit index from a shared counter until none is left; each unit writes its own slice of a
 * SharedArrayBuffer, so the results do not depend on the thread count or on which thread ran which unit. A `done`
 * flag per unit lets the main thread redo, afterwards, any unit of a worker that failed or never started.
 */
import { availableParallelism } from "node:os";
import { Worker, workerData } from "node:worker_threads";

/** Threads a sweep uses by default: min(2, available cores), since the CI machine has 2 (at least 1). */
export function defaultThreads(): number {
  try {
    return Math.max(1, Math.min(2, availableParallelism()));
  } catch {
    return 1;
  }
}

/** What a worker receives: the task's own data plus the shared bookkeeping. */
interface UnitsWorkerData<D> {
  data: D;
  total: number;
  counter: SharedArrayBuffer;
  done: SharedArrayBuffer;
  status: SharedArrayBuffer;
  slot: number;
}

function loop(run: (u: number) => void, total: number, counter: Int32Array, done: Int32Array): void {
  for (;;) {
    const u = Atomics.add(counter, 0, 1);
    if (u >= total) break;
    run(u);
    Atomics.store(done, u, 1);
  }
}

/**
 * Runs units 0 … total − 1 of `run` on `threads` threads. Worker threads load `workerUrl`, a module that calls
 * {@link runWorkerUnits} with a factory building the same `run` from `data` (plain data or SharedArrayBuffers).
 * `mainFirst` runs on the main thread after the workers are spawned and before it joins the queue. Returns the number
 * of units the main thread redid for failed workers (0 normally).
 */
export function runUnitsInParallel<D>(workerUrl: URL, data: D, total: number, threads: number, run: (u: number) => void, mainFirst?: () => void): number {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const done = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, total)));
  const status = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, threads))); // 0 pending, 1 started, 2 finished, 3 failed
  const workers: Worker[] = [];
  for (let w = 1; w < threads; w++) {
    try {
      const wd: UnitsWorkerData<D> = { data, total, counter: counter.buffer as SharedArrayBuffer, done: done.buffer as SharedArrayBuffer, status: status.buffer as SharedArrayBuffer, slot: w };
      const worker = new Worker(workerUrl, { workerData: wd });
      // a worker that fails to load reports here once the main thread is free again; its units were redone below
      worker.on("error", () => undefined);
      workers.push(worker);
    } catch {
      Atomics.store(status, w, 3);
    }
  }
  mainFirst?.();
  loop(run, total, counter, done);
  for (let w = 1; w < threads; w++) {
    const t0 = Date.now();
    for (;;) {
      const s = Atomics.load(status, w);
      if (s >= 2 || (s === 0 && Date.now() - t0 > 10000)) break;
      Atomics.wait(status, w, s, 200);
    }
  }
  for (const w of workers) void w.terminate();
  let redone = 0;
  for (let u = 0; u < total; u++) {
    if (Atomics.load(done, u) === 1) continue;
    run(u);
    redone++;
  }
  return redone;
}

/** The body of a worker module: builds the unit runner from the task data and works through the shared queue. */
export function runWorkerUnits<D>(factory: (data: D) => (u: number) => void): void {
  const d = workerData as UnitsWorkerData<D>;
  const status = new Int32Array(d.status);
  Atomics.store(status, d.slot, 1);
  Atomics.notify(status, d.slot);
  try {
    loop(factory(d.data), d.total, new Int32Array(d.counter), new Int32Array(d.done));
    Atomics.store(status, d.slot, 2);
  } catch {
    Atomics.store(status, d.slot, 3);
  }
  Atomics.notify(status, d.slot);
}
