import test from "node:test";
import assert from "node:assert/strict";
import { DomainError, vastolaF1, vastolaF1Claims, vastolaF1Slider, vastolaF1SummaryTable, vastolaF1UnbiasednessTable, vastolaTableHtml } from "difftheory";

const result = vastolaF1();

test("V-F1 claims reproduce at the notebook's (official) parameters", () => {
  const claims = vastolaF1Claims(result.data);
  assert.deepEqual(claims.map((c) => [c.id, c.status]), [
    ["V-C1a", "pass"], ["V-C1b", "pass"], ["V-C2", "pass"], ["V-C3a", "pass"],
    ["V-C3b", "pass"], ["V-C3c", "pass"], ["V-C4a", "pass"], ["V-C4b", "pass"],
  ]);
});

test("V-F1 claims also hold on the notebook's quick path", () => {
  const quick = vastolaF1({ grid: 40, mcDraws: 2000 });
  assert.ok(vastolaF1Claims(quick.data).every((c) => c.status === "pass"));
});

test("the figure has 20 heat maps with the data on top, a fixed [0, 1] scale, and is deterministic", () => {
  const heat = result.figure.data.filter((t) => t.type === "heatmap");
  assert.equal(heat.length, 20);
  assert.ok(heat.every((t) => t.zmin === 0 && t.zmax === 1));
  assert.equal(heat.filter((t) => t.showscale).length, 1);
  assert.equal(result.data.summaries.length, 20);
  // z is [iy][ix]: the polygon's map is symmetric under y → −y
  const z = heat[0].z as number[][];
  assert.equal(z.length, 100);
  assert.deepEqual(z[10], z[89]);
  assert.equal(JSON.stringify(vastolaF1().figure), JSON.stringify(result.figure));
});

test("the as-published toggle (erratum V-E6) autoscales every panel and drops the colour bar", () => {
  const pub = vastolaF1({ asPublished: true, grid: 20, mcDraws: 200 });
  const heat = pub.figure.data.filter((t) => t.type === "heatmap");
  assert.ok(heat.every((t) => t.zauto === true && t.showscale === false && t.zmin === undefined));
  assert.equal(pub.figure.id, "V-F1-as-published");
});

test("the slider figure has one step per time, each showing that time's four maps and the data", () => {
  const s = vastolaF1Slider({ grid: 10, times: [0.05, 0.3, 0.7] });
  const steps = (s.figure.layout.sliders as { steps: { args: [{ visible: boolean[] }] }[] }[])[0].steps;
  assert.equal(steps.length, 3);
  for (const [k, step] of steps.entries()) {
    const vis = step.args[0].visible;
    assert.equal(vis.length, 3 * 4 + 4);
    assert.equal(vis.filter(Boolean).length, 8);
    assert.ok(vis.slice(4 * k, 4 * k + 4).every(Boolean));
  }
});

test("the report tables list all 20 panels and the five V-C1 points", () => {
  assert.equal(vastolaF1SummaryTable(result.data).rows.length, 20);
  assert.equal(vastolaF1UnbiasednessTable(result.data).rows.length, 5);
  assert.match(vastolaTableHtml(vastolaF1SummaryTable(result.data)), /<td>polygon<\/td><td>0.05<\/td>/);
});

test("parameters are validated", () => {
  const is = (p: string) => (e: unknown) => e instanceof DomainError && e.parameter === p;
  assert.throws(() => vastolaF1({ times: [0] }), is("times"));
  assert.throws(() => vastolaF1({ grid: 2 }), is("grid"));
  assert.throws(() => vastolaF1Slider({ times: [1.2] }), is("times"));
});
