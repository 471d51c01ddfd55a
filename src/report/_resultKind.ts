/** Private: what a report renders. Results carry their `kind` (and estimates their `family`): reports branch on those. */
import type { EstimateCore } from "../types.js";
import type { IntervalExtras } from "../estimateWithInterval.js";
import type { LoglinearEstimate } from "../models/loglinear/types.js";
import type { StratifiedEstimate, TrendEstimate } from "../strata/types.js";
import type { ReviewResult } from "./_reviewDocuments.js";

/** One estimate of any family, with what `estimateWithInterval` adds. */
export type EstimateResult = EstimateCore & IntervalExtras;

/**
 * Anything {@link formatReport} renders: an estimate of any family, a stratified estimate, a trend,
 * or a result of the reviewer's tools (comparison, list sensitivity, internal consistency, study).
 */
export type ReportResult = EstimateResult | StratifiedEstimate | TrendEstimate | ReviewResult;

/** Whether an estimate was made by the log-linear family (its model, fit and selection can be shown). */
export function isLoglinear(result: EstimateResult): result is LoglinearEstimate & IntervalExtras {
  return result.family === "loglinear";
}
