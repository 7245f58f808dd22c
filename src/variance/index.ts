/** Vastola's proxy-score variance: point-mass sets, posterior, scores, proxy-score covariance, samplers, metrics. */
export type { PointMassSet, VastolaFig1SetName } from "./pointmass.js";
export { pointMassSet, vastolaGapSet, vastolaFig1Set, vastolaSquareSet } from "./pointmass.js";
export type { ScheduleAt, PointMassPosterior } from "./posterior.js";
export { scheduleAt, pointMassPosterior, pointMassLogDensity } from "./posterior.js";
export type { ProxyScoreMap } from "./proxy.js";
export { proxyScore, pointMassScore, proxyScoreCovariance, scaleFreeRatio, proxyScoreMap, scoreJacobianFD, logDensityGradientFD } from "./proxy.js";
export type { EulerGrid, PointMassSamplerOptions, NaiveEstimatorOptions } from "./sampler.js";
export { vastolaEulerGrid, pointMassPfOde, naiveEstimatorSample } from "./sampler.js";
export type { Histogram1d, NearestPointStats } from "./metrics.js";
export { gridHistogram1d, pointMassDensity1d, gridMass, VASTOLA_GAP_INTERVALS, intervalsAround, nearestPointStats } from "./metrics.js";
export type { VKernelTimeNodes } from "./linear-vkernel-nodes.js";
export { vkernelTimeNodes, vkernelSpaceNodes } from "./linear-vkernel-nodes.js";
export type { LinearMomentsOptions, LinearModelMoments, LinearVKernelPrediction } from "./linear-vkernel.js";
export { linearModelMoments, linearVKernelPredict, linearFeatures1d } from "./linear-vkernel.js";
export type { LinearMomentCheck } from "./linear-vkernel-mc.js";
export { linearMomentsMonteCarlo } from "./linear-vkernel-mc.js";
