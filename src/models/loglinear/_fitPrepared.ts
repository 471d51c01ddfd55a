/** Private: {@link fitLoglinear} on prepared counts, shared by the selection routines and the family. */
import type { Coefficient, EstimateWarning, FitStatistics, Interval, ModelDescription, ModelDiagnostics } from "../../types.js";
import type { PreparedCounts } from "../../_lib/prepared.js";
import { fitPoissonLoglinear } from "../../_lib/poissonFit.js";
import { checkExistenceCore, type ExistenceCheck } from "../../_lib/existence.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { describeModel, termName, type LoglinearModel } from "./modelSpec.js";
import type { LoglinearFitResult } from "./fitLoglinear.js";

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
  if (check && check.status !== 0) return unfitted(prepared, description, diagnosticsOf(check, model), checkWarnings(check, description));
  const core = fitPoissonLoglinear(prepared, model.parameters, {
    maxIterations: options.maxIterations,
    // a model that passed the check is identifiable: only rounding can make its information singular
    identifiable: check !== undefined,
  });
  if (!core.nonsingular && check !== undefined) {
    // The check says the estimate exists and is identifiable, so this is numerical: say so, do not
    // contradict the check.
    return unfitted(prepared, description, diagnosticsOf(check, model), [
      {
        code: "ILL_CONDITIONED",
        message: `the information matrix of ${description.name} is singular to double precision on these data (the counts span too many orders of magnitude): no estimate is reported, although the check finds that it exists and is identifiable`,
      },
    ]);
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
      kind: "estimate",
      family: "loglinear",
      fitted: false,
      estimate: null,
      observed: prepared.observed,
      unobserved: null,
      intervals: [],
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
    kind: "estimate",
    family: "loglinear",
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
 * Relative rounding error to expect in the covariance, ε / (smallest pivot of the scaled
 * information matrix): about ε times its condition number.
 */
/** A model with no estimate: its description, the check's diagnostics and why. */
function unfitted(prepared: PreparedCounts, model: ModelDescription, diagnostics: ModelDiagnostics, warnings: EstimateWarning[]): LoglinearFitResult {
  return { kind: "estimate", family: "loglinear", fitted: false, estimate: null, observed: prepared.observed, unobserved: null, intervals: [], model, diagnostics, warnings };
}

function covariancePrecision(conditioning: number): number {
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
