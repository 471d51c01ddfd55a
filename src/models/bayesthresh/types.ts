/** Options and result of Bayesian thresholding (the `bayesthresh` family). */
import type { EstimateCore, EstimateSettings, EstimateWarning, Interval, ModelDescription } from "../../types.js";

/** Options of {@link estimateBayesthresh}. */
export interface BayesthreshOptions {
  /**
   * `"proper"` (default): interactions get independent N(0, priorVariance) priors, the intercept and
   * main effects N(0, 10⁴) (nearly flat, as MultipleSystemsEstimation). `"improper"`: every parameter
   * flat; interactions nobody is on are set to −∞ (the extended MLE) and their cells removed.
   */
  readonly prior?: "proper" | "improper";
  /** Prior variance of each interaction with the proper prior (default 1). */
  readonly priorVariance?: number;
  /** An interaction is kept when |posterior mean| / posterior sd reaches this (default 2). */
  readonly threshold?: number;
  /** 2 (default): pairs only. 3: a second stage thresholds the triples whose three pairs were kept. */
  readonly maxOrder?: 2 | 3;
  /** Metropolis iterations discarded in each fit (default 1,000). */
  readonly burnIn?: number;
  /** Metropolis iterations kept in each fit (default 10,000). */
  readonly iterations?: number;
  /**
   * Scale of the random-walk proposal relative to the posterior curvature at the mode. Default
   * `"auto"`: 2.38/√p for a fit with p parameters (Roberts, Gelman & Gilks 1997), which accepts about
   * a quarter of the proposals; `1.1` is MCMCpoisson's default (about 4% accepted with 16 parameters).
   */
  readonly tune?: number | "auto";
  /** Seed of the random streams (fit k draws from (seed, "bayesthresh", k)). Default 12345, MCMCpoisson's. */
  readonly seed?: number | string;
  /** Level(s) of the posterior intervals (equal-tailed quantiles). Default 0.95. */
  readonly level?: number | readonly number[];
  /** Keep the posterior draws of N in the result (`posterior.draws`), e.g. to sum strata. Default false. */
  readonly keepDraws?: boolean;
}

/** A posterior quantile of N (R's type 7 sample quantile of the draws). */
export interface SampleQuantile {
  /** The probability. */
  readonly probability: number;
  /** The quantile of the draws of N. */
  readonly value: number;
}

/** Posterior summaries of N from the refitted model's draws. */
export interface BayesthreshPosterior {
  /** Mean of the draws of N. */
  readonly mean: number;
  /** Standard deviation of the draws of N. */
  readonly sd: number;
  /** Median of the draws of N (the estimate). */
  readonly median: number;
  /** Quantiles at 2.5, 10, 50, 90 and 97.5% (the package's) and each level's tails. */
  readonly quantiles: readonly SampleQuantile[];
  /** With `keepDraws`: the draws of N, in chain order. */
  readonly draws?: readonly number[];
}

/** One Metropolis fit: its model and how the chain behaved. */
export interface BayesthreshFit {
  /** `"pairs"` (all two-way interactions), `"triples"` (the second stage) or `"refit"`. */
  readonly stage: "pairs" | "triples" | "refit";
  /** The model fitted. */
  readonly model: ModelDescription;
  /** Share of proposals accepted (MCMCpack suggests 0.2–0.5). */
  readonly acceptance: number;
  /** Proposal scale used in this fit. */
  readonly tune: number;
  /** Split R-hat of the intercept draws (one chain cut in halves). */
  readonly rhat: number | null;
  /** Effective sample size of the intercept draws. */
  readonly ess: number;
}

/** Bayesian thresholding (Silverman 2020, §6): the retained interactions and the posterior of N. */
export interface BayesthreshEstimate extends EstimateCore {
  /** Always `"bayesthresh"`. */
  readonly family: "bayesthresh";
  /** Whether an estimate exists (false only with the improper prior when the MLE does not exist). */
  readonly fitted: boolean;
  /** Posterior median of N from the refitted model; null when the model has no proper posterior (see warnings). */
  readonly estimate: number | null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** Posterior median of the dark figure; null with `estimate`. */
  readonly unobserved: number | null;
  /** Equal-tailed posterior intervals (`method: "posterior"`); empty without an estimate. */
  readonly intervals: readonly Interval[];
  /** Posterior summaries of N; null without an estimate. */
  readonly posterior: BayesthreshPosterior | null;
  /** The refitted model: main effects, the retained pairs (and triples). */
  readonly model: ModelDescription | null;
  /** Pairs kept, e.g. `["LA:NG", "NG:GP"]`, in term order. */
  readonly retainedInteractions: readonly string[];
  /** |posterior mean| / posterior sd of every pair in the all-pairs fit (−∞ pairs left out). */
  readonly thresholdStatistics: Readonly<Record<string, number>>;
  /** `maxOrder: 3`: triples whose three pairs were all kept. */
  readonly eligibleTriples?: readonly string[];
  /** `maxOrder: 3`: triples kept. */
  readonly retainedTriples?: readonly string[];
  /** `maxOrder: 3`: the statistic of each eligible triple. */
  readonly tripleThresholdStatistics?: Readonly<Record<string, number>>;
  /** Improper prior: interactions nobody is on, set to −∞. */
  readonly minusInfiniteInteractions: readonly string[];
  /** The Metropolis fits, in order. */
  readonly fits: readonly BayesthreshFit[];
  /** `MLE_DOES_NOT_EXIST`, `NOT_IDENTIFIABLE` (improper prior), `MCMC_NOT_CONVERGED`; empty when none. */
  readonly warnings: readonly EstimateWarning[];
  /** Every setting that shaped the result. */
  readonly settings: EstimateSettings & {
    /** Always `"bayesthresh"`. */
    readonly method: "bayesthresh";
    /** Seed of the random streams. */
    readonly seed: number | string;
    /** `"proper"` or `"improper"`. */
    readonly prior: "proper" | "improper";
    /** Prior variance of the interactions (proper prior). */
    readonly priorVariance: number;
    /** The threshold on |mean| / sd. */
    readonly threshold: number;
    /** 2 or 3 (the order actually used; 2 after a failed second stage). */
    readonly maxOrder: 2 | 3;
    /** Metropolis iterations discarded per fit. */
    readonly burnIn: number;
    /** Metropolis iterations kept per fit. */
    readonly iterations: number;
    /** Proposal scale: a number, or `"auto"` (2.38/√p per fit; see `fits[].tune`). */
    readonly tune: number | "auto";
  };
}
