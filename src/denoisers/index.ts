export * from "./denoiser.js";
export * from "./empirical.js";
export * from "./gaussian.js";
export * from "./linear.js";
export * from "./linear-sampling.js";
export * from "./linear-kl.js";
