// The report's front page: a static HTML document (no script needed) built from the report's records.
import { claimsHtml } from "difftheory";

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const seconds = (s) => (s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`);

function notebookSection(nb) {
  const name = nb.notebook.replace(/^notebooks\//, "");
  const status = nb.status === "passed" ? "" : ` <span class="bad">(failed: see the page)</span>`;
  const title = nb.page ? `<a href="${esc(nb.page)}">${esc(name)}</a>` : esc(name);
  const figures = nb.figures
    .map((f) => `<figure><a href="${esc(nb.page ?? f.png)}"><img src="${esc(f.png)}" alt="figure ${esc(f.id)}"></a>` +
      `<figcaption>${esc(f.id)} · <a href="${esc(f.png)}">PNG</a> · <a href="${esc(f.svg)}">SVG</a></figcaption></figure>`)
    .join("\n");
  const claims = nb.claims.length ? claimsHtml(nb.claims) : "<p class=\"muted\">No claims in this notebook.</p>";
  return `<section class="notebook"><h3>${title}${status} <span class="muted">· ${seconds(nb.seconds)}</span></h3>
<div class="figures">${figures}</div>
${claims}</section>`;
}

/** The index page from the report's summary, notebooks (with their figures and claims) and the paper titles. */
export function renderIndex({ generated, commit, summary, notebooks, papers }) {
  const sections = Object.entries(papers)
    .map(([key, paper]) => {
      const mine = notebooks.filter((n) => n.paper === key);
      if (!mine.length) return "";
      return `<h2>${esc(paper.title)} <span class="muted">(${esc(paper.cite)})</span></h2>\n${mine.map(notebookSection).join("\n")}`;
    })
    .join("\n");
  const failed = summary.notebooksFailed ? `, <span class="bad">${summary.notebooksFailed} notebook(s) failed</span>` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>difftheory: reproduction report</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
  h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #d0d7de; margin-top: 2em; }
  .summary { font-size: 17px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6em 1em; }
  .muted { color: #656d76; font-weight: normal; font-size: 0.9em; } .bad { color: #b35900; }
  .figures { display: flex; flex-wrap: wrap; gap: 12px; }
  figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px; background: white; }
  figure img { width: 320px; display: block; } figcaption { font-size: 12px; color: #656d76; }
  table.difftheory-claims { border-collapse: collapse; margin: 0.8em 0; font-size: 13px; }
  table.difftheory-claims th, table.difftheory-claims td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: right; }
  table.difftheory-claims td:first-child { white-space: nowrap; }
</style></head>
<body>
<h1>difftheory: reproduction report</h1>
<p class="summary" id="summary"><b>${summary.figures}</b> figure(s) reproduced from <b>${summary.notebooks}</b> notebook(s)${failed};
<b>${summary.claimsPassing}</b> claim(s) passing, <b>${summary.claimsNotReproducing}</b> not reproducing;
total run time <b>${seconds(summary.totalSeconds)}</b>.</p>
<p class="muted">Generated ${esc(generated)} from commit <code>${esc(commit)}</code>. Each notebook below links to its executed page
(interactive figures, offline); each figure is also exported as PNG and SVG; each claim shows the measured value, the
expected value, the check and its status. "Does not reproduce" means the measured value fails the paper's claim at the
stated tolerance: a finding, reported as measured. Provenance of every figure (parameters, seed, versions) is in
<a href="manifest.json">manifest.json</a>; all claims are in <a href="claims.json">claims.json</a>.</p>
${sections}
</body></html>
`;
}
