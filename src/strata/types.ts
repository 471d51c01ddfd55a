/** Result types of stratified, covariate and trend analyses. */
import type { EstimateWarning, Interval, ModelDescription } from "../types.js";

/** One stratum's estimate (a region, a sector, a year, or a combination). */
export interface StratumEstimate {
  /** The stratum's values, e.g. `{ region: "north" }` or `{ region: "north", year: "2019" }`. */
  readonly stratum: Readonly<Record<string, string>>;
  /** Estimated population of the stratum; null (with warnings) when it cannot be estimated. */
  readonly estimate: number | null;
  readonly observed: number;
  /** The stratum's dark figure; null with `estimate`. */
  readonly unobserved: number | null;
  /** Model fitted in this stratum (post-stratification) or the shared covariate model. */
  readonly model: ModelDescription | null;
  readonly intervals: readonly Interval[];
  readonly warnings: readonly EstimateWarning[];
}

/** The sum over strata. */
export interface StratifiedTotal {
  /** Sum of the stratum estimates; null when any stratum has none. */
  readonly estimate: number | null;
  readonly observed: number;
  readonly intervals: readonly Interval[];
  readonly warnings: readonly EstimateWarning[];
}

/** Estimates by stratum and their total. */
export interface StratifiedEstimate {
  /** `"post-stratified"`: each stratum fitted on its own; `"covariate"`: one model over all strata. */
  readonly method: "post-stratified" | "covariate";
  /** Stratum columns, in order. */
  readonly by: readonly string[];
  readonly strata: readonly StratumEstimate[];
  readonly total: StratifiedTotal;
  /** Covariate model only: the model over all strata with its fit statistics. */
  readonly model?: ModelDescription;
  readonly fit?: {
    readonly logLikelihood: number;
    readonly deviance: number;
    readonly df: number;
    readonly aic: number;
    readonly bic: number;
    readonly parameters: number;
  };
  readonly warnings: readonly EstimateWarning[];
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Estimates per ordered period, the changes between periods and a linear trend. */
export interface TrendEstimate {
  /** The period column, e.g. `"year"`. */
  readonly period: string;
  readonly periods: readonly {
    readonly period: string;
    readonly estimate: number | null;
    readonly observed: number;
    /** estimate / observed: how many people there are for each one seen. */
    readonly ratio: number | null;
    readonly intervals: readonly Interval[];
    readonly warnings: readonly EstimateWarning[];
  }[];
  /** Change from one period to another (each consecutive pair, and first to last). */
  readonly changes: readonly {
    readonly from: string;
    readonly to: string;
    readonly difference: number | null;
    readonly intervals: readonly Interval[];
  }[];
  /**
   * Least-squares slope of the estimates on the period: on its numeric value when every period is a
   * number (people per year), otherwise on its position (people per period step); see
   * `settings.slopeUnit`.
   */
  readonly slope: { readonly estimate: number | null; readonly intervals: readonly Interval[] };
  readonly warnings: readonly EstimateWarning[];
  readonly settings: Readonly<Record<string, unknown>>;
}
