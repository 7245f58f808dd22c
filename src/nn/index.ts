/** Nonlinear (MLP) DDPM denoisers on TensorFlow.js: training with Adam, restoring from cached weights, batched sampling. */
export type { TfBackendName } from "./backend.js";
export { useTfBackend, tfTensorCount } from "./backend.js";
export type { MlpDenoiserSpec, MlpWeights } from "./spec.js";
export { sinusoidalTimeTable, mlpLayerShapes, mlpWeightsHash } from "./spec.js";
export type { TrainedMlpDenoiser } from "./model.js";
export { restoreMlpDenoiser } from "./model.js";
export type { DdpmTrainingOptions } from "./train.js";
export { trainMlpDenoiser } from "./train.js";
export { sampleMlpDenoiser, mlpAsDenoiser } from "./sample.js";
