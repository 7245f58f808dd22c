/** Vastola's linear-in-features models: feature axes, weighted ridge training (primal and dual), separable denoiser tables, the official grid-lookup sampler. */
export type { FeatureAxis } from "./axis.js";
export { gaussianFeatureAxis, fourierFeatureAxis, evalFeatureAxis, featureAxisTable, FEATURE_FLUSH } from "./axis.js";
export { choleskyFactorInPlace, choleskySubstituteInPlace, choleskySolveInPlace } from "./cholesky.js";
export type { LinearTrainingSet, LinearTrainingOptions, LinearDenoiser1d, RidgeSolver } from "./linear1d.js";
export { drawLinearTrainingSet, fitLinearDenoiser1d, linearDenoiserAt, linearDenoiserTable1d } from "./linear1d.js";
export { gridLookupIndex, eulerCoefficients, tabulatedPfOde1d, exactPfOde1d, pointMassMeanTable1d } from "./sampler.js";
export type { PiecewiseAffineMap } from "./pushforward.js";
export { tabulatedPfOdeMap1d, pushforwardBinMasses, multinomialCounts } from "./pushforward.js";
export type { LinearTrainingSet2d, LinearTrainingOptions2d, LinearDenoiser2d } from "./linear2d.js";
export { drawLinearTrainingSet2d, fitLinearDenoiser2d, linearDenoiserAt2d, linearDenoiserTable2d } from "./linear2d.js";
export { tabulatedPfOde2d, exactPfOde2d } from "./sampler2d.js";
export type { Histogram2d } from "./histogram2d.js";
export { histogramEdges2d, histogram2dInto, gridHistogram2d, jointProbabilities2d, columnNormalized2d } from "./histogram2d.js";
