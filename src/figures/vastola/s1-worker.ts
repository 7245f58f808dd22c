/** Worker thread of V-S1's sample batches (see ./s1-samples.ts). */
import { runWorkerUnits } from "../../core/parallel.js";
import { s1UnitRunner, type S1WorkerTask } from "./s1-samples.js";

runWorkerUnits((d: S1WorkerTask) => s1UnitRunner(d));
