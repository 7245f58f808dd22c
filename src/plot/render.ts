/**
 * Static images of figures (PNG and SVG) drawn by plotly.js itself in headless Chromium, driven by playwright-core.
 * The browser is Debian's (`/usr/bin/chromium`, or `DIFFTHEORY_CHROMIUM`); none is ever downloaded. One browser and
 * one page with plotly.js loaded serve every figure of a process: about 1.5 s to start, then ~20 ms a figure.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import type { Figure } from "./figure.js";

const require = createRequire(import.meta.url);

/** Path of the Chromium binary used for static images. */
export function chromiumPath(): string {
  return process.env.DIFFTHEORY_CHROMIUM ?? "/usr/bin/chromium";
}

/** True when a Chromium binary is present, so static images can be made. */
export function canRenderStatic(): boolean {
  return existsSync(chromiumPath());
}

/** Path of the plotly.js bundle shipped by `plotly.js-dist-min`. */
export function plotlyPath(): string {
  return require.resolve("plotly.js-dist-min/plotly.min.js");
}

/** Chromium flags for a closed network: no background requests, no sandbox (root), no GPU. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let session: Promise<{ browser: Browser; page: Page }> | undefined;

async function openSession(): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.setContent("<!doctype html><html><body><div id='plot'></div></body></html>");
  await page.addScriptTag({ path: plotlyPath() });
  return { browser, page };
}

export interface StaticImageOptions {
  /** pixels; default 720 */
  width?: number;
  /** pixels; default 480 */
  height?: number;
  /** device pixel ratio of the PNG (default 2, crisp on high-density screens) */
  scale?: number;
}

/**
 * Renders a figure to an image with plotly.js's own `toImage`.
 * @returns PNG bytes as base64 (format "png") or the SVG document text (format "svg")
 * @throws Error when no Chromium is available (see {@link canRenderStatic})
 */
export async function renderStatic(fig: Figure, format: "png" | "svg", opts: StaticImageOptions = {}): Promise<string> {
  if (!canRenderStatic()) throw new Error(`no Chromium at ${chromiumPath()}: set DIFFTHEORY_CHROMIUM or install chromium`);
  session ??= openSession();
  const { page } = await session;
  const width = opts.width ?? (fig.layout.width as number | undefined) ?? 720;
  const height = opts.height ?? (fig.layout.height as number | undefined) ?? 480;
  const url = await page.evaluate(
    async ({ data, layout, format, width, height, scale }) => {
      const Plotly = (globalThis as unknown as { Plotly: any }).Plotly;
      const gd = await Plotly.newPlot("plot", data, layout, { staticPlot: true });
      const out: string = await Plotly.toImage(gd, { format, width, height, scale });
      Plotly.purge(gd);
      return out;
    },
    { data: fig.data, layout: fig.layout, format, width, height, scale: opts.scale ?? 2 },
  );
  const comma = url.indexOf(",");
  const body = url.slice(comma + 1);
  if (format === "png") return body;
  return url.slice(0, comma).endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/** Closes the shared browser, if one was started. Safe to call more than once. */
export async function closeRenderer(): Promise<void> {
  const s = session;
  session = undefined;
  if (s) await (await s).browser.close();
}
