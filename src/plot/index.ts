export * from "./figure.js";
export * from "./render.js";
export * from "./show.js";
