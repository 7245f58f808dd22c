/** Vastola, "Generalization through variance": one pure function per figure, plus its claims. */
export * from "./table.js";
export * from "./f1.js";
export * from "./s1.js";
export * from "./f2.js";
export * from "./f2-claims.js";
export * from "./s2.js";
export * from "./f3-metrics.js";
export * from "./f3.js";
export * from "./f3-cache.js";
export * from "./f3-claims.js";
export * from "./s2-claims.js";
