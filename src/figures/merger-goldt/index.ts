export { mgSetting, describeSetting, mgFixedSet, type MgSwitches, type MgSetting } from "./common.js";
export { forEachNestedFit, type NestedFitOptions } from "./nested.js";
export * from "./kl-vs-n.js";
export * from "./loss-vs-n.js";
export * from "./gram.js";
export * from "./regularisation.js";
export * from "./mg-f1.js";
export * from "./mg-r7.js";
