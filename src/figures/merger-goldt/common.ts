/** Shared pieces of the Merger & Goldt figures: the [A] switches, the fixed small data sets, plot helpers. */
import { rng } from "../../core/rng.js";
import { requireInteger } from "../../core/validate.js";
import { ddpmSchedule, type DdpmSchedule } from "../../diffusion/ddpm.js";
import type { ReverseVariance } from "../../diffusion/ancestral.js";
import { powerLawSpectrum, sampleDiagonalGaussian, type TraceNormalization } from "../../data/power-law.js";
import type { Matrix } from "ml-matrix";

/** The [A] switches of the Merger & Goldt spec, with the spec's defaults. */
export interface MgSwitches {
  /** T, default 1000 [A] */
  T?: number;
  /** σ_t² of the reverse step, default "beta" (σ₁ = 0 always) [A] */
  variance?: ReverseVariance;
  /** Tr Σ, default "d" [A] */
  trace?: TraceNormalization;
  /** KL direction, default "forward" [A]; KL is total, reported per dimension as KL/d */
  direction?: "forward" | "reverse";
}

/** Resolved switches plus the schedule. */
export interface MgSetting {
  T: number;
  variance: ReverseVariance;
  trace: TraceNormalization;
  direction: "forward" | "reverse";
  schedule: DdpmSchedule;
}

/** Applies the defaults and builds the schedule (β_t = 1e−4 + (1e−2 − 1e−4) t/T). */
export function mgSetting(p: MgSwitches = {}): MgSetting {
  const T = requireInteger("T", p.T ?? 1000, 1, 1e6);
  return { T, variance: p.variance ?? "beta", trace: p.trace ?? "d", direction: p.direction ?? "forward", schedule: ddpmSchedule({ T }) };
}

/** A sentence stating the switches used, for the notebooks. */
export function describeSetting(s: MgSetting): string {
  return `T = ${s.T}, β_t = 1e-4 + (1e-2 − 1e-4)·t/T, σ_t² = ${s.variance === "beta" ? "β_t" : "β̃_t"} (σ₁ = 0), Tr Σ = ${s.trace === "d" ? "d" : s.trace === "one" ? "1" : s.trace}, KL direction ${s.direction} (total KL, shown per dimension), uniform weighting over t, one independent W_t per step`;
}

/**
 * The fixed small data sets of the spec's exact tests (§7 "Reproducible tests"): d = 8, k = 1, Tr Σ = d, N = 12
 * (or 5) points of N(0, diag(λ)), drawn from the seeded stream rng(2505).fork("mg-fixed").fork(N). The same on every
 * machine, bit for bit.
 */
export function mgFixedSet(N: 12 | 5 | number = 12): { X: Matrix; variances: Float64Array } {
  requireInteger("N", N, 1, 1000);
  const variances = powerLawSpectrum(8, 1);
  return { X: sampleDiagonalGaussian(variances, N, rng(2505).fork("mg-fixed").fork(N)), variances };
}

/** A log-spaced grid of `n` values from 10^a to 10^b. */
export function logGrid(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));
}

export const MG_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
