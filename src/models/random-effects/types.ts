/** Result types of the random-effects (mixed) log-linear family. */
import type { Coefficient, EstimateWarning, Interval, ModelDescription } from "../../types.js";
import type { StratifiedTotal, StratumEstimate } from "../../strata/types.js";
import type { RandomEffectsStructure, RandomEffectsTerms } from "./_problem.js";

export type { RandomEffectsStructure, RandomEffectsTerms };

/** Interval methods of the random-effects family. */
export type RandomEffectsIntervalMethod = "bootstrap" | "conditional" | "none";

/** One stratum's estimate under the random-effects model. */
export interface RandomEffectsStratumEstimate extends StratumEstimate {
  /**
   * Conditional modes of the stratum's random effects on the log scale (b = θ·ũ), by component
   * name: `"(Intercept)"` and, with random lists, each list. For a random walk the intercept is the
   * period's level relative to the first period.
   */
  readonly randomEffects: Readonly<Record<string, number>>;
  /**
   * The log of the stratum's expected dark figure, η = fixed intercept + the stratum's intercept
   * mode (the unobserved cell has every list indicator 0), and its conditional standard error:
   * the square root of the conditional variance of η given the data at the estimated variance
   * components (fixed-effect uncertainty included, variance-component uncertainty not).
   */
  readonly logUnobserved: { readonly estimate: number; readonly standardError: number };
}

/** Fit statistics of a random-effects model (Laplace approximation). */
export interface RandomEffectsFitStatistics {
  /** Laplace approximation to the marginal log-likelihood, constants included (lme4's `logLik`). */
  readonly logLikelihood: number;
  /** −2 · logLikelihood. */
  readonly deviance: number;
  /** Fixed effects plus variance components. */
  readonly parameters: number;
  /** Cells fitted (observable histories × strata, zeros included; fewer when a term is at −∞). */
  readonly cells: number;
  /** cells − parameters. */
  readonly df: number;
  /** `2 · parameters − 2 · logLikelihood` (as lme4). */
  readonly aic: number;
  /**
   * `parameters · log(observed) − 2 · logLikelihood`: the project's convention (MultipleSystemsEstimation's
   * penalty, log of the people observed). lme4's BIC uses log(cells) instead: `bicCells`.
   */
  readonly bic: number;
  /** `parameters · log(cells) − 2 · logLikelihood`, lme4's BIC. */
  readonly bicCells: number;
  /** Whether Newton's method converged. */
  readonly converged: boolean;
  /** Newton iterations over (β, θ). */
  readonly iterations: number;
  /** Variance components estimated at zero (lme4's "singular fit"). */
  readonly singular: readonly string[];
  /** How the fixed effects' standard errors were computed: `"hessian"` (as lme4's `use.hessian = TRUE`) or `"conditional"`. */
  readonly standardErrors: "hessian" | "conditional";
}

/** Estimates by stratum from a random-effects log-linear model, and their total. */
export interface RandomEffectsEstimate {
  /** The family: `"random-effects"`. */
  readonly method: "random-effects";
  /** Stratum columns. */
  readonly by: readonly string[];
  /** One row per stratum, sorted by the stratum values (a random walk follows this order). */
  readonly strata: readonly RandomEffectsStratumEstimate[];
  /** The sum over strata. */
  readonly total: StratifiedTotal;
  /** The fixed part: a hierarchical log-linear model over the lists. */
  readonly model: ModelDescription;
  /** The random part. */
  readonly random: {
    /** `"intercept"` or `"lists"` (intercept and every list's main effect). */
    readonly terms: RandomEffectsTerms;
    /** `"independent"` (exchangeable strata) or `"random-walk"` (periods). */
    readonly structure: RandomEffectsStructure;
    /** The model in lme4's notation (for a random walk, the intercept line is described in words). */
    readonly formula: string;
  };
  /** Fixed effects with standard errors (boundary terms at −∞ flagged, with null numbers). */
  readonly coefficients: readonly Coefficient[];
  /**
   * Variance components by name: `"(Intercept)"` (of the strata's log dark figures, or of the
   * random walk's steps) and, with random lists, each list's.
   */
  readonly variance: Readonly<Record<string, number>>;
  /** Fit statistics. */
  readonly fit: RandomEffectsFitStatistics;
  /** Warnings about the model as a whole; per-stratum ones are in `strata`. */
  readonly warnings: readonly EstimateWarning[];
  /** Every option that shaped the result (columns, model, random terms, structure, `ci`, seed, replicates, levels, version). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Periods estimated through a random-effects model with a random walk over periods. */
export interface RandomEffectsTrendEstimate {
  /** The family: `"random-effects"`. */
  readonly method: "random-effects";
  /** The period column. */
  readonly period: string;
  /** One row per period, in period order. */
  readonly periods: readonly {
    readonly period: string;
    readonly estimate: number | null;
    readonly observed: number;
    /** estimate / observed. */
    readonly ratio: number | null;
    readonly intervals: readonly Interval[];
    readonly warnings: readonly EstimateWarning[];
  }[];
  /** Change between consecutive periods and from the first to the last, with intervals. */
  readonly changes: readonly {
    readonly from: string;
    readonly to: string;
    readonly difference: number | null;
    readonly intervals: readonly Interval[];
  }[];
  /** Least-squares slope of the estimates on the period (per unit when numeric, else per step), with intervals. */
  readonly slope: { readonly estimate: number | null; readonly intervals: readonly Interval[] };
  /** The fitted model behind the periods. */
  readonly fit: RandomEffectsEstimate;
  readonly warnings: readonly EstimateWarning[];
  readonly settings: Readonly<Record<string, unknown>>;
}
