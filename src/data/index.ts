export * from "./power-law.js";
