/** Worker-thread entry of {@link runHalderTasks}: prepares the shared reference sets once, then runs tasks on demand. */
import { parentPort, workerData } from "node:worker_threads";
import { prepareHalderReferences, runHalderTask, type HalderTask, type HalderReferenceData } from "./tasks.js";

const refs = prepareHalderReferences((workerData as { references: HalderReferenceData[] }).references);
parentPort!.on("message", (msg: { id: number; task: HalderTask }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: runHalderTask(msg.task, refs) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
