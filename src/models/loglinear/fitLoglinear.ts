import type {
  CaptureData,
  Coefficient,
  EstimateWarning,
  FitStatistics,
  Interval,
  ModelDescription,
  ModelDiagnostics,
} from "../../types.js";
import { prepareCounts, type PreparedCounts } from "../../_lib/prepared.js";
import { fitPoissonLoglinear } from "../../_lib/poissonFit.js";
import { checkExistenceCore, type ExistenceCheck } from "../../_lib/existence.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { validateLevels } from "../../_lib/validate.js";
import { describeModel, parseModel, termName, type LoglinearModel, type ModelInput } from "./modelSpec.js";

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
  /** `NOT_CONVERGED`, `BOUNDARY_PARAMETERS`; empty when none. */
  readonly warnings: readonly EstimateWarning[];
}

/** A model that was not fitted because its estimate does not exist or is not identifiable. */
export interface UnfittedModel {
  /** Always false: the model failed the existence/identifiability check. */
  readonly fitted: false;
  /** Always null: no estimate is reported. */
  readonly estimate: null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** The model that was not fitted. */
  readonly model: ModelDescription;
  /** Why: status 1 (no extended MLE), 2 (not identifiable) or 3 (both). */
  readonly diagnostics: ModelDiagnostics;
  /** `MLE_DOES_NOT_EXIST` and/or `NOT_IDENTIFIABLE`. */
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

/** {@link fitLoglinear} on prepared counts (shared by the selection routines). */
export function fitPreparedModel(
  prepared: PreparedCounts,
  model: LoglinearModel,
  levels: readonly number[],
  options: { readonly check?: boolean; readonly maxIterations?: number } = {},
  knownCheck?: ExistenceCheck,
): LoglinearFitResult {
  const description = describeModel(model);
  const check =
    options.check === false ? undefined : (knownCheck ?? checkExistenceCore(prepared, model.parameters));
  if (check && check.status !== 0) {
    return {
      fitted: false,
      estimate: null,
      observed: prepared.observed,
      model: description,
      diagnostics: diagnosticsOf(check, model),
      warnings: checkWarnings(check, description),
    };
  }
  const core = fitPoissonLoglinear(prepared, model.parameters, {
    maxIterations: options.maxIterations,
    // a model that passed the check is identifiable: only rounding can make its information singular
    identifiable: check !== undefined,
  });
  if (!core.nonsingular && check !== undefined) {
    // The check says the estimate exists and is identifiable, so this is numerical: say so, do not
    // contradict the check.
    return {
      fitted: false,
      estimate: null,
      observed: prepared.observed,
      model: description,
      diagnostics: diagnosticsOf(check, model),
      warnings: [
        {
          code: "ILL_CONDITIONED",
          message: `the information matrix of ${description.name} is singular to double precision on these data (the counts span too many orders of magnitude): no estimate is reported, although the check finds that it exists and is identifiable`,
        },
      ],
    };
  }
  if (!core.nonsingular) {
    const failed: ExistenceCheck = check ?? {
      status: 2,
      mleExists: true,
      identifiable: false,
      boundary: core.boundary,
      method: "rank",
    };
    const diagnostics = diagnosticsOf({ ...failed, status: failed.status === 0 ? 2 : failed.status, identifiable: false }, model);
    return {
      fitted: false,
      estimate: null,
      observed: prepared.observed,
      model: description,
      diagnostics,
      warnings: checkWarnings({ ...failed, identifiable: false, status: diagnostics.status }, description),
    };
  }

  const n = prepared.observed;
  const b0 = core.beta[0];
  const p = core.kept.length;
  const var0 = core.covariance[0];
  const se0 = Math.sqrt(var0);
  const unobserved = Math.exp(b0);
  const intervals: Interval[] = levels.map((level) => {
    const z = standardNormalQuantile(0.5 + level / 2);
    return { method: "lognormal", level, lower: n + Math.exp(b0 - z * se0), upper: n + Math.exp(b0 + z * se0) };
  });
  const parameters = model.parameters.length;
  const logLikelihood = core.logLikelihood;
  const fit: FitStatistics = {
    logLikelihood,
    deviance: core.deviance,
    df: core.nKeptCells - p,
    parameters,
    aic: 2 * parameters - 2 * logLikelihood,
    bic: parameters * Math.log(n) - 2 * logLikelihood,
    converged: core.converged,
    iterations: core.iterations,
    convergence: core.convergence,
  };
  const boundary = new Set(core.boundary);
  let k = 0;
  const coefficients: Coefficient[] = model.parameters.map((theta) => {
    const term = termName(theta, model.lists);
    if (boundary.has(theta)) return { term, boundary: true, estimate: null, standardError: null };
    const i = core.kept.indexOf(theta, k);
    k = i;
    return { term, boundary: false, estimate: core.beta[i], standardError: Math.sqrt(core.covariance[i * p + i]) };
  });
  const warnings: EstimateWarning[] = [];
  if (!core.converged) {
    warnings.push({
      code: "NOT_CONVERGED",
      message: `the Newton iterations for ${description.name} did not converge in ${core.iterations} iterations`,
    });
  }
  const precision = covariancePrecision(core.conditioning);
  if (precision > 1e-6) {
    warnings.push({
      code: "ILL_CONDITIONED",
      message: `the cell counts of ${description.name} span so many orders of magnitude that the covariance of the coefficients, and so the standard error and the Wald interval, carry a relative rounding error of about ${precision.toExponential(0)} (the estimate itself is accurate)`,
    });
  }
  if (core.boundary.length > 0) {
    warnings.push({
      code: "BOUNDARY_PARAMETERS",
      message: `nobody is on all the lists of ${core.boundary
        .map((t) => termName(t, model.lists))
        .join(", ")}: ${core.boundary.length === 1 ? "that term takes" : "those terms take"} the value −∞ (extended MLE) and the cells ${core.boundary.length === 1 ? "it covers are" : "they cover are"} left out of the fit`,
    });
  }
  return {
    fitted: true,
    estimate: n + unobserved,
    observed: n,
    unobserved,
    standardError: Math.sqrt(unobserved + unobserved * unobserved * var0),
    intervals,
    model: description,
    coefficients,
    fit,
    diagnostics: {
      status: 0,
      mleExists: true,
      identifiable: true,
      emptyOverlaps: core.boundary.map((t) => termName(t, model.lists)),
    },
    warnings,
  };
}

/**
 * Relative rounding error to expect in the covariance, ε / (smallest squared pivot of the scaled
 * information matrix): about ε times its condition number.
 */
export function covariancePrecision(conditioning: number): number {
  return conditioning > 0 ? Number.EPSILON / conditioning : Number.POSITIVE_INFINITY;
}

function diagnosticsOf(check: ExistenceCheck, model: LoglinearModel): ModelDiagnostics {
  return {
    status: check.status,
    mleExists: check.mleExists,
    identifiable: check.identifiable,
    emptyOverlaps: check.boundary.map((t) => termName(t, model.lists)),
  };
}

/** Warnings for a model that fails the existence or identifiability check. */
export function checkWarnings(check: ExistenceCheck, model: ModelDescription): EstimateWarning[] {
  const warnings: EstimateWarning[] = [];
  if (!check.mleExists) {
    warnings.push({
      code: "MLE_DOES_NOT_EXIST",
      message: `the extended maximum-likelihood estimate does not exist for ${model.name} on these data (Fienberg–Rinaldo linear programme optimum 0): no estimate is reported`,
    });
  }
  if (!check.identifiable) {
    warnings.push({
      code: "NOT_IDENTIFIABLE",
      message: `the parameters of ${model.name} are not identifiable on these data (the design matrix over the fitted cells is rank deficient): no estimate is reported`,
    });
  }
  return warnings;
}
