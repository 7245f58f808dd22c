/** Worker thread of V-F2's model ensembles (see ./f2-models.ts). */
import { runWorkerUnits } from "../../core/parallel.js";
import { f2UnitRunner, type F2WorkerTask } from "./f2-models.js";

runWorkerUnits((task: F2WorkerTask) => f2UnitRunner(task));
