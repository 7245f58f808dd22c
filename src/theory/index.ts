export * from "./wishart.js";
export * from "./replica.js";
