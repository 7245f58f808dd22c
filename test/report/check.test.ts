import test, { after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { canRenderStatic, closeRenderer, figureBundle, type Figure } from "difftheory";

// The report's browser checker (scripts/report/check.mjs) must fail when a plot is broken: shown here with a page
// holding one good figure and one deliberately broken one (its drawing script cut short), next to an intact page.
type CheckResult = { ok: boolean; problems: string[]; plots: number };
const checker = (await import(pathToFileURL(join(process.cwd(), "scripts/report/check.mjs")).href)) as {
  checkPages: (pages: { file: string; plots: number; images: number }[]) => Promise<CheckResult[]>;
};

const fig = (id: string): Figure => ({ id, data: [{ type: "scatter", x: [0, 1, 2], y: [2, 0, 1] }], layout: { width: 400, height: 300 } });
const page = (bodies: string[]) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${bodies.join("\n")}</body></html>`;

after(() => closeRenderer());

test("the checker passes intact figures and fails a broken one", { skip: !canRenderStatic() && "no Chromium" }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "check-"));
  const good = (await figureBundle(fig("good"), { inlinePlotly: true }))["text/html"] as string;
  const second = (await figureBundle(fig("second"), { inlinePlotly: false }))["text/html"] as string;
  const broken = second.replace(/var spec = [\s\S]*$/, "var spec = {\"data\": [</script>");
  writeFileSync(join(dir, "intact.html"), page([good, second]));
  writeFileSync(join(dir, "broken.html"), page([good, broken]));
  const [intact, bad] = await checker.checkPages([
    { file: join(dir, "intact.html"), plots: 2, images: 2 },
    { file: join(dir, "broken.html"), plots: 2, images: 2 },
  ]);
  assert.deepEqual(intact.problems, []);
  assert.equal(intact.ok, true);
  assert.equal(bad.ok, false);
  assert.equal(bad.plots, 1);
  assert.ok(bad.problems.some((p) => /expected 2 live plot\(s\), found 1/.test(p)), bad.problems.join("\n"));
  assert.ok(bad.problems.some((p) => /uncaught exception/.test(p)), bad.problems.join("\n"));
});

test("the checker flags a page that reaches for the network", { skip: !canRenderStatic() && "no Chromium" }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "check-"));
  writeFileSync(join(dir, "cdn.html"), page(['<script src="https://cdn.example.org/plotly.min.js"></script>']));
  const [r] = await checker.checkPages([{ file: join(dir, "cdn.html"), plots: 0, images: 0 }]);
  assert.equal(r.ok, false);
  assert.ok(r.problems.some((p) => /network request: https:\/\/cdn\.example\.org/.test(p)), r.problems.join("\n"));
});
