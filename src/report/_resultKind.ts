/** Private: which kind of result a report is about. */
import type { PopulationEstimate } from "../estimate.js";
import type { EstimateWithInterval } from "../estimateWithInterval.js";
import type { StratifiedEstimate, TrendEstimate } from "../strata/types.js";

/** Anything {@link formatReport} renders. */
export type ReportResult = PopulationEstimate | EstimateWithInterval | StratifiedEstimate | TrendEstimate;

/** A result tagged with its kind. */
export type TaggedResult =
  | { readonly kind: "estimate"; readonly result: EstimateWithInterval }
  | { readonly kind: "strata"; readonly result: StratifiedEstimate }
  | { readonly kind: "trend"; readonly result: TrendEstimate };

/** Tell a trend (`periods`), a stratified estimate (`strata`) and a single estimate apart. */
export function tagResult(result: ReportResult): TaggedResult {
  if ("periods" in result && Array.isArray(result.periods)) return { kind: "trend", result: result as TrendEstimate };
  if ("strata" in result && Array.isArray(result.strata)) return { kind: "strata", result: result as StratifiedEstimate };
  return { kind: "estimate", result: result as EstimateWithInterval };
}
