/** difftheory: memorization and generalization in diffusion models, from three theory papers. */
export * from "./core/index.js";
export * from "./diffusion/index.js";
