// `npm run reproduce` after setup: executes every notebook at full size into reports/notebooks/, then gathers
// the claims every notebook displayed into reports/claims.json and the run times into reports/run.json.
import { writeFileSync, readFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./env.mjs";
import { runNotebooks } from "./notebooks.mjs";
import { claimsOfNotebook, claimSummary } from "./claims.mjs";

const reports = join(root, "reports");
mkdirSync(reports, { recursive: true });
const t0 = Date.now();
const summaryPath = join(reports, "run.json");
const status = runNotebooks({ out: join(reports, "notebooks"), summary: summaryPath });
const runs = JSON.parse(readFileSync(summaryPath, "utf8"));
const claims = runs.flatMap((r) => claimsOfNotebook(r.executed, r.notebook));
const counts = claimSummary(claims);
writeFileSync(join(reports, "claims.json"), JSON.stringify({ generated: new Date().toISOString(), ...counts, claims }, null, 2));
const seconds = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`\nreports written to ${relative(process.cwd(), reports) || "."}/: ${runs.length} notebook(s), ` +
  `${counts.pass} claim(s) passing, ${counts.notReproduced} not reproducing, ${seconds} s`);
process.exit(status);
