import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

// Notebooks compile against dist/*.d.ts with tslab's bundled TypeScript 5.0: the public declarations must stay
// readable by that compiler (e.g. no `Float64Array<ArrayBuffer>`, which TS 5.9 emits for inferred types).
test("dist/index.d.ts type-checks with tslab's TypeScript 5.0", () => {
  const root = process.cwd();
  const tsc = join(root, "node_modules/@tslab/typescript-for-tslab/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--types", "node", "--module", "commonjs", "--moduleResolution", "node", "--target", "es2020", join(root, "dist/index.d.ts")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
