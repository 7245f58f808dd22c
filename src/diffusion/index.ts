/** Noise schedules in one vocabulary: x_t = α_t x_0 + σ_t ε (continuous VP, linear-variance, OU; discrete DDPM). */
export type { ScheduleKind, ContinuousSchedule, ScheduleTable } from "./continuous.js";
export { tabulate } from "./continuous.js";
export type { VpOptions, VpSchedule } from "./vp.js";
export { vpSchedule } from "./vp.js";
export type { LinearVarianceSchedule } from "./linear-variance.js";
export { linearVarianceSchedule } from "./linear-variance.js";
export type { OuOptions, OuSchedule, OuForwardMapOptions, OuForwardMap } from "./ou.js";
export { ouSchedule, ouForwardMap } from "./ou.js";
export type { DdpmIndexing, DdpmOptions, DdpmSchedule } from "./ddpm.js";
export { ddpmSchedule, DDPM_MAX_STEPS } from "./ddpm.js";
export type { VpParameters, VpToDdpmOptions } from "./conversions.js";
export { vpFromSong, toSongVp, ouAsVp, ddpmToVp, vpToDdpm, equivalentTime, ddpmStepTime } from "./conversions.js";
export type { ReverseVariance, AncestralOptions } from "./ancestral.js";
export { sampleAncestral } from "./ancestral.js";
