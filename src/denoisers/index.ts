export * from "./denoiser.js";
export * from "./empirical.js";
export * from "./gaussian.js";
export * from "./linear.js";
export * from "./linear-sampling.js";
export * from "./linear-kl.js";
export * from "./one-step.js";
export * from "./one-step-divergence.js";
