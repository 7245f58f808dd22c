export * from "./power-law.js";
export * from "./mnist.js";
export * from "./random-field.js";
