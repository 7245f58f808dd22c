/** Worker thread of V-S2's model ensembles (see ./s2-models.ts). */
import { runWorkerUnits } from "../../core/parallel.js";
import { s2UnitRunner, type S2WorkerTask } from "./s2-models.js";

runWorkerUnits((d: S2WorkerTask) => s2UnitRunner(d.job, d.phase, d.buf));
