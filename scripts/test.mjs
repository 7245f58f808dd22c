// `npm test` after setup:
//   1. unit tests (node's test runner over the compiled test/),
//   2. every notebook executed as a test, and the report built from them (the same job as `npm run reproduce`),
//   3. the browser test of the report (every page, JavaScript on and off),
//   4. the live notebook test (classic Jupyter Notebook in Chromium: start-here and one notebook per paper, the
//      quickest of each).
// Options: --unit-only; --quick (notebooks with `quick = true`). Ends with `total: N passed, N failed`.
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { root } from "./env.mjs";
import { reproduce, reportsDir } from "./pipeline.mjs";
import { checkPages, printResults } from "./report/check.mjs";
import { liveNotebookTest } from "./report/live.mjs";

const args = process.argv.slice(2);
const t0 = Date.now();
const counts = { passed: 0, failed: 0 };
const add = ({ passed, failed }) => {
  counts.passed += passed;
  counts.failed += failed;
};

console.log("== unit tests");
const unit = spawnSync(process.execPath, ["--test", "--test-reporter=dot", "--test-reporter-destination=stdout",
  "--test-reporter=./scripts/summary-reporter.mjs", "--test-reporter-destination=stdout", "build/test/"],
{ cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
process.stdout.write(unit.stdout ?? "");
const unitLine = /unit tests: (\d+) passed, (\d+) failed/.exec(unit.stdout ?? "");
add(unitLine ? { passed: Number(unitLine[1]), failed: Number(unitLine[2]) } : { passed: 0, failed: 1 });
if (unit.status !== 0 && counts.failed === 0) counts.failed = 1;

if (!args.includes("--unit-only")) {
  console.log("\n== notebooks");
  const { runs, report } = await reproduce({ params: args.includes("--quick") ? ["quick=true"] : [] });
  add({ passed: runs.filter((r) => r.status === "passed").length, failed: runs.filter((r) => r.status !== "passed").length });

  console.log("\n== browser test of reports/");
  const byNotebook = new Map(report.notebooks.map((n) => [n.notebook, n]));
  const pages = [
    { file: join(reportsDir, "index.html"), plots: 0, images: 0, thumbnails: report.summary.figures, screenshot: join(reportsDir, "index.png") },
    ...report.notebooks.filter((n) => n.page).map((n) => ({ file: join(reportsDir, n.page), plots: n.figures.length, images: n.figures.length })),
  ];
  add(printResults(await checkPages(pages)));

  console.log("\n== live notebook test (classic Jupyter Notebook in Chromium)");
  // per paper, the notebook that ran fastest under the runner: the live test is about the page, not the computation
  const quickest = new Map();
  for (const n of report.notebooks) if (!quickest.has(n.paper) || n.seconds < quickest.get(n.paper).seconds) quickest.set(n.paper, n);
  const live = [...quickest.values()].map((n) => ({ notebook: relative(root, join(root, n.notebook)), plots: byNotebook.get(n.notebook).figures.length }));
  add(printResults(await liveNotebookTest(live), "live notebook"));
}

console.log(`\n${counts.failed ? "FAILED" : "OK"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`total: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
