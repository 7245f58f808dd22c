/** difftheory: memorization and generalization in diffusion models, from three theory papers. */
export * from "./core/index.js";
export * from "./diffusion/index.js";
export * from "./denoisers/index.js";
export * from "./memorization/index.js";
export * from "./plot/index.js";
export * from "./notebook/display.js";
export * from "./claims.js";
export * from "./figures/index.js";
export * from "./variance/index.js";
export * from "./data/index.js";
export * from "./theory/index.js";
export * from "./features/index.js";
export * from "./nn/index.js";
