export * from "./denoiser.js";
export * from "./empirical.js";
export * from "./gaussian.js";
