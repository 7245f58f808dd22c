/** Worker-thread entry of {@link klExcessSweepParallel}: computes one seed of the MG-R6 KL sweep per message. */
import { parentPort } from "node:worker_threads";
import { klSweepRunner, type KlSweepOptions } from "./kl-vs-n.js";

let last: { key: string; run: (s: number) => number[][] } | undefined;
parentPort!.on("message", (msg: { options: KlSweepOptions; s: number }) => {
  try {
    const key = JSON.stringify(msg.options);
    if (last?.key !== key) last = { key, run: klSweepRunner(msg.options) };
    parentPort!.postMessage({ s: msg.s, kl: last.run(msg.s) });
  } catch (e) {
    parentPort!.postMessage({ s: msg.s, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
