// Browser test of the report: every page opened from disk in headless Chromium (fresh profile, no network).
// With JavaScript on, every expected plot must render (one plotly SVG root per figure), with no console error, no
// uncaught exception and no network request; with JavaScript off, every figure's static image must be there.
import { pathToFileURL } from "node:url";
import { chromiumPath, CHROMIUM_ARGS } from "difftheory";

const local = (url) => url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";

/** Opens `file` and collects what went wrong; `expect` = { plots, images } counts (images checked with JS off). */
async function checkOne(browser, file, expect, screenshot) {
  const problems = [];
  const url = pathToFileURL(file).href;
  const live = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await live.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on("requestfailed", (r) => !local(r.url()) || problems.push(`request failed: ${r.url()}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (local(u)) return route.continue();
    problems.push(`network request: ${u}`);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  const countPlots = () => page.evaluate(() => [...document.querySelectorAll(".js-plotly-plot")].filter((el) => el.querySelector("svg.main-svg")).length);
  const deadline = Date.now() + 20_000;
  let plots = await countPlots();
  while (plots < expect.plots && Date.now() < deadline) {
    await page.waitForTimeout(200);
    plots = await countPlots();
  }
  if (plots !== expect.plots) problems.push(`expected ${expect.plots} live plot(s), found ${plots}`);
  const images = await page.evaluate(() => [...document.images].filter((i) => i.complete && i.naturalWidth > 0).length);
  if (expect.thumbnails !== undefined && images < expect.thumbnails) problems.push(`expected ${expect.thumbnails} image(s), ${images} loaded`);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
  await live.close();

  const off = await browser.newContext({ javaScriptEnabled: false });
  const still = await off.newPage();
  await still.route("**/*", (route) => (local(route.request().url()) ? route.continue() : route.abort()));
  await still.goto(url, { waitUntil: "load" });
  const statics = await still.evaluate(() =>
    [...document.querySelectorAll(".difftheory-figure img")].filter((i) => i.complete && i.naturalWidth > 0).length);
  if (statics !== expect.images) problems.push(`JavaScript off: expected ${expect.images} static image(s), found ${statics}`);
  await off.close();
  return { page: file, ok: problems.length === 0, problems, plots };
}

/**
 * Checks a list of pages: [{ file, plots, images, thumbnails?, screenshot? }]. Returns one result per page.
 */
export async function checkPages(pages) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const results = [];
    for (const p of pages) results.push(await checkOne(browser, p.file, p, p.screenshot));
    return results;
  } finally {
    await browser.close();
  }
}

/** Prints results, one line per page, and returns { passed, failed }. */
export function printResults(results, label = "browser") {
  for (const r of results) {
    console.log(`${r.ok ? "PASS" : "FAIL"}  ${label}: ${r.page}`);
    for (const p of r.problems) console.log(`      ${p}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${label}: ${results.length - failed} passed, ${failed} failed`);
  return { passed: results.length - failed, failed };
}
