export * from "./nearest.js";
export * from "./logsumexp.js";
export * from "./spectral-gaussian.js";
export * from "./kernel.js";
export * from "./overlap.js";
export * from "./relative.js";
export * from "./transition.js";
