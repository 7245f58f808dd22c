/**
 * The TensorFlow.js backend of the nonlinear denoisers. TensorFlow.js supplies the layers' arithmetic and, through
 * `tf.train.adam` / `optimizer.minimize`, the gradients: nothing here differentiates by hand. The WebAssembly backend
 * (`@tensorflow/tfjs-backend-wasm`, its binary ships inside the npm package) is the default: about 5x faster than the
 * pure-JavaScript `cpu` backend and deterministic in float32. `@tensorflow/tfjs-node` is never used (it downloads a
 * native binary at install time).
 */
import * as tf from "@tensorflow/tfjs";
import { DomainError } from "../core/validate.js";

/** The TensorFlow.js backends this library accepts. */
export type TfBackendName = "wasm" | "cpu";

/**
 * Selects and initialises the TensorFlow.js backend once per process (`"wasm"` by default, or `"cpu"`), and returns
 * the name of the active backend. Calling it again with the same name is free; with another name it switches.
 * Call it before any tensor operation (the trainers call it themselves).
 * @throws DomainError naming `backend` if it is neither "wasm" nor "cpu", or if the backend cannot start
 */
export async function useTfBackend(backend: TfBackendName = "wasm"): Promise<string> {
  if (backend !== "wasm" && backend !== "cpu") throw new DomainError("backend", `must be "wasm" or "cpu"; got ${JSON.stringify(backend)}`);
  if (tf.engine().backendName === backend) return backend;
  // registers the wasm backend; imported here, not at the top, so that the public .d.ts never pulls in its types
  if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
  const ok = await tf.setBackend(backend);
  if (!ok) throw new DomainError("backend", `${backend} could not be initialised`);
  await tf.ready();
  return tf.getBackend();
}

/** Throws unless a backend this library accepts is active (so that no op silently starts tfjs's default backend). */
export function requireTfBackend(): void {
  const name = tf.engine().backendName;
  if (name !== "wasm" && name !== "cpu") {
    throw new DomainError("backend", `no TensorFlow.js backend selected: await useTfBackend() first (active: ${String(name)})`);
  }
}

/** The number of live TensorFlow.js tensors (tf.memory().numTensors), for checking that memory stays flat. */
export function tfTensorCount(): number {
  return tf.memory().numTensors;
}
