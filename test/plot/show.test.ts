import test, { after } from "node:test";
import assert from "node:assert/strict";
import { canRenderStatic, closeRenderer, figureBundle, inKernel, renderStatic, show, type Figure } from "difftheory";

const fig: Figure = {
  id: "unit-test",
  data: [{ type: "scatter", x: [0, 1, 2], y: [1, 3, 2], mode: "lines+markers", name: "a </script> trace" }],
  layout: { title: { text: "test" }, width: 400, height: 300 },
  parameters: { seed: 3 },
};

after(() => closeRenderer());

test("the bundle carries plotly JSON, live HTML and text", async () => {
  const b = await figureBundle(fig, { staticImage: false, inlinePlotly: false });
  assert.deepEqual((b["application/vnd.plotly.v1+json"] as { data: unknown }).data, fig.data);
  const html = b["text/html"] as string;
  assert.match(html, /Plotly\.newPlot/);
  assert.ok(!html.includes("a </script> trace"), "a </script> inside the data must be escaped");
  assert.match(b["text/plain"] as string, /unit-test/);
  assert.equal(b["image/png"], undefined);
  assert.deepEqual(b["application/vnd.difftheory.figure+json"], { id: "unit-test", parameters: { seed: 3 } });
});

test("plotly.js is inlined when asked, so the page needs no network", async () => {
  const b = await figureBundle(fig, { staticImage: false, inlinePlotly: true });
  assert.ok((b["text/html"] as string).length > 1_000_000);
});

test("outside a kernel show() emits nothing and does not throw", async () => {
  assert.equal(inKernel(), false);
  await show(fig, { staticImage: false });
});

test("static PNG and SVG are drawn by plotly.js in Chromium", { skip: !canRenderStatic() && "no Chromium" }, async () => {
  const png = Buffer.from(await renderStatic(fig, "png"), "base64");
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(""), "PNG");
  assert.ok(png.length > 5000);
  const svg = await renderStatic(fig, "svg");
  assert.match(svg, /^<svg/);
  assert.match(svg, /class="scatterlayer/);
  const b = await figureBundle(fig, { inlinePlotly: false });
  assert.match(b["text/html"] as string, /<img alt="figure unit-test" style="max-width:100%" src="data:image\/png;base64,/);
});
