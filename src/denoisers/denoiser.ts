/**
 * The denoiser vocabulary shared by every model: given a noisy point x = a·x₀ + s·ε of the forward process, predict
 * the clean point x₀. Working with (a, s²) instead of a time index keeps denoisers independent of the schedule.
 */

/** A clean-point predictor x̂₀(x; a, s²) in d dimensions. */
export interface Denoiser {
  /** dimension d */
  readonly dim: number;
  /**
   * x̂₀ for the noisy point `x` at signal scale `a` (0 < a ≤ 1) and noise variance `s2` (> 0).
   * Writes into `out` when given (length d) and returns it.
   */
  denoise(x: Float64Array, a: number, s2: number, out?: Float64Array): Float64Array;
}
