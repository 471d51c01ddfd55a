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
  /** Counts spanning so many orders of magnitude that double precision limits a result (see the message). */
  | "ILL_CONDITIONED";

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
  /** The convergence rule the fit used, its tolerances, and how the iterations ended. */
  readonly convergence: Convergence;
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
