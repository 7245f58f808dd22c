/** Vastola's linear-in-features models: feature axes, weighted ridge training (primal and dual), separable denoiser tables, the official grid-lookup sampler. */
export type { FeatureAxis } from "./axis.js";
export { gaussianFeatureAxis, fourierFeatureAxis, evalFeatureAxis, featureAxisTable, FEATURE_FLUSH } from "./axis.js";
export { choleskySolveInPlace } from "./cholesky.js";
export type { LinearTrainingSet, LinearTrainingOptions, LinearDenoiser1d, RidgeSolver } from "./linear1d.js";
export { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserAt, linearDenoiserTable1d } from "./linear1d.js";
export { gridLookupIndex, eulerCoefficients, tabulatedPfOde1d, exactPfOde1d, pointMassMeanTable1d } from "./sampler.js";
export { FastNormalStream } from "./fastnormal.js";
export type { PiecewiseAffineMap } from "./pushforward.js";
export { tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts } from "./pushforward.js";
