/**
 * Private: the bootstrap's entry points, gathered in one module that estimateWithInterval imports
 * only when an interval is bootstrapped (a point estimate then loads none of it).
 */
export { bootstrapFromPoint } from "./_bootstrapFromPoint.js";
export { bootstrapSettings } from "./_runBootstrap.js";
