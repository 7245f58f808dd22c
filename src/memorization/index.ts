export * from "./nearest.js";
