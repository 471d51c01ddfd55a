/**
 * Public types of the closed-population family (Rcapture's M0 … Mbh models).
 */
import type { EstimateWarning, FitStatistics } from "../../types.js";
import type { Heterogeneity } from "./heterogeneityColumn.js";

/**
 * Rcapture's closed-population models: `M0` (one capture probability), `Mt` (one per list or
 * occasion), `Mh` and `Mth` (the same with heterogeneity between people), `Mb` (a behavioural
 * response: capture changes the probability of recapture) and `Mbh` (Mb with the first occasion's
 * captures set apart, Pollock & Otis' generalized removal).
 */
export type ClosedModelName = "M0" | "Mt" | "Mh" | "Mth" | "Mb" | "Mbh";

/**
 * A profile-likelihood interval whose upper limit may be unbounded: when the profile likelihood is
 * still above the cut-off where the search stops (`maxRatio` × the estimate, Rcapture's
 * `fmaxSupCL`), `upper` is `null` and `upperSearchedTo` says how far it was searched (Rcapture
 * prints `>` that value). Never a made-up number.
 */
export interface ProfileInterval {
  /** `"profile-likelihood"`. */
  readonly method: "profile-likelihood";
  /** Coverage probability. */
  readonly level: number;
  /** Lower limit (at least the number observed). */
  readonly lower: number;
  /** Upper limit, or `null` when it lies beyond the searched range. */
  readonly upper: number | null;
  /** Where the search for the upper limit stopped, when `upper` is `null`. */
  readonly upperSearchedTo?: number;
}

/** One log-linear coefficient of a closed-population fit. */
export interface ClosedCoefficient {
  /** `(Intercept)`, a list name, an interaction `A:B`, `captures` (k), `eta3`…, `Poisson2`, `Darroch`, `Gamma3.5`, `first capture` … */
  readonly term: string;
  /** Estimate on the log scale; `null` when the term was set to 0 (Chao's constraint) or to −∞ (empty overlap). */
  readonly estimate: number | null;
  /** Its standard error; `null` with `estimate`. */
  readonly standardError: number | null;
}

/** A fitted closed-population model and its population estimate. */
export interface ClosedPopulationFit {
  /** Discriminant of the result kind. */
  readonly kind: "closed-population";
  /** Rcapture's name, e.g. `"Mth Poisson2"`, `"Mh Chao (LB)"`, or `"[12,13,14] Darroch"` for a log-linear model with a heterogeneity column. */
  readonly name: string;
  /** `M0` … `Mbh`, or the log-linear model in digit notation (`"[12,13,14]"`). */
  readonly model: string;
  /** The heterogeneity form and θ, or `null` for a model without heterogeneity. */
  readonly heterogeneity: Heterogeneity | null;
  /**
   * Estimated total population: `observed + exp(intercept)` for log-linear models, the removal
   * estimate for Mb and Mbh. `null` when the model could not be fitted or the estimate is below the
   * number observed (see `warnings`), never a number that is not a population size.
   */
  readonly estimate: number | null;
  /** People observed on at least one list (n). */
  readonly observed: number;
  /** Estimated number seen by no list (`estimate − observed`); `null` with `estimate`. */
  readonly unobserved: number | null;
  /**
   * Standard error of the estimate: `sqrt(exp(b0) + exp(2·b0)·Var(b0))` for log-linear models
   * (Rcapture's), the delta method plus the unobserved count's Poisson variance for Mb and Mbh.
   */
  readonly standardError: number | null;
  /** Profile-likelihood intervals when asked for (`interval: "profile"`); empty otherwise. */
  readonly intervals: readonly ProfileInterval[];
  /**
   * The multinomial profile estimate (the maximum of the profile likelihood, Rcapture's CI
   * "abundance", slightly below `estimate`) when a profile interval was asked for; otherwise absent.
   */
  readonly profileEstimate?: number | null;
  /** The coefficients, intercept first. */
  readonly coefficients: readonly ClosedCoefficient[];
  /** Deviance, df, AIC and BIC as Rcapture (BIC = AIC + (log n − 2)·parameters); `null` when the design is not of full rank. */
  readonly fit: FitStatistics | null;
  /**
   * Asymptotic bias of `exp(intercept)` (Cordeiro & McCullagh 1991 second-order bias plus the
   * log-normal term): `exp(b0)·(B0 + Var(b0)/2)`. A `LARGE_ASYMPTOTIC_BIAS` warning is raised when
   * its absolute value exceeds a tenth of the estimate (Rcapture's rule). `null` when not fitted.
   */
  readonly asymptoticBias: number | null;
  /** Chao's eta parameters set to zero by the non-negativity constraint (`["eta3", "eta5"]`); empty otherwise. */
  readonly constrainedToZero: readonly string[];
  /** Coded statistical trouble; empty when none. */
  readonly warnings: readonly EstimateWarning[];
}

/** The whole closed-population table (Rcapture's `closedp.t` / `closedp.0`). */
export interface ClosedPopulationTable {
  /** Discriminant of the result kind. */
  readonly kind: "closed-population-table";
  /** People observed (n). */
  readonly observed: number;
  /** Number of lists or capture occasions, or `"continuous"` for captures in continuous time (t = ∞). */
  readonly occasions: number | "continuous";
  /** One fit per model, in Rcapture's order. */
  readonly models: readonly ClosedPopulationFit[];
}

/**
 * The model without its heterogeneity: M0 (column k), Mt (one column per list), Mb and Mbh
 * (the removal designs), or a hierarchical log-linear model (its parameter masks).
 */
export type ClosedModelBase =
  | {
      /** M0: one capture probability. */
      readonly kind: "M0";
    }
  | {
      /** Mt: one capture probability per list. */
      readonly kind: "Mt";
    }
  | {
      /** Mb: behavioural response. */
      readonly kind: "Mb";
    }
  | {
      /** Mbh: generalized removal. */
      readonly kind: "Mbh";
    }
  | {
      /** A hierarchical log-linear model. */
      readonly kind: "loglinear";
      /** Its parameters as list masks, intercept (0) first. */
      readonly parameters: readonly number[];
      /** Its digit notation, e.g. `"[12,13,14]"`. */
      readonly hierarchy: string;
    };

/** A closed-population model: its base and its heterogeneity column(s). */
export interface ClosedModelSpec {
  /** The model without heterogeneity. */
  readonly base: ClosedModelBase;
  /** The heterogeneity form, or null. */
  readonly heterogeneity: Heterogeneity | null;
  /** Chao's form: the eta columns (j values) kept; default all, 3 … t. */
  readonly chaoColumns?: readonly number[];
}
