export * from "./validate.js";
export * from "./rng.js";
export * from "./linalg.js";
export * from "./gaussian.js";
export * from "./montecarlo.js";
export * from "./parallel.js";
export * from "./fastnormal.js";
export * from "./pairwise.js";
