#!/usr/bin/env node
// Brings a checkout to the state the commands need, skipping what is already there:
//   1. npm dependencies (npm ci, re-run only when package-lock.json changed),
//   2. the build of src/ into dist/ and of test/ and bench/ into build/ (incremental tsc), and of the WebAssembly
//      kernels src/**/*.wat into dist/ (scripts/build-wasm.mjs),
//   3. unless --build-only: Jupyter (Debian's packages through apt when absent), Chromium for
//      static figure images, and a project-local registration of the tslab kernel in .jupyter/.
// Only node built-ins are used, so this runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { jupyterPython, kernelDir, root, CHROMIUM } from "./env.mjs";

const buildOnly = process.argv.includes("--build-only");
const log = (msg) => console.log(`[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(" ")}`);
    process.exit(r.status ?? 1);
  }
}

function npmDependencies() {
  const lock = join(root, "package-lock.json");
  const stamp = join(root, "node_modules", ".difftheory-lock-hash");
  const hash = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return;
  log("installing npm dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(stamp, hash);
}

function build() {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  run(process.execPath, [tsc, "-p", "tsconfig.json"]);
  run(process.execPath, [tsc, "-p", "tsconfig.test.json"]);
  run(process.execPath, [join(root, "scripts", "build-wasm.mjs")]);
}

const aptUsable = () =>
  process.platform === "linux" && typeof process.getuid === "function" && process.getuid() === 0 &&
  existsSync("/usr/bin/apt-get");

let aptUpdated = false;
function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    log("apt-get update");
    run("apt-get", ["update", "-qq"], { env });
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(" ")} (output in build/apt.log)`);
  mkdirSync(join(root, "build"), { recursive: true });
  const out = openSync(join(root, "build", "apt.log"), "a");
  const r = spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { env, stdio: ["ignore", out, out] });
  if (r.status !== 0) {
    console.error(readFileSync(join(root, "build", "apt.log"), "utf8").split("\n").slice(-30).join("\n"));
    console.error(`[setup] apt-get install failed (exit ${r.status})`);
    process.exit(1);
  }
}

// jupyter-notebook and its widgets extension serve the live notebook test (the classic notebook always tries to load
// the widgets extension; without it the page logs a 404); libjs-mathjax renders formulas in the offline report.
const JUPYTER_DEBS = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client", "python3-ipykernel", "jupyter-notebook",
  "jupyter-nbextension-jupyter-js-widgets", "libjs-mathjax"];

const debInstalled = (pkg) =>
  spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed");

/** Jupyter, its pieces for the live test and the report, and Chromium: through apt where apt is usable. */
function systemPackages() {
  if (aptUsable() && existsSync("/usr/bin/dpkg-query")) {
    const missing = [...JUPYTER_DEBS, "chromium"].filter((p) => !debInstalled(p));
    if (missing.length) aptInstall(missing);
  }
  if (!jupyterPython(true)) {
    console.error(`[setup] No Python with Jupyter (nbclient, nbformat, ipykernel) was found${aptUsable() ? " even after apt" : ", and apt is not usable here"}.
Install Jupyter yourself, then run this command again:
    pip install jupyterlab plotly nbclient
    export DIFFTHEORY_PYTHON=$(which python3)   # the Python that has Jupyter
The tslab kernel is then registered project-locally for you, as:
    node_modules/.bin/tslab install --python=$DIFFTHEORY_PYTHON --binary=${join(root, "node_modules/.bin/tslab")} --prefix=${join(root, ".jupyter")}`);
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    log(`no Chromium at ${CHROMIUM}: figures are shown live but without a static image, and the report cannot be checked (set DIFFTHEORY_CHROMIUM to a Chromium binary)`);
  }
}

function kernel() {
  const python = jupyterPython();
  const binary = join(root, "node_modules", ".bin", "tslab");
  const spec = join(kernelDir, "kernels", "tslab", "kernel.json");
  if (existsSync(spec)) {
    const argv = JSON.parse(readFileSync(spec, "utf8")).argv ?? [];
    if (argv[0] === binary) return;
  }
  log("registering the tslab kernel in .jupyter/");
  mkdirSync(join(root, ".jupyter"), { recursive: true });
  run(binary, ["install", `--python=${python}`, `--binary=${binary}`, `--prefix=${join(root, ".jupyter")}`]);
}

npmDependencies();
build();
if (!buildOnly) {
  systemPackages();
  kernel();
}
