// Lists the project's notebooks and runs them through run_notebooks.py with the project's tslab kernel.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { jupyterEnv, jupyterPython, root } from "./env.mjs";

/** Every notebook under notebooks/, start-here first, then by path. */
export function listNotebooks(dir = join(root, "notebooks")) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listNotebooks(path));
    else if (name.endsWith(".ipynb")) out.push(path);
  }
  return out.map((p) => relative(root, p));
}

/**
 * Runs notebooks; returns the runner's exit status.
 * @param {{ notebooks?: string[], out: string, summary: string, params?: string[], timeout?: number }} o
 */
export function runNotebooks({ notebooks = listNotebooks(), out, summary, params = [], timeout = 600 }) {
  const python = jupyterPython();
  if (!python) throw new Error("no Python with Jupyter: run `node scripts/setup.mjs` first");
  const args = [join(root, "scripts", "run_notebooks.py"), "--out", out, "--summary", summary, "--timeout", String(timeout)];
  for (const p of params) args.push("--param", p);
  const r = spawnSync(python, [...args, ...notebooks], { cwd: root, stdio: "inherit", env: jupyterEnv() });
  return r.status ?? 1;
}
