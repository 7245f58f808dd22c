/** Worker thread of V-F3's model ensembles (see ./f3-models.ts). */
import { runWorkerUnits } from "../../core/parallel.js";
import { f3UnitRunner, type F3WorkerTask } from "./f3-models.js";

runWorkerUnits((task: F3WorkerTask) => f3UnitRunner(task));
