import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The notebook runner (scripts/run_notebooks.py) driven as `npm test` drives it, on two fixture notebooks.
const root = process.cwd();
const python = process.env.DIFFTHEORY_PYTHON ?? "/usr/bin/python3";
const env = { ...process.env, JUPYTER_PATH: join(root, ".jupyter/share/jupyter") };

function runner(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), "runner-"));
  const r = spawnSync(python, ["scripts/run_notebooks.py", "--root", "test/fixtures", "--out", out, ...args], { cwd: root, env, encoding: "utf8" });
  return { ...r, out };
}

test("parameters are injected after the cell tagged `parameters`", () => {
  const r = runner(["--param", "quick=true", "test/fixtures/parameters.ipynb"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^1 passed, 0 failed$/m);
  const nb = JSON.parse(readFileSync(join(r.out, "parameters.ipynb"), "utf8"));
  // nbformat stores multi-line text as a list of lines
  const texts = nb.cells.flatMap((c: { outputs?: { text?: string | string[] }[] }) =>
    (c.outputs ?? []).map((o) => [o.text ?? ""].flat().join("")),
  );
  assert.ok(texts.includes("quick is true\n"));
  assert.ok(nb.cells.every((c: { cell_type: string; execution_count?: number }) => c.cell_type !== "code" || c.execution_count! > 0));
});

test("a failing cell prints its source and stderr and fails the run", () => {
  const r = runner(["test/fixtures/parameters.ipynb"]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /FAIL {2}test\/fixtures\/parameters\.ipynb/);
  assert.match(r.stdout, /if \(!quick\) throw new Error/);
  assert.match(r.stdout, /Error: quick was not injected/);
  assert.match(r.stdout, /^0 passed, 1 failed$/m);
});

test("a cell over its timeout is interrupted and fails", () => {
  const t0 = Date.now();
  const r = runner(["--timeout", "3", "test/fixtures/timeout.ipynb"]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^0 passed, 1 failed$/m);
  assert.ok(Date.now() - t0 < 40_000, "the kernel was not interrupted");
});
