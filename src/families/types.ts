/**
 * The estimator registry's contract: what a family of estimators provides so that `estimate`,
 * `estimateWithInterval`, the bootstrap and jackknife, post-stratification, trends, reports and the
 * CLI serve it without knowing it.
 *
 * A family turns options into a plain, serialisable *spec* (the procedure: which model, which
 * selection rule, which prior), estimates from a spec, and builds from the same spec a *replicate
 * estimator* that re-runs the whole procedure on resampled counts. Worker threads receive only the
 * family's name and the spec, and rebuild the replicate estimator themselves.
 */
import type { CaptureData, EstimateCore, EstimateWarning, Interval, ModelDescription } from "../types.js";
import type { StratifiedEstimate } from "../strata/types.js";

/** What every family's `estimate` receives besides the data and the spec. */
export interface EstimateContext {
  /** Interval level(s), validated: each strictly between 0 and 1. */
  readonly levels: readonly number[];
}

/** Which bootstrap item a replicate estimate is for: families that draw random numbers seed a stream from it. */
export interface ReplicateContext {
  /** Item index: bootstrap replicate b (0 … B − 1), then the jackknife deletions. */
  readonly item: number;
  /** The job's seed (as a string). A family's own draws use `randomStream(seed, "estimator", item)`. */
  readonly seed: string;
}

/**
 * Re-runs a family's whole procedure (model checks and selection included) on resampled counts.
 * Built from a plain spec, in whichever thread runs the items.
 */
export interface ReplicateEstimator {
  /**
   * Statistics written per item: 1 for a table family (its estimate); a log-linear top-k search
   * writes k (row k − 1: selection among the best k models); a stratified family writes one per
   * stratum.
   */
  readonly rows: number;
  /** When row k is the procedure restricted to nested model sets (log-linear top-k): the model row k adds. */
  readonly rowModels?: readonly ModelDescription[];
  /**
   * Write `rows` estimates for the cell counts `counts` into `out` from `offset`; NaN where no
   * estimate exists. `counts` holds every stratum's 2^t − 1 observable cells in turn (one stratum
   * for a table family), histories in mask order.
   */
  estimate(counts: Float64Array, out: Float64Array, offset: number, context: ReplicateContext): void;
}

/** The fitted model of one stratum as a population to draw parametric bootstrap tables from. */
export interface ParametricModel {
  /** Population to draw (the estimate, rounded). */
  readonly population: number;
  /** Probability of every cell 0 … 2^t − 1 (cell 0 is the unobserved one); they sum to 1. */
  readonly probabilities: readonly number[];
}

/** An interval a family computes itself (not by bootstrap), e.g. a profile likelihood or a posterior. */
export interface FamilyIntervals {
  /** The intervals, one per level. */
  readonly intervals: readonly Interval[];
  /** Warnings raised while computing them. */
  readonly warnings: readonly EstimateWarning[];
  /** Details to attach to the result as `uncertainty` (plain data). */
  readonly uncertainty?: { readonly method: "profile"; readonly profileEstimate: number | null };
}

/** One estimation route of a comparison (`compareMethods`): a family and the options that make the route. */
export interface ComparisonRoute {
  /** The name the comparison shows, e.g. `"stepwise"`, `"bic"`, `"Mt"`, `"Mh Chao (LB)"`, `"dga"`. */
  readonly method: string;
  /** The registered family that runs it. */
  readonly family: string;
  /** Options handed to `estimateWithInterval` with `method: family` (and, for families registered at run time, as `familyOptions`). */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * The interval this route gives by default: `"bootstrap"` (BCa or percentile with the whole
   * procedure re-run in every replicate, the comparison's `ci`), or one of the family's own
   * (e.g. `"posterior"`, `"profile"`).
   */
  readonly interval?: "bootstrap" | "profile" | "lognormal" | "wald" | "posterior";
}

/** What every family provides. */
interface FamilyBase<Spec> {
  /** Registry key and the value of results' `family`, e.g. `"loglinear"`. */
  readonly name: string;
  /** For people, e.g. `"Log-linear model"`. */
  readonly title: string;
  /**
   * Re-run the procedure on resampled counts: built from the plain spec and the original data, in
   * any thread. Throw an {@link OptionError} when the procedure cannot be bootstrapped on `data`.
   */
  replicates(spec: Spec, data: CaptureData): ReplicateEstimator;
  /**
   * A module that registers this family when imported (an absolute file URL or package name), for
   * families registered at run time: worker threads import it before rebuilding the estimator.
   * Without it such a family's bootstrap runs in the calling thread. Built-in families need none.
   */
  readonly workerModule?: string;
  /**
   * The routes `compareMethods` runs for this family on `data` (e.g. one per named model). Absent:
   * the routes kept for the family's name in src/review/comparisonRoutes.ts, else one route with
   * the family's defaults.
   */
  comparisonRoutes?(data: CaptureData): readonly ComparisonRoute[];
}

/** A family that estimates one capture table: one population, one estimate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface TableFamily<Spec = any, Result extends EstimateCore = EstimateCore, Options = any>
  extends FamilyBase<Spec> {
  /** One table in, one estimate out. */
  readonly scope: "table";
  /** Validate the options that concern this family and return its plain, serialisable spec. */
  spec(data: CaptureData, options: Options): Spec;
  /** The point estimate, with the family's own intervals at `context.levels` (or none). */
  estimate(data: CaptureData, spec: Spec, context: EstimateContext): Result;
  /** Intervals the family computes itself, by `ci` method name (besides the bootstrap's bca/percentile). */
  readonly intervals?: Readonly<Record<string, (data: CaptureData, result: Result, context: EstimateContext) => Promise<FamilyIntervals> | FamilyIntervals>>;
  /** The `ci` method of the intervals `estimate` already returns (e.g. `"lognormal"`), if any. */
  readonly pointIntervals?: string;
  /** The fitted model as a population to draw parametric bootstrap tables from (absent: only nonparametric). */
  parametric?(result: Result, data: CaptureData, spec: Spec): ParametricModel | undefined;
  /**
   * Standard error of log(dark figure), for log-normal intervals of a post-stratified total
   * (independent strata); null or absent when the family has none.
   */
  logUnobservedStandardError?(result: Result): number | null;
  /**
   * Bayesian families: the posterior of a post-stratified total from the strata's own posteriors
   * (independent strata), for `ci: "posterior"` — draws summed draw by draw, or grids convolved.
   */
  readonly posteriorTotal?: PosteriorTotal<Result>;
}

/** How a Bayesian family sums the posteriors of independent strata. */
export interface PosteriorTotal<Result> {
  /** Options merged into the family's options so that each stratum's result keeps what `sum` needs (its draws, its grid). */
  readonly keep: Readonly<Record<string, unknown>>;
  /** The total's posterior median and equal-tailed intervals (`method: "posterior"`) from the strata's results. */
  sum(results: readonly Result[], context: EstimateContext): PosteriorTotalSummary;
}

/** The posterior of a post-stratified total. */
export interface PosteriorTotalSummary {
  /** Posterior median of the total. */
  readonly estimate: number;
  /** Equal-tailed posterior intervals of the total, one per level. */
  readonly intervals: readonly Interval[];
  /** Warnings about the strata's posteriors that concern the total (e.g. capped grids). */
  readonly warnings: readonly EstimateWarning[];
}

/** Options every stratified family receives: the stratum columns. */
export interface StratifiedSpec {
  /** Stratum columns; the strata are those of `splitStrata(data, by)`, in its order. */
  readonly by: readonly string[];
}

/** A family that fits all strata of a table at once (covariate and random-effects models). */
export interface StratifiedFamily<
  Spec extends StratifiedSpec = StratifiedSpec,
  Result extends StratifiedEstimate = StratifiedEstimate,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Options = any,
> extends FamilyBase<Spec> {
  /** The strata of one table in, an estimate per stratum and their total out. */
  readonly scope: "stratified";
  /** Validate the options (with the stratum columns `by`) and return the plain spec. */
  spec(data: CaptureData, options: Options & { readonly by: readonly string[] }): Spec;
  /** Per-stratum estimates and the total, with the family's own intervals (or none). */
  estimate(data: CaptureData, spec: Spec, context: EstimateContext): Result;
  /** The `ci` method of the intervals `estimate` already returns (e.g. `"lognormal"`), if any. */
  readonly pointIntervals?: string;
  /** Each stratum's fitted model as a population for parametric bootstrap tables, in stratum order. */
  parametric?(result: Result, data: CaptureData, spec: Spec): readonly ParametricModel[] | undefined;
}

/** Any registered family. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EstimatorFamily = TableFamily<any, any, any> | StratifiedFamily<any, any, any>;
