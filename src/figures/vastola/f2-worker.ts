/** Worker thread of V-F2's model ensembles (see ./f2-models.ts). */
import { workerData } from "node:worker_threads";
import { fillF2Models } from "./f2-models.js";

const d = workerData as { params: Parameters<typeof fillF2Models>[0]; grid: Float64Array; edges: Float64Array; sab: SharedArrayBuffer; flags: SharedArrayBuffer; part: number; parts: number };
const flags = new Int32Array(d.flags);
Atomics.store(flags, d.part, 1);
Atomics.notify(flags, d.part);
try {
  fillF2Models(d.params, d.grid, d.edges, new Float64Array(d.sab), d.part, d.parts);
  Atomics.store(flags, d.part, 2);
} catch {
  Atomics.store(flags, d.part, 3);
}
Atomics.notify(flags, d.part);
