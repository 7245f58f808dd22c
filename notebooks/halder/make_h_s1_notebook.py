"""Writes the Halder H-S1 notebook (without outputs). Run with /usr/bin/python3 from the repository root:
    /usr/bin/python3 notebooks/halder/make_h_s1_notebook.py"""
import os
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell as md, new_code_cell as code

HERE = os.path.dirname(os.path.abspath(__file__))
META = {"kernelspec": {"display_name": "TypeScript", "language": "typescript", "name": "tslab"},
        "language_info": {"file_extension": ".ts", "name": "typescript"}}

# The findings, written from the cached sweep data/halder/h-s1.json (the cells above print the same numbers).
FINDINGS = r"""**What the figure shows.**

- **(a) The alignment of scales holds.** At $S = 2000$ the mean $\Delta_\text{KL}$ is $-11.3$ nats at $N = 2$, $-5.7$ at $N = 4$,
  $-2.2$ at $N = 8$ and $-0.8$ at $N = 16 = d$, and crosses zero between $N = 32$ ($-0.02$; the two seeds disagree in sign,
  $-0.40$ and $+0.35$) and $N = 64$ ($+0.35$): the log-interpolated zero sits at $N \approx 33$, $N/d \approx 2.1$. That is inside
  the window $N^*/d \in (1, 3)$ of the one-step linear model at $M = 10^4$ (H-C7), so the nonlinear DDPM's transition sits
  at the same scale, a small multiple of $d$. Above it $\Delta_\text{KL}$ stays positive but small ($0.3$ to $0.6$ nats); at
  $N = 1024$ it equals the value of fresh draws of $p$ ($0.33$ against $0.33$): there, by this metric, the model's samples
  are as far from its training set as new data are. The stand-ins bracket the scale: the training set itself sits at
  $-9$ to $-13$ nats at every $N$; fresh data fall from $+7.9$ ($N = 2$) to $+0.33$ ($N = 1024$), since $K_\text{train}$
  approaches $K_\text{ref}$ as $N$ grows.
- **(b) Quality improves monotonically**: the fitted-Gaussian KL falls from $18.7$ ($N = 2$) to $0.33$ ($N = 1024$), about 4.5
  times the $n_\text{gen}$ sampling floor ($0.074$): at 2000 steps the network matches $p$ only approximately.
- **(c) The nearest-neighbour test sees much less than $\Delta_\text{KL}$.** It counts 53% of the samples as memorized at $N = 2$,
  8% at $N = 4$ and essentially none from $N = 8$ on, while $\Delta_\text{KL}$ is clearly negative up to $N = 16$: the samples
  are pulled towards the training points (closer to them, in likelihood, than to fresh data) without landing on them, so
  the ratio $d_1/d_2 < 1/3$ misses this softer memorization.
- **(d) The transition moves with the training budget.** Every budget gives exactly one sign change along $N$, but at a
  different place: the log-interpolated zero of the mean $\Delta_\text{KL}$ is at $N \approx 13$ ($N/d \approx 0.8$) after
  $S = 500$ Adam steps, $N \approx 33$ ($2.1$) after $2000$ and $N \approx 56$ ($3.5$) after $6000$. Through the transition region
  more training memorizes more at every $N$: $\Delta_\text{KL}$ at $S = 500 / 2000 / 6000$ is $-4.4 / -5.7 / -6.5$ at $N = 4$,
  $-0.4 / -2.2 / -4.3$ at $N = 8$, $+0.17 / -0.83 / -1.87$ at $N = 16$, $+0.33 / -0.02 / -0.90$ at $N = 32$ and
  $+0.38 / +0.35 / +0.20$ at $N = 64$; the memorized fraction at $N = 4$ rises from $0.002$ to $0.08$ to $0.40$, and the
  fitted-Gaussian KL at $N = 2$ from $11.8$ to $18.7$ to $25.5$. Outside that region the budget matters little for
  $\Delta_\text{KL}$: at $N = 2$ all three are at the level of the memorizer stand-in ($-12.0$, $-11.3$, $-12.4$), and at
  $N \ge 128$ they are small, positive and not ordered by $S$ ($0.42$, $0.60$, $0.26$ at $N = 128$: differences of the size
  of the seed spread), while the fitted KL there falls with training ($0.69$, $0.33$, $0.23$ at $N = 1024$): longer
  training also fits $p$ better. So the location of "the" transition of a trained network is
  not a property of the data alone: it grows with the training budget, by a factor of about 4 between 500 and 6000 steps,
  which is H-C17's caveat for v1's short trainings.

**How strong the evidence is.** Two seeds per point: the seed-to-seed spread is $0.1$ to $1$ nats near the transition
(the SE across seeds is printed in the claims' notes). H-C17's single comparison at $N = 64$, $0.18$ nats, is $1.3$ combined
seed SEs; what makes the budget effect convincing is the whole panel (d): the zero of $\Delta_\text{KL}$ moves from $N \approx 13$
to $33$ to $56$, and at each of $N = 4, 8, 16, 32, 64$ the three budgets are ordered the same way, as is the memorized
fraction."""

cells = [
    md(r"""# H-S1 · A small nonlinear DDPM shows the same alignment (stretch)

*Halder (arXiv 2411.17807), claims H-C16 and H-C17. A reconstruction [A] of v1's sentence "empirical evidence that
realistic diffusion models show the same alignment of scales": the paper's figures could not be read, and the
authors' U-Net script cannot be followed as written (erratum H-E6 below).*

**The question.** The one-step linear model of H-F1 … H-F7 memorizes below $N \approx d$ and generalizes above, and
the relative distance $\Delta$ turns positive during the fall of the individual distance. Does a trained *nonlinear*
denoiser, a small MLP DDPM with the usual ε-prediction loss and ancestral sampler, show the same picture when it is
judged by the same kernel reference? Two things are checked:

- **H-C16**: the mean $\Delta_\text{KL}$ over seeds is negative at the two smallest $N$, positive at the two largest,
  with exactly one sign change, and the KL of a Gaussian fitted to the samples is lower at the largest $N$ than at
  the smallest; the nearest-neighbour memorization fraction is reported.
- **H-C17**: just above the transition, a longer training ($S = 6000$ Adam steps) memorizes more than a short one
  ($S = 500$): $\Delta_\text{KL}(500) > \Delta_\text{KL}(6000)$."""),
    md(r"""## The model

**Data.** Pixels $x \sim \mathcal N(0.5, 0.1^2)$ of a $4\times4$ image ($d = 16$), mapped to model space $y = 2x - 1$, so
$p = \mathcal N(0, 0.2^2 I_{16})$. A training set is $N$ draws of $p$, fresh for every $(N, \text{seed})$.

**Diffusion.** The foundation's discrete DDPM schedule (`ddpmSchedule`) with $K = 200$ steps and linear
$\beta_t$ from $10^{-4}$ to $0.05$ in the `"ho"` indexing $\beta_t = \beta_\text{start} + (\beta_\text{end} - \beta_\text{start})(t-1)/(K-1)$,
which gives $\bar\alpha_K = 0.006122$, the spec's $0.00612$ (the `"merger-goldt"` indexing would give $0.005969$); so
$\mathcal N(0, I)$ is a fair start for the sampler.

**Network and training** (`src/nn`, TensorFlow.js on its WebAssembly backend; gradients by tfjs, nothing by hand).
$\hat\varepsilon_\theta(y_t, t)$ is an MLP on $[y_t, e(t)]$ with two hidden layers of 128 SiLU units and a 32-dimensional
sinusoidal embedding $e(t)$ of the step index. Loss (Ho et al. 2020):

$$L(\theta) = \mathbb E_{y_0, t, \varepsilon}\,\|\varepsilon - \hat\varepsilon_\theta(\sqrt{\bar\alpha_t}\,y_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\ t)\|^2 / d,$$

minimised by Adam (learning rate $10^{-3}$) on minibatches of 128 rows drawn *with replacement* from the $N$ training
points, with fresh $t$ and $\varepsilon$ at every step; $S = 2000$ steps, budget variants $S \in \{500, 6000\}$.

**Sampling.** Ancestral sampling, $u_{t-1} = (u_t - \tfrac{\beta_t}{\sqrt{1-\bar\alpha_t}}\hat\varepsilon_\theta(u_t, t))/\sqrt{1-\beta_t} + \sqrt{\beta_t}\,z$
(no noise at the last step), batched over $n_\text{gen} = 1000$ samples.

**Metrics of the samples** (spec §3 item 12, `halderSampleMetrics`):

- $\Delta_\text{KL} = \frac{1}{n_\text{gen}}\sum_k [\ln K_\text{ref}(x_k) - \ln K_\text{train}(x_k)]$, with $K_C(x) = \frac1n\sum_i \mathcal N(x; c_i, \varepsilon_n^2 I)$,
  the rule bandwidth $\varepsilon_n = \sigma n^{-1/d}$ ($\sigma = 0.2$), and $K_\text{ref}$ built from $M = 10^4$ fresh draws of $p$.
  $\Delta > 0$: the samples sit closer (in likelihood) to fresh data than to the training set (generalization); $\Delta < 0$: memorization.
- $\mathrm{KL}(\mathcal N(\hat m, \hat C)\,\|\,p)$ of the maximum-likelihood Gaussian fit to the samples (a quality measure
  that does not look at the training set); with $n_\text{gen} = 1000$ its sampling floor is about $d(d+3)/(4 n_\text{gen}) = 0.08$.
- The memorized fraction: the share of samples with $|x - nn_1|/|x - nn_2| < 1/3$ ($nn_1$, $nn_2$: the two nearest training points).

Two stand-in generators anchor the scale: **the training set itself** (resampled; a perfect memorizer) and **fresh
draws of $p$** (a perfect generalizer)."""),
    code('''import {
  halderStretchDesign, readHalderStretchCache, halderStretchFromRecords, halderStretchLiveCheck, halderStretchFigure,
  halderStretchSamplesFigure, halderStretchClaims, halderStretchTransition, halderStretchCurve, halderStretchSchedule,
  useTfBackend, show, showClaims,
} from "difftheory";'''),
    code('''// Parameters of this notebook (the runner injects overrides after this cell)
let quick = false;      // quick: the same live check (it is already the cheapest cached model)
let backend: "wasm" | "cpu" = "wasm";   // TensorFlow.js backend of the live retraining: the cache was trained on wasm, and "cpu" rounds differently (the bit-for-bit check then fails)
let liveN = 4;          // the cached model retrained live: N, seed index and Adam steps
let liveRep = 0;
let liveSteps = 500;    // S = 500: a 500-step training + 1000 samples + metrics fits the notebook's 30 s budget''', metadata={"tags": ["parameters"]}),
    md(r"""## The data: the cached sweep, and one model retrained live

Training every model of the design ($9$ values of $N$ × 2 seeds at each of $S = 500$, $2000$ and $6000$, and the two
stand-ins) takes about 18 minutes on two cores, so the records are read from
`data/halder/h-s1.json` (written by `data/halder/generate-h-s1.mjs` on two worker threads; it is used only when the
hash of its parameters matches the design below). One cached model is retrained here from scratch: the same seed
fixes the initial weights, every minibatch, time and noise draw, and the sampling noise, and the wasm backend is
deterministic in float32, so the live network must have the *same weight hash* (bit-identical float32 weights) and
give the cached metrics back (bit for bit on the same library code; checked to a relative $10^{-9}$)."""),
    code('''const design = halderStretchDesign();
const schedule = halderStretchSchedule(design);
console.log(`design: d = ${design.d}, σ = ${design.sigma}, K = ${design.K} (β ${design.betaStart} … ${design.betaEnd}, "${design.indexing}" indexing: ᾱ_K = ${schedule.alphaBar[design.K].toFixed(6)}), MLP hidden ${design.hidden.join(", ")} (${design.activation}), time embedding ${design.timeEmbedding}`);
console.log(`training: Adam ${design.learningRate}, batch ${design.batchSize} with replacement, S = ${design.steps} (variants ${design.budgets.join(", ")} at N ∈ {${(design.budgetGrid ?? design.grid).join(", ")}}); grid N ∈ {${design.grid.join(", ")}}, ${design.seeds} seeds; n_gen = ${design.nGen}, M = ${design.M}, ratio ${design.ratio.toFixed(4)}, reverse variance ${design.variance}, seed ${design.seed}`);
const cache = readHalderStretchCache(design);
if (!cache) throw new Error("data/halder/h-s1.json is missing or stale: run npm run build && node data/halder/generate-h-s1.mjs");
console.log(`cache: ${cache.records.length} records, trained on ${cache.backend} with ${cache.workers} workers in ${(cache.seconds / 60).toFixed(1)} min`);
const data = halderStretchFromRecords(design, cache.records);
await useTfBackend(backend);
const live = await halderStretchLiveCheck(design, cache.records, liveN, liveRep, liveSteps, backend);
const row = (source: string, r: typeof live.cached) => ({ source: source, "Δ_KL": r.deltaKl, SE: r.deltaKlSE, "fitted KL": r.fittedKl, memorized: r.memorizedFraction,
  "final loss": r.training!.finalLoss, "weights hash": r.training!.weightsHash });
console.table([row("live", live.run.record), row("cache", live.cached)]);
console.log(`live retraining of N = ${liveN}, seed ${liveRep}, S = ${liveSteps}: ${live.seconds.toFixed(1)} s; weights hash ${live.run.record.training!.weightsHash === live.cached.training!.weightsHash ? "identical" : "DIFFERENT"}; largest relative difference of the metrics to the cache ${live.gap} (0 = bit for bit)`);
// the weights must be bit-identical (same hash); the metrics are bit-identical on the same library code, and are
// held to 1e-9 relative (the tolerance of every Halder live slice) so that a re-ordered sum in a kernel routine does not fail it
if (!(live.gap <= 1e-9)) throw new Error(`the live model does not reproduce its cached record (relative gap ${live.gap}; Infinity: the weights differ)`);'''),
    md(r"""What the live model produces: its first samples (top) and the training point nearest to each (bottom), in pixel
units. At $N = 4$ and $S = 500$ its $\Delta_\text{KL}$ is $-5.4$ nats, memorization by the kernel criterion, and the samples
visibly resemble their nearest training points; yet $d_1/d_2$ stays well above $1/3$, so the nearest-neighbour test
does not flag them (panel (c) below)."""),
    code('''const samplesFig = halderStretchSamplesFigure(live.run.train, live.run.samples, { count: 6, title: `Live model (N = ${liveN}, S = ${liveSteps}): samples (top) and their nearest training points (bottom)` });
live.run.model.dispose();
await show(samplesFig.figure);'''),
    md(r"""## The figure

(a) $\Delta_\text{KL}$ against $N$ at $S = 2000$: one marker per seed (error bars ±2 Monte Carlo SE over the 1000 samples),
the mean over seeds, and the two stand-ins. (b) The KL of the Gaussian fitted to the samples (log axis; $\infty$ for the
memorizer stand-in below $d$, so it is not drawn there), with the fresh-draw floor. (c) The memorized fraction.
(d) The mean $\Delta_\text{KL}$ for each training budget (error bars: SE across the 2 seeds). The dotted vertical line is
$N = d$. Hover for the numbers; click legend entries to hide curves."""),
    code('''const fig = halderStretchFigure(data);
await show(fig.figure);
const main = halderStretchCurve(data, design.steps);
const tr = halderStretchTransition(main);
console.table(main.points.map((q) => ({ N: q.N, "N/d": q.N / design.d, "Δ_KL seed 0": +q.deltas[0].toFixed(3), "Δ_KL seed 1": +q.deltas[1].toFixed(3), "mean Δ_KL": +q.delta.toFixed(3),
  "fitted KL": +q.fittedKlMean.toPrecision(3), memorized: +q.memorizedMean.toFixed(3), "final loss": +(q.finalLoss ?? NaN).toFixed(4) })));
console.log(`transition at S = ${design.steps}: ${tr.signChanges} sign change(s); mean Δ_KL ≤ 0 up to N = ${tr.below}, > 0 from N = ${tr.above}; log-interpolated zero at N ≈ ${tr.crossing?.toFixed(1)} (N/d ≈ ${tr.crossing === undefined ? "-" : (tr.crossing / design.d).toFixed(2)})`);
for (const c of data.ddpm) {
  const t = halderStretchTransition(c);
  console.log(`S = ${c.steps}: ${c.points.map((q) => `N = ${q.N}: ${q.delta.toFixed(3)}`).join(", ")}; ${t.signChanges} sign change(s), zero at N ≈ ${t.crossing?.toFixed(1)} (N/d ≈ ${t.crossing === undefined ? "-" : (t.crossing / design.d).toFixed(2)})`);
}
for (const c of [data.memorizer!, data.oracle!]) console.log(`${c.kind}: Δ_KL ${c.points.map((q) => `${q.N}: ${q.delta.toFixed(2)}`).join(", ")}; fitted KL ${c.points.map((q) => q.fittedKlMean.toPrecision(3)).join(", ")}`);'''),
    md(FINDINGS or "**What the figure shows.** (to be written from the cached sweep)"),
    md("## Claims checked live"),
    code('''const claims = halderStretchClaims(data);
showClaims(claims);'''),
    md(r"""## Choices and errata

**Choices stated [A]** (the spec's defaults unless said otherwise; all are fields of `halderStretchDesign`): $d = 16$,
$p = \mathcal N(0, 0.2^2 I)$ in model units; $K = 200$, linear $\beta$ from $10^{-4}$ to $0.05$ in the `"ho"` indexing
(the one that gives the spec's $\bar\alpha_K = 0.00612$); ε-prediction; MLP 2 × 128 SiLU with a 32-dimensional sinusoidal
embedding of the step index (the embedding size is not in the spec); Adam $10^{-3}$ (tfjs's $\beta_1 = 0.9$, $\beta_2 = 0.999$,
$\epsilon = 10^{-7}$), batch 128 with replacement, fresh noise each step; the network's initial weights, minibatches,
times and noise all come from the library's seeded `rng`, forked from the stream ("halder-s1", "model", N, seed), so
$S = 500$, $2000$ and $6000$ share the training set, the initialisation and the first steps (the shorter runs are
prefixes of the longer ones); ancestral sampling with $\sigma_t^2 = \beta_t$; $n_\text{gen} = 1000$ samples per model from the
stream ("sample", N, seed); one fixed reference set of $M = 10^4$ draws; rule bandwidth for both kernels with
$\sigma = 0.2$; the fitted Gaussian is the maximum-likelihood fit ($1/n_\text{gen}$ covariance); the memorization ratio
$1/3$. The budget variants $S = 500$ and $6000$ are trained on the whole grid, like the main curve (the design field
`budgetGrid` can restrict them, e.g. to $N \in \{4, 32, 64\}$, for a quicker regeneration). H-C17's "grid point
just above the transition" is the first $N$ with positive mean $\Delta_\text{KL}$ after the last non-positive one at $S = 2000$.
Means over 2 seeds have large seed-to-seed spread; the per-seed values are in the claims' notes.

**Erratum H-E6 (the authors' U-Net script `simulation.py`)**, why v1's own evidence cannot be reproduced as coded:

- mixed units: generated samples are mapped to $[0, 1]$, the training data stay in model units (mean 0) and the
  "original" data stay ×255, so its two distances compare different units (here every set lives in model units);
- 1-D per-pixel kernels with bandwidth $\sigma/n$, averaged over pixels, instead of the $d$-dimensional kernel (here:
  the $d$-dimensional kernel with the rule bandwidth, as in H-F1 … H-F7);
- 10 generated samples and 10 epochs of training (here 1000 samples, and 500 to 6000 Adam steps);
- $\beta$ from $10^{-4}$ to $0.02$ over 200 steps ends at $\bar\alpha = 0.132$, yet sampling starts from $\mathcal N(0, I)$ (here
  $\beta_\text{end} = 0.05$, $\bar\alpha_K = 0.006$).

The one-step model's errata H-E1 … H-E5 do not touch this notebook (no linear fit, no covariance convention)."""),
]

nb = new_notebook(cells=cells, metadata=META)
nbformat.write(nb, os.path.join(HERE, "H-S1-nonlinear.ipynb"))
print("wrote", os.path.join(HERE, "H-S1-nonlinear.ipynb"))
