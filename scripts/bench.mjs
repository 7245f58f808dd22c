// `npm run bench`: runs every compiled benchmark in build/bench/ (each prints times and ratios to its baseline).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { root } from "./env.mjs";

const dir = join(root, "build", "bench");
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".bench.js")).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, [join(dir, file)], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
