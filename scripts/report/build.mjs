// Builds the offline report from executed notebooks (reports/notebooks/**/*.ipynb and reports/run.json):
//   reports/notebooks/**/*.html   every notebook as a page (live plotly, static PNG where JavaScript is off)
//   reports/figures/<id>.png|svg  every figure, drawn by plotly.js in Chromium from the figure's own data
//   reports/manifest.json         provenance: figure id, notebook, parameters, seed, commit, wall time, versions
//   reports/claims.json           every claim with measured and expected values and status
//   reports/index.html            one page: papers, figures (thumbnails), claims, notebook run times
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { closeRenderer, renderStatic, FIGURE_MIME, CLAIMS_MIME } from "difftheory";
import { jupyterEnv, jupyterPython, root } from "../env.mjs";
import { renderIndex } from "./index-page.mjs";

const MATHJAX = "/usr/share/javascript/mathjax";
/** The parts of Debian's MathJax 2.7 that the SVG output needs: about 3 MB, no web fonts (file:// safe). */
const MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_SVG-full.js", "extensions", "jax/input/TeX", "jax/element", "jax/output/SVG/jax.js", "jax/output/SVG/config.js", "jax/output/SVG/autoload", "jax/output/SVG/fonts/TeX"];

/** Which paper a notebook belongs to, from its folder. */
export const PAPERS = {
  "": { title: "Start here", cite: "the tour" },
  "merger-goldt": { title: "Merger & Goldt — Generalization dynamics of linear diffusion models", cite: "arXiv 2505.24769" },
  vastola: { title: "Vastola — Generalization through variance", cite: "arXiv 2504.12532" },
  halder: { title: "Halder — From memorization to generalization", cite: "arXiv 2411.17807" },
};

function copyMathJax(reports) {
  const target = join(reports, "assets", "mathjax");
  if (existsSync(join(target, "MathJax.js"))) return true;
  if (!existsSync(join(MATHJAX, "MathJax.js"))) {
    console.log(`[report] no MathJax at ${MATHJAX} (Debian package libjs-mathjax): formulas stay as TeX`);
    return false;
  }
  for (const part of MATHJAX_PARTS) cpSync(join(MATHJAX, part), join(target, part), { recursive: true });
  return true;
}

/** Outputs of an executed notebook carrying `mime`, in order. */
function outputsWith(nb, mime) {
  return nb.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.data?.[mime]).map((o) => o.data));
}

function gitCommit() {
  const r = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() + (dirty.stdout.trim() ? "+uncommitted" : "") : "unknown";
}

function versions() {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  const v = (name) => lock.packages?.[`node_modules/${name}`]?.version;
  return {
    difftheory: lock.packages?.[""]?.version,
    node: process.version,
    tslab: v("tslab"),
    typescript: v("typescript"),
    "ml-matrix": v("ml-matrix"),
    "plotly.js-dist-min": v("plotly.js-dist-min"),
    "playwright-core": v("playwright-core"),
  };
}

/**
 * Builds every report artefact from the runner's results (`runs`: reports/run.json entries).
 * @returns {{ figures: number, claims: object[], pages: string[] }}
 */
export async function buildReport(reports, runs) {
  const commit = gitCommit();
  const lib = versions();
  const mathjax = copyMathJax(reports);

  // 1. pages
  const executed = runs.map((r) => r.executed).filter((p) => existsSync(p));
  const python = jupyterPython();
  const html = spawnSync(python, [join(root, "scripts", "report", "to_html.py"), reports, ...executed], { stdio: "inherit", env: jupyterEnv() });
  if (html.status !== 0) throw new Error("rendering notebooks to HTML failed");

  // 2. figures, claims, provenance
  mkdirSync(join(reports, "figures"), { recursive: true });
  const figures = [];
  const claims = [];
  const notebooks = [];
  const seen = new Map();
  for (const run of runs) {
    const folder = dirname(relative(join(root, "notebooks"), join(root, run.notebook)));
    const paper = folder === "." ? "" : folder.split("/")[0];
    const page = existsSync(run.executed) ? relative(reports, run.executed).replace(/\.ipynb$/, ".html") : undefined;
    const entry = { notebook: run.notebook, paper, page, status: run.status, seconds: run.seconds, figures: [], claims: [] };
    notebooks.push(entry);
    if (!existsSync(run.executed)) continue;
    const nb = JSON.parse(readFileSync(run.executed, "utf8"));
    for (const data of outputsWith(nb, FIGURE_MIME)) {
      const { id: baseId, parameters } = data[FIGURE_MIME];
      const n = (seen.get(baseId) ?? 0) + 1;
      seen.set(baseId, n);
      const id = n === 1 ? baseId : `${baseId}-${n}`;
      const spec = data["application/vnd.plotly.v1+json"];
      const fig = { id, data: spec.data, layout: spec.layout };
      writeFileSync(join(reports, "figures", `${id}.png`), Buffer.from(await renderStatic(fig, "png"), "base64"));
      writeFileSync(join(reports, "figures", `${id}.svg`), await renderStatic(fig, "svg"));
      const record = {
        id, notebook: run.notebook, page, parameters, seed: parameters?.seed ?? null, commit,
        notebookSeconds: run.seconds, versions: lib, png: `figures/${id}.png`, svg: `figures/${id}.svg`,
      };
      figures.push(record);
      entry.figures.push(record);
    }
    for (const data of outputsWith(nb, CLAIMS_MIME)) {
      for (const c of data[CLAIMS_MIME].claims) {
        const claim = { ...c, notebook: run.notebook };
        claims.push(claim);
        entry.claims.push(claim);
      }
    }
  }
  await closeRenderer();

  const generated = new Date().toISOString();
  const totalSeconds = runs.reduce((s, r) => s + r.seconds, 0);
  const pass = claims.filter((c) => c.status === "pass").length;
  const summary = {
    notebooks: runs.length, notebooksFailed: runs.filter((r) => r.status !== "passed").length,
    figures: figures.length, claims: claims.length, claimsPassing: pass, claimsNotReproducing: claims.length - pass,
    totalSeconds: Math.round(totalSeconds * 10) / 10,
  };
  writeFileSync(join(reports, "claims.json"), JSON.stringify({ generated, commit, total: claims.length, pass, notReproduced: claims.length - pass, claims }, null, 2));
  writeFileSync(join(reports, "manifest.json"), JSON.stringify({ generated, commit, versions: lib, mathjax, summary, notebooks: notebooks.map(({ figures: f, claims: c, ...rest }) => ({ ...rest, figures: f.map((x) => x.id), claims: c.map((x) => x.id) })), figures }, null, 2));
  writeFileSync(join(reports, "index.html"), renderIndex({ generated, commit, summary, notebooks, papers: PAPERS }));
  return { summary, notebooks, figures };
}
