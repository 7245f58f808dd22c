// Gathers the claims that executed notebooks displayed (MIME application/vnd.difftheory.claims+json).
import { readFileSync } from "node:fs";

export const CLAIMS_MIME = "application/vnd.difftheory.claims+json";

/** Claims of one executed notebook, each tagged with the notebook's path. */
export function claimsOfNotebook(executedPath, notebook = executedPath) {
  const nb = JSON.parse(readFileSync(executedPath, "utf8"));
  const claims = [];
  for (const cell of nb.cells ?? []) {
    for (const output of cell.outputs ?? []) {
      const bundle = output.data?.[CLAIMS_MIME];
      if (bundle) claims.push(...bundle.claims.map((c) => ({ ...c, notebook })));
    }
  }
  return claims;
}

/** Counts by status: { total, pass, notReproduced }. */
export function claimSummary(claims) {
  const pass = claims.filter((c) => c.status === "pass").length;
  return { total: claims.length, pass, notReproduced: claims.length - pass };
}
