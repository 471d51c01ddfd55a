/** Result types of stratified, covariate and trend analyses. */
import type { EstimateWarning, Interval, IntervalMethod, ModelDescription, ResamplingScheme } from "../types.js";

/** Interval methods for stratified and trend analyses. */
export type StratifiedIntervalMethod = Extract<
  IntervalMethod,
  "bca" | "percentile" | "lognormal" | "posterior" | "conditional" | "parametric-bootstrap" | "none"
>;

/** Everything that shaped a stratified or trend analysis. */
export interface StratifiedSettings {
  /** Stratum columns (trends: the period column). */
  readonly by?: readonly string[];
  /** Trends: the period column. */
  readonly period?: string;
  /** The family behind the estimates: post-stratification's per-stratum family, or the stratified family. */
  readonly family?: string;
  /** Trends: `"post-stratified"` or the stratified family's method. */
  readonly method?: string;
  /** Post-stratification with a fixed model, or the covariate model's name. */
  readonly model?: unknown;
  /** Post-stratification: the selection rule re-run in every stratum. */
  readonly select?: string;
  /** Covariate model: its covariate columns. */
  readonly covariates?: readonly string[];
  /** Covariate model chosen rather than given: the criterion that chose its covariate terms. */
  readonly chosenBy?: string;
  /** Trends with a covariate model: its terms as given. */
  readonly covariateModel?: unknown;
  /** The interval method. */
  readonly ci?: StratifiedIntervalMethod;
  /** Bootstrap: the seed of the random streams. */
  readonly seed?: number | string;
  /** Bootstrap: the number of replicates. */
  readonly replicates?: number;
  /** Bootstrap: how replicates were drawn. */
  readonly resampling?: ResamplingScheme;
  /** Trends: the unit of the slope. */
  readonly slopeUnit?: string;
  /** Interval level(s). */
  readonly level: readonly number[];
  /** Version of prevalence that made the result (absent on a bare covariate fit). */
  readonly version?: string;
}

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
  /**
   * Sum of the stratum estimates; with `ci: "posterior"` (a Bayesian family), the median of the
   * posterior of the sum (the strata's posteriors combined). Null when any stratum has none.
   */
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
  /** Always `"strata"`: estimates by stratum and their total. */
  readonly kind: "strata";
  /**
   * The family that made the estimates: with post-stratification the family applied stratum by
   * stratum (e.g. `"loglinear"`), otherwise the stratified family (e.g. `"covariate"`).
   */
  readonly family: string;
  /** `"post-stratified"`: each stratum fitted on its own; otherwise the stratified family's name (`"covariate"`: one model over all strata). */
  readonly method: string;
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
  readonly settings: StratifiedSettings;
}

/** Estimates per ordered period, the changes between periods and a linear trend. */
export interface TrendEstimate {
  /** Always `"trend"`: estimates per period, changes and slope. */
  readonly kind: "trend";
  /** The family behind the period estimates (see {@link StratifiedEstimate.family}). */
  readonly family: string;
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
    /** The period's dark figure; null with `estimate`. */
    readonly unobserved: number | null;
    /** The model of the period's estimate (its own, or the shared covariate model); null without an estimate. */
    readonly model: ModelDescription | null;
    /** estimate / observed: how many people there are for each one seen. */
    readonly ratio: number | null;
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
  readonly settings: StratifiedSettings;
}
