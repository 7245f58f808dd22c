// `npm test` after setup: the unit tests (node's test runner over the compiled test/), then every notebook
// executed as a test. `--unit-only` skips the notebooks; `--quick` runs the notebooks with `quick = true`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./env.mjs";
import { runNotebooks } from "./notebooks.mjs";

const args = process.argv.slice(2);
const t0 = Date.now();
console.log("== unit tests");
const unit = spawnSync(process.execPath, ["--test", "--test-reporter=dot", "--test-reporter-destination=stdout", "--test-reporter=./scripts/summary-reporter.mjs", "--test-reporter-destination=stdout", "build/test/"], { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
process.stdout.write(unit.stdout ?? "");
const counts = { passed: 0, failed: 0 };
const unitLine = /unit tests: (\d+) passed, (\d+) failed/.exec(unit.stdout ?? "");
if (unitLine) {
  counts.passed += Number(unitLine[1]);
  counts.failed += Number(unitLine[2]);
}
let ok = unit.status === 0;
if (!args.includes("--unit-only")) {
  console.log("\n== notebooks");
  const summary = join(root, "build", "test-notebooks", "summary.json");
  const status = runNotebooks({
    out: join(root, "build", "test-notebooks"),
    summary,
    params: args.includes("--quick") ? ["quick=true"] : [],
  });
  ok &&= status === 0;
  const results = existsSync(summary) ? JSON.parse(readFileSync(summary, "utf8")) : [];
  for (const r of results) counts[r.status === "passed" ? "passed" : "failed"]++;
}
if (!ok && counts.failed === 0) counts.failed = 1; // a crash that reported no count still fails the run
console.log(`\n${ok ? "OK" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(1)} s (unit tests and notebooks)`);
console.log(`total: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(ok ? 0 : 1);
