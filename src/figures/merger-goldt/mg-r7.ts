/**
 * MG-R7 (Merger & Goldt v2, reconstructed [A]; spec §3 item 7, §4 MG-R7, §6, claim MG-C16): a small nonlinear DDPM
 * (MLP, two hidden layers of 256, sinusoidal t-embedding, Adam; src/nn) against the linear model on the same
 * Gaussian power-law training sets, N ∈ {d/2, 2d, 8d}. Compared: the eigenvalues of the covariance of the generated
 * samples (nonlinear: 2000 samples of the ancestral chain; linear: its exact Gaussian sampling law S₀, per mode in
 * Ĉ's eigenbasis) and the overlaps of their top-3 eigenvectors with the data's (Σ = diag(λ), so the population's
 * top-3 are e₁, e₂, e₃) and with each other (the linear model's eigenvectors are exactly Ĉ's).
 */
import { Matrix } from "ml-matrix";
import { symEig } from "../../core/linalg.js";
import { spectralFit } from "../../denoisers/linear.js";
import { linearSamplingLaw } from "../../denoisers/linear-sampling.js";
import { checkClaim, type Claim } from "../../claims.js";
import type { FigureResult, Trace } from "../../plot/figure.js";
import { MG_COLORS } from "./common.js";
import {
  mgR7CachedRuns, mgR7Run, mgR7Schedule, mgR7Setting, mgR7Spectrum, mgR7TrainingSet, sameMgR7Setting,
  MG_R7_LIVE_STEPS, type MgR7Options, type MgR7Run, type MgR7Setting,
} from "./mg-r7-run.js";

export * from "./mg-r7-run.js";

/** Number of leading eigenvectors compared (the spec's "top 3"). */
export const MG_R7_TOP = 3;

/** One training-set size of MG-R7 (spectra descending; averages over the replicates). */
export interface MgR7Cell {
  N: number;
  /** eigenvalues of the nonlinear model's sample covariance, rank by rank averaged over replicates */
  nonlinear: number[];
  /** eigenvalues of the linear model's exact sampling covariance S₀ (zero in Ĉ's null space for N < d) */
  linear: number[];
  /** eigenvalues of the training covariance Ĉ = XᵀX/N */
  training: number[];
  /** |⟨v_i, e_i⟩|, i = 1..3, of the nonlinear model's top eigenvectors with the population's */
  overlapNonlinear: number[];
  /** |⟨v_i, e_i⟩| of the linear model's (= Ĉ's) top eigenvectors with the population's */
  overlapLinear: number[];
  /** |⟨v_i^nonlinear, v_i^linear⟩| */
  overlapBetween: number[];
  /** ‖V₃ᵀE₃‖²_F/3, the top-3 subspace overlap with the population's, nonlinear and linear */
  subspaceNonlinear: number;
  subspaceLinear: number;
  /** bulk ranks compared by MG-C16: 4 … min(N, d) (1-based, where the linear law has positive variance) */
  bulk: [number, number];
  /** max over bulk ranks r of max(ν_r/ℓ_r, ℓ_r/ν_r), nonlinear ν vs linear ℓ */
  worstBulkFactor: number;
  /** for N < d: mean variance of the nonlinear samples in Ĉ's null space (the linear model puts exactly 0 there) */
  nullSpaceVariance: number;
  /** mean population variance in that null space (Σ projected), for scale */
  nullSpaceTarget: number;
  /** last recorded training loss per dimension, mean over replicates */
  finalLoss: number;
}

/** Everything behind the MG-R7 figure and MG-C16. */
export interface MgR7Data {
  setting: MgR7Setting;
  /** the population spectrum λ (descending) */
  population: number[];
  cells: MgR7Cell[];
  /** whether the runs came from data/merger-goldt/mg-r7-runs.json */
  cached: boolean;
  /** a sentence stating the [A] choices */
  description: string;
}

function absDot(A: Matrix, i: number, B: Matrix, j: number): number {
  let s = 0;
  for (let r = 0; r < A.rows; r++) s += A.get(r, i) * B.get(r, j);
  return Math.abs(s);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The MG-R7 cell of one N from its runs (one per replicate). */
function mgR7Cell(s: MgR7Setting, N: number, runs: MgR7Run[]): MgR7Cell {
  const d = s.d;
  const schedule = mgR7Schedule(s);
  const lam = mgR7Spectrum(s);
  const E = Matrix.eye(d, d);
  const per = runs.map((run) => {
    const fit = spectralFit(mgR7TrainingSet(s, N, run.replicate));
    const law = linearSamplingLaw(fit, schedule, { variance: s.variance });
    const linear = Array.from(law.variances); // descending with l (S₀ is increasing in l)
    const nl = symEig(Matrix.from1DArray(d, d, run.covariance));
    const top = Array.from({ length: MG_R7_TOP }, (_, i) => i);
    let nullVar = 0;
    let nullTarget = 0;
    const C = Matrix.from1DArray(d, d, run.covariance);
    for (let i = fit.rank; i < d; i++) {
      const v = fit.vectors.getColumnVector(i);
      nullVar += v.transpose().mmul(C).mmul(v).get(0, 0);
      for (let r = 0; r < d; r++) nullTarget += lam[r] * v.get(r, 0) ** 2;
    }
    const missing = d - fit.rank;
    const sub = (V: Matrix) => top.reduce((acc, i) => acc + top.reduce((a, j) => a + absDot(V, i, E, j) ** 2, 0), 0) / MG_R7_TOP;
    return {
      nonlinear: Array.from(nl.values),
      linear,
      training: Array.from(fit.eigenvalues),
      overlapNonlinear: top.map((i) => absDot(nl.vectors, i, E, i)),
      overlapLinear: top.map((i) => absDot(fit.vectors, i, E, i)),
      overlapBetween: top.map((i) => absDot(nl.vectors, i, fit.vectors, i)),
      subspaceNonlinear: sub(nl.vectors),
      subspaceLinear: sub(fit.vectors),
      nullSpaceVariance: missing > 0 ? nullVar / missing : 0,
      nullSpaceTarget: missing > 0 ? nullTarget / missing : 0,
      finalLoss: run.lossHistory[run.lossHistory.length - 1],
    };
  });
  const avg = (f: (p: (typeof per)[number]) => number[]) => f(per[0]).map((_, r) => mean(per.map((p) => f(p)[r])));
  const nonlinear = avg((p) => p.nonlinear);
  const linear = avg((p) => p.linear);
  const hi = Math.min(N, d);
  let worst = 0;
  for (let r = MG_R7_TOP; r < hi; r++) worst = Math.max(worst, nonlinear[r] / linear[r], linear[r] / nonlinear[r]);
  return {
    N,
    nonlinear,
    linear,
    training: avg((p) => p.training),
    overlapNonlinear: avg((p) => p.overlapNonlinear),
    overlapLinear: avg((p) => p.overlapLinear),
    overlapBetween: avg((p) => p.overlapBetween),
    subspaceNonlinear: mean(per.map((p) => p.subspaceNonlinear)),
    subspaceLinear: mean(per.map((p) => p.subspaceLinear)),
    bulk: [MG_R7_TOP + 1, hi],
    worstBulkFactor: worst,
    nullSpaceVariance: mean(per.map((p) => p.nullSpaceVariance)),
    nullSpaceTarget: mean(per.map((p) => p.nullSpaceTarget)),
    finalLoss: mean(per.map((p) => p.finalLoss)),
  };
}

/** A sentence stating MG-R7's [A] choices, for the notebook. */
export function describeMgR7(s: MgR7Setting): string {
  return `d = ${s.d}, k = ${s.k}, Tr Σ = d, N ∈ {${s.sizes.join(", ")}}, ${s.replicates} replicate(s); DDPM T = ${s.T}, β_t = 1e-4 + (1e-2 − 1e-4)·t/T, σ_t² = ${s.variance === "beta" ? "β_t" : "β̃_t"} (σ₁ = 0); MLP [d + ${s.spec.timeEmbedding} (sinusoidal t-embedding)] → ${s.spec.hidden.join(" → ")} (${s.spec.activation}) → d, ε-prediction, Adam lr ${s.learningRate}, ${s.steps} steps of batch ${s.batchSize} (rows with replacement, t uniform on 1..T, fresh noise), TensorFlow.js wasm; ${s.samples} samples per model; linear model: converged, c = 0, no bias, exact sampling law`;
}

/**
 * MG-R7 from trained runs: `runs` if given, else the cache when its setting equals `options`' (see
 * data/merger-goldt/README.md), else trains every model now (minutes per model).
 * @throws DomainError on bad options
 */
export async function mgR7(options: MgR7Options = {}, runs?: MgR7Run[]): Promise<FigureResult<MgR7Data>> {
  const s = mgR7Setting(options);
  let cached = false;
  let all = runs;
  if (all === undefined) {
    const cache = mgR7CachedRuns();
    if (cache !== undefined && sameMgR7Setting(cache.setting, s)) {
      all = cache.runs;
      cached = true;
    } else {
      all = [];
      for (let rep = 0; rep < s.replicates; rep++) for (const N of s.sizes) all.push(await mgR7Run(s, N, rep));
    }
  }
  const cells = s.sizes.map((N) => mgR7Cell(s, N, (all as MgR7Run[]).filter((r) => r.N === N)));
  const data: MgR7Data = { setting: s, population: Array.from(mgR7Spectrum(s)), cells, cached, description: describeMgR7(s) };
  return { data, figure: mgR7Figure(data) };
}

/**
 * The live check of the cache: retrains the cached short run (N = sizes[0], replicate 0, MG_R7_LIVE_STEPS Adam
 * steps) and compares its weights' SHA-256 and loss history with the cache's, bit for bit.
 */
export async function mgR7LiveCheck(options: MgR7Options = {}): Promise<{ cachedHash: string; liveHash: string; identical: boolean; lossIdentical: boolean; steps: number; seconds: number }> {
  const s = mgR7Setting(options);
  const cache = mgR7CachedRuns();
  const t0 = Date.now();
  const steps = cache?.live.steps ?? MG_R7_LIVE_STEPS;
  const live = await mgR7Run(s, cache?.live.N ?? s.sizes[0], cache?.live.replicate ?? 0, { steps, samples: 0 });
  const cachedHash = cache?.live.weightsHash ?? "(no cache)";
  return {
    cachedHash,
    liveHash: live.weightsHash,
    identical: cachedHash === live.weightsHash,
    lossIdentical: cache !== undefined && JSON.stringify(cache.live.lossHistory) === JSON.stringify(live.lossHistory),
    steps,
    seconds: (Date.now() - t0) / 1000,
  };
}

function mgR7Figure(data: MgR7Data): FigureResult<MgR7Data>["figure"] {
  const d = data.setting.d;
  const ranks = Array.from({ length: d }, (_, i) => i + 1);
  const traces: Trace[] = [];
  traces.push({ type: "scatter", mode: "lines", name: "population λ", x: ranks, y: data.population, line: { color: "black", dash: "dash" } });
  data.cells.forEach((c, i) => {
    const color = MG_COLORS[i % MG_COLORS.length];
    const pos = (ys: number[]) => ys.map((y) => (y > 0 ? y : null)); // exact zeros (linear, N < d) cannot be drawn on a log axis
    traces.push({ type: "scatter", mode: "lines", name: `linear, N = ${c.N}`, legendgroup: `N${c.N}`, x: ranks, y: pos(c.linear), line: { color } });
    traces.push({ type: "scatter", mode: "markers", name: `MLP, N = ${c.N}`, legendgroup: `N${c.N}`, x: ranks, y: c.nonlinear, marker: { color, size: 6, symbol: "circle-open" } });
  });
  const Ns = data.cells.map((c) => c.N);
  for (let i = 0; i < MG_R7_TOP; i++) {
    const color = MG_COLORS[(i + 3) % MG_COLORS.length];
    traces.push({ type: "scatter", mode: "lines", name: `linear ν = ${i + 1}`, legendgroup: `top${i}`, x: Ns, y: data.cells.map((c) => c.linear[i]), xaxis: "x2", yaxis: "y2", line: { color } });
    traces.push({ type: "scatter", mode: "markers", name: `MLP ν = ${i + 1}`, legendgroup: `top${i}`, x: Ns, y: data.cells.map((c) => c.nonlinear[i]), xaxis: "x2", yaxis: "y2", marker: { color, size: 9 } });
    traces.push({ type: "scatter", mode: "lines", showlegend: false, x: [Ns[0], Ns[Ns.length - 1]], y: [data.population[i], data.population[i]], xaxis: "x2", yaxis: "y2", line: { color, dash: "dash", width: 1 } });
    traces.push({ type: "scatter", mode: "lines", showlegend: false, legendgroup: `top${i}`, x: Ns, y: data.cells.map((c) => c.overlapLinear[i]), xaxis: "x3", yaxis: "y3", line: { color } });
    traces.push({ type: "scatter", mode: "markers", showlegend: false, legendgroup: `top${i}`, x: Ns, y: data.cells.map((c) => c.overlapNonlinear[i]), xaxis: "x3", yaxis: "y3", marker: { color, size: 9 } });
  }
  return {
    id: "MG-R7",
    data: traces,
    layout: {
      title: { text: `Nonlinear (MLP) vs linear DDPM on power-law data (d = ${d}, k = ${data.setting.k})` },
      width: 1150,
      height: 480,
      xaxis: { domain: [0, 0.34], type: "log", title: { text: "rank ν" } },
      yaxis: { type: "log", title: { text: "eigenvalue of the sample covariance" } },
      xaxis2: { domain: [0.42, 0.68], type: "log", title: { text: "N (top-3 eigenvalues; dashed: population)" }, anchor: "y2" },
      yaxis2: { anchor: "x2", type: "log", title: { text: "eigenvalue" } },
      xaxis3: { domain: [0.76, 1], type: "log", title: { text: "N" }, anchor: "y3" },
      yaxis3: { anchor: "x3", range: [0, 1.05], title: { text: "|⟨v_ν, e_ν⟩| with the data's top 3" } },
      legend: { orientation: "h", y: -0.22 },
    },
  };
}

/**
 * MG-C16 (spec §5; the test is [A]): for each N, the bulk eigenvalues (ranks 4 … min(N, d)) of the nonlinear
 * model's sample covariance follow the linear model's within a factor of 2; the top-3 overlaps are reported.
 */
export function mgR7Claims(data: MgR7Data): Claim[] {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
  return data.cells.map((c) =>
    checkClaim({
      id: "MG-C16",
      paper: "Merger & Goldt",
      statement: `Nonlinear and linear models behave alike in the bulk (N = ${c.N}): max over ranks ${c.bulk[0]}…${c.bulk[1]} of the factor between the MLP's and the linear model's sample-covariance eigenvalues ≤ 2`,
      measured: c.worstBulkFactor,
      expected: 2,
      comparison: "<=",
      note: `top-3 overlaps with the data's e₁..e₃: MLP ${f(c.overlapNonlinear)}, linear (= Ĉ's) ${f(c.overlapLinear)}; MLP vs linear ${f(c.overlapBetween)}; top-3 eigenvalues MLP ${f(c.nonlinear.slice(0, 3))}, linear ${f(c.linear.slice(0, 3))}, population ${f(data.population.slice(0, 3))}${c.N < data.setting.d ? `; MLP variance in Ĉ's null space ${c.nullSpaceVariance.toExponential(2)} per direction (linear: exactly 0; data: ${c.nullSpaceTarget.toExponential(2)})` : ""}; ${data.setting.replicates} replicate(s), ${data.setting.samples} samples`,
    }),
  );
}
