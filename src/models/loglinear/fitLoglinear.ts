import type {
  CaptureData,
  Coefficient,
  EstimateWarning,
  FitStatistics,
  Interval,
  ModelDescription,
  ModelDiagnostics,
} from "../../types.js";
import { prepareCounts } from "../../_lib/prepared.js";
import { validateLevels } from "../../_lib/validate.js";
import { parseModel, type ModelInput } from "./modelSpec.js";
import { fitPreparedModel } from "./_fitPrepared.js";

/** Options of {@link fitLoglinear}. */
export interface FitLoglinearOptions {
  /** Level(s) of the log-scale Wald interval. Default 0.95. */
  readonly level?: number | readonly number[];
  /**
   * Run the existence and identifiability check first (default true). A model that fails is not
   * fitted: the result has `fitted: false` and a warning.
   */
  readonly check?: boolean;
  /** Newton iteration limit. Default 100. */
  readonly maxIterations?: number;
}

/** A fitted log-linear model and the population estimate it gives. */
export interface LoglinearFit {
  /** Always `"estimate"`. */
  readonly kind: "estimate";
  /** Always `"loglinear"`. */
  readonly family: "loglinear";
  /** Always true: the model passed the check and was fitted. */
  readonly fitted: true;
  /** Estimated total population: observed plus the fitted unobserved cell. */
  readonly estimate: number;
  /** People observed on at least one list. */
  readonly observed: number;
  /** The dark figure: the fitted count of people on no list, `exp(intercept)`. */
  readonly unobserved: number;
  /**
   * Standard error of the estimate, `sqrt(exp(b0) + exp(2·b0)·Var(b0))` (Rcapture's, which adds
   * the Poisson variability of the observed total to the delta-method term).
   */
  readonly standardError: number;
  /** Log-scale Wald interval(s) for the dark figure, shifted by `observed`: `n + exp(b0 ± z·se(b0))`. */
  readonly intervals: readonly Interval[];
  /** The model fitted. */
  readonly model: ModelDescription;
  /** One per model parameter, intercept first; terms at −∞ are marked `boundary`. */
  readonly coefficients: readonly Coefficient[];
  /** Goodness-of-fit statistics. */
  readonly fit: FitStatistics;
  /** Existence and identifiability (status 0 here); `emptyOverlaps` lists the terms at −∞. */
  readonly diagnostics: ModelDiagnostics;
  /**
   * `NOT_CONVERGED`, `BOUNDARY_PARAMETERS`, `ILL_CONDITIONED` (counts spanning so many orders of
   * magnitude that the standard error carries a rounding error above 1e-6; the message gives it);
   * empty when none.
   */
  readonly warnings: readonly EstimateWarning[];
}

/** A model that was not fitted because its estimate does not exist or is not identifiable. */
export interface UnfittedModel {
  /** Always `"estimate"`. */
  readonly kind: "estimate";
  /** Always `"loglinear"`. */
  readonly family: "loglinear";
  /** Always false: the model failed the existence/identifiability check. */
  readonly fitted: false;
  /** Always null: no estimate is reported. */
  readonly estimate: null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** Always null: no estimate is reported. */
  readonly unobserved: null;
  /** Always empty: no estimate is reported. */
  readonly intervals: readonly [];
  /** The model that was not fitted. */
  readonly model: ModelDescription;
  /**
   * Why: status 1 (no extended MLE), 2 (not identifiable) or 3 (both); or status 0 with an
   * `ILL_CONDITIONED` warning when the model passes the check but its information matrix is
   * singular to double precision (counts spanning about 15 orders of magnitude).
   */
  readonly diagnostics: ModelDiagnostics;
  /** `MLE_DOES_NOT_EXIST` and/or `NOT_IDENTIFIABLE`, or `ILL_CONDITIONED`. */
  readonly warnings: readonly EstimateWarning[];
}

/** Result of {@link fitLoglinear}: a {@link LoglinearFit}, or an {@link UnfittedModel} when the model fails the check; `fitted` tells which. */
export type LoglinearFitResult = LoglinearFit | UnfittedModel;

/**
 * Fit a Poisson log-linear model to the observable cells of capture data and estimate the total
 * population.
 *
 * Terms whose sufficient statistic is zero (nobody is on all those lists) take their extended MLE
 * −∞: they are removed with the cells they cover (Chan, Silverman & Vincent 2021), listed in
 * `diagnostics.emptyOverlaps`, and counted in the BIC/AIC penalty. The fit is by Newton–Raphson
 * with step halving, started as R's `glm` starts a Poisson fit.
 *
 * @param data - capture data.
 * @param model - the model, e.g. `"LA:NG + NG:GP"`, `"[12,23]"` or `"main"`.
 * @param options - see {@link FitLoglinearOptions}.
 * @returns the fit, or an {@link UnfittedModel} with a warning when the model fails the check.
 * @throws {ModelSpecError} when the model does not parse against the data's lists.
 * @throws {OptionError} when `level` is not strictly between 0 and 1.
 * @example
 * const fit = fitLoglinear(data, "main");
 * if (fit.fitted) console.log(fit.estimate);
 * @see docs/methodology/loglinear.md
 */
export function fitLoglinear(
  data: CaptureData,
  model: ModelInput,
  options: FitLoglinearOptions = {},
): LoglinearFitResult {
  const levels = validateLevels(options.level);
  const parsed = parseModel(model, data.lists);
  const prepared = prepareCounts(data.counts, data.lists.length);
  return fitPreparedModel(prepared, parsed, levels, options);
}
