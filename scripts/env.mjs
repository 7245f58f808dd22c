// Where things live: shared by setup, test, reproduce and bench. Node built-ins only.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The project-local Jupyter data dir holding the tslab kernel spec (used as JUPYTER_PATH). */
export const kernelDir = join(root, ".jupyter", "share", "jupyter");
export const CHROMIUM = process.env.DIFFTHEORY_CHROMIUM ?? "/usr/bin/chromium";

let cached;
/** The first Python that can import the Jupyter pieces the runner needs, or undefined (`refresh` looks again). */
export function jupyterPython(refresh = false) {
  if (cached !== undefined && !refresh) return cached || undefined;
  const candidates = [process.env.DIFFTHEORY_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", "import nbclient, nbformat, ipykernel, jupyter_client"], { stdio: "ignore" });
    if (r.status === 0) return (cached = py);
  }
  cached = "";
  return undefined;
}

/** Environment for Jupyter child processes: finds the project-local kernel, nothing global changed. */
export function jupyterEnv() {
  const paths = [kernelDir, process.env.JUPYTER_PATH].filter(Boolean).join(":");
  return { ...process.env, JUPYTER_PATH: paths, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}
