import type { CaptureData, Coefficient, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { cholesky, choleskyInverse } from "../../_lib/linalg.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { validateLevels } from "../../_lib/validate.js";
import { splitStrata } from "../../strata/splitStrata.js";
import { VERSION } from "../../version.js";
import { describeModel, parseModel, termName, type ModelInput } from "../loglinear/modelSpec.js";
import { buildProblem, lme4Formula, type RandomEffectsProblem, type RandomEffectsStructure, type RandomEffectsTerms } from "./_problem.js";
import { predictStrata, type StratumPredictions } from "./_estimates.js";
import type { StratifiedIntervalMethod } from "../../strata/types.js";
import type { RandomEffectsEstimate, RandomEffectsSettings, RandomEffectsStratumEstimate } from "./types.js";

/** Options of {@link fitRandomEffects}. */
export interface FitRandomEffectsOptions {
  /** The stratum column(s), e.g. `"region"` or `["region", "sector"]` (a random walk takes one). */
  readonly by: string | readonly string[];
  /** The fixed part: a hierarchical log-linear model over the lists, e.g. `"A:B"`. Default `"main"`. */
  readonly model?: ModelInput;
  /** Random effects: `"intercept"` (default) or `"lists"` (the intercept and every list's main effect, independent). */
  readonly random?: RandomEffectsTerms;
  /** `"independent"` (default: exchangeable strata) or `"random-walk"` (ordered periods: the intercept is a random walk). */
  readonly structure?: RandomEffectsStructure;
  /** `"conditional"` (default) or `"none"`. Bootstrap intervals: {@link estimateRandomEffects}. */
  readonly ci?: "conditional" | "none";
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
}

/** Strata below this number leave the variance components poorly determined. */
const FEW_STRATA = 5;

/**
 * Fit a random-effects (mixed) Poisson log-linear model over many strata — regions, sectors,
 * years — and estimate every stratum's population and their total (Hammond, Smith & van der
 * Heijden 2025; the small-area idea of borrowing strength across strata).
 *
 * The model: every observable cell (stratum s, capture history h, zeros included) is Poisson with
 * log mean `x_h·β + b_s0 + Σ_j h_j·b_sj`: fixed list main effects and interactions (any hierarchical
 * model) plus a random intercept per stratum `b_s0 ~ N(0, σ0²)` (the stratum's log dark figure) and,
 * with `random: "lists"`, independent random list main effects `b_sj ~ N(0, σj²)` (each list's reach
 * varies by stratum) — lme4's `count ~ A + B + … + (1 | region) + (0 + A | region) + …`. With
 * `structure: "random-walk"` the intercepts follow a random walk over the ordered strata instead.
 * Fitted by maximum likelihood under the Laplace approximation, as `glmer(…, nAGQ = 1)`. The stratum
 * estimate is `observed + exp(β0 + b̂_s0)` (the unobserved cell has every list indicator 0, so the
 * random list effects do not enter it); the total is their sum.
 *
 * Intervals (`ci: "conditional"`): `observed + exp(η̂ ± z·se)` with se² the conditional variance of
 * the stratum's log dark figure given the data at the estimated variance components. They leave out
 * the uncertainty of the variance components and are therefore narrower than the parametric
 * bootstrap's ({@link estimateRandomEffects}); the total's is log-normal on the summed dark figure.
 *
 * @param data - capture data read with the stratum column(s) as `covariates`.
 * @param options - see {@link FitRandomEffectsOptions}.
 * @returns the strata, the total, fixed effects with standard errors, variance components, fit statistics and warnings.
 * @throws {OptionError} for unknown stratum columns or bad options. @throws {ModelSpecError} for a model that does not parse.
 * @example
 * const fit = fitRandomEffects(data, { by: "region", model: "A:B", random: "lists" });
 * fit.total.estimate; fit.variance["(Intercept)"]; fit.strata[0].intervals
 * @see docs/methodology/random-effects.md
 */
export function fitRandomEffects(data: CaptureData, options: FitRandomEffectsOptions): RandomEffectsEstimate {
  const setup = prepareRandomEffects(data, options);
  const ci = options.ci ?? "conditional";
  if (ci !== "conditional" && ci !== "none") {
    throw new OptionError(`\`ci\` must be "conditional" or "none" (bootstrap intervals: estimateRandomEffects); received ${String(ci)}`);
  }
  if (setup.failure) return setup.failure;
  const predictions = predictStrata(setup.problem, setup.problem.counts);
  return assembleEstimate(setup, predictions, ci);
}

/** Validated options and the problem's layout. */
export interface RandomEffectsSetup {
  readonly data: CaptureData;
  readonly by: readonly string[];
  readonly problem: RandomEffectsProblem;
  readonly terms: RandomEffectsTerms;
  readonly structure: RandomEffectsStructure;
  readonly levels: readonly number[];
  /** The result to return when the fixed model has no estimate on these data. */
  readonly failure?: RandomEffectsEstimate;
}

/** Validate the options and lay out the problem (shared by the fit, the bootstrap and the trend). */
export function prepareRandomEffects(data: CaptureData, options: FitRandomEffectsOptions): RandomEffectsSetup {
  if (typeof options !== "object" || options === null) {
    throw new OptionError('`options` must be an object with at least `by`, e.g. { by: "region" }');
  }
  const by = typeof options.by === "string" ? [options.by] : Array.isArray(options.by) ? [...(options.by as readonly string[])] : null;
  if (by === null || by.length === 0 || by.some((b) => typeof b !== "string")) {
    throw new OptionError(`\`by\` must name the stratum column(s), e.g. "region"; received ${JSON.stringify(options.by)}`);
  }
  const terms = options.random ?? "intercept";
  if (terms !== "intercept" && terms !== "lists" && terms !== "reach") {
    throw new OptionError(`\`random\` must be "intercept", "lists" or "reach"; received ${String(terms)}`);
  }
  const structure = options.structure ?? "independent";
  if (structure !== "independent" && structure !== "random-walk") {
    throw new OptionError(`\`structure\` must be "independent" or "random-walk"; received ${String(structure)}`);
  }
  if (structure === "random-walk" && by.length !== 1) {
    throw new OptionError(`a random walk runs over one ordered period column; \`by\` received ${by.length} columns (${by.join(", ")})`);
  }
  const levels = validateLevels(options.level);
  const model = parseModel(options.model ?? "main", data.lists);
  const strata = splitStrata(data, by);
  const problem = buildProblem(
    data.lists,
    strata.map((s) => ({ stratum: s.stratum, counts: s.data.counts })),
    model,
    terms,
    structure,
  );
  const setup = { data, by, problem, terms, structure, levels };
  if (problem.pooledStatus === 0) return setup;
  const warnings: EstimateWarning[] = [];
  const name = describeModel(model).name;
  if (problem.pooledStatus & 1) {
    warnings.push({
      code: "MLE_DOES_NOT_EXIST",
      message: `the fixed part ${name} has no extended MLE on the table pooled over strata (status ${problem.pooledStatus}): no estimates; remedies: drop interaction terms or merge lists`,
    });
  }
  if (problem.pooledStatus & 2) {
    warnings.push({
      code: "NOT_IDENTIFIABLE",
      message: `the fixed part ${name} is not identifiable on the table pooled over strata (status ${problem.pooledStatus}): no estimates; remedies: drop interaction terms or merge lists`,
    });
  }
  return { ...setup, failure: emptyEstimate(setup, warnings, options.ci ?? "conditional") };
}

/** The result without estimates (the fixed model fails on the pooled table). */
function emptyEstimate(setup: Omit<RandomEffectsSetup, "failure">, warnings: EstimateWarning[], ci: StratifiedIntervalMethod): RandomEffectsEstimate {
  const { problem } = setup;
  const model = describeModel(problem.model);
  return {
    kind: "strata",
    family: "random-effects",
    method: "random-effects",
    by: setup.by,
    strata: problem.strata.map((stratum, s) => ({
      stratum,
      estimate: null,
      observed: problem.observed[s],
      unobserved: null,
      model,
      intervals: [],
      warnings: [],
      randomEffects: {},
      logUnobserved: { estimate: Number.NaN, standardError: Number.NaN },
    })),
    total: { estimate: null, observed: setup.data.observed, intervals: [], warnings: [] },
    model,
    random: { terms: setup.terms, structure: problem.structure, formula: formulaOf(setup) },
    coefficients: [],
    variance: {},
    fit: {
      logLikelihood: Number.NaN,
      deviance: Number.NaN,
      parameters: problem.model.parameters.length + problem.components.length,
      cells: 0,
      df: 0,
      aic: Number.NaN,
      bic: Number.NaN,
      bicCells: Number.NaN,
      converged: false,
      iterations: 0,
      singular: [],
      standardErrors: "hessian",
    },
    warnings,
    settings: settingsOf(setup, ci),
  };
}

function formulaOf(setup: Omit<RandomEffectsSetup, "failure">): string {
  const formula = lme4Formula(setup.problem, setup.by.join(":"));
  if (setup.problem.structure !== "random-walk") return formula;
  return `${formula.replace(`(1 | ${setup.by[0]})`, `RW1(${setup.by[0]})`)}; RW1: the intercept is a random walk over the ordered ${setup.by[0]} values, starting at the fixed intercept`;
}

function settingsOf(setup: Omit<RandomEffectsSetup, "failure">, ci: StratifiedIntervalMethod): RandomEffectsSettings {
  return {
    family: "random-effects",
    by: [...setup.by],
    model: describeModel(setup.problem.model).name,
    random: setup.terms,
    structure: setup.problem.structure,
    ci,
    level: [...setup.levels],
    version: VERSION,
  };
}

/** Turn a fit into the result, with conditional intervals when `ci` is "conditional". */
export function assembleEstimate(setup: RandomEffectsSetup, predictions: StratumPredictions, ci: StratifiedIntervalMethod): RandomEffectsEstimate {
  const { problem, levels } = setup;
  const { fit, eta, covariance } = predictions;
  const S = problem.strata.length;
  const p = problem.fixed.length;
  const K = problem.components.length;
  const model = describeModel(problem.model);
  const warnings: EstimateWarning[] = [];
  if (problem.boundary.length > 0) {
    const names = problem.boundary.map((t) => termName(t, problem.lists)).join(", ");
    warnings.push({
      code: "BOUNDARY_PARAMETERS",
      message: `nobody in any stratum is on all the lists of ${names}: ${problem.boundary.length === 1 ? "that term takes" : "those terms take"} the value −∞ (extended MLE) and the cells ${problem.boundary.length === 1 ? "it covers are" : "they cover are"} left out of the fit`,
    });
  }
  if (!fit.converged) {
    warnings.push({
      code: "NOT_CONVERGED",
      message: `Newton's method on the Laplace log-likelihood did not converge in ${fit.iterations} iterations: the estimates may not be the maximum; try a simpler fixed model or random: "intercept"`,
    });
  }
  if (S < FEW_STRATA) {
    warnings.push({
      code: "FEW_STRATA",
      message: `only ${S} strata: the variance components rest on ${S} values and are poorly determined, and the parametric bootstrap and the conditional intervals inherit that; with so few strata post-stratification or a covariate model may be the better choice`,
    });
  }
  const singular = fit.singular.map((k) => problem.components[k].name);
  if (singular.length > 0) {
    warnings.push({
      code: "RANDOM_EFFECT_VARIANCE_ZERO",
      message: `the variance across strata of ${singular.join(", ")} is estimated at zero (a boundary, "singular" fit): ${singular.length === 1 ? "that effect is" : "those effects are"} the same in every stratum under the model; the data do not show ${singular.length === 1 ? "its" : "their"} variation, which may still exist`,
    });
  }
  // standard errors: β block of the inverse information over (β, θ), as lme4's use.hessian = TRUE;
  // the conditional covariance of β given θ when the information is not positive definite
  let standardErrors: "hessian" | "conditional" = "hessian";
  let betaVariance: Float64Array | null = null;
  if (fit.information !== null) {
    const n = p + K;
    const factor = Float64Array.from(fit.information);
    if (cholesky(factor, n)) {
      const inverse = choleskyInverse(factor, n);
      betaVariance = Float64Array.from({ length: p }, (_, j) => inverse[j * n + j]);
    }
  }
  if (betaVariance === null && predictions.betaCovariance !== null) {
    standardErrors = "conditional";
    const bc = predictions.betaCovariance;
    betaVariance = Float64Array.from({ length: p }, (_, j) => bc[j * p + j]);
  }
  const coefficients: Coefficient[] = problem.model.parameters.map((mask) => {
    const j = problem.fixed.indexOf(mask);
    if (j < 0) return { term: termName(mask, problem.lists), boundary: true, estimate: null, standardError: null };
    return {
      term: termName(mask, problem.lists),
      boundary: false,
      estimate: fit.beta[j],
      standardError: betaVariance !== null && betaVariance[j] > 0 ? Math.sqrt(betaVariance[j]) : null,
    };
  });
  const variance: Record<string, number> = {};
  problem.components.forEach((c, k) => (variance[c.name] = fit.theta[k] ** 2));

  const conditional = ci === "conditional" && covariance !== null;
  const z = levels.map((level) => standardNormalQuantile(0.5 + level / 2));
  const strata: RandomEffectsStratumEstimate[] = problem.strata.map((stratum, s) => {
    const observed = problem.observed[s];
    const dark = Math.exp(eta[s]);
    const standardError = covariance !== null ? Math.sqrt(Math.max(0, covariance[s * S + s])) : Number.NaN;
    const intervals: Interval[] = conditional
      ? levels.map((level, i) => ({
          method: "conditional",
          level,
          lower: observed + Math.exp(eta[s] - z[i] * standardError),
          upper: observed + Math.exp(eta[s] + z[i] * standardError),
        }))
      : [];
    const stratumWarnings: EstimateWarning[] = [];
    if (observed === 0) {
      stratumWarnings.push({
        code: "STRATUM_EMPTY",
        message: `nobody was observed in stratum ${JSON.stringify(stratum)}: its estimate comes from the model alone (the random effects' distribution${problem.structure === "random-walk" ? " and the neighbouring periods" : ""})`,
      });
    }
    return {
      stratum,
      estimate: observed + dark,
      observed,
      unobserved: dark,
      model,
      intervals,
      warnings: stratumWarnings,
      randomEffects: stratumEffects(problem, fit.theta, fit.modes, s),
      logUnobserved: { estimate: eta[s], standardError },
    };
  });
  let totalDark = 0;
  for (let s = 0; s < S; s++) totalDark += Math.exp(eta[s]);
  const totalIntervals: Interval[] = [];
  if (conditional && covariance !== null) {
    // Var(log Λ) = Σ_s Σ_r λ_s λ_r C_sr / Λ², Λ = Σ λ_s
    let v = 0;
    for (let s = 0; s < S; s++) for (let r = 0; r < S; r++) v += Math.exp(eta[s] + eta[r]) * covariance[s * S + r];
    const se = Math.sqrt(Math.max(0, v)) / totalDark;
    levels.forEach((level, i) =>
      totalIntervals.push({
        method: "conditional",
        level,
        lower: setup.data.observed + totalDark * Math.exp(-z[i] * se),
        upper: setup.data.observed + totalDark * Math.exp(z[i] * se),
      }),
    );
  }
  const parameters = problem.model.parameters.length + K;
  const cells = problem.blocks.reduce((a, b) => a + b.rows.length, 0);
  const logLikelihood = fit.logLikelihood;
  return {
    kind: "strata",
    family: "random-effects",
    method: "random-effects",
    by: setup.by,
    strata,
    total: { estimate: setup.data.observed + totalDark, observed: setup.data.observed, intervals: totalIntervals, warnings: [] },
    model,
    random: { terms: setup.terms, structure: problem.structure, formula: formulaOf(setup) },
    coefficients,
    variance,
    fit: {
      logLikelihood,
      deviance: -2 * logLikelihood,
      parameters,
      cells,
      df: cells - parameters,
      aic: 2 * parameters - 2 * logLikelihood,
      bic: parameters * Math.log(setup.data.observed) - 2 * logLikelihood,
      bicCells: parameters * Math.log(cells) - 2 * logLikelihood,
      converged: fit.converged,
      iterations: fit.iterations,
      singular,
      standardErrors,
    },
    warnings,
    settings: settingsOf(setup, ci),
  };
}

/** The stratum's random effects b = θ·ũ by component (a random walk's intercept: its level relative to the first period). */
function stratumEffects(problem: RandomEffectsProblem, theta: ArrayLike<number>, modes: readonly Float64Array[], s: number): Record<string, number> {
  const out: Record<string, number> = {};
  const block = problem.blocks[problem.stratumBlock[s]];
  const u = modes[problem.stratumBlock[s]];
  const slot = problem.stratumSlot[s];
  problem.components.forEach((c, k) => {
    let value = 0;
    if (k === 0) {
      for (let l = 0; l < block.q; l++) if (block.component[l] === 0) value += block.unobservedPattern[slot * block.q + l] * theta[0] * u[l];
    } else if (problem.structure === "random-walk") {
      // the period's own list effect: its column in the period's group of list columns
      const S = problem.strata.length;
      const perPeriod = problem.components.length - 1;
      value = theta[k] * u[S - 1 + s * perPeriod + (k - 1)];
    } else {
      value = theta[k] * u[k];
    }
    out[c.name] = value;
  });
  return out;
}
