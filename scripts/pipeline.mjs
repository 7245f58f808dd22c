// The main job, shared by `npm run reproduce` and `npm test`: execute every notebook into reports/notebooks/,
// then build the report (pages, figures, claims, manifest, index) from the executed copies.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./env.mjs";
import { runNotebooks } from "./notebooks.mjs";
import { buildReport } from "./report/build.mjs";

export const reportsDir = join(root, "reports");

/**
 * @param {{ params?: string[] }} options parameters injected into every notebook (e.g. ["quick=true"])
 * @returns {Promise<{ notebooksOk: boolean, runs: object[], report: object }>}
 */
export async function reproduce({ params = [] } = {}) {
  mkdirSync(reportsDir, { recursive: true });
  const summary = join(reportsDir, "run.json");
  const status = runNotebooks({ out: join(reportsDir, "notebooks"), summary, params });
  const runs = existsSync(summary) ? JSON.parse(readFileSync(summary, "utf8")) : [];
  console.log("\n[report] building reports/ (pages, figures, claims, manifest, index)");
  const t0 = Date.now();
  const report = await buildReport(reportsDir, runs);
  const s = report.summary;
  console.log(`[report] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${s.notebooks} notebook(s), ${s.figures} figure(s), ` +
    `${s.claimsPassing} claim(s) passing, ${s.claimsNotReproducing} not reproducing; open reports/index.html`);
  return { notebooksOk: status === 0, runs, report };
}
