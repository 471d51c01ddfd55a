/**
 * Shared public types. Every result is a plain, readonly, JSON-serialisable object.
 */

/**
 * Capture data: how many people were seen on each combination of lists.
 *
 * A capture history is coded as a bit mask `h`: bit `j` (value `2 ** j`) is set when the person is on
 * list `lists[j]`. `counts[h - 1]` is the number of people with history `h`, for every observable
 * history `h = 1 … 2^t − 1` (zeros included). The all-zero history (nobody saw them) is the dark
 * figure and is never part of the data.
 */
export interface CaptureData {
  /** List names, in column order. At least 2. */
  readonly lists: readonly string[];
  /** Count for every observable capture history, indexed by `history − 1`; length `2^t − 1`. */
  readonly counts: readonly number[];
  /** Number of people observed on at least one list (the sum of `counts`). */
  readonly observed: number;
  /**
   * Rows of the source with the values of its columns other than the lists and the count (strata,
   * covariates), kept for stratified and covariate analyses. Absent when the source had none.
   */
  readonly records?: readonly CaptureRecord[];
  /** Names of the extra columns carried in `records`, in source order. */
  readonly covariates?: readonly string[];
}

/** One source row: its capture history, how many people it stands for, and its other columns. */
export interface CaptureRecord {
  /** Capture history as a bit mask (1 … 2^t − 1): bit `j` is set when the person is on list `lists[j]`. */
  readonly history: number;
  /** Number of people this row stands for. */
  readonly count: number;
  /** Values of the row's other columns (strata, covariates), by column name. */
  readonly values: Readonly<Record<string, string>>;
}

/** A confidence interval for the total population size. */
export interface Interval {
  /** How it was computed, e.g. `"lognormal"`, `"lincoln-petersen-wald"`, `"bca"`. */
  readonly method: string;
  /** Coverage probability, strictly between 0 and 1. */
  readonly level: number;
  /** Lower limit (in people, for a population estimate). */
  readonly lower: number;
  /** Upper limit (in people, for a population estimate). */
  readonly upper: number;
  /**
   * Present (true) when a limit was held at a bound of the search instead of being found (e.g. a
   * profile-likelihood limit still not reached at the search cap, or the lower limit held at the
   * observed count); a warning says which and why.
   */
  readonly truncated?: boolean;
}

/**
 * Interval methods: `bca` and `percentile` from the bootstrap (any family), `profile` (multinomial
 * profile likelihood), `lognormal` (log-scale Wald interval of the dark figure), `wald` (two-list
 * estimators), `posterior` (Bayesian families), `conditional` (random-effects models: from the
 * conditional variance of a stratum's log dark figure), `parametric-bootstrap` (random-effects
 * models: the bootstrap-t of the whole fit with fresh random effects), `none`.
 */
export type IntervalMethod =
  | "bca"
  | "percentile"
  | "profile"
  | "lognormal"
  | "wald"
  | "posterior"
  | "conditional"
  | "parametric-bootstrap"
  | "none";

/**
 * How bootstrap replicates are drawn: `"binomial"` (the number observed drawn from its binomial
 * given the estimate, n* ~ Binomial(N̂, n/N̂), then the n* people over the observed histories),
 * `"poisson"` (each history's count drawn from a Poisson with the observed count as mean),
 * `"nonparametric"` (the n observed people redrawn with n fixed, as the R packages do) or
 * `"parametric"` (the population drawn from the fitted model). See docs/methodology/bootstrap.md.
 */
export type ResamplingScheme = "binomial" | "poisson" | "nonparametric" | "parametric";

/** Settings every estimate records: how it was made. Families add their own. */
export interface EstimateSettings {
  /** The route that ran within the family, e.g. `"bic"` or `"stepwise"` (log-linear), `"chapman"`. */
  readonly method: string;
  /** Interval level(s), each strictly between 0 and 1. */
  readonly level: readonly number[];
  /** Version of prevalence that made the estimate. */
  readonly version: string;
  /** Set by `estimateWithInterval`: the interval method. */
  readonly ci?: IntervalMethod;
  /** Bootstrap intervals (or a family's own random draws): the seed of the random streams. */
  readonly seed?: number | string;
  /** Bootstrap intervals only: the number of replicates. */
  readonly replicates?: number;
  /** Bootstrap intervals only: the worker threads allowed (the numbers do not depend on it). */
  readonly threads?: number;
  /** Bootstrap intervals only: how the replicates were drawn. */
  readonly resampling?: ResamplingScheme;
}

/**
 * The core every population estimate shares, whatever family made it: reports, strata, trends and
 * the CLI read these fields and branch on `family`, never on the presence of other fields.
 */
export interface EstimateCore {
  /** Always `"estimate"`: one population estimate (strata and trends have their own kinds). */
  readonly kind: "estimate";
  /** The family that made it, e.g. `"loglinear"` (see `listFamilies`). */
  readonly family: string;
  /** Whether an estimate exists; when false, `estimate` is null and `warnings` say why. */
  readonly fitted: boolean;
  /** Estimated total population; null when none exists. */
  readonly estimate: number | null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** The dark figure (estimate − observed); null when there is no estimate. */
  readonly unobserved: number | null;
  /** Standard error of the estimate, where the family defines one. */
  readonly standardError?: number | null;
  /** The model behind the estimate, for families that fit one (null when none could be fitted). */
  readonly model?: ModelDescription | null;
  /** Intervals of the estimate (by `settings.ci`, or the family's own). */
  readonly intervals: readonly Interval[];
  /** Statistical trouble, as data. */
  readonly warnings: readonly EstimateWarning[];
  /** How the estimate was made. */
  readonly settings: EstimateSettings;
}

/** Statistical trouble returned as data. `code` is stable; `message` is for people. */
export interface EstimateWarning {
  /** Stable code, safe to branch on. */
  readonly code: WarningCode;
  /** Explanation for people; its wording may change. */
  readonly message: string;
}

/** Stable warning codes. */
export type WarningCode =
  | "MLE_DOES_NOT_EXIST"
  | "NOT_IDENTIFIABLE"
  | "NOT_CONVERGED"
  | "NO_VALID_MODEL"
  | "BOUNDARY_PARAMETERS"
  | "NO_OVERLAP"
  | "NONINFORMATIVE_LIST"
  | "PROFILE_UNBOUNDED"
  | "PROFILE_NOT_CONVERGED"
  | "BOOTSTRAP_INVALID_REPLICATES"
  | "BCA_DEGENERATE"
  | "JACKKNIFE_FAILED"
  | "STRATUM_TOO_FEW_LISTS"
  | "STRATUM_NO_OVERLAP"
  | "STRATUM_NO_VALID_MODEL"
  | "STRATUM_EMPTY"
  /**
   * MCMC: the chains disagree or convergence cannot be shown (LCMCR: split R-hat above 1.01 on N or the
   * log-likelihood, or a single chain; dga's chain over graphs and bayesthresh: split R-hat above 1.05
   * or too few effective draws).
   */
  | "MCMC_NOT_CONVERGED"
  /** MCMC: bulk or tail effective sample size below 100 per chain. */
  | "MCMC_LOW_ESS"
  /** MCMC: chains disagree or the pooled posterior of N has separated modes. */
  | "MCMC_MULTIMODAL"
  /** Latent-class model: every class is occupied in many draws; the truncation may bind. */
  | "LATENT_CLASSES_SATURATED"
  /** Bayesian model: the population size ran off to a cap; the posterior is not usable. */
  | "POSTERIOR_UNBOUNDED"
  /** Rcapture's "the asymptotic bias is large": |bias of exp(intercept)| above a tenth of the estimate. */
  | "LARGE_ASYMPTOTIC_BIAS"
  /** Some fitted cell means are numerically zero (R's "fitted rates numerically 0 occurred"). */
  | "FITTED_RATES_ZERO"
  /** Chao's lower-bound model: negative eta parameters were set to zero (the non-negativity constraint). */
  | "HETEROGENEITY_CONSTRAINED"
  /** The model's formula gives a population below the number observed: no estimate is reported. */
  | "ESTIMATE_BELOW_OBSERVED"
  /** The requested estimator is not defined for this model or these data (e.g. bias correction of Mth Gamma). */
  | "NOT_AVAILABLE"
  /** Sample coverage is low: the coverage estimator is unreliable (Chao & Tsay 1998). */
  | "LOW_SAMPLE_COVERAGE"
  /** Nobody was seen exactly twice (or once): the moment estimator is not defined or is bias-corrected. */
  | "NO_DOUBLETONS"
  /** Counts spanning so many orders of magnitude that double precision limits a result (see the message). */
  | "ILL_CONDITIONED"
  /** A route of a comparison or review threw: no estimate. */
  | "METHOD_FAILED"
  /** A route gave an estimate but its interval could not be computed. */
  | "INTERVAL_UNAVAILABLE"
  /** Omitting a list moved the estimate by more than its interval's width. */
  | "LIST_SENSITIVE"
  /** Too few people to estimate (internal consistency: a reference list with few members on other lists). */
  | "TOO_FEW_OBSERVED"
  /** A posterior grid chosen automatically stopped at its cap with more than the target mass beyond it. */
  | "GRID_CAPPED"
  /** A posterior grid given by the user leaves out more than the target posterior mass. */
  | "GRID_TRUNCATED"
  /** The posterior of N is improper under the chosen prior; results are normalised over the grid. */
  | "IMPROPER_POSTERIOR"
  /** A random-effects model's variance component is estimated at zero (a boundary, "singular" fit). */
  | "RANDOM_EFFECT_VARIANCE_ZERO"
  /** Too few strata for a random-effects model's variance components to be well determined. */
  | "FEW_STRATA"
  /** Record linkage: the EM algorithm stopped before converging. */
  | "LINKAGE_EM_NOT_CONVERGED"
  /** Record linkage: no pair of records was linked. */
  | "LINKAGE_NO_LINKS"
  /** Record linkage: a cluster holds many more records than lists (links may chain different people). */
  | "LINKAGE_LARGE_CLUSTER"
  /** Record linkage: a person's records disagree on a covariate (the majority value is kept). */
  | "LINKAGE_COVARIATE_CONFLICT"
  /** Record linkage: unreadable dates were read as missing (`invalidDates: "missing"`). */
  | "LINKAGE_INVALID_DATES"
  /** Linkage uncertainty: sensitivity thresholds below the probability floor were left out. */
  | "LINKAGE_THRESHOLD_BELOW_FLOOR"
  /** Linkage uncertainty: some linkage draws had no estimate and were left out of the interval. */
  | "LINKAGE_DRAWS_WITHOUT_ESTIMATE"
  /** Linkage uncertainty: every link is certain (deterministic linkage), so the interval carries no linkage error. */
  | "LINKAGE_NO_UNCERTAINTY";

/** Existence/identifiability status as in MultipleSystemsEstimation's `check_extended_MLE`. */
export type CheckStatus = 0 | 1 | 2 | 3;

/** A log-linear model named by its list names. */
export interface ModelDescription {
  /** Readable name, e.g. `"[LA:NG, NG:GP, GO]"`: the generators, lone main effects included. */
  readonly name: string;
  /** Interaction generators as list names joined by `:`; main effects implied. */
  readonly terms: readonly string[];
  /** The same model in the R packages' digit notation, e.g. `"[12,23,4]"` (lists numbered from 1). */
  readonly hierarchy: string;
}

/** One coefficient of a fitted log-linear model. */
export interface Coefficient {
  /** `"(Intercept)"`, a list name, or list names joined by `:`. */
  readonly term: string;
  /**
   * True when the term's sufficient statistic is zero: its extended MLE is −∞ and it was removed
   * with the cells it covers (Chan, Silverman & Vincent 2021). `estimate` and `standardError` are
   * then `null`, never a number.
   */
  readonly boundary: boolean;
  /** Estimated coefficient on the log scale; `null` when `boundary`. */
  readonly estimate: number | null;
  /** Standard error of `estimate`; `null` when `boundary`. */
  readonly standardError: number | null;
}

/** Goodness-of-fit statistics of a fitted model. */
export interface FitStatistics {
  /** Poisson log-likelihood over the fitted cells, constants included (`Σ y log μ − μ − log y!`). */
  readonly logLikelihood: number;
  /** Poisson deviance over the fitted cells. */
  readonly deviance: number;
  /** Residual degrees of freedom: fitted cells minus fitted parameters. */
  readonly df: number;
  /** Number of parameters in the hierarchical model, the intercept and the −∞ ones included. */
  readonly parameters: number;
  /** `2 · parameters − 2 · logLikelihood`. */
  readonly aic: number;
  /** `parameters · log(observed) − 2 · logLikelihood` (MultipleSystemsEstimation's convention). */
  readonly bic: number;
  /** Whether the Newton iterations converged (a `NOT_CONVERGED` warning says when not). */
  readonly converged: boolean;
  /** Newton iterations performed. */
  readonly iterations: number;
  /**
   * The convergence rule the fit used, its tolerances, and how the iterations ended: recorded by
   * every fit of the library's Newton engine (log-linear models); absent for families fitted
   * otherwise.
   */
  readonly convergence?: Convergence;
}

/** The convergence rule of a Newton fit and how it ended (recorded as statsmodels records its fit settings). */
export interface Convergence {
  /**
   * `"newton-decrement"` (the library's rule): after a full Newton step, the decrement gᵀH⁻¹g is
   * below `tolerance` × (|deviance| + 0.1) and the coefficients have stopped moving (the largest
   * change, or the next change predicted from quadratic convergence, is below `stepTolerance`).
   * `"glm-deviance"`: R's `glm.fit` rule, |D − D_old| / (|D| + 0.1) < `tolerance`, for validation.
   */
  readonly rule: "newton-decrement" | "glm-deviance";
  /** The rule's tolerance (1e-10 for `"newton-decrement"`, 1e-8 for `"glm-deviance"`). */
  readonly tolerance: number;
  /** `"newton-decrement"` only: the bound on the coefficients' (predicted) change, 1e-9. */
  readonly stepTolerance?: number;
  /** Iterations performed, the start counting as one (as in R). */
  readonly iterations: number;
  /** The iteration limit. */
  readonly maxIterations: number;
  /** Whether the rule was met within the limit. */
  readonly converged: boolean;
}

/** Existence and identifiability diagnostics of a model on a dataset. */
export interface ModelDiagnostics {
  /** 0 fine, 1 no extended MLE, 2 not identifiable, 3 both. */
  readonly status: CheckStatus;
  /** Whether the extended MLE exists (false for status 1 and 3). */
  readonly mleExists: boolean;
  /** Whether the parameters are identifiable on the fitted cells (false for status 2 and 3). */
  readonly identifiable: boolean;
  /** Model terms whose sufficient statistic is zero (nobody on all those lists). */
  readonly emptyOverlaps: readonly string[];
}

/** A posterior quantile of the population N (Bayesian families). */
export interface PosteriorQuantile {
  /** The probability q. */
  readonly probability: number;
  /** The quantile: the N whose posterior distribution function reaches q (by the family's rule). */
  readonly value: number;
}
