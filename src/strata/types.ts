/** Result types of stratified, covariate and trend analyses. */
import type { EstimateWarning, Interval, ModelDescription } from "../types.js";

/** One stratum's estimate (a region, a sector, a year, or a combination). */
export interface StratumEstimate {
  /** The stratum's values, e.g. `{ region: "north" }` or `{ region: "north", year: "2019" }`. */
  readonly stratum: Readonly<Record<string, string>>;
  /** Estimated population of the stratum; null (with warnings) when it cannot be estimated. */
  readonly estimate: number | null;
  /** People observed in the stratum. */
  readonly observed: number;
  /** The stratum's dark figure; null with `estimate`. */
  readonly unobserved: number | null;
  /** Model fitted in this stratum (post-stratification) or the shared covariate model. */
  readonly model: ModelDescription | null;
  /** Intervals of the stratum's estimate by the `ci` method; empty with `ci: "none"` or no estimate. */
  readonly intervals: readonly Interval[];
  /** The stratum's guards (`STRATUM_*`) and its estimate's warnings. */
  readonly warnings: readonly EstimateWarning[];
}

/** The sum over strata. */
export interface StratifiedTotal {
  /** Sum of the stratum estimates; null when any stratum has none. */
  readonly estimate: number | null;
  /** People observed over all strata. */
  readonly observed: number;
  /** Intervals of the total by the `ci` method; empty with `ci: "none"` or when there is no total. */
  readonly intervals: readonly Interval[];
  /** Warnings about the total, e.g. `STRATUM_NO_VALID_MODEL` when some stratum has no estimate. */
  readonly warnings: readonly EstimateWarning[];
}

/** Estimates by stratum and their total. */
export interface StratifiedEstimate {
  /** `"post-stratified"`: each stratum fitted on its own; `"covariate"`: one model over all strata. */
  readonly method: "post-stratified" | "covariate";
  /** Stratum columns, in order. */
  readonly by: readonly string[];
  /** One row per stratum, sorted by the stratum values. */
  readonly strata: readonly StratumEstimate[];
  /** The sum over strata. */
  readonly total: StratifiedTotal;
  /** Covariate model only: the model over all strata with its fit statistics. */
  readonly model?: ModelDescription;
  /** Covariate model only, when fitted: its goodness-of-fit statistics. */
  readonly fit?: {
    /** Poisson log-likelihood over the fitted cells of every stratum. */
    readonly logLikelihood: number;
    /** Poisson deviance over the fitted cells. */
    readonly deviance: number;
    /** Residual degrees of freedom: fitted cells minus fitted parameters. */
    readonly df: number;
    /** `2 · parameters − 2 · logLikelihood`. */
    readonly aic: number;
    /** `parameters · log(observed) − 2 · logLikelihood`. */
    readonly bic: number;
    /** Parameters of the covariate model (columns of its design). */
    readonly parameters: number;
  };
  /** Warnings about the analysis as a whole (the covariate model); per-stratum ones are in `strata`. */
  readonly warnings: readonly EstimateWarning[];
  /** Every option that shaped the result (columns, model or selection, `ci`, bootstrap seed and replicates, levels). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Estimates per ordered period, the changes between periods and a linear trend. */
export interface TrendEstimate {
  /** The period column, e.g. `"year"`. */
  readonly period: string;
  /** One row per period, in period order. */
  readonly periods: readonly {
    /** The period's value, e.g. `"2019"`. */
    readonly period: string;
    /** Estimated population in the period; null when it cannot be estimated. */
    readonly estimate: number | null;
    /** People observed in the period. */
    readonly observed: number;
    /** estimate / observed: how many people there are for each one seen. */
    readonly ratio: number | null;
    /** The model fitted in this period (chosen per period), or the shared covariate model; null when none could be fitted. */
    readonly model: ModelDescription | null;
    /** Intervals of the period's estimate by the `ci` method; empty with `ci: "none"` or no estimate. */
    readonly intervals: readonly Interval[];
    /** The period's guards (`STRATUM_*`) and its estimate's warnings. */
    readonly warnings: readonly EstimateWarning[];
  }[];
  /** Change from one period to another (each consecutive pair, and first to last). */
  readonly changes: readonly {
    /** The earlier period. */
    readonly from: string;
    /** The later period. */
    readonly to: string;
    /** Estimate of `to` minus estimate of `from`; null when some period has no estimate. */
    readonly difference: number | null;
    /** Bootstrap intervals of the difference; empty without a bootstrap `ci` or when some period has no estimate. */
    readonly intervals: readonly Interval[];
  }[];
  /**
   * Least-squares slope of the estimates on the period: on its numeric value when every period is a
   * number (people per year), otherwise on its position (people per period step); see
   * `settings.slopeUnit`.
   */
  readonly slope: {
    /** The slope; null when some period has no estimate or there is only one period. */
    readonly estimate: number | null;
    /** Bootstrap intervals of the slope; empty without a bootstrap `ci`. */
    readonly intervals: readonly Interval[];
  };
  /** Warnings about the trend as a whole, e.g. `STRATUM_NO_VALID_MODEL` when some period has no estimate. */
  readonly warnings: readonly EstimateWarning[];
  /** Every option that shaped the result, with `slopeUnit`, `ci` and (bootstrap) the seed and replicates. */
  readonly settings: Readonly<Record<string, unknown>>;
}
