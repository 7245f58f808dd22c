export * from "./start-here.js";
export * from "./merger-goldt/index.js";
export * from "./vastola/index.js";
export * from "./halder/index.js";
