/**
 * `show(fig)`: one display bundle that renders a figure wherever a notebook is opened:
 * - `application/vnd.plotly.v1+json` for JupyterLab with plotly's renderer,
 * - `text/html` that draws the live plot with plotly.js (classic notebook, nbconvert HTML), holding a static PNG
 *   that stays visible where JavaScript does not run,
 * - `image/png` for image-only viewers, and `text/plain` as the last resort.
 * The first figure of a kernel session carries plotly.js inline, so pages work offline with no CDN.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Figure } from "./figure.js";
import { canRenderStatic, plotlyPath, renderStatic } from "./render.js";
import { displayBundle, type MimeBundle } from "../notebook/display.js";

let plotlyInlined = false;

/** MIME type carrying a figure's id and parameters in executed notebooks, for the report's provenance. */
export const FIGURE_MIME = "application/vnd.difftheory.figure+json";

/** JSON safe to embed in an HTML `<script>`: `</` cannot close the element. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/<\//g, "<\\/");
}

export interface ShowOptions {
  /** include a static PNG (default: whenever Chromium is available) */
  staticImage?: boolean;
  /** include plotly.js inline: default only for the first figure of the session */
  inlinePlotly?: boolean;
}

/**
 * Builds the display bundle of a figure (see the module doc for the MIME types).
 * @returns the bundle; `text/html` always draws live when plotly.js is on the page
 */
export async function figureBundle(fig: Figure, opts: ShowOptions = {}): Promise<MimeBundle> {
  const png = (opts.staticImage ?? canRenderStatic()) ? await renderStatic(fig, "png") : undefined;
  const inline = opts.inlinePlotly ?? !plotlyInlined;
  if (inline) plotlyInlined = true;
  const spec = { data: fig.data, layout: fig.layout, config: { responsive: true, ...fig.config } };
  const domId = `difftheory-${fig.id.replace(/[^A-Za-z0-9_-]/g, "_")}-${randomBytes(4).toString("hex")}`;
  const img = png
    ? `<img alt="figure ${fig.id}" style="max-width:100%" src="data:image/png;base64,${png}">`
    : `<p>Figure ${fig.id} (static image unavailable: JavaScript is needed to draw it)</p>`;
  const library = inline ? `<script type="text/javascript">${readFileSync(plotlyPath(), "utf8")}</script>\n` : "";
  const html =
    library +
    `<div id="${domId}" class="difftheory-figure" data-figure-id="${fig.id}">${img}</div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var el = document.getElementById(${JSON.stringify(domId)});\n` +
    `  var spec = ${scriptJson(spec)};\n` +
    `  if (!el || !window.Plotly) return;\n` +
    `  el.innerHTML = "";\n` +
    `  window.Plotly.newPlot(el, spec.data, spec.layout, spec.config);\n` +
    `})();</script>`;
  const bundle: MimeBundle = {
    "application/vnd.plotly.v1+json": spec,
    [FIGURE_MIME]: { id: fig.id, parameters: fig.parameters ?? {} },
    "text/html": html,
    "text/plain": `[figure ${fig.id}: ${fig.data.length} trace(s)]`,
  };
  if (png) bundle["image/png"] = png;
  return bundle;
}

/**
 * Displays a figure in the running notebook (tslab kernel): `await show(fig)`. Outside a kernel it does nothing.
 */
export async function show(fig: Figure, opts: ShowOptions = {}): Promise<void> {
  displayBundle(await figureBundle(fig, opts));
}
