// Live notebook test: what a researcher does. Starts Debian's classic Jupyter Notebook server on 127.0.0.1 with a
// token and the project's tslab kernel, opens notebooks in headless Chromium, runs all cells through the page, and
// checks that every plot draws, no cell errors and the console stays clean. The server is stopped by its own
// process id at the end, whatever happens. Nothing is saved (autosave is switched off in the page).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { chromiumPath, CHROMIUM_ARGS } from "difftheory";
import { jupyterEnv, jupyterPython, root } from "../env.mjs";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(base, token, server, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jupyter-notebook exited with code ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("jupyter-notebook did not start in time");
}

/** Runs one notebook in the page; `expectPlots` is the number of figures it shows. */
async function runInPage(browser, base, token, notebook, expectPlots, timeoutMs) {
  const problems = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`uncaught exception: ${e.message}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith("data:") || u.startsWith("blob:") || u.startsWith("ws:")) return route.continue();
    problems.push(`network request outside the server: ${u}`);
    return route.abort();
  });
  const t0 = Date.now();
  await page.goto(`${base}/notebooks/${notebook}?token=${token}`, { waitUntil: "load" });
  // the kernel usually answers within 10 s; one cold CI run on a loaded 2-core machine took over 60 s to connect the
  // first kernel, so the wait is generous: this test is about the page, not about start-up time
  await page.waitForFunction(() => {
    const nb = window.Jupyter?.notebook;
    return nb?.kernel?.is_connected?.() && Object.keys(nb.kernel.info_reply ?? {}).length > 0;
  }, null, { timeout: 180_000 });
  await page.evaluate(() => {
    window.Jupyter.notebook.set_autosave_interval(0);
    window.Jupyter.notebook.clear_all_output();
    window.Jupyter.notebook.execute_all_cells();
  });
  await page.waitForFunction(() => {
    const cells = window.Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
    const running = document.querySelectorAll(".cell.running").length;
    return running === 0 && cells.every((c) => c.input_prompt_number !== undefined && c.input_prompt_number !== null && c.input_prompt_number !== "*");
  }, null, { timeout: timeoutMs, polling: 250 });
  const state = await page.evaluate(() => {
    const cells = window.Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
    const errors = cells.flatMap((c, i) =>
      c.output_area.outputs
        .filter((o) => o.output_type === "error" || o.name === "stderr")
        .map((o) => `cell ${i}: ${(o.text ?? o.evalue ?? "").toString().slice(0, 300)}`));
    const plots = [...document.querySelectorAll(".js-plotly-plot")].filter((el) => el.querySelector("svg.main-svg")).length;
    return { errors, plots };
  });
  problems.push(...state.errors.map((e) => `cell error: ${e}`));
  if (state.plots !== expectPlots) problems.push(`expected ${expectPlots} live plot(s), found ${state.plots}`);
  await context.close();
  return { page: notebook, ok: problems.length === 0, problems, seconds: (Date.now() - t0) / 1000 };
}

/**
 * Starts the server, runs each notebook ([{ notebook: "notebooks/x.ipynb", plots }]) in the page, stops the server.
 */
export async function liveNotebookTest(notebooks, { timeoutMs = 300_000 } = {}) {
  const python = jupyterPython();
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(python, ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--NotebookApp.token=${token}`, "--allow-root", `--notebook-dir=${root}`, // SVG math output: the HTML-CSS output's font probe (url('about:blank')) is a console error in Chromium
    "--NotebookApp.mathjax_config=TeX-AMS-MML_SVG-full,Safe"],
  { cwd: root, env: jupyterEnv(), stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  let browser;
  try {
    await waitForServer(base, token, server);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const results = [];
    for (const nb of notebooks) {
      try {
        results.push(await runInPage(browser, base, token, nb.notebook, nb.plots, timeoutMs));
      } catch (e) {
        results.push({ page: nb.notebook, ok: false, problems: [`${e.message}`] });
      }
    }
    return results;
  } catch (e) {
    console.log(log);
    throw e;
  } finally {
    await browser?.close();
    try {
      process.kill(server.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
  }
}
