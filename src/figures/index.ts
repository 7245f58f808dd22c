export * from "./start-here.js";
