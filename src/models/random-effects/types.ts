/** Result types of the random-effects (mixed) log-linear family. */
import type { Coefficient, ModelDescription } from "../../types.js";
import type { StratifiedEstimate, StratifiedSettings, StratumEstimate, TrendEstimate } from "../../strata/types.js";
import type { RandomEffectsStructure, RandomEffectsTerms } from "./_problem.js";

export type { RandomEffectsStructure, RandomEffectsTerms };

/**
 * Interval methods asked of the random-effects functions: `"bootstrap"` (the parametric bootstrap of
 * the whole fit; its intervals and `settings.ci` say `"parametric-bootstrap"`), `"conditional"`, `"none"`.
 */
export type RandomEffectsIntervalMethod = "bootstrap" | "conditional" | "none";

/** Everything that shaped a random-effects analysis. */
export interface RandomEffectsSettings extends StratifiedSettings {
  /** `"random-effects"`. */
  readonly family: "random-effects";
  /** The fixed part's name, e.g. `"[A:B, C, D]"`. */
  readonly model: string;
  /** `"intercept"` or `"lists"`. */
  readonly random: RandomEffectsTerms;
  /** `"independent"` or `"random-walk"`. */
  readonly structure: RandomEffectsStructure;
  /** Parametric bootstrap: replicates whose refit succeeded. */
  readonly validReplicates?: number;
}

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
export interface RandomEffectsEstimate extends StratifiedEstimate {
  /** The family: `"random-effects"`. */
  readonly family: "random-effects";
  /** `"random-effects"`: one mixed model over all strata. */
  readonly method: "random-effects";
  /** One row per stratum, sorted by the stratum values (a random walk follows this order). */
  readonly strata: readonly RandomEffectsStratumEstimate[];
  /** The fixed part: a hierarchical log-linear model over the lists. */
  readonly model: ModelDescription;
  /** The random part. */
  readonly random: {
    /** `"intercept"` or `"lists"` (intercept and every list's main effect). */
    readonly terms: RandomEffectsTerms;
    /** `"independent"` (exchangeable strata) or `"random-walk"` (periods). */
    readonly structure: RandomEffectsStructure;
    /** The model in lme4's notation (for a random walk, the intercept term is described in words). */
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
  /** Every option that shaped the result. */
  readonly settings: RandomEffectsSettings;
}

/** Periods estimated through a random-effects model (by default a random walk over periods). */
export interface RandomEffectsTrendEstimate extends TrendEstimate {
  /** The family: `"random-effects"`. */
  readonly family: "random-effects";
  /** The fitted model behind the periods, with the periods as its strata. */
  readonly fit: RandomEffectsEstimate;
}
